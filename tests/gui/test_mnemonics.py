"""Alt letters: in every menu, and in the codebook editor, each letter reaches one item.

Two items with one letter make Alt+letter cycle between them instead of choosing
("Import files…" and "Project information…" were both &I)."""

from __future__ import annotations

import re
from collections import Counter

from PySide6.QtWidgets import QAbstractButton, QMenu, QToolButton

_MNEMONIC = re.compile(r"&([^&])")


def letter(text: str) -> str | None:
    m = _MNEMONIC.search(text.replace("&&", ""))
    return m.group(1).lower() if m else None


def clashes(texts) -> dict[str, list[str]]:
    letters = [(letter(t), t) for t in texts]
    counts = Counter(x for x, _ in letters if x)
    return {x: [t for y, t in letters if y == x] for x, n in counts.items() if n > 1}


def test_each_menu_gives_each_alt_letter_to_one_item(window):
    bar = window.menuBar()
    menus = [a.menu() for a in bar.actions() if a.menu() is not None]
    assert clashes(a.text() for a in bar.actions()) == {}
    seen = 0
    while menus:
        menu: QMenu = menus.pop()
        actions = [a for a in menu.actions() if not a.isSeparator() and a.isVisible()]
        assert clashes(a.text() for a in actions) == {}, menu.title()
        menus += [a.menu() for a in actions if a.menu() is not None]
        seen += 1
    assert seen >= 7  # File, Edit, Code, Go, Entities, Team, View, Help (and submenus)


def test_the_codebook_editors_buttons_have_alt_letters_of_their_own(window, qtbot):
    window.edit_codebook()
    editor = window.codebook_dialog
    qtbot.waitUntil(editor.isVisible)
    buttons = [b for b in editor.findChildren(QAbstractButton)  # Undo, Redo: Ctrl+Z, Ctrl+Y
               if b.isVisibleTo(editor) and b.text()
               and not (isinstance(b, QToolButton) and b.defaultAction() is not None)]
    assert buttons
    assert [b.text() for b in buttons if letter(b.text()) is None] == []
    assert clashes(b.text() for b in buttons) == {}
    editor.close()


def test_ctrl_tab_switches_the_codebook_editors_tabs_from_inside_a_table(window, qtbot):
    from PySide6.QtCore import Qt

    window.edit_codebook()
    editor = window.codebook_dialog
    qtbot.waitUntil(editor.isActiveWindow)
    table = editor.tables["entity_types"]
    table.setFocus()
    assert editor.tabs.currentIndex() == 0
    qtbot.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert editor.tabs.currentIndex() == 1
    qtbot.keyClick(editor.tables["claim_categories"], Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.tabs.currentIndex() == 0
    editor.close()


def test_alt_c_closes_the_codebook_editor_and_ctrl_w_too(window, qtbot):
    from PySide6.QtCore import Qt

    for key, modifier in ((Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier),
                          (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)):
        window.edit_codebook()
        editor = window.codebook_dialog
        qtbot.waitUntil(editor.isActiveWindow)
        name = editor.name.text()
        editor.tables["entity_types"].setFocus()
        qtbot.keyClick(editor.tables["entity_types"], key, modifier)
        qtbot.waitUntil(lambda e=editor: not e.isVisible())  # a mnemonic clicks after a beat
        assert editor.name.text() == name  # nothing typed into a field
