"""The window around the coding: article list, empty state, import, settings, F1, find."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.gui.app import choose_coder, make_demo_project
from annotator.gui.main_window import MainWindow, project_key
from annotator.model import ArticleDraft
from annotator.store import Store


def test_article_list_reads_lazily_and_filters(qtbot, tmp_path, settings):
    store = Store(tmp_path / "big.db", coder="ana")
    store.add_articles([ArticleDraft(title=f"Report {i}", body=f"Body number {i} "
                                     + ("mosul " if i % 10 == 0 else "basra "))
                        for i in range(450)])
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    model = win.article_list.model
    # every row is there to scroll to; only the pages painted were read
    assert model.rowCount() == model.total == 450 and not model.canFetchMore()
    qtbot.waitUntil(lambda: model.cached_rows > 0)  # painted
    assert model.cached_rows < 450 and model.cached_rows % model.PAGE == 0
    assert win.article_list.progress.text() == "0 of 450 done"
    win.article_list.search.setText("mosul")
    win.article_list.apply_filter()
    assert model.total == 45
    win.article_list.status.setCurrentIndex(win.article_list.status.findData("done"))
    assert model.rowCount() == 0
    win.article_list.status.setCurrentIndex(0)
    # choosing a row opens the article
    win.article_list.view.setCurrentIndex(model.index(3, 0))
    assert win.article_id == model.article_id(3)
    win.close()  # before its store: a window's timers may query the store until it closes
    store.close()


def test_empty_project_offers_import_and_imports_in_a_thread(qtbot, tmp_path, settings):
    store = Store(tmp_path / "empty.db", coder="ana")
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    assert win.centre.currentWidget() is win.empty
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"Title {i}\n\nSat Nov 5, 2016 19:34:14\n\n"
                                         f"Body of article {i} about Mosul.\n", "utf-8")
    (folder / "bad.txt").write_bytes(b"")
    from annotator.gui.dialogs.import_export import TaskDialog, import_job, summarise_import
    dialog = TaskDialog("Import", store.path, "ana", import_job([str(folder)]),
                        summarise_import, win)
    with qtbot.waitSignal(dialog.done, timeout=20000) as blocker:
        win.run_task(dialog)
    report = blocker.args[0]
    assert report.imported == 3
    assert "Imported 3" in dialog.status.text()
    assert win.centre.currentWidget() is win.article_view
    assert win.article_list.model.total == 3
    dialog.close()
    win.close()
    store.close()


def test_cancel_stops_an_import(qtbot, tmp_path, settings):
    store = Store(tmp_path / "c.db", coder="ana")
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:03}.txt").write_text(f"T{i}\n\nbody {i}\n", "utf-8")
    from annotator.gui.dialogs.import_export import TaskDialog, import_job, summarise_import
    dialog = TaskDialog("Import", store.path, "ana", import_job([str(folder)]),
                        summarise_import, win)
    dialog.worker.cancel()  # asked before the first file: the import stops at once
    with qtbot.waitSignal(dialog.done, timeout=20000) as blocker:
        win.run_task(dialog)
    assert blocker.args[0].cancelled
    assert "cancelled" in dialog.status.text()
    win.close()
    store.close()


def test_settings_remember_zoom_and_last_article(window, qtbot, project, settings):
    ids = [r["id"] for r in project.list_articles(0, 10)]
    window.open_article(ids[2])
    size = window.article_view.point_size
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_Equal,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.article_view.point_size == size + 1
    window.close()
    again = MainWindow(project, settings)
    qtbot.addWidget(again)
    assert again.article_id == ids[2]
    assert again.article_view.point_size == size + 1
    # only window state, ids and recent file paths in the settings, never project data
    keys = settings.allKeys()
    assert all(k.startswith(("window/", "view/", "projects/", "recent/")) for k in keys)


def test_coder_is_remembered_per_project(project, settings):
    assert choose_coder(project, settings, "ben") == "ben"
    assert settings.value(f"{project_key(project)}/coder") == "ben"
    assert choose_coder(project, settings, None) == "ben"  # no dialog the second time


def test_title_shows_project_and_coder(window):
    assert str(window.store.path) in window.windowTitle()
    assert "ana" in window.windowTitle()


def test_shortcut_sheet_lists_every_key(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    table = window.shortcut_sheet.table
    rows = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    for action in ("Entity mention", "Claim", "Source attribution", "Undo", "Mark done, next",
                   "Next article (in the text)", "Find in article"):
        assert action in rows, action
    assert rows["Entity mention"] == "E"


def test_find_in_article(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.article_view.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.edit, "ARA News")
    assert bar.count.text() == "2 matches"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert window.article_view.body.textCursor().selectedText() == "ARA News"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_demo_project_has_articles(tmp_path):
    path = make_demo_project(tmp_path)
    with Store(path, coder="demo") as store:
        assert store.count_articles() >= 3


def test_run_window_on_the_demo_opens_and_quits(qtbot, tmp_path):
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.gui.app import run_window
    # keep the user's real settings out of the test
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    seen = {}

    def close_window():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen["article"] = widget.article_id
                seen["title"] = widget.windowTitle()
                widget.close()

    QTimer.singleShot(300, close_window)
    assert run_window(demo=True, coder="tester") == 0
    assert seen["article"] is not None and "tester" in seen["title"]


def test_export_runs_in_a_thread_and_writes_every_file(window, qtbot, project, tmp_path):
    from annotator.gui.dialogs.import_export import TaskDialog, export_job, summarise_export
    out = tmp_path / "export"
    dialog = TaskDialog("Export", window.store.path, "ana", export_job(str(out), excel=True),
                        summarise_export, window)
    with qtbot.waitSignal(dialog.done, timeout=20000) as blocker:
        window.run_task(dialog)
    report = blocker.args[0]
    assert set(report.files) >= {"articles", "claims_flat", "codebook"}
    assert (out / "articles.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert report.rows["articles"] == window.store.count_articles(assigned_only=False)
    dialog.close()


def test_a_reopened_project_gives_its_first_keys_to_the_text_not_the_status_filter(
        qtbot, project, settings):
    """Found driving the window under Xvfb: reopened from Open Recent, the keys were in the
    status filter, so the coder's first letter (t, d, s …) filtered the list to nothing."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from windows import show_active
    win = show_active(qtbot, MainWindow(project, settings))
    assert QApplication.focusWidget() is win.article_view.body
    QTest.keyClicks(QApplication.focusWidget(), "t")  # todo, in the status filter
    assert win.article_list.status.currentData() is None
    assert win.article_list.model.total == 3
    QTest.keySequence(QApplication.focusWidget(), "Alt+Right")  # the next article
    assert win.article_id == project.list_articles(0, 10)[1]["id"]


