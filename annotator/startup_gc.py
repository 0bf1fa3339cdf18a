"""Start-up without the cyclic garbage collector, then the start-up's objects frozen.

Until its first window is painted the program makes some 35,000 long-lived
objects (modules, classes, Qt wrappers, the codebook) and almost no garbage
(about 400 unreachable objects at the demo's first paint), yet the collector ran
about 60 times meanwhile and took some 14 ms of the 300 before that paint
(benchmarks/startup.py). So the window's entry points :func:`pause` it, and once
the window has painted :func:`resume` moves everything made so far into the
permanent generation (``gc.freeze``: no later collection scans it again, which
also keeps the collections short while the coder works) and turns it back on.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Turn the collector off until :func:`resume` (nothing if it was off already)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze what start-up made and turn the collector on again, if :func:`pause` turned it off."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
