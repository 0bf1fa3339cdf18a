"""A kill -9 in the middle of an import leaves a sound project that a rerun completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from annotator.store import Store

N_FILES = 3000


def article_text(i: int) -> tuple[str, str]:
    title = f"Crash test article {i}"
    body = "\n\n".join(f"Paragraph {p} of article {i}: forces, officials and villages."
                       for p in range(5))
    return title, body


def count_articles(db) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def run_import(db, folder, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "annotator", "import", str(db), str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_kill_9_at_random_moments_of_an_import_then_rerun(tmp_path):
    import random

    folder = tmp_path / "articles"
    folder.mkdir()
    expected = {}
    for i in range(N_FILES):
        title, body = article_text(i)
        (folder / f"{i:05d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        expected[title] = body
    db = tmp_path / "project.db"
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    # Three kills, each once a random number more articles is stored (the first may
    # land while the project is being created, or during the search-indexing pass).
    stored: list = []
    for _kill in range(3):
        proc = run_import(db, folder)
        target = len(stored) + rng.randrange(0, 800)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if count_articles(db) >= target:
                break
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.05))
        assert proc.poll() is None, f"seed {seed}: the import finished before its kill"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        if not db.exists():  # killed while the project was still being created
            continue
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"seed {seed}"
        stored = conn.execute("SELECT title, body FROM articles").fetchall()
        assert len(stored) < N_FILES
        for title, body in stored:  # every stored article is whole
            assert body == expected[title], f"seed {seed}"
        conn.close()

    rerun = run_import(db, folder)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == N_FILES
    assert conn.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()[0] \
        == N_FILES
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # every article is searchable once the rerun's indexing pass is done
    assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'officials'"
                        ).fetchone()[0] == N_FILES
    conn.close()
    assert f"duplicates {len(stored)}" in out.decode()


MAKE_CODER_FILE = r"""
import sys
from annotator.model import ArticleDraft
from annotator.store import Store
with Store(sys.argv[1], coder="ana") as s:
    ids = s.add_articles([ArticleDraft(f"Article {i}", f"The Iraqi Army said unit {i} held.")
                          for i in range(int(sys.argv[2]))]).inserted
    with s.transaction():
        for aid in ids:
            s.add_mention(aid, 4, 14, name="Iraqi Army", entity_type="ORG")
            s.add_claim(aid, 15, 30, category="military_action", position=0)
            s.set_status(aid, "done")
"""


def table_counts(db) -> tuple[int, ...]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("articles", "mentions", "claims", "article_status", "coders"))
    finally:
        conn.close()


def test_kill_9_during_a_merge_leaves_the_team_file_as_it_was_or_merged(tmp_path):
    import random
    import shutil

    source = tmp_path / "ana.db"
    made = subprocess.run([sys.executable, "-c", MAKE_CODER_FILE, str(source), "2000"],
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    empty = tmp_path / "empty-team.db"
    Store(empty).close()  # the team's project, empty before the merge
    before = table_counts(empty)
    # the whole merge once, for its duration and the counts it ends with
    full = tmp_path / "full.db"
    shutil.copy(empty, full)
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "annotator", "merge", str(full), str(source)],
                          capture_output=True, text=True, timeout=300)
    took = time.monotonic() - began
    assert done.returncode == 0, done.stderr
    after = table_counts(full)
    assert after != before
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    killed_midway = 0
    # A shared machine may run the merge faster than the timed run: a kill that came too
    # late shortens the next wait, and attempts go on until three kills landed midway.
    for attempt in range(14):
        if attempt >= 6 and killed_midway >= 3:
            break
        team = tmp_path / f"team{attempt}.db"
        shutil.copy(empty, team)
        proc = subprocess.Popen([sys.executable, "-m", "annotator", "merge", str(team),
                                 str(source)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.2, 0.9) * took)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed_midway += 1
        else:
            took *= 0.6
        proc.wait()
        conn = sqlite3.connect(team)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        assert table_counts(team) in (before, after), f"seed {seed}, attempt {attempt}"
        rerun = subprocess.run([sys.executable, "-m", "annotator", "merge", str(team),
                                str(source)], capture_output=True, text=True, timeout=300)
        assert rerun.returncode == 0, rerun.stderr
        assert table_counts(team) == after
    assert killed_midway >= 3, f"seed {seed}: the merge ended before most kills"
