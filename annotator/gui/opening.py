"""Opening an article in the window: its text, highlights, panels and suggestions.

A mixin of MainWindow, kept apart so the window module stays about layout and
what an edit shows; needs ``store``, ``codebook``, ``article_view``, the three
panels and their models, ``suggestions``, ``article_list``, ``settings``,
``counts`` and ``_shown_coder``.
"""

from __future__ import annotations

from annotator.gui.models import ArticleAnnotations
from annotator.gui.place import project_key
from annotator.spans import build_highlights, counted, word_hits


def rows_before(data: ArticleAnnotations, offset: int) -> dict[str, list]:
    """The rows of an article that begin before ``offset``: every row with a highlight
    there (the top of the article, painted before the rest is built)."""
    return {"mentions": [m for m in data.mentions if m.start < offset],
            "claims": [c for c in data.claims if c.start < offset],
            "attributions": [a for a in data.attributions if min(
                a.source_start if a.source_start is not None else offset,
                a.cue_start if a.cue_start is not None else offset) < offset]}


class OpeningMixin:
    def open_article(self, article_id: int) -> None:
        """Show an article with its annotations; the list follows."""
        self.article_id = article_id
        data = ArticleAnnotations.load(self.store, article_id, self._shown_coder())
        self.annotations = data
        self.article_view.show_article(data.article, lambda before: self._highlights(
            data, None if before is None else rows_before(data, before)))
        self._load_panels(data, fresh=True)
        self.suggestions.refresh_later()
        self.centre.setCurrentWidget(self.article_view)
        self.article_list.select_article(article_id)
        self.settings.setValue(f"{project_key(self.store)}/last_article", article_id)
        if self.article_list.model.search:  # opened from a search: show where it matched
            self.article_view.body.mark_spans(word_hits(data.article.body,
                                                        self.article_list.model.search))

    def reload_annotations(self) -> None:
        """Re-read the current article's annotations after an edit (text and scroll stay)."""
        if self.article_id is None:
            return
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

    def _load_panels(self, data: ArticleAnnotations, fresh: bool = False) -> None:
        for model in (self.entities_model, self.claims_model, self.sources_model):
            model.load(data, fresh)
        for panel in (self.entities_panel, self.claims_panel, self.sources_panel):
            panel.show_coder_column(data.all_coders)
        self._show_counts(data)

    def _show_counts(self, data: ArticleAnnotations) -> None:
        """The status bar's "#12 · in progress · 3 mentions ..." line."""
        status = self.store.status(data.article.id).replace("_", " ")
        whose = "all coders" if data.all_coders else "yours"
        counts = " · ".join(counted(len(rows), noun) for rows, noun in (
            (data.mentions, "mention"), (data.claims, "claim"), (data.attributions, "source")))
        self.counts.setText(f"#{data.article.id} · {status} · {counts} ({whose})")

    def idle_work_pending(self) -> bool:
        """Whether the open article still has work waiting for the window to be idle:
        its suggestions, the formats of its paragraphs off screen."""
        return self.suggestions.waiting() or not self.article_view.body.painting_done()
