"""What a failed database operation means for the coder, in one line naming the file.

SQLite reports a full disk, a read-only file, a lock held too long and a
damaged file as bare codes ("database or disk is full"). The CLI and the
window both show :func:`describe`'s sentence instead; a change that failed
was one transaction, rolled back whole, so nothing of it was stored.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: How long a change waits for another connection's write lock before failing.
BUSY_TIMEOUT_MS = 5000

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_READONLY, SQLITE_BUSY, SQLITE_LOCKED = 8, 5, 6
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL = 10, 11, 13
SQLITE_CANTOPEN, SQLITE_NOTADB = 14, 26



class ProjectError(Exception):
    """A file that cannot be opened as a project; the message names the file."""


class StoreError(ProjectError):
    """A read or change of the project failed; nothing of a failed change was stored."""


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_fault(exc: BaseException) -> bool:
    """A database failure the coder must hear about, as opposed to a refused value."""
    # IntegrityError (a CHECK or foreign key refusing a value) is the caller's business.
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(
        exc, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError)


def reason(exc: BaseException) -> str:
    """The cause of a failure in words a coder can act on."""
    code, text = _code(exc), str(exc)
    if code == SQLITE_FULL or "disk is full" in text:
        return "the disk is full; free some space and try again"
    if code == SQLITE_READONLY or "readonly" in text:
        return ("the project file is read-only (the file, its folder or the disk cannot be "
                "written; work on a copy, or reopen the project once it can be written)")
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in text:
        return (f"another program kept the project locked for more than "
                f"{BUSY_TIMEOUT_MS // 1000} s; try again")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text \
            or "not a database" in text:
        return damaged_reason(text)
    if code == SQLITE_IOERR or "I/O error" in text:
        return f"the disk reported an error ({text})"
    if code == SQLITE_CANTOPEN:
        return f"cannot open the project file ({text}); check that its folder is writable"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return text or type(exc).__name__


def damaged_reason(detail: str) -> str:
    return (f"the project file is damaged ({detail}); restore it from a backup or a copy "
            "(`sqlite3 FILE .recover` rescues what is still readable)")


def damaged(path: Path | str | None, detail: str) -> str:
    """The line for a project SQLite's own check found damaged."""
    return f"{path}: {damaged_reason(detail)}"


def describe(path: Path | str | None, exc: BaseException) -> str:
    """``PATH: reason``: the one line the CLI prints and the window shows."""
    where = str(path) if path is not None else "(in-memory project)"
    return f"{where}: {reason(exc)}"


def store_error(path: Path | str | None, exc: BaseException) -> StoreError:
    error = StoreError(describe(path, exc))
    error.__cause__ = exc
    return error
