"""View ▸ Show suggestions belongs to the project it is set in.

Whether a coder codes with suggestions is part of a project's protocol (a
reliability sample coded without them, the main corpus with them), so turning
them off in one project must not turn them off in the next one opened, and
each window's menu tick says what its text shows."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store import Store
from tests.gui.conftest import drafts

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def make_project(path):
    store = Store(path, coder="ana")
    store.add_articles(drafts(1))
    aid = store.neighbour_article_id(0, +1)
    body = store.article(aid).body
    at = body.index("ARA News")
    store.add_mention(aid, at, at + len("ARA News"), name="ARA News", entity_type="MEDIA")
    store.close()
    return path


def shows(window) -> tuple[bool, bool, bool]:
    """(its menu tick, the state it keeps, frames in its text): all three must agree."""
    framed = bool(window.suggestions.items()) and bool(window.article_view.body._proposed)
    return (window.actions_by_name["show_suggestions"].isChecked(), window.suggestions.shown,
            framed)


def toggle(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_G, CTRL_SHIFT)


def open_in_turn(window, qtbot, path, monkeypatch):
    """File ▸ Open project… on ``path``: its window, shown and active."""
    from annotator.gui import app
    monkeypatch.setattr(app, "choose_coder", lambda store, settings, given: "ana")
    window.open_project_file(str(path))
    opened = next(w for w in app.OPEN_WINDOWS if w.store.path == path)
    qtbot.waitExposed(opened)
    return opened


def test_turning_suggestions_off_in_one_project_leaves_the_next_one_with_them(
        qtbot, tmp_path, settings, monkeypatch):
    from annotator.gui import app
    from annotator.gui.main_window import MainWindow
    from tests.gui.windows import show_active
    store = Store(make_project(tmp_path / "one.db"), coder="ana")
    first = show_active(qtbot, MainWindow(store, settings))
    assert shows(first) == (True, True, True)
    toggle(first, qtbot)
    assert shows(first) == (False, False, False)

    second = open_in_turn(first, qtbot, make_project(tmp_path / "two.db"), monkeypatch)
    assert shows(second) == (True, True, True)  # not carried over from the first
    assert shows(first) == (False, False, False)  # and the first keeps its own
    toggle(second, qtbot)
    toggle(second, qtbot)  # off and on again in the second: the first stays off
    assert shows(second) == (True, True, True) and shows(first) == (False, False, False)

    first.close()  # the first project again, later: still without them
    store.close()
    again = open_in_turn(second, qtbot, tmp_path / "one.db", monkeypatch)
    assert shows(again) == (False, False, False)
    for w in list(app.OPEN_WINDOWS):
        w.close()
    qtbot.waitUntil(lambda: not app.OPEN_WINDOWS)


def test_a_second_window_on_one_project_follows_its_toggle(qtbot, tmp_path, settings,
                                                          monkeypatch):
    """Two windows can show one project (opened from a window of another project): a
    toggle in one is the project's, so the other's text and menu follow."""
    from annotator.gui import app
    from annotator.gui.main_window import MainWindow
    from tests.gui.windows import show_active
    path = make_project(tmp_path / "one.db")
    store = Store(path, coder="ana")
    first = show_active(qtbot, MainWindow(store, settings))
    other = open_in_turn(first, qtbot, make_project(tmp_path / "two.db"), monkeypatch)
    twin = open_in_turn(other, qtbot, path, monkeypatch)
    toggle(twin, qtbot)
    assert shows(twin) == (False, False, False) and shows(first) == (False, False, False)
    assert shows(other) == (True, True, True)
    first.close()
    store.close()
    for w in list(app.OPEN_WINDOWS):
        w.close()
    qtbot.waitUntil(lambda: not app.OPEN_WINDOWS)
