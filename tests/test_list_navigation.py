"""Next and previous walk the coder's list: assignments, status filter, search, id order.

The GUI's keys (J/K, Alt+arrows, Ctrl+Enter) are tested in tests/gui/test_assigned_list.py;
here are the store's answers for each filter, the progress over a coder's assignments,
and the query plans that keep one step a seek at any size of project.
"""

from __future__ import annotations

import sqlite3

import pytest

from annotator.model import ArticleDraft
from annotator.store import Store

N = 40


def word(i: int) -> str:
    return "kiwi" if i % 3 == 0 else "mango"


@pytest.fixture
def team(tmp_path):
    """40 articles (id i + 1 holds word(i)) split between ana and ben; the store is ana's."""
    store = Store(tmp_path / "team.db", coder="ana")
    store.add_articles([ArticleDraft(title=f"Report {i}", body=f"Body {i} about {word(i)}.")
                        for i in range(N)])
    store.assign_articles(["ana", "ben"], overlap=0.2, seed=5)
    yield store
    store.close()


def walk(store: Store, step: int, **filters) -> list[int]:
    """Every article reached by stepping from one end of the list to the other."""
    ids, at = [], 0 if step > 0 else N + 1
    while (at := store.neighbour_article_id(at, step, **filters)) is not None:
        ids.append(at)
    return ids


def test_stepping_forward_and_back_visits_exactly_the_coders_list(team):
    mine = team.assignments()["ana"]
    assert len(mine) < N
    assert walk(team, +1) == mine == team.list_article_ids()
    assert walk(team, -1) == mine[::-1]
    assert walk(team, +1, assigned_only=False) == list(range(1, N + 1))


def test_the_status_filter_the_search_and_skip_done_are_followed(team):
    mine = team.assignments()["ana"]
    team.set_status(mine[1], "done")
    team.set_status(mine[2], "skipped")
    team.set_status(mine[3], "in_progress")
    ben_only = next(a for a in team.assignments()["ben"] if a not in mine)
    with team.acting_as("ben"):
        team.set_status(ben_only, "done")  # ben's status moves nothing of ana's
    assert walk(team, +1, status="done") == [mine[1]]
    assert walk(team, -1, status="in_progress") == [mine[3]]
    todo = [a for a in mine if a not in mine[1:4]]
    assert walk(team, +1, status="todo") == todo
    assert walk(team, +1, skip_done=True) == [mine[0], mine[3], *todo[1:]]
    kiwis = [a for a in mine if word(a - 1) == "kiwi"]
    assert walk(team, +1, search="kiwi") == kiwis == team.list_article_ids(search="kiwi")
    assert walk(team, -1, search="kiwi") == kiwis[::-1]
    assert walk(team, +1, search="kiwi", status="done") == \
        [a for a in kiwis if a == mine[1]]
    # from an article the list leaves out (just marked done under "todo"), the next one
    assert team.neighbour_article_id(mine[1], +1, status="todo") == mine[4]


def test_a_coder_with_no_assignment_lists_steps_and_counts_every_article(team):
    with team.acting_as("gold"):
        assert team.assignment_scope() == "unassigned"
        assert team.list_article_ids() == walk(team, +1) == list(range(1, N + 1))
        assert team.list_layout() is not None  # the fast block layout, as with no assignments
        assert team.count_articles(search="kiwi") == len([i for i in range(N) if word(i) == "kiwi"])
        assert sum(team.status_counts().values()) == N
    assert team.assignment_scope() == "own"


def test_progress_counts_the_coders_assigned_articles_only(team):
    mine = team.assignments()["ana"]
    outside = next(a for a in range(1, N + 1) if a not in mine)
    team.set_status(mine[0], "done")
    team.set_status(mine[1], "skipped")
    team.set_status(outside, "done")  # not in ana's list, not in her progress
    counts = team.status_counts()
    assert counts == {"todo": len(mine) - 2, "in_progress": 0, "done": 1, "skipped": 1}


def plan_of(store: Store, sql: str, params) -> str:
    return " | ".join(r[3] for r in store.db.execute(f"EXPLAIN QUERY PLAN {sql}", params))


@pytest.mark.parametrize("filters", [{}, {"status": "todo"}, {"status": "done"},
                                     {"skip_done": True}, {"search": "kiwi"},
                                     {"search": "kiwi", "status": "done"},
                                     {"assigned_only": False}])
@pytest.mark.parametrize("step", [+1, -1])
def test_a_step_is_an_index_seek_never_a_scan_or_a_sort(team, filters, step):
    """One step costs a seek at 1M articles only if the plan reads an index range in the
    list's order: no SCAN of a table, no temporary B-tree to sort."""
    skip_done = filters.pop("skip_done", False)
    assigned_only = filters.pop("assigned_only", True)
    after, before = (5, None) if step > 0 else (None, 5)
    source, key, params = team._list_query(filters.get("status"), filters.get("search"),
                                           assigned_only, columns=False, after_id=after,
                                           before_id=before, open_only=skip_done)
    order = "ASC" if step > 0 else "DESC"
    plan = plan_of(team, f"SELECT {key}{source} ORDER BY {key} {order} LIMIT 1", params)
    assert "TEMP B-TREE" not in plan, plan
    assert "SCAN" not in plan.replace("SCAN f VIRTUAL TABLE", ""), plan
    driver = plan.split(" | ")[0]  # the range from the id on, in the index (FTS5: "M2>")
    assert (">" if step > 0 else "<") in driver, plan


def test_progress_and_has_assignment_read_only_the_coders_rows(team):
    plan = plan_of(team, "SELECT 1 FROM assignments WHERE coder_id = ? LIMIT 1", [1])
    assert "idx_assignments_coder" in plan
    plan = plan_of(team, "SELECT count(*) FROM assignments WHERE coder_id = ?", [1])
    assert "idx_assignments_coder" in plan and "SCAN" not in plan


def test_a_project_made_before_m012_gets_the_index_on_opening(tmp_path):
    path = tmp_path / "old.db"
    with Store(path, coder="ana") as store:
        store.add_articles([ArticleDraft(title="One", body="One body."),
                            ArticleDraft(title="Two", body="Two body.")])
        store.assign_articles(["ana", "ben"], seed=1)
    conn = sqlite3.connect(path)
    conn.executescript("DROP INDEX idx_assignments_coder; DELETE FROM _sqlite_migrations"
                       " WHERE name = 'm012_assignments_by_coder';")
    conn.close()
    with Store(path, coder="ana") as store:
        assert store.backup_path is not None
        columns = [r[2] for r in store.db.execute("PRAGMA index_info(idx_assignments_coder)")]
        assert columns == ["coder_id", "article_id"]
        assert store.list_article_ids() == store.assignments()["ana"]
