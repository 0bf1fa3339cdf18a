"""Chains of voices: which attribution of a claim is the outer one.

"... Karama," the Iraqi Army General Command said in a statement, ARA News
reported. One quote, two cues: the Command said it, and ARA News reports that
the Command said it. The cue nearer the quoted words is the inner voice; each
cue farther out nests the nearer ones ("ARA News reported that the Command
said ..." reads the same way from the other side). The window uses this to
nest an accepted cue in the right place and to preselect "Nested in".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

Span = tuple[int, int]


def distance(cue: Span, content: Span) -> int:
    """Characters between a cue and the words it reports (0 when they touch or overlap)."""
    if cue[0] >= content[1]:
        return cue[0] - content[1]
    if cue[1] <= content[0]:
        return content[0] - cue[1]
    return 0


@dataclass(frozen=True)
class Voice:
    """An attribution already coded on the claim: its id, where it sits, its parent."""

    attribution_id: int
    at: Span  # its cue, else its source
    parent_id: int | None


@dataclass(frozen=True)
class Placement:
    """Where a new voice goes: its parent, and the coded voice that now nests in it."""

    parent_id: int | None
    renest: int | None  # the coded voice to nest in the new one (its id is not known yet)
    outer: bool  # the new voice reports another voice of the same claim


def place(new: Span, content: Span, voices: list[Voice]) -> Placement:
    """Put a new voice (cue or source span) into the claim's chain by distance.

    Its parent is the nearest voice farther out than it; the nearest voice
    farther in, if it was nested in that same parent, now nests in the new one.
    Voices that are not in one chain (two separate sources of one claim) keep
    their parents: only a voice whose parent is the new one's parent moves.
    """
    d = distance(new, content)
    farther = [v for v in voices if distance(v.at, content) > d]
    nearer = [v for v in voices if distance(v.at, content) <= d]
    parent = min(farther, key=lambda v: distance(v.at, content)).attribution_id \
        if farther else None
    inner = max(nearer, key=lambda v: distance(v.at, content)) if nearer else None
    renest = None
    if inner is not None and inner.parent_id == parent:
        renest = inner.attribution_id
    return Placement(parent, renest, outer=inner is not None)


def voices_of(attributions, claim_id: int) -> list[Voice]:
    """A claim's coded voices (``model.Attribution`` rows), each at its cue, else its source."""
    out = []
    for a in attributions:
        if a.claim_id != claim_id:
            continue
        at = (a.cue_start, a.cue_end) if a.cue_start is not None else (a.source_start,
                                                                      a.source_end)
        if at[0] is not None:
            out.append(Voice(a.id, at, a.parent_attribution_id))
    return out


def chained(proposals: list) -> list:
    """Proposals with the outer voices of a shared content re-kinded as reported speech.

    The rules give each cue the kind of its own pattern, so "..., ARA News
    reported" after a quote reads as a direct quote; but ARA News quotes nobody
    directly, it reports what the nearer voice said.
    """
    out = list(proposals)
    for i, p in enumerate(out):
        if p.content is None or p.kind != "direct_quote":
            continue
        content = (p.content.start, p.content.end)
        mine = distance((p.cue.start, p.cue.end), content)
        if any(q is not p and q.content is not None
               and q.content.start < content[1] and content[0] < q.content.end
               and distance((q.cue.start, q.cue.end), content) < mine for q in proposals):
            out[i] = replace(p, kind="indirect")
    return out


def claimant_after(claimant_id: int | None, source_id: int | None, placed: Placement,
                   attributions) -> int | None:
    """The claimant a claim takes when a voice whose source is ``source_id`` is placed in
    its chain, or None to leave it as it is.

    The claimant is the claim's direct source: the innermost voice's entity ("the
    General Command", not "ARA News" that relays it). A new innermost voice gives the
    claim its source as claimant when the claim has none, or when the claimant was the
    source of the voice it now nests in (set from that voice while it was innermost);
    a claimant the coder chose otherwise stays, and an outer voice changes nothing.
    """
    if source_id is None or placed.outer or claimant_id == source_id:
        return None
    parent_source = next((a.source_entity_id for a in attributions
                          if a.id == placed.parent_id), None) \
        if placed.parent_id is not None else None
    if claimant_id is None or claimant_id == parent_source:
        return source_id
    return None
