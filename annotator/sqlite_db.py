"""The project connection: sqlite-utils' ``Database``, imported when something needs it.

The store writes its SQL out and runs it through ``execute`` and ``query``; the
window reads its first article that way before its first paint. sqlite-utils'
import costs 50-80 ms here (its 4,000-line ``db`` module with its dataclasses,
pluggy, a CREATE TABLE parser; ``benchmarks/startup.py``), all for features the
first paint does not use. So :class:`Database` runs ``execute`` and ``query``
on the sqlite3 connection itself and hands everything else (``atomic``, tables,
``executescript``, the migrations) to a real sqlite-utils ``Database`` over the
same connection, made on first use.

``execute`` and ``query`` behave as sqlite-utils' do for the store's connections,
which never open a transaction implicitly (``isolation_level = None``, set here):
a statement outside ``BEGIN`` commits by itself, inside one it joins it. Only
``query``'s guard against statements that return no rows is left out (the store
never asks for rows from a write).

When sqlite-utils is imported it is imported lean:

- pandas and numpy, imported whenever they are installed, only to map their
  scalar types to column types in ``insert()``/``create()``, which Annotator
  never calls: its SQL is written out in ``store/`` and ``migrations/``.
  They are hidden from sqlite-utils here (a third of the start-up once); the
  code that needs them (agreement, identity ranking) imports them later as usual.
- dateutil's parser (about 12 ms), for the ``parsedate`` recipe of its command
  line; it is loaded lazily, on first use, by whoever uses it (dateparser does).
- its plugins: the first ``Database()`` scans every installed distribution's
  entry points for sqlite-utils plugins (15-20 ms). Annotator loads none: a
  plugin's ``prepare_connection`` hook would change the SQL a project file runs
  depending on what else happens to be installed, so the scan is skipped.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any


def _lazy(name: str) -> None:
    """Put ``name`` in sys.modules as a module that loads itself on first attribute use."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:  # so ``from parent import child`` finds it without the import machinery,
        setattr(sys.modules[parent], child, module)  # which would load it (reading __spec__)


def sqlite_utils():
    """The ``sqlite_utils`` package, imported lean (see the module docstring) once."""
    if "sqlite_utils.db" in sys.modules:
        return sys.modules["sqlite_utils"]
    blocked = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # an import of it raises ImportError: sqlite-utils skips it
    _lazy("dateutil.parser")
    try:
        import sqlite_utils as package
        from sqlite_utils import plugins
    finally:
        for name in blocked:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
    plugins._plugins_loaded = True  # no entry-point scan: see the module's docstring
    return package


Params = Sequence[Any] | Mapping[str, Any] | None


class Database:
    """A project's connection; sqlite-utils' ``Database`` over it for all but plain SQL."""

    def __init__(self, conn: sqlite3.Connection | str | None = None, *,
                 memory: bool = False) -> None:
        if isinstance(conn, sqlite3.Connection):
            self.conn = conn
        else:
            self.conn = sqlite3.connect(":memory:" if memory or conn is None else str(conn))
        self.conn.isolation_level = None  # no implicit transactions: see the docstring
        self._full = None

    @property
    def full(self):
        """sqlite-utils' own ``Database`` over this connection (imported now if not yet)."""
        if self._full is None:
            self._full = sqlite_utils().Database(self.conn)
        return self._full

    def execute(self, sql: str, parameters: Params = None) -> sqlite3.Cursor:
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    def query(self, sql: str, params: Params = None) -> Iterator[dict[str, Any]]:
        """Run ``sql`` now; its rows as dicts, read as the caller iterates."""
        cursor = self.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        return (dict(zip(keys, row)) for row in cursor)

    def close(self) -> None:
        self.conn.close()

    def __getitem__(self, table: str):
        return self.full[table]

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("conn", "_full"):
            raise AttributeError(name)
        return getattr(self.full, name)


def Migrations(name: str):  # noqa: N802 - stands for sqlite-utils' class
    """sqlite-utils' ``Migrations`` (imported now if not yet)."""
    return sqlite_utils().Migrations(name)


__all__ = ["Database", "Migrations", "sqlite_utils"]