def test_an_empty_project_gives_its_first_keys_to_import_files(qtbot, tmp_path, settings):
    from PySide6.QtWidgets import QApplication
    from windows import show_active
    store = Store(tmp_path / "empty.db", coder="ana")
    win = show_active(qtbot, MainWindow(store, settings))
    assert QApplication.focusWidget() is win.empty.button
    # the panels say there is no article yet, not "no entities in this article"
    assert win.entities_panel.view.shown_hint().startswith("No article open.")
    store.add_articles([ArticleDraft("One", "The army said so.")])
    win.refresh_from_store()
    qtbot.waitUntil(lambda: win.article_id is not None)
    assert win.entities_panel.view.shown_hint().startswith("No entities in this article")
    win.close()
    store.close()


def test_enter_in_the_article_list_gives_the_keys_to_the_article_it_opened(window, qtbot):
    """Found under Xvfb: after walking the list with the arrows, Enter left the keys in
    the list, so J, ] and E did nothing until the coder found the text."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    QTest.keySequence(window, "Ctrl+K")
    search = QApplication.focusWidget()
    assert search is window.article_list.search
    qtbot.keyClick(search, Qt.Key.Key_Down)  # into the list
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    second = window.store.list_articles(0, 10)[1]["id"]
    assert window.article_id == second
    assert QApplication.focusWidget() is window.article_list.view
    qtbot.keyClick(window.article_list.view, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.article_view.body
    assert window.article_id == second


def test_a_reopened_project_shows_the_last_article_where_the_coder_left_it(
        qtbot, tmp_path, settings):
    """Found under Xvfb: reopened from Open Recent, the last article came back at its top
    however far down the coder had read and coded."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from windows import show_active
    store = Store(tmp_path / "long.db", coder="ana")
    long_body = "\n\n".join(f"Paragraph {i} about Mosul and the Iraqi Army." for i in range(300))
    store.add_articles([ArticleDraft(title="Long", body=long_body)])
    win = show_active(qtbot, MainWindow(store, settings))
    body = win.article_view.body
    for _ in range(4):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown)
    left_at = body.verticalScrollBar().value(), body.textCursor().position()
    assert left_at[0] > 0
    QTest.keySequence(win, "Ctrl+Q")
    assert not win.isVisible()
    again = show_active(qtbot, MainWindow(store, settings))
    body = again.article_view.body
    qtbot.waitUntil(lambda: body.verticalScrollBar().value() == left_at[0])
    assert body.textCursor().position() == left_at[1]
    assert QApplication.focusWidget() is body
    again.close()
    store.close()


