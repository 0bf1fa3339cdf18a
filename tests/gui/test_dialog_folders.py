"""Where the file dialogs open: the project's folder, then the folder last chosen in
(found under Xvfb: every dialog opened in the folder the program was started from)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from windows import show_active

from annotator.gui.file_dialogs import IMPORT_FOLDER, PROJECTS_FOLDER, remember_folder
from annotator.gui.main_window import MainWindow


def folder_of_next_dialog(qtbot, window, press) -> str:
    """Press what opens a file dialog; return the folder it lists, and cancel it."""
    seen = []
    window.activateWindow()  # offscreen, a closed modal dialog hands no activation back
    qtbot.waitUntil(window.isActiveWindow)

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, look)
            return
        seen.append(Path(dialog.directory().absolutePath()))
        dialog.reject()

    QTimer.singleShot(20, look)
    press()
    qtbot.waitUntil(lambda: bool(seen))
    return seen[0]


def test_import_opens_in_the_projects_folder_then_where_the_coder_last_imported(
        qtbot, project, settings, tmp_path, monkeypatch):
    monkeypatch.chdir("/")  # the program was started elsewhere
    window = show_active(qtbot, MainWindow(project, settings))
    body = window.article_view.body

    def ctrl_i():
        qtbot.keyClick(body, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)

    assert folder_of_next_dialog(qtbot, window, ctrl_i) == Path(project.path).parent
    week = tmp_path / "week-48"
    week.mkdir()
    remember_folder(settings, IMPORT_FOLDER, [str(week / "monday.txt")])  # a file chosen
    assert settings.value(IMPORT_FOLDER) == str(week)
    assert folder_of_next_dialog(qtbot, window, ctrl_i) == week
    week.rmdir()  # a folder since removed: back to the project's
    assert folder_of_next_dialog(qtbot, window, ctrl_i) == Path(project.path).parent


def test_open_project_opens_where_the_last_project_was_opened(qtbot, project, settings,
                                                              tmp_path, monkeypatch):
    monkeypatch.chdir("/")
    window = show_active(qtbot, MainWindow(project, settings))
    team = tmp_path / "team"
    team.mkdir()
    settings.setValue(PROJECTS_FOLDER, str(team))

    def ctrl_o():
        qtbot.keyClick(window.article_view.body, Qt.Key.Key_O,
                       Qt.KeyboardModifier.ControlModifier)

    assert folder_of_next_dialog(qtbot, window, ctrl_o) == team
