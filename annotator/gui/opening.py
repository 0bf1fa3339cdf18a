"""Opening an article in the window: its text, highlights, panels and suggestions.

A mixin of MainWindow, kept apart so the window module stays about layout and
what an edit shows; needs ``store``, ``codebook``, ``article_view``, the three
panels and their models, ``suggestions``, ``article_list``, ``settings``,
``counts`` and ``_shown_coder``.

A long article (more than ``READ_ALL_AFTER_PAINT`` annotations) is painted before
its rows are all read: the window shows its text with the highlights of the rows
that begin on screen (read alone, :func:`first_rows`), the panels empty; every row
is read, and the panels filled, just after that first paint, or at once when
anything reads ``annotations`` sooner (a key, a tooltip, the suggestions). Reading
5,000 annotations took longer than showing the text.
"""

from __future__ import annotations

from annotator.gui.after_paint import AfterPaint
from annotator.gui.models import ArticleAnnotations
from annotator.gui.place import project_key
from annotator.spans import build_highlights, counted, word_hits

#: More annotations than this: the article is painted before they are all read.
READ_ALL_AFTER_PAINT = 1000


def rows_before(data: ArticleAnnotations, offset: int) -> dict[str, list]:
    """The rows of an article that begin before ``offset``: every row with a highlight
    there (the top of the article, painted before the rest is built)."""
    return {"mentions": [m for m in data.mentions if m.start < offset],
            "claims": [c for c in data.claims if c.start < offset],
            "attributions": [a for a in data.attributions if min(
                a.source_start if a.source_start is not None else offset,
                a.cue_start if a.cue_start is not None else offset) < offset]}


def first_rows(store, article, coder_id: int | None, before: int
               ) -> tuple[ArticleAnnotations, dict[str, list]]:
    """The rows of an article that begin before ``before``, read alone, with what their
    highlights name: their entities, and the claims their attributions quote."""
    mentions, claims, attributions = store.spans_before(article.id, before, coder_id)
    have = {c.id for c in claims}
    quoted = sorted({a.claim_id for a in attributions} - have)
    data = ArticleAnnotations(article, mentions, claims + store.claims_by_id(article.id, quoted),
                              attributions)
    if coder_id is None:
        data.coders = {c["id"]: c["name"] for c in store.coders()}
    data.entities = store.entities_named(mentions, data.claims, attributions)
    return data, {"mentions": mentions, "claims": claims, "attributions": attributions}