def test_esc_in_the_search_box_goes_back_to_the_text_and_keeps_the_search(window, qtbot):
    """Found under Xvfb: Esc in the search box did nothing, where Esc in the find bar goes
    back to the text."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    QTest.keySequence(window, "Ctrl+K")
    search = QApplication.focusWidget()
    qtbot.keyClicks(search, "militants")
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.article_view.body
    assert search.text() == "militants"


def test_f1_lists_the_window_keys_and_those_of_panels_find_bar_and_popups(window, qtbot):
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_F1)
    sheet = window.shortcut_sheet
    qtbot.waitUntil(sheet.isVisible)
    table = sheet.table
    rows = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
    keys = {(what, keys) for _group, what, keys in rows}
    assert ("Quit", "Ctrl+Q") in keys and ("Close window", "Ctrl+W") in keys
    assert ("Edit the cell", "F2, Enter") in keys  # a panel's own keys are listed too
    assert any(group == "Find bar" for group, _what, _keys in rows)
    sheet.close()


def opaque_pixels(icon, size) -> int:
    image = icon.pixmap(size).toImage()
    return sum(image.pixelColor(x, y).alpha() > 0
               for x in range(image.width()) for y in range(image.height()))


def test_toolbar_icons_come_after_the_first_paint_without_moving_a_button(qtbot, project,
                                                                        settings):
    from PySide6.QtWidgets import QToolBar
    from windows import show_active

    from annotator.gui.actions import MENUS
    win = MainWindow(project, settings)
    qtbot.addWidget(win)
    iconed = [s.name for _title, specs in MENUS for s in specs if s and s.icon]
    toolbar = win.findChild(QToolBar, "coding_toolbar")
    size = toolbar.iconSize()
    assert iconed and all(opaque_pixels(win.actions_by_name[n].icon(), size) == 0
                          for n in iconed), "the blank stands in before the first paint"
    button = toolbar.widgetForAction(win.actions_by_name["import"])
    width_before = button.sizeHint().width()
    show_active(qtbot, win)
    qtbot.waitUntil(lambda: all(opaque_pixels(win.actions_by_name[n].icon(), size) > 0
                                for n in iconed), timeout=5000)
    assert button.sizeHint().width() == width_before


def test_the_article_list_rows_are_as_high_as_the_style_makes_a_line(qtbot, project):
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    from annotator.gui.article_list import ArticleTable
    for family in ("DejaVu Sans", "DejaVu Serif", "Liberation Sans"):
        for points in (7, 9, 9.5, 10, 11, 12.5, 14, 18, 24):
            table = ArticleTable()
            qtbot.addWidget(table)
            font = QFont(family)
            font.setPointSizeF(points)
            table.setFont(font)
            option = QStyleOptionViewItem()
            table.initViewItemOption(option)
            option.text = "Xg"
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
            styled = table.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem,
                                                    option, QSize(), table).height()
            assert table.row_height() == styled, (family, points)


def test_the_coder_dialog_is_wide_enough_for_its_title_and_cancel_says_why(qtbot, tmp_path,
                                                                          monkeypatch, capsys):
    """Found by a tester: the title read "Who is…otator", and Cancel closed the program
    with no word said."""
    from PySide6.QtWidgets import QApplication

    from annotator.gui import app
    from annotator.gui.dialogs.coder import CoderDialog
    dialog = CoderDialog(str(tmp_path / "a" / "long" / "folder" / "project.db"), ["ana"])
    qtbot.addWidget(dialog)
    dialog.show()
    title = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
    assert dialog.width() >= title + 200  # the title bar's buttons and margins beside it
    assert "Cancel leaves the project closed" in dialog.findChild(
        type(dialog.layout().itemAt(0).widget())).text()
    dialog.reject()
    monkeypatch.setattr(app, "choose_coder", lambda store, settings, given: None)
    assert app._open_window(QApplication.instance(), tmp_path / "p.db", None) == 1
    assert "not opened: a coder name is needed" in capsys.readouterr().err
