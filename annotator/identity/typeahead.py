"""Typeahead over entity names and aliases held in memory: exact, prefix, word, fuzzy.

Pure (no Qt, no SQL) so that tests can check the ranking without a database, and a
program can rank candidates it holds (``rank_suggestions``). The store answers from
the name index in the project file instead (``store.typeahead``), through the same
tier merging (:func:`suggest_from`), so both rank alike. The ranking's pieces live in
``identity.suggestions`` (pure Python: what the first keystroke needs) and
``identity.trigrams`` (numpy, rapidfuzz: the fuzzy tier), re-exported here.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from annotator.identity.normalise import normalise
from annotator.identity.suggestions import (
    ALPHA_BITS,
    COUNT_MAX,
    GENERIC_HEADS,
    LEN_MAX,
    LOW_BITS,
    LOW_MASK,
    SURE_TIERS,
    IndexedEntity,
    Suggestion,
    SuggestionCandidate,
    initials_of,
    paused_gc,
    rank_key,
    suggest_from,
    word_tails,
)
from annotator.identity.trigrams import (
    FUZZY_CUTOFF,
    FUZZY_POOL,
    fuzzy_scores,
    shared_trigrams,
    shared_with,
    trigram_index,
)

__all__ = ["FUZZY_CUTOFF", "FUZZY_POOL", "GENERIC_HEADS", "SURE_TIERS", "IndexedEntity",
           "Suggestion", "SuggestionCandidate", "SuggestionIndex", "fuzzy_scores",
           "indexed_entity", "initials_of", "paused_gc", "rank_key", "rank_suggestions",
           "shared_trigrams", "shared_with", "suggest_from", "trigram_index", "word_tails"]
_END = "\U0010ffff"  # sorts after every character: prefix ranges end at prefix + _END


def rank_suggestions(query: str, candidates: Iterable[Any], limit: int = 10,
                     *, entity_type: str | None = None) -> list[Suggestion]:
    """Best ``limit`` candidates for ``query``; builds an index, so reuse one for many."""
    return SuggestionIndex(candidates).suggest(query, limit, entity_type=entity_type)


class SuggestionIndex:
    """Normalised names and aliases of entities, precomputed for fast ranking.

    Three views of the same strings: a sorted list (a prefix is one bisect
    range), a sorted list of the string tails that start at an inner word, and a
    trigram index whose hit counts pick the few hundred strings that rapidfuzz's
    WRatio reranks (WRatio over all 100k strings takes ~100 ms; over the pool,
    well under one).

    Ties are broken by one total order, packed into one int64 per string: most
    mentions, then shortest, then alphabetical, then lowest entity id. Packing
    lets a mention count change in place (:meth:`set_counts`), and entities can
    be hidden (:meth:`hide`) when a newer version of them lives elsewhere.
    """

    def __init__(self, candidates: Iterable[Any] = ()) -> None:
        with paused_gc():
            self._build([indexed_entity(c) for c in candidates])

    @classmethod
    def from_normalised(cls, records: Iterable[IndexedEntity]) -> SuggestionIndex:
        """An index over entities whose names are already normalised (no normalising here)."""
        index = cls.__new__(cls)
        with paused_gc():
            index._build(list(records))
        return index

    def _build(self, records: list[IndexedEntity]) -> None:
        records.sort(key=_entity_id)
        self._eids = np.fromiter(map(_entity_id, records), dtype=np.int64, count=len(records))
        self._names = [r.name for r in records]
        self._type_names = [r.type for r in records]
        type_names = sorted(set(self._type_names))
        self._type_code = {t: k for k, t in enumerate(type_names)}
        strings, texts, owner, first = _flatten(records)
        if len(strings) >= 1 << ALPHA_BITS:
            raise ValueError(f"too many names for one suggestion index: {len(strings):,}")
        self._strings, self._texts, self._first = strings, texts, first
        self._owner = np.asarray(owner, dtype=np.int64)
        etype = np.asarray([self._type_code[t] for t in self._type_names], dtype=np.int64)
        self._stype = etype[self._owner] if len(strings) else np.empty(0, np.int64)
        self._alive: np.ndarray | None = None  # None: no entity hidden
        self._hidden: set[int] = set()  # rows hidden
        by_text = sorted(range(len(strings)), key=strings.__getitem__)  # ties: entity id order
        self._sorted = [strings[s] for s in by_text]
        self._sorted_ids = np.asarray(by_text, dtype=np.int64)
        alphabetical = np.empty(len(strings), dtype=np.int64)
        alphabetical[self._sorted_ids] = np.arange(len(strings))
        lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
        counts = np.asarray([r.mention_count for r in records], dtype=np.int64)
        self._key = (_count_part(counts)[self._owner] << LOW_BITS) \
            | (np.minimum(lengths, LEN_MAX) << ALPHA_BITS) | alphabetical
        self._counts = counts
        tails, tail_ids = _word_tails(strings)
        order = sorted(range(len(tails)), key=tails.__getitem__)  # ties: string id order
        self._tails = [tails[k] for k in order]
        self._tail_ids = np.asarray(tail_ids, dtype=np.int64)[order] if order \
            else np.empty(0, np.int64)
        self._gram_codes, self._gram_starts, self._postings = trigram_index(strings)
        acronyms, acronym_ids = _initials(strings)
        order = sorted(range(len(acronyms)), key=acronyms.__getitem__)
        self._acronyms = [acronyms[k] for k in order]
        self._acronym_ids = np.asarray(acronym_ids, dtype=np.int64)[order] if order \
            else np.empty(0, np.int64)

    def __len__(self) -> int:
        """Entities offered (hidden ones not counted)."""
        return len(self._names) - len(self._hidden)

    def suggest(self, query: str, limit: int = 10, *,
                entity_type: str | None = None) -> list[Suggestion]:
        """Up to ``limit`` entities for ``query``, best first (empty query: most mentioned)."""
        return suggest_from([self], query, limit, entity_type=entity_type)

    # -- changing in place ---------------------------------------------------------
    def hide(self, entity_ids: Iterable[int]) -> None:
        """Never offer these entities again (a newer version of them is indexed elsewhere)."""
        for e in self._positions(entity_ids):
            if e not in self._hidden:
                self._hidden.add(e)
                if self._alive is None:
                    self._alive = np.ones(len(self._strings), dtype=bool)
                self._alive[self._first[e]:self._first[e + 1]] = False

    def set_counts(self, counts: Mapping[int, int]) -> None:
        """New mention counts for some entities; ids this index lacks are ignored."""
        ids = list(counts)
        for e, eid in zip(self._positions(ids, keep_missing=True), ids, strict=True):
            if e < 0:
                continue
            self._counts[e] = counts[eid]
            part = _count_part(np.asarray([counts[eid]], dtype=np.int64))[0]
            span = slice(self._first[e], self._first[e + 1])
            self._key[span] = (self._key[span] & LOW_MASK) | (part << LOW_BITS)

    def _positions(self, entity_ids: Iterable[int], keep_missing: bool = False) -> list[int]:
        """Row of each entity id in this index (-1 for ids it lacks, dropped unless kept)."""
        ids = np.fromiter(entity_ids, dtype=np.int64)
        at = np.searchsorted(self._eids, ids)
        ok = at < len(self._eids)
        ok[ok] = self._eids[at[ok]] == ids[ok]
        if keep_missing:
            return np.where(ok, at, -1).tolist()
        return at[ok].tolist()

    # -- one tier of one query -------------------------------------------------------
    def offers(self, tier: str, q: str, need: int, entity_type: str | None,
               taken: Mapping[int, Any]) -> list[tuple[tuple, Suggestion]]:
        """This index's best ``need`` entities for one tier, not in ``taken``, with sort keys.

        The keys compare across indexes: (mention rank and length, string,
        entity id), with the negated fuzzy score in front for the fuzzy tier.
        """
        if not self._strings or (entity_type is not None and entity_type not in self._type_code):
            return []
        kind = None if entity_type is None else self._type_code[entity_type]
        if tier == "fuzzy":
            return self._fuzzy(q, need, kind, taken)
        if tier == "word":
            lo, hi = bisect_left(self._tails, q), bisect_left(self._tails, q + _END)
            ids = self._tail_ids[lo:hi]
        elif tier == "acronym":
            if not (2 <= len(q) <= 7 and q.isalpha()):
                return []
            lo, hi = bisect_left(self._acronyms, q), bisect_left(self._acronyms, q + "\x00")
            ids = self._acronym_ids[lo:hi]
        elif tier == "head":
            core, _, last = q.rpartition(" ")
            if not core or last not in GENERIC_HEADS:
                return []
            lo, hi = bisect_left(self._sorted, core), bisect_left(self._sorted, core + _END)
            ids = self._sorted_ids[lo:hi]
        else:
            lo, hi = bisect_left(self._sorted, q), bisect_left(self._sorted, q + _END)
            exact = bisect_left(self._sorted, q + "\x00", lo, hi) if q else lo
            ids = self._sorted_ids[lo:exact] if tier == "exact" else self._sorted_ids[exact:hi]
        return [(self._rank_key(s), self._suggestion(s, tier, 100))
                for s in self._best(self._usable(ids, kind), need, taken)]

    def _usable(self, ids: np.ndarray, kind: int | None) -> np.ndarray:
        """String ids of the wanted type whose entity is not hidden."""
        if kind is not None and len(ids):
            ids = ids[self._stype[ids] == kind]
        if self._alive is not None and len(ids):
            ids = ids[self._alive[ids]]
        return ids

    def _best(self, ids: np.ndarray, need: int, taken: Mapping[int, Any]) -> list[int]:
        """The best-ranked string of each of the best ``need`` entities not yet taken."""
        k = 2 * need + 8
        while True:
            top = ids[np.argpartition(self._key[ids], k)[:k]] if len(ids) > k else ids
            picked: list[int] = []
            seen: set[int] = set()
            for s in top[np.argsort(self._key[top])].tolist():
                eid = int(self._eids[self._owner[s]])
                if eid not in taken and eid not in seen:
                    seen.add(eid)
                    picked.append(s)
                    if len(picked) == need:
                        return picked
            if len(top) == len(ids):
                return picked
            k *= 4  # several strings of one entity, or taken ones, filled places: look further

    def _fuzzy(self, q: str, need: int, kind: int | None,
               taken: Mapping[int, Any]) -> list[tuple[tuple, Suggestion]]:
        """WRatio over the strings sharing the most trigrams with the query."""
        shared = shared_trigrams(q, self._gram_codes, self._gram_starts, self._postings,
                                 len(self._strings))
        if shared is None:
            return []
        if kind is not None:
            shared[self._stype != kind] = 0
        if self._alive is not None:
            shared[~self._alive] = 0
        pool = np.flatnonzero(shared)
        if len(pool) > FUZZY_POOL:
            pool = pool[np.argpartition(-shared[pool], FUZZY_POOL)[:FUZZY_POOL]]
        best = fuzzy_scores(q, {s: self._strings[s] for s in pool.tolist()})
        scored = sorted(((-round(score), self._rank_key(s)), s) for s, score in best.items())
        out: list[tuple[tuple, Suggestion]] = []
        seen: set[int] = set()
        for key, s in scored:
            eid = int(self._eids[self._owner[s]])
            if eid not in taken and eid not in seen:
                seen.add(eid)
                out.append((key, self._suggestion(s, "fuzzy", -key[0])))
                if len(out) == need:
                    break
        return out

    def _rank_key(self, s: int) -> tuple[int, str, int]:
        """String ``s``'s place in the tie order, comparable with other indexes' keys."""
        return (int(self._key[s]) >> ALPHA_BITS, self._strings[s],
                int(self._eids[self._owner[s]]))


    def _suggestion(self, s: int, how: str, score: int) -> Suggestion:
        e = int(self._owner[s])
        return Suggestion(int(self._eids[e]), self._names[e], self._type_names[e],
                          int(self._counts[e]), self._texts[s], how, score)



def _as_candidate(record: Any) -> SuggestionCandidate:
    """A SuggestionCandidate from a tuple or a ``Store.entity_summaries()`` row."""
    if isinstance(record, SuggestionCandidate):
        return record
    if not isinstance(record, tuple) and isinstance(record, Mapping):
        return SuggestionCandidate(
            record["id"] if "id" in record else record["entity_id"], record["name"],
            record["type"], tuple(record.get("aliases") or ()),
            int(record.get("mentions", record.get("mention_count", 0)) or 0))
    entity_id, name, kind, aliases, count = record
    return SuggestionCandidate(entity_id, name, kind, tuple(aliases or ()), int(count or 0))



def indexed_entity(record: Any) -> IndexedEntity:
    """An :class:`IndexedEntity` from anything :class:`SuggestionIndex` takes (normalising)."""
    c = _as_candidate(record)
    return IndexedEntity(c.entity_id, c.name, c.type, c.mention_count,
                         tuple((text, normalise(text)) for text in (c.name, *c.aliases)))


def _entity_id(record: IndexedEntity) -> int:
    return record.entity_id


def _flatten(records: list[IndexedEntity]) -> tuple[list[str], list[str], list[int], list[int]]:
    """(normalised strings, their texts, owning row, first string of each row): each
    entity's distinct non-empty normalised names, its name first, rows contiguous."""
    strings: list[str] = []
    texts: list[str] = []
    owner: list[int] = []
    first: list[int] = []
    for e, record in enumerate(records):
        first.append(len(strings))
        names = record.names
        if len(names) == 1:
            text, norm = names[0]
            if norm:
                strings.append(norm)
                texts.append(text)
                owner.append(e)
            continue
        seen: set[str] = set()
        for text, norm in names:
            if norm and norm not in seen:
                seen.add(norm)
                strings.append(norm)
                texts.append(text)
                owner.append(e)
    first.append(len(strings))
    return strings, texts, owner, first


def _count_part(counts: np.ndarray) -> np.ndarray:
    """The high bits of the tie key: fewer mentions, bigger number (sorts later)."""
    return COUNT_MAX - np.clip(counts, 0, COUNT_MAX)


def _word_tails(strings: list[str]) -> tuple[list[str], list[int]]:
    """(tails, string ids) of each inner word of every string (see :func:`word_tails`)."""
    tails: list[str] = []
    ids: list[int] = []
    for k, s in enumerate(strings):
        for tail in word_tails(s):
            tails.append(tail)
            ids.append(k)
    return tails, ids


def _initials(strings: list[str]) -> tuple[list[str], list[int]]:
    """(initials, string ids) of names of two words or more (see :func:`initials_of`)."""
    out: list[str] = []
    ids: list[int] = []
    for k, s in enumerate(strings):
        for letters in initials_of(s):
            if letters is not None:
                out.append(letters)
                ids.append(k)
    return out, ids
