"""The fuzzy tier over names kept elsewhere: trigram postings only, and what changed since.

The exact, prefix and word tiers are answered by the name index in the project file
(``annotator.store.name_index``); only the fuzzy tier needs to count, for every name,
how many trigrams it shares with the query, which an SQL index does not do in a few
milliseconds. So this holds just the trigram postings of the names (numpy arrays,
no per-name Python objects besides the strings), built the first time a fuzzy match
is wanted. Entities changed since the build are hidden in it, and their current names
are counted one by one (:func:`shared_with`), so the pool is what a fresh build would pick.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from annotator.identity.typeahead import FUZZY_POOL, shared_trigrams, shared_with, trigram_index


class TrigramPool:
    """Names (row ids, owning entities, types, normalised strings) and their trigrams."""

    def __init__(self, ids: Sequence[int], owners: Sequence[int], types: Sequence[str],
                 strings: list[str]) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.type_names = sorted(set(types))
        code = {t: k for k, t in enumerate(self.type_names)}
        self.types = np.fromiter((code[t] for t in types), dtype=np.int32, count=len(types))
        self.strings = strings
        self.gram_codes, self.gram_starts, self.postings = trigram_index(strings)
        self.hidden: set[int] = set()  # entities whose names changed since the build
        self._alive: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.strings)

    def hide(self, entity_ids: Collection[int]) -> None:
        """Names of these entities are out of date here (their current ones come as extra)."""
        new = set(entity_ids) - self.hidden
        if not new:
            return
        self.hidden |= new
        if self._alive is None:
            self._alive = np.ones(len(self.strings), dtype=bool)
        self._alive[np.isin(self.owners, np.fromiter(new, dtype=np.int64))] = False

    def pool(self, q: str, entity_type: str | None,
             extra: Sequence[tuple[int, str, str]] = ()) -> list[tuple[int, str]]:
        """(row id, string) of the ``FUZZY_POOL`` strings sharing the most trigrams with
        ``q``: of the indexed ones not hidden and of ``extra`` (row id, type, string)."""
        shared = shared_trigrams(q, self.gram_codes, self.gram_starts, self.postings,
                                 len(self.strings))
        if shared is None:
            shared = np.zeros(len(self.strings), dtype=np.int64)
        if entity_type is not None:
            if entity_type in self.type_names:
                shared[self.types != self.type_names.index(entity_type)] = 0
            else:
                shared[:] = 0
        if self._alive is not None:
            shared[~self._alive] = 0
        at = np.flatnonzero(shared)
        if len(at) > FUZZY_POOL:  # the best of the rest can only come from these
            at = at[np.argpartition(-shared[at], FUZZY_POOL)[:FUZZY_POOL]]
        rows = [(int(self.ids[k]), self.strings[k]) for k in at.tolist()]
        counts = shared[at].tolist()
        for row_id, kind, text in extra:
            if entity_type is None or kind == entity_type:
                n = shared_with(q, text)
                if n:
                    rows.append((row_id, text))
                    counts.append(n)
        if len(rows) > FUZZY_POOL:
            best = np.argpartition(-np.asarray(counts), FUZZY_POOL)[:FUZZY_POOL]
            rows = [rows[k] for k in sorted(best.tolist())]
        return rows
