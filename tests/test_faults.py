"""Real faults: a read-only project, a full disk, a damaged file.

Each fault is made for real (a read-only or tiny tmpfs mount, bytes
overwritten in the file), and each must give one line naming the file and
exit status 1, with nothing stored lost.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from processes import (
    annotator,
    damage,
    integrity,
    read_only_folder,
    scalar,
    write_articles,
)

from annotator.model import ArticleDraft
from annotator.store import Store, StoreError


def make_project(db: Path, n: int = 3) -> None:
    with Store(db, coder="ana") as store:
        store.add_articles([ArticleDraft(title=f"A{i}", body=f"Iraqi forces advanced {i}.")
                            for i in range(n)])
        store.add_entity("Iraqi Army", "ORG")


@pytest.fixture
def read_only_project(tmp_path):
    """A project that truly cannot be written: a read-only mount as root, else chmod."""
    with read_only_folder(tmp_path / "ro", lambda folder: make_project(folder / "p.db")) as folder:
        yield folder / "p.db"


def test_a_read_only_project_reads_and_refuses_changes_in_one_line(read_only_project,
                                                                  tmp_path):
    db = read_only_project
    stats = annotator("stats", db)
    assert stats.returncode == 0, stats.stderr
    assert "articles" in stats.stdout
    export = annotator("export", db, tmp_path / "out")
    assert export.returncode == 0, export.stderr
    write_articles(tmp_path / "in", 2)
    imported = annotator("import", db, tmp_path / "in")
    assert imported.returncode == 1
    assert "Traceback" not in imported.stderr
    assert imported.stderr.strip().splitlines()[-1].startswith(
        f"Error: {db}: the project file is read-only (the file, its folder or the disk cannot")
    with Store(db, coder="ana") as store:
        assert store.read_only
        with pytest.raises(StoreError, match="read-only"):
            store.add_entity("Peshmerga", "ARMED_GROUP")
        assert [e.name for e in store.entities()] == ["Iraqi Army"]


def test_a_new_project_in_a_read_only_folder_is_one_clear_line(read_only_project, tmp_path):
    new = read_only_project.parent / "new.db"
    write_articles(tmp_path / "in", 1)
    done = annotator("import", new, tmp_path / "in")
    assert done.returncode == 1
    assert done.stderr.strip() == (f"Error: {new}: cannot create a project here: the folder "
                                   f"{new.parent} is read-only")


def test_a_full_disk_stops_an_import_with_one_line_and_keeps_whole_articles(small_disk,
                                                                           tmp_path):
    db = small_disk / "p.db"
    titles = write_articles(tmp_path / "in", 3000)
    full = annotator("import", db, tmp_path / "in")
    assert full.returncode == 1
    assert "Traceback" not in full.stderr
    assert full.stderr.strip().splitlines()[-1].startswith(f"Error: {db}: the disk is full")
    assert integrity(db) == "ok"
    stored = scalar(db, "SELECT count(*) FROM articles")
    assert 0 < stored < len(titles)
    assert f"imported {stored}, duplicates 0, failed 0" in full.stdout  # said, and kept
    # reading still works on the full disk
    stats = annotator("stats", db)
    assert stats.returncode == 0, stats.stderr
    # an edit on the full disk fails whole, and the store stays usable
    with Store(db, coder="ana") as store:
        with pytest.raises(StoreError, match="disk is full"):
            store.add_articles([ArticleDraft(title="big", body="x " * 2_000_000)])
        assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == stored
    # with room again, a rerun completes and skips what is stored
    moved = tmp_path / "moved.db"
    source, target = sqlite3.connect(db), sqlite3.connect(moved)
    source.backup(target)
    source.close()
    target.close()
    rerun = annotator("import", moved, tmp_path / "in")
    assert rerun.returncode == 0, rerun.stderr
    assert f"duplicates {stored}" in rerun.stdout
    assert scalar(moved, "SELECT count(*) FROM articles") == len(titles)


def test_a_damaged_project_is_refused_in_one_line_by_every_command(tmp_path):
    db = tmp_path / "p.db"
    with Store(db, coder="ana") as store:
        store.add_articles([ArticleDraft(title=f"A{i}", body=f"Body {i} " * 300)
                            for i in range(400)])
    damage(db)
    before = db.read_bytes()
    write_articles(tmp_path / "in", 2)
    for args in (("stats", db), ("import", db, tmp_path / "in"),
                 ("export", db, tmp_path / "out"), ("agreement", db)):
        done = annotator(*args)
        assert done.returncode == 1, (args, done.stdout)
        assert "Traceback" not in done.stderr
        last = done.stderr.strip().splitlines()[-1]
        assert last.startswith(f"Error: {db}: the project file is damaged"), last
    assert db.read_bytes() == before  # nothing was written into the damaged file
    assert not (tmp_path / "out").exists()


def test_the_check_passes_a_sound_copy_and_finds_thedamage(tmp_path):
    db = tmp_path / "p.db"
    make_project(db, 50)
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    with Store(copy, check=True):
        pass
    damage(copy)
    with pytest.raises(StoreError, match="damaged"):
        Store(copy, check=True)
