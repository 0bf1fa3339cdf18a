"""Two read-only article texts side by side, one per coder, painted like the main view.

Each pane is the main window's ``ArticleText`` with the highlights
``annotator.spans`` builds from that coder's rows only, so mentions, claims,
sources and cues look exactly as they do while coding. Both panes hold the same
text at the same width, so their lines align and they scroll together.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from annotator.codebook import Codebook
from annotator.gui.article_view import BODY_FONTS, ArticleText
from annotator.model import Attribution, Claim, Entity, Mention
from annotator.spans import Highlight, build_highlights, counted
from annotator.team.adjudication import Annotations


def as_models(rows: Annotations) -> tuple[list[Mention], list[Claim], list[Attribution]]:
    """Model objects for the highlight machinery (``annotator.spans``), entities as live ids."""
    mentions = [Mention(r["id"], r["article_id"], r["entity"], r["start"], r["end"], r["text"],
                        r["coder_id"]) for r in rows.get("mentions", [])]
    claims = [Claim(r["id"], r["article_id"], r["start"], r["end"], r["text"], r["claimant"],
                    r["addressee"], r["category"], r["position"], r["certainty"], r["note"],
                    r["coder_id"]) for r in rows.get("claims", [])]
    atts = [Attribution(r["id"], r["article_id"], r["claim_id"], r["source"], r["source_text"],
                        r["source_start"], r["source_end"], r["cue_text"], r["cue_start"],
                        r["cue_end"], r["kind"], r["parent_attribution_id"], r["coder_id"])
            for r in rows.get("attributions", [])]
    return mentions, claims, atts


def highlights_of(rows: Annotations, codebook: Codebook) -> list[Highlight]:
    """One coder's highlights, entities named from the rows (already the live entities)."""
    entities: dict[int, Entity] = {}
    for r in rows.get("mentions", []):
        entities[r["entity"]] = Entity(r["entity"], r["entity_name"], r["entity_type"])
    for layer, column in (("claims", "claimant"), ("claims", "addressee"),
                          ("attributions", "source")):
        for r in rows.get(layer, []):
            if r[column] is not None and r[column] not in entities:
                entities[r[column]] = Entity(r[column], r[f"{column}_name"], "OTHER")
    labels = {c.key: c.label for c in codebook.entity_types}
    return build_highlights(*as_models(rows), entities, codebook.colour_of,
                            lambda k: labels.get(k, k))


class CoderPane(QWidget):
    """A coder's name (in the coder's colour) and counts above that coder's reading.

    Signals:
        highlight_clicked(object): a ``Highlight`` of this coder was clicked.
    """

    highlight_clicked = Signal(object)

    def __init__(self, side: str, colour: str, parent=None) -> None:
        super().__init__(parent)
        self.side, self.colour = side, colour
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.body = ArticleText(self)
        self.body.setObjectName(f"pane_{side.lower()}")
        self.body.highlight_clicked.connect(self.highlight_clicked)
        self.setStyleSheet(f"#pane_{side.lower()} {{ border-top: 3px solid {colour}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.body, 1)

    def show_coder(self, coder: str, rows: Annotations, highlights: list[Highlight],
                   body: str | None = None) -> None:
        """Show a coder's highlights; ``body`` (a new article) replaces the text too."""
        counts = " · ".join(counted(len(rows.get(k, [])), k[:-1]) for k in
                            ("mentions", "claims", "attributions"))
        self.header.setText(f"<span style='color:{self.colour}; font-weight:600'>"
                            f"{self.side}: {coder}</span>"
                            f"<span style='color:#555'>&nbsp;&nbsp;{counts}</span>")
        if body is not None:
            self.body.show_text(body, highlights)
        else:
            self.body.set_highlights(highlights)

    def set_point_size(self, size: int) -> None:
        font = QFont()
        font.setFamilies(BODY_FONTS)
        font.setPointSize(size)
        self.body.setFont(font)


class SideBySide(QWidget):
    """Pane A | pane B at equal widths, scrolling together while ``linked`` is set.

    A layout rather than a splitter: the two texts must wrap at the same width
    for their lines to align, so the coder gets no handle to make them differ.
    """

    def __init__(self, colours: tuple[str, str], parent=None) -> None:
        super().__init__(parent)
        self.a = CoderPane("A", colours[0], self)
        self.b = CoderPane("B", colours[1], self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.a, 1)
        layout.addWidget(self.b, 1)
        self.linked = True
        self._syncing = False
        self.a.body.verticalScrollBar().valueChanged.connect(
            lambda _v: self._follow(self.a.body, self.b.body))
        self.b.body.verticalScrollBar().valueChanged.connect(
            lambda _v: self._follow(self.b.body, self.a.body))

    def resizeEvent(self, event) -> None:  # noqa: N802
        # Both texts re-wrap and each keeps its own top line; once they have,
        # put B back on A's paragraph.
        super().resizeEvent(event)
        QTimer.singleShot(0, self.align)

    def align(self) -> None:
        self._follow(self.a.body, self.b.body)

    def _follow(self, source, target) -> None:
        """Show in ``target`` the paragraph (and line in it) at the top of ``source``.

        By paragraph, not by scroll value: a source is painted bold, so the two
        coders' texts can wrap a paragraph into different numbers of lines.
        """
        if not self.linked or self._syncing:
            return
        top = source.firstVisibleBlock()
        inside = source.verticalScrollBar().value() - top.firstLineNumber()
        block = target.document().findBlockByNumber(top.blockNumber())
        if not block.isValid():
            return
        value = block.firstLineNumber() + max(0, min(inside, block.lineCount() - 1))
        self._syncing = True
        try:
            target.verticalScrollBar().setValue(value)
        finally:
            self._syncing = False

    def pane(self, side: str) -> CoderPane:
        return self.a if side == "a" else self.b
