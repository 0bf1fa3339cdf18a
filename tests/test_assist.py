"""Known-entity proposals: every place an article names an entity the project knows."""

from __future__ import annotations

import json
import random
import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.assist.known_entities import KnownEntityMatcher, KnownName, fold
from annotator.cli import main
from annotator.model import ArticleDraft
from annotator.store import Store

KNOWN = [KnownName(1, "ORG", "Iraqi Army"), KnownName(2, "ORG", "Iraqi Army General Command"),
         KnownName(3, "GPE/LOC", "Iraq"), KnownName(4, "ARMED_GROUP", "Hashd al-Shaabi"),
         KnownName(5, "ARMED_GROUP", "Daesh", alias=True),
         KnownName(6, "PERSON", "Nechirvan Mirani"), KnownName(7, "ORG", "Ba'ath")]


def proposed(body: str) -> list[tuple[str, int]]:
    found = KnownEntityMatcher(KNOWN).propose(body)
    assert all(body[p.start:p.end] == p.text for p in found)
    return [(p.text, p.entity_id) for p in found]


def test_names_are_found_as_normalise_folds_them():
    body = ("The IRAQI ARMY's units, Hashd el-Shaabi fighters and Nechirvan  Mirani met "
            "the Baath party near Iraq’s border.")
    assert proposed(body) == [("IRAQI ARMY", 1), ("Hashd el-Shaabi", 4),
                              ("Nechirvan  Mirani", 6), ("Baath", 7), ("Iraq", 3)]


def test_a_name_inside_a_word_is_no_mention_and_the_longest_match_wins():
    assert proposed("Iraqis cheered the Iraqi Army General Command.") == [
        ("Iraqi Army General Command", 2)]


def test_a_known_name_that_goes_on_as_a_longer_unknown_one_is_not_proposed():
    """Found under Xvfb: with only the Iraqi Army known, "Iraqi Army" was framed inside
    "Iraqi Army General Command", and Shift+A coded the Command as the Army. A headline
    in Title Case and a place's kind ("Mosul City") still propose."""
    known = [KnownName(1, "ORG", "Iraqi Army"), KnownName(9, "GPE/LOC", "Mosul")]
    body = ("Iraqi Army Retakes Mosul\nThe Iraqi Army General Command said the Iraqi Army "
            "entered Mosul City and the Mosul Dam.")
    got = [(body[p.start:p.end], p.start) for p in KnownEntityMatcher(known).propose(body)]
    command, army = body.index("Iraqi Army General"), body.index("the Iraqi Army ") + 4
    assert ("Iraqi Army", 0) in got and ("Mosul", body.index("Mosul\n")) in got  # headline
    assert ("Iraqi Army", command) not in got and ("Iraqi Army", army) in got
    assert ("Mosul", body.index("Mosul City")) in got
    assert ("Mosul", body.index("Mosul Dam")) not in got  # another place: the dam


def test_offsets_are_python_indices_with_emoji_and_accents_before_the_name():
    body = "🙂🙂 Ḥashd al-Shaabi 🙂 said Daesh left."
    got = KnownEntityMatcher(KNOWN).propose(body)
    assert [(p.start, p.end) for p in got] == [(3, 18), (26, 31)]
    assert [body[p.start:p.end] for p in got] == ["Ḥashd al-Shaabi", "Daesh"]


def test_fold_keeps_an_origin_for_every_character():
    text, origin = fold("Ba’ath & the U.S.")
    assert len(text) == len(origin)
    assert text.startswith("baath ")


def test_coded_spans_are_skipped():
    body = "Daesh attacked; Daesh withdrew."
    got = KnownEntityMatcher(KNOWN).propose(body, skip=[(0, 5)])
    assert [(p.start, p.end) for p in got] == [(16, 21)]


def test_a_name_held_by_two_entities_goes_to_the_one_whose_name_it_is():
    matcher = KnownEntityMatcher([KnownName(9, "ORG", "ISIS", alias=True),
                                  KnownName(12, "ARMED_GROUP", "ISIS")])
    assert [p.entity_id for p in matcher.propose("ISIS said.")] == [12]


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.db"
    body = "The Iraqi Army held Mosul. Later the Iraqi Army left Mosul."
    with Store(path, coder="ana") as store:
        aid = store.add_articles([ArticleDraft("t", body)]).inserted[0]
        army = store.add_mention(aid, 4, 14, name="Iraqi Army", entity_type="ORG")
        store.add_mention(aid, 20, 25, name="Mosul", entity_type="GPE/LOC")
        store.add_alias(army.after["entity_id"], "the Iraqi military")
        found = store.mention_proposals(aid)
    return path, aid, found


