"""Span arithmetic for the article view, in pure Python so it is tested without Qt.

The store counts offsets in code points; Qt counts UTF-16 units. Everything the
view paints is decided here: which highlights an article has, how overlapping
ones combine into non-overlapping painted segments, what a tooltip says, and how
a position maps back to the rows of the panels. The view only turns the
``Style`` values into Qt formats.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

from annotator.model import Attribution, Claim, Entity, Mention

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASCII = re.compile("[\x00-\x7f]+")
_ASCII_LETTERS = re.compile("[A-Za-z]+")

#: Painting priority of underline kinds: a cue's wave wins over a source's dots,
#: which win over a claim's plain line (the claim stays visible by its colour).
UNDERLINE_PRIORITY = {"wave": 3, "dots": 2, "single": 1}
CLAIM_COLOUR = "#1d3557"
SOURCE_COLOUR = "#6a4c93"
CUE_COLOUR = "#c1121f"


def displayable(body: str) -> str:
    """The body as the view shows it, with exactly one character per code point.

    QTextDocument folds ``\\r\\n`` into one paragraph break and Qt cannot hold a
    lone surrogate; either would shift every offset after it. Replacing them
    one-for-one keeps stored offsets valid in the view.
    """
    if "\r" in body:
        body = body.replace("\r\n", " \n").replace("\r", "\n")
    if _has_surrogate(body):
        body = _LONE_SURROGATE.sub("\ufffd", body)
    return body


def _has_surrogate(text: str) -> bool:
    """Fast check: only a surrogate code point fails to encode (UTF-32 is the quickest
    encoder; the regex took 1.2 ms over 365,000 characters at each opening, this 0.2)."""
    if text.isascii():
        return False
    try:
        text.encode("utf-32-le")
    except UnicodeEncodeError:
        return True
    return False


def _astral_count(text: str) -> int:
    """How many astral characters: each takes one UTF-16 unit more than a code point."""
    return 0 if text.isascii() else \
        len(text.encode("utf-16-le", "surrogatepass")) // 2 - len(text)


class Utf16Map:
    """Converts code-point offsets of one text to UTF-16 positions and back.

    Only astral characters (emoji, some CJK, historic scripts) take two UTF-16
    units, so the map stores their positions and answers with a bisect; text
    without them converts as the identity at no cost.
    """

    def __init__(self, text: str) -> None:
        # the search stops at the last one: an article with an emoji at the top
        # is not scanned to its end (1.2 ms over 365,000 characters)
        count = _astral_count(text)
        self._astral = [m.start() for m in islice(_ASTRAL.finditer(text), count)]
        # UTF-16 position of each astral character's first unit.
        self._astral16 = [i + k for k, i in enumerate(self._astral)]
        self.length = len(text)

    def to_utf16(self, index: int) -> int:
        """UTF-16 position of code-point offset ``index``."""
        return index + bisect_left(self._astral, index)

    def from_utf16(self, pos: int) -> int:
        """Code-point offset of UTF-16 position ``pos`` (inside a pair: the character)."""
        # Each astral character starting before ``pos`` took one extra unit; a
        # position inside a pair rounds down to that character.
        return pos - bisect_left(self._astral16, pos)

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_from_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.from_utf16(start), self.from_utf16(end)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a selection so it neither starts nor ends with white space.

    Dragging a selection easily catches a trailing space or line break; a
    coder never means to code those, and stored span texts stay clean.
    """
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True)
class Highlight:
    """One coded span: what it is (``kind``), which row it is, how to say it."""

    start: int
    end: int
    kind: str  # "mention", "claim", "source" or "cue"
    table: str
    row_id: int
    label: str
    colour: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


class Style(NamedTuple):
    """How one painted segment looks, in plain values the view maps to Qt.

    Named tuples (not dataclasses) because an article builds thousands of
    these on every switch, and they are dictionary keys for the format cache.
    """

    background: str | None = None
    foreground: str | None = None
    underline: str | None = None  # "single", "dots" or "wave"
    underline_colour: str | None = None
    bold: bool = False


class Segment(NamedTuple):
    start: int
    end: int
    style: Style


def highlight_order(h: Highlight) -> tuple:
    """The order highlights are painted in: by start, longest first, then kind and row.

    Where two equally long mentions cover the same text the first in this
    order gives the colour, so every painting path sorts the same way.
    """
    return (h.start, -h.end, h.kind, h.row_id)


