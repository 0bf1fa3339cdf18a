"""An export replaces the previous one as a set: cancelled, failed or killed, OUTDIR stays whole.

Each test keeps a byte copy of the previous export and checks that OUTDIR
afterwards holds exactly that or exactly a complete new export, never a mix,
and that no staging folder or temporary file is left in it.
"""

from __future__ import annotations

import os
import random
import signal
import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from processes import start_annotator

from annotator.cli import main
from annotator.exporting import TABLES, ExportCancelled, export_names, export_project
from annotator.exporting import fileset as fileset_module
from annotator.exporting.fileset import FileSet, FileSetError, remove_leftovers
from annotator.model import ArticleDraft
from annotator.store import Store

PARAGRAPH = "Forces, officials and villagers said the road to the city was open again. "


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def staging_folders(outdir: Path) -> list[str]:
    return [n for n in os.listdir(outdir.parent) if n.startswith(f".{outdir.name}.export-")]


def staged_bytes(outdir: Path, name: str) -> int:
    """How much of ``name`` the running export has written into its staging folder."""
    sizes = [0]
    for folder in staging_folders(outdir):
        try:
            sizes.append((outdir.parent / folder / name).stat().st_size)
        except OSError:
            pass
    return max(sizes)


def add_coded_article(store: Store, i: int) -> None:
    """One more article with a mention and a claim, so that most files of the set change."""
    body = f"Article {i}. Alpha met Bravo. " + PARAGRAPH * 3
    aid = store.add_articles([ArticleDraft(f"Article {i}", body)]).inserted[0]
    store.add_mention(aid, body.index("Alpha"), body.index("Alpha") + 5, entity_type="ORG")
    store.add_claim(aid, body.index("Alpha met"), body.index("Bravo") + 5, position=-1)


def exchange_works(folder: Path) -> bool:
    """Whether this system and filesystem swap two folders in one step (Linux renameat2)."""
    a, b = folder / "probe-a", folder / "probe-b"
    a.mkdir()
    b.mkdir()
    try:
        return fileset_module.exchange(a, b)
    finally:
        a.rmdir()
        b.rmdir()


@pytest.fixture
def project(store):
    """1,200 articles and as many mentions: the export checks for cancel every 500 rows."""
    ids = store.add_articles([ArticleDraft(f"t{i}", f"Alpha met Bravo in body {i}")
                              for i in range(1200)]).inserted
    for aid in ids:
        store.add_mention(aid, 0, 5, entity_type="ORG")
    return store


def test_cancel_midway_keeps_the_previous_export_whole(project, tmp_path):
    out = tmp_path / "out"
    export_project(project, out)
    before = snapshot(out)
    add_coded_article(project, 1)
    finished: list[str] = []
    with pytest.raises(ExportCancelled):  # cancelled in mentions.csv, articles.csv complete
        export_project(project, out, progress=lambda d, t, name: finished.append(name),
                       cancel=lambda: "entities" in finished)
    assert "articles" in finished
    assert snapshot(out) == before
    assert staging_folders(out) == []


