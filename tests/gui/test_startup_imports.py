"""The window's first paint loads none of the heavy libraries (benchmarks/startup.py times it)."""

from __future__ import annotations

import os
import subprocess
import sys

from processes import REPO

#: Loaded when first used: import readers, identity matching, statistics, plots, and
#: sqlite-utils (a project that is up to date is read through sqlite3 alone: sqlite_db).
LAZY = ("trafilatura", "dateparser", "numpy", "pandas", "scipy", "sklearn", "matplotlib",
        "rapidfuzz", "nameparser", "jellyfish", "krippendorff", "irrCAC", "cassis", "lxml",
        "sqlite_utils", "pycountry")

PROBE = f"""
import sys
from annotator.gui.app import run_window
status = run_window(demo=True)
print("status", status)
print("loaded", ",".join(m for m in {LAZY!r} if m in sys.modules))
"""


def test_the_demo_window_paints_without_the_heavy_libraries(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "ANNOTATOR_QUIT_AFTER_FIRST_PAINT": "1"}
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=120, cwd=REPO, env=env)
    lines = dict(line.split(" ", 1) if " " in line else (line, "")
                 for line in done.stdout.splitlines())
    assert "first" in lines and lines["first"].startswith("paint "), done.stderr
    assert lines["status"] == "0", done.stderr
    assert lines["loaded"] == "", f"imported before the first paint: {lines['loaded']}"
