"""import_paths over a real SQLite store, and the JSONL, CSV and HTML readers.

All fixtures are written into tmp_path by the tests themselves.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotator.importing import (
    ImportIssue,
    ImportReport,
    collect_files,
    import_paths,
    kind_of,
)
from annotator.importing.errors import ReadError
from annotator.importing.html import read_html_article
from annotator.importing.tabular import read_csv, read_jsonl
from annotator.store import Store


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


def scraped(title: str, body: str, date: str = "2016-11-05") -> str:
    return f"{title}\n\n{date}\n\n{body}\n"


def bodies(store: Store) -> list[str]:
    return [store.article(i).body for i in store.article_ids()]


# -- import_paths --------------------------------------------------------------------


def test_folder_is_walked_recursively_in_sorted_order_skipping_hidden(tmp_path, store):
    root = tmp_path / "corpus"
    write(root / "b" / "2.txt", scraped("B2", "Body of b two."))
    write(root / "b" / "1.txt", scraped("B1", "Body of b one."))
    write(root / "a.txt", scraped("A", "Body of a."))
    write(root / "c" / "d" / "deep.txt", scraped("Deep", "Body of deep."))
    write(root / ".hidden.txt", scraped("Hidden", "Hidden body."))
    write(root / ".git" / "x.txt", scraped("Git", "Git body."))
    report = import_paths(store, [root])
    assert (report.imported, report.duplicates, report.failed) == (4, 0, 0)
    titles = [store.article(i).title for i in store.article_ids()]
    assert titles == ["A", "B1", "B2", "Deep"]
    first = store.article(report.article_ids[0])
    assert first.source_file == str(root / "a.txt")
    assert first.published == "2016-11-05"


def test_paths_keep_the_form_the_caller_gave(tmp_path, store, monkeypatch):
    write(tmp_path / "in" / "x.txt", scraped("X", "Body x."))
    monkeypatch.chdir(tmp_path)
    import_paths(store, ["./in"])
    assert store.article(store.article_ids()[0]).source_file == os.path.join("./in", "x.txt")
    assert collect_files("in/x.txt") == ["in/x.txt"]  # one path, not its characters


def test_duplicates_within_a_run_and_on_reimport_are_counted(tmp_path, file_store):
    corpus = tmp_path / "corpus"  # not tmp_path itself: the project file lives there
    write(corpus / "one.txt", scraped("One", "Same body.\n\nSecond paragraph."))
    # Same body with different line breaks: the content hash normalises whitespace.
    write(corpus / "two.txt", scraped("Two", "Same body.\r\n\r\n  Second   paragraph."))
    write(corpus / "three.txt", scraped("Three", "Another body."))
    first = import_paths(file_store, [corpus])
    assert (first.imported, first.duplicates, first.failed) == (2, 1, 0)
    assert first.duplicate_of == [(str(corpus / "two.txt"), first.article_ids[0])]
    again = import_paths(file_store, [corpus], batch_size=1)
    assert (again.imported, again.duplicates, again.failed) == (0, 3, 0)
    assert file_store.count_articles(assigned_only=False) == 2


def test_bad_files_get_one_error_each_and_the_rest_imports(tmp_path, store):
    write(tmp_path / "a_good.txt", scraped("Good", "Good body."))
    write(tmp_path / "b_empty.txt", b"")
    write(tmp_path / "c_binary.dat", bytes(range(256)) * 8)
    write(tmp_path / "d_title_only.txt", "Only a title\n")
    write(tmp_path / "e_picture.png", b"\x89PNG\r\n\x1a\n" + bytes(100))
    write(tmp_path / "f_good.txt", scraped("Also good", "Another good body."))
    report = import_paths(store, [tmp_path, tmp_path / "missing.txt"])
    assert report.imported == 2
    assert report.failed == 5
    reasons = {Path(e.path).name: e.reason for e in report.errors}
    assert reasons["b_empty.txt"] == "empty file"
    assert reasons["c_binary.dat"] == "binary file"
    assert reasons["d_title_only.txt"].startswith("no body")
    assert reasons["e_picture.png"].startswith("binary file (PNG image)")
    assert reasons["missing.txt"] == "no such file or folder"
    assert all(e.line is None for e in report.errors)


def test_report_format_names_file_and_line():
    report = ImportReport(imported=3, duplicates=1, files=4, errors=[
        ImportIssue("data/a.jsonl", 7, "invalid JSON: Expecting value"),
        ImportIssue("data/b.txt", None, "empty file"),
    ])
    assert report.failed == 2
    lines = report.format().splitlines()
    assert lines[0] == "error: data/a.jsonl:7: invalid JSON: Expecting value"
    assert lines[1] == "error: data/b.txt: empty file"
    assert lines[2] == report.summary()
    assert "imported 3" in lines[2] and "1 duplicate" in lines[2] and "2 failed" in lines[2]


def test_unknown_extensions_are_sniffed(tmp_path, store):
    write(tmp_path / "article.dat", scraped("Plain", "Plain text body."))
    write(tmp_path / "export", json.dumps({"title": "J", "text": "JSON body."}) + "\n")
    write(tmp_path / "page.txt", PAGE)  # a saved web page with the wrong extension
    report = import_paths(store, [tmp_path])
    assert report.failed == 0, report.format()
    titles = sorted(store.article(i).title for i in report.article_ids)
    assert titles == ["Army retakes six districts", "J", "Plain"]


def test_kind_of_prefers_extension_then_content():
    assert kind_of("a.htm", "anything") == "html"
    assert kind_of("a.csv", "<html>") == "csv"
    assert kind_of("a.txt", "<!DOCTYPE html><html>") == "html"
    assert kind_of("noext", '{"text": "x"}\n') == "jsonl"
    assert kind_of("a.txt", '{"text": "x"}\n') == "text"
    assert kind_of("a.tsv", "x") == "tsv"


def test_batches_are_whole_transactions(tmp_path):
    """Articles reach the database in batches; each batch commits whole."""
    for n in range(7):
        write(tmp_path / f"{n}.txt", scraped(f"T{n}", f"Body number {n}."))
    store = Store(tmp_path / "p.db", coder="ana")
    seen: list[int] = []
    original = store.add_articles

    def counting(drafts, **kwargs):
        seen.append(len(drafts))
        return original(drafts, **kwargs)

    store.add_articles = counting
    report = import_paths(store, [tmp_path], batch_size=3)
    assert seen == [3, 3, 1]
    assert report.imported == 7
    store.close()
    reopened = Store(tmp_path / "p.db", coder="ana")
    assert reopened.count_articles(assigned_only=False) == 7
    assert reopened.count_articles(search="number", assigned_only=False) == 7  # indexed once
    reopened.close()


def test_progress_and_cancel(tmp_path, store):
    for n in range(5):
        write(tmp_path / f"{n}.txt", scraped(f"T{n}", f"Body number {n}."))
    calls = []
    report = import_paths(store, [tmp_path], progress=lambda *a: calls.append(a))
    assert [c[:2] for c in calls] == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert calls[0][2] == str(tmp_path / "0.txt")
    assert report.files == 5 and not report.cancelled

    fresh = Store(None)
    asked = iter([False, False, True])
    report = import_paths(fresh, [tmp_path], cancel=lambda: next(asked))
    assert report.cancelled and report.imported == 2 and report.files == 2
    assert fresh.count_articles(assigned_only=False) == 2
    assert "cancelled" in report.summary()


def test_a_reader_crash_becomes_an_error_not_an_exception(tmp_path, store, monkeypatch):
    import annotator.importing.detect as detect

    def explode(text, source_file=None, encoding=None):
        raise RuntimeError("bug in reader")

    monkeypatch.setattr(detect, "parse_text_article", explode)
    write(tmp_path / "a.txt", scraped("A", "Body."))
    report = import_paths(store, [tmp_path])
    assert report.failed == 1
    assert "RuntimeError: bug in reader" in report.errors[0].reason


# -- JSONL -----------------------------------------------------------------------------


def test_jsonl_flexible_names_and_a_broken_line(tmp_path, store):
    lines = [
        json.dumps({"title": "One", "date": "2016-11-05", "text": "Body one.",
                    "url": "https://e.org/1", "outlet": "Example", "section": "world"}),
        '{"title": "Broken", "text": ',
        "",
        json.dumps({"headline": "Two", "publishedAt": "2016-11-05T19:34:14Z",
                    "content": "Body two \U0001f389.", "link": "https://e.org/2",
                    "source": {"id": None, "name": "NewsAPI Outlet"}}),
        json.dumps({"title": "No body", "url": "https://e.org/3"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"Title": "Three", "Pub_Date": "5 November 2016", "BODY": "Body three.",
                    "Publisher": "P"}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    report = import_paths(store, [path])
    assert report.imported == 3
    assert [(e.line, e.reason.split(":")[0]) for e in report.errors] == [
        (2, "invalid JSON"), (5, "no body (expected a text, body or content field)"),
        (6, "expected a JSON object, found list"),
    ]
    assert report.errors[0].format().startswith(f"error: {path}:2: invalid JSON")
    one, two, three = (store.article(i) for i in report.article_ids)
    assert (one.title, one.published, one.url, one.outlet) == (
        "One", "2016-11-05", "https://e.org/1", "Example")
    assert one.extra == {"line": 1, "fields": {"section": "world"}}
    assert (two.title, two.body, two.published, two.outlet) == (
        "Two", "Body two \U0001f389.", "2016-11-05T19:34:14+00:00", "NewsAPI Outlet")
    assert (three.title, three.published, three.published_raw, three.outlet) == (
        "Three", "2016-11-05", "5 November 2016", "P")


def test_json_array_file():
    text = json.dumps([{"title": "A", "body": "a"}, {"title": "B"}], indent=2)
    items = list(read_jsonl(text, "x.json"))
    assert items[0].title == "A"
    assert isinstance(items[1], ReadError) and "item 2" in items[1].reason


# -- CSV -------------------------------------------------------------------------------


def test_csv_multiline_body_kept_whole_and_bad_rows_named(tmp_path, store):
    text = (
        "title,published_at,body,link,source\n"
        'One,2016-11-05,"First paragraph, with a comma.\n\nSecond ""quoted"" paragraph.",'
        "https://e.org/1,Example\n"
        "No body,2016-11-06,,https://e.org/2,Example\n"
        'Broken,2016-11-07,"unbalanced"quote,https://e.org/3,Example\n'
        "Too many,2016-11-08,Body,https://e.org/4,Example,extra,fields\n"
        "Two,,Second article body.,,\n"
    )
    path = write(tmp_path / "export.csv", text.replace("\n", "\r\n"))
    report = import_paths(store, [path])
    assert report.imported == 2
    assert [e.line for e in report.errors] == [5, 6, 7]
    assert report.errors[0].reason.startswith("no body")
    assert report.errors[1].reason.startswith("malformed CSV")
    assert report.errors[2].reason == "7 fields but the header has 5"
    one = store.article(report.article_ids[0])
    assert one.body == 'First paragraph, with a comma.\n\nSecond "quoted" paragraph.'
    assert (one.url, one.outlet, one.published) == ("https://e.org/1", "Example", "2016-11-05")
    two = store.article(report.article_ids[1])
    assert two.extra["line"] == 8 and two.published is None


def test_csv_semicolon_tsv_bom_and_cp1252(tmp_path, store):
    write(tmp_path / "a.csv", "\ufefftitle;text\nEuro;Prix \u00e0 5 \u20ac\n", "utf-8")
    write(tmp_path / "b.tsv", "headline\tcontent\nTab\tTabbed \u00a3 body\n", "cp1252")
    report = import_paths(store, [tmp_path])
    assert report.failed == 0, report.format()
    assert bodies(store) == ["Prix \u00e0 5 \u20ac", "Tabbed \u00a3 body"]


def test_csv_without_body_column_is_one_error():
    items = list(read_csv("title,date\nA,2016-01-01\nB,2016-01-02\n", "x.csv"))
    assert len(items) == 1 and items[0].line == 1 and "no body column" in items[0].reason


def test_csv_huge_cell():
    body = "word " * 300_000  # beyond csv's default 128 KiB field limit
    (draft,) = read_csv(f'title,text\nBig,"{body}"\n', "big.csv")
    assert draft.body == body.strip()


# -- HTML ------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Army retakes six districts | Example News</title>
<meta property="og:title" content="Army retakes six districts">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://news.example.org/2016/11/05/army-retakes">
<meta property="article:published_time" content="2016-11-05T19:34:14+00:00">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news section</a></li>
<li><a href="/sport">Sport pages and results</a></li></ul></nav></header>
<div class="ad advertisement">Buy cheap widgets today, best prices guaranteed online!</div>
<main><article>
<h1>Army retakes six districts</h1>
<p>The army has retaken six districts of the city after days of clashes with militants,
officials said on Saturday.</p>
<p>&ldquo;Our units liberated the neighbourhoods,&rdquo; the general command said in a
statement that was read out on television.</p>
<p>Fighting continued in the eastern district, where residents reported heavy shelling
overnight and into the morning.</p>
</article></main>
<aside class="sidebar"><h3>Most read</h3><ul>
<li><a href="/a">Celebrity chef opens restaurant in the capital</a></li></ul></aside>
<footer><p>Copyright 2016 Example News Ltd. All rights reserved. Privacy policy.</p></footer>
</body></html>
"""


