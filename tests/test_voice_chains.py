"""Chains of voices: the cue nearer the quoted words is the inner voice."""

from __future__ import annotations

from annotator.assist.attributions import propose_attributions
from annotator.assist.chains import Placement, Voice, chained, claimant_after, distance, place
from annotator.model import ArticleDraft, Attribution
from annotator.store import Store

QUOTE = ("“Our units liberated Karama,” the General Command said in a statement, "
         "ARA News reported.")


def span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def test_distance_is_the_gap_on_either_side():
    assert distance((10, 14), (0, 8)) == 2
    assert distance((0, 4), (10, 20)) == 6
    assert distance((5, 12), (10, 20)) == 0


def test_a_farther_cue_is_the_outer_voice_and_the_nearer_one_nests_in_it():
    content = span(QUOTE, "Our units liberated Karama")
    said = Voice(7, span(QUOTE, "said in a statement"), None)
    placed = place(span(QUOTE, "reported"), content, [said])
    assert placed.parent_id is None and placed.outer
    assert placed.renest == 7  # the Command's voice now nests in ARA News's


def test_a_nearer_cue_nests_in_the_outer_one_already_coded():
    content = span(QUOTE, "Our units liberated Karama")
    reported = Voice(3, span(QUOTE, "reported"), None)
    placed = place(span(QUOTE, "said in a statement"), content, [reported])
    assert placed.parent_id == 3 and placed.renest is None and not placed.outer


def test_a_voice_nested_elsewhere_keeps_its_parent():
    content = (0, 10)
    inner = Voice(5, (12, 16), 99)  # nested in a voice outside this claim's chain
    assert place((30, 34), content, [inner]).renest is None


def test_the_outer_cue_of_a_shared_quote_is_reported_speech():
    kinds = {p.cue.text: p.kind for p in chained(propose_attributions(QUOTE))}
    assert kinds.get("said in a statement") == "direct_quote"
    assert kinds.get("reported") == "indirect"


def test_a_phrase_linked_in_this_article_is_proposed_again_here_only(tmp_path):
    body = "Iraqi forces advanced. Later the Iraqi forces held the bridge."
    store = Store(tmp_path / "p.db", coder="ana")
    first, second = store.add_articles([ArticleDraft(title="a", body=body),
                                        ArticleDraft(title="b", body=body + " Again.")]).inserted
    army = store.add_mention(first, 0, 12, name="Iraqi Army", entity_type="ORG")
    proposals = store.mention_proposals(first)
    assert [(p.text, p.entity_id) for p in proposals] == [
        ("Iraqi forces", army.after["entity_id"])]
    assert proposals[0].start == body.index("Iraqi forces", 1)
    assert store.mention_proposals(second) == []  # "Iraqi forces" is no name corpus-wide
    store.close()


def test_the_claimant_is_the_innermost_voices_source_unless_the_coder_chose_another():
    ara = Attribution(id=3, article_id=1, claim_id=1, source_entity_id=30)
    inner = Placement(parent_id=3, renest=None, outer=False)
    outer = Placement(parent_id=None, renest=7, outer=True)
    assert claimant_after(None, 20, inner, [ara]) == 20  # none yet
    assert claimant_after(30, 20, inner, [ara]) == 20  # was the relaying voice's
    assert claimant_after(99, 20, inner, [ara]) is None  # the coder's own choice stays
    assert claimant_after(None, 30, outer, [ara]) is None  # an outer voice claims nothing
    assert claimant_after(None, None, inner, [ara]) is None  # an anonymous source
    assert claimant_after(20, 20, inner, [ara]) is None  # already so: no edit
