"""Adjudication: pairing two coders' items like the agreement report, copying into gold."""

from __future__ import annotations

import pytest

from annotator.model import ArticleDraft
from annotator.store import Store
from annotator.team.adjudication import AGREE, DIFFER, ONLY_A, ONLY_B, compare, describe

BODY = ("The General Command said ISIL lost the town of Mosul. ARA News reported that an "
        "officer said 2,000 militants were killed.")


def at(text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = BODY.index(text, start + 1)
    return start, start + len(text)


@pytest.fixture
def team():
    """ana and ben coded one article: one agreement and one difference per layer, and more."""
    store = Store(None, coder="lead")
    aid = store.add_articles([ArticleDraft(title="Mosul", body=BODY)]).inserted[0]
    isil = store.add_entity("ISIL", "ARMED_GROUP").row_id
    command = store.add_entity("General Command", "ORG").row_id
    mosul_org = store.add_entity("Mosul", "ORG").row_id
    mosul_loc = store.add_entity("Mosul", "GPE/LOC").row_id
    ara = store.add_entity("ARA News", "MEDIA").row_id
    ids = {}
    for coder, mosul in (("ana", mosul_org), ("ben", mosul_loc)):
        with store.acting_as(coder):
            ids[coder, "isil"] = store.add_mention(aid, *at("ISIL"), entity_id=isil).row_id
            ids[coder, "mosul"] = store.add_mention(aid, *at("Mosul"), entity_id=mosul).row_id
            lost = at("ISIL lost the town of Mosul") if coder == "ana" else at("ISIL lost")
            ids[coder, "lost"] = store.add_claim(
                aid, *lost, category="territorial_control", claimant_entity_id=command).row_id
            ids[coder, "said"] = store.add_attribution(
                ids[coder, "lost"], kind="indirect", source_entity_id=command,
                source_span=at("General Command"), cue_span=at("said")).row_id
            killed = store.add_claim(aid, *at("2,000 militants were killed"),
                                     category="casualties", position=-1 if coder == "ana" else 0)
            ids[coder, "killed"] = killed.row_id
            outer = store.add_attribution(killed.row_id, kind="indirect", source_entity_id=ara,
                                          source_span=at("ARA News"), cue_span=at("reported"))
            ids[coder, "reported"] = outer.row_id
            ids[coder, "officer"] = store.add_attribution(
                killed.row_id, kind="indirect", source_text="an officer",
                cue_span=at("said", 1), parent_attribution_id=outer.row_id).row_id
        if coder == "ben":
            with store.acting_as("ben"):
                ids["ben", "ara"] = store.add_mention(aid, *at("ARA News"), entity_id=ara).row_id
    yield store, aid, ids
    store.close()


def comparison(store, aid, gold="gold", exact=False):
    return compare(store.annotations_by_coder(aid, "ana"), store.annotations_by_coder(aid, "ben"),
                   store.annotations_by_coder(aid, gold), coder_a="ana", coder_b="ben",
                   gold_name=gold, exact=exact)


def test_article_coders_and_rows_by_coder(team):
    store, aid, ids = team
    assert store.article_coders(aid) == ["ana", "ben"]
    rows = store.annotations_by_coder(aid, "ben")
    assert [r["id"] for r in rows["mentions"]] == [ids["ben", "isil"], ids["ben", "mosul"],
                                                   ids["ben", "ara"]]
    assert rows["mentions"][1]["entity_type"] == "GPE/LOC"
    assert rows["claims"][0]["claimant_name"] == "General Command"
    assert {r["claim_text"] for r in rows["attributions"]} == {
        "ISIL lost", "2,000 militants were killed"}
    assert store.annotations_by_coder(aid, "nobody") == {
        "mentions": [], "claims": [], "attributions": []}


def test_items_are_paired_and_differences_named(team):
    store, aid, _ = team
    result = comparison(store, aid)
    mentions = result.items["mentions"]
    assert [m.status for m in mentions] == [AGREE, DIFFER, ONLY_B]
    assert mentions[1].verdict() == "differ (type ORG vs GPE/LOC)"
    assert mentions[2].verdict() == "only B"
    claims = result.items["claims"]
    assert [c.status for c in claims] == [DIFFER, DIFFER]
    assert claims[0].differences == ("span",)
    assert claims[1].differences == ("position -1 vs 0",)
    atts = result.items["attributions"]
    assert [a.status for a in atts] == [AGREE, AGREE, AGREE]  # on matched claims
    assert describe("attributions", atts[1].a).startswith("source ARA News · cue “reported”")
    assert result.counts("mentions") == {AGREE: 1, DIFFER: 1, ONLY_A: 0, ONLY_B: 1}


def test_exact_matching_splits_claims_whose_spans_differ(team):
    store, aid, _ = team
    claims = comparison(store, aid, exact=True).items["claims"]
    assert sorted(c.status for c in claims) == [DIFFER, ONLY_A, ONLY_B]
    atts = comparison(store, aid, exact=True).items["attributions"]
    assert sorted(a.status for a in atts) == [AGREE, AGREE, ONLY_A, ONLY_B]


def test_copy_a_mention_into_gold_and_undo(team):
    store, aid, ids = team
    change = store.copy_to_coder("mentions", ids["ben", "mosul"], "gold")
    gold = store.annotations_by_coder(aid, "gold")["mentions"]
    assert [(m["start"], m["end"], m["entity_type"]) for m in gold] == [(*at("Mosul"), "GPE/LOC")]
    assert gold[0]["coder_id"] == store.coder_id_of("gold") != store.coder_id
    item = comparison(store, aid).items["mentions"][1]
    assert (item.gold_a, item.gold_b, item.in_gold) == (None, change.row_id, "B")
    store.undo_insert(change)
    assert store.annotations_by_coder(aid, "gold")["mentions"] == []
    store.restore(change)
    assert [m["id"] for m in store.annotations_by_coder(aid, "gold")["mentions"]] == [
        change.row_id]


def test_an_agreed_item_in_gold_counts_for_both(team):
    store, aid, ids = team
    store.copy_to_coder("mentions", ids["ana", "isil"], "gold")
    item = comparison(store, aid).items["mentions"][0]
    assert item.in_gold == "A = B"


def test_copy_a_claim_keeps_its_fields(team):
    store, aid, ids = team
    change = store.copy_to_coder("claims", ids["ben", "killed"], "gold")
    row = change.after
    assert (row["text"], row["category"], row["position"]) == (
        "2,000 militants were killed", "casualties", 0)
    assert comparison(store, aid).items["claims"][1].in_gold == "B"


def test_copying_an_attribution_copies_its_claim_and_parent_and_undo_removes_them(team):
    store, aid, ids = team
    change = store.copy_to_coder("attributions", ids["ana", "officer"], "gold")
    gold = store.annotations_by_coder(aid, "gold")
    assert [c["text"] for c in gold["claims"]] == ["2,000 militants were killed"]
    assert gold["claims"][0]["position"] == -1
    officer = next(a for a in gold["attributions"] if a["id"] == change.row_id)
    outer = next(a for a in gold["attributions"] if a["id"] != change.row_id)
    assert officer["claim_id"] == gold["claims"][0]["id"]
    assert officer["parent_attribution_id"] == outer["id"]
    assert outer["cue_text"] == "reported"
    assert [t for t, _ in change.related] == ["claims", "attributions"]
    items = comparison(store, aid).items["attributions"]
    assert {i.in_gold for i in items} == {"", "A = B"}
    store.undo_insert(change)
    assert store.annotations_by_coder(aid, "gold") == {
        "mentions": [], "claims": [], "attributions": []}
    store.restore(change)
    assert len(store.annotations_by_coder(aid, "gold")["attributions"]) == 2


def test_an_attribution_reuses_the_gold_claim_and_may_hang_on_the_other_version(team):
    store, aid, ids = team
    claim = store.copy_to_coder("claims", ids["ana", "lost"], "gold")
    # ben's claim differs in span; the list offers ana's gold copy as the claim to use
    item = comparison(store, aid).items["attributions"][0]
    assert item.gold_claim_b == claim.row_id
    change = store.copy_to_coder("attributions", ids["ben", "said"], "gold",
                                 claim_id=item.gold_claim_b)
    assert change.related == ()
    assert change.after["claim_id"] == claim.row_id
    assert comparison(store, aid).items["attributions"][0].in_gold == "A = B"


def test_copy_refuses_what_it_cannot_do(team):
    store, aid, ids = team
    with pytest.raises(ValueError, match="cannot copy"):
        store.copy_to_coder("entities", 1, "gold")
    with pytest.raises(ValueError, match="already ana's"):
        store.copy_to_coder("mentions", ids["ana", "isil"], "ana")
    with pytest.raises(ValueError, match="not gold's"):
        store.copy_to_coder("attributions", ids["ben", "said"], "gold",
                            claim_id=ids["ana", "lost"])
    with pytest.raises(KeyError):
        store.copy_to_coder("mentions", 9999, "gold")


def test_copies_point_at_the_live_entity(team):
    store, aid, ids = team
    dup = store.add_entity("Mosul city", "GPE/LOC").row_id
    with store.acting_as("cem"):
        mention = store.add_mention(aid, *at("Mosul"), entity_id=dup).row_id
    mosul_loc = store.annotations_by_coder(aid, "ben")["mentions"][1]["entity"]
    store.merge_entities(mosul_loc, [dup])
    copy = store.copy_to_coder("mentions", mention, "gold")
    assert copy.after["entity_id"] == mosul_loc


def test_shared_articles_are_those_both_coded(team):
    store, aid, _ = team
    other = store.add_articles([ArticleDraft(title="Other", body="Nothing here.")]).inserted[0]
    with store.acting_as("ana"):
        store.set_status(other, "done")
    assert store.shared_articles("ana", "ben") == [aid]
    with store.acting_as("ben"):
        store.set_status(other, "done")
    assert store.shared_articles("ana", "ben") == [aid, other]
    assert store.article_coders(other) == ["ana", "ben"]


def test_reliability_leaves_the_adjudicated_gold_coder_out_unless_named(team):
    """Found by a second QA pass: after accepting versions into gold, the reliability report
    said "coded independently by 3 coders (ana, ben, gold)", pairing gold with the coders
    whose annotations it copies."""
    from annotator.team.agreement import compute_agreement
    from annotator.team.methods import assess
    from annotator.team.methods_text import methods_paragraph

    store, aid, ids = team
    assert compute_agreement(store).coders == ["ana", "ben"]  # nothing adjudicated yet
    store.copy_to_coder("mentions", ids["ben", "isil"], "gold")
    assert store.adjudicators() == ["gold"]
    report = compute_agreement(store)
    assert report.coders == ["ana", "ben"] and report.left_out == ["gold"]
    text = methods_paragraph(assess(report, store.codebook(), samples=50, seed=1))
    assert "by 2 coders (ana, ben); the adjudicated version (gold) was left out." in text
    named = compute_agreement(store, ["ana", "gold"])  # asked for: compared as any coder
    assert named.coders == ["ana", "gold"] and named.left_out == []
