"""One project file shared by the window, its workers, the CLI and outside readers.

Every test here runs real processes on a real file: the failures they guard
against (a write-ahead log deleted under a live connection, a writer that
fails instead of waiting, a project half-created by a kill) only show up
with SQLite's real locks.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time

import pytest
from processes import (
    annotator,
    hold_write_lock,
    integrity,
    run_python,
    scalar,
    start_annotator,
    start_python,
    write_articles,
)

from annotator.store import ProjectError, Store

#: The window's process opens a second Store (a worker thread: Import…, Export…,
#: Find duplicates), then an outside program reads the file and closes, then the
#: window makes an edit and the process dies. The edit must survive.
WORKER_THEN_OUTSIDE_READER = r"""
import os, subprocess, sys, threading
from annotator.store import Store
path, closer = sys.argv[1], sys.argv[2]
window = Store(path, coder="ana")
worker = threading.Thread(target=lambda: Store(path, coder="ana").close())
worker.start(); worker.join()
if closer == "sqlite3":
    code = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
            " c.execute('SELECT count(*) FROM entities').fetchall(); c.close()")
    cmd = [sys.executable, "-c", code, path]
else:
    cmd = [sys.executable, "-m", "annotator", "stats", path]
subprocess.run(cmd, check=True, capture_output=True)
change = window.add_entity("Iraqi Army", "ORG")
print(change.row_id, flush=True)
os._exit(9)
"""


@pytest.mark.parametrize("closer", ["sqlite3", "annotator stats"])
def test_an_edit_survives_a_kill_after_a_worker_and_an_outside_reader(tmp_path, closer):
    db = tmp_path / "p.db"
    with Store(db, coder="ana") as store:  # an existing project, as a coder has one
        store.add_entity("Peshmerga", "ARMED_GROUP")
    done = run_python(WORKER_THEN_OUTSIDE_READER, str(db), closer)
    assert done.returncode == 9, done.stderr
    entity_id = int(done.stdout.strip())
    assert integrity(db) == "ok"
    assert scalar(db, "SELECT name FROM entities WHERE id = ?", (entity_id,)) == "Iraqi Army"


OPEN_A_NEW_PROJECT = r"""
import sys
print("opening", flush=True)
from annotator.store import Store
Store(sys.argv[1], coder="ana").close()
print("made", flush=True)
"""


def test_a_kill_while_creating_leaves_no_file_or_a_whole_project(tmp_path):
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    outcomes = {"none": 0, "whole": 0}
    for attempt in range(14):
        db = tmp_path / f"p{attempt}.db"
        proc = start_python(OPEN_A_NEW_PROJECT, str(db))
        assert proc.stdout.readline().strip() == "opening"
        time.sleep(rng.uniform(0.0, 0.35))  # imports, then ~50 ms of creation
        proc.kill()
        proc.wait()
        if db.exists():
            outcomes["whole"] += 1
            assert integrity(db) == "ok", f"seed {seed}, attempt {attempt}"
            with Store(db) as store:  # opens: a whole project, codebook included
                assert store.codebook().entity_types
        else:
            outcomes["none"] += 1
            with Store(db) as store:  # a later run creates it normally
                assert store.codebook().entity_types
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{db.name}")]
        assert leftovers == [], f"seed {seed}: stale build files {leftovers}"
    assert sum(outcomes.values()) == 14


def test_two_creations_racing_for_one_name_make_one_project(tmp_path):
    db = tmp_path / "p.db"
    racers = [start_python(OPEN_A_NEW_PROJECT, str(db)) for _ in range(3)]
    for proc in racers:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Store(db) as store:
        assert store.schema_version() >= 1
    assert integrity(db) == "ok"


def test_two_imports_into_one_project_both_complete(tmp_path):
    db = tmp_path / "p.db"
    alpha = write_articles(tmp_path / "alpha", 1500, "alpha")
    beta = write_articles(tmp_path / "beta", 1500, "beta")
    shared = write_articles(tmp_path / "shared", 300, "shared")
    Store(db).close()
    runs = [start_annotator("import", db, tmp_path / "alpha", tmp_path / "shared"),
            start_annotator("import", db, tmp_path / "beta", tmp_path / "shared")]
    results = [proc.communicate(timeout=300) for proc in runs]
    for proc, (_out, err) in zip(runs, results):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    assert scalar(db, "SELECT count(*) FROM articles") == len(alpha) + len(beta) + len(shared)
    # each shared article was stored once and skipped as a duplicate once
    assert sum(int(out.split("duplicates ")[1].split(",")[0]) for out, _ in results) \
        == len(shared)
    assert integrity(db) == "ok"


#: Another process coding every 20 ms until a stop file appears.
EDIT_EVERY_20_MS = r"""
import json, os, sys, time
from annotator.store import Store
path, stop = sys.argv[1], sys.argv[2]
store = Store(path, coder="ben")
article = store.article_ids()[0]
made, failed, waits = [], [], []
i = 0
while not os.path.exists(stop):
    began = time.monotonic()
    try:
        if i % 3 == 2:
            store.set_status(article, ("in_progress", "done")[i % 2])
        else:
            change = store.add_mention(article, 0, 5, name=f"Entity {i}", entity_type="ORG")
            made.append(change.row_id)
    except Exception as exc:
        failed.append(f"{type(exc).__name__}: {exc}")
    waits.append(time.monotonic() - began)
    i += 1
    time.sleep(0.02)
