"""Highlights kept per paragraph paint and answer what the whole-article sweep does."""

from __future__ import annotations

import random

from annotator.span_blocks import BlockHighlights
from annotator.spans import Highlight, HighlightIndex, Segment, SpanSet, segments

KINDS = ("mention", "claim", "source", "cue")
COLOURS = ("#ff0000", "#00ff00", "#0000ff", None)


def random_highlights(rng: random.Random, length: int, n: int, first_id: int = 1):
    out = []
    for i in range(n):
        start = rng.randrange(length)
        end = min(length, start + rng.choice((1, 3, 8, 20, 120)))
        kind = rng.choice(KINDS)
        table = {"mention": "mentions", "claim": "claims"}.get(kind, "attributions")
        out.append(Highlight(start, end, kind, table, first_id + i, f"{kind} {i}",
                             rng.choice(COLOURS)))
    return out


def whole_article(highlights, starts, length) -> list[list[Segment]]:
    """The old way: segments over the whole article, cut at paragraph edges."""
    blocks = BlockHighlights(starts, length)
    out = [[] for _ in starts]
    for seg in segments(sorted(highlights, key=lambda h: (h.start, -h.end, h.kind, h.row_id))):
        for b in range(len(starts)):
            first, last = blocks.block_range(b)
            s, e = max(seg.start, first), min(seg.end, last)
            if e > s:
                if out[b] and out[b][-1].end == s and out[b][-1].style == seg.style:
                    out[b][-1] = Segment(out[b][-1].start, e, seg.style)
                else:
                    out[b].append(Segment(s, e, seg.style))
    return out


def test_edits_paint_and_answer_as_a_full_sweep_does():
    rng = random.Random(3)
    length = 2000
    starts = [0] + sorted(rng.sample(range(1, length), 30))
    live = random_highlights(rng, length, 300)
    blocks = BlockHighlights(starts, length, live)
    next_id = 10_000
    for _ in range(60):
        gone = rng.sample(sorted({(h.table, h.row_id) for h in live}), 3)
        new = random_highlights(rng, length, 3, next_id)
        next_id += 3
        dirty = blocks.replace(gone, new)
        live = [h for h in live if (h.table, h.row_id) not in gone] + new
        touched = {b for h in new for b in range(len(starts))
                   if h.start < (starts[b + 1] if b + 1 < len(starts) else length)
                   and h.end > starts[b]}
        assert touched <= dirty
    expected = whole_article(live, starts, length)
    assert [blocks.block_segments(b) for b in range(len(starts))] == expected
    index = HighlightIndex(sorted(live, key=lambda h: (h.start, -h.end, h.kind, h.row_id)))
    for offset in range(length):
        assert blocks.at(offset) == index.at(offset)
    assert sorted(blocks.highlights(), key=repr) == sorted(live, key=repr)


def test_a_highlight_over_a_line_break_covers_it():
    blocks = BlockHighlights([0, 6], 11, [Highlight(3, 8, "claim", "claims", 1, "c")])
    assert [h.row_id for h in blocks.at(5)] == [1]  # the separator between the paragraphs
    assert blocks.block_segments(0)[0][:2] == (3, 5)
    assert blocks.block_segments(1)[0][:2] == (6, 8)


def test_span_set_answers_as_a_scan_does():
    rng = random.Random(5)
    spans = [(s, s + rng.randrange(0, 30)) for s in (rng.randrange(500) for _ in range(80))]
    taken = SpanSet(spans)
    for _ in range(2000):
        a = rng.randrange(520)
        b = a + rng.randrange(0, 25)
        assert taken.overlaps(a, b) == any(s < b and a < e for s, e in spans)
    assert not SpanSet([]).overlaps(0, 10)
