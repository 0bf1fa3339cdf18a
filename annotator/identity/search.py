"""Both tiers in one search: the likely groups and the possible pairs beyond them.

The possible tier needs the fuzzy neighbours of every name at a lower cutoff
than the likely tier's; comparing once at the lower cutoff and keeping the
likely tier's pairs from that result costs one comparison pass instead of two
(the comparisons are most of the time on 100,000 names).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from annotator.identity.candidates import (
    DuplicateGroup,
    NameItems,
    likely_groups,
    matching_pairs,
    quiet_gc,
    verified,
)
from annotator.identity.possible import (
    FUZZY_CUTOFF,
    IndexPairs,
    PossiblePair,
    pair_arrays,
    possible_pairs,
    within_blocks,
)
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
    possible = possible_pairs(names, types=types, articles=articles,
                              exclude=_excluded(likely, exclude),
                              ranker=ranker, per_name=per_name,
                              neighbours=_neighbours(items, scored),
                              forms=items.name_forms, words=words, cancel=cancel)
    return Tiers(likely, possible)


def _excluded(likely: Sequence[DuplicateGroup],
              exclude: Collection[tuple[int, int]]) -> IndexPairs:
    """Pairs of names inside one likely group, and the pairs to exclude, as arrays."""
    sizes = np.fromiter((len(g.indices) for g in likely), dtype=np.int64, count=len(likely))
    group = np.repeat(np.arange(len(likely)), sizes)
    members = np.fromiter(chain.from_iterable(g.indices for g in likely), dtype=np.int64,
                          count=int(sizes.sum()))
    x, y = within_blocks(group, members, group, members, once=True)
    u, v = pair_arrays(exclude)
    return np.concatenate([x, np.minimum(u, v)]), np.concatenate([y, np.maximum(u, v)])


def _neighbours(items: NameItems, scored: dict[tuple[int, int], int]) -> IndexPairs:
    """The scored item pairs as pairs of the items' first names (a < b)."""
    first = np.fromiter((m[0] for m in items.members), dtype=np.int64, count=len(items.members))
    flat = np.fromiter(chain.from_iterable(scored), dtype=np.int64, count=2 * len(scored))
    x, y = first[flat[0::2]], first[flat[1::2]]
    return np.minimum(x, y), np.maximum(x, y)
