"""The article body's highlights as each paragraph's formats: on screen at once, the rest idle.

A mixin of ``ArticleText`` (the body, a QPlainTextEdit), kept apart so the view
module stays about text, marks and events. Highlights are painted the way
QSyntaxHighlighter does it, as format ranges on each block's QTextLayout, from
the segments ``annotator.span_blocks`` keeps per paragraph. Three things keep a
long article as quick to open as its text:

- the paragraphs on screen are painted at once, the others a slice at a time
  while the window is idle (and at once should they scroll into view first);
- an edit repaints only the paragraphs its spans touch;
- an article may be shown from the highlights of the rows that begin on screen
  (:meth:`show_highlights_first`): the paragraphs on screen need no others, and
  every highlight is built and bucketed while idle, or at once when anything
  asks for them (a tooltip, a click, an edit, a paragraph below scrolled into view).

Needs ``text``, ``map`` (a ``Utf16Map``) and ``_formats`` (the QTextCharFormat
cache, filled by :func:`char_format`) from the body.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from PySide6.QtGui import QTextCharFormat

from annotator.span_blocks import BlockHighlights
from annotator.spans import Highlight, Style

#: How long one slice of the idle painting of a long article's paragraphs may take.
IDLE_SLICE_MS = 15
#: How long the idle painting an edit leaves off screen waits (an entity retyped: its
#: mentions all over a long article): the coder's next keys first, then the slices.
#: Off-screen paragraphs that scroll into view meanwhile are painted as they are shown.
AFTER_EDIT_MS = 250
#: Qt's underline style (``QTextCharFormat.UnderlineStyle``) of each ``Style.underline``.
UNDERLINES = {"single": "SingleUnderline", "dots": "DashUnderline", "wave": "WaveUnderline"}


def char_format(style: Style) -> QTextCharFormat:
    """The Qt format for one painted segment.

    Qt's text format classes are imported here, with the first highlight: PySide6
    builds a class's Python type with all its enums when it is first named (~2 ms
    for QTextCharFormat), and an article with nothing coded needs none for its
    first frame (benchmarks/startup.py)."""
    from PySide6.QtGui import QColor, QPen, QTextCharFormat

    fmt = QTextCharFormat()
    if style.background:
        fmt.setBackground(QColor(style.background))
    if style.foreground:
        fmt.setForeground(QColor(style.foreground))
    if style.underline:
        fmt.setUnderlineStyle(getattr(QTextCharFormat.UnderlineStyle, UNDERLINES[style.underline]))
        if style.underline_colour:
            fmt.setUnderlineColor(QColor(style.underline_colour))
    if style.bold:  # an outline, not a heavier weight: wider glyphs would re-wrap the lines
        fmt.setTextOutline(QPen(QColor(style.foreground or TEXT_COLOUR), OUTLINE_WIDTH))
    return fmt


#: How thick a source's bold outline is (pixels).
OUTLINE_WIDTH = 0.7

#: How thick a source's bold outline is (pixels).
OUTLINE_WIDTH = 0.7

#: The body's text colour, which a source's outline takes when no claim colours it.
TEXT_COLOUR = "#1a1a1a"


#: Highlights of the rows that begin before an offset (code points); None: of every row.
HighlightsBefore = Callable[[int | None], list[Highlight]]


class ParagraphFormats:
    def _init_formats(self) -> None:
        self._index = BlockHighlights([0], 0)
        #: Numbers of the paragraphs that have formats (the rest are plain text).
        self._formatted: set[int] = set()
        #: Paragraphs whose formats are not applied yet (painted while idle).
        self._stale: set[int] = set()
        self._backfill = QTimer(self, singleShot=True, interval=0)
        self._backfill.timeout.connect(self._paint_some)
        self._after_edit = QTimer(self, singleShot=True, interval=AFTER_EDIT_MS)
        self._after_edit.timeout.connect(self._backfill.start)
        #: While shown from its first rows only: how to get every highlight, and
        #: the offset before which the index is whole (the paragraphs painted since).
        self._whole: HighlightsBefore | None = None
        self._whole_before = 0
        self._exact: set[int] = set()
        #: The selection (UTF-16), whose sources are outlined in the selected text's colour.
        self._selected: tuple[int, int] | None = None
        self._selected_formats: dict[Style, QTextCharFormat] = {}

    @property
    def index(self) -> BlockHighlights:
        """Every highlight of the article, by paragraph (built now if still waiting)."""
        self._complete()
        return self._index

    def set_highlights(self, highlights: list[Highlight]) -> None:
        """Repaint every coded span without touching the text (keeps scroll and selection).

        A full repaint, after opening an article or changing whose work is shown;
        an edit goes through :meth:`update_highlights`, which repaints its paragraphs only.
        The paragraphs on screen are painted at once, the others a few at a time
        while the window is idle (and at once should they scroll into view first),
        so a long article opens about as fast as its text alone.
        """
        self._whole = None
        self._index = BlockHighlights(self._paragraph_starts(), len(self.text), highlights)
        self._stale = {n for n, bucket in enumerate(self._index.buckets) if bucket}
        self._stale |= self._formatted
        self._paint_visible()
        if self._stale:
            self._backfill.start()

    def show_highlights_first(self, highlights: HighlightsBefore) -> None:
        """Paint the text just shown from the highlights of the rows that begin on screen
        (``highlights(offset)``), and take every row's (``highlights(None)``) while idle.

        The paragraphs on screen are exact from those alone: a highlight that touches
        one begins before the screen's end, and so does its row. Opening an article
        with 5,000 annotations built and bucketed all of their highlights before
        its first paint, which took longer than showing its text. Only the paragraphs
        that reach the screen get their formats now: the offset the rows are read to
        is about twice the text a wrapped screen holds, and formatting the paragraphs
        past its bottom cost 2 ms of the 5,000-annotation opening; they wait, exact,
        for a scroll or the idle painting.
        """
        doc, from16 = self.document(), self.map.from_utf16
        seen, block, bound = [], doc.begin(), self._screen_bound()
        while block.isValid() and from16(block.position()) < bound:  # not laid out yet
            seen.append(block)
            block = block.next()
        before = from16(seen[-1].position() + seen[-1].length()) if seen else 0
        self._whole, self._whole_before, self._exact = highlights, before, set()
        # those paragraphs and the next (which takes what runs past them, unpainted):
        # every paragraph's start is read while idle
        starts = [from16(b.position()) for b in seen] + ([before] if block.isValid() else [])
        self._index = BlockHighlights(starts, len(self.text), highlights(before))
        self._stale = set()  # the rest waits for every highlight
        offset, height, below = self.contentOffset(), self.viewport().height(), False
        for number, block in enumerate(seen):
            if self._index.buckets[number]:
                if below:  # exact already: painted when scrolled to, or with the rest
                    self._stale.add(number)
                else:
                    self._paint_block(block, number)
            # laid out here with its formats, once, as the paint would have: formats set
            # on a paragraph laid out already would have it laid out again
            below = below or self.blockBoundingGeometry(block).translated(offset).bottom() > height
        self._backfill.start()

    def _screen_bound(self) -> int:
        """An offset the text on screen, from the top, cannot pass, found without laying
        anything out: the lines that fit, each as full as the narrowest glyphs make it,
        and each paragraph on a line of its own at least (a blank one too: counting
        those read about a third more rows in an article of short paragraphs).
        (Zero-width marks may pass it; then the first paint builds every highlight.)"""
        metrics, viewport = self.fontMetrics(), self.viewport()
        lines = viewport.height() // max(1, metrics.lineSpacing()) + 2
        narrowest = min(metrics.horizontalAdvance(ch) for ch in " .,:;'!|il")
        per_line = viewport.width() // max(1, narrowest) + 1
        block, end = self.document().begin(), 0
        while block.isValid() and lines > 0:
            lines -= max(1, -(-block.length() // per_line))  # its separator counted in
            end = block.position() + block.length()
            block = block.next()
        return self.map.from_utf16(end)

    def _complete(self) -> None:
        """Build every highlight now, if the article was shown from its first rows only;
        the paragraphs not painted from those wait for the idle painting."""
        if self._whole is None:
            return
        whole, self._whole = self._whole, None
        self._index = BlockHighlights(self._paragraph_starts(), len(self.text), whole(None))
        self._stale = {n for n, bucket in enumerate(self._index.buckets) if bucket}
        self._stale |= self._formatted
        self._stale -= self._exact
        if self._stale:
            self._backfill.start()

    def _screen_end(self, seen: range | None = None) -> int:
        """The offset (code points) where the last paragraph on screen (of ``seen``) ends."""
        last = self.document().findBlockByNumber((seen or self._on_screen()).stop - 1)
        return self.map.from_utf16(last.position() + last.length())

    def update_highlights(self, rows, highlights: list[Highlight]) -> None:
        """Replace the highlights of some rows (``(table, row_id)``) and repaint only the
        paragraphs they touch: what an edit or its undo changed. Those on screen are
        painted at once; those off screen (an entity retyped: its mentions all over a
        long article) wait for the idle painting, which starts ``AFTER_EDIT_MS`` later, so
        a key pressed right after the edit is not kept waiting behind a slice of it."""
        doc, on_screen, later = self.document(), self._on_screen(), False
        # Shown from its first rows, the screen was painted from those; the rows read in
        # full since may already lack what this edit removed (an undo that reopened the
        # article), so the paragraphs painted with these rows' old highlights repaint too.
        first_painted = self._index.replace(rows, ()) if self._whole is not None else set()
        for number in sorted(self.index.replace(rows, highlights) | first_painted):
            if number not in on_screen:
                self._stale.add(number)
                later = True
                continue
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self._stale.discard(number)
                self._paint_block(block, number)
                self._repaint_block(block)
        if later and not self._backfill.isActive():  # the opening's slices go on as they were
            self._after_edit.start()

    def _on_screen(self) -> range:
        """The numbers of the paragraphs on screen, the first to the last one seen."""
        block = self.firstVisibleBlock()
        first = last = block.blockNumber()
        offset, height = self.contentOffset(), self.viewport().height()
        while block.isValid() and \
                self.blockBoundingGeometry(block).translated(offset).top() <= height:
            last = block.blockNumber()
            block = block.next()
        return range(first, last + 1)

    def _repaint_block(self, block) -> None:
        """Redraw one paragraph whose formats changed, if it is on screen.

        ``setFormats`` drops the paragraph's lines, and the plain text layout
        lays them out again when the paragraph is next measured or drawn; the
        formats never change a glyph's width (a source is outlined, not bold),
        so the paragraph keeps its height and nothing else moves. Marking the
        contents dirty would say the same but repaint the whole viewport.
        """
        rect = self.blockBoundingGeometry(block).translated(self.contentOffset())
        if rect.bottom() >= 0 and rect.top() <= self.viewport().height():
            self.viewport().update(rect.toAlignedRect())

    def painting_done(self) -> bool:
        """Whether every paragraph shows its formats (the idle painting has finished)."""
        return not self._stale and self._whole is None

    def paint_all(self) -> None:
        """Paint every paragraph still waiting (tests, and anything reading all formats)."""
        self._complete()
        while self._stale:
            self._paint_some(budget_ms=None)

    def _paint_visible(self) -> None:
        """Paint the waiting paragraphs that are on screen, each relaid out at once
        (every highlight built first if one of them lies past the first rows')."""
        if self._whole is not None and self._screen_end() > self._whole_before:
            self._complete()
        if not self._stale:
            return
        doc, block = self.document(), self.firstVisibleBlock()
        offset, height = self.contentOffset(), self.viewport().height()
        while block.isValid() and \
                self.blockBoundingGeometry(block).translated(offset).top() <= height:
            number = block.blockNumber()
            if number in self._stale:
                self._stale.discard(number)
                self._paint_block(block, number)
                doc.markContentsDirty(block.position(), block.length())
            block = block.next()

    def _paint_some(self, budget_ms: float | None = IDLE_SLICE_MS) -> None:
        """Paint waiting paragraphs in text order for about ``budget_ms``, then yield;
        a first slice after showing an article from its first rows builds every
        highlight instead."""
        if self._whole is not None:
            self._complete()
            if budget_ms is not None:
                self._backfill.start()
                return
        doc, started = self.document(), time.perf_counter()
        done: list[int] = []
        for number in sorted(self._stale):
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self._paint_block(block, number)
            done.append(number)
            if budget_ms is not None and (time.perf_counter() - started) * 1000 > budget_ms:
                break
        self._stale.difference_update(done)
        on_screen = self._on_screen() if done else range(0)
        for number in done:  # off screen they are laid out again when next seen
            if number in on_screen:
                self._repaint_block(doc.findBlockByNumber(number))
        if self._stale and budget_ms is not None:
            self._backfill.start()

    def _paragraph_starts(self) -> list[int]:
        """Where each paragraph (QTextBlock) of the shown text starts, in code points."""
        starts, block, from16 = [], self.document().begin(), self.map.from_utf16
        while block.isValid():
            starts.append(from16(block.position()))
            block = block.next()
        return starts

    def _paint_block(self, block, number: int) -> None:
        """Set one paragraph's formats from its segments (replacing what it had)."""
        to16, formats, first = self.map.to_utf16, self._formats, block.position()
        ranges = []
        segments = self._index.block_segments(number)
        if segments:
            from PySide6.QtGui import QTextLayout  # with the first highlight (char_format)
        for seg in segments:
            fmt = formats.get(seg.style)
            if fmt is None:
                fmt = formats[seg.style] = char_format(seg.style)
            s16, e16 = to16(seg.start), to16(seg.end)
            for a, b, selected in self._split_at_selection(s16, e16, seg.style.bold):
                rng = QTextLayout.FormatRange()
                rng.start, rng.length = a - first, b - a
                rng.format = self._selected_format(seg.style) if selected else fmt
                ranges.append(rng)
        block.layout().setFormats(ranges)
        if ranges:
            self._formatted.add(number)
        else:
            self._formatted.discard(number)
        if self._whole is not None:
            self._exact.add(number)

    # -- sources in the selection ----------------------------------------------------------
    def outline_selection(self, start16: int, end16: int) -> None:
        """Outline the selected sources in the selected text's colour (``start16 ==
        end16``: nothing selected).

        A source is drawn bold by a dark outline around each glyph (a heavier weight
        would re-wrap the lines). Qt paints selected glyphs white but keeps the
        outline, which reads dark grey on blue, and a selection's format cannot
        override it; so the selected part of each source gets its own format, and
        the paragraphs the old and new selection touch are repainted.
        """
        old, new = self._selected, (start16, end16) if end16 > start16 else None
        if old == new:
            return
        self._selected = new
        doc = self.document()
        for span in filter(None, (old, new)):
            block = doc.findBlock(span[0])
            while block.isValid() and block.position() < span[1]:
                number = block.blockNumber()
                if number not in self._stale and any(
                        seg.style.bold for seg in self._index.block_segments(number)):
                    self._paint_block(block, number)
                    self._repaint_block(block)
                block = block.next()

    def _split_at_selection(self, s16: int, e16: int, bold: bool):
        """(start, end, selected) pieces of a segment: a bold one split at the selection."""
        sel = self._selected
        if not bold or sel is None or sel[1] <= s16 or e16 <= sel[0]:
            return ((s16, e16, False),)
        a, b = max(s16, sel[0]), min(e16, sel[1])
        return tuple(p for p in ((s16, a, False), (a, b, True), (b, e16, False)) if p[1] > p[0])

    def _selected_format(self, style: Style) -> QTextCharFormat:
        fmt = self._selected_formats.get(style)
        if fmt is None:
            from PySide6.QtGui import QPen

            fmt = self._selected_formats[style] = char_format(style)
            fmt.setTextOutline(QPen(self.palette().highlightedText().color(), OUTLINE_WIDTH))
        return fmt
