"""Where the E, C and S popups open: next to the selection, never over it.

Left to Qt, a dialog opens centred over its window, which is where the article's
text is, so the popup covered the very sentence being coded: the coder could not
read the words while choosing a type, a claimant or a source. A popup now opens
just below the selection's last line, its left edge under the selection's start;
where the screen has no room for it below, just above the selection's first
line; and always inside the screen. The E popup grows as its list of names grows
with the typing, so the popup is placed again at every resize, on the side it
took first while it still fits there (a popup above the selection grows upwards).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QTextCursor

GAP = 6
"""Pixels between the selection's line and the popup's frame."""

BELOW, ABOVE = "below", "above"


def place_near(area: QRect, size: QSize, screen: QRect, prefer: str = BELOW
               ) -> tuple[QPoint, str]:
    """The top-left of a window frame of ``size`` next to ``area`` (the selection, in
    screen coordinates) inside ``screen``, and the side it is on: ``prefer``'s side
    when the frame fits there, else the other, else whichever has more room (then
    it may cover part of ``area``: a selection taller than the screen allows)."""
    room = {BELOW: screen.bottom() - area.bottom() - GAP,
            ABOVE: area.top() - screen.top() - GAP}
    other = ABOVE if prefer == BELOW else BELOW
    side = prefer if room[prefer] >= size.height() else \
        other if room[other] >= size.height() else max(room, key=room.get)
    y = area.bottom() + 1 + GAP if side == BELOW else area.top() - GAP - size.height()
    y = max(screen.top(), min(y, screen.bottom() + 1 - size.height()))
    x = max(screen.left(), min(area.left(), screen.right() + 1 - size.width()))
    return QPoint(x, y), side


def selection_area(body) -> QRect | None:
    """The selected lines of the article text ``body`` in screen coordinates, from the
    first line's top to the last line's bottom and the width of the visible text;
    clipped to what is on screen. None without a selection."""
    cursor = body.textCursor()
    if not cursor.hasSelection():
        return None
    first, last = QTextCursor(cursor), QTextCursor(cursor)
    first.setPosition(cursor.selectionStart())
    last.setPosition(cursor.selectionEnd())
    top, bottom = body.cursorRect(first), body.cursorRect(last)
    viewport = body.viewport()
    if top.top() == bottom.top():  # one line: from the selection's start to its end
        lines = QRect(top.topLeft(), QPoint(max(bottom.right(), top.left()), bottom.bottom()))
    else:  # the whole width of every line it touches
        lines = QRect(QPoint(0, top.top()), QPoint(viewport.width() - 1, bottom.bottom()))
    lines = lines.intersected(viewport.rect())
    if lines.isEmpty():
        return None
    return QRect(viewport.mapToGlobal(lines.topLeft()), lines.size())


class PopupPlacer(QObject):
    """Keeps one popup next to the selection it was opened on, at opening and at
    every resize (``place_near``)."""

    def __init__(self, popup, area: QRect, frame: QSize) -> None:
        super().__init__(popup)
        self.popup, self.area, self.frame = popup, area, frame
        self.side = BELOW
        popup.installEventFilter(self)

    def place(self) -> None:
        popup = self.popup
        screen = popup.screen() or popup.parentWidget().screen()
        framed = popup.size() + self.frame
        at, self.side = place_near(self.area, framed, screen.availableGeometry(), self.side)
        popup.move(at)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.popup and event.type() == QEvent.Type.Resize:
            self.place()
        return False


def place_popup(popup, body, window) -> PopupPlacer | None:
    """Open ``popup`` beside the selection of the article text ``body``: call before
    ``popup.open()``. The frame a window manager adds is taken as ``window``'s own
    (the popup's is not known before it is shown). None without a selection."""
    area = selection_area(body)
    if area is None:
        return None
    popup.adjustSize()
    outer, inner = window.frameGeometry(), window.geometry()
    placer = PopupPlacer(popup, area, QSize(outer.width() - inner.width(),
                                            outer.height() - inner.height()))
    placer.place()
    return placer
