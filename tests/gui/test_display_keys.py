"""Small things a coder meets all day: the toolbar stays put while the Undo label changes,
and Esc in the find bar keeps the match selected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from tests.gui.test_popup_keys import open_e


def toolbar_button(window, name):
    for bar in window.findChildren(QToolBar):
        widget = bar.widgetForAction(window.actions_by_name[name])
        if widget is not None:
            return widget
    raise AssertionError(f"no toolbar button for {name}")


def code_a_mention(window, qtbot) -> None:
    popup, _ = open_e(window, qtbot, "General Command")
    qtbot.keyClick(popup.name, Qt.Key.Key_Return)
    qtbot.waitUntil(window.isActiveWindow)


def test_the_toolbar_does_not_move_as_the_undo_label_changes(window, qtbot):
    undo, export = toolbar_button(window, "undo"), toolbar_button(window, "export")
    x_before = export.x()
    code_a_mention(window, qtbot)
    qtbot.waitUntil(lambda: window.actions_by_name["undo"].isEnabled())
    qtbot.wait(50)
    assert window.actions_by_name["undo"].text().startswith("&Undo ")  # the menu says what
    assert "Undo " in window.actions_by_name["undo"].toolTip()
    assert undo.text() == "Undo"
    assert export.x() == x_before


def test_escape_in_the_find_bar_keeps_the_match_selected(window, qtbot):
    code_a_mention(window, qtbot)  # after a new mention, as the coder reported it
    body = window.article_view.body
    qtbot.keyClick(body, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.article_view.find_bar
    qtbot.waitUntil(bar.isVisible)
    bar.edit.selectAll()
    qtbot.keyClicks(bar.edit, "Karama")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert body.textCursor().selectedText() == "Karama"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert body.hasFocus() and body.textCursor().selectedText() == "Karama"


def test_marking_a_source_does_not_rewrap_the_lines(window, qtbot):
    from PySide6.QtGui import QTextCursor

    store, aid, body = window.store, window.article_id, window.article_view.body
    text = body.text
    window.resize(700, 700)  # narrow enough that the first paragraph wraps
    qtbot.wait(50)

    def where_the_paragraph_ends():
        cursor = QTextCursor(body.document())
        cursor.setPosition(len(text[:text.index("reported.") + 8].encode("utf-16-le")) // 2)
        return body.cursorRect(cursor).topLeft()

    before = where_the_paragraph_ends()
    claim = store.add_claim(aid, text.index("our units"), text.index(", the General")).row_id
    start = text.index("neighbourhoods of Malayan")
    store.add_attribution(claim, source_span=(start, text.index(" said in")))
    window.open_article(aid)
    qtbot.wait(50)
    assert [a.source_start for a in window.annotations.attributions] == [start]  # painted
    assert where_the_paragraph_ends() == before


def test_find_marks_frame_the_match_and_leave_the_mention_colour_visible(window, qtbot):
    code_a_mention(window, qtbot)  # "General Command" painted in its type's colour
    body = window.article_view.body

    def pixel(point):
        return body.viewport().grab().toImage().pixelColor(point.toPoint()).name()

    qtbot.keyClick(body, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.article_view.find_bar
    qtbot.waitUntil(bar.isVisible)
    bar.edit.selectAll()
    qtbot.keyClicks(bar.edit, "Comman")  # inside the mention, not selected yet
    [(start, end)] = body.found_spans()
    [rect] = body._line_rects(start, end, body.contentOffset())
    inside = rect.center()
    inside.setY(rect.top() + 3)  # above the letters, on the mention's background
    framed = pixel(inside)
    bar.edit.clear()  # no marks
    qtbot.wait(20)
    assert pixel(inside) == framed  # the mention's colour, not hidden by the mark
    assert framed != "#ffffff"


def test_a_paragraph_that_begins_with_an_arabic_name_stays_left_to_right(window, qtbot):
    from PySide6.QtGui import QTextCursor

    from annotator.model import ArticleDraft

    english = ("نيجيرفان ميراني said on Monday that the Peshmerga held the line.\n\n"
               "The Iraqi Army moved north of the city towards the old town.")
    arabic = "قال الجيش العراقي إن القوات تقدمت.\n\nMosul ثم تقدمت القوات نحو المدينة القديمة."
    store = window.store
    ids = store.add_articles([ArticleDraft("en", english), ArticleDraft("ar", arabic)]).inserted
    body = window.article_view.body

    def first_line_starts_left(block_number: int) -> bool:
        block = body.document().findBlockByNumber(block_number)
        cursor = QTextCursor(block)
        x_start = body.cursorRect(cursor).x()
        cursor.movePosition(QTextCursor.MoveOperation.EndOfLine)
        return x_start < body.cursorRect(cursor).x()

    window.open_article(ids[0])
    qtbot.wait(20)
    assert first_line_starts_left(0)  # begins with an Arabic name, read left to right
    window.open_article(ids[1])
    qtbot.wait(20)
    assert not first_line_starts_left(2)  # an Arabic article: "Mosul" first, still RTL


def test_search_down_or_enter_opens_a_hit_with_the_search_word_framed(window, qtbot):
    from annotator.model import ArticleDraft

    store = window.store
    [hit] = store.add_articles([ArticleDraft("Mosul front", "🙂 The Peshmerga held; "
                                             "peshmergas waited.")]).inserted
    window.article_list.reload()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    search = window.article_list.search
    assert search.hasFocus()
    qtbot.keyClicks(search, "peshmerga")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.article_id == hit
    body = window.article_view.body
    assert body.hasFocus()  # read the hit at once
    marked = [body.text[body.map.from_utf16(a):body.map.from_utf16(b)]
              for a, b in body.found_spans()]
    assert marked == ["Peshmerga", "peshmergas"]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(search, Qt.Key.Key_Down)  # Down walks into the hits too
    assert window.article_list.view.hasFocus() and window.article_id == hit
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(search, "held")  # the search selected: typing replaces it
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert [body.text[body.map.from_utf16(a):body.map.from_utf16(b)]
            for a, b in body.found_spans()] == ["held"]  # the new word, not the old one
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(search, Qt.Key.Key_Backspace)  # cleared: no frames left behind
    qtbot.waitUntil(lambda: window.article_list.model.search is None)
    assert body.found_spans() == [] and window.article_id == hit
    current = window.article_list.view.currentIndex()  # still marked in the whole list
    assert current.isValid() and window.article_list.model.article_id(current.row()) == hit
    assert window.article_list.view.selectionModel().isRowSelected(current.row())


def test_type_then_escape_selects_the_first_match_so_e_codes_it(window, qtbot):
    body = window.article_view.body
    qtbot.keyClick(body, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.article_view.find_bar
    qtbot.waitUntil(bar.isVisible)
    bar.edit.selectAll()
    qtbot.keyClicks(bar.edit, "ara news")  # any case, and no Enter
    assert body.textCursor().selectedText() == "ARA News"  # typing selects the first match
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and body.hasFocus()
    cursor = body.textCursor()
    assert cursor.selectedText() == "ARA News"
    start = body.map.from_utf16(cursor.selectionStart())
    assert body.text[start:start + 8] == "ARA News" and start == body.text.index("ARA News")
    qtbot.keyClick(body, Qt.Key.Key_E)
    popup = window.coding.popup
    qtbot.waitUntil(popup.isVisible)
    assert popup.name.text() == "ARA News"
    qtbot.keyClick(popup.name, Qt.Key.Key_Escape)


def test_escape_without_typing_leaves_the_cursor_where_it_was(window, qtbot):
    body = window.article_view.body
    qtbot.keyClick(body, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.article_view.find_bar
    qtbot.waitUntil(bar.isVisible)
    qtbot.keyClicks(bar.edit, "ARA News")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    taken = body.textCursor().selectionStart()
    cursor = body.textCursor()
    cursor.clearSelection()
    body.setTextCursor(cursor)
    qtbot.keyClick(body, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # the old text
    qtbot.waitUntil(bar.isVisible)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)  # changed their mind: nothing moves
    assert body.textCursor().selectedText() == ""
    assert body.textCursor().position() == cursor.position() and taken < cursor.position()


def test_a_selected_source_is_outlined_in_the_selected_texts_colour(window, qtbot):
    """The bold outline of a source turns white where it is selected (dark on blue was
    unreadable), only there, and back when the selection goes."""
    from tests.gui.test_coding_path import select

    store, aid, body = window.store, window.article_id, window.article_view.body
    text = body.text
    claim = store.add_claim(aid, text.index("our units"), text.index(", the General")).row_id
    store.add_attribution(claim, source_span=(text.index("General Command"),
                                              text.index(" said in")))
    window.open_article(aid)
    white = body.palette().highlightedText().color()

    def outlines():
        """(UTF-16 start, length, outline colour) of every outlined run."""
        block = body.document().findBlock(body.map.to_utf16(text.index("General Command")))
        return [(block.position() + r.start, r.length, r.format.textOutline().color())
                for r in block.layout().formats()
                if r.format.textOutline().style() != Qt.PenStyle.NoPen]

    [(start, length, colour)] = outlines()
    assert colour != white
    select(window, "Command said")  # half of the source and beyond it
    command = body.map.to_utf16(text.index("Command said"))
    assert outlines() == [(start, command - start, colour), (command, start + length - command,
                                                             white)]
    cursor = body.textCursor()
    cursor.clearSelection()
    body.setTextCursor(cursor)
    assert outlines() == [(start, length, colour)]


def test_enter_in_the_find_bar_steps_from_the_match_typing_selected_and_wraps(window, qtbot):
    """Typing selects the first match after the cursor, so the first Enter goes to the
    second; Enter and Shift+Enter walk every match and wrap at either end."""
    from annotator.model import ArticleDraft

    text = "The army said so. A resident said no. The mayor said nothing."
    [aid] = window.store.add_articles([ArticleDraft("Said three times", text)]).inserted
    window.open_article(aid)
    body = window.article_view.body
    body.setFocus()
    qtbot.keyClick(body, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.article_view.find_bar
    qtbot.waitUntil(bar.isVisible)
    qtbot.keyClicks(bar.edit, "said")
    saids = [i for i in range(len(text)) if text.startswith("said", i)]

    def selected_at():
        cursor = body.textCursor()
        assert cursor.selectedText() == "said"
        return body.map.from_utf16(cursor.selectionStart())

    assert selected_at() == saids[0]  # typed: the first match is the current one
    steps = []
    for _ in range(3):
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
        steps.append(selected_at())
    assert steps == [saids[1], saids[2], saids[0]]  # the second, the third, wrapped
    back = []
    for _ in range(3):
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        back.append(selected_at())
    assert back == [saids[2], saids[1], saids[0]]  # wrapped back to the last, and on
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert body.hasFocus() and selected_at() == saids[0]  # Esc keeps the match stepped to


def test_letters_that_match_nothing_put_the_cursor_back(window, qtbot):
    body = window.article_view.body
    cursor = body.textCursor()
    cursor.setPosition(40)
    body.setTextCursor(cursor)
    qtbot.keyClick(body, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.article_view.find_bar
    qtbot.waitUntil(bar.isVisible)
    qtbot.keyClicks(bar.edit, "ARA Nx")  # matched up to "ARA N", then nothing
    assert bar.count.text() == "0 matches"
    assert body.textCursor().selectedText() == "" and body.textCursor().position() == 40
    qtbot.keyClick(bar.edit, Qt.Key.Key_Backspace)  # "ARA N" again: its first match
    assert body.textCursor().selectedText() == "ARA N"
