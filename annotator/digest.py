"""SHA-1 without OpenSSL's start-up cost.

Two short things are hashed before the window's first paint: the project's key
in the settings (``gui.place``) and the demo template's name (``gui.app``). But
``import hashlib`` loads OpenSSL and registers its algorithms, about 5 ms of that
first paint here (benchmarks/startup.py), while CPython's own ``_sha1`` module
gives the same digests after a tenth of that; a Python built without it falls
back to hashlib. Bulk hashing (article fingerprints at import, ``model``) stays
with hashlib, whose OpenSSL SHA-1 is the faster one on megabytes.
"""

from __future__ import annotations

try:
    from _sha1 import sha1
except ImportError:  # pragma: no cover - a Python built without its own SHA-1
    from hashlib import sha1

__all__ = ["sha1"]
