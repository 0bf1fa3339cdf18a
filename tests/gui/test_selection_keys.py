"""Selection keys as a coder uses them: Alt+Up grows, Alt+Down shrinks, ] jumps to the next
known name that nobody has coded here yet, and E then Enter codes it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.gui.test_popup_keys import open_e, press

ALT = Qt.KeyboardModifier.AltModifier


def selected(window) -> str:
    span = window.article_view.body.selection_span()
    return "" if span is None else window.article_view.body.text[span[0]:span[1]]


def put_cursor(window, qtbot, phrase: str, inside: int = 2) -> None:
    body = window.article_view.body
    at = body.text.index(phrase) + inside
    cursor = QTextCursor(body.document())
    cursor.setPosition(body.map.to_utf16(at))
    body.setTextCursor(cursor)
    body.setFocus()
    qtbot.waitUntil(window.isActiveWindow)


def test_alt_up_grows_to_word_then_clause_and_alt_down_walks_back(window, qtbot):
    body = window.article_view.body
    put_cursor(window, qtbot, "General")
    qtbot.keyClick(body, Qt.Key.Key_Up, ALT)
    assert selected(window) == "General"
    qtbot.keyClick(body, Qt.Key.Key_Up, ALT)
    assert selected(window) == "the General Command said in a statement"
    qtbot.keyClick(body, Qt.Key.Key_Up, ALT)
    assert selected(window) == ("Subsequent to clashes, our units liberated the "
                                "neighbourhoods of Malayan and Karama, the General Command "
                                "said in a statement, ARA News reported.")  # its sentence
    sentence = selected(window)
    qtbot.keyClick(body, Qt.Key.Key_Up, ALT)  # the paragraph (emoji and Arabic first)
    assert selected(window).startswith("😀") and selected(window).endswith("reported.")
    paragraph = selected(window)
    qtbot.keyClick(body, Qt.Key.Key_Up, ALT)  # no further than the paragraph
    assert selected(window) == paragraph
    assert "whole paragraph" in window.statusBar().currentMessage()
    qtbot.keyClick(body, Qt.Key.Key_Down, ALT)
    assert selected(window) == sentence
    qtbot.keyClick(body, Qt.Key.Key_Down, ALT)
    qtbot.keyClick(body, Qt.Key.Key_Down, ALT)
    assert selected(window) == "General"


def test_bracket_selects_the_next_uncoded_known_name_and_e_enter_codes_it(window, qtbot):
    store, aid = window.store, window.article_id
    popup, first = open_e(window, qtbot, "ARA News")  # the first "ARA News", a new entity
    popup.type_combo.setCurrentIndex(popup.type_combo.findData("MEDIA"))
    qtbot.keyClick(popup.name, Qt.Key.Key_Return)
    ara = next(m for m in store.mentions(aid) if m.start == first).entity_id
    put_cursor(window, qtbot, "Subsequent")
    body = window.article_view.body
    second = body.text.index("ARA News", first + 1)
    stops = []
    while body.selection_span() != (second, second + len("ARA News")) and len(stops) < 5:
        qtbot.keyClick(window.article_view.body, Qt.Key.Key_BracketRight)
        stops.append(selected(window))
    assert "ARA News" not in stops[:-1]  # the coded one is skipped (cues may come first)
    assert body.selection_span() == (second, second + len("ARA News"))
    assert "E then Enter" in window.statusBar().currentMessage()
    press(window, qtbot, Qt.Key.Key_E)
    popup = window.coding.popup
    qtbot.waitUntil(popup.isActiveWindow)
    qtbot.keyClick(popup.name, Qt.Key.Key_Return)  # the exact name is the first suggestion
    linked = next(m for m in store.mentions(aid) if m.start == second)
    assert linked.entity_id == ara
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_BracketRight)
    assert "No other known entity name" in window.statusBar().currentMessage()
