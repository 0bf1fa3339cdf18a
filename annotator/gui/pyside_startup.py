"""PySide6's import hook without its source scan: about 20 ms of the window's first paint.

Importing PySide6 replaces ``builtins.__import__`` so that a module may opt in to
its ``from __feature__ import snake_case, true_property``. Once per module
imported afterwards, the standard library's included, the hook asks whether that
module "uses PySide" by reading its whole source (``inspect.getsource``) and
searching it for "PySide6": 129 modules read, 20 to 26 ms, in a launch of the demo
window here (benchmarks/startup.py). The answer only matters to modules that
select a feature, and Annotator selects none. So the scan is replaced by a look at
what the module holds once imported (a class or module of PySide6 or shiboken6),
which gives the same answer for every module that imports PySide6 at its top and
costs microseconds. Applied when ``annotator.gui`` is imported; if a PySide6
release moves or renames the hook, nothing is changed and start-up is as before.
"""

from __future__ import annotations

import sys

PYSIDE_PACKAGES = ("PySide6", "shiboken6")


def holds_pyside(module) -> bool:
    """Whether the imported ``module`` holds anything of PySide6 (what the scan looked for).

    The window's own modules count as users whatever they hold: some import PySide6
    only inside a function, which the scan of their source saw.
    """
    if getattr(module, "__name__", "").startswith("annotator.gui"):
        return True
    for value in list(vars(module).values()):
        origin = getattr(value, "__module__", None)
        if not isinstance(origin, str):
            origin = getattr(value, "__name__", None) if type(value) is type(sys) else None
        if isinstance(origin, str) and origin.startswith(PYSIDE_PACKAGES):
            return True
    return False


def skip_source_scan() -> bool:
    """Put :func:`holds_pyside` in place of the hook's source scan; False if it is not there."""
    import PySide6.QtCore  # noqa: F401 - installs the hook and its support module
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = holds_pyside
    return True
