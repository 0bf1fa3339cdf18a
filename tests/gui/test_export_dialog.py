"""File ▸ Export… as a coder uses it: the shortcut, a folder typed in, a format picked by key."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit


def fill_in_export_options(folder: str, downs: int, seen: dict) -> None:
    """Type the folder, move the format list down ``downs`` times, press Enter."""
    dialog = QApplication.activeModalWidget()
    seen["title"] = dialog.windowTitle() if dialog else None
    edit = dialog.findChild(QLineEdit)
    edit.selectAll()
    QTest.keyClicks(edit, folder)
    combo = dialog.findChild(QComboBox)
    combo.setFocus()
    for _ in range(downs):
        QTest.keyClick(combo, Qt.Key.Key_Down)
    seen["format"] = combo.currentData()
    seen["excel_enabled"] = dialog.excel.isEnabled()
    QTest.keyClick(combo, Qt.Key.Key_Return)


def test_export_to_xlsx_from_the_window(window, qtbot, tmp_path):
    out = tmp_path / "for-excel"
    seen: dict = {}
    QTimer.singleShot(200, lambda: fill_in_export_options(str(out), 1, seen))
    QTest.keySequence(window, "Ctrl+Shift+S")  # File > Export…
    assert seen == {"title": "Export", "format": "xlsx", "excel_enabled": False}
    dialog = window.task_dialog
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
    qtbot.waitUntil(lambda: f"Exported to {out}: claims_flat 0, articles 3" in
                    dialog.status.text(), timeout=5000)
    book = load_workbook(out / "tables.xlsx")
    assert book.sheetnames[0] == "claims_flat" and book["articles"].max_row == 4
    dialog.close()


def test_export_to_spss_from_the_window(window, qtbot, tmp_path):
    import pyreadstat
    out = tmp_path / "for-spss"
    seen: dict = {}
    QTimer.singleShot(200, lambda: fill_in_export_options(str(out), 2, seen))
    QTest.keySequence(window, "Ctrl+Shift+S")
    assert seen["format"] == "sav"
    dialog = window.task_dialog
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
    frame, meta = pyreadstat.read_sav(str(out / "articles.sav"))
    assert len(frame) == 3 and meta.column_names_to_labels["title"] == "Article title"
    dialog.close()


def test_a_cut_cell_is_shown_as_a_warning_in_the_dialog(window, qtbot, tmp_path):
    from annotator.model import ArticleDraft
    window.store.add_articles([ArticleDraft("Long", "word " * 7000)])  # 35,000 characters
    out = tmp_path / "long"
    seen: dict = {}
    QTimer.singleShot(200, lambda: fill_in_export_options(str(out), 1, seen))
    QTest.keySequence(window, "Ctrl+Shift+S")
    dialog = window.task_dialog
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
    qtbot.waitUntil(lambda: dialog.errors.isVisible(), timeout=5000)
    text = dialog.errors.toPlainText()
    assert text.startswith("warning: ") and "sheet articles: 1 cell over 32,767" in text
    dialog.close()


def test_export_for_inception_from_the_window(window, qtbot, tmp_path):
    out = tmp_path / "for-inception"
    seen: dict = {}
    window.store.set_status(window.article_id, "done")  # one coded article, two bare ones
    QTimer.singleShot(200, lambda: fill_in_export_options(str(out), 8, seen))
    QTest.keySequence(window, "Ctrl+Shift+S")
    assert seen["format"] == "xmi"
    dialog = window.task_dialog
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
    names = sorted(p.name for p in out.iterdir())
    assert "TypeSystem.xml" in names and len([n for n in names if n.endswith("_ana.xmi")]) == 1
    assert len(names) == 5  # + mapping.toml
    dialog.close()


def test_the_summary_of_a_finished_export_is_shown_whole(window, qtbot, tmp_path):
    """Found under Xvfb: the summary wraps to two lines ("Exported to …: articles 1, …"),
    but the dialog kept the height of "Starting…", so the first line was cut in half."""
    out = tmp_path / "a-folder-with-a-long-name-so-the-summary-wraps" / "export"
    seen: dict = {}
    QTimer.singleShot(200, lambda: fill_in_export_options(str(out), 0, seen))
    QTest.keySequence(window, "Ctrl+Shift+S")
    dialog = window.task_dialog
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Exported to"), timeout=5000)
    status = dialog.status
    qtbot.waitUntil(lambda: status.height() >= status.heightForWidth(status.width()))
    assert status.heightForWidth(status.width()) > status.fontMetrics().height()  # wrapped
    dialog.close()


def test_two_projects_in_one_folder_export_by_default_to_folders_of_their_own(
        window, qtbot, settings):
    """Found under Xvfb: both projects offered ``export`` beside them, so Enter in the
    second one's Export dialog replaced the first one's export without a word."""
    from annotator.gui.main_window import MainWindow
    from annotator.model import ArticleDraft
    from annotator.store import Store
    from tests.gui.windows import show_active

    def export_with_the_defaults(win):
        QTimer.singleShot(200, lambda: QTest.keyClick(QApplication.activeModalWidget(),
                                                      Qt.Key.Key_Return))
        QTest.keySequence(win, "Ctrl+Shift+S")
        dialog = win.task_dialog
        qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
        dialog.close()

    other = Store(window.store.path.parent / "other.db", coder="ana")
    other.add_articles([ArticleDraft(title="Other", body="Another body.")])
    export_with_the_defaults(window)
    second = show_active(qtbot, MainWindow(other, settings))
    export_with_the_defaults(second)
    first_rows = (window.store.path.parent / "p-export" / "articles.csv").read_text("utf-8")
    other_rows = (window.store.path.parent / "other-export" / "articles.csv").read_text("utf-8")
    assert "Article 0" in first_rows and "Another body." in other_rows
    second.close()
    other.close()


def test_a_project_opened_by_a_relative_name_exports_to_a_folder_named_whole(
        qtbot, tmp_path, monkeypatch):
    """Found under Xvfb: opened as ``project.db``, Export offered and then reported
    "project-export", and its narrow field showed "mp/coder-work/…" of a typed path."""
    from annotator.gui.dialogs.import_export import ExportOptions, summarise_export
    from annotator.gui.tasks import default_export_folder
    from annotator.store import Store

    monkeypatch.chdir(tmp_path)
    Store("project.db", coder="ana").close()
    folder = default_export_folder(Path("project.db"))
    assert folder == tmp_path / "project-export"
    options = ExportOptions(str(folder))
    qtbot.addWidget(options)
    field = options.folder
    assert field.width() >= field.fontMetrics().horizontalAdvance(str(folder))

    class Report:
        outdir, rows, warnings = "project-export", {"articles": 1}, []
    message, _warnings = summarise_export(Report())
    assert message.startswith(f"Exported to {tmp_path / 'project-export'}:")