def test_the_store_proposes_the_uncoded_occurrences_only(project):
    _, _, found = project
    assert [(p.text, p.start) for p in found] == [("Iraqi Army", 37), ("Mosul", 53)]


def test_annotator_suggest_prints_json_lines_with_body_or_whole_file_offsets(project, tmp_path):
    db, _, _ = project
    article = tmp_path / "new.txt"
    article.write_text("Headline here\n\nThe Iraqi military and the Iraqi Army took Mosul.\n",
                       encoding="utf-8")
    missing = tmp_path / "gone.txt"
    runner = CliRunner()
    result = runner.invoke(main, ["suggest", "--db", str(db), "--json", str(article),
                                  str(missing)])
    lines = [json.loads(line) for line in result.output.splitlines()]
    mentions = [x for x in lines if x["kind"] == "mention"]
    assert [(m["text"], m["matched"]) for m in mentions] == [
        ("Iraqi military", "the Iraqi military"), ("Iraqi Army", "Iraqi Army"),
        ("Mosul", "Mosul")]
    errors = [x for x in lines if x["kind"] == "error"]
    assert [e["file"] for e in errors] == [str(missing)] and result.exit_code == 1
    whole = runner.invoke(main, ["suggest", "--db", str(db), "--json", "--whole-file",
                                 str(article)])
    text = article.read_text(encoding="utf-8")
    spans = [json.loads(line) for line in whole.output.splitlines()]
    assert whole.exit_code == 0
    assert [text[s["start"]:s["end"]] for s in spans] == ["Iraqi military", "Iraqi Army",
                                                          "Mosul"]
    assert spans[0]["start"] > mentions[0]["start"]  # the headline counts in the whole file


def test_an_accepted_suggestion_stays_marked_through_a_team_merge(tmp_path):
    source, target = tmp_path / "ana.db", tmp_path / "team.db"
    with Store(source, coder="ana") as s:
        aid = s.add_articles([ArticleDraft("t", "The Iraqi Army held.")]).inserted[0]
        s.add_mention(aid, 4, 14, name="Iraqi Army", entity_type="ORG", suggested=True)
    with Store(target) as t:
        t.merge_projects([source])
        assert [(r["text"], r["suggested"]) for r in t.export_rows("mentions")] == [
            ("Iraqi Army", 1)]


# --- attributions by rule ------------------------------------------------------------------

from annotator.assist.attributions import propose_attributions  # noqa: E402
from annotator.assist.cue_model import cue_spans, weights  # noqa: E402

NEWS = ("🙂 Trump: ‘I Will Win’\n\n"
        "“We retook the bridge,” the officer said in a statement. According to ARA News, "
        "the army moved north. Nechirvan Mirani told reporters that the Peshmerga held the "
        "line. The United States sent aid.")


def test_cues_sources_contents_and_kinds_on_a_small_news_text():
    got = {p.cue.text: p for p in propose_attributions(NEWS)}
    assert set(got) == {":", "said in a statement", "According to", "told"}
    said = got["said in a statement"]
    assert (said.source.text, said.content.text, said.kind) == (
        "the officer", "We retook the bridge", "direct_quote")  # not the comma
    according = got["According to"]
    assert according.kind == "according_to" and "army moved north" in according.content.text
    told = got["told"]
    assert (told.source.text, told.kind) == ("Nechirvan Mirani", "indirect")
    assert told.content.text.startswith("reporters that the Peshmerga") or \
        told.content.text.startswith("the Peshmerga")
    headline = got[":"]
    assert (headline.source.text, headline.content.text) == ("Trump", "‘I Will Win’")
    for p in got.values():  # offsets are str indices into the body
        assert NEWS[p.cue.start:p.cue.end] == p.cue.text
        for part in (p.source, p.content):
            assert part is None or NEWS[part.start:part.end] == part.text


def cues(text: str, **kw) -> list[str]:
    return [p.cue.text for p in propose_attributions(text, **kw)]


def test_a_cue_is_the_verb_group_as_polnear_coders_mark_it():
    assert cues("Mirani has said the army will hold the line.") == ["has said"]
    assert cues("The senator is expected to vote against the bill.") == ["is expected"]
    assert cues("The senator asked about the bridge.") == ["asked about"]
    assert cues("According to the ministry, the army moved north.") == ["According to"]


def test_beliefs_and_wishes_are_cues_and_the_nouns_that_look_like_cues_are_not():
    assert cues("Rami wants a recount in every district.") == ["wants"]
    assert cues("Mirani believes that the bridge will hold.") == ["believes"]
    assert cues("The United States sent aid to the region.") == []
    quoted = propose_attributions("“He said no,” Mirani said.")
    assert [p.cue.text for p in quoted] == ["said"] and quoted[0].source.text == "Mirani"


