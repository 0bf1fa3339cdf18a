"""A team project split by ``annotator assign``: each coder's window keeps to their list.

The list, the first article opened, every key that moves between articles and
the progress line all follow the list the coder sees: their assigned articles,
the status filter and the search. A coder with no assignment (a PI, a gold coder)
sees every article, and the list says so.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from windows import show_active

from annotator.cli import main
from annotator.gui.main_window import MainWindow
from annotator.model import ArticleDraft
from annotator.store import Store

N = 30
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def fruit(i: int) -> str:
    return "kiwi" if i % 3 == 0 else "mango"


@pytest.fixture
def team_db(tmp_path):
    """30 articles split between ana and ben by the command line, 20% coded by both."""
    path = tmp_path / "team.db"
    with Store(path, coder="pi") as store:
        store.add_articles([ArticleDraft(title=f"Report {i}", body=f"Body {i} about {fruit(i)}.")
                            for i in range(N)])
    result = CliRunner().invoke(main, ["assign", str(path), "--coders", "ana,ben",
                                       "--overlap", "0.2", "--seed", "5"])
    assert result.exit_code == 0, result.output
    return path


def assigned(path, coder: str) -> list[int]:
    with Store(path, coder=coder) as store:
        return store.assignments()[coder]


def window_of(qtbot, path, coder: str, settings) -> MainWindow:
    store = Store(path, coder=coder)
    win = show_active(qtbot, MainWindow(store, settings))
    win.article_view.body.setFocus()
    return win


def listed(win) -> list[int]:
    model = win.article_list.model
    return [model.article_id(r) for r in range(model.rowCount())]


def press(qtbot, win, key, modifier=Qt.KeyboardModifier.NoModifier) -> int:
    qtbot.keyClick(win.article_view.body, key, modifier)
    return win.article_id


def test_the_split_leaves_gaps_between_each_coders_articles(team_db):
    """What the other tests rely on: each coder's list skips ids of the other's."""
    ana, ben = assigned(team_db, "ana"), assigned(team_db, "ben")
    assert 1 not in ben and ana[0] == 1
    assert any(b - a > 1 for a, b in zip(ana, ana[1:]))
    assert any(b - a > 1 for a, b in zip(ben, ben[1:]))


def test_ctrl_enter_j_k_and_alt_arrows_keep_to_anas_articles(qtbot, team_db, settings):
    mine = assigned(team_db, "ana")
    win = window_of(qtbot, team_db, "ana", settings)
    assert listed(win) == mine
    assert win.article_id == mine[0]
    seen = [win.article_id]
    seen.append(press(qtbot, win, Qt.Key.Key_Return, CTRL))  # done, next
    seen.append(press(qtbot, win, Qt.Key.Key_J))
    seen.append(press(qtbot, win, Qt.Key.Key_Right, ALT))
    assert seen == mine[:4]
    assert press(qtbot, win, Qt.Key.Key_K) == mine[2]
    assert press(qtbot, win, Qt.Key.Key_Left, ALT) == mine[1]
    win.open_article(mine[-1])
    win.next_article()
    assert win.article_id == mine[-1]
    assert "last article" in win.statusBar().currentMessage()


def test_bens_window_opens_on_his_first_article_not_article_one(qtbot, team_db, settings):
    mine = assigned(team_db, "ben")
    win = window_of(qtbot, team_db, "ben", settings)
    assert win.article_id == mine[0] != 1
    assert press(qtbot, win, Qt.Key.Key_Return, CTRL) == mine[1]
    assert win.store.status(mine[0]) == "done"


def test_the_last_article_of_another_coder_is_not_reopened(qtbot, team_db, settings):
    """ana and ben take turns on one machine: the window remembers one last article per
    project, and ben must not land on ana's."""
    ana, ben = assigned(team_db, "ana"), assigned(team_db, "ben")
    only_ana = next(a for a in ana if a not in ben)
    first = window_of(qtbot, team_db, "ana", settings)
    first.open_article(only_ana)
    first.close()
    win = window_of(qtbot, team_db, "ben", settings)
    assert win.article_id == ben[0]


