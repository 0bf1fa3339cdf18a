"""sqlite-utils' ``Database`` and ``Migrations``, imported without pandas and numpy.

sqlite-utils imports pandas and numpy whenever they are installed, only to map
their scalar types to column types in ``insert()``/``create()``, which Annotator
never calls: its SQL is written out in ``store/`` and ``migrations.py``. That
import alone was a third of the window's start-up (``benchmarks/startup.py``),
so it is hidden from sqlite-utils here; the code that really needs pandas or
numpy (agreement, identity ranking) imports them later as usual.
"""

from __future__ import annotations

import sys


def _import_lean():
    blocked = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # an import of it raises ImportError: sqlite-utils skips it
    try:
        from sqlite_utils import Database, Migrations
    finally:
        for name in blocked:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
    return Database, Migrations


Database, Migrations = _import_lean()

__all__ = ["Database", "Migrations"]