def test_an_error_midway_keeps_the_previous_export_whole(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export_project(project, out)
    before = snapshot(out)
    add_coded_article(project, 1)
    def failing(stream):
        def failing_stream(name):
            if name == "claims":  # articles, entities and mentions are written by now
                yield from ()
                raise RuntimeError("the disk controller caught fire")
            yield from stream(name)
        return failing_stream

    # rows as dicts (JSON lines, xlsx, claims_flat) and as batches of tuples (CSV)
    monkeypatch.setattr(project, "export_rows", failing(project.export_rows))
    monkeypatch.setattr(project, "export_batches", failing(project.export_batches))
    with pytest.raises(RuntimeError, match="caught fire"):
        export_project(project, out)
    assert snapshot(out) == before
    assert staging_folders(out) == []
    monkeypatch.undo()
    export_project(project, out)  # and a rerun completes
    assert set(snapshot(out)) == export_names("csv") and snapshot(out) != before


def test_a_cancelled_first_export_leaves_no_folder(project, tmp_path):
    out = tmp_path / "new" / "out"
    with pytest.raises(ExportCancelled):
        export_project(project, out, cancel=lambda: True)
    assert not out.exists() and os.listdir(out.parent) == []


def test_a_new_export_replaces_the_set_in_one_step(project, tmp_path):
    out = tmp_path / "out"
    export_project(project, out)
    os.chmod(out, 0o750)
    add_coded_article(project, 1)
    with FileSet(out, export_names("csv")) as files:  # what export_project does, observed
        with files.open("articles.csv") as fh:
            fh.write("article_id\r\n")
    assert files.how == ("exchange" if exchange_works(tmp_path) else "files")
    assert os.listdir(out) == ["articles.csv"]  # the rest of the old set went with it
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o750
    assert staging_folders(out) == []


def test_other_files_in_outdir_stay_and_stale_export_files_go(project, tmp_path):
    out = tmp_path / "out"
    export_project(project, out, fmt="jsonl")
    export_project(project, out)
    (out / "analysis.R").write_text("read.csv('articles.csv')\n")
    export_project(project, out, tables=["articles", "codebook"])
    assert sorted(os.listdir(out)) == sorted(["analysis.R", "articles.csv", "codebook.csv",
                                              *export_names("jsonl")])


def test_a_failed_move_puts_every_previous_file_back(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export_project(project, out)
    (out / "notes.txt").write_text("mine")  # another file: the set moves in file by file
    before = snapshot(out)
    add_coded_article(project, 1)
    real_replace, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(fileset_module.os, "replace", replace)
    with pytest.raises(FileSetError, match="Permission denied"):
        export_project(project, out)
    monkeypatch.undo()
    assert [p.name for p in calls[:3]] == ["articles.csv", "article_status.csv", "entities.csv"]
    assert snapshot(out) == before
    assert staging_folders(out) == []


def test_leftovers_of_a_killed_export_go_but_a_live_one_stays(project, tmp_path):
    out = tmp_path / "out"
    dead = tmp_path / ".out.export-0123456789ab.tmp"
    dead.mkdir()
    (dead / "articles.csv").write_text("half a file")
    with FileSet(out, {"a.csv"}) as live:  # another export, still writing
        assert not dead.exists()  # removed as the live one began
        assert remove_leftovers(out) == []
        export_project(project, out)
        assert live.staging is not None and live.staging.is_dir()
    assert set(os.listdir(out)) == export_names("csv")  # the live one's set: nothing written
    assert staging_folders(out) == []


def test_full_disk_is_one_clear_line_and_the_previous_export_stays(tmp_path, small_disk):
    db, out = tmp_path / "p.db", small_disk / "out"
    with Store(db, coder="ana") as store:
        add_coded_article(store, 0)
    runner = CliRunner()
    assert runner.invoke(main, ["export", str(db), str(out)]).exit_code == 0
    before = snapshot(out)
    with Store(db, coder="ana") as store:  # some 3 MB of CSV: more than the disk holds
        store.add_articles([ArticleDraft(f"Big {i}", f"{i} " + PARAGRAPH * 20)
                            for i in range(2000)])
    result = runner.invoke(main, ["export", str(db), str(out)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], result.output
    assert str(out / "articles.csv") in lines[0]
    assert snapshot(out) == before
    assert os.listdir(small_disk) == ["out"]


def test_an_outdir_that_is_a_mount_point_is_staged_inside_it(project, small_disk):
    (small_disk / "notes.txt").write_text("mine")
    export_project(project, small_disk)
    before = snapshot(small_disk)
    add_coded_article(project, 1)
    with pytest.raises(ExportCancelled):
        export_project(project, small_disk, cancel=lambda: True)
    assert snapshot(small_disk) == before  # the staging folder inside is gone again
    export_project(project, small_disk)
    assert set(os.listdir(small_disk)) == {"notes.txt", *export_names("csv")}
    assert snapshot(small_disk) != before


# -- kill -9 ----------------------------------------------------------------------------------

N_ARTICLES = 20_000


def test_kill_9_at_random_moments_leaves_one_whole_set(tmp_path):
    db, out = tmp_path / "project.db", tmp_path / "out"
    with Store(db, coder="ana") as store:
        drafts = [ArticleDraft(f"Article {i}", f"Article {i}. " + PARAGRAPH * 20, outlet="Wire")
                  for i in range(N_ARTICLES)]
        for i in range(0, N_ARTICLES, 2000):
            store.add_articles(drafts[i:i + 2000])
        add_coded_article(store, N_ARTICLES)
    started = time.monotonic()
    first = start_annotator("export", db, out)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    duration = time.monotonic() - started
    previous = snapshot(out)
    moments: list[float | None] = [None] + [random.uniform(0.05, 1.0) * duration
                                            for _ in range(4)]
    for round_, moment in enumerate(moments, start=1):
        with Store(db, coder="ana") as store:  # change the project, so the new set differs
            add_coded_article(store, N_ARTICLES + round_)
            export_project(store, tmp_path / f"expected{round_}")
        expected = snapshot(tmp_path / f"expected{round_}")
        proc = start_annotator("export", db, out)
        if moment is None:  # once for sure in the middle of writing articles.csv
            deadline = time.monotonic() + 120
            while (time.monotonic() < deadline and proc.poll() is None
                   and staged_bytes(out, "articles.csv") < 1_000_000):
                time.sleep(0.01)
            assert proc.poll() is None, "the export ended before it could be killed"
        else:
            time.sleep(moment)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = snapshot(out)
        assert now in (previous, expected), (
            f"round {round_} (kill at {moment}): OUTDIR mixes sets: "
            f"{sorted(n for n in now if now[n] != previous.get(n))} changed")
        assert set(now) == export_names("csv")  # no temporary file in OUTDIR
        rerun = start_annotator("export", db, out)
        assert rerun.wait(timeout=300) == 0, rerun.stderr.read()
        assert snapshot(out) == expected
        assert staging_folders(out) == []  # the killed run's staging folder is gone
        previous = expected
    assert set(TABLES) == {n.rsplit(".", 1)[0] for n in previous}


@pytest.mark.parametrize("syncfs_works", [True, False])
def test_files_synced_at_the_commit_arrive_whole(tmp_path, monkeypatch, syncfs_works):
    """Per-document formats defer each file's fsync to one syncfs (or an fsync each) at commit."""
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(fileset_module.os, "fsync", lambda fd: synced.append(fd) or
                        real_fsync(fd))
    if not syncfs_works:
        monkeypatch.setattr(fileset_module, "_syncfs", lambda folder: False)
    out = tmp_path / "docs"
    with FileSet(out, fileset_module.Pattern("*.ann")) as files:
        for i in range(20):
            with files.open(f"{i}.ann", sync_now=False) as fh:
                fh.write(f"T1\tPERSON 0 {i}\n")
        assert synced == []  # nothing flushed one by one while writing
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{i}.ann" for i in range(20))
    assert (out / "7.ann").read_text() == "T1\tPERSON 0 7\n"
    if syncfs_works:  # one syncfs: only the folders are fsynced
        assert len(synced) < 20
    else:  # no syncfs (macOS, Windows): each of the 20 files, then the folders
        assert len(synced) >= 20
