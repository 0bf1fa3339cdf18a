"""sqlite-utils' ``Database`` and ``Migrations``, imported lean for the window's start-up.

sqlite-utils pays at import and at the first ``Database()`` for features
Annotator never uses, and the window waits for each before its first paint
(``benchmarks/startup.py``):

- pandas and numpy, imported whenever they are installed, only to map their
  scalar types to column types in ``insert()``/``create()``, which Annotator
  never calls: its SQL is written out in ``store/`` and ``migrations.py``.
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
import sys


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


def _import_lean():
    blocked = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # an import of it raises ImportError: sqlite-utils skips it
    _lazy("dateutil.parser")
    try:
        from sqlite_utils import Database, Migrations, plugins
    finally:
        for name in blocked:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
    plugins._plugins_loaded = True  # no entry-point scan: see the module's docstring
    return Database, Migrations


Database, Migrations = _import_lean()

__all__ = ["Database", "Migrations"]
