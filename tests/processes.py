"""Helpers for tests that run real processes on one project file.

Each helper starts ``python`` as a child (never a fake), so SQLite's locks,
``kill -9`` and the write-ahead log behave as they do for a coder.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_python(code: str, *args: str, timeout: float = 120,
               **kwargs) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter (``sys.argv[1:]`` = args) and wait for it."""
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=REPO, **kwargs)


def start_python(code: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO, **kwargs)


def hold_write_lock(db: Path, seconds: float) -> subprocess.Popen:
    """Another program holding the project's write lock for ``seconds`` (then committing).

    Returns once the lock is taken; kill the process to let go early.
    """
    proc = start_python(
        "import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True)\n"
        "time.sleep(float(sys.argv[2])); c.execute('COMMIT')\n", str(db), str(seconds))
    assert proc.stdout.readline().strip() == "locked"
    return proc


def annotator(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the ``annotator`` command as a user would."""
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, cwd=REPO)


def start_annotator(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "annotator", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO)


def read_only(db: Path) -> sqlite3.Connection:
    """An outside reader, like ``sqlite3 p.db`` or Datasette."""
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)


def scalar(db: Path, sql: str, params: tuple = ()) -> object:
    conn = read_only(db)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def integrity(db: Path) -> str:
    return str(scalar(db, "PRAGMA integrity_check"))


def write_articles(folder: Path, n: int, prefix: str = "article") -> list[str]:
    """``n`` small scraped-text files; returns their titles."""
    folder.mkdir(parents=True, exist_ok=True)
    titles = []
    for i in range(n):
        title = f"{prefix} {i}"
        body = "\n\n".join(f"Paragraph {p} of {prefix} {i}: officials said forces advanced."
                           for p in range(4))
        (folder / f"{prefix}-{i:05d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        titles.append(title)
    return titles


def mount_tmpfs(folder: Path, options: str) -> bool:
    """Mount a tmpfs of its own at ``folder``; False where that is not allowed (not root)."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                              capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


@contextmanager
def read_only_folder(folder: Path, fill: Callable[[Path], object]):
    """``folder``, filled by ``fill(folder)`` and then made truly unwritable (a read-only
    tmpfs as root, else chmod), until the block ends; skips where no tmpfs can be mounted."""
    root = os.geteuid() == 0
    if root and not mount_tmpfs(folder, "size=8m"):
        pytest.skip("cannot mount a tmpfs here")
    folder.mkdir(parents=True, exist_ok=True)
    fill(folder)
    make_read_only(folder)
    try:
        yield folder
    finally:
        if root:
            umount(folder)
        else:
            folder.chmod(0o755)


def make_read_only(folder: Path) -> None:
    """Make a folder's files truly unwritable: remount read-only as root, else chmod."""
    if os.geteuid() == 0:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, timeout=30)
    else:
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)


def damage(db: Path, *, at_end: bool = False) -> None:
    """Overwrite four pages of a closed project file, as a failing disk might.

    In the middle they hit the articles; at the end, the search index, written
    last by an import (which the window does not read until a search).
    """
    size = db.stat().st_size
    with db.open("r+b") as fh:  # no connection is open: the test owns the file
        fh.seek(size - 4096 * 4 if at_end else size // 2 - (size // 2) % 4096)
        fh.write(b"\xff" * 4096 * 4)  # no valid page type or page number: always caught
