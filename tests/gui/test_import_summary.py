"""The window's import summary lists warnings as well as errors, one line each."""

from __future__ import annotations

import json

from annotator.gui.dialogs.import_export import summarise_import
from annotator.importing import import_paths
from annotator.store import Store


def test_summary_lists_warnings_and_errors(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"title": "T", "text": "a\ud800b"}) + "\n{broken\n",
                    encoding="utf-8")
    ann_text = "Donald Trump spoke.\n"
    (tmp_path / "doc.txt").write_text(ann_text, encoding="utf-8")
    (tmp_path / "doc.ann").write_text("T1\tPER 0 400\tDonald Trump\n", encoding="utf-8")
    with Store(None, coder="ana") as store:
        report = import_paths(store, [feed, tmp_path / "doc.ann"])
    summary, lines = summarise_import(report)
    assert summary.startswith("Imported 2 articles") and "1 failed" in summary
    assert "warning" in summary
    assert f"error: {feed}:2: invalid JSON: Expecting property name enclosed in double quotes" \
        " at column 2" in lines
    assert f"warning: {feed}:1: 1 invalid character (lone surrogates, or bytes not valid " \
        "in the file's encoding) replaced by U+FFFD" in lines
    assert any(line.startswith(f"warning: {tmp_path / 'doc.ann'}:1: T1: span 0-400")
               for line in lines)


def test_summary_names_each_tool_and_the_files_skipped(tmp_path):
    (tmp_path / "README.md").write_text("# About this corpus\n")
    (tmp_path / "admin.jsonl").write_text(json.dumps(
        {"text": "Rahul Gandhi spoke on Sunday.", "label": [[0, 12, "PERSON"],
                                                            [22, 28, "DATE"]]}) + "\n")
    with Store(None, coder="ana") as store:
        report = import_paths(store, [tmp_path])
    summary, lines = summarise_import(report)
    assert summary.startswith("Imported 1 article ") and "1 note" in summary
    assert lines[0].startswith("doccano: 1 file, 1 article added")
    assert "1 mention," in lines[0] and "ignored: type DATE 1" in lines[0]
    assert f"note: {tmp_path / 'README.md'}: describes the corpus" in lines[1]


def test_after_an_import_enter_closes_the_summary_and_the_keys_are_the_articles(
        window, qtbot, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    new = tmp_path / "new.txt"
    new.write_text("A fresh article\n\nThe Iraqi forces retook six neighborhoods.",
                   encoding="utf-8")
    window.import_paths([str(new)])
    dialog = window.task_dialog
    qtbot.waitUntil(lambda: not dialog.running() and "Imported" in dialog.status.text(),
                    timeout=20000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Close is the default
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: window.article_view.body.hasFocus())
