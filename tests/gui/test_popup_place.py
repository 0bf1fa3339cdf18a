"""``popup_place.place_near``: the arithmetic that keeps a popup off the selection."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from annotator.gui.popup_place import ABOVE, BELOW, GAP, place_near

SCREEN = QRect(0, 0, 1600, 1000)
SIZE = QSize(440, 200)


def test_below_the_selection_when_there_is_room():
    line = QRect(300, 400, 80, 20)
    at, side = place_near(line, SIZE, SCREEN)
    assert side == BELOW and (at.x(), at.y()) == (300, line.bottom() + 1 + GAP)


def test_above_when_the_screen_ends_below_and_kept_above_while_it_fits():
    line = QRect(300, 900, 80, 20)
    at, side = place_near(line, SIZE, SCREEN)
    assert side == ABOVE and at.y() + SIZE.height() == line.top() - GAP
    middle = QRect(300, 500, 80, 20)  # room on both sides: the side taken first stays
    assert place_near(middle, SIZE, SCREEN, prefer=ABOVE)[1] == ABOVE
    assert place_near(middle, SIZE, SCREEN, prefer=BELOW)[1] == BELOW


def test_inside_the_screen_at_its_right_edge_and_with_room_on_neither_side():
    line = QRect(1500, 400, 80, 20)
    at, _ = place_near(line, SIZE, SCREEN)
    assert at.x() + SIZE.width() == SCREEN.right() + 1  # pulled in, not cut off
    tall = QRect(300, 150, 80, 700)  # a paragraph taller than the room left
    at, side = place_near(tall, SIZE, SCREEN)
    assert side == BELOW and SCREEN.contains(QRect(at, SIZE))
