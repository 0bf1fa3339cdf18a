"""Opening a project file safely: refuse what is not ours, migrate with a backup.

A coder may point the program at the wrong file. Nothing here writes to a file
until it is known to be an Annotator project (or empty), so a foreign SQLite
database, a text file or garbage is left byte-for-byte untouched.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from annotator.migrations import APPLICATION_ID, MIGRATION_SET, known_migration_names, migrations

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class ProjectError(Exception):
    """A file that cannot be opened as a project; the message names the file."""


def _read_header(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(100)


def _application_id_through_wal(path: Path) -> int:
    """The application id as SQLite sees it, WAL included (read-only).

    A project created moments ago by another connection (the window, while a
    worker thread opens its own) may still hold page 1 in its write-ahead log,
    so the header bytes on disk read 0 until the next checkpoint.
    """
    try:
        conn = sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA application_id").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return 0


def inspect_project(path: Path) -> tuple[bool, list[str]]:
    """Return (is_new, applied_migration_names) without writing a byte.

    Raises ProjectError for anything that is not an empty file, a missing file
    or an Annotator project.
    """
    if not path.exists() or path.stat().st_size == 0:
        return True, []
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    header = _read_header(path)
    if not header.startswith(SQLITE_MAGIC):
        raise ProjectError(f"{path}: not an Annotator project (not an SQLite file); left untouched")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id == 0 and path.with_name(path.name + "-wal").exists():
        app_id = _application_id_through_wal(path)
    if app_id != APPLICATION_ID:
        raise ProjectError(
            f"{path}: an SQLite file, but not an Annotator project "
            f"(application_id {app_id:#x}); left untouched"
        )
    uri = f"file:{path.resolve().as_posix()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            rows = conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET],
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path}: damaged Annotator project: {exc}") from exc
    applied = [r[0] for r in rows]
    unknown = [name for name in applied if name not in known_migration_names()]
    if unknown:
        raise ProjectError(
            f"{path}: written by a newer version of Annotator (schema {', '.join(unknown)}); "
            "update Annotator to open it; left untouched"
        )
    return False, applied


def backup_before_migration(path: Path, applied: list[str]) -> Path:
    """Copy the project aside through SQLite's backup API (consistent even in WAL mode)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.v{len(applied)}-{stamp}.bak")
    source = sqlite3.connect(str(path))
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def configure(conn: sqlite3.Connection, *, in_memory: bool) -> None:
    """WAL for crash safety and concurrent readers, foreign keys, a busy timeout."""
    if not in_memory:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def open_database(path: str | Path | None) -> tuple[Database, bool, Path | None]:
    """Open (creating or migrating) a project; return (db, was_created, backup_path).

    ``None`` or ``":memory:"`` gives an in-memory project, used by tests.
    """
    backup = None
    if path is None or str(path) == ":memory:":
        db = Database(memory=True)
        configure(db.conn, in_memory=True)
        is_new = True
    else:
        path = Path(path)
        is_new, applied = inspect_project(path)
        pending = [n for n in known_migration_names() if n not in applied]
        if not is_new and pending:
            backup = backup_before_migration(path, applied)
        try:
            conn = sqlite3.connect(str(path), check_same_thread=False)
        except sqlite3.Error as exc:
            raise ProjectError(f"{path}: cannot open: {exc}") from exc
        configure(conn, in_memory=False)
        db = Database(conn)
    migrations.apply(db)
    return db, is_new, backup
