"""Trigram codes and counts for the typeahead's fuzzy tier, and its rapidfuzz scoring.

A fuzzy match is looked for among the few hundred strings sharing the most trigrams
with the query (``FUZZY_POOL``), which rapidfuzz then scores: WRatio over every one
of 100,000 strings takes ~100 ms, over the pool well under one. The codes are shared
by the in-memory index (``identity.typeahead``), the pool of recent changes
(``identity.typeahead_fuzzy``) and the postings kept in the project file
(``store.name_grams``), so all three count alike.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from rapidfuzz import fuzz, process

FUZZY_CUTOFF = 70  # a fuzzy score below this is noise for a typeahead list
FUZZY_POOL = 256  # strings sharing most trigrams with the query that WRatio reranks


def codes_of(text: str) -> np.ndarray:
    """Trigrams of ``text`` as int64 codes (three 21-bit code points)."""
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    return (chars[:-2] << 42) | (chars[1:-1] << 21) | chars[2:]


def query_codes(q: str) -> np.ndarray:
    """The distinct trigram codes a query is counted by (two leading spaces, none after:
    the query is still being typed)."""
    return np.unique(codes_of("  " + q))


def shared_trigrams(q: str, gram_codes: np.ndarray, gram_starts: np.ndarray,
                    postings: np.ndarray, n: int) -> np.ndarray | None:
    """How many of the query's trigrams each of ``n`` indexed strings has (None: no
    trigram of the query is indexed); the index is :func:`trigram_index`'s."""
    return shared_counts(query_codes(q), gram_codes, gram_starts, postings, n)


def shared_counts(codes: np.ndarray, gram_codes: np.ndarray, gram_starts: np.ndarray,
                  postings: np.ndarray, n: int) -> np.ndarray | None:
    """:func:`shared_trigrams` for the query's codes (:func:`query_codes`)."""
    at = np.searchsorted(gram_codes, codes)
    at = at[at < len(gram_codes)]
    at = at[np.isin(gram_codes[at], codes)]
    if not len(at):
        return None
    hits = np.concatenate([postings[gram_starts[a]:gram_starts[a + 1]] for a in at.tolist()])
    return np.bincount(hits, minlength=n)


def shared_with(q: str, s: str) -> int:
    """:func:`shared_trigrams` for one string outside the index."""
    return len(set(codes_of("  " + q).tolist()) & set(codes_of("  " + s + " ").tolist()))


def trigram_index(strings: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sorted distinct trigram codes, start of each one's postings, string ids), in numpy.

    Strings are padded with two leading spaces so that the first letters weigh
    most, as they do when typing; the whole list is encoded in one go.
    """
    if not strings:
        return np.empty(0, np.int64), np.zeros(1, np.int64), np.empty(0, np.int64)
    padded = ["  " + s + " " for s in strings]
    joined = "\x00".join(padded)
    codes = codes_of(joined)
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    del joined
    owner = np.repeat(np.arange(len(padded), dtype=np.int32),
                      [len(p) + 1 for p in padded])[:len(codes)]
    del padded
    ok = (chars[:-2] != 0) & (chars[1:-1] != 0) & (chars[2:] != 0)
    del chars
    codes, owner = codes[ok], owner[ok]
    order = np.argsort(codes, kind="stable")  # owners were ascending, and stay so per code
    codes, owner = codes[order], owner[order]
    del order
    keep = np.ones(len(codes), dtype=bool)
    keep[1:] = (codes[1:] != codes[:-1]) | (owner[1:] != owner[:-1])
    codes, owner = codes[keep], owner[keep]
    starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))  # already sorted
    return codes[starts], np.append(starts, len(codes)), owner.astype(np.int64)


def fuzzy_scores(q: str, strings: Mapping[int, str]) -> dict[int, float]:
    """{id: best score >= FUZZY_CUTOFF} of the pool's strings against the query.

    Two comparisons: the typed length of each string (a typo while typing:
    "peshmar" ~ "peshmer|ga"), and WRatio against strings at least as long as the
    query (a typo anywhere: "iraqi amry"). WRatio is not run on shorter strings,
    where its partial match would rank "iraq" 90 for "iraqi amry".
    """
    heads = {s: text[:len(q)] for s, text in strings.items()}
    longer = {s: text for s, text in strings.items() if len(text) >= len(q)}
    best: dict[int, float] = {}
    for scorer, choices in ((fuzz.ratio, heads), (fuzz.WRatio, longer)):
        for _, score, s in process.extract(q, choices, scorer=scorer, limit=None,
                                           score_cutoff=FUZZY_CUTOFF):
            best[s] = max(score, best.get(s, 0))
    return best


def gram_text(code: int) -> str:
    """The three characters of a trigram code (see :func:`codes_of`)."""
    return "".join(chr((code >> shift) & 0x1FFFFF) for shift in (42, 21, 0))


def top_by_count(counts: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest ``counts`` (all when fewer), most first; ids break ties."""
    if len(counts) > k:
        at = np.argpartition(-counts, k)[:k]
    else:
        at = np.arange(len(counts))
    return at[np.lexsort((ids[at], -counts[at]))]

