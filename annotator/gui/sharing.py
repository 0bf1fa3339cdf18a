"""The window's side of sharing one project file: other writers, and the file's health.

How the window shares its file (DESIGN.md, "The project file is shared safely"):

- The window's own Store (one connection, in the GUI thread) makes every edit.
  Import…, Export… and Find duplicates open a Store of their own in a worker
  thread; every write on any connection starts with ``BEGIN IMMEDIATE`` and
  waits for the lock, and an import commits in small batches, so an edit
  waits at most for one batch.
- Other programs (a second window, ``annotator import``, a reader such as
  Datasette) may have the file open too. :class:`OutsideChanges` notices their
  commits through SQLite's ``data_version`` and the window re-reads what it
  shows (within ``POLL_MS``, or at once with View ▸ Refresh, F5).
- :class:`HealthCheck` runs SQLite's ``quick_check`` once, in a thread of its
  own, after the window opens: a damaged project is reported at once instead
  of when a coder's edit first touches the bad page.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from annotator.store import Store
from annotator.store.errors import damaged
from annotator.store.opening import quick_check_file

#: How often the window asks whether another connection committed.
POLL_MS = 2000


class OutsideChanges(QObject):
    """Polls the store for commits made by other connections, and checks its journal.

    Signals:
        changed(): another connection committed since the last poll.
        reconnected(int): the write-ahead log was deleted under the store (see
            ``annotator/store/journal.py``); it reconnected, and this many recent
            edits are not in the file.
    """

    changed = Signal()
    reconnected = Signal(int)

    def __init__(self, store: Store, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self._version = store.outside_version()
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> bool:
        """Emit ``changed`` if another connection committed; True if it did."""
        if self.store.journal_lost():
            self.reconnected.emit(self.store.reopen())
            self._version = self.store.outside_version()
            self.changed.emit()
            return True
        version = self.store.outside_version()
        if version == self._version:
            return False
        self._version = version
        self.changed.emit()
        return True

    def stop(self) -> None:
        self.timer.stop()


class HealthCheck(QThread):
    """``quick_check`` of the project file in the background, on its own connection.

    Signals:
        damaged(str): the one line saying what is wrong (not emitted when sound).
    """

    damaged = Signal(str)

    def __init__(self, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.path = path
        self.result: list[str] | None = None

    def run(self) -> None:
        self.result = quick_check_file(self.path)
        if self.result != ["ok"]:
            self.damaged.emit(damaged(self.path, "; ".join(self.result)))
