"""Both tiers in one search: the likely groups and the possible pairs beyond them.

The possible tier needs the fuzzy neighbours of every name at a lower cutoff
than the likely tier's; comparing once at the lower cutoff and keeping the
likely tier's pairs from that result costs one comparison pass instead of two
(the comparisons are most of the time on 100,000 names).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from annotator.identity.candidates import (
    DuplicateGroup,
    NameItems,
    likely_groups,
    matching_pairs,
    quiet_gc,
    verified,
)
from annotator.identity.possible import FUZZY_CUTOFF, PossiblePair, possible_pairs
from annotator.identity.ranking import Ranker


@dataclass(frozen=True)
class Tiers:
    """``likely``: groups proposed for merging; ``possible``: ranked pairs for review."""

    likely: list[DuplicateGroup]
    possible: list[PossiblePair]


def find_tiers(names: Sequence[str], *, types: Sequence[object] | None = None,
               articles: Sequence[Collection[int]] | None = None,
               exclude: Collection[tuple[int, int]] = (), ranker: Ranker | None = None,
               per_name: int = 3, threshold: int | None = None,
               words: Sequence[Collection[str]] | None = None,
               progress: Callable[[int, int], object] | None = None,
               cancel: Callable[[], bool] | None = None,
               norms: Sequence[str] | None = None) -> Tiers:
    """The likely groups of ``find_duplicate_groups`` and the possible pairs of
    ``possible_pairs`` (less pairs inside a likely group or in ``exclude``);
    ``norms`` as for ``find_duplicate_groups``."""
    with quiet_gc():
        return _tiers(names, types, articles, exclude, ranker, per_name, threshold, words,
                      progress, cancel, norms)


def _tiers(names, types, articles, exclude, ranker, per_name, threshold, words, progress,
           cancel, norms) -> Tiers:
    items = NameItems.build(names, types, norms)
    scored = matching_pairs(items, threshold=min(FUZZY_CUTOFF, threshold or FUZZY_CUTOFF),
                            progress=progress, cancel=cancel, verify=False)
    likely = likely_groups(names, types, items, verified(items, scored, threshold), articles)
    inside = {(x, y) for g in likely for k, x in enumerate(g.indices) for y in g.indices[k + 1:]}
    neighbours = {(min(items.members[x][0], items.members[y][0]),
                   max(items.members[x][0], items.members[y][0])) for x, y in scored}
    possible = possible_pairs(names, types=types, articles=articles,
                              exclude=inside | {(min(a, b), max(a, b)) for a, b in exclude},
                              ranker=ranker, per_name=per_name, neighbours=neighbours,
                              forms=items.name_forms, words=words,
                              cancel=cancel)
    return Tiers(likely, possible)
