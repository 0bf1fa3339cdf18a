"""sqlite-utils imported lean: no pandas, no plugin scan, dateutil's parser on first use."""

from __future__ import annotations

import sqlite3
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


OPEN_PROBE = """
import sys
from annotator.model import ArticleDraft
from annotator.store import Store
path = sys.argv[1]
with Store(path, coder="ana") as store:  # new: schema through sqlite-utils' Migrations
    store.add_articles([ArticleDraft(title="One", body="Ana spoke.")])
print("created", "sqlite_utils" in sys.modules)
"""

REOPEN_PROBE = """
import sys
from annotator.model import ArticleDraft
from annotator.store import Store
with Store(sys.argv[1], coder="ana") as store:  # up to date: plain SQL only
    titles = [row["title"] for row in store.db.query("SELECT title FROM articles")]
    store.add_articles([ArticleDraft(title="Two", body="Bea spoke.")])  # one transaction
print("reopened", "sqlite_utils" in sys.modules, ",".join(titles))
"""


def _probe(code: str, path) -> dict[str, str]:
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return dict(line.split(" ", 1) for line in done.stdout.splitlines())


def test_an_up_to_date_project_opens_reads_and_changes_without_importing_sqlite_utils(tmp_path):
    path = tmp_path / "p.db"
    assert _probe(OPEN_PROBE, path)["created"] == "True"
    assert _probe(REOPEN_PROBE, path)["reopened"] == "False One"
    check = sqlite3.connect(path)  # what the second run wrote is committed
    assert [r[0] for r in check.execute("SELECT title FROM articles ORDER BY id")] == ["One", "Two"]
    check.close()


def test_a_statement_outside_a_transaction_commits_by_itself_and_joins_one_inside(tmp_path):
    from annotator.sqlite_db import Database

    path = tmp_path / "t.db"
    db = Database(sqlite3.connect(path))
    db.execute("CREATE TABLE t (x INTEGER)")
    db.execute("INSERT INTO t VALUES (?)", [1])
    other = sqlite3.connect(path)
    assert other.execute("SELECT x FROM t").fetchall() == [(1,)]  # committed, not pending
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO t VALUES (:x)", {"x": 2})
    db.conn.rollback()
    rows = db.query("SELECT x, x * 10 AS ten FROM t")  # run now, read as iterated
    assert list(rows) == [{"x": 1, "ten": 10}]
    with db.atomic():  # sqlite-utils' own, over the same connection
        db.execute("INSERT INTO t VALUES (3)")
    assert other.execute("SELECT count(*) FROM t").fetchone() == (2,)
    assert "x" in db["t"].columns_dict
    other.close()
    db.close()