def build_highlights(mentions: Iterable[Mention], claims: Iterable[Claim],
                     attributions: Iterable[Attribution], entities: Mapping[int, Entity],
                     colour_of, type_label=lambda key: key,
                     coder_of=lambda coder_id: "",
                     claim_texts: Mapping[int, str] | None = None) -> list[Highlight]:
    """Every highlight of one article, sorted by start then longest first.

    ``colour_of`` maps an entity type to its codebook colour; ``type_label`` to
    the name a coder reads in a tooltip; ``coder_of`` to the coder named in a
    tooltip ("" names none), so that several coders' spans shown together say whose.
    ``claim_texts`` gives the text of claims not passed in ``claims``, which an
    attribution's tooltip quotes (when only some rows are rebuilt after an edit).
    """
    def name(entity_id: int | None) -> str:
        ent = entities.get(entity_id) if entity_id is not None else None
        return ent.name if ent else "?"

    def by(coder_id: int | None) -> str:
        coder = coder_of(coder_id)
        return f" · {coder}" if coder else ""

    out: list[Highlight] = []

    def add(start, end, fragments, kind, table, row_id, label, colour) -> None:
        """One highlight per piece: a discontinuous span leaves its gap unpainted."""
        for piece_start, piece_end in fragments or ((start, end),):
            out.append(Highlight(piece_start, piece_end, kind, table, row_id, label, colour))

    for m in mentions:
        ent = entities.get(m.entity_id)
        etype = ent.type if ent else "OTHER"
        label = f"Mention of {name(m.entity_id)} ({type_label(etype)}){by(m.coder_id)}"
        add(m.start, m.end, m.fragments, "mention", "mentions", m.id, label, colour_of(etype))
    claim_text: dict[int, str] = {}
    for c in claims:
        claim_text[c.id] = c.text
        who = f" by {name(c.claimant_entity_id)}" if c.claimant_entity_id else ""
        pieces = f" ({len(c.fragments)} pieces)" if c.fragments else ""
        add(c.start, c.end, c.fragments, "claim", "claims", c.id,
            f"Claim{who}{pieces}: {short(c.text)}{by(c.coder_id)}", CLAIM_COLOUR)
    for a in attributions:
        who = name(a.source_entity_id) if a.source_entity_id else (a.source_text or "anonymous")
        quoted = claim_text.get(a.claim_id)
        if quoted is None and claim_texts is not None:
            quoted = claim_texts.get(a.claim_id)
        about = short(quoted or "", 40)
        kind = (a.kind or "attribution").replace("_", " ")
        if _real_span(a.source_start, a.source_end):
            add(a.source_start, a.source_end, a.source_fragments, "source", "attributions",
                a.id, f"Source {who} ({kind}) of “{about}”{by(a.coder_id)}", SOURCE_COLOUR)
        if _real_span(a.cue_start, a.cue_end):
            add(a.cue_start, a.cue_end, a.cue_fragments, "cue", "attributions", a.id,
                f"Cue ({kind}) for {who}: “{about}”{by(a.coder_id)}", CUE_COLOUR)
    out.sort(key=highlight_order)
    return out


def _real_span(start: int | None, end: int | None) -> bool:
    return start is not None and end is not None and end > start


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def style_of(covering: Sequence[Highlight]) -> Style:
    """Combine the highlights covering one segment so that each kind stays visible.

    Mentions paint the background (the innermost, shortest one wins, so a
    nested name shows inside a longer one); claims colour the text; sources and
    cues own the underline, by ``UNDERLINE_PRIORITY``; sources are also bold.
    """
    background = foreground = underline = underline_colour = None
    bold = False
    best_mention = None
    rank = 0
    for h in covering:
        if h.kind == "mention":
            if best_mention is None or h.length < best_mention.length:
                best_mention = h
        elif h.kind == "claim":
            foreground = h.colour
            if rank < UNDERLINE_PRIORITY["single"]:
                underline, underline_colour, rank = "single", h.colour, 1
        elif h.kind == "source":
            bold = True
            if rank < UNDERLINE_PRIORITY["dots"]:
                underline, underline_colour, rank = "dots", h.colour, 2
        elif h.kind == "cue" and rank < UNDERLINE_PRIORITY["wave"]:
            underline, underline_colour, rank = "wave", h.colour, 3
    if best_mention is not None:
        background = best_mention.colour
    return Style(background, foreground, underline, underline_colour, bold)


def segments(highlights: Sequence[Highlight]) -> list[Segment]:
    """Cut overlapping highlights into non-overlapping segments, each with one style.

    A sweep over the sorted boundaries: between two consecutive boundaries the
    set of covering highlights is constant. Adjacent segments of equal style
    are joined so the view paints as few ranges as possible.
    """
    if not highlights:
        return []
    bounds = sorted({b for h in highlights for b in (h.start, h.end)})
    starts: dict[int, list[Highlight]] = {}
    for h in highlights:
        if h.end > h.start:
            starts.setdefault(h.start, []).append(h)
    active: list[Highlight] = []
    out: list[Segment] = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        active = [h for h in active if h.end > left] + starts.get(left, [])
        if not active:
            continue
        style = style_of(active)
        if out and out[-1].end == left and out[-1].style == style:
            out[-1] = Segment(out[-1].start, right, style)
        else:
            out.append(Segment(left, right, style))
    return out


