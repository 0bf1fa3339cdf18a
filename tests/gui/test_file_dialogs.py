"""File dialogs listing the project's own folder must not cost the window its edits.

Qt's stock dialog opens every listed file to guess its type; closing those
descriptors drops the window's SQLite locks, and an outside reader closing
next deletes the live write-ahead log. Each test runs a real window in a
process of its own, lists the project's folder in a dialog, lets ``sqlite3``
read and close the project, makes an edit, and dies with ``os._exit(9)``.
"""

from __future__ import annotations

import ast

from processes import REPO, run_python, scalar

from annotator.store import Store

SCRIPT = r"""
import os, subprocess, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from annotator.gui.main_window import MainWindow
from annotator.store import Store

path, mode = sys.argv[1], sys.argv[2]
os.chdir(os.path.dirname(path))  # the coder started annotator in the project's folder
app = QApplication([])
store = Store(path, coder="ana")
window = MainWindow(store, QSettings("s.ini", QSettings.Format.IniFormat))
window.show()

def browse():
    dialog = QApplication.activeModalWidget()
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    QTest.qWait(600)
    QTest.keyClicks(dialog.findChild(QLineEdit), "p")  # the path completer lists too
    QTest.qWait(600)
    dialog.reject()

QTimer.singleShot(500, browse)
if mode == "ours":
    window.import_files()  # File > Import files...
else:  # Qt's stock dialog, as the window used before
    QFileDialog.getOpenFileNames(window, "Import", "",
                                 options=QFileDialog.Option.DontUseNativeDialog)
code = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        " c.execute('SELECT count(*) FROM mentions').fetchall(); c.close()")
subprocess.run([sys.executable, "-c", code, path], check=True)
lost = store.journal_lost()
window.outside.poll()  # the window's own 2 s check, at once
change = store.add_entity("Iraqi Army", "ORG")
print(repr((lost, window.alert_bar.text(), change.row_id)), flush=True)
os._exit(9)
"""


def run_window_with(mode: str, tmp_path) -> tuple[bool, str, int]:
    db = tmp_path / "p.db"
    Store(db).close()
    done = run_python(SCRIPT, str(db), mode)
    assert done.returncode == 9, done.stderr
    lost, alert, entity_id = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert scalar(db, "SELECT name FROM entities WHERE id = ?", (entity_id,)) == "Iraqi Army"
    return lost, alert, entity_id


def test_the_windows_file_dialog_leaves_the_project_file_alone(tmp_path):
    lost, alert, _ = run_window_with("ours", tmp_path)
    assert lost is False
    assert alert == ""


def test_a_dialog_that_reads_the_files_is_caught_and_the_window_reconnects(tmp_path):
    lost, alert, _ = run_window_with("stock", tmp_path)
    assert lost is True  # Qt's stock dialog did drop the locks: the tripwire is needed
    assert "removed the journal" in alert and "Every edit is in the file" in alert


def test_no_file_dialog_is_opened_outside_file_dialogs_module():
    """Every dialog goes through annotator/gui/file_dialogs.py (a checked rule)."""
    offenders = []
    for path in (REPO / "annotator").rglob("*.py"):
        if path.name == "file_dialogs.py":
            continue
        text = path.read_text(encoding="utf-8")
        for call in ("getOpenFileName", "getExistingDirectory", "getSaveFileName",
                     "QFileDialog("):
            if call in text:
                offenders.append(f"{path.relative_to(REPO)}: {call}")
    assert offenders == []


def test_the_detail_view_shows_each_files_size_whole(qtbot, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QTreeView

    from annotator.gui.file_dialogs import safe_dialog

    (tmp_path / "a-long-article-file-name-from-the-scraper.txt").write_text("x" * 26_000)
    dialog = safe_dialog(None, "Import", str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.show()
    tree = dialog.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: tree.model().rowCount(tree.rootIndex()) == 1)
    size = tree.model().index(0, 1, tree.rootIndex())
    text = size.data()
    assert "KiB" in text or "KB" in text
    wanted = tree.fontMetrics().horizontalAdvance(text)
    qtbot.waitUntil(lambda: tree.header().sectionSize(1) >= wanted)  # "26....KiB" before
    assert dialog.width() >= 900 or dialog.width() == dialog.screen().availableSize().width()
    dialog.reject()
