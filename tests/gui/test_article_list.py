"""The article list counts matches only up to a cap, and still pages through every one."""

from __future__ import annotations

import pytest

from annotator.gui.article_list import ArticleListPane, match_text
from annotator.gui.models import ArticleListModel
from annotator.model import ArticleDraft
from annotator.store import Store


@pytest.fixture
def pane(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(ArticleListModel, "COUNT_CAP", 300)
    monkeypatch.setattr(ArticleListModel, "PAGE", 100)
    store = Store(tmp_path / "p.db", coder="ana")
    store.add_articles([ArticleDraft(title=f"Report {i}", body=f"Body number {i} "
                                     + ("mosul" if i % 10 == 0 else "basra"))
                        for i in range(450)])
    widget = ArticleListPane(store)
    qtbot.addWidget(widget)
    yield widget
    store.close()


def search(pane: ArticleListPane, text: str) -> None:
    pane.search.setText(text)
    pane.apply_filter()


def test_a_common_word_is_counted_to_the_cap_and_listed_in_full(pane):
    model = pane.model
    search(pane, "basra")  # 405 hits, more than the cap of 300
    assert model.capped and model.total == 300
    assert pane.matches.text() == "300+ articles"
    while model.canFetchMore():
        model.fetchMore()
    ids = [model.article_id(r) for r in range(model.rowCount())]
    assert len(ids) == 405 and ids == sorted(ids)  # every hit, in id order, once
    assert not model.capped and model.total == 405
    assert pane.matches.text() == "405 articles"  # exact once the end was reached


def test_a_rare_word_is_counted_exactly(pane):
    search(pane, "mosul")
    assert not pane.model.capped and pane.model.total == 45
    assert pane.matches.text() == "45 articles"
    assert pane.model.rowCount() == 45 and not pane.model.canFetchMore()
    search(pane, "nowhere")
    assert pane.matches.text() == "no articles" and pane.model.rowCount() == 0
    search(pane, "")
    assert pane.matches.text() == ""  # no filter: the progress line says it all
    assert pane.model.capped and pane.model.rowCount() == 100


def test_the_status_filter_pages_to_its_end(pane):
    store = pane.store
    done = [i for i in range(1, 451) if i % 4]
    for article_id in done:
        store.set_status(article_id, "done")
    pane.status.setCurrentIndex(pane.status.findData("done"))
    model = pane.model
    assert model.capped and pane.matches.text() == "300+ articles"
    while model.canFetchMore():
        model.fetchMore()
    assert [model.article_id(r) for r in range(model.rowCount())] == done
    assert model.total == 338 and pane.matches.text() == "338 articles"


def test_match_text():
    assert match_text(10_000, True) == "10,000+ articles"
    assert match_text(1, False) == "1 article"
    assert match_text(2225, False) == "2,225 articles"
