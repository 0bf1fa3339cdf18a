"""File ▸ Open project… and Open Recent: another project in a window of its own."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.model import ArticleDraft
from annotator.store import Store


def other_project(tmp_path, name="other.db"):
    path = tmp_path / name
    with Store(path, coder="ana") as s:
        s.add_articles([ArticleDraft("Elsewhere", "🙂 Another project's article.")])
    return path


def test_open_project_opens_a_window_of_its_own_and_remembers_it(window, qtbot, tmp_path,
                                                                  monkeypatch):
    from annotator.gui import app

    path = other_project(tmp_path)
    monkeypatch.setattr("annotator.gui.file_dialogs.open_file_names",
                        lambda parent, caption, folder="": [str(path)])
    monkeypatch.setattr(app, "choose_coder", lambda store, settings, given: "ana")
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    [opened] = app.OPEN_WINDOWS  # it deletes itself when closed, below
    assert opened.store.path == path and opened.article_view.body.text.startswith("🙂 Another")
    assert window.recent.paths()[0] == str(path.resolve())
    window._fill_recent()
    labels = [a.text() for a in window.recent_menu.actions() if a.text()]
    assert any("other.db" in t for t in labels)
    opened.close()
    qtbot.waitUntil(lambda: not app.OPEN_WINDOWS)
    with Store(path) as again:  # its window closed the file cleanly
        assert again.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_a_missing_recent_project_is_shown_as_such_and_removable(window, qtbot, tmp_path):
    gone = other_project(tmp_path, "gone.db")
    window.recent.add(gone)
    gone.unlink()
    window._fill_recent()
    entry = next(a for a in window.recent_menu.actions() if "gone.db" in a.text())
    assert "(missing)" in entry.text() and not entry.isEnabled()
    remove = next(a for a in window.recent_menu.actions() if a.text() == "Remove missing projects")
    remove.trigger()
    assert not any("gone.db" in a.text() for a in window.recent_menu.actions())
    assert str(window.store.path.resolve()) in window.recent.paths()


def test_opening_this_project_again_stays_in_this_window(window, qtbot):
    from annotator.gui import app

    window.open_project_file(str(window.store.path))
    assert app.OPEN_WINDOWS == [] and "open in this window" in window.statusBar().currentMessage()


def test_ctrl_w_closes_this_window_and_ctrl_q_every_one(window, qtbot, tmp_path,
                                                        monkeypatch):
    """Found under Xvfb: with a second project open, Ctrl+Q closed only the focused one."""
    from annotator.gui import app

    monkeypatch.setattr(app, "choose_coder", lambda store, settings, given: "ana")
    window.open_project_file(str(other_project(tmp_path)))
    window.open_project_file(str(other_project(tmp_path, "third.db")))
    first, second = app.OPEN_WINDOWS
    second.activateWindow()
    qtbot.waitUntil(second.isActiveWindow)
    qtbot.keyClick(second.article_view.body, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: app.OPEN_WINDOWS == [first])  # that window only
    assert window.isVisible() and first.isVisible()
    first.activateWindow()
    qtbot.waitUntil(first.isActiveWindow)
    qtbot.keyClick(first.article_view.body, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not app.OPEN_WINDOWS)
    assert not window.isVisible()  # every project window, not only the focused one
