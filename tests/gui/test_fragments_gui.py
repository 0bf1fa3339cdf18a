"""A discontinuous span in the window: its pieces are painted and clickable, its gap is not."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor


def test_a_split_claim_paints_its_pieces_and_not_its_gap(window, qtbot):
    store, text = window.store, window.article_view.body.text
    first = (text.index("our units"), text.index(" the neighbourhoods"))
    second = (text.index("Malayan"), text.index(", the General"))
    claim = store.add_claim(window.article_id, first[0], second[1],
                            fragments=[first, second]).row_id
    qtbot.keyClick(window, Qt.Key.Key_F5)  # View > Refresh: what an import elsewhere stored
    body = window.article_view.body
    qtbot.waitUntil(lambda: "Claim" in body.index.tooltip(first[0] + 1))
    assert "2 pieces" in body.index.tooltip(second[0] + 1)
    gap = text.index("neighbourhoods")
    assert "Claim" not in body.index.tooltip(gap)  # the words between the pieces
    # a click on the second piece selects the claim, as on any span
    cursor = QTextCursor(body.document())
    cursor.setPosition(body.map.to_utf16(second[0] + 2))
    rect = body.cursorRect(cursor)
    qtbot.mouseClick(body.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.x() + 2, rect.center().y()))
    assert window.claims_panel.selected_ids() == [claim]
    (stored,) = store.claims(window.article_id)
    assert stored.fragments == (first, second) and stored.text == text[first[0]:second[1]]