def test_a_statement_later_in_the_clause_belongs_to_the_verb_before_it():
    assert cues("The officer said on Monday in a statement that the bridge held.") == ["said"]
    assert cues("Rami issued a statement. In a statement, Mirani said the bridge held.") == [
        "issued", "said"]


def test_a_lower_threshold_keeps_every_cue_of_a_higher_one():
    text = NEWS + " Rami hopes the line holds, he suggested, and seemed to agree with Mirani."
    strict, usual, loose = (set(cues(text, threshold=t)) for t in (0.8, 0.5, 0.25))
    assert strict <= usual <= loose and len(strict) < len(loose)


def test_the_weights_know_every_inflection_of_a_lemma_train_had():
    lemmas, table, _ = weights()
    assert {lemmas[f] for f in ("say", "says", "saying", "said")} == {"say"}
    assert lemmas["states"] == "state"
    assert table["w=said"] > 0 > table["w=states"]  # "the United States" is no cue
    assert table["l|p=state|united"] < 0


WORDS = ["said", "has", "according", "to", "in", "a", "statement", "the", "United", "States",
         "Mirani", "told", "is", "expected", "“", "”", ":", "\n", ",", ".", "also", "wants", "―"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.sampled_from([" ", "  ", "\u00a0"]))
def test_cues_are_in_order_apart_and_start_and_end_on_a_word(words, space):
    text = space.join(words)
    spans = cue_spans(text)
    assert spans == sorted(spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))
    for start, end in spans:
        assert 0 <= start < end <= len(text) and text[start:end].strip() == text[start:end]
    for p in propose_attributions(text):
        assert text[p.cue.start:p.cue.end] == p.cue.text


def test_annotator_suggest_prints_attribution_proposals_as_the_issue_asks(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nThe officer said the army held Mosul.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["suggest", "--json", str(article)])
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in result.output.splitlines()]
    assert line["kind"] == "attribution" and line["attribution_kind"] == "indirect"
    assert line["cue"]["text"] == "said" and line["source"]["text"] == "The officer"
    assert line["content"]["text"] == "the army held Mosul"
    assert set(line) == {"kind", "file", "cue", "source", "content", "attribution_kind"}


def _one(text: str, cue: str):
    return next(p for p in propose_attributions(text) if p.cue.text.lower() == cue)


def test_according_to_first_takes_the_source_to_the_comma_and_the_rest_as_content():
    p = _one("According to Peshmerga officer Nechirvan Mirani, his comrades are "
             "“now only 7 km away from the city.”", "according to")
    assert p.source.text == "Peshmerga officer Nechirvan Mirani"
    assert p.content.text == "now only 7 km away from the city"  # not its full stop
    assert p.kind == "according_to"
    p = _one("According to the ministry, 2,000 militants were killed.", "according to")
    assert (p.source.text, p.content.text) == ("the ministry", "2,000 militants were killed")


def test_according_to_last_reports_the_clause_before_it():
    p = _one("More than 2,000 militants were killed, according to the ministry.",
             "according to")
    assert (p.source.text, p.content.text) == ("the ministry",
                                               "More than 2,000 militants were killed")


def test_a_cue_that_ends_its_sentence_reports_the_clause_before_its_source():
    text = "Also on Friday, the army bombed a depot, army officer Eli Saddi told ARA News."
    p = _one(text, "told")
    assert p.content.text == "the army bombed a depot"  # the lead-in "Also on Friday," left out
    assert p.source.text == "Eli Saddi" and p.kind == "indirect"
    p = _one("Eli Saddi told ARA News that the army bombed a depot.", "told")
    assert p.content.text == "the army bombed a depot"  # a "that" clause stays the content


def test_one_matcher_asked_after_each_edit_answers_as_a_new_one():
    """The matcher re-chooses only the clusters an edit touched; the answer is the same."""
    names = [KnownName(1, "ORG", "Iraqi Army General Command"), KnownName(2, "ORG", "Iraqi Army"),
             KnownName(3, "ORG", "Army"), KnownName(4, "PERSON", "Eli Saddi")]
    body = " ".join(["the Iraqi Army General Command said, Eli Saddi told the Iraqi Army;"] * 30)
    spans = [m.span() for m in re.finditer(r"\w+(?: \w+)?", body)]
    rng = random.Random(4)
    matcher, skip = KnownEntityMatcher(names), set()
    for _ in range(80):
        span = rng.choice(spans)
        skip ^= {span}
        assert matcher.propose(body, skip=sorted(skip)) == \
            KnownEntityMatcher(names).propose(body, skip=sorted(skip))


