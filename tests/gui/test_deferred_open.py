"""Opening an article paints first and does the rest while the window is idle.

What waits (the suggestions; every highlight but those of the rows that begin
on screen) is done once events are processed, at once when something asks for
it sooner (a key, a tooltip, an edit, a paragraph scrolled into view), and for
the article open when it runs: an article left before then never paints its
suggestions onto the next one, and no paragraph the coder sees lacks a colour.
"""

from __future__ import annotations

import weakref

from windows import show_active

from annotator.gui.commands import DeleteCommand, InsertCommand
from annotator.gui.main_window import MainWindow
from annotator.model import ArticleDraft
from annotator.store import Store
from tests.gui.test_incremental_paint import block_formats, long_article

NAMED = ("ARA News reported the clashes. Later ARA News said the army had left, "
         "and ARA News told reporters the road was open.")
OTHER = "Residents of Mosul said the market reopened. A council statement said more."


def two_articles(tmp_path) -> tuple[Store, int, int]:
    """Two articles: the first names a known entity three times (coded once), the other
    never does; both have attribution cues."""
    store = Store(tmp_path / "p.db", coder="ana")
    first, second = store.add_articles([ArticleDraft(title="Named", body=NAMED),
                                        ArticleDraft(title="Other", body=OTHER)]).inserted
    store.add_mention(first, 0, 8, name="ARA News", entity_type="MEDIA")
    return store, first, second


def opened_on_first(qtbot, tmp_path, settings) -> tuple[MainWindow, Store, int, int]:
    """A window just switched to the first article, its suggestions not computed yet."""
    store, first, second = two_articles(tmp_path)
    window = show_active(qtbot, MainWindow(store, settings))
    window.open_article(first)
    assert window.suggestions.waiting()
    return window, store, first, second


def framed(window) -> list[tuple[int, int]]:
    return sorted(window.article_view.body._proposed)


def test_suggestions_are_framed_once_events_are_processed(qtbot, tmp_path, settings):
    window, *_ = opened_on_first(qtbot, tmp_path, settings)
    assert framed(window) == []  # the text came first
    qtbot.waitUntil(lambda: not window.suggestions.waiting())
    texts = [NAMED[a:b] for a, b in framed(window)]
    assert texts.count("ARA News") == 2  # the two uncoded ones
    assert not window.idle_work_pending()


def test_asking_for_the_suggestions_before_they_ran_computes_them_at_once(qtbot, tmp_path,
                                                                        settings):
    window, *_ = opened_on_first(qtbot, tmp_path, settings)
    names = [p.text for p in window.suggestions.proposals]  # what A, X, ] and [ read
    assert names == ["ARA News", "ARA News"] and not window.suggestions.waiting()
    assert [NAMED[a:b] for a, b in framed(window)].count("ARA News") == 2


def test_an_article_left_before_its_suggestions_ran_never_frames_them_on_the_next(
        qtbot, tmp_path, settings):
    store, first, second = two_articles(tmp_path)
    window = show_active(qtbot, MainWindow(store, settings))
    window.open_article(second)
    qtbot.waitUntil(lambda: not window.suggestions.waiting())
    own = framed(window)  # the second article's own suggestions, computed alone
    window.open_article(first)
    window.open_article(second)  # before the first one's suggestions were computed
    qtbot.waitUntil(lambda: not window.suggestions.waiting())
    assert framed(window) == own
    assert window.suggestions.state.article_id == second
    assert "ARA News" not in [p.text for p in window.suggestions.proposals]


def test_an_edit_while_the_suggestions_wait_is_in_them_when_they_come(qtbot, tmp_path,
                                                                    settings):
    window, store, first, _ = opened_on_first(qtbot, tmp_path, settings)
    second = NAMED.index("ARA News", 1)
    entity = store.mentions(first)[0].entity_id
    window.undo_stack.push(InsertCommand(window.context, "Code it", lambda: store.add_mention(
        first, second, second + 8, entity_id=entity)))
    qtbot.waitUntil(lambda: not window.suggestions.waiting())
    starts = [a for a, _ in framed(window) if NAMED[a:a + 8] == "ARA News"]
    assert second not in starts and len(starts) == 1


def long_article_opened(qtbot, tmp_path, settings):
    """A window just switched to an article of 400 paragraphs, each with a mention, and a
    claim over every tenth paragraph break, attributed (source and cue) from the
    paragraph before; its idle work not done yet."""
    store, aid, body = long_article(tmp_path)
    for i in range(0, 400, 10):
        start = body.index(f"Paragraph {i}:")
        claim = store.add_claim(aid, body.index("ISIL", start), body.index("Army", start + 60))
        said = body.index("said", start)
        store.add_attribution(claim.row_id, kind="indirect", cue_span=(said, said + 4),
                              source_span=(said - 11, said - 1))
    window = show_active(qtbot, MainWindow(store, settings))
    window.open_article(aid)
    view = window.article_view.body
    assert not view.painting_done()
    return window, store, aid, view


