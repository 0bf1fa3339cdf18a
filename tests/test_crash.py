"""A kill -9 in the middle of an import leaves a sound project that a rerun completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

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


def test_kill_9_midway_then_rerun(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    expected = {}
    for i in range(N_FILES):
        title, body = article_text(i)
        (folder / f"{i:05d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        expected[title] = body
    db = tmp_path / "project.db"
    proc = run_import(db, folder)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if count_articles(db) >= 400:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "import finished before it could be killed; raise N_FILES"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = conn.execute("SELECT title, body FROM articles").fetchall()
    assert 0 < len(stored) < N_FILES
    for title, body in stored:  # every stored article is whole
        assert body == expected[title]
    conn.close()

    rerun = run_import(db, folder)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == N_FILES
    assert conn.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()[0] \
        == N_FILES
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert f"duplicates {len(stored)}" in out.decode()
