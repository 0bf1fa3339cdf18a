"""Timers that query the store never fire after the window closes and its store is closed.

The failure this guards against was flaky: a search typed in the last moments
of one test fired in whichever later test next ran the event loop, with
"Cannot operate on a closed database". Here the pause runs out on purpose.
"""

from __future__ import annotations

from annotator.gui.article_list import SEARCH_DELAY_MS
from annotator.gui.debounce import Debounce

PAST_THE_PAUSE_MS = SEARCH_DELAY_MS * 3


def test_a_search_typed_before_the_window_closes_never_queries_the_closed_store(window, qtbot):
    search = window.article_list.search
    qtbot.keyClicks(search, "mosul")  # the search waits for a pause in typing
    assert window.article_list.search_timer.isActive()
    window.close()
    window.store.close()
    qtbot.wait(PAST_THE_PAUSE_MS)  # a timer firing now would raise in its slot: a failure here
    assert not any(t.isActive() for t in window.findChildren(Debounce))


def test_a_browser_reload_pending_at_close_never_queries_the_closed_store(window, qtbot):
    window.identity.browse_entities()
    browser = window.identity.browser
    window.undo_stack.indexChanged.emit(0)  # what an edit does: reload after a pause
    assert browser.reload_timer.isActive()
    window.close()
    window.store.close()
    qtbot.wait(PAST_THE_PAUSE_MS)
    assert not browser.reload_timer.isActive()


def test_a_search_pending_while_the_list_is_hidden_runs_when_it_shows_again(window, qtbot):
    pane = window.article_list
    qtbot.keyClicks(pane.search, "nowhere")
    pane.hide()
    qtbot.wait(PAST_THE_PAUSE_MS)
    assert pane.model.search is None  # not run while hidden
    pane.show()
    qtbot.waitUntil(lambda: pane.model.search is not None)
    assert pane.model.total == 0
