"""A debounce timer that never fires into a closed window.

Why: a search box (and the entity browser) waits for a short pause before it
queries the store, so typing stays smooth. If the window closes during that
pause, its store is closed next, and a timer firing then would query a closed
database ("Cannot operate on a closed database", in whatever runs the event
loop next). So the timer pauses while the widget that owns it is hidden (a
closing window hides every child) and resumes when it is shown again, and
``MainWindow.closeEvent`` stops every one of them for good. Being the owner's
child, it dies with the owner.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class Debounce(QTimer):
    """A single-shot timer owned by ``owner``: (re)started on each event, quiet while hidden."""

    def __init__(self, owner: QWidget, interval_ms: int, slot: Callable[[], None]) -> None:
        super().__init__(owner)
        self.setSingleShot(True)
        self.setInterval(interval_ms)
        self.timeout.connect(slot)
        self._resume = False
        owner.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Hide:
            self._resume = self._resume or self.isActive()
            super().stop()
        elif event.type() == QEvent.Type.Show and self._resume:
            self._resume = False
            self.start()
        return False

    def stop(self) -> None:
        """Stop, and forget a wait interrupted by hiding: nothing fires on the next show."""
        self._resume = False
        super().stop()


def stop_all(window: QWidget) -> None:
    """Stop every debounce timer of a closing window and of its dialogs."""
    for timer in window.findChildren(Debounce):
        timer.stop()
