"""Export: RFC 4180 CSV that reads back exactly, safe cells, claims_flat chains, JSONL."""

from __future__ import annotations

import csv
import json

import pytest

from annotator.exporting import TABLES, ExportCancelled, export_project
from annotator.exporting.cells import csv_cell, neutralise
from annotator.model import ArticleDraft

BODY = ('He said "quoted, with comma" 😀\nthen a new line.\r\n=HYPERLINK("x") '
        "ARA News reported the General Command said 2,000 died. -5 degrees. @home +tab")


def coded_project(store):
    aid = store.add_articles([ArticleDraft(title='Title, "quoted" 😀', body=BODY,
                                           outlet="=cmd|' /C calc'!A0",
                                           url="http://x.test/a?b=1")]).inserted[0]
    span = (BODY.index('"quoted'), BODY.index("new line.") + len("new line."))
    claim = store.add_claim(aid, *span, category="casualties", position=-1,
                            note="-starts with minus")
    died = BODY.index("2,000 died")
    claim2 = store.add_claim(aid, died, died + len("2,000 died"), position=0)
    ara = store.add_mention(aid, BODY.index("ARA News"), BODY.index("ARA News") + 8,
                            entity_type="MEDIA").after["entity_id"]
    gc_start = BODY.index("General Command")
    gc = store.add_mention(aid, gc_start, gc_start + len("General Command"),
                           entity_type="ORG").after["entity_id"]
    store.add_alias(gc, "@GC")
    outer = store.add_attribution(claim2.row_id, kind="indirect", source_entity_id=ara,
                                  cue_span=(BODY.index("reported"),
                                            BODY.index("reported") + len("reported")))
    store.add_attribution(claim2.row_id, kind="indirect", source_entity_id=gc,
                          cue_span=(BODY.index("said 2"), BODY.index("said 2") + 4),
                          parent_attribution_id=outer.row_id)
    store.set_status(aid, "done")
    return aid, claim.row_id, claim2.row_id


