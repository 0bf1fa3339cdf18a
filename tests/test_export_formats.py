"""xlsx, sav and dta exports, read back with openpyxl, pandas and pyreadstat as an analyst would."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from openpyxl import load_workbook
from test_export import BODY, coded_project

from annotator.exporting import export_project
from annotator.exporting.xlsx import MAX_CELL
from annotator.model import ArticleDraft


def unescape_ooxml(text: str) -> str:
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), text)


LONG = "word " * 8000 + "the end"  # 40,007 characters: more than a cell holds


def add_tricky_article(store) -> int:
    body = "4e07 =SUM(A1:A9) 00123 " + LONG
    aid = store.add_articles([ArticleDraft(title="4e07", body=body, outlet="00123",
                                           published="2016-11-05T19:34:14")]).inserted[0]
    store.add_claim(aid, 0, 4, category="not_in_codebook", position=1)
    store.add_claim(aid, 5, 16)
    return aid


@pytest.fixture
def workbook(store, tmp_path):
    coded_project(store)
    add_tricky_article(store)
    report = export_project(store, tmp_path / "x", fmt="xlsx")
    return report, tmp_path / "x" / "tables.xlsx"


def test_xlsx_sheets_claims_flat_first_with_frozen_header_and_widths(workbook):
    report, path = workbook
    assert sorted(p.name for p in path.parent.iterdir()) == ["tables.xlsx"]
    book = load_workbook(path)
    assert book.sheetnames[0] == "claims_flat"
    assert set(book.sheetnames) == {"claims_flat", "articles", "article_status", "entities",
                                    "mentions", "claims", "attributions", "codebook"}
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet["A1"].font.bold
    flat = book["claims_flat"]
    header = [c.value for c in flat[1]]
    width = {name: flat.column_dimensions[chr(65 + i)].width for i, name in enumerate(header)
             if i < 26}
    assert width["claim_id"] < width["claim_text"] <= 42  # fitted to the contents, bounded
    assert report.rows["claims_flat"] == flat.max_row - 1


def test_xlsx_texts_stay_text_and_numbers_numbers(workbook):
    _, path = workbook
    book = load_workbook(path)
    articles = book["articles"]
    header = [c.value for c in articles[1]]
    rows = [dict(zip(header, (c for c in row))) for row in articles.iter_rows(min_row=2)]
    tricky = next(r for r in rows if r["title"].value == "4e07")
    assert tricky["title"].data_type == "s"  # not the number 40,000,000
    assert tricky["outlet"].value == "00123" and tricky["outlet"].data_type == "s"
    assert tricky["article_id"].data_type == "n"
    first = next(r for r in rows if r["title"].value != "4e07")
    assert first["outlet"].value == "=cmd|' /C calc'!A0"  # text, never a formula
    assert first["outlet"].data_type == "s"
    # the body's CR is stored as OOXML's _x000D_ escape, which Excel and LibreOffice decode
    # (openpyxl leaves it as it is)
    assert unescape_ooxml(first["body"].value) == BODY
    frame = pd.read_excel(path, sheet_name="claims", dtype=object)
    assert frame["position"].tolist().count(-1) == 1  # a position stays the number -1
    assert tricky["published"].value == "2016-11-05"
    assert tricky["published_time"].value == "19:34:14"


def test_xlsx_cuts_an_overlong_cell_visibly_and_warns(workbook):
    report, path = workbook
    frame = pd.read_excel(path, sheet_name="articles", dtype=str)
    body = frame.loc[frame["title"] == "4e07", "body"].iloc[0]
    assert len(body) == MAX_CELL
    assert body.endswith("the CSV export has the whole text]") and "40,030 characters" in body
    assert body.startswith("4e07 =SUM(A1:A9) 00123 word word")
    [warning] = report.warnings
    assert "tables.xlsx, sheet articles" in warning and "1 cell over" in warning
    assert "(body: 1)" in warning


@pytest.mark.parametrize("fmt,read", [("sav", pyreadstat.read_sav), ("dta", pyreadstat.read_dta)])
def test_statistics_files_carry_the_codebook(store, tmp_path, fmt, read):
    coded_project(store)
    add_tricky_article(store)
    report = export_project(store, tmp_path / fmt, fmt=fmt)
    assert not (tmp_path / fmt / f"codebook.{fmt}").exists()  # it is inside, as labels
    frame, meta = read(str(tmp_path / fmt / f"claims_flat.{fmt}"))
    assert len(frame) == report.rows["claims_flat"] == 4
    labels = meta.variable_value_labels
    assert labels["position"] == {-1: "-1 against / negative", 0: "0 neutral",
                                  1: "+1 for / positive"}
    assert sorted(frame["position"].dropna().tolist()) == [-1, 0, 1]
    categories = labels["category"]
    assert categories[1] == "military_action" and categories[2] == "casualties"
    assert categories[7] == "not_in_codebook"  # a project's own value is kept, coded after
    coded = frame.set_index("claim_text")["category"]
    assert categories[coded["\"quoted, with comma\" 😀\nthen a new line."]] == "casualties"
    assert categories[coded["4e07"]] == "not_in_codebook"
    assert labels["kind"][frame["kind"].dropna().iloc[0]] == "indirect"
    assert labels["source_type"][2] == "ORG"
    assert meta.column_names_to_labels["position"].startswith("Claim's position")
    assert meta.column_names_to_labels["chain"] == "Attribution chain, outermost source first"
    assert frame.loc[frame["claim_text"] == "4e07", "published"].iloc[0] == pd.Timestamp(
        "2016-11-05")
    assert set(frame["chain"]) >= {"ARA News > General Command", ""}


@pytest.mark.parametrize("fmt,read", [("sav", pyreadstat.read_sav), ("dta", pyreadstat.read_dta)])
def test_statistics_files_keep_texts_and_offsets(store, tmp_path, fmt, read):
    coded_project(store)
    aid = add_tricky_article(store)
    report = export_project(store, tmp_path / fmt, fmt=fmt)
    articles, _ = read(str(tmp_path / fmt / f"articles.{fmt}"))
    mentions, _ = read(str(tmp_path / fmt / f"mentions.{fmt}"))
    first = articles.loc[articles["article_id"] == 1, "body"].iloc[0]
    assert first == BODY  # emoji, CRLF and the leading = survive
    for _, m in mentions.iterrows():
        assert first[int(m["start"]):int(m["end"])] == m["text"]
    tricky = articles.loc[articles["article_id"] == aid, "body"].iloc[0]
    if fmt == "dta":  # strL holds the whole text
        assert tricky.endswith("the end") and len(tricky) == 40_030
        assert not report.warnings
    else:  # SPSS holds 32,767 bytes in a value
        assert len(tricky.encode("utf-8")) <= 32_767 and "40,030 characters" in tricky
        assert any("articles.sav" in w and "1 text value" in w for w in report.warnings)
    status, meta = read(str(tmp_path / fmt / f"article_status.{fmt}"))
    assert meta.variable_value_labels["status"][status["status"].iloc[0]] == "done"


SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LONGEST = (SHARED / "corpora" / "polnear" / "train" / "text"
           / "breitbart_2016-02-20_the-latest-hillary-clinton-tells.txt")


@pytest.mark.skipif(not LONGEST.is_file(), reason="../shared is absent")
def test_xlsx_cuts_polnears_longest_body_and_csv_keeps_it(store, tmp_path):
    """The one PolNeAR body over a cell's limit (33,672 characters)."""
    body = LONGEST.read_text(encoding="utf-8")
    store.add_articles([ArticleDraft("the latest", body)])
    report = export_project(store, tmp_path / "x", fmt="xlsx")
    [warning] = report.warnings
    assert "1 cell over 32,767 characters cut (body: 1)" in warning
    cell = load_workbook(tmp_path / "x" / "tables.xlsx")["articles"]
    header = [c.value for c in cell[1]]
    stored = cell.cell(row=2, column=header.index("body") + 1).value
    assert len(stored) == MAX_CELL and stored.endswith(
        "[… cut: 33,672 characters in all; the CSV export has the whole text]")
    export_project(store, tmp_path / "c")
    whole = pd.read_csv(tmp_path / "c" / "articles.csv", dtype=str, keep_default_na=False)
    assert whole["body"].iloc[0] == body
