"""Which entity a phrase names: the name it ends with.

A source phrase holds more than its name ("Peshmerga officer Nechirvan Mirani",
"the Iraqi Army General Command", "army officer Eli Saddi"), and the name that
ends it is the head of the phrase: Mirani speaks, not the Peshmerga. S on a
selected source, S on a cue whose source follows it ("According to the
Command, …") and A on a suggested cue all ask this of a span, first of the
coded mentions (what the coder linked), then of the known names only suggested
there; one function answers all three, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class Named(Protocol):
    """A span that names an entity: a coded ``Mention`` or a ``MentionProposal``."""

    start: int
    end: int
    entity_id: int


N = TypeVar("N", bound=Named)


def name_ending(start: int, end: int, names: Iterable[N]) -> N | None:
    """Of ``names`` lying wholly inside ``[start, end)``, the one that ends last; of
    those ending together the longest ("Iraqi Army General Command" over "General
    Command" in the same place), and of equals the first. None if none lies inside."""
    best: N | None = None
    for name in names:
        if start <= name.start and name.end <= end and (
                best is None or (name.end, -name.start) > (best.end, -best.start)):
            best = name
    return best
