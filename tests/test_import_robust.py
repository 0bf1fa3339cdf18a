"""Bad input never stops an import: each costs one error or warning line naming file and line.

Every fixture is a real file in tmp_path, imported into a real Store.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.importing import ImportReport, _flush, import_paths
from annotator.model import ArticleDraft
from annotator.store import ProjectError, Store

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
    assert warning.format().startswith(f"warning: {path}:2: 3 invalid character(s)")
    assert "U+FFFD" in warning.reason


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


def test_a_store_failure_still_propagates(tmp_path):
    """A read-only project is a failure of the store, not of a file: never swallowed."""
    write(tmp_path / "in" / "a.txt", "Title\n\nA body.\n")
    store = Store(tmp_path / "p.db", coder="ana")
    store.db.execute("PRAGMA query_only = ON")
    with pytest.raises((sqlite3.OperationalError, ProjectError)):
        import_paths(store, [tmp_path / "in"])
    store.close()


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
    assert result.stderr.startswith(f"warning: {src}:1: 1 invalid character(s)")
    assert "imported 1, duplicates 0, failed 0, warnings 1" in result.stdout
    write(tmp_path / "in" / "bad.jsonl", "{not json\n")
    again = runner.invoke(main, ["import", str(tmp_path / "q.db"), str(tmp_path / "in")])
    assert again.exit_code == 1
    assert f"error: {tmp_path / 'in' / 'bad.jsonl'}:1: invalid JSON" in again.stderr
