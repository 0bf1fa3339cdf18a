"""The Entities browser from the keyboard, as a coder cleaning names goes through it.

Found driving the window under Xvfb: reopened, the old filter stayed unselected
(typing added to it); Alt+A with no entity listed did nothing and said nothing;
an exact name was listed under longer ones; after a sort Alt+R renamed whatever
entity had moved into the selected row.
"""

# ruff: noqa: F811  (the tests take the imported ``coded`` fixture as an argument)
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from tests.gui.test_identity_gui import CTRL_SHIFT, coded  # noqa: F401  (a fixture)

ALT = Qt.KeyboardModifier.AltModifier


def open_browser(window, qtbot):
    """Ctrl+Shift+E from the main window, as the coder opens it (again)."""
    window.activateWindow()  # offscreen, a closed dialog hands no activation back
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL_SHIFT)
    browser = window.identity.browser
    qtbot.waitUntil(browser.isActiveWindow)
    return browser


def listed(browser) -> list[str]:
    return [browser.model.index(r, 0).data() for r in range(browser.model.rowCount())]


def selected_names(browser) -> list[str]:
    rows = sorted(i.row() for i in browser.table.selectionModel().selectedRows())
    return [browser.model.index(r, 0).data() for r in rows]


def answer_next_input(text: str, asked: list[str]) -> None:
    """Type ``text`` into the next modal input dialog and press Enter; note its question."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, look)
            return
        asked.append(dialog.labelText())
        field = dialog.findChild(QLineEdit)
        field.selectAll()
        QTest.keyClicks(field, text)
        QTest.keyClick(field, Qt.Key.Key_Return)
    QTimer.singleShot(20, look)


def test_reopened_the_browser_selects_its_old_filter_so_typing_replaces_it(window, coded,
                                                                           qtbot):
    browser = open_browser(window, qtbot)
    qtbot.keyClicks(browser.filter, "hash")
    assert listed(browser) == ["Hashd al-Shaabi", "Hashed al-Shaabi"]
    qtbot.keyClick(browser.filter, Qt.Key.Key_Tab)  # the type filter
    qtbot.keyClick(browser.type_filter, Qt.Key.Key_Tab)
    assert browser.table.hasFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_Escape)  # closes the browser
    qtbot.waitUntil(lambda: not browser.isVisible())
    browser = open_browser(window, qtbot)
    assert browser.filter.hasFocus() and browser.filter.selectedText() == "hash"
    qtbot.keyClicks(browser.filter, "isil")
    assert browser.filter.text() == "isil" and listed(browser) == ["ISIL"]


def test_alt_a_with_nothing_listed_says_why_and_with_one_row_adds_to_it(window, coded, qtbot):
    _aid, ids = coded
    browser = open_browser(window, qtbot)
    qtbot.keyClicks(browser.filter, "zzz")
    assert listed(browser) == []
    qtbot.keyClick(browser.filter, Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: browser.notice.text() != "")  # a mnemonic clicks after a beat
    assert browser.notice.isVisible()
    assert browser.notice.text() == "No entity to add an alias to: none matches “zzz”."
    browser.filter.selectAll()
    qtbot.keyClicks(browser.filter, "daesh")  # ISIL, through its alias: the only row
    assert listed(browser) == ["ISIL"] and browser.notice.text() == ""  # said, then gone
    browser.table.setFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert selected_names(browser) == []  # the coder took the selection away
    asked: list[str] = []
    answer_next_input("Islamic State", asked)
    qtbot.keyClick(browser.table, Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: "Islamic State" in window.store.aliases(ids["ISIL"]))
    assert asked == ["Another name of “ISIL”:"]


def test_an_exact_name_is_listed_first_and_is_the_current_row(window, coded, qtbot):
    browser = open_browser(window, qtbot)
    qtbot.keyClicks(browser.filter, "iraqi army")
    assert listed(browser) == ["Iraqi Army", "Iraqi Army General Command"]
    assert selected_names(browser) == ["Iraqi Army"]
    assert browser.tabs.tabText(0) == "Mentions of “Iraqi Army” (1)"


def rename_with_alt_r(browser, qtbot, new_name: str) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R, ALT)
    qtbot.waitUntil(lambda: browser.table.state() == browser.table.State.EditingState)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, new_name)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits just after the key


def test_alt_r_renames_the_selected_entity_after_a_sort_and_a_ctrl_arrow(window, coded,
                                                                        qtbot):
    _aid, ids = coded
    store = window.store
    browser = open_browser(window, qtbot)
    browser.table.setFocus()
    for _ in range(3):
        qtbot.keyClick(browser.table, Qt.Key.Key_Down)
    assert selected_names(browser) == ["Iraqi Army"]
    header = browser.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(0) + 20, 5))  # sort by name
    assert listed(browser)[0] == "Hashd al-Shaabi"  # sorted: the rows moved
    assert selected_names(browser) == ["Iraqi Army"]  # the selection moved with its entity
    rename_with_alt_r(browser, qtbot, "Iraqi Armed Forces")
    qtbot.waitUntil(lambda: store.entity(ids["Iraqi Army"]).name == "Iraqi Armed Forces")
    assert store.entity(ids["Iraqi Army General Command"]).name == "Iraqi Army General Command"
    qtbot.waitUntil(lambda: "Iraqi Armed Forces" in listed(browser))
    browser.table.setFocus()
    row = browser.model.row_of(ids["ISIL"])
    browser.table.selectRow(row)
    qtbot.keyClick(browser.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert browser.table.currentIndex().row() == row - 1  # the focus frame moved alone
    assert selected_names(browser) == ["ISIL"]
    rename_with_alt_r(browser, qtbot, "Islamic State")
    qtbot.waitUntil(lambda: store.entity(ids["ISIL"]).name == "Islamic State")


def test_f4_on_a_type_cell_opens_its_list_as_in_the_panels(window, coded, qtbot):
    browser = open_browser(window, qtbot)
    browser.table.setFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_Right)  # the Type cell of the first row
    index = browser.table.currentIndex()
    assert index.column() == 1
    qtbot.keyClick(browser.table, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: browser.table.indexWidget(index) is not None
                    and browser.table.indexWidget(index).view().isVisible())
