"""Opening a project file safely: refuse what is not ours, create atomically, migrate with a backup.

A coder may point the program at the wrong file. Nothing here writes to a file
until it is known to be an Annotator project (or empty), so a foreign SQLite
database, a text file or garbage is left byte-for-byte untouched.

Two rules keep a project that other connections have open intact:

- **The file is only ever read through SQLite.** Closing *any* descriptor of a
  database file drops every POSIX lock the process holds on it, those of a live
  SQLite connection included (SQLite's "How To Corrupt An SQLite Database File",
  2.2). An outside reader closing next then believes it is the last connection
  and deletes the write-ahead log under the live one: later edits are reported
  committed and lost on a crash. SQLite's own connections share their locks
  per file within a process, so opening and closing them is safe.
- **A new project appears whole or not at all.** It is built under a hidden
  temporary name in the same folder, with its schema and codebook committed,
  and then linked into place; a kill at any moment leaves no file or a
  complete project (and at worst a stale temporary file, removed next time).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from annotator.migrations import (
    APPLICATION_ID,
    MIGRATION_SET,
    known_migration_names,
    schema_migrations,
)
from annotator.sqlite_db import Database
from annotator.store.errors import BUSY_TIMEOUT_MS, ProjectError, StoreError, damaged

CREATING = ".creating-"


def _read_only_uri(path: Path, *, immutable: bool = False) -> str:
    return f"file:{path.resolve().as_posix()}?mode=ro" + ("&immutable=1" if immutable else "")


def _application_id(path: Path, *, immutable: bool) -> int:
    """``PRAGMA application_id`` through SQLite; 0 for an SQLite file without one.

    ``immutable`` reads the main file only, with no locks and no ``-wal``/``-shm``
    created beside a foreign database; it is right only when no ``-wal`` exists.
    Otherwise the log is read too: it may hold page 1 of a new project, or the
    only whole copy of pages whose checkpoint a full disk interrupted.
    """
    uri = _read_only_uri(path, immutable=immutable)
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            return conn.execute("PRAGMA application_id").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == 26 or "not a database" in str(exc):
            raise ProjectError(f"{path}: not an Annotator project (not an SQLite file); "
                               "left untouched") from exc
        raise ProjectError(f"{path}: cannot read: {exc}") from exc


def inspect_project(path: Path) -> tuple[bool, list[str]]:
    """Return (is_new, applied_migration_names) without writing a byte.

    Raises ProjectError for anything that is not an empty file, a missing file
    or an Annotator project. The header is read through SQLite, never with
    Python file I/O (see the module docstring).
    """
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    if not path.exists() or path.stat().st_size == 0:
        return True, []
    # Without a -wal the main file is the whole truth and can be read without
    # creating companions beside a foreign file; with one, read through it.
    app_id = _application_id(path, immutable=not path.with_name(path.name + "-wal").exists())
    if app_id != APPLICATION_ID:
        raise ProjectError(
            f"{path}: an SQLite file, but not an Annotator project "
            f"(application_id {app_id:#x}); left untouched"
        )
    try:
        conn = read_only_connection(path)
        try:
            rows = conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET],
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(damaged(path, str(exc))) from exc
    applied = [r[0] for r in rows]
    unknown = [name for name in applied if name not in known_migration_names()]
    if unknown:
        raise ProjectError(
            f"{path}: written by a newer version of Annotator (schema {', '.join(unknown)}); "
            "update Annotator to open it; left untouched"
        )
    return False, applied


def needs_upgrade(path: str | Path) -> bool:
    """Whether opening ``path`` migrates it: a project of an older schema (the window
    shows progress then, since an upgrade may rebuild an index: a minute at 100k
    articles). False for a new file, and for one Store() will refuse and say why."""
    try:
        new, applied = inspect_project(Path(path))
    except ProjectError:
        return False
    return not new and any(name not in applied for name in known_migration_names())


def backup_before_migration(path: Path, applied: list[str]) -> Path:
    """Copy the project aside through SQLite's backup API (consistent even in WAL mode)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.v{len(applied)}-{stamp}.bak")
    source = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


#: The most each connection keeps of the file's pages in memory, in KiB.
CACHE_KIB = 64 * 1024


def configure(conn: sqlite3.Connection, *, in_memory: bool) -> None:
    """A busy timeout first (so the rest waits for other writers), WAL, foreign keys.

    ``synchronous = FULL``: in WAL mode NORMAL is safe against a crash of the
    program but may lose the last commits in a power cut or an OS crash; an
    edit the screen shows as stored must survive both (one fsync per commit).

    A page cache of up to ``CACHE_KIB`` (SQLite's default is 2 MB): typing a name
    reads the same index pages and trigram postings keystroke after keystroke, and
    with 2 MB a 1M-name project read them from the file again each time (typeahead
    p95 21 ms, with 64 MB 9 ms; ``benchmarks/scale_entities.py``). Pages are cached
    as they are read, so a small project never fills it.
    """
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    if not in_memory:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")  # a commit survives a power cut too
    conn.execute("PRAGMA foreign_keys = ON")


