"""What a selection under S most likely is: a source, a cue, or the claim itself.

The S popup preselects a role so that S then Enter does the usual thing. A guess
from the coded mentions alone calls every name not yet coded an entity a cue
("the Command" under S became a second, anonymous attribution); a guess from the
words alone calls "the United States" a cue ("states"). So the words are read in
their sentence, by the same cue scorer the suggestions use, and the claim's coding
so far breaks the tie: when its voice has a cue but no source, the next selection
is most likely that source.

A selection that is the claim's own text names no voice at all: the claim is the
outlet's own voice ("ISIL militants are now spread thin"), an attribution of kind
``unattributed`` with no span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotator.assist.cue_model import cue_spans

Span = tuple[int, int]

SOURCE, CUE, OUTLET = "source", "cue", "outlet"

CLAIM_COVER = 0.8
"""Share of a claim's text a selection must cover to be taken as the claim itself."""

def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def selection_role(body: str, span: Span, *, mentions: Iterable[Span] = (),
                   claim: Span | None = None, voice_lacks_source: bool = False) -> str:
    """``SOURCE``, ``CUE`` or ``OUTLET`` for the selection ``span`` of ``body``.

    ``mentions`` are the coded mention spans, ``claim`` the span of the claim the
    popup preselects, ``voice_lacks_source`` whether that claim has an attribution
    with a cue and no source yet.
    """
    start, end = span
    text = body[start:end]
    inside = [m for m in mentions if start <= m[0] and m[1] <= end]
    if any(m == span for m in inside) or (inside and len(text.split()) <= 6):
        return SOURCE
    # the cues of the selection's paragraph only: scoring a 400,000-character article
    # took a second per S
    top = body.rfind("\n", 0, start) + 1
    bottom = body.find("\n", end)
    bottom = len(body) if bottom == -1 else bottom
    cues = [(a + top, b + top) for a, b in cue_spans(body[top:bottom])
            if _overlap((a + top, b + top), span)]
    if claim is not None and claim[1] > claim[0] \
            and _overlap(claim, span) >= CLAIM_COVER * (claim[1] - claim[0]) \
            and not any(_overlap(c, claim) < _overlap(c, span) for c in cues):
        return OUTLET  # the claim's words and no cue outside them
    if cues:
        return CUE
    if voice_lacks_source or len(text.split()) <= 6:
        return SOURCE  # a few words that say nothing: who says it
    return CUE


_ACCORDING = re.compile(r"\baccording\s+to\b", re.IGNORECASE)
_OPENING, _CLOSING = "“\"«‘„", "”\"»’"
_ENDS_ACCORDING = re.compile(r"\baccording\s+to\s*$", re.IGNORECASE)
_PHRASE_END = re.compile(r"[,;:.!?\n“”\"«»]")


def source_after_cue(body: str, span: Span) -> Span | None:
    """Where the source of a cue that opens its source's phrase lies: for a selection
    ending in "according to", the words after it up to the next comma, full stop or
    quote mark ("According to the Iraqi Army General Command, more than …"; "…, according
    to an official."), trimmed; else None. The S popup looks there for the name it
    proposes as the source: the selected cue said nothing of who, and the source field
    stayed empty although the name, coded or known, stood right after it."""
    start, end = span
    if not _ENDS_ACCORDING.search(body[start:end]):
        return None
    stop = _PHRASE_END.search(body, end)
    stop_at = len(body) if stop is None else stop.start()
    words = body[end:stop_at]
    left = end + len(words) - len(words.lstrip())
    right = end + len(words.rstrip())
    return (left, right) if right > left else None



def selection_kind(body: str, span: Span, role: str, claim: Span | None) -> str:
    """The attribution kind the S popup preselects for this selection: ``unattributed``
    for the outlet's own voice, ``according_to`` when "according to" is the cue or
    stands just before the source, ``direct_quote`` when the claim's words are quoted,
    else ``indirect`` (reported speech: "Eli Saddi told ARA News that ...")."""
    if role == OUTLET:
        return "unattributed"
    start, end = span
    # "According to Peshmerga officer Nechirvan Mirani": the cue opens the source's phrase
    phrase = re.split(r"[.,;:!?\n“”\"]", body[max(0, start - 60):start])[-1]
    if _ACCORDING.search(body[start:end]) or _ACCORDING.search(phrase):
        return "according_to"
    if claim is not None and _quoted(body, claim):
        return "direct_quote"
    return "indirect"


def _quoted(body: str, claim: Span) -> bool:
    """Whether a quote mark opens right before the claim's words or closes right after."""
    start, end = claim
    before = body[max(0, start - 3):start].rstrip()
    after = body[end:end + 3].lstrip(",.;:!? ")
    return bool(before) and before[-1] in _OPENING or bool(after) and after[0] in _CLOSING
