"""What every export writer shares: the report it fills, the row ticker behind progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


class ExportCancelled(Exception):
    """The coder cancelled; OUTDIR keeps the previous export, nothing of this one is left."""


@dataclass
class ExportReport:
    outdir: Path
    files: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    #: one line each: what a format could not hold as it is (a cut cell), naming the file
    warnings: list[str] = field(default_factory=list)

    def wrote(self, table: str, path: Path, rows: int) -> None:
        self.files[table] = path
        self.rows[table] = rows


class Ticker:
    """Counts rows written; every 500 checks Cancel and reports progress."""

    EVERY = 500

    def __init__(self, total: int, progress: Callable[[int, int, str], None] | None,
                 cancel: Callable[[], bool] | None) -> None:
        self.total, self.done = total, 0
        self._progress, self._cancel = progress, cancel

    def __call__(self, table: str) -> None:
        self.many(table, 1)

    def many(self, table: str, n: int) -> None:
        """``n`` rows written at once: Cancel and progress as if ticked ``n`` times."""
        before = self.done // self.EVERY
        self.done += n
        if self.done // self.EVERY > before:
            if self._cancel is not None and self._cancel():
                raise ExportCancelled(f"export cancelled while writing {table}")
            if self._progress is not None:
                self._progress(self.done, self.total, table)

    def expect(self, total: int) -> None:
        """A writer that counts documents, not table rows, says how many to expect."""
        self.total = total

    def finished(self, table: str) -> None:
        """A table is complete: say so even when it had fewer than 500 rows."""
        if self._progress is not None:
            self._progress(self.done, max(self.total, self.done), table)
