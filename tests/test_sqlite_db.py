"""sqlite-utils imported lean: no pandas, no plugin scan, dateutil's parser on first use."""

from __future__ import annotations

import subprocess
import sys

from processes import REPO

PROBE = """
import importlib.metadata, sys
scans = []
every = importlib.metadata.distributions
importlib.metadata.distributions = lambda *a, **k: scans.append(1) or every(*a, **k)
from annotator.sqlite_db import Database
db = Database(memory=True)
db.execute("select 1")
print("eager", ",".join(m for m in ("pandas", "numpy", "dateutil.parser._parser")
                        if m in sys.modules))
from sqlite_utils import recipes
print("scans", len(scans))
print("parsedate", recipes.parsedate("5 November 2016"))
print("after", "dateutil.parser._parser" in sys.modules)
"""


def test_the_store_library_loads_without_pandas_plugins_or_the_date_parser():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert done.returncode == 0, done.stderr
    assert lines["eager"] == "", f"imported with the store library: {lines['eager']}"
    assert lines["scans"] == "0"  # the installed distributions were not read for plugins
    # the lazy parser still works when something asks for it, and loads then
    assert lines["parsedate"] == "2016-11-05"
    assert lines["after"] == "True"
