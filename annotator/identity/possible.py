"""The possible tier: pairs of names that may be one actor, ranked for a coder to review.

The likely tier (``candidates``) only groups names that spelling rules say are
one name. Many true pairs are not spelling variants: an acronym (CTS), a
surname alone (Mirani), one more word (Syrian Arab Army), a descriptor (Mosul
City). Those are proposed here as pairs, never merged without a coder, each
with its evidence and a score from ``ranking`` (hand-set weights until the
coders' merges and "different"s train it).

Candidates come from cheap blocks so that 100,000 names take seconds, not the
hours of comparing every pair: names sharing a rare word, names that sound
alike word for word, an acronym and the names with those initials, and fuzzy
neighbours with the same initials. Each name keeps its best ``per_name`` pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from annotator.identity.evidence import DESCRIPTORS, Context, Pair, pair_evidence
from annotator.identity.forms import (
    FUNCTION_WORDS,
    NameForm,
    acronym_of,
    initials_of,
    letters_in_any_order,
    name_form,
)
from annotator.identity.fuzzy_pass import workers
from annotator.identity.pair_features import pair_values
from annotator.identity.ranking import PriorRanker, Ranker

FUZZY_CUTOFF = 80
"""Spelling score (``fuzz.ratio`` of the folded names) that makes two names candidates."""

MAX_BLOCK = 40
"""Names sharing one word beyond this many are not paired by that word (it says little)."""


IndexPairs = tuple[np.ndarray, np.ndarray]
"""Pairs of indices as two int64 arrays, ``a[k]`` and ``b[k]`` the k-th pair."""


def pair_arrays(pairs: Collection[tuple[int, int]] | IndexPairs) -> IndexPairs:
    """Index pairs as two arrays, sorted by (a, b); two arrays are taken as they are."""
    if isinstance(pairs, tuple) and len(pairs) == 2 and isinstance(pairs[0], np.ndarray):
        return pairs
    flat = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
    order = np.lexsort((flat[:, 1], flat[:, 0]))
    return flat[order, 0], flat[order, 1]


@dataclass(frozen=True)
class PossiblePair:
    """Indices ``a`` < ``b`` into the names, the pair's probability-like score and evidence."""

    a: int
    b: int
    score: float
    reasons: tuple[str, ...]
    against: tuple[str, ...]
    evidence: Pair


def possible_pairs(names: Sequence[str], *, types: Sequence[object] | None = None,
                   articles: Sequence[Collection[int]] | None = None,
                   exclude: Collection[tuple[int, int]] | IndexPairs = (),
                   ranker: Ranker | None = None,
                   per_name: int = 3, min_score: float = 0.05,
                   neighbours: Collection[tuple[int, int]] | IndexPairs | None = None,
                   forms: Sequence[NameForm] | None = None,
                   words: Sequence[Collection[str]] | None = None,
                   cancel: Callable[[], bool] | None = None) -> list[PossiblePair]:
    """Ranked pairs of names of one type that may be one actor, best first.

    ``articles[i]`` are the ids of the articles name i occurs in (co-occurrence
    and co-mention are evidence); ``exclude`` holds index pairs (a < b) not to
    propose (dismissed, or already in one likely group). Identical normalised
    names of one type are left to the likely tier and never paired here.
    ``neighbours`` are fuzzy neighbour pairs the caller already found (the
    likely tier's search finds them on its way, see ``identity.search``), and
    ``forms`` the names' forms, when the caller has them already. ``words[i]``
    are the words around name i's mentions (``evidence.context_words``).
    """
    if types is not None and len(types) != len(names):
        raise ValueError("types must be as long as names")
    kinds = [None] * len(names) if types is None else list(types)
    if forms is None:
        forms = [name_form(n, k) for n, k in zip(names, kinds, strict=True)]
    context = _context(forms, kinds, articles, words) if articles is not None else None
    a, b = candidate_pairs(names, forms, kinds, neighbours)
    keep = _norm_codes(forms)
    keep = keep[a] != keep[b]  # one normalised name twice is the likely tier's
    if len(exclude):
        x, y = pair_arrays(exclude)
        keep &= ~np.isin(a * len(names) + b, np.minimum(x, y) * len(names) + np.maximum(x, y))
    a, b = a[keep], b[keep]
    if cancel is not None and cancel():
        from annotator.identity.candidates import Cancelled
        raise Cancelled
    if not len(a):
        return []
    spelling, words = _scores(a, b, forms)
    values = pair_values(a, b, names, forms, context, spelling, words)
    score = (ranker or PriorRanker()).probabilities(values)
    chosen = _best_per_name(a, b, score, per_name, min_score)
    out = []
    for k in chosen.tolist():  # the words for the pairs shown only
        x, y = int(a[k]), int(b[k])
        e = pair_evidence(x, y, names, forms, context,
                          scores=(float(spelling[k]), float(words[k])))
        out.append(PossiblePair(x, y, float(score[k]), e.reasons, e.against, e))
    return sorted(out, key=lambda p: (-p.score, p.a, p.b))


