"""File ▸ Save a copy… and File ▸ Project information…, as a research assistant uses them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.model import ArticleDraft
from tests.processes import integrity, scalar


def test_save_a_copy_from_the_file_menu_while_coding(window, qtbot, tmp_path, monkeypatch):
    store = window.store
    store.add_articles([ArticleDraft(f"t{i}", f"text number {i} " * 40) for i in range(50)])
    target = tmp_path / "archive" / "copy.db"
    target.parent.mkdir()
    asked = []
    monkeypatch.setattr("annotator.gui.file_dialogs.save_file_name",
                        lambda parent, caption, path, filter_: asked.append(path) or str(target))
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.AltModifier)
    dialog = window.task_dialog
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
    assert asked and asked[0].endswith("-copy.db")  # a name beside the project is offered
    assert f"Saved a copy of the project as {target}" in dialog.status.text()
    assert integrity(target) == "ok"
    stored = scalar(store.path, "SELECT count(*) FROM articles")
    assert stored >= 50 and scalar(target, "SELECT count(*) FROM articles") == stored


def test_project_information_names_the_file_and_counts(window, qtbot):
    window.store.add_articles([ArticleDraft("one", "🙂 a body")])
    stored = scalar(window.store.path, "SELECT count(*) FROM articles")
    window.actions_by_name["project_info"].trigger()
    dialog = window.project_info_dialog
    qtbot.waitExposed(dialog)
    text = dialog.text()
    assert str(window.store.path) in text
    assert f"Articles</td><td><b>{stored:,}</b>" in text and "Annotator default codebook" in text
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
