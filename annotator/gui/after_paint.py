"""Work that waits until a widget has painted: what the coder sees first comes first.

A zero timer is not enough for that: Qt runs timers before the paint of a window
just shown (the demo's cue rules ran 35 ms before its first frame). So the
callbacks wait for the widget's next paint event and run from the event loop
right after it; a fallback timer runs them anyway when no paint comes (a window
never shown, as in tests, or one hidden behind another). Each callback runs once;
a callback that must not do its work twice checks for itself (``Suggestions.settle``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

#: how long a callback waits for a paint that may never come
FALLBACK_MS = 250


class AfterPaint(QObject):
    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.waiting: list[Callable[[], None]] = []
        # One fallback, restarted by each call: a timer left from an earlier call must not
        # run a later one before its paint. Both timers are this object's: none fires
        # after it is gone with its widget.
        self._fallback = QTimer(self, singleShot=True, interval=FALLBACK_MS)
        self._fallback.timeout.connect(self._run)

    def call(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` just after the widget's next paint (or after FALLBACK_MS)."""
        if not self.waiting:
            self.widget.installEventFilter(self)  # only while something waits
        self.waiting.append(callback)
        self._fallback.start()

    def release(self, *objects: object) -> None:
        """Hold ``objects`` until just after the widget's next paint, then let them go.

        What the article shown before held (5,000 rows, their highlights) took about
        4 ms to free, before the next article's first paint; the coder is not waiting
        for that."""
        self.call(lambda: objects and None)

    def cancel(self) -> None:
        """Forget what waits (its window closes: nothing may query its store after)."""
        self._fallback.stop()
        if self.waiting:
            self.waiting = []
            self.widget.removeEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self.waiting:
            QTimer.singleShot(0, self, self._run)  # after this paint has been drawn
        return False

    def _run(self) -> None:
        self._fallback.stop()
        callbacks, self.waiting = self.waiting, []
        if callbacks:
            self.widget.removeEventFilter(self)
        for callback in callbacks:
            callback()