def _norm_codes(forms: Sequence[NameForm]) -> np.ndarray:
    """One integer per distinct normalised name, so pairs of one name go in one step."""
    codes: dict[str, int] = {}
    return np.fromiter((codes.setdefault(f.norm, len(codes)) for f in forms), dtype=np.int64,
                       count=len(forms))


def _scores(a: np.ndarray, b: np.ndarray, forms: Sequence[NameForm]) -> tuple[np.ndarray, ...]:
    """Spelling (``fuzz.ratio``) and word-set scores, 0-1, of every pair in one call each."""
    left = [forms[i].key for i in a.tolist()]
    right = [forms[i].key for i in b.tolist()]
    threads = workers(len(left))
    spelling = process.cpdist(left, right, scorer=fuzz.ratio, workers=threads) / 100
    words = process.cpdist(left, right, scorer=fuzz.token_set_ratio, workers=threads) / 100
    return spelling, words


def _best_per_name(a: np.ndarray, b: np.ndarray, score: np.ndarray, per_name: int,
                   min_score: float) -> np.ndarray:
    """Rows of the pairs among the best ``per_name`` of either of their names (score ≥ floor)."""
    ok = np.flatnonzero(score >= min_score)
    ends = np.concatenate([a[ok], b[ok]])
    rows = np.concatenate([ok, ok])
    order = np.lexsort((-score[rows], ends))  # by name, best first within a name
    ends, rows = ends[order], rows[order]
    starts = np.flatnonzero(np.r_[True, ends[1:] != ends[:-1]])
    rank = np.arange(len(ends)) - np.repeat(starts, np.diff(np.r_[starts, len(ends)]))
    return np.unique(rows[rank < per_name])


