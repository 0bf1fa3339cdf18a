"""An article's highlights kept per paragraph, so that an edit repaints only its paragraphs.

Qt paints an article paragraph by paragraph (a QTextBlock each), and a
paragraph's formats are replaced as a whole. Keeping, for every paragraph,
the highlights that touch it means that adding or removing one span recomputes
the overlaps of the few paragraphs it covers, not of the whole article: an
edit in an article with 5,000 spans costs about what it costs with 500.

The same buckets answer "what is coded here?" for tooltips and clicks. Pure
Python (code-point offsets); the view turns segments into Qt formats.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Iterable, Sequence

from annotator.spans import Highlight, Segment, highlight_order, segments

#: The order in which hits at one offset are listed (innermost first, then by kind).
KIND_ORDER = {"cue": 0, "source": 1, "mention": 2, "claim": 3}

#: A highlight's row: ("mentions", 12). Each row may paint several pieces.
RowKey = tuple[str, int]


class BlockHighlights:
    """Highlights bucketed by the paragraph (block) they touch.

    ``block_starts`` are the code-point offsets where paragraphs start (the
    first is 0); ``length`` is the text's length. A paragraph's range runs to
    the next one's start and so includes its separator, as a highlight that
    spans two paragraphs covers the line break between them.
    """

    def __init__(self, block_starts: Sequence[int], length: int,
                 highlights: Iterable[Highlight] = ()) -> None:
        self.starts = list(block_starts) or [0]
        self.length = length
        self.buckets: list[list[Highlight]] = [[] for _ in self.starts]
        self.rows: dict[RowKey, list[Highlight]] = {}
        for h in sorted(highlights, key=highlight_order):  # buckets stay in paint order
            self.rows.setdefault((h.table, h.row_id), []).append(h)
            for b in self._blocks_of(h):
                self.buckets[b].append(h)

    # -- where things are ----------------------------------------------------------
    def block_of(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def block_range(self, block: int) -> tuple[int, int]:
        """[start, end) of a paragraph's own text (its separator left out)."""
        start = self.starts[block]
        end = self.starts[block + 1] - 1 if block + 1 < len(self.starts) else self.length
        return start, max(start, end)

    def _blocks_of(self, h: Highlight) -> range:
        if h.end <= h.start:
            return range(0)
        return range(self.block_of(h.start), self.block_of(h.end - 1) + 1)

    # -- edits ------------------------------------------------------------------------
    def replace(self, rows: Iterable[RowKey], highlights: Iterable[Highlight]) -> set[int]:
        """Drop every highlight of ``rows`` and add ``highlights``; the blocks to repaint."""
        dirty: set[int] = set()
        for key in rows:
            for h in self.rows.pop(key, ()):
                for b in self._blocks_of(h):
                    bucket = self.buckets[b]
                    bucket.remove(h)  # equal highlights are interchangeable
                    dirty.add(b)
        for h in highlights:
            self.rows.setdefault((h.table, h.row_id), []).append(h)
            for b in self._blocks_of(h):
                insort(self.buckets[b], h, key=highlight_order)
                dirty.add(b)
        return dirty

    def highlights(self) -> list[Highlight]:
        """Every highlight, in paint order."""
        return sorted((h for hs in self.rows.values() for h in hs), key=highlight_order)

    # -- painting -----------------------------------------------------------------------
    def block_segments(self, block: int) -> list[Segment]:
        """The painted segments of one paragraph, cut at its edges."""
        bucket = self.buckets[block]
        if not bucket:
            return []
        first, last = self.block_range(block)
        out = []
        for seg in segments(bucket):
            s, e = max(seg.start, first), min(seg.end, last)
            if e > s:
                out.append(Segment(s, e, seg.style))
        return out

    # -- questions ----------------------------------------------------------------------
    def at(self, offset: int) -> list[Highlight]:
        """Highlights covering the character at ``offset``, innermost first."""
        hits = [h for h in self.buckets[self.block_of(offset)] if h.start <= offset < h.end]
        hits.sort(key=lambda h: (h.length, KIND_ORDER.get(h.kind, 9)))
        return hits

    def tooltip(self, offset: int) -> str:
        return "\n".join(h.label for h in self.at(offset))