def test_done_and_next_skips_my_done_articles_not_anyone_elses(qtbot, team_db, settings):
    mine = assigned(team_db, "ana")
    with Store(team_db, coder="ana") as store:
        store.set_status(mine[1], "done")
    win = window_of(qtbot, team_db, "ana", settings)
    assert win.article_id == mine[0]
    assert press(qtbot, win, Qt.Key.Key_Return, CTRL) == mine[2]
    # at the end it wraps to the first of mine still to do, never one of ben's
    for aid in mine[3:]:
        win.store.set_status(aid, "done")
    win.open_article(mine[-1])
    assert press(qtbot, win, Qt.Key.Key_Return, CTRL) == mine[2]


def test_next_follows_the_status_filter_and_the_search(qtbot, team_db, settings):
    mine = assigned(team_db, "ana")
    win = window_of(qtbot, team_db, "ana", settings)
    win.store.set_status(mine[1], "done")
    pane = win.article_list
    pane.status.setCurrentIndex(pane.status.findData("todo"))
    assert mine[1] not in listed(win)
    win.open_article(mine[0])
    assert press(qtbot, win, Qt.Key.Key_J) == mine[2]
    assert press(qtbot, win, Qt.Key.Key_K) == mine[0]

    pane.status.setCurrentIndex(pane.status.findData(None))
    pane.search.setText("kiwi")
    pane.apply_filter()
    kiwis = [a for a in mine if fruit(a - 1) == "kiwi"]  # article i has id i + 1
    assert listed(win) == kiwis and len(kiwis) >= 3
    win.open_article(kiwis[0])
    assert [press(qtbot, win, Qt.Key.Key_J) for _ in kiwis[1:]] == kiwis[1:]
    assert press(qtbot, win, Qt.Key.Key_K) == kiwis[-2]
    win.open_article(kiwis[0])
    assert press(qtbot, win, Qt.Key.Key_Return, CTRL) == kiwis[1]


def test_the_progress_line_counts_the_coders_own_articles(qtbot, team_db, settings):
    mine = assigned(team_db, "ana")
    win = window_of(qtbot, team_db, "ana", settings)
    progress = win.article_list.progress
    assert progress.text() == f"0 of {len(mine)} done"
    press(qtbot, win, Qt.Key.Key_Return, CTRL)
    assert progress.text() == f"1 of {len(mine)} done"
    ben = assigned(team_db, "ben")
    not_mine = next(a for a in ben if a not in mine)
    win.store.set_status(not_mine, "done")  # outside the list: not counted
    win.article_list.refresh_progress()
    assert progress.text() == f"1 of {len(mine)} done"


def test_a_coder_with_no_assignment_sees_every_article_and_is_told(qtbot, team_db, settings):
    win = window_of(qtbot, team_db, "gold", settings)
    pane = win.article_list
    assert listed(win) == list(range(1, N + 1))
    assert win.article_id == 1
    assert press(qtbot, win, Qt.Key.Key_J) == 2
    assert press(qtbot, win, Qt.Key.Key_Return, CTRL) == 3
    assert pane.progress.text() == f"1 of {N} done"
    assert "No articles are assigned to gold" in pane.scope.text()
    assert pane.scope.isVisible()
    qtbot.keyClick(win, Qt.Key.Key_K, CTRL)  # search the articles
    qtbot.keyClicks(pane.search, "kiwi")
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)  # opens the first hit, keys to its text
    kiwis = [i + 1 for i in range(N) if fruit(i) == "kiwi"]
    assert listed(win) == kiwis and win.article_id == kiwis[0]
    assert press(qtbot, win, Qt.Key.Key_J) == kiwis[1]


def test_a_coder_with_assignments_is_told_the_list_is_theirs(qtbot, team_db, settings):
    win = window_of(qtbot, team_db, "ana", settings)
    assert "assigned to ana" in win.article_list.scope.text()


def test_an_assignment_made_while_the_window_is_open_limits_its_list(qtbot, tmp_path, settings):
    path = tmp_path / "p.db"
    with Store(path, coder="pi") as store:
        store.add_articles([ArticleDraft(title=f"Report {i}", body=f"Body {i}.")
                            for i in range(N)])
    win = window_of(qtbot, path, "ana", settings)
    assert listed(win) == list(range(1, N + 1)) and not win.article_list.scope.isVisible()
    with Store(path, coder="pi") as other:  # another process: `annotator assign`
        other.assign_articles(["ana", "ben"], overlap=0.2, seed=5)
    win.refresh_from_store()  # what the window does on another connection's commit
    mine = assigned(path, "ana")
    assert listed(win) == mine
    assert win.article_list.progress.text() == f"0 of {len(mine)} done"
    assert press(qtbot, win, Qt.Key.Key_J) == mine[1]