def candidate_pairs(names: Sequence[str], forms: Sequence[NameForm], kinds: Sequence[object],
                    neighbours: Collection[tuple[int, int]] | IndexPairs | None = None
                    ) -> IndexPairs:
    """Index pairs (a < b) of one type worth scoring (see the module docstring), as two
    arrays sorted by (a, b), each pair once.

    Blocks: a person's last word (their surname, alone or after a first name),
    any rarer word of other names, the sound of every word, an acronym and the
    names with its initials, and fuzzy neighbours. Pairs from a shared word
    are then kept only when their spelling or word sets come close (one
    ``cpdist`` each over all of them), which drops most of them cheaply. The
    blocks are lists of codes, and their pairs are made in numpy.
    """
    first: dict[tuple[object, str], int] = {}
    block_ids: dict[tuple, int] = {}
    in_block: list[int] = []  # block code of each (block, item) entry
    block_item: list[int] = []
    person_block: list[bool] = []  # per block code: whether its names are persons
    initials: dict[tuple[object, str], list[int]] = defaultdict(list)
    acronyms: list[int] = []

    for i, form in enumerate(forms):
        kind = kinds[i]
        if not form.norm or first.setdefault((kind, form.norm), i) != i:
            continue  # one index per distinct (type, normalised name)
        person = form.person
        if person:
            keys = [("word", kind, form.last)] if form.last else []
        else:
            keys = [("word", kind, word) for word in set(form.words)
                    if word not in FUNCTION_WORDS and word not in DESCRIPTORS and len(word) > 1]
        keys.append(("sound", kind, form.sounds))
        for key in keys:
            code = block_ids.setdefault(key, len(block_ids))
            if code == len(person_block):
                person_block.append(person)
            in_block.append(code)
        block_item.extend([i] * len(keys))
        if len(form.words) >= 2:
            ways = initials_of(form.norm) | {form.initials}
            for letters in ways | {"~" + letters_in_any_order(w) for w in ways}:
                initials[(kind, letters)].append(i)
        if acronym_of(names[i]):
            acronyms.append(i)
    codes = np.asarray(in_block, dtype=np.int64)
    members = np.asarray(block_item, dtype=np.int64)
    persons = np.asarray(person_block, dtype=bool)
    n = len(forms)
    sizes = np.bincount(codes, minlength=len(persons))
    small = (sizes[codes] > 1) & (sizes[codes] <= MAX_BLOCK)
    x, y = within_blocks(codes[small], members[small], codes[small], members[small], once=True)
    shared = np.unique(np.minimum(x, y) * n + np.maximum(x, y))
    x, y = _close_enough(shared // n, shared % n, forms)
    found = [x * n + y]
    pairs: list[tuple[int, int]] = []
    for i in acronyms:
        letters = acronym_of(names[i])
        keys = [letters] + (["~" + letters_in_any_order(letters)] if len(letters) >= 3 else [])
        for key in keys:
            for j in initials.get((kinds[i], key), ()):
                pairs.append((min(i, j), max(i, j)))
    # a lone surname and the people carrying it, however many
    lone = persons[codes] & np.fromiter((len(forms[i].words) == 1 for i in block_item),
                                        dtype=bool, count=len(block_item))
    x, y = within_blocks(codes[lone], members[lone], codes, members, once=False)
    found.append(np.minimum(x, y) * n + np.maximum(x, y))
    if neighbours is None:
        neighbours = _fuzzy_neighbours(names, kinds)
    x, y = pair_arrays(neighbours)
    found.append(x * n + y)
    x, y = pair_arrays(pairs)
    found.append(x * n + y)
    code = np.unique(np.concatenate(found))
    return code // n, code % n


def within_blocks(codes: np.ndarray, items: np.ndarray, all_codes: np.ndarray,
                   all_items: np.ndarray, once: bool) -> IndexPairs:
    """Every (item, other) with item in ``items`` and other a different item of the same
    block among ``all_items`` (``codes`` and ``all_codes`` are their block codes); with
    ``once`` (``items`` are ``all_items``), each pair only as (smaller, larger)."""
    order = np.argsort(all_codes, kind="stable")
    sorted_codes, sorted_items = all_codes[order], all_items[order]
    start = np.searchsorted(sorted_codes, codes, side="left")
    stop = np.searchsorted(sorted_codes, codes, side="right")
    count = stop - start
    left = np.repeat(items, count)
    offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    right = sorted_items[np.repeat(start, count) + offset]
    keep = left < right if once else left != right
    return left[keep], right[keep]


SPELLING_FLOOR = 55
WORD_SET_FLOOR = 75


def _close_enough(a: np.ndarray, b: np.ndarray, forms: Sequence[NameForm]) -> IndexPairs:
    """The pairs whose folded names score ``SPELLING_FLOOR`` in spelling or
    ``WORD_SET_FLOOR`` in word sets: a shared word alone ("Hasan Ali", "Hasan Omar")
    is no evidence."""
    if not len(a):
        return a, b
    keys = [f.key for f in forms]
    left = [keys[i] for i in a.tolist()]
    right = [keys[i] for i in b.tolist()]
    threads = workers(len(left))
    spelling = process.cpdist(left, right, scorer=fuzz.ratio, dtype=np.uint8, workers=threads)
    words = process.cpdist(left, right, scorer=fuzz.token_set_ratio, dtype=np.uint8,
                           workers=threads)
    keep = (spelling >= SPELLING_FLOOR) | (words >= WORD_SET_FLOOR)
    return a[keep], b[keep]


def _fuzzy_neighbours(names: Sequence[str], kinds: Sequence[object]) -> set[tuple[int, int]]:
    """Pairs whose folded names score ``FUZZY_CUTOFF`` or more, blocked as the likely tier is."""
    from annotator.identity.candidates import NameItems, matching_pairs

    items = NameItems.build(names, kinds)
    found = matching_pairs(items, threshold=FUZZY_CUTOFF, verify=False)
    return {(min(items.members[x][0], items.members[y][0]),
             max(items.members[x][0], items.members[y][0])) for x, y in found}


def _context(forms: Sequence[NameForm], kinds: Sequence[object],
             articles: Sequence[Collection[int]],
             words: Sequence[Collection[str]] | None = None) -> Context:
    """Articles, co-mentioned names and surname carriers of every name (see ``Context``)."""
    if len(articles) != len(forms):
        raise ValueError("articles must be as long as names")
    in_article: dict[int, list[int]] = defaultdict(list)
    for i, ids in enumerate(articles):
        for article in ids:
            in_article[article].append(i)
    co_mentions: list[set[int]] = []
    for i, ids in enumerate(articles):
        seen: set[int] = set()
        for article in ids:
            seen.update(in_article[article])
        seen.discard(i)
        co_mentions.append(seen)
    carriers: dict[str, list[int]] = defaultdict(list)
    for i, form in enumerate(forms):
        if form.person and len(form.words) >= 2:
            carriers[form.last].append(i)
    return Context(articles, co_mentions, {k: _distinct(v, forms) for k, v in carriers.items()},
                   words)


def _distinct(indices: list[int], forms: Sequence[NameForm]) -> list[int]:
    """One index per distinct folded name: "Nechirvan Mirani" twice is one carrier, and
    so are "George Bush" and "George W. Bush"; "George H. W. Bush" is another."""
    seen: dict[tuple[str, str], int] = {}
    for i in indices:
        seen.setdefault((forms[i].key, forms[i].middle), i)
    middled = {key for key, middle in seen if middle}
    return [i for (key, middle), i in seen.items() if middle or key not in middled]
