"""The article list is virtual: every row is there from the start, read by the page.

A search is listed up to a cap at a time ("300+ articles" here, 10,000+ in the
program) and grows when the view reaches its end; a status filter is counted
exactly from the counts the store keeps.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.gui.article_list import ArticleListPane, match_text
from annotator.gui.article_list_model import ArticleListModel
from annotator.model import ArticleDraft
from annotator.store import Store

N = 2500  # more than two blocks of 1,024 ids, so rows are found across blocks


@pytest.fixture
def pane(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(ArticleListModel, "COUNT_CAP", 300)
    monkeypatch.setattr(ArticleListModel, "PAGE", 100)
    monkeypatch.setattr(ArticleListModel, "CACHE_PAGES", 4)
    store = Store(tmp_path / "p.db", coder="ana")
    store.add_articles([ArticleDraft(title=f"Report {i}", body=f"Body number {i} "
                                     + ("mosul" if i % 10 == 0 else "basra"))
                        for i in range(N)])
    widget = ArticleListPane(store)
    widget.resize(420, 600)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    store.close()


def search(pane: ArticleListPane, text: str) -> None:
    pane.search.setText(text)
    pane.apply_filter()


def titles_on_screen(pane: ArticleListPane) -> list[str]:
    """The titles the view paints now, top to bottom (the rows its viewport shows)."""
    view = pane.view
    top = view.rowAt(0)
    bottom = view.rowAt(view.viewport().height() - 1)
    bottom = pane.model.rowCount() - 1 if bottom < 0 else bottom
    return [pane.model.index(r, 0).data() for r in range(top, bottom + 1)]


def test_every_row_is_counted_from_the_start_and_only_painted_pages_are_read(pane):
    model = pane.model
    assert model.rowCount() == N and not model.capped and not model.canFetchMore()
    assert 0 < model.cached_rows <= 2 * model.PAGE  # the first page or two, painted
    assert pane.progress.text() == f"0 of {N:,} done"
    # article i + 1 is row i, in full blocks of ids (found by arithmetic) and the last one
    assert [model.row_of(i) for i in (1, 1023, 1024, 1500, N)] == [0, 1022, 1023, 1499, N - 1]
    assert model.row_of(N + 1) is None


def test_scrolling_to_the_end_with_the_scroll_bar_shows_the_last_article(pane, qtbot):
    bar = pane.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: titles_on_screen(pane)[-1:] == [f"Report {N - 1}"])
    assert titles_on_screen(pane)[0] != "Report 0"
    # dragging to the middle shows the rows of the middle, in order
    bar.setValue(bar.maximum() // 2)
    qtbot.waitUntil(lambda: titles_on_screen(pane)[0] != f"Report {N - 1}")
    shown = [int(t.split()[1]) for t in titles_on_screen(pane)]
    assert shown == list(range(shown[0], shown[0] + len(shown)))
    assert abs(shown[0] - N // 2) < len(shown) + 2


def test_ctrl_end_and_ctrl_home_go_to_the_last_and_first_article(pane, qtbot):
    chosen = []
    pane.article_chosen.connect(chosen.append)
    view = pane.view
    view.setFocus()
    view.setCurrentIndex(pane.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.currentIndex().row() == N - 1
    assert chosen[-1] == pane.model.article_id(N - 1) == N  # ids are 1..N
    qtbot.waitUntil(lambda: f"Report {N - 1}" in titles_on_screen(pane))
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert view.currentIndex().row() == 0 and chosen[-1] == 1
    qtbot.keyClick(view, Qt.Key.Key_End)  # End alone goes to the end too, not a column
    assert view.currentIndex().row() == N - 1


def test_the_row_cache_stays_bounded_while_scrolling_through_everything(pane):
    model, bar = pane.model, pane.view.verticalScrollBar()
    seen = set()
    for value in range(0, bar.maximum() + 1, max(1, bar.pageStep())):
        bar.setValue(value)
        pane.view.viewport().repaint()
        seen.update(titles_on_screen(pane))
        assert model.cached_rows <= model.CACHE_PAGES * model.PAGE
    assert len(seen) > model.CACHE_PAGES * model.PAGE  # more than it could hold at once
    assert model.article_id(0) == 1  # an evicted page comes back when asked for


def test_a_common_word_is_listed_to_the_cap_and_grows_to_every_hit(pane):
    model = pane.model
    search(pane, "basra")  # 2,250 hits, more than the cap of 300
    assert model.capped and model.total == model.rowCount() == 300
    assert pane.matches.text() == "300+ articles"
    while model.canFetchMore():
        model.fetchMore()
    ids = [model.article_id(r) for r in range(model.rowCount())]
    assert len(ids) == N - N // 10 and ids == sorted(ids)  # every hit, in id order, once
    assert all(i % 10 != 1 for i in ids)  # article i is id i + 1; mosul every tenth
    assert not model.capped and pane.matches.text() == f"{N - N // 10:,} articles"


def test_the_view_asks_for_more_hits_when_scrolled_to_the_end_of_a_search(pane, qtbot):
    search(pane, "basra")
    bar = pane.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: pane.model.rowCount() > 300)
    assert pane.matches.text() in ("600+ articles", f"{N - N // 10:,} articles")


def test_a_rare_word_is_counted_exactly(pane):
    search(pane, "mosul")
    assert not pane.model.capped and pane.model.total == N // 10
    assert pane.matches.text() == f"{N // 10} articles"
    assert pane.model.rowCount() == N // 10 and not pane.model.canFetchMore()
    assert [pane.model.index(r, 0).data() for r in range(3)] == [
        "Report 0", "Report 10", "Report 20"]
    assert pane.model.row_of(21) == 2 and pane.model.row_of(22) is None
    search(pane, "nowhere")
    assert pane.matches.text() == "no articles" and pane.model.rowCount() == 0
    search(pane, "")
    assert pane.matches.text() == ""  # no filter: the progress line says it all
    assert pane.model.rowCount() == N and not pane.model.capped


def test_the_status_filter_is_counted_exactly_and_lists_its_rows(pane):
    store = pane.store
    done = [i for i in range(1, N + 1) if i % 4 and i % 1000 > 300]
    store.set_status_many(done, "done")
    pane.status.setCurrentIndex(pane.status.findData("done"))
    model = pane.model
    assert not model.capped and model.rowCount() == len(done)
    assert pane.matches.text() == f"{len(done):,} articles"
    assert [model.article_id(r) for r in range(model.rowCount())] == done
    assert model.row_of(done[-1]) == len(done) - 1 and model.row_of(4) is None
    pane.status.setCurrentIndex(pane.status.findData("todo"))
    todo = [i for i in range(1, N + 1) if i not in set(done)]
    assert model.rowCount() == len(todo)
    assert [model.article_id(r) for r in range(model.rowCount())] == todo
    assert model.row_of(todo[700]) == 700


def test_the_selection_stays_on_its_article_when_its_status_changes(pane, qtbot):
    view, model = pane.view, pane.model
    row = N - 5
    pane.select_article(row + 1)
    assert view.currentIndex().row() == row
    pane.store.set_status(row + 1, "done")
    pane.show_status(row + 1, "done")
    assert view.currentIndex().row() == row
    assert view.selectionModel().isRowSelected(row)
    assert model.index(row, 3).data() == "done"
    assert pane.progress.text() == f"1 of {N:,} done"


def test_match_text():
    assert match_text(10_000, True) == "10,000+ articles"
    assert match_text(1, False) == "1 article"
    assert match_text(2225, False) == "2,225 articles"
