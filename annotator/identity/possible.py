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
from annotator.identity.forms import FUNCTION_WORDS, NameForm, acronym_of, name_form, sound
from annotator.identity.ranking import PriorRanker, Ranker

FUZZY_CUTOFF = 80
"""Spelling score (``fuzz.ratio`` of the folded names) that makes two names candidates."""

MAX_BLOCK = 40
"""Names sharing one word beyond this many are not paired by that word (it says little)."""


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
                   exclude: Collection[tuple[int, int]] = (), ranker: Ranker | None = None,
                   per_name: int = 3, min_score: float = 0.05,
                   cancel: Callable[[], bool] | None = None) -> list[PossiblePair]:
    """Ranked pairs of names of one type that may be one actor, best first.

    ``articles[i]`` are the ids of the articles name i occurs in (co-occurrence
    and co-mention are evidence); ``exclude`` holds index pairs (a < b) not to
    propose (dismissed, or already in one likely group). Identical normalised
    names of one type are left to the likely tier and never paired here.
    """
    if types is not None and len(types) != len(names):
        raise ValueError("types must be as long as names")
    kinds = [None] * len(names) if types is None else list(types)
    forms = [name_form(n, k) for n, k in zip(names, kinds, strict=True)]
    context = _context(forms, kinds, articles) if articles is not None else None
    excluded = {(min(a, b), max(a, b)) for a, b in exclude}
    ranker = ranker or PriorRanker()
    scored: dict[int, list[PossiblePair]] = defaultdict(list)
    for a, b in sorted(candidate_pairs(names, forms, kinds)):
        if (a, b) in excluded:
            continue
        if cancel is not None and cancel():
            from annotator.identity.candidates import Cancelled
            raise Cancelled
        evidence = pair_evidence(a, b, names, forms, context)
        score = ranker.probability(evidence)
        if score < min_score:
            continue
        pair = PossiblePair(a, b, score, evidence.reasons, evidence.against, evidence)
        scored[a].append(pair)
        scored[b].append(pair)
    kept: dict[tuple[int, int], PossiblePair] = {}
    for pairs in scored.values():
        for pair in sorted(pairs, key=lambda p: -p.score)[:per_name]:
            kept[(pair.a, pair.b)] = pair
    return sorted(kept.values(), key=lambda p: (-p.score, p.a, p.b))


def candidate_pairs(names: Sequence[str], forms: Sequence[NameForm],
                    kinds: Sequence[object]) -> set[tuple[int, int]]:
    """Index pairs (a < b) of one type worth scoring, from the blocks of the module docstring."""
    first: dict[tuple[object, str], int] = {}
    items: list[int] = []  # one index per distinct (type, normalised name)
    for i, form in enumerate(forms):
        if form.norm and first.setdefault((kinds[i], form.norm), i) == i:
            items.append(i)
    blocks: dict[tuple, list[int]] = defaultdict(list)
    initials: dict[tuple[object, str], list[int]] = defaultdict(list)
    acronyms: list[int] = []
    for i in items:
        form = forms[i]
        for word in set(form.words):
            if word not in FUNCTION_WORDS and word not in DESCRIPTORS and len(word) > 1:
                blocks[("word", kinds[i], word)].append(i)
        blocks[("sound", kinds[i], tuple(sound(w) for w in form.words))].append(i)
        if len(form.words) >= 2:
            for letters in {form.initials, "".join(w[0] for w in form.norm.split())}:
                initials[(kinds[i], letters)].append(i)
        if acronym_of(names[i]):
            acronyms.append(i)
    pairs: set[tuple[int, int]] = set()
    for block in blocks.values():
        if 1 < len(block) <= MAX_BLOCK:
            pairs.update((min(x, y), max(x, y)) for k, x in enumerate(block) for y in block[k + 1:])
    for i in acronyms:
        for j in initials.get((kinds[i], acronym_of(names[i])), ()):
            pairs.add((min(i, j), max(i, j)))
    pairs.update(_fuzzy_neighbours(items, forms, kinds))
    return {(a, b) for a, b in pairs if forms[a].norm != forms[b].norm}


def _fuzzy_neighbours(items: list[int], forms: Sequence[NameForm],
                      kinds: Sequence[object]) -> set[tuple[int, int]]:
    """Pairs of one type and first letter whose folded names score ``FUZZY_CUTOFF`` or more."""
    blocks: dict[tuple[object, str, int], list[int]] = defaultdict(list)
    for i in items:
        key = forms[i].key
        if key:
            blocks[(kinds[i], key[0], len(forms[i].words))].append(i)
    out: set[tuple[int, int]] = set()
    for block in blocks.values():
        if len(block) < 2:
            continue
        keys = [forms[i].key for i in block]
        ids = np.asarray(block)
        step = max(1, (1 << 22) // len(block))
        for r0 in range(0, len(block), step):
            scores = process.cdist(keys[r0:r0 + step], keys, scorer=fuzz.ratio,
                                   score_cutoff=FUZZY_CUTOFF, dtype=np.uint8, workers=-1)
            r, c = np.nonzero(scores)
            upper = c > r + r0
            out.update(zip(ids[r[upper] + r0].tolist(), ids[c[upper]].tolist(), strict=True))
    return {(min(a, b), max(a, b)) for a, b in out}


def _context(forms: Sequence[NameForm], kinds: Sequence[object],
             articles: Sequence[Collection[int]]) -> Context:
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
    return Context(articles, co_mentions, {k: _distinct(v, forms) for k, v in carriers.items()})


def _distinct(indices: list[int], forms: Sequence[NameForm]) -> list[int]:
    """One index per distinct folded name: "Nechirvan Mirani" twice is one carrier."""
    seen: dict[str, int] = {}
    for i in indices:
        seen.setdefault(forms[i].key, i)
    return list(seen.values())