def test_html_article_without_navigation_ads_or_footer():
    draft = read_html_article(PAGE, "page.html")
    assert draft.title == "Army retakes six districts"
    assert draft.outlet == "Example News"
    assert draft.url == "https://news.example.org/2016/11/05/army-retakes"
    assert draft.published == "2016-11-05"
    assert draft.body.startswith("The army has retaken six districts")
    assert "\u201cOur units liberated the neighbourhoods,\u201d" in draft.body
    assert draft.body.endswith("overnight and into the morning.")
    for boilerplate in ("Home", "World news", "widgets", "Most read", "Celebrity chef",
                        "Copyright", "Privacy"):
        assert boilerplate not in draft.body


def test_html_files_import_and_empty_pages_fail(tmp_path, store):
    write(tmp_path / "page.htm", PAGE, "utf-8")
    write(tmp_path / "empty.html", "<html><head><title>x</title></head><body></body></html>")
    report = import_paths(store, [tmp_path])
    assert report.imported == 1
    assert [(Path(e.path).name, e.reason) for e in report.errors] == [
        ("empty.html", "no article text found in the HTML page")]


@pytest.mark.parametrize("reader", [read_csv, read_jsonl])
def test_tabular_readers_yield_errors_not_raise(reader):
    items = list(reader("\x7f garbage \u00ff\n{[\n", "junk"))
    assert items and all(isinstance(i, ReadError) for i in items)