class OpeningMixin:
    _annotations: ArticleAnnotations | None = None
    #: (article id, coder) of a long article shown before its rows were all read.
    _unread: tuple[int, int | None] | None = None
    _read_after_paint: AfterPaint | None = None

    @property
    def annotations(self) -> ArticleAnnotations | None:
        """The open article's annotations (every row read now, if still waiting)."""
        self.read_all_rows()
        return self._annotations

    @annotations.setter
    def annotations(self, data: ArticleAnnotations | None) -> None:
        self._unread, self._annotations = None, data

    def open_article(self, article_id: int) -> None:
        """Show an article with its annotations; the list follows."""
        self.article_id = article_id
        # the article shown before is freed after this one's first paint, not before it
        self._paint_then().release(self._annotations, *(
            model.data_ for model in (self.entities_model, self.claims_model, self.sources_model)))
        coder = self._shown_coder()
        counts = self.store.annotation_counts(article_id, coder)
        if sum(counts) > READ_ALL_AFTER_PAINT:
            article = self.store.article(article_id)
            self.annotations = None
            self._unread = (article_id, coder)
            self.article_view.show_article(article, lambda before: self._every_highlight()
                                           if before is None else self._highlights(
                                               *first_rows(self.store, article, coder, before)))
            self._load_panels(ArticleAnnotations(article), fresh=True, counts=counts,
                              all_coders=coder is None)
            self._paint_then().call(self.read_all_rows)
        else:
            data = ArticleAnnotations.load(self.store, article_id, coder)
            self.annotations = data
            article = data.article
            self.article_view.show_article(article, lambda before: self._highlights(
                data, None if before is None else rows_before(data, before)))
            self._load_panels(data, fresh=True)
        self.suggestions.refresh_later()
        self.centre.setCurrentWidget(self.article_view)
        self.article_list.select_article(article_id)
        self.settings.setValue(f"{project_key(self.store)}/last_article", article_id)
        if self.article_list.model.search:  # opened from a search: show where it matched
            self.mark_search_hits()

    def _paint_then(self) -> AfterPaint:
        """What runs just after the article's next paint (made with the first article)."""
        if self._read_after_paint is None:
            self._read_after_paint = AfterPaint(self.article_view.body.viewport())
        return self._read_after_paint

    def mark_search_hits(self) -> None:
        """Frame the search words in the article shown, or nothing once the search is
        cleared (the find bar's matches, while it is open, are its own)."""
        if self.article_id is None or self.article_view.find_bar.isVisible():
            return
        search, body = self.article_list.model.search, self.article_view.body
        body.mark_spans(word_hits(body.text, search) if search else [])

    def read_all_rows(self) -> bool:
        """Read every row of a long article shown from its first rows, and fill the panels
        (just after its first paint, or when anything needs them sooner); False if
        nothing was waiting."""
        if self._unread is None:
            return False
        article_id, coder = self._unread
        self._unread = None
        data = ArticleAnnotations.load(self.store, article_id, coder)
        self._annotations = data
        self._load_panels(data, fresh=True)
        return True

    def _every_highlight(self) -> list:
        """Every highlight of the open article, its rows read now if still waiting
        (none once the window has closed or shows no article)."""
        data = self.annotations
        return self._highlights(data) if data is not None else []

    def stop_reading(self) -> None:
        """The window closes: the rows still to read are not read (its store closes next)."""
        self._unread = None
        if self._read_after_paint is not None:
            self._read_after_paint.cancel()

    def reload_annotations(self) -> None:
        """Re-read the current article's annotations after an edit (text and scroll stay)."""
        if self.article_id is None:
            return
        self._unread = None
        data = ArticleAnnotations.load(self.store, self.article_id, self._shown_coder())
        self.annotations = data
        self.article_view.body.set_highlights(self._highlights(data))
        self._load_panels(data)
        self.suggestions.refresh()

    def _highlights(self, data: ArticleAnnotations, rows: dict[str, list] | None = None):
        """The article's highlights, or only those of ``rows`` (after an edit)."""
        labels = {c.key: c.label for c in self.codebook.entity_types}
        if rows is None:
            return build_highlights(data.mentions, data.claims, data.attributions,
                                    data.entities, self.codebook.colour_of,
                                    lambda k: labels.get(k, k), data.coder_name)
        return build_highlights(rows["mentions"], rows["claims"], rows["attributions"],
                                data.entities, self.codebook.colour_of,
                                lambda k: labels.get(k, k), data.coder_name,
                                claim_texts={c.id: c.text for c in data.claims})

    def _load_panels(self, data: ArticleAnnotations, fresh: bool = False,
                     counts: tuple[int, int, int] | None = None,
                     all_coders: bool | None = None) -> None:
        """Fill the panels from ``data``; ``counts`` and ``all_coders`` say what the status
        bar and the coder column show when ``data`` holds no rows yet (a long article)."""
        all_coders = data.all_coders if all_coders is None else all_coders
        for model in (self.entities_model, self.claims_model, self.sources_model):
            model.load(data, fresh)
        for panel in (self.entities_panel, self.claims_panel, self.sources_panel):
            panel.show_coder_column(all_coders)
        self._show_counts(data, counts, all_coders)

    def _show_counts(self, data: ArticleAnnotations, counts: tuple[int, int, int] | None = None,
                     all_coders: bool | None = None) -> None:
        """The status bar's "#12 · in progress · 3 mentions ..." line."""
        status = self.store.status(data.article.id).replace("_", " ")
        whose = "all coders" if (data.all_coders if all_coders is None else all_coders) \
            else "yours"
        counts = counts or (len(data.mentions), len(data.claims), len(data.attributions))
        line = " · ".join(counted(n, noun) for n, noun in zip(
            counts, ("mention", "claim", "source"), strict=True))
        self.counts.setText(f"#{data.article.id} · {status} · {line} ({whose})")

    def idle_work_pending(self) -> bool:
        """Whether the open article still has work waiting for the window to be idle:
        its suggestions, the formats of its paragraphs off screen, its rows to read."""
        return self.suggestions.waiting() or not self.article_view.body.painting_done() \
            or self._unread is not None
