"""Typeahead over entity names and aliases: exact, then prefix, then word, then fuzzy.

Pure (no Qt, no SQL) so that the store can serve ``suggest_entities(query)`` from
one index built per change of the entity list, the GUI can call it on every
keystroke, and tests can check the ranking without a database.

Why the tiers: a coder typing "Pesh" wants the entity whose name starts that
way, and among several, the one coded most often; only when prefixes run out
are fuzzy matches ("peshmarga", "army" inside "iraqi army") worth showing.
Aliases count like names, so typing "Daesh" finds ISIL once "Daesh" is an alias.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from annotator.dedup import normalise

FUZZY_CUTOFF = 70  # a fuzzy score below this is noise for a typeahead list
_FUZZY_POOL = 256  # strings sharing most trigrams with the query that WRatio reranks
_END = "\U0010ffff"  # sorts after every character: prefix ranges end at prefix + _END


class SuggestionCandidate(NamedTuple):
    """One entity as the index takes it (a plain tuple of these five works too)."""

    entity_id: int
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mention_count: int = 0


class Suggestion(NamedTuple):
    """One entity offered for a query; ``matched`` is the name or alias that matched.

    ``how`` is "exact", "prefix", "word" (a later word starts with the query) or
    "fuzzy"; ``score`` is 100 except for fuzzy matches (rapidfuzz WRatio).
    """

    entity_id: int
    name: str
    type: str
    mention_count: int
    matched: str
    how: str
    score: int


def rank_suggestions(query: str, candidates: Iterable[Any], limit: int = 10,
                     *, entity_type: str | None = None) -> list[Suggestion]:
    """Best ``limit`` candidates for ``query``; builds an index, so reuse one for many."""
    return SuggestionIndex(candidates).suggest(query, limit, entity_type=entity_type)


class SuggestionIndex:
    """Normalised names and aliases of all entities, precomputed for fast ranking.

    Three views of the same strings: a sorted list (a prefix is one bisect
    range), a sorted list of the string tails that start at an inner word, and a
    trigram index whose hit counts pick the few hundred strings that rapidfuzz's
    WRatio reranks (WRatio over all 100k strings takes ~100 ms; over the pool,
    well under one).
    """

    def __init__(self, candidates: Iterable[Any]) -> None:
        self._entities = [_as_candidate(c) for c in candidates]
        strings: list[str] = []
        texts: list[str] = []
        owner: list[int] = []
        for e, cand in enumerate(self._entities):
            seen: set[str] = set()
            for text in (cand.name, *cand.aliases):
                norm = normalise(text)
                if norm and norm not in seen:
                    seen.add(norm)
                    strings.append(norm)
                    texts.append(text)
                    owner.append(e)
        self._strings, self._texts = strings, texts
        self._owner = np.asarray(owner, dtype=np.int64)
        type_names = sorted({c.type for c in self._entities})
        self._type_code = {t: k for k, t in enumerate(type_names)}
        self._etype = np.asarray([self._type_code[c.type] for c in self._entities], dtype=np.int64)
        by_text = sorted(range(len(strings)), key=strings.__getitem__)
        self._sorted = [strings[s] for s in by_text]
        self._sorted_ids = np.asarray(by_text, dtype=np.int64)
        # One total order for ties (most mentions, then shortest, then alphabetical):
        # a range's best k are then its k smallest ranks, found with argpartition.
        alphabetical = np.empty(len(strings), dtype=np.int64)
        alphabetical[self._sorted_ids] = np.arange(len(strings))
        counts = np.asarray([c.mention_count for c in self._entities], dtype=np.int64)
        lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
        order = np.lexsort((alphabetical, lengths, -counts[self._owner]))
        self._rank = np.empty(len(strings), dtype=np.int64)
        self._rank[order] = np.arange(len(strings))
        tails = sorted(_word_tails(strings))
        self._tails = [t for t, _ in tails]
        self._tail_ids = np.asarray([k for _, k in tails], dtype=np.int64)
        self._gram_codes, self._gram_starts, self._postings = _trigram_index(strings)

    def __len__(self) -> int:
        return len(self._entities)

    def suggest(self, query: str, limit: int = 10, *,
                entity_type: str | None = None) -> list[Suggestion]:
        """Up to ``limit`` entities for ``query``, best first (empty query: most mentioned)."""
        if limit <= 0 or not self._strings:
            return []
        if entity_type is not None and entity_type not in self._type_code:
            return []
        kind = None if entity_type is None else self._type_code[entity_type]
        q = normalise(query)
        found: dict[int, Suggestion] = {}
        lo, hi = bisect_left(self._sorted, q), bisect_left(self._sorted, q + _END)
        hits = self._sorted_ids[lo:hi]
        if q:
            exact = bisect_left(self._sorted, q + "\x00", lo, hi)
            self._take(hits[:exact - lo], "exact", 100, limit, kind, found)
            hits = hits[exact - lo:]
        self._take(hits, "prefix", 100, limit, kind, found)
        if q and len(found) < limit:
            lo, hi = bisect_left(self._tails, q), bisect_left(self._tails, q + _END)
            self._take(self._tail_ids[lo:hi], "word", 100, limit, kind, found)
        if len(q) >= 3 and len(found) < limit:
            self._fuzzy(q, limit, kind, found)
        return list(found.values())

    def _take(self, ids: np.ndarray, how: str, score: int, limit: int, kind: int | None,
              found: dict[int, Suggestion]) -> None:
        """Add the best-ranked new entities among string ids ``ids`` until ``limit``."""
        if kind is not None and len(ids):
            ids = ids[self._etype[self._owner[ids]] == kind]
        k = 2 * limit + 8
        while len(found) < limit and len(ids):
            if len(ids) > k:
                top = ids[np.argpartition(self._rank[ids], k)[:k]]
            else:
                top = ids
            for s in top[np.argsort(self._rank[top], kind="stable")].tolist():
                self._add(s, how, score, found)
                if len(found) >= limit:
                    return
            if len(top) == len(ids):
                return
            k *= 4  # several strings of one entity took places: look further

    def _fuzzy(self, q: str, limit: int, kind: int | None, found: dict[int, Suggestion]) -> None:
        """WRatio over the strings sharing the most trigrams with the query."""
        codes = np.unique(_codes("  " + q))
        at = np.searchsorted(self._gram_codes, codes)
        at = at[at < len(self._gram_codes)]
        at = at[np.isin(self._gram_codes[at], codes)]
        if not len(at):
            return
        postings = np.concatenate([self._postings[self._gram_starts[a]:self._gram_starts[a + 1]]
                                   for a in at.tolist()])
        shared = np.bincount(postings, minlength=len(self._strings))
        if kind is not None:
            shared[self._etype[self._owner] != kind] = 0
        pool = np.flatnonzero(shared)
        if len(pool) > _FUZZY_POOL:
            pool = pool[np.argpartition(-shared[pool], _FUZZY_POOL)[:_FUZZY_POOL]]
        best: dict[int, float] = {}
        for scorer, choices in self._fuzzy_choices(q, pool.tolist()):
            for _, score, s in process.extract(q, choices, scorer=scorer, limit=None,
                                               score_cutoff=FUZZY_CUTOFF):
                best[s] = max(score, best.get(s, 0))
        scored = sorted(best.items(), key=lambda hit: (-round(hit[1]), int(self._rank[hit[0]])))
        for s, score in scored:
            self._add(s, "fuzzy", round(score), found)
            if len(found) >= limit:
                return

    def _fuzzy_choices(self, q: str, pool: list[int]) -> list[tuple[Any, dict[int, str]]]:
        """What the query is compared with: the typed length of each string (a typo
        while typing: "peshmar" ~ "peshmer|ga"), and WRatio against strings at
        least as long as the query (a typo anywhere: "iraqi amry"). WRatio is not
        run on shorter strings, where its partial match would rank "iraq" 90 for
        "iraqi amry"."""
        heads = {s: self._strings[s][:len(q)] for s in pool}
        longer = {s: self._strings[s] for s in pool if len(self._strings[s]) >= len(q)}
        return [(fuzz.ratio, heads), (fuzz.WRatio, longer)]

    def _add(self, s: int, how: str, score: int, found: dict[int, Suggestion]) -> None:
        e = int(self._owner[s])
        if e not in found:
            c = self._entities[e]
            found[e] = Suggestion(c.entity_id, c.name, c.type, c.mention_count,
                                  self._texts[s], how, score)


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


def _word_tails(strings: list[str]) -> list[tuple[str, int]]:
    """(tail, string id) for each inner word: "iraqi army command" -> "army command", "command"."""
    tails = []
    for k, s in enumerate(strings):
        at = s.find(" ")
        while at >= 0:
            tails.append((s[at + 1:], k))
            at = s.find(" ", at + 1)
    return tails


def _codes(text: str) -> np.ndarray:
    """Trigrams of ``text`` as int64 codes (three 21-bit code points)."""
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    return (chars[:-2] << 42) | (chars[1:-1] << 21) | chars[2:]


def _trigram_index(strings: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sorted distinct trigram codes, start of each one's postings, string ids), in numpy.

    Strings are padded with two leading spaces so that the first letters weigh
    most, as they do when typing; the whole list is encoded in one go.
    """
    if not strings:
        return np.empty(0, np.int64), np.zeros(1, np.int64), np.empty(0, np.int64)
    padded = ["  " + s + " " for s in strings]
    joined = "\x00".join(padded)
    codes = _codes(joined)
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    owner = np.repeat(np.arange(len(padded)), [len(p) + 1 for p in padded])[:len(codes)]
    ok = (chars[:-2] != 0) & (chars[1:-1] != 0) & (chars[2:] != 0)
    codes, owner = codes[ok], owner[ok]
    order = np.argsort(codes, kind="stable")  # owners were ascending, and stay so per code
    codes, owner = codes[order], owner[order]
    keep = np.ones(len(codes), dtype=bool)
    keep[1:] = (codes[1:] != codes[:-1]) | (owner[1:] != owner[:-1])
    codes, owner = codes[keep], owner[keep]
    distinct, starts = np.unique(codes, return_index=True)
    return distinct, np.append(starts, len(codes)), owner
