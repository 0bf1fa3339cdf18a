"""The centre of the window: an article's header and body with its coded spans painted.

The body is a read-only QPlainTextEdit. Highlights are painted the way
QSyntaxHighlighter does it, as format ranges on each block's QTextLayout, from
the non-overlapping segments ``annotator.spans`` computed; the document text
is never edited, so showing 500 spans costs about as much as the text alone.
The highlights are kept per paragraph (``annotator.span_blocks``) and set as
each paragraph's formats by ``paragraph_formats``: an edit recomputes and
relays out only the paragraphs its spans touch, and a long article paints
what is on screen first.
Transient marks (a flash, find results) are ExtraSelections on top. All
positions cross the Qt boundary through a ``Utf16Map``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import sub
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.after_paint import AfterPaint
from annotator.gui.find_bar import FindBar
from annotator.gui.label_look import grey
from annotator.gui.paragraph_formats import HighlightsBefore, ParagraphFormats
from annotator.gui.wrappers import wrap_viewport
from annotator.model import Article
from annotator.spans import (
    Highlight,
    Style,
    Utf16Map,
    displayable,
    right_to_left,
    trim_span,
)

if TYPE_CHECKING:  # the text format classes load with the first highlight (char_format)
    from PySide6.QtGui import QTextCharFormat

BODY_FONTS = ["Noto Serif", "DejaVu Serif", "Georgia", "Times New Roman", "serif"]
DEFAULT_POINT_SIZE = 12
MIN_POINT_SIZE, MAX_POINT_SIZE = 7, 36
FLASH_MS = 900
#: The frame around find matches.
FIND_COLOUR = "#c2410c"

#: The dashed frame around a suggestion nobody has accepted yet.
PROPOSAL_COLOUR = "#6b7280"

#: More suggestion frames changed than this at once (an article opened): redraw all.
MANY_FRAMES = 50
#: Given more highlights than this, an article is painted from those that begin before
#: the screen's end first, the rest while idle (``show_highlights_first``): bucketing all
#: 575 of a 10,000-word article before its first paint cost as much as its text did.
SCREEN_FIRST = 200


class ArticleText(ParagraphFormats, QPlainTextEdit):
    """The read-only body: paints highlights, explains them on hover, reports clicks.

    Signals:
        highlight_clicked(object): the innermost ``Highlight`` under a plain click.
    """

    highlight_clicked = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        wrap_viewport(self)  # before the first viewport() (annotator/gui/wrappers.py)
        self._after_paint = AfterPaint(self.viewport())
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.document().setDocumentMargin(12)
        self.text = ""
        self.map = Utf16Map("")
        self._init_formats()
        self._formats: dict[Style, QTextCharFormat] = {}
        self._flash: list[QTextEdit.ExtraSelection] = []
        self._found: list[tuple[int, int]] = []
        self._proposed: list[tuple[int, int]] = []
        self._proposed_starts: list[int] = []
        self._proposed_longest = 0
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        self.selectionChanged.connect(lambda: self.outline_selection(
            self.textCursor().selectionStart(), self.textCursor().selectionEnd()))

    # -- content ----------------------------------------------------------------
    def show_text(self, body: str, highlights: list[Highlight] | HighlightsBefore) -> None:
        """Show an article's text with its highlights: all of them, or a function giving
        those of the rows that begin before an offset (:meth:`show_highlights_first`)."""
        # the article shown before: its highlights and frames are freed after this one's
        # first paint (thousands of objects in a long article)
        self._after_paint.release(self._index, self._proposed, self._proposed_starts)
        self.text = displayable(body)
        self.map = Utf16Map(self.text)
        self._formatted = set()
        self._flash, self._found = [], []
        self.set_proposals([])
        self.setExtraSelections([])
        self.setPlainText(self.text)
        self._set_direction(right_to_left(self.text))
        if not callable(highlights) and len(highlights) > SCREEN_FIRST:
            every = highlights  # those that begin before the screen's end paint it exactly
            highlights = lambda before: every if before is None else [  # noqa: E731
                h for h in every if h.start < before]
        if callable(highlights):
            self.show_highlights_first(highlights)
        else:
            self.set_highlights(highlights)

    def _set_direction(self, rtl: bool) -> None:
        """Lay every paragraph out in the article's base direction, not its own first
        letter's: Qt would turn a paragraph that begins with an Arabic name around."""
        direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        option = self.document().defaultTextOption()
        option.setTextDirection(direction)
        self.document().setDefaultTextOption(option)

    # -- positions -----------------------------------------------------------------
    def selection_span(self) -> tuple[int, int] | None:
        """The selection in code points, trimmed of white space; None if empty."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.map.span_from_utf16(cursor.selectionStart(), cursor.selectionEnd())
        start, end = trim_span(self.text, start, end)
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        """Select code points [start, end) (tests and find use this)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.map.to_utf16(start))
        cursor.setPosition(self.map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def offset_at(self, point: QPoint) -> int | None:
        """The code point under a viewport point (not the nearest gap between two)."""
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        if point.x() < self.cursorRect(cursor).x() and pos > 0:
            pos -= 1  # the click fell on the right half of the previous character
        offset = self.map.from_utf16(pos)
        return offset if 0 <= offset < len(self.text) else None

    # -- transient marks -----------------------------------------------------------
    def flash(self, spans: list[tuple[int, int]]) -> None:
        """Scroll to the first span and flash them all, so the eye finds the row's text."""
        if not spans:
            return
        from PySide6.QtGui import QTextCharFormat

        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffe066"))
        self._flash = []
        for start, end in spans:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.map.to_utf16(start))
            cursor.setPosition(self.map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor, sel.format = cursor, fmt
            self._flash.append(sel)
        first = QTextCursor(self.document())
        first.setPosition(self.map.to_utf16(spans[0][0]))
        self.setTextCursor(first)
        self.ensureCursorVisible()
        self._update_extra()
        self._flash_timer.start()

    def _end_flash(self) -> None:
        self._flash = []
        self._update_extra()

    def set_found(self, cursors: list[QTextCursor]) -> None:
        """Mark find matches with a frame drawn over the text (``paintEvent``), not a
        background: a background would hide the mention colours under it."""
        self._found = [(c.selectionStart(), c.selectionEnd()) for c in cursors]
        self.viewport().update()

    def mark_spans(self, spans: list[tuple[int, int]]) -> None:
        """Frame these body spans (``str`` offsets) as find matches are framed."""
        self._found = [(self.map.to_utf16(a), self.map.to_utf16(b)) for a, b in spans]
        self.viewport().update()

    def set_proposals(self, spans: list[tuple[int, int]]) -> None:
        """Suggestions (``str`` offsets), drawn as faint dashed frames: nothing is coded yet.

        Kept in code points, sorted; only those on screen are converted and framed
        when painting, since a long article has thousands. An edit changes a few:
        :meth:`change_proposals`.
        """
        before = self._proposed
        self._proposed = sorted(spans)
        starts, ends = zip(*self._proposed) if self._proposed else ((), ())
        self._proposed_starts = list(starts)
        self._proposed_longest = max(map(sub, ends, starts), default=0)
        changed = set(before).symmetric_difference(self._proposed) \
            if before and self._proposed else None  # all of them: no need to compare
        if changed is None or len(changed) > MANY_FRAMES:
            self.viewport().update()
        else:
            self._repaint_frames(changed)

    def change_proposals(self, removed: list[tuple[int, int]],
                         added: list[tuple[int, int]]) -> None:
        """Take some frames away and add others (what an edit changed), redrawing only
        where they are on screen."""
        spans, starts = self._proposed, self._proposed_starts
        for span in removed:
            i = bisect_left(spans, span)
            if i < len(spans) and spans[i] == span:
                del spans[i], starts[i]
        for span in added:
            i = bisect_left(spans, span)
            spans.insert(i, span)
            starts.insert(i, span[0])
            # only ever grows: a bound on how far back a frame may start
            self._proposed_longest = max(self._proposed_longest, span[1] - span[0])
        # a frame taken away and put back (its entity re-linked) looks the same
        self._repaint_frames(set(removed).symmetric_difference(added))

    def _repaint_frames(self, spans) -> None:
        """Redraw where these frames are, for those on screen (the others are drawn
        when they are scrolled to; measuring them would lay their paragraphs out)."""
        if not spans:
            return
        seen = self._on_screen()
        doc = self.document()
        top = self.map.from_utf16(doc.findBlockByNumber(seen.start).position())
        last = doc.findBlockByNumber(seen.stop - 1)
        bottom = self.map.from_utf16(last.position() + last.length())
        offset, to16, height = self.contentOffset(), self.map.to_utf16, self.viewport().height()
        for start, end in spans:
            if end < top or start > bottom:
                continue
            for rect in self._line_rects(to16(start), to16(end), offset):
                if rect.bottom() >= 0 and rect.top() <= height:
                    self.viewport().update(rect.adjusted(-2, -2, 2, 2).toAlignedRect())

    def _proposed_between(self, top16: int, bottom16: int) -> list[tuple[int, int]]:
        """The suggestion frames that meet the UTF-16 range [top16, bottom16], in UTF-16."""
        top, bottom = self.map.from_utf16(top16), self.map.from_utf16(bottom16)
        lo = bisect_left(self._proposed_starts, top - self._proposed_longest)
        hi = bisect_right(self._proposed_starts, bottom)
        to16 = self.map.to_utf16
        return [(to16(a), to16(b)) for a, b in self._proposed[lo:hi] if b >= top]

    def found_spans(self) -> list[tuple[int, int]]:
        """The marked matches, in UTF-16 positions."""
        return list(self._found)

    def _update_extra(self) -> None:
        self.setExtraSelections(self._flash)

    def paintEvent(self, event) -> None:  # noqa: N802
        self._paint_visible()  # a paragraph scrolled into view before the idle painting
        super().paintEvent(event)
        if not self._found and not self._proposed:
            return
        from PySide6.QtGui import QPen  # with the first proposal or match, after the first frame

        painter = QPainter(self.viewport())
        offset = self.contentOffset()
        dashed = QPen(QColor(PROPOSAL_COLOUR), 1.2, Qt.PenStyle.DashLine)
        # Only the frames on screen are laid out: a long article has thousands.
        top = self.firstVisibleBlock().position()
        bottom = self.cursorForPosition(self.viewport().rect().bottomRight()).block()
        bottom = bottom.position() + bottom.length()
        proposed = self._proposed_between(top, bottom)
        for spans, pen in ((proposed, dashed), (self._found, QPen(QColor(FIND_COLOUR), 2))):
            painter.setPen(pen)
            for start, end in spans:
                if end < top or start > bottom:
                    continue
                for rect in self._line_rects(start, end, offset):
                    if rect.intersects(event.rect()):
                        painter.drawRoundedRect(rect, 3, 3)
        painter.end()

    def _line_rects(self, start: int, end: int, offset) -> list[QRectF]:
        """One rectangle per laid-out line that the span [start, end) covers."""
        rects = []
        block = self.document().findBlock(start)
        while block.isValid() and block.position() < end:
            top = self.blockBoundingGeometry(block).translated(offset).top()
            layout, first = block.layout(), block.position()
            # from the line the span starts on, not the paragraph's first line
            from_line = max(0, layout.lineForTextPosition(max(0, start - first)).lineNumber())
            for i in range(from_line, layout.lineCount()):
                line = layout.lineAt(i)
                if line.textStart() >= end - first:
                    break
                a = max(start - first, line.textStart())
                b = min(end - first, line.textStart() + line.textLength())
                if a < b:
                    x1, _ = line.cursorToX(a)
                    x2, _ = line.cursorToX(b)
                    rects.append(QRectF(min(x1, x2) - 1, top + line.y(), abs(x2 - x1) + 2,
                                        line.height()))
            block = block.next()
        return rects

    # -- events --------------------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            offset = self.offset_at(event.pos())
            tip = self.index.tooltip(offset) if offset is not None else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            offset = self.offset_at(event.position().toPoint())
            hits = self.index.at(offset) if offset is not None else []
            if hits:
                self.highlight_clicked.emit(hits[0])


class ArticleView(QWidget):
    """Header (title, date, outlet, source) above the body, with zoom and find."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel(self)
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grey(self.meta)
        self.body = ArticleText(self)
        self.find_bar = FindBar(self.body, self)
        self.find_bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 8, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.find_bar)
        self.point_size = DEFAULT_POINT_SIZE
        self.set_zoom(DEFAULT_POINT_SIZE)
        self.article: Article | None = None

    def show_article(self, article: Article,
                     highlights: list[Highlight] | HighlightsBefore) -> None:
        self.article = article
        self.title.setText(article.title or f"(untitled article #{article.id})")
        parts = [article.published_raw or article.published or "no date", article.outlet,
                 article.url or article.source_file]
        self.meta.setText("  ·  ".join(p for p in parts if p))
        self.meta.setToolTip(article.url or article.source_file or "")
        self.body.show_text(article.body, highlights)
        self.find_bar.refresh()

    def set_zoom(self, point_size: int) -> None:
        """Scale the reading font (Ctrl+= / Ctrl+-); the header follows."""
        self.point_size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, int(point_size)))
        font = QFont()
        font.setFamilies(BODY_FONTS)
        font.setPointSize(self.point_size)
        self.body.setFont(font)
        title = QFont(font)
        title.setPointSizeF(self.point_size * 1.45)
        title.setWeight(QFont.Weight.Bold)
        self.title.setFont(title)
        meta = QFont()
        meta.setPointSizeF(max(MIN_POINT_SIZE, self.point_size * 0.85))
        self.meta.setFont(meta)

    def zoom(self, step: int) -> None:
        self.set_zoom(self.point_size + step)
