"""A long article is painted before its rows are all read (gui/opening.py).

Above ``READ_ALL_AFTER_PAINT`` annotations the window shows the text with the
highlights of the rows that begin on screen, read alone, and the panels empty;
every row is read just after the first paint, or at once when anything reads
``annotations`` sooner. Here the bound is lowered so that the 480 annotations of
``long_article_opened`` are above it; the colours and rows must come out as
when everything is read first.
"""

from __future__ import annotations

import pytest

from annotator.gui import opening
from annotator.gui.commands import InsertCommand
from tests.gui.test_deferred_open import eager, long_article_opened
from tests.gui.test_incremental_paint import block_formats


@pytest.fixture
def read_after_paint(monkeypatch):
    monkeypatch.setattr(opening, "READ_ALL_AFTER_PAINT", 100)


def mention_rows(window) -> int:
    model = window.entities_model
    return sum(model.rowCount(model.index(r, 0)) for r in range(model.rowCount()))


def test_a_long_article_is_painted_before_its_rows_are_read(qtbot, tmp_path, settings,
                                                            read_after_paint):
    window, store, aid, view = long_article_opened(qtbot, tmp_path, settings)
    assert window._unread == (aid, store.coder_id)
    assert mention_rows(window) == 0 and window.claims_model.rowCount() == 0
    assert "400 mentions · 40 claims · 40 sources" in window.counts.text()
    seen = view._on_screen()
    top = block_formats(view)
    assert all(top[n] for n in seen if n % 2 == 0)  # the screen has its colours
    qtbot.waitUntil(lambda: not window.idle_work_pending())
    assert window._unread is None
    assert mention_rows(window) == 400 and window.claims_model.rowCount() == 40
    assert window.sources_model.rowCount() == 40
    assert "400 mentions · 40 claims · 40 sources" in window.counts.text()
    painted = block_formats(view)
    assert [top[n] for n in seen] == [painted[n] for n in seen]  # no colour came late
    assert painted == eager(view)


def test_reading_the_annotations_before_the_paint_reads_every_row_at_once(
        qtbot, tmp_path, settings, read_after_paint):
    window, store, aid, view = long_article_opened(qtbot, tmp_path, settings)
    assert window._unread is not None
    assert len(window.annotations.mentions) == 400  # a key, a tooltip, the suggestions
    assert window._unread is None and mention_rows(window) == 400
    assert window.annotations.mentions == store.mentions(aid)


def test_an_edit_before_the_rows_are_read_is_shown_once(qtbot, tmp_path, settings,
                                                        read_after_paint):
    window, store, aid, view = long_article_opened(qtbot, tmp_path, settings)
    start = view.text.index("ISIL")
    entity = store.mentions(aid)[0].entity_id
    window.undo_stack.push(InsertCommand(window.context, "Code it", lambda: store.add_mention(
        aid, start, start + 4, entity_id=entity)))
    assert len(window.annotations.mentions) == 401 and mention_rows(window) == 401
    assert [h.kind for h in view.index.at(start)].count("mention") == 1
    qtbot.waitUntil(lambda: not window.idle_work_pending())
    assert block_formats(view) == eager(view)
    window.undo_stack.undo()
    assert len(window.annotations.mentions) == 400 and mention_rows(window) == 400


def test_a_window_closed_before_the_rows_are_read_never_reads_them(qtbot, tmp_path, settings,
                                                                  read_after_paint):
    window, store, aid, view = long_article_opened(qtbot, tmp_path, settings)
    window.close()
    store.close()  # a read now would fail on the closed store
    qtbot.wait(400)  # past the fallback of a paint that never comes
    assert window._unread is None
