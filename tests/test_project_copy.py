"""Save a copy while the project is in use, and what Project information reports."""

from __future__ import annotations

import time

import pytest

from annotator.migrations import known_migration_names
from annotator.model import ArticleDraft
from annotator.store import ProjectError, Store
from tests.processes import integrity, scalar, start_python

WRITER = """
import sys, time
from annotator.store import Store
from annotator.migrations import known_migration_names
from annotator.model import ArticleDraft
with Store(sys.argv[1], coder="ben") as s:
    print("ready", flush=True)
    k = 0
    while True:
        s.add_articles([ArticleDraft(f"w{k}", f"written while copying {k} " * 50)])
        k += 1
        time.sleep(0.002)
"""


def fill(path, n=300):
    with Store(path, coder="ana") as store:
        store.add_articles([ArticleDraft(f"a{i}", f"article {i} " * 80) for i in range(n)])


def test_a_copy_made_while_another_process_writes_is_whole_and_consistent(tmp_path):
    project = tmp_path / "p.db"
    fill(project)
    writer = start_python(WRITER, str(project))
    try:
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        before = scalar(project, "SELECT count(*) FROM articles")
        done = []
        with Store(project, coder="ana") as store:
            copy = store.save_copy(tmp_path / "copy.db", progress=lambda d, t: done.append((d, t)))
        after = scalar(project, "SELECT count(*) FROM articles")
    finally:
        writer.kill()
        writer.wait()
    assert integrity(copy) == "ok"
    copied = scalar(copy, "SELECT count(*) FROM articles")
    assert before <= copied <= after and after > before  # the writer went on all along
    assert done and done[-1][0] == done[-1][1]  # progress reached its end
    assert not (tmp_path / "copy.db-wal").exists()  # one file to mail or archive
    with Store(copy) as opened:  # and it opens as a project
        assert opened.project_info()["counts"]["articles"] == copied


def test_a_copy_never_overwrites_the_project_itself(tmp_path):
    project = tmp_path / "p.db"
    fill(project, 3)
    with Store(project) as store, pytest.raises(ProjectError, match="this project itself"):
        store.save_copy(project)


def test_a_full_disk_leaves_the_destination_as_it_was(tmp_path, small_disk):
    project = tmp_path / "big.db"
    fill(project, 3000)  # about 3 MB: more than the 2 MB disk holds
    dest = small_disk / "copy.db"
    dest.write_bytes(b"an older copy")
    with Store(project) as store, pytest.raises(ProjectError) as caught:
        store.save_copy(dest)
    assert str(dest) in str(caught.value) or "full" in str(caught.value)
    assert dest.read_bytes() == b"an older copy"
    assert [p.name for p in small_disk.iterdir()] == ["copy.db"]  # no partial copy left


def test_project_information_counts_what_is_stored(tmp_path):
    project = tmp_path / "p.db"
    fill(project, 4)
    with Store(project, coder="ana") as store:
        aid = scalar(project, "SELECT min(id) FROM articles")
        store.add_mention(aid, 0, 7, name="article", entity_type="OTHER")
        info = store.project_info()
    assert info["counts"]["articles"] == 4 and info["counts"]["mentions"] == 1
    assert info["counts"]["entities"] == 1 and info["path"] == str(project)
    assert info["size"] >= project.stat().st_size
    assert info["codebook"] == "Annotator default codebook" and info["codebook_version"] == 1
    assert info["schema_version"] == len(known_migration_names())