def read_csv(path, encoding="utf-8"):
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_file_written_and_reads_back(store, tmp_path):
    aid, claim_id, _ = coded_project(store)
    report = export_project(store, tmp_path)
    assert set(report.files) == set(TABLES)
    assert not list(tmp_path.glob("*.part"))
    articles = read_csv(tmp_path / "articles.csv")
    assert articles[0]["body"] == BODY  # newlines, CRLF, quotes and emoji survive
    assert articles[0]["title"] == 'Title, "quoted" 😀'
    assert articles[0]["status"] == "ana:done"
    assert articles[0]["outlet"] == "=cmd|' /C calc'!A0"  # the default CSV is exact
    for column in ("article_id", "title", "published", "url", "outlet", "source_file",
                   "status", "body"):
        assert column in articles[0]
    claims = {int(r["claim_id"]): r for r in read_csv(tmp_path / "claims.csv")}
    text = claims[claim_id]["text"]
    assert text == BODY[BODY.index('"quoted'):BODY.index("new line.") + 9]
    assert "😀" in text and "\n" in text
    assert claims[claim_id]["position"] == "-1"  # numbers are not corrupted
    assert claims[claim_id]["note"] == "-starts with minus"
    # spans in the export can be verified against the exported body
    mentions = read_csv(tmp_path / "mentions.csv")
    for m in mentions:
        assert BODY[int(m["start"]):int(m["end"])] == m["text"]
    entities = {r["name"]: r for r in read_csv(tmp_path / "entities.csv")}
    assert entities["General Command"]["aliases"] == "@GC"
    assert entities["ARA News"]["mention_count"] == "1"
    raw = (tmp_path / "articles.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw


def test_claims_flat_resolves_chains(store, tmp_path):
    _, claim_id, claim2_id = coded_project(store)
    export_project(store, tmp_path, tables=["claims_flat"])
    rows = read_csv(tmp_path / "claims_flat.csv")
    by_claim = {}
    for row in rows:
        by_claim.setdefault(int(row["claim_id"]), []).append(row)
    assert len(by_claim[claim_id]) == 1 and by_claim[claim_id][0]["chain"] == ""
    [flat] = by_claim[claim2_id]  # one chain: ARA News > General Command
    assert flat["chain"] == "ARA News > General Command"
    assert flat["source_name"] == "General Command" and flat["source_type"] == "ORG"
    assert flat["parent_source_name"] == "ARA News"
    assert flat["outer_source_name"] == "ARA News"
    assert flat["chain_depth"] == "2" and flat["cue_text"] == "said"
    assert flat["article_title"] == 'Title, "quoted" 😀'


def test_default_csv_keeps_every_span_exact(store, tmp_path):
    """Texts starting with -, @, = are spans too: the CSV for R/pandas must not touch them."""
    body = "-5 degrees at dawn. @army said =calm. +more"
    aid = store.add_articles([ArticleDraft(title="=title", body=body)]).inserted[0]
    for word in ("-5 degrees", "@army", "=calm.", "+more"):
        start = body.index(word)
        store.add_claim(aid, start, start + len(word))
    export_project(store, tmp_path)
    [article] = read_csv(tmp_path / "articles.csv")
    assert article["body"] == body and article["title"] == "=title"
    claims = read_csv(tmp_path / "claims.csv")
    assert len(claims) == 4
    for claim in claims:
        assert body[int(claim["start"]):int(claim["end"])] == claim["text"]
    assert (tmp_path / "articles.csv").read_bytes().startswith(b"article_id,")  # no BOM


def test_excel_bom_guard_and_jsonl(store, tmp_path):
    coded_project(store)
    export_project(store, tmp_path / "x", excel=True)
    assert (tmp_path / "x" / "claims.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    [article] = read_csv(tmp_path / "x" / "articles.csv", encoding="utf-8-sig")
    assert article["body"] == BODY
    assert article["outlet"] == "'=cmd|' /C calc'!A0"  # the spreadsheet route guards formulas
    notes = {r["note"] for r in read_csv(tmp_path / "x" / "claims.csv", encoding="utf-8-sig")}
    assert "'-starts with minus" in notes
    aliases = read_csv(tmp_path / "x" / "entities.csv", encoding="utf-8-sig")
    assert "'@GC" in {r["aliases"] for r in aliases}
    assert read_csv(tmp_path / "x" / "claims.csv", encoding="utf-8-sig")[0]["position"] == "-1"
    export_project(store, tmp_path / "j", fmt="jsonl")
    lines = (tmp_path / "j" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    assert record["body"] == BODY and record["outlet"].startswith("=")  # JSON is not neutralised
    flat = [json.loads(x) for x in (tmp_path / "j" / "claims_flat.jsonl").open(encoding="utf-8")]
    assert any(r["chain"] == "ARA News > General Command" for r in flat)


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-x", "'-x"), ("@SUM(1)", "'@SUM(1)"),
    ("\tlead", "'\tlead"), ("\rlead", "'\rlead"), ("-1", "-1"), ("+3.5", "+3.5"),
    ("plain", "plain"), ("", ""), (-1, -1), (2.5, 2.5), (None, None),
    ("-2e3", "-2e3"), ("-.5", "-.5"), ("-inf", "'-inf"), ("+nan", "'+nan"), ("-1_0", "'-1_0"),
    ("-1\n=cmd", "'-1\n=cmd"),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_cell_leaves_undefined_figures_empty():
    assert csv_cell(float("nan")) == "" and csv_cell(None) == "" and csv_cell(-0.25) == -0.25


def test_cancel_removes_partial_file(store, tmp_path):
    store.add_articles([ArticleDraft(f"t{i}", f"body number {i}") for i in range(1200)])
    with pytest.raises(ExportCancelled):
        export_project(store, tmp_path, cancel=lambda: True)
    assert not list(tmp_path.glob("*.part")) and not (tmp_path / "articles.csv").exists()


def test_codebook_csv(store, tmp_path):
    export_project(store, tmp_path, tables=["codebook"])
    rows = read_csv(tmp_path / "codebook.csv")
    sections = {r["section"] for r in rows}
    assert sections >= {"entity_type", "claim_category", "attribution_kind", "position"}
    assert {"section": "position", "key": "-1"}.items() <= next(
        r for r in rows if r["section"] == "position").items()


def test_project_file_views_match_the_export(store, tmp_path):
    """Datasette / sqlite-utils users browse claims_flat and the *_named views by name."""
    aid, claim_id, claim2_id = coded_project(store)
    # a second chain on one claim, an anonymous source, and a three-deep chain
    body = store.article(aid).body
    cue = body.index("reported")
    anon = store.add_attribution(claim_id, kind="according_to", source_span=(0, 2))
    store.add_attribution(claim_id, kind="indirect", cue_span=(cue, cue + 8),
                          parent_attribution_id=anon.row_id)
    inner = store.add_attribution(claim_id, kind="direct_quote",
                                  parent_attribution_id=anon.row_id)
    store.add_attribution(claim_id, kind="indirect", parent_attribution_id=inner.row_id)
    export_project(store, tmp_path, tables=["claims_flat", "mentions"])
    exported = read_csv(tmp_path / "claims_flat.csv")
    viewed = list(store.db.query("SELECT * FROM claims_flat"))
    assert len(viewed) == len(exported) == 3
    as_csv = [{k: "" if v is None else str(v) for k, v in row.items()} for row in viewed]
    assert as_csv == exported
    assert [(r["chain"], r["chain_depth"], r["parent_source_name"]) for r in viewed] == [
        ("He > (anonymous)", 2, "He"), ("He > (anonymous) > (anonymous)", 3, "(anonymous)"),
        ("ARA News > General Command", 2, "ARA News")]
    mentions = list(store.db.query("SELECT entity_name, coder, text FROM mentions_named"))
    assert {m["entity_name"] for m in mentions} == {"ARA News", "General Command"}
    assert {r["coder"] for r in store.db.query("SELECT coder FROM article_status_named")} == \
        {"ana"}


def test_article_status_long_form_and_dates(store, tmp_path):
    ids = store.add_articles([ArticleDraft("a", "first body", published="2016-11-05T19:34:14"),
                              ArticleDraft("b", "second body", published="2016-11-06"),
                              ArticleDraft("c", "third body")]).inserted
    store.set_status(ids[0], "done")
    store.set_status(ids[1], "in_progress")
    export_project(store, tmp_path, tables=["articles", "article_status"])
    status = read_csv(tmp_path / "article_status.csv")
    assert [(r["article_id"], r["coder"], r["status"]) for r in status] == [
        (str(ids[0]), "ana", "done"), (str(ids[1]), "ana", "in_progress")]
    assert all(r["updated_at"] for r in status)
    articles = {r["title"]: r for r in read_csv(tmp_path / "articles.csv")}
    assert [articles[t]["published"] for t in "abc"] == ["2016-11-05", "2016-11-06", ""]
    assert [articles[t]["published_time"] for t in "abc"] == ["19:34:14", "", ""]
    import pandas as pd
    frame = pd.read_csv(tmp_path / "articles.csv", parse_dates=["published"])
    assert str(frame["published"].dtype).startswith("datetime64")


def test_csv_written_in_batches_reports_progress_and_cancels_as_per_row(store, tmp_path):
    """The CSV route writes rows as SQLite's batches: progress still arrives every 500 rows
    or so, Cancel is still asked, and the rows are those of the per-row (JSON lines) route."""
    store.add_articles([ArticleDraft(f"T{i}", f"Body {i}, =1+1", outlet=None)
                        for i in range(1_200)])
    seen = []
    export_project(store, tmp_path / "csv", tables=["articles"],
                   progress=lambda done, total, _name: seen.append((done, total)))
    assert [d for d, _ in seen] == [500, 1000, 1200] and {t for _, t in seen} == {1200}
    with (tmp_path / "csv" / "articles.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    export_project(store, tmp_path / "jsonl", fmt="jsonl", tables=["articles"])
    lines = (tmp_path / "jsonl" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    as_json = [json.loads(line) for line in lines]
    assert [r["body"] for r in rows] == [r["body"] for r in as_json]
    assert rows[0]["outlet"] == "" and as_json[0]["outlet"] is None
    asked = []
    with pytest.raises(ExportCancelled):
        export_project(store, tmp_path / "cut", tables=["articles"],
                       cancel=lambda: asked.append(1) or True)
    assert asked == [1]