def _connect(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(str(path), check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot open: {exc}") from exc


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _remove_stale_builds(path: Path) -> None:
    """Temporary files of creations that were killed (their process is gone)."""
    prefix = f".{path.name}{CREATING}"
    for stale in path.parent.glob(f"{prefix}*"):
        pid = stale.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            stale.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (a no-op where folders cannot be opened, as on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _move_into_place(tmp: Path, path: Path) -> bool:
    """Put the built project at ``path``; False if another process made one there first.

    A hard link never replaces an existing file, so two creations racing for
    one name cannot overwrite each other's project; an empty file at the name
    (a coder's ``touch``) is replaced.
    """
    try:
        if path.exists() and path.stat().st_size == 0:
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # no hard links on this filesystem
            if path.exists():
                return False
            os.replace(tmp, path)
            return True
        return True
    finally:
        tmp.unlink(missing_ok=True)
        _fsync_folder(path.parent)


def create_project(path: Path, fill: Callable[[Database], None]) -> bool:
    """Build a new project at ``path`` atomically; False if one appeared there meanwhile.

    ``fill(db)`` writes what a new project carries besides its schema (the
    codebook) inside the same build, so the project is never seen without it.
    """
    if not path.parent.is_dir():
        raise ProjectError(f"{path}: cannot create a project here: the folder "
                           f"{path.parent} does not exist")
    if not os.access(path.parent, os.W_OK):
        raise ProjectError(f"{path}: cannot create a project here: the folder "
                           f"{path.parent} is read-only")
    _remove_stale_builds(path)
    tmp = path.with_name(f".{path.name}{CREATING}{os.getpid()}-{os.urandom(4).hex()}")
    try:
        conn = sqlite3.connect(str(tmp))
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot create: {exc}") from exc
    try:
        conn.execute("PRAGMA synchronous = FULL")
        db = Database(conn)
        schema_migrations().apply(db.full)
        with db.atomic():
            fill(db)
        # Persistent WAL mode, set while nobody else can see the file; closing
        # the only connection then checkpoints and removes the temporary WAL.
        conn.execute("PRAGMA journal_mode = WAL")
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    return _move_into_place(tmp, path)


def _migrate(db: Database, path: Path, applied: list[str]) -> Path | None:
    """Apply pending schema versions under the write lock; back the file up first.

    ``BEGIN IMMEDIATE`` makes a second program opening the same old project
    wait, then find nothing left to do.
    """
    if not [n for n in known_migration_names() if n not in applied]:
        return None
    backup = backup_before_migration(path, applied)
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        schema_migrations().apply(db.full)
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()
    return backup


@dataclass
class Opened:
    """A project connection and how it came to be."""

    db: Database
    created: bool = False
    backup: Path | None = None
    #: The file, its folder or the medium cannot be written: reading only.
    read_only: bool = False


def _writable(path: Path) -> bool:
    """Whether SQLite can write the file and create its ``-wal``/``-shm`` beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that only reads a project, even one on a read-only medium.

    Reading a WAL project needs its ``-shm``; where that cannot be created (a
    read-only medium) and no ``-wal`` holds unmerged pages, nobody can be
    writing the file, so SQLite may treat it as immutable.
    """
    wal = path.with_name(path.name + "-wal")
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        if _writable(path) or (wal.exists() and wal.stat().st_size):
            raise
    return sqlite3.connect(_read_only_uri(path, immutable=True), uri=True,
                           check_same_thread=False)


def _open_read_only(path: Path, applied: list[str]) -> Opened:
    """A project on a read-only file or medium: readable, every change refused."""
    if [n for n in known_migration_names() if n not in applied]:
        raise ProjectError(f"{path}: read-only, and from an older version of Annotator; "
                           "open a writable copy once to upgrade it")
    try:
        conn = read_only_connection(path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: read-only, and cannot be read: {exc}") from exc
    return Opened(Database(conn), read_only=True)


def open_database(path: str | Path | None,
                  fill_new: Callable[[Database], None] = lambda db: None) -> Opened:
    """Open (creating or migrating) a project.

    ``None`` or ``":memory:"`` gives an in-memory project, used by tests.
    ``fill_new(db)`` runs inside the creation of a new project (see
    :func:`create_project`).
    """
    if path is None or str(path) == ":memory:":
        db = Database(memory=True)
        configure(db.conn, in_memory=True)
        schema_migrations().apply(db.full)
        with db.atomic():
            fill_new(db)
        return Opened(db, created=True)
    path = Path(path)
    is_new, applied = inspect_project(path)
    created = False
    if is_new:
        created = create_project(path, fill_new)
        is_new, applied = inspect_project(path)
    if not _writable(path):
        return _open_read_only(path, applied)
    conn = _connect(path)
    try:
        configure(conn, in_memory=False)
        db = Database(conn)
        backup = _migrate(db, path, applied)
    except sqlite3.Error as exc:
        conn.close()
        raise ProjectError(f"{path}: cannot open: {exc}") from exc
    return Opened(db, created, backup)


def quick_check_file(path: Path) -> list[str]:
    """SQLite's ``quick_check`` of a project on a read-only connection of its own.

    Returns ``["ok"]`` or up to five problems. Used by the window in a
    background thread: every page is read, so it takes about a second per GB,
    and a reader never blocks the coder's writes.
    """
    try:
        conn = read_only_connection(path)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        return [r[0] for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


def codebook_text_of(path: str | Path) -> str:
    """The codebook TOML another project carries, read without writing a byte of it.

    New project… offers "a copy of another project's codebook": opening that
    project as a Store would migrate it (and back it up) just to read one row,
    so this reads through a read-only connection after the same checks.
    """
    path = Path(path)
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    is_new, _applied = inspect_project(path)
    if is_new:
        raise ProjectError(f"{path}: an empty file, not a project with a codebook")
    try:
        conn = read_only_connection(path)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'codebook'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(damaged(path, str(exc))) from exc
    if row is None or not row[0]:
        raise ProjectError(f"{path}: the project carries no codebook")
    return row[0]