store.close()
waits.sort()
print(json.dumps({"made": made, "failed": failed, "edits": i,
                  "p99_ms": 1000 * waits[int(0.99 * (len(waits) - 1))]}))
"""


def test_an_import_while_another_process_edits_every_20_ms(tmp_path):
    db = tmp_path / "p.db"
    with Store(db, coder="ben") as store:
        from annotator.model import ArticleDraft
        store.add_articles([ArticleDraft(title="Seed", body="Iraqi forces advanced on Mosul.")])
    titles = write_articles(tmp_path / "in", 3000)
    stop = tmp_path / "stop"
    editor = start_python(EDIT_EVERY_20_MS, str(db), str(stop))
    time.sleep(0.5)
    out, err = start_annotator("import", db, tmp_path / "in").communicate(timeout=300)
    assert "Traceback" not in err, err
    assert f"imported {len(titles)}, duplicates 0, failed 0" in out
    stop.touch()
    edits_out, edits_err = editor.communicate(timeout=60)
    assert editor.returncode == 0, edits_err
    edits = json.loads(edits_out)
    assert edits["failed"] == []
    assert edits["edits"] > 10  # it really edited while the import ran
    stored = {r[0] for r in sqlite3.connect(db).execute("SELECT id FROM mentions")}
    assert set(edits["made"]) <= stored
    assert scalar(db, "SELECT count(*) FROM articles") == len(titles) + 1
    assert integrity(db) == "ok"


def test_a_second_annotator_command_waits_for_a_writer_instead_of_failing(tmp_path):
    db = tmp_path / "p.db"
    Store(db).close()
    write_articles(tmp_path / "in", 20)
    holder = hold_write_lock(db, 1.5)
    done = annotator("import", db, tmp_path / "in")
    holder.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    assert "imported 20" in done.stdout


def test_a_lock_held_past_the_timeout_is_one_clear_line(tmp_path):
    db = tmp_path / "p.db"
    Store(db).close()
    write_articles(tmp_path / "in", 3)
    holder = hold_write_lock(db, 12)
    try:
        done = annotator("import", db, tmp_path / "in")
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith(f"Error: {db}: another program kept the project locked")


def test_a_foreign_file_open_elsewhere_is_refused_and_keeps_its_writes(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)  # another program, its page 1 still in the WAL
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t(x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    with pytest.raises(ProjectError, match="not an Annotator project"):
        Store(other)
    conn.execute("INSERT INTO t VALUES (2)")
    conn.commit()
    conn.close()
    assert scalar(other, "SELECT count(*) FROM t") == 2


#: Something in the window's process reads the project file with plain file I/O
#: (as Qt's stock file dialog does to guess a file's type), then an outside program
#: closes the project. The tripwire notices, the store reconnects, and the edits
#: made after that survive a kill.
PLAIN_IO_THEN_OUTSIDE_READER = r"""
import os, subprocess, sys
from annotator.store import Store
path = sys.argv[1]
store = Store(path, coder="ana")
assert not store.journal_lost()
for name in (path, path + "-wal", path + "-shm"):
    with open(name, "rb") as fh:
        fh.read(100)
code = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        " c.execute('SELECT count(*) FROM entities').fetchall(); c.close()")
subprocess.run([sys.executable, "-c", code, path], check=True)
print(store.journal_lost(), store.reopen(), store.journal_lost(), flush=True)
change = store.add_entity("Iraqi Army", "ORG")
print(change.row_id, flush=True)
os._exit(9)
"""


def test_a_deleted_journal_is_noticed_and_the_store_reconnects(tmp_path):
    db = tmp_path / "p.db"
    Store(db).close()
    done = run_python(PLAIN_IO_THEN_OUTSIDE_READER, str(db))
    assert done.returncode == 9, done.stderr
    noticed, lost_edits, still_lost, entity_id = done.stdout.split()
    assert (noticed, lost_edits, still_lost) == ("True", "0", "False")
    assert scalar(db, "SELECT name FROM entities WHERE id = ?", (int(entity_id),)) \
        == "Iraqi Army"
