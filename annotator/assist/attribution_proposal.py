"""What an attribution proposal is, apart from the rules that find one (``attributions``).

The window names these types the moment it opens an article (to tell a cue
from a name among its suggestions); the rules, with their patterns and the cue
model, load only when the cues are first looked for, after the first paint.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class AttributionProposal:
    """A cue, and the source and content it probably joins (None when not found)."""

    cue: Span
    source: Span | None
    content: Span | None
    kind: str  # direct_quote, indirect or according_to (the default codebook's keys)
