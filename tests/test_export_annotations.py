"""Exports for annotation tools (brat, doccano, Label Studio, XMI): their shape, and round trips.

import(export(project)) must give back what each format holds: the articles'
texts, the coders, and each coder's spans with their types, claims and
attributions (cue, kind, source). Tested on a small project written here and,
when ``../shared`` is there, on PolNeAR's multiply-coded articles.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from test_export import BODY, coded_project

from annotator.exporting import export_project
from annotator.importing import import_paths
from annotator.model import ArticleDraft
from annotator.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR = SHARED / "corpora" / "polnear" / "annotator-training"
needs_polnear = pytest.mark.skipif(not POLNEAR.is_dir(), reason="../shared is absent")


def projection(store) -> dict[str, set]:
    """What every annotation format can hold, keyed by text (ids differ between projects)."""
    text = {r["id"]: hashlib.sha1(r["body"].encode()).hexdigest()[:12]
            for r in store.db.query("SELECT id, body FROM articles")}
    q = store.db.query
    return {
        "articles": set(text.values()),
        "mentions": {(text[r["article_id"]], r["coder"], r["start"], r["end"], r["entity_type"])
                     for r in q("SELECT * FROM mentions_named")},
        "claims": {(text[r["article_id"]], r["coder"], r["start"], r["end"])
                   for r in q("SELECT * FROM claims_named")},
        "attributions": {
            (text[r["article_id"]], r["coder"], r["claim_start"], r["claim_end"],
             r["cue_start"], r["cue_end"], r["kind"], r["source_name"], r["source_type"])
            for r in q("SELECT at.*, cl.start AS claim_start, cl.\"end\" AS claim_end,"
                       " n.source_name, n.source_type, c.name AS coder FROM attributions at"
                       " JOIN claims cl ON cl.id = at.claim_id"
                       " JOIN attributions_named n ON n.attribution_id = at.id"
                       " LEFT JOIN coders c ON c.id = at.coder_id")},
        "done": {(text[r["article_id"]], r["coder"]) for r in q(
            "SELECT * FROM article_status_named WHERE status = 'done'")},
    }


def two_coder_project(store) -> None:
    """The export fixture, plus a second coder with an entity named twice (one Equiv group)."""
    aid, _, _ = coded_project(store)
    store.set_coder("ben b.")  # a space and a dot: not file-name material
    isil = "ISIL fighters 🙂 fled. Daesh, also called ISIL, lost.\nMore."
    bid = store.add_articles([ArticleDraft("ISIL", isil)]).inserted[0]
    first = store.add_mention(bid, 0, 4, name="ISIL", entity_type="ARMED_GROUP")
    second = isil.index("ISIL", 5)
    store.add_mention(bid, second, second + 4, entity_id=first.after["entity_id"])
    claim = store.add_claim(bid, 0, isil.index("."))
    store.add_attribution(claim.row_id, kind="according_to",
                          source_span=(isil.index("Daesh"), isil.index("Daesh") + 5),
                          source_text="Daesh")
    start = BODY.index("ARA News")
    store.add_mention(aid, start, start + 8, entity_type="MEDIA")
    store.set_status(bid, "done")


def round_trip(store, tmp_path, fmt: str) -> Store:
    out = tmp_path / fmt
    export_project(store, out, fmt=fmt)
    back = Store(tmp_path / f"back-{fmt}.db", coder="importer")
    report = import_paths(back, [out], **mapping_option(out))
    assert not report.failed, [i.format() for i in report.issues()]
    return back


def mapping_option(out: Path) -> dict:
    """--mapping (the importer on main may still call it --brat-mapping)."""
    import inspect
    names = inspect.signature(import_paths).parameters
    key = "mapping" if "mapping" in names else "brat_mapping"
    return {key: str(out / "mapping.toml")}


# -- brat ---------------------------------------------------------------------------------------

def test_brat_export_layout(store, tmp_path):
    two_coder_project(store)
    report = export_project(store, tmp_path / "b", fmt="brat")
    names = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert names == ["000001-title-quoted.txt", "000001-title-quoted_ana.ann",
                     "000001-title-quoted_ben-b.ann", "000002-isil.txt", "000002-isil_ben-b.ann",
                     "annotation.conf", "mapping.toml"]
    assert (tmp_path / "b" / "000001-title-quoted.txt").read_bytes().decode(
        "utf-8") == BODY  # byte for byte: the offsets count in it
    ann = (tmp_path / "b" / "000002-isil_ben-b.ann").read_text(encoding="utf-8")
    lines = ann.splitlines()
    assert "T1\tSource 22 27\tDaesh" in lines  # code points: the emoji is one
    assert "R1\tAttributedTo-according_to Arg1:T4 Arg2:T1" in lines  # no cue: a relation
    first = (tmp_path / "b" / "000001-title-quoted_ana.ann").read_text(encoding="utf-8")
    assert "E1\tAttribution-indirect:T7 Content:T4 Cue:T5 Source:T1" in first.splitlines()
    assert any(line.startswith("*\tEquiv ") for line in lines)  # ISIL named twice
    assert report.rows["brat annotations"] == 3


def renamed(view: dict[str, set], old: str, new: str) -> dict[str, set]:
    return {k: {tuple(new if x == old else x for x in row) for row in rows}
            for k, rows in view.items() if k != "articles"} | {"articles": view["articles"]}


def anonymous_source_became_an_entity(before: dict[str, set], after: dict[str, set]) -> None:
    """brat's importer makes every Source span an entity: the one known loss of the fixture."""
    [extra] = after["mentions"] - before["mentions"]
    assert extra[1:] == ("ben-b", 22, 27, "OTHER") and not before["mentions"] - after["mentions"]
    [was] = before["attributions"] - after["attributions"]
    [now] = after["attributions"] - before["attributions"]
    assert was[-2:] == (None, None) and now[-2:] == ("Daesh", "OTHER")
    assert was[:-2] == now[:-2]


def test_brat_round_trip(store, tmp_path):
    two_coder_project(store)
    back = round_trip(store, tmp_path, "brat")
    # coder names come back in their file-name form ("ben b." is ben-b in 000002-isil_ben-b.ann)
    before, after = renamed(projection(store), "ben b.", "ben-b"), projection(back)
    for key in ("articles", "claims"):
        assert after[key] == before[key], key
    anonymous_source_became_an_entity(before, after)
    # brat has no status: each .ann comes back as "done" for its coder
    assert after["done"] == before["done"] | {(a, c) for a, c, *_ in before["mentions"]}


@needs_polnear
def test_brat_round_trip_on_polnear(tmp_path):
    first = Store(tmp_path / "first.db", coder="importer")
    import_paths(first, [POLNEAR])
    original = projection(first)
    assert len(original["articles"]) == 4 and len(original["attributions"]) > 200
    back = round_trip(first, tmp_path, "brat")
    again = projection(back)
    for key in original:
        assert again[key] == original[key], key
