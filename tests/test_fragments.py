"""Discontinuous spans: stored as fragments, checked, kept through merges, used in agreement."""

from __future__ import annotations

import pytest

from annotator.model import ArticleDraft
from annotator.store import Store
from annotator.team.agreement import ALL, compute_agreement

BODY = "🎉 The army, officials said on Sunday, retook the old city of Mosul."


def at(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


FIRST, SECOND = at("The army"), at("retook the old city of Mosul")


def add_split_claim(store: Store, article_id: int) -> int:
    return store.add_claim(article_id, FIRST[0], SECOND[1], fragments=[FIRST, SECOND]).row_id


def test_fragments_are_stored_checked_and_the_extent_kept(store):
    (aid,) = store.add_articles([ArticleDraft("Mosul", BODY)]).inserted
    add_split_claim(store, aid)
    (claim,) = store.claims(aid)
    assert claim.fragments == (FIRST, SECOND)
    assert (claim.start, claim.end, claim.text) == (FIRST[0], SECOND[1], BODY[FIRST[0]:SECOND[1]])
    source, cue = at("officials"), at("said")
    mention = store.add_mention(aid, source[0], cue[1], name="officials", entity_type="OTHER",
                                fragments=[source, cue])
    assert store.mentions(aid)[0].fragments == (source, cue)
    assert mention.after["fragments"] == f"[[{source[0]}, {source[1]}], [{cue[0]}, {cue[1]}]]"
    store.add_attribution(claim.id, source_span=(source[0], cue[1]),
                          source_fragments=[source, cue], cue_span=cue)
    (attribution,) = store.attributions(aid)
    assert attribution.source_fragments == (source, cue) and attribution.cue_fragments is None
    for bad in ([FIRST, FIRST], [SECOND, FIRST], [(FIRST[0], SECOND[0]), SECOND],
                [(FIRST[0] + 1, FIRST[1]), SECOND]):
        with pytest.raises(ValueError):
            store.add_claim(aid, FIRST[0], SECOND[1], fragments=bad)
    assert len(store.claims(aid)) == 1  # a refused span leaves nothing behind
    store.add_claim(aid, *FIRST, fragments=[FIRST])  # one piece is an ordinary span
    assert store.claims(aid)[0].fragments is None


def test_a_merge_keeps_fragments_and_moves_them_onto_the_target_text(tmp_path):
    with Store(tmp_path / "ana.db", coder="ana") as src:
        (aid,) = src.add_articles([ArticleDraft("Mosul", BODY)]).inserted
        add_split_claim(src, aid)
    with Store(tmp_path / "team.db") as team:
        reflowed = BODY.replace(", retook", ",\n   retook")
        (tid,) = team.add_articles([ArticleDraft("Mosul", reflowed)]).inserted
        team.merge_projects([tmp_path / "ana.db"])
        (claim,) = team.claims(tid)
        assert [reflowed[s:e] for s, e in claim.fragments] == ["The army",
                                                               "retook the old city of Mosul"]


def test_exact_agreement_compares_fragments_not_only_the_extent(store):
    (aid,) = store.add_articles([ArticleDraft("Mosul", BODY)]).inserted
    with store.acting_as("ana"):
        add_split_claim(store, aid)
        store.set_status(aid, "done")
    with store.acting_as("ben"):  # the same first and last character, but one piece
        store.add_claim(aid, FIRST[0], SECOND[1])
        store.set_status(aid, "done")
    report = compute_agreement(store, ["ana", "ben"])
    figures = {(f.layer, f.measure): f.value for f in report.figures
               if f.coder_a == ALL or f.coder_a == "ana"}
    assert figures[("claims", "f1_exact")] == 0.0
    assert figures[("claims", "f1_overlap")] == 1.0
    tokens = report.matrices["tokens_role"].rows
    gap = [roles for label, roles in tokens if "officials" in BODY[
        int(label.split(":")[1].split("-")[0]):int(label.split("-")[-1])]]
    assert gap == [{"ana": "none", "ben": "content"}]  # the gap is not ana's content


def test_spans_read_from_the_store_equal_those_their_constructors_make(store):
    """The store builds an article's spans without their ``__init__`` (for speed): each
    must equal, field for field and fragments parsed, what the constructor makes."""
    from annotator.model import Attribution, Claim, Mention

    (aid,) = store.add_articles([ArticleDraft("Mosul", BODY)]).inserted
    claim = add_split_claim(store, aid)
    store.add_claim(aid, *at("Mosul"))
    source, cue = at("officials"), at("said")
    store.add_mention(aid, *source, name="officials", entity_type="OTHER")
    store.add_mention(aid, source[0], cue[1], name="officials", entity_type="OTHER",
                      fragments=[source, cue])
    store.add_attribution(claim, source_span=(source[0], cue[1]),
                          source_fragments=[source, cue], cue_span=cue)
    for cls, table, read in ((Mention, "mentions", store.mentions),
                             (Claim, "claims", store.claims),
                             (Attribution, "attributions", store.attributions)):
        rows = store.db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
        names = [d[0] for d in store.db.execute(f"SELECT * FROM {table}").description]
        made = sorted((cls(**dict(zip(names, row))) for row in rows), key=lambda x: x.id)
        read_back = sorted(read(aid), key=lambda x: x.id)
        assert read_back == made and [vars(x) for x in read_back] == [vars(x) for x in made]
        assert hash(read_back[0]) == hash(made[0])