class HighlightIndex:
    """Answers "what is coded at this offset?" for tooltips and clicks."""

    def __init__(self, highlights: Sequence[Highlight]) -> None:
        self._items = sorted(highlights, key=lambda h: (h.start, h.end))
        self._starts = [h.start for h in self._items]
        self._longest = max((h.length for h in self._items), default=0)

    def at(self, offset: int) -> list[Highlight]:
        """Highlights covering the character at ``offset``, innermost first."""
        lo = bisect_left(self._starts, offset - self._longest)
        hi = bisect_right(self._starts, offset)
        hits = [h for h in self._items[lo:hi] if h.start <= offset < h.end]
        kind_order = {"cue": 0, "source": 1, "mention": 2, "claim": 3}
        hits.sort(key=lambda h: (h.length, kind_order.get(h.kind, 9)))
        return hits

    def tooltip(self, offset: int) -> str:
        return "\n".join(h.label for h in self.at(offset))


class SpanSet:
    """Answers "does [start, end) overlap any of these spans?" in O(log n).

    The suggestions ask it for every candidate against every coded span after
    each edit; a linear scan made that quadratic (seconds in a long article).
    Sorted by start with the running maximum of the ends: a span overlaps one of
    those that start before its end exactly when the largest of their ends
    passes its start.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        reach, self._reach = -1, []
        for _, e in ordered:
            reach = e if e > reach else reach
            self._reach.append(reach)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self._starts, end)
        return k > 0 and self._reach[k - 1] > start


def nearest_claim(claims: Sequence[Claim], start: int, end: int,
                  text: str | None = None) -> Claim | None:
    """The claim overlapping a selection, else the one closest to it.

    A source's cue usually sits right before or after the quoted claim
    ("..., the officer said"), so distance to the nearer edge decides; given the
    article's ``text``, a claim in the selection's paragraph comes before any across
    a line break ("…militants, an officer told ARA News." is the bombing's cue, not
    the quotation that opens the next paragraph 12 characters on).
    """
    best, best_key = None, None
    for c in claims:
        if c.start < end and start < c.end:
            gap = (start, start)
        else:
            gap = (end, c.start) if c.start >= end else (c.end, start)
        crosses = text is not None and text.find("\n", gap[0], gap[1]) != -1
        key = (crosses, gap[1] - gap[0])
        if best_key is None or key < best_key:
            best, best_key = c, key
    return best


def attribution_depths(attributions: Iterable[Attribution]) -> dict[int, int]:
    """How deep each attribution sits in its source chain (0 = outermost)."""
    parent = {a.id: a.parent_attribution_id for a in attributions}
    depths: dict[int, int] = {}
    for aid in parent:
        depth, cursor, seen = 0, parent[aid], {aid}
        while cursor is not None and cursor in parent and cursor not in seen:
            seen.add(cursor)
            depth += 1
            cursor = parent[cursor]
        depths[aid] = depth
    return depths


def counted(n: int, noun: str) -> str:
    """ "1 claim", "2 claims", "0 claims", "3 entities": a count, its noun in the right number."""
    return f"{n:,} {noun if n == 1 else plural(noun)}"


def plural(noun: str) -> str:
    """The plural of a noun the program counts: "entity" -> "entities", "span" -> "spans"."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return noun[:-1] + "ies"
    return noun + "s"


def singular(noun: str) -> str:
    """The singular of a table's name: "entities" -> "entity", "claims" -> "claim"."""
    return noun[:-3] + "y" if noun.endswith("ies") else noun.removesuffix("s")


def right_to_left(text: str, sample: int = 20_000) -> bool:
    """Whether the text is mostly in a right-to-left script (Arabic, Hebrew...).

    The article's base direction follows its dominant script, counted over the
    strong characters of its first ``sample`` characters; a paragraph's first
    letter does not decide it (an English paragraph that begins with an Arabic
    name stays left to right).
    """
    import unicodedata

    text = text[:sample]
    # Of ASCII, only the letters are strong (left to right): counted by the regex
    # engine, so a Python loop sees only the other characters (most of an Arabic
    # text, a few of an English one, where the loop over all took ~2 ms at opening).
    rtl, ltr = 0, len(text) - len(_ASCII_LETTERS.sub("", text))
    for ch in _ASCII.sub("", text):
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            ltr += 1
        elif kind in ("R", "AL"):
            rtl += 1
    return rtl > ltr


def word_hits(text: str, query: str, limit: int = 500) -> list[tuple[int, int]]:
    """Where the words of a search query occur in ``text``, as the full-text search reads
    them (``annotator.search_words``): whole words, any case, and the word being typed as
    the start of a word ("gov" finds "Government's")."""
    from annotator.search_words import highlight_pattern, search_terms  # with the first search
    pattern = highlight_pattern(search_terms(query))
    if pattern is None:
        return []
    return [m.span() for _, m in zip(range(limit), pattern.finditer(text), strict=False)]
