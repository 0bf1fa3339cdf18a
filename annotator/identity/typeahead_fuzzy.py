"""The fuzzy tier's pool of candidates, from postings in the file plus a few newer names.

The exact, prefix and word tiers are answered by the name index in the project file
(``annotator.store.name_index``); the fuzzy tier needs, for every name, how many
trigrams it shares with the query. The file keeps trigram postings for its names up
to a mark (``annotator.store.name_grams``); the names written since (new entities,
renamed ones: rows are rewritten, never updated) are few, and this module holds
their postings in memory (:class:`TrigramPool`), rebuilt in milliseconds when they
change. :func:`best_pool` picks the strings sharing the most trigrams from both, as
one index over all names would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from annotator.identity.trigrams import (
    FUZZY_POOL,
    gram_text,
    query_codes,
    shared_counts,
    top_by_count,
    trigram_index,
)

#: Rows of postings one fuzzy query reads and counts at most (the rarer trigrams first).
COUNT_BUDGET = 64_000


class TrigramPool:
    """A few names (row ids, types, normalised strings) and their trigram postings."""

    def __init__(self, ids: Sequence[int], types: Sequence[str], strings: list[str]) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        self.type_names = sorted(set(types))
        code = {t: k for k, t in enumerate(self.type_names)}
        self.types = np.fromiter((code[t] for t in types), dtype=np.int32, count=len(types))
        self.strings = strings
        self.gram_codes, self.gram_starts, self.postings = trigram_index(strings)

    def __len__(self) -> int:
        return len(self.strings)

    def counts(self, codes: np.ndarray, entity_type: str | None) -> tuple[np.ndarray, np.ndarray]:
        """(positions, shared trigram counts) of the names of the type sharing any of ``codes``."""
        shared = shared_counts(codes, self.gram_codes, self.gram_starts, self.postings,
                               len(self.strings))
        if shared is None:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        if entity_type is not None:
            kind = self.type_names.index(entity_type) if entity_type in self.type_names else -1
            shared[self.types != kind] = 0
        positions = np.flatnonzero(shared)
        return positions, shared[positions]


class FileGrams(Protocol):
    """The trigram postings kept in the project file (``store.name_grams``), bound to a type."""

    def sizes(self, codes: list[int]) -> dict[int, int]:
        """{code: how many rows its postings list}, without reading them."""

    def lists(self, codes: list[int]) -> list[np.ndarray]:
        """The postings of these codes: sorted row ids (rows deleted since still in)."""

    def names(self, ids: list[int]) -> dict[int, str]:
        """{row id: normalised string} of those rows that still exist."""


def best_pool(q: str, file: FileGrams, newer: TrigramPool,
              entity_type: str | None) -> list[tuple[int, str]]:
    """(row id, string) of the ``FUZZY_POOL`` names sharing the most trigrams with ``q``.

    From the file, the postings of the query's rarer trigrams are read and counted,
    shortest first, up to ``COUNT_BUDGET`` rows in all; the common trigrams beyond the
    budget (at 1M names "al " lists a third of them) are not read, but counted from the
    strings of the ``2 * FUZZY_POOL`` names the rare ones rank best. Within the budget
    (every project of up to ~100,000 names, and most queries on bigger ones) the count
    is exact, as :class:`TrigramPool` and the in-memory index make it. Together with
    the best of ``newer`` (the names written since the postings) they hold the best of
    all names; rows the file's postings name but that were deleted since are skipped.
    """
    codes = query_codes(q).tolist()
    sizes = file.sizes(codes)
    rare: list[int] = []
    total = 0
    for code in sorted(sizes, key=sizes.__getitem__):
        if rare and total + sizes[code] > COUNT_BUDGET:
            break
        rare.append(code)
        total += sizes[code]
    taken = set(rare)
    common = [gram_text(code) for code in sizes if code not in taken]
    found: list[tuple[int, int, str]] = []  # (count, row id, string)
    lists = file.lists(rare) if rare else []
    if lists:
        ids, counts = np.unique(np.concatenate(lists), return_counts=True)
        k = FUZZY_POOL * (2 if common else 1)
        while True:
            top = top_by_count(counts, ids, k)
            names = file.names(ids[top].tolist())
            found = [(n + sum(g in f"  {names[i]} " for g in common), i, names[i])
                     for n, i in zip(counts[top].tolist(), ids[top].tolist(), strict=True)
                     if i in names]
            if len(found) >= FUZZY_POOL or len(top) == len(ids):
                break
            k *= 4  # rows deleted since the postings were written took places: look further
    positions, shared = newer.counts(np.asarray(codes, dtype=np.int64), entity_type)
    found += [(int(n), int(newer.ids[p]), newer.strings[p])
              for p, n in zip(positions.tolist(), shared.tolist(), strict=True)]
    found.sort(key=lambda f: (-f[0], f[1]))
    return [(row_id, text) for _, row_id, text in found[:FUZZY_POOL]]
