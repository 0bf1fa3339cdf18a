"""Bad input never stops an import: each costs one error or warning line naming file and line.

Every fixture is a real file in tmp_path, imported into a real Store.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.importing import ImportReport, _flush, import_paths
from annotator.model import ArticleDraft
from annotator.store import Store

SURROGATE = "\ud800"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def bodies(store: Store) -> list[str]:
    return [store.article(i).body for i in store.article_ids()]


# -- lone surrogates ---------------------------------------------------------------------------


def test_a_lone_surrogate_in_jsonl_is_replaced_and_the_batch_around_it_is_stored(tmp_path, store):
    """One file's "\\ud800" once failed the batch: the other files' articles were lost."""
    write(tmp_path / "a.txt", "A good article\n\nIts body is fine.\n")
    path = write(tmp_path / "b.jsonl", jsonl(
        {"title": "Good", "text": "Good line one."},
        {"title": f"Odd {SURROGATE}", "text": f"Before {SURROGATE} after.",
         "section": f"key{SURROGATE}"},
        {"title": "Good", "text": "Good line three."}))
    write(tmp_path / "c.txt", "Another article\n\nAnother fine body.\n")
    report = import_paths(store, [tmp_path])
    assert (report.imported, report.failed) == (5, 0), report.format()
    odd = store.article(report.article_ids[2])
    assert odd.body == "Before \ufffd after."  # one code point for one: offsets unchanged
    assert odd.title == "Odd \ufffd"
    assert odd.extra["fields"] == {"section": "key\ufffd"}
    (warning,) = report.warnings
    assert warning.format().startswith(f"warning: {path}:2: 3 invalid characters")
    assert "U+FFFD" in warning.reason


def test_a_lone_surrogate_in_a_json_document(tmp_path, store):
    path = write(tmp_path / "feed.json", json.dumps(
        [{"title": "One", "text": "Fine."}, {"title": "Two", "text": f"x{SURROGATE}y"}],
        indent=2))
    report = import_paths(store, [path])
    assert (report.imported, report.failed) == (2, 0), report.format()
    assert bodies(store) == ["Fine.", "x\ufffdy"]
    assert [(w.path, w.line) for w in report.warnings] == [(str(path), 6)]


def test_bytes_not_valid_past_the_encoding_sample_become_replacement_characters(tmp_path, store):
    """A big UTF-8 CSV with one stray cp1252 byte far in: that row gets U+FFFD and a
    warning; the file is not re-read as cp1252 (which garbled every other row)."""
    rows = "".join(f"Row {i},Caf\u00e9 number {i} is open.\n" for i in range(60_000))
    data = ("title,text\n" + rows).encode("utf-8") + b"Stray,Price \xa3 5\nLast,Caf\xc3\xa9 last.\n"
    assert len(data) > 2 * 1024 * 1024  # past the part the encoding is guessed from
    path = write(tmp_path / "big.csv", data)
    report = import_paths(store, [path])
    assert (report.imported, report.failed) == (60_002, 0), report.format()[:500]
    texts = bodies(store)
    assert texts[0] == "Caf\u00e9 number 0 is open."
    assert texts[-2:] == ["Price \ufffd 5", "Caf\u00e9 last."]
    assert [(w.line, w.reason.split(" ", 1)[0]) for w in report.warnings] == [(60_002, "1")]


# -- drafts the store refuses, and store failures ----------------------------------------------


def test_a_draft_the_store_cannot_take_fails_alone(store):
    good = [ArticleDraft("One", "First body.", source_file="a.jsonl", extra={"line": 1}),
            ArticleDraft("Three", "Third body.", source_file="a.jsonl", extra={"line": 3})]
    bad = ArticleDraft("Two", "Second body.", source_file="a.jsonl",
                       extra={"line": 2, "tags": {"a set", "JSON cannot write"}})
    report = ImportReport()
    _flush(store, [good[0], bad, good[1]], report)
    assert report.imported == 2
    assert bodies(store) == ["First body.", "Third body."]
    (error,) = report.errors
    assert error.format().startswith("error: a.jsonl:2: could not be stored (TypeError")


def test_a_store_failure_stops_the_import_and_is_never_taken_for_a_bad_file(tmp_path):
    """A project that cannot be written is the store's failure, not a file's: the import
    stops with one line saying why, and no input is blamed for it."""
    write(tmp_path / "in" / "a.txt", "Title\n\nA body.\n")
    store = Store(tmp_path / "p.db", coder="ana")
    store.db.execute("PRAGMA query_only = ON")
    report = import_paths(store, [tmp_path / "in"])
    store.close()
    assert report.stopped is not None and str(tmp_path / "p.db") in report.stopped
    assert report.errors == [] and report.imported == 0


# -- deeply nested JSON ---------------------------------------------------------------------


def test_deeply_nested_json_is_one_error_and_the_following_lines_import(tmp_path, store):
    deep = "[" * 100_000 + "]" * 100_000
    nested_field = '{"text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = write(tmp_path / "deep.jsonl", "\n".join([
        json.dumps({"title": "Before", "text": "Before the deep line."}),
        deep, nested_field,
        json.dumps({"title": "After", "text": "After the deep line."})]) + "\n")
    report = import_paths(store, [path])
    assert report.imported == 2
    assert bodies(store) == ["Before the deep line.", "After the deep line."]
    assert [e.format() for e in report.errors] == [
        f"error: {path}:2: invalid JSON: nested too deeply",
        f"error: {path}:3: invalid JSON: nested too deeply"]


def test_a_broken_item_of_a_json_array_names_its_line_and_keeps_the_items_before(tmp_path,
                                                                              store):
    text = ('[\n  {"title": "A", "text": "Item a."},\n  {"title": "B", "text": "Item b."},\n'
            '  {"title": "C", "text": },\n  {"title": "D", "text": "Item d."}\n]\n')
    path = write(tmp_path / "items.json", text)
    report = import_paths(store, [path])
    assert bodies(store) == ["Item a.", "Item b."]
    assert [(e.line, e.reason) for e in report.errors] == [
        (4, "item 3: invalid JSON: Expecting value at column 26")]
    assert [store.article(i).extra["line"] for i in report.article_ids] == [2, 3]


def test_a_raw_control_character_in_a_json_line_is_reported_whole(tmp_path, store):
    """json's message reads on into the place ("Invalid control character at"): the
    coder is told the column, not a sentence cut off at "at"."""
    path = write(tmp_path / "feed.jsonl", '{"title": "A", "text": "Fine."}\n'
                 '{"title": "B", "text": "Two\tlines"}\n{"title": "C", "text": "Also fine."}\n')
    report = import_paths(store, [path])
    assert bodies(store) == ["Fine.", "Also fine."]
    (error,) = report.errors
    assert error.format() == f"error: {path}:2: invalid JSON: Invalid control character " \
        "at column 28"


# -- size limits: a clear line instead of eating memory --------------------------------------


def sparse(path: Path, head: str, size: int) -> Path:
    """A real head (past the encoding sample) and then a hole: big, but no disk used."""
    with path.open("wb") as fh:
        fh.write(head.encode("utf-8"))
        fh.truncate(size)
    return path


@pytest.mark.parametrize(("name", "head", "size", "reason"), [
    ("page.html", "<!DOCTYPE html><html><body>" + "<p>Words of a page.</p>\n" * 60_000,
     60_000_000, "an HTML page of 60 MB is more than the 50 MB one article may have"),
    ("huge.txt", "A title\n\n" + "A line of the body.\n" * 70_000, 300_000_000,
     "a text file of 300 MB is more than the 256 MB one article may have"),
    ("big.json", "[\n" + '  {"title": "A", "text": "An item of the array."},\n' * 30_000,
     70_000_000, "a JSON document of 70 MB is more than the 64 MB that is read whole"),
])
def test_files_past_their_size_limit_get_one_clear_line(tmp_path, store, name, head, size,
                                                         reason):
    path = sparse(tmp_path / name, head, size)
    write(tmp_path / "ok.txt", "Fine\n\nA fine body.\n")
    report = import_paths(store, [tmp_path])
    assert report.imported == 1
    (error,) = report.errors
    assert (error.path, error.line) == (str(path), None)
    assert error.reason.startswith(reason), error.reason


# -- the project file is never read as input -----------------------------------------------


def test_the_project_file_inside_an_imported_folder_is_left_alone(tmp_path):
    """Reading it with Python file I/O would drop this process's SQLite locks on it."""
    write(tmp_path / "a.txt", "Title\n\nBody of a.\n")
    with Store(tmp_path / "p.db", coder="ana") as store:
        store.add_articles([ArticleDraft("Seed", "Already there.")])
        report = import_paths(store, [tmp_path])
    assert (report.imported, report.failed, report.files) == (1, 0, 1), report.format()


# -- the command line --------------------------------------------------------------------------


def test_cli_prints_warnings_and_keeps_status_0_for_warnings_alone(tmp_path):
    src = write(tmp_path / "in" / "odd.jsonl", jsonl({"title": "T", "text": f"a{SURROGATE}b"}))
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(tmp_path / "p.db"), str(src)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"warning: {src}:1: 1 invalid character")
    assert "imported 1, duplicates 0, failed 0, warnings 1" in result.stdout
    write(tmp_path / "in" / "bad.jsonl", "{not json\n")
    again = runner.invoke(main, ["import", str(tmp_path / "q.db"), str(tmp_path / "in")])
    assert again.exit_code == 1
    assert f"error: {tmp_path / 'in' / 'bad.jsonl'}:1: invalid JSON" in again.stderr
