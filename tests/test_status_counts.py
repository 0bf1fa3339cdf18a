"""Progress counts kept by the store (m006) stay what counting every article says.

Each check compares ``status_counts()`` and the list layouts with a GROUP BY
over the articles, for every coder, after each kind of change: import, a status
set and set back (what undo does), a bulk status, a merge of coders' files, an
article deleted from outside, and a project made before the counts existed.
"""

from __future__ import annotations

import sqlite3

import pytest

from annotator.model import STATUSES, ArticleDraft
from annotator.store import Store


def counted(store: Store, coder_id: int | None) -> dict[str, int]:
    """The counts as the old scan found them: every article, this coder's status."""
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in store.db.execute(
        "SELECT COALESCE(s.status, 'todo'), count(*) FROM articles a LEFT JOIN article_status s"
        " ON s.article_id = a.id AND s.coder_id = ? GROUP BY 1", [coder_id]
    ):
        counts[status] = n
    return counts


def listed(store: Store, status: str | None) -> list[int]:
    """Ids of the list with this status filter, read the plain way."""
    return [r["id"] for r in store.list_articles(0, 10**9, status=status)]


def assert_exact(store: Store) -> None:
    """Counts and layouts agree with a scan, for every coder (and for no coder)."""
    keep = store.coder_id
    try:
        for coder_id in [None, *(c["id"] for c in store.coders())]:
            store.coder_id = coder_id
            assert store.status_counts() == counted(store, coder_id), coder_id
            for status in (None, *STATUSES):
                layout = store.list_layout(status)
                want = listed(store, status)
                assert layout.total == len(want), (coder_id, status)
                rows = [r["id"] for r in store.list_rows_at(layout, 0, 10**9)]
                assert rows == want, (coder_id, status)
    finally:
        store.coder_id = keep


def drafts(n: int, tag: str = "") -> list[ArticleDraft]:
    return [ArticleDraft(f"Report {tag}{i}", f"Body {tag}{i} about Mosul") for i in range(n)]


@pytest.fixture
def project(tmp_path):
    store = Store(tmp_path / "p.db", coder="ana")
    store.add_articles(drafts(2100))  # three blocks of ids
    yield store
    store.close()


def test_import_and_status_changes_keep_the_counts_exact(project):
    assert project.status_counts() == {"todo": 2100, "in_progress": 0, "done": 0, "skipped": 0}
    assert_exact(project)
    project.set_status(5, "done")
    project.set_status(1500, "in_progress")
    project.set_status(1500, "skipped")
    project.set_status(2100, "done", note="checked")
    assert project.status_counts() == {"todo": 2097, "in_progress": 0, "done": 2, "skipped": 1}
    assert_exact(project)
    project.set_status(5, "todo")  # undo: the old status set again
    project.set_status(2100, "done")  # the same status again counts once
    assert project.status_counts()["done"] == 1
    assert_exact(project)
    project.add_articles(drafts(300, "late "))
    assert project.status_counts()["todo"] == 2400 - 2
    assert_exact(project)


def test_each_coder_has_their_own_counts(project):
    project.set_status_many(range(1, 1001), "done")
    with project.acting_as("ben"):
        project.set_status_many(range(900, 1200), "in_progress")
        project.set_status(1, "skipped")
        assert project.status_counts() == {"todo": 1799, "in_progress": 300, "done": 0,
                                           "skipped": 1}
    assert project.status_counts() == {"todo": 1100, "in_progress": 0, "done": 1000,
                                       "skipped": 0}
    assert_exact(project)


def test_a_deleted_article_takes_its_statuses_out_of_the_counts(project):
    project.set_status(7, "done")
    with project.acting_as("ben"):
        project.set_status(7, "skipped")
    # no command deletes articles; an outside sqlite3 may, and its statuses go by cascade
    with project.db.conn:
        project.db.execute("DELETE FROM articles WHERE id IN (7, 8)")
    assert project.status_counts() == {"todo": 2098, "in_progress": 0, "done": 0, "skipped": 0}
    assert_exact(project)


def test_a_merge_of_coders_files_keeps_the_counts_exact(tmp_path, project):
    for coder, status in (("ben", "done"), ("cleo", "skipped")):
        with Store(tmp_path / f"{coder}.db", coder=coder) as other:
            ids = other.add_articles(drafts(50) + drafts(20, f"{coder} ")).inserted
            other.set_status_many(ids[::3], status)
            other.set_status(ids[1], "in_progress")
    project.merge_projects([tmp_path / "ben.db", tmp_path / "cleo.db"])
    assert project.status_counts()["todo"] == 2140  # ana's own: the 40 new articles are todo
    assert_exact(project)


def test_a_project_made_before_the_counts_gets_them_on_opening(tmp_path):
    path = tmp_path / "old.db"
    with Store(path, coder="ana") as store:
        store.add_articles(drafts(1500))
        store.set_status_many(range(1, 600), "done")
        with store.acting_as("ben"):
            store.set_status(3, "skipped")
    conn = sqlite3.connect(path)  # back to schema m005: no table, no triggers, no index
    triggers = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'status_counts%'")]
    assert len(triggers) == 5
    for name in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP INDEX idx_article_status_coder")
    conn.execute("DROP TABLE status_counts")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_status_counts'")
    conn.execute("INSERT INTO article_status(article_id, coder_id, status, updated_at)"
                 " VALUES (1000, 1, 'done', 'x')")  # made by the old program: no trigger
    conn.commit()
    conn.close()
    with Store(path, coder="ana") as store:
        assert store.backup_path is not None  # migrated, with a backup first
        assert store.status_counts() == {"todo": 900, "in_progress": 0, "done": 600,
                                         "skipped": 0}
        assert_exact(store)
        store.set_status(1001, "done")
        assert store.status_counts()["done"] == 601
