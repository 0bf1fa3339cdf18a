"""A copy of the project while it is in use, and what the project holds.

A copy goes through SQLite's online backup API, page by page, from the
committed state of the file: it is consistent even while the window (or any
other program) goes on writing, which copying the file and its WAL by hand is
not. The copy is built under a hidden name beside its destination and moved
into place only when whole, so a full disk or a kill leaves the destination as
it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.store.base import StoreBase
from annotator.store.errors import ProjectError, describe

#: Pages copied per step: small steps let the window write between them.
PAGES_PER_STEP = 1024

COUNTED = ("articles", "entities", "mentions", "claims", "attributions", "coders")


class CopyMixin(StoreBase):
    def save_copy(self, destination: str | os.PathLike,
                  progress: Callable[[int, int], object] | None = None) -> Path:
        """Write a consistent copy of this project to ``destination``; return its path.

        ``progress(done, total)`` counts pages. An existing file at
        ``destination`` is replaced only once the copy is whole (the window's
        save dialog asked first); the project itself is never a destination.
        """
        dest = Path(destination).resolve()
        if self.path is not None and dest == Path(self.path).resolve():
            raise ProjectError(f"{dest}: that is this project itself; choose another name")

        def step(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)
        _backup_into(self.db.conn, dest, str(dest), step)
        return dest

    def project_info(self) -> dict[str, Any]:
        """Path, size on disk, schema version, counts and codebook (File ▸ Project information)."""
        counts = {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
        size = 0
        if self.path is not None:
            for suffix in ("", "-wal"):
                file = Path(f"{self.path}{suffix}")
                size += file.stat().st_size if file.exists() else 0
        book = self.codebook()
        version = book.version  # rises with every change (store/codebook_changes.py)
        return {"path": None if self.path is None else str(self.path), "size": size,
                "schema_version": self.schema_version(), "counts": counts,
                "codebook": book.name, "codebook_version": version,
                "read_only": bool(getattr(self, "read_only", False))}


def remove_project_file(partial: str | os.PathLike) -> None:
    """A project file that must not stay (a failed copy, a new merge target that got
    nothing), and the journal SQLite kept beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)



def copy_project_file(source: str | os.PathLike, destination: str | os.PathLike, *,
                      journal: str = "DELETE") -> Path:
    """Copy a project nobody is writing (the demo's template) to a new file; return its path.

    Through SQLite's backup API on a read-only connection, never Python file
    I/O on a project file (DESIGN.md). ``journal`` is the copy's journal mode:
    DELETE makes it one file to send; WAL suits a copy the program opens at once
    (the demo), since turning DELETE into WAL on opening rewrites the header and
    waits for the disk (about 10-20 ms of the demo's first paint here).
    """
    from annotator.store.opening import read_only_connection

    source, dest = Path(source), Path(destination)
    try:
        reader = read_only_connection(source)
    except sqlite3.Error as exc:
        raise ProjectError(describe(str(source), exc)) from exc
    try:
        _backup_into(reader, dest, str(source), journal=journal)
    finally:
        reader.close()
    return dest


def _backup_into(source: sqlite3.Connection, dest: Path, blame: str, step=None, *,
                 journal: str = "DELETE") -> None:
    """The backup of ``source`` at ``dest``: built under a hidden name, moved in when whole.

    So a full disk or a kill leaves ``dest`` as it was; ``blame`` is the file a
    failure of SQLite is reported against. The hidden file is written with no
    journal and no syncs of its own: nobody else opens it, a failed or killed copy
    is thrown away whole, and the one fsync before it is moved in makes it
    durable (SQLite's rollback journal would have synced twice per step).
    """
    partial = dest.parent / f".{dest.name}.copy-{os.getpid()}"
    try:
        target = sqlite3.connect(partial)
        try:
            target.execute("PRAGMA journal_mode = OFF")
            target.execute("PRAGMA synchronous = OFF")
            source.backup(target, pages=PAGES_PER_STEP, progress=step)
            target.execute(f"PRAGMA journal_mode = {journal}")  # DELETE: one file, no -wal
        finally:
            target.close()
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, dest)
    except sqlite3.Error as exc:
        remove_project_file(partial)
        raise ProjectError(describe(blame, exc)) from exc
    except OSError as exc:
        remove_project_file(partial)
        raise ProjectError(f"{exc.filename or dest}: {exc.strerror or exc}") from exc
