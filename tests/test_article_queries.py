"""The article list's queries: searches driven by the FTS index, counts with a cap."""

from __future__ import annotations

import pytest

from annotator.model import ArticleDraft


@pytest.fixture
def listed(store):
    """60 articles: every 3rd mentions Mosul, every 2nd is done, the coder has 40 assigned."""
    ids = store.add_articles([ArticleDraft(f"Report {i}", f"Body {i} about "
                                           + ("Mosul" if i % 3 == 0 else "Basra"))
                              for i in range(60)]).inserted
    for k, article_id in enumerate(ids):
        if k % 2 == 0:
            store.set_status(article_id, "done")
    return ids


def expected(ids, *, search=None, status=None, assigned=None):
    out = []
    for k, article_id in enumerate(ids):
        if search == "mosul" and k % 3:
            continue
        if status == "done" and k % 2:
            continue
        if status == "todo" and k % 2 == 0:
            continue
        if assigned is not None and article_id not in assigned:
            continue
        out.append(article_id)
    return out


@pytest.mark.parametrize("search", [None, "mosul"])
@pytest.mark.parametrize("status", [None, "done", "todo"])
@pytest.mark.parametrize("assign", [False, True])
def test_filters_count_list_and_page_alike(store, listed, search, status, assign):
    assigned = None
    if assign:
        other = store.ensure_coder("ben")
        assigned = set(listed[:40])
        for article_id in listed:
            coder = store.coder_id if article_id in assigned else other
            store.db.execute("INSERT INTO assignments(article_id, coder_id) VALUES (?, ?)",
                             [article_id, coder])
    want = expected(listed, search=search, status=status, assigned=assigned)
    filters = {"search": search, "status": status}
    assert store.count_articles(**filters) == len(want)
    assert store.count_articles(**filters, at_most=5) == min(5, len(want))
    assert store.count_articles(**filters, at_most=1000) == len(want)
    assert [r["id"] for r in store.list_articles(0, 1000, **filters)] == want
    pages, after = [], 0
    while page := store.list_articles_after(after, 7, **filters):
        pages.extend(r["id"] for r in page)
        after = page[-1]["id"]
    assert pages == want
    offset = [r["id"] for r in store.list_articles(7, 7, **filters)]
    assert offset == want[7:14]
    # the virtual list's reads: by row number from the counts, or by chunks of ids
    layout = None if search else store.list_layout(status)
    assert (layout is None) == bool(search or assign)  # assignments are not counted per block
    if layout is not None:
        assert layout.total == len(want)
        assert [r["id"] for r in store.list_rows_at(layout, 0, 1000)] == want
        assert [r["id"] for r in store.list_rows_at(layout, 5, 4)] == want[5:9]
        assert [store.list_row_of(layout, i) for i in want] == list(range(len(want)))
        assert store.list_row_of(layout, max(listed) + 1) is None
    chunks, after = [], None
    while ids := store.list_article_ids(after_id=after, limit=7, **filters):
        chunks.extend(ids)
        after = ids[-1]
    assert chunks == want
    assert [r["id"] for r in store.list_rows_of(want[::-1])] == want[::-1]


def test_a_page_of_hits_carries_the_list_columns(store, listed):
    row = store.list_articles(0, 1, search="mosul")[0]
    assert row == {"id": listed[0], "title": "Report 0", "published": None, "outlet": None,
                   "status": "done"}
