"""Growing a selection to the next unit a coder codes: word, quotation, clause, sentence.

Coders select spans by dragging, which is slow and imprecise with a keyboard:
one key grows the selection to the word around the cursor, then to the
quotation it sits in (between quote marks, without them and without the comma
or full stop that closes the quoted words: “…Karama,” gives what the suggestions
give as its content), then the clause (between commas, semicolons, colons or
dashes, without the quote marks and the full stop at its edges), the sentence,
and the paragraph. Each step returns a span strictly larger than the last, so
pressing the key again always moves on, up to the paragraph: no coder codes a
whole article, so a one-sentence paragraph stops there instead of jumping to
all the text. Shrinking back is the caller's stack of earlier selections.
Offsets are ``str`` indices into the body.

Sentences are sentencex's (Wikimedia's segmenter): a full stop after "U.S.",
"Mr." or "3 a.m." does not end one, where a plain punctuation rule ended it there
and gave a suggested cue "Army" as the source of "Officials in the U.S. Army
said". Each paragraph is segmented once and kept, since the suggestions ask for
the sentence of every cue in it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from sentencex import get_sentence_boundaries

_WORD = re.compile(r"[\w’'\-]+")
_QUOTES = {"“": "”", "‘": "’", '"': '"', "«": "»", "„": "“"}
_CLOSING_MARKS = ",;:."
_OPENING_MARKS = "“‘\"«„"
_END_MARKS = ".,;:!?”’\"»"
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;:()\u2013\u2014]|\s-\s")  # not "2,000"
_LANGUAGE = "en"  # the articles' language: sentencex's rules for English abbreviations


def grow(text: str, start: int, end: int) -> tuple[int, int]:
    """The smallest unit that holds [start, end) and is larger than it; [start, end)
    itself when it is a paragraph already (or more)."""
    for unit in (_word, _quotation, _clause, _sentence, _paragraph):
        span = unit(text, start, end)
        if span is None:
            continue
        span = _trim(text, *span)
        if span[0] <= start and end <= span[1] and span != (start, end):
            return span
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _word(text: str, start: int, end: int) -> tuple[int, int] | None:
    for m in _WORD.finditer(text, max(0, start - 200), min(len(text), end + 200)):
        if m.start() <= start and end <= m.end():
            return m.start(), m.end()
    return None


def _quotation(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The inside of the nearest quote marks around the span, in its paragraph."""
    para_start, para_end = _paragraph(text, start, end)
    best = None
    for i in range(start - 1, para_start - 1, -1):
        closing = _QUOTES.get(text[i])
        if closing is None:
            continue
        j = text.find(closing, max(end, i + 1), para_end)
        if j != -1 and (best is None or j - i < best[1] - best[0]):
            inner_end = j
            while inner_end > max(end, i + 1) and text[inner_end - 1] in _CLOSING_MARKS:
                inner_end -= 1  # “…Karama,” the Command said: the words, not the comma
            best = (i + 1, inner_end)
            break
    return best


def _clause(text: str, start: int, end: int) -> tuple[int, int] | None:
    s_start, s_end = _sentence(text, start, end)
    left = s_start
    for m in _CLAUSE_BREAK.finditer(text, s_start, start):
        left = m.end()
    m = _CLAUSE_BREAK.search(text, end, s_end)
    right = m.start() if m else s_end
    # the words, not the marks at their edges: “Subsequent ... Karama,” and "... 17th."
    while left < right and (text[left].isspace() or text[left] in _OPENING_MARKS):
        left += 1
    while right > left and (text[right - 1].isspace() or text[right - 1] in _END_MARKS):
        right -= 1
    return left, right


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    p_start, p_end = _paragraph(text, start, end)
    spans = _sentences(text[p_start:p_end])
    starts = [s for s, _ in spans]
    first = max(bisect_right(starts, start - p_start) - 1, 0)  # the sentence of start
    last = max(bisect_left(starts, max(end, start + 1) - p_start) - 1, first)  # of end
    left, right = p_start + spans[first][0], p_start + spans[last][1]
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, max(right, end)


@lru_cache(maxsize=1024)
def _sentences(paragraph: str) -> tuple[tuple[int, int], ...]:
    """The sentences of one paragraph as [start, end) offsets into it (with the white
    space that follows each)."""
    return tuple((b["start_index"], b["end_index"])
                 for b in get_sentence_boundaries(_LANGUAGE, paragraph)) or ((0, len(paragraph)),)


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right == -1 else right


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end), trimmed of white space."""
    return _trim(text, *_sentence(text, start, end))