def eager(view) -> list[list[tuple]]:
    """The formats of every paragraph painted at once from every highlight."""
    view.set_highlights(view.index.highlights())
    view.paint_all()
    return block_formats(view)


def test_a_long_article_paints_the_top_first_and_the_rest_while_idle(qtbot, tmp_path,
                                                                    settings):
    window, store, aid, view = long_article_opened(qtbot, tmp_path, settings)
    seen = view._on_screen()
    top = block_formats(view)
    assert len(view._index.highlights()) < 200  # of 520: those of the top only
    qtbot.waitUntil(view.painting_done)
    lazily = block_formats(view)
    assert [top[n] for n in seen] == [lazily[n] for n in seen]  # no colour came late
    assert all(lazily[n] for n in seen if n % 2 == 0)  # the blank lines between have none
    assert lazily == eager(view)


def test_a_paragraph_scrolled_to_before_the_idle_work_has_every_colour(qtbot, tmp_path,
                                                                     settings):
    window, store, aid, view = long_article_opened(qtbot, tmp_path, settings)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    view.viewport().repaint()  # drawn before any idle slice ran
    seen = view._on_screen()
    middle = block_formats(view)
    assert all(middle[n] for n in seen if n % 2 == 0)
    assert [middle[n] for n in seen] == [eager(view)[n] for n in seen]


def test_hover_click_and_edits_before_the_idle_work_see_every_highlight(qtbot, tmp_path,
                                                                       settings):
    window, store, aid, view = long_article_opened(qtbot, tmp_path, settings)
    text = view.text
    last = text.rindex("Iraqi Army")
    assert "Mention of Iraqi Army" in view.index.tooltip(last)  # far below the screen
    mention = max(store.mentions(aid), key=lambda m: m.start)
    window.undo_stack.push(DeleteCommand(window.context, "Delete", lambda: store.delete_mention(
        mention.id)))
    assert not [h for h in view.index.at(last) if h.kind == "mention"]
    qtbot.waitUntil(view.painting_done)
    painted = block_formats(view)
    assert painted == eager(view)
    window.undo_stack.undo()
    view.paint_all()
    assert [h.kind for h in view.index.at(last)] == ["mention"]


def test_text_that_passes_the_estimated_screen_is_painted_whole(qtbot, tmp_path, settings,
                                                               monkeypatch):
    """Where more text fits on screen than the estimate allows (zero-width marks), the
    first paint builds every highlight: nothing on screen lacks its colour."""
    from annotator.gui.article_view import ArticleText

    monkeypatch.setattr(ArticleText, "_screen_bound", lambda self: 60)  # one paragraph
    window, store, aid, view = long_article_opened(qtbot, tmp_path, settings)
    assert view._whole_before < 200
    view.viewport().repaint()
    assert view._whole is None  # built at the paint
    seen = view._on_screen()
    shown = block_formats(view)
    assert len(seen) > 4 and all(shown[n] for n in seen if n % 2 == 0)
    assert [shown[n] for n in seen] == [eager(view)[n] for n in seen]


def test_a_paragraph_just_below_the_screen_has_its_colours_when_scrolled_to(qtbot, tmp_path,
                                                                          settings):
    """The paragraphs the first rows cover past the screen's bottom are read but painted only
    when seen: scrolled to before the idle work, they show what an eager paint shows (the
    text has an emoji in each paragraph: Qt's UTF-16 positions, not code points)."""
    window, store, aid, view = long_article_opened(qtbot, tmp_path, settings)
    seen = view._on_screen()
    below = min(view._stale)  # exact from the first rows, not painted yet
    assert below > seen.stop - 1 and not block_formats(view)[below]
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + below - seen.stop + 1)  # its top line at the bottom
    view.viewport().repaint()
    assert view._whole is not None  # still from the first rows: nothing more was read
    assert below in view._on_screen()
    shown = block_formats(view)
    assert shown[below] and [shown[n] for n in view._on_screen()] == \
        [eager(view)[n] for n in view._on_screen()]


def test_the_article_shown_before_is_let_go_after_the_next_paint(qtbot, tmp_path, settings):
    """Freeing the rows and highlights of the article left waits for the next one's first
    paint, and then happens: nothing of it stays held."""
    store, first, second = two_articles(tmp_path)
    window = show_active(qtbot, MainWindow(store, settings))
    window.open_article(first)
    qtbot.waitUntil(lambda: not window.idle_work_pending())
    rows = weakref.ref(window.annotations)
    index = weakref.ref(window.article_view.body._index)
    window.open_article(second)
    assert rows() is not None and index() is not None  # held past the opening
    qtbot.waitUntil(lambda: rows() is None and index() is None)
    assert window.annotations.article.id == second
