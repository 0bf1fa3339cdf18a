"""The start screen: recent projects (missing ones marked, removable), keys, the ways out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from windows import show_active

from annotator.gui.recent import RecentProjects
from annotator.model import ArticleDraft
from annotator.store import Store


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_project(path, title="An article"):
    with Store(path, coder="ana") as store:
        store.add_articles([ArticleDraft(title, f"🙂 The body of {title}.")])
    return path.resolve()


@pytest.fixture
def projects(tmp_path, settings):
    """Three recent projects, newest first: first.db, gone.db (deleted), third.db."""
    paths = [make_project(tmp_path / n, n) for n in ("third.db", "gone.db", "first.db")]
    recent = RecentProjects(settings)
    for path in paths:
        recent.add(path)
    paths[1].unlink()
    return [str(p) for p in reversed(paths)]


@pytest.fixture
def screen(qtbot, settings, projects, monkeypatch):
    from annotator.gui import app
    from annotator.gui.start_screen import StartScreen
    monkeypatch.setattr(app, "choose_coder", lambda store, settings, given: given or "ana")
    win = show_active(qtbot, StartScreen(settings))
    yield win
    for window in list(app.OPEN_WINDOWS):
        window.close()
    qtbot.waitUntil(lambda: not app.OPEN_WINDOWS)


def test_it_lists_the_recent_projects_and_marks_the_missing_one(screen, projects):
    assert screen.paths_shown() == [(projects[0], False), (projects[1], True),
                                    (projects[2], False)]
    missing = screen.list.item(1)
    assert "missing" in missing.text() and "gone.db" in missing.text()
    assert "missing" not in screen.list.item(0).text()
    assert screen.list.currentRow() == 0 and screen.list.hasFocus()


def test_delete_removes_a_project_from_the_settings_not_the_disk(screen, settings, projects,
                                                                  qtbot):
    qtbot.keyClick(screen.list, Qt.Key.Key_Down)
    qtbot.keyClick(screen.list, Qt.Key.Key_Delete)
    assert RecentProjects(settings).paths() == [projects[0], projects[2]]
    assert [p for p, _ in screen.paths_shown()] == [projects[0], projects[2]]
    assert screen.list.currentItem().text().startswith("third.db")  # the row below moved up
    qtbot.mouseClick(screen.remove_button, Qt.MouseButton.LeftButton)
    assert RecentProjects(settings).paths() == [projects[0]]
    from pathlib import Path
    assert Path(projects[0]).exists()


def test_clear_list_forgets_them_all(screen, settings, qtbot):
    qtbot.mouseClick(screen.clear_button, Qt.MouseButton.LeftButton)
    assert RecentProjects(settings).paths() == [] and screen.paths_shown() == []
    assert not screen.remove_button.isEnabled() and not screen.clear_button.isEnabled()


def test_arrows_and_enter_open_a_recent_project_in_its_window(screen, projects, qtbot):
    from annotator.gui import app
    qtbot.keyClick(screen.list, Qt.Key.Key_Down)
    qtbot.keyClick(screen.list, Qt.Key.Key_Down)
    qtbot.keyClick(screen.list, Qt.Key.Key_Return)
    [window] = app.OPEN_WINDOWS
    assert str(window.store.path.resolve()) == projects[2]
    assert window.article_view.body.text == "🙂 The body of third.db."
    assert not screen.isVisible()


def test_enter_on_a_missing_project_says_so_and_opens_nothing(screen, qtbot):
    from annotator.gui import app
    screen.list.setCurrentRow(1)
    qtbot.keyClick(screen.list, Qt.Key.Key_Enter)
    assert app.OPEN_WINDOWS == [] and screen.isVisible()
    assert "gone.db is missing" in screen.message.text()


def test_ctrl_n_and_ctrl_o_are_the_screens_keys(screen, qtbot, monkeypatch, projects):
    from annotator.gui import app
    from annotator.gui.dialogs import new_project
    asked = []
    monkeypatch.setattr(new_project, "new_project",
                        lambda settings, parent=None: asked.append("new"))
    qtbot.keyClick(screen.list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["new"] and screen.isVisible()  # nothing opened: the screen stays
    monkeypatch.setattr("annotator.gui.file_dialogs.open_file_names",
                        lambda parent, caption, folder="": [projects[2]])
    qtbot.keyClick(screen.list, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    [window] = app.OPEN_WINDOWS
    assert str(window.store.path.resolve()) == projects[2] and not screen.isVisible()


def test_the_demo_opens_from_the_screen_and_its_folder_goes_with_its_window(screen, qtbot,
                                                                            settings):
    from annotator.gui import app
    window = screen.open_demo()
    folder = window.store.path.parent
    assert window.store.coder_name == "demo" and window.article_id is not None
    assert str(window.store.path.resolve()) not in RecentProjects(settings).paths()
    window.close()
    qtbot.waitUntil(lambda: not folder.exists())
    assert app.DEMO_FOLDERS == []


def test_the_old_default_project_is_listed_when_it_exists(qtbot, settings, tmp_path):
    from annotator.gui.start_screen import StartScreen
    default = make_project(tmp_path / "project.db")
    win = show_active(qtbot, StartScreen(settings, default_project=default))
    assert win.paths_shown() == [(str(default), False)]
    nowhere = StartScreen(settings, default_project=tmp_path / "absent.db")
    qtbot.addWidget(nowhere)
    assert nowhere.paths_shown() == [(str(default), False)]


def test_run_window_with_no_project_shows_the_start_screen(qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.gui.app import run_window
    from annotator.gui.start_screen import StartScreen
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    seen = []

    def close_screen():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, StartScreen) and widget.isVisible():
                seen.append(widget)
                widget.close()

    QTimer.singleShot(300, close_screen)
    assert run_window() == 0
    assert len(seen) == 1
