"""A tripwire for the one way a live connection can lose its edits: a deleted write-ahead log.

SQLite keeps the ``-wal`` file while any connection is open. If something in
this process opens and closes the project file with plain file I/O (a file
dialog guessing the file's type, a tool reading its header), the process's
POSIX locks on it are gone, and the next program to close the project deletes
the log this connection still writes into: its commits then reach no file.
The program itself never does that (see ``opening.py`` and
``gui/file_dialogs.py``); this module notices if something else did.

:meth:`JournalMixin.journal_lost` compares the log's identity (device and
inode) with the one this connection opened; :meth:`JournalMixin.reopen`
connects again, which puts the connection back on the file's real log, and
says how many of this connection's recent edits the file no longer holds.
"""

from __future__ import annotations

import os

from annotator.store.base import StoreBase
from annotator.store.opening import open_database


class JournalMixin(StoreBase):
    _journal_identity: tuple[int, int] | None = None
    #: The newest edit_log id known to be in the file (checked with an intact log).
    _journal_watermark: int = 0

    def _wal_path(self):
        return None if self.path is None else self.path.with_name(self.path.name + "-wal")

    def _current_journal(self) -> tuple[int, int] | None:
        wal = self._wal_path()
        try:
            info = os.stat(wal) if wal is not None else None
        except OSError:
            return None
        return None if info is None else (info.st_dev, info.st_ino)

    def watch_journal(self) -> None:
        """Remember which write-ahead log this connection uses (after it has read)."""
        if self.path is None or self.read_only:
            return
        self.db.execute("SELECT count(*) FROM meta").fetchone()  # opens the log
        self._journal_identity = self._current_journal()
        self._journal_watermark = self._last_edit_id()

    def journal_lost(self) -> bool:
        """Whether the log this connection writes into was deleted or replaced."""
        if self._journal_identity is None:
            return False
        if self._current_journal() != self._journal_identity:
            return True
        self._journal_watermark = self._last_edit_id()
        return False

    def _last_edit_id(self) -> int:
        return self.db.execute("SELECT COALESCE(max(id), 0) FROM edit_log").fetchone()[0]

    def reopen(self) -> int:
        """Connect again; return how many edits made since the log was last seen are gone.

        Closing may still save them: when no other program has the project
        open, SQLite writes the orphaned log into the file as it closes.
        """
        recent = self.db.execute(
            "SELECT id, at, table_name, row_id, action FROM edit_log WHERE id > ?",
            [self._journal_watermark]).fetchall()
        self.db.close()
        opened = open_database(self.path)
        self.db, self.read_only = opened.db, opened.read_only
        self._newer_pool = None  # the names above the postings, read again from the new connection
        self.entity_changes.clear()
        self.unindexed.clear()
        lost = sum(1 for row in recent if self.db.execute(
            "SELECT 1 FROM edit_log WHERE id = ? AND at = ? AND table_name = ?"
            " AND row_id IS ? AND action = ?", list(row)).fetchone() is None)
        self.watch_journal()
        return lost