def test_a_matcher_made_like_the_last_answers_as_a_new_one():
    """Names re-owned (a mention re-linked, an entity retyped) reuse the last matcher's
    matches; a name added or gone makes a new pass. Either way the answer is a new one's."""
    base = [KnownName(1, "ORG", "Iraqi Army", True), KnownName(4, "PERSON", "Eli Saddi", True),
            KnownName(3, "ORG", "Army", True)]
    variants = [base,
                [KnownName(2, "ARMED_GROUP", "Iraqi Army", True), *base[1:]],  # re-linked
                [*base, KnownName(1, "ORG", "Iraqi Army", True)],  # the same, once more
                [KnownName(1, "ORG", "iraqi army", True), *base[1:]],  # matched as typed
                [KnownName(4, "ORG", "Eli Saddi", True), *base[:1], base[2]],  # retyped
                base[:2],  # a name gone: a new pass
                base]
    body = " ".join(["the Iraqi Army General Command said, Eli Saddi told the Iraqi Army;"] * 20)
    rng = random.Random(7)
    spans = [m.span() for m in re.finditer(r"\w+(?: \w+)?", body)]
    matcher, skip = None, set()
    for names in variants * 3:
        matcher = KnownEntityMatcher(names, like=matcher)
        skip ^= {rng.choice(spans)}
        assert matcher.propose(body, skip=sorted(skip)) == \
            KnownEntityMatcher(names).propose(body, skip=sorted(skip))
        assert matcher.propose(body, skip=sorted(skip)) == \
            KnownEntityMatcher(names).propose(body, skip=sorted(skip))


def test_annotator_suggest_reports_a_missing_file_as_an_error_line_and_goes_on(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nThe officer said the army held Mosul.\n", encoding="utf-8")
    missing = tmp_path / "nope.txt"
    result = CliRunner().invoke(main, ["suggest", str(missing), str(article)])
    assert result.exit_code == 1
    assert any(line.startswith(f"error: {missing}: ") for line in result.output.splitlines())
    assert "said" in result.output  # the file after it was read


def test_a_headline_label_or_phrase_before_a_colon_is_no_speaker():
    """Found by a tester: A on "Stealth Over Health: …" coded a claim of a speaker named
    "Stealth Over Health". A name before a headline's colon still is one."""
    body = "\n\nThe minister spoke on Monday."
    for label in ("The Latest", "EXCLUSIVE", "Stealth Over Health", "Big Win For Bernie",
                  "A Curious Plan to Fight Climate Change", "Ah, friends once more"):
        assert [p for p in propose_attributions(f"{label}: Voters Head to the Polls" + body)
                if p.cue.text == ":" and p.cue.start == len(label)] == [], label
    for name in ("Pat Caddell", "Pence", "NY Post", "Obama on Climate Change"):
        [p] = [p for p in propose_attributions(f"{name}: Voters Head to the Polls" + body)
               if p.cue.start == len(name)]
        assert (p.source.text, p.content.text) == (name, "Voters Head to the Polls")


@pytest.mark.parametrize("text, cue, content", [
    ("“Subsequent to clashes with ISIL terrorists, our units liberated the town,” the "
     "Command said.", "said", "our units liberated the town"),
    ("In the meantime, the army moved north, an officer told ARA News.", "told",
     "the army moved north"),
    # what follows the comma is too short to be the claim alone: kept whole
    ("“On Friday, we won,” the officer said.", "said", "On Friday, we won"),
    # more than eight words before the comma may be a clause of its own: kept whole
    ("“After the long and bitter siege of the old city by the militias, we won the war,” "
     "the officer said.", "said",
     "After the long and bitter siege of the old city by the militias, we won the war"),
    # a lead-in must open with a word of time or circumstance
    ("“The army, we are told, moved north to the river,” the officer said.", "said",
     "The army, we are told, moved north to the river"),
])
def test_a_content_leaves_out_the_time_or_circumstance_that_opens_it(text, cue, content):
    assert _one(text, cue).content.text == content


def test_a_name_in_the_left_out_lead_in_is_still_no_source():
    text = "“In Mosul, the army bombed the depot on the river,” he said."
    p = _one(text, "said")
    assert p.content.text == "the army bombed the depot on the river"
    assert p.source.text == "he"


def test_quotations_pair_marks_within_a_paragraph_and_skip_the_unpaired():
    from annotator.assist.attributions import _quotations
    body = '“One,” he said. “Not\nclosed here” «Two» "three" “unclosed'
    inside = [body[a:b] for a, b in _quotations(body)]
    # the first “ pairs with its ”; the one whose ” is past a line break is skipped, and
    # that ” then opens nothing; the straight quotes pair with each other
    assert inside == ["One,", "Two", "three"]
