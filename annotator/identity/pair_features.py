"""The possible tier's evidence values for many pairs at once, in numpy.

``evidence.pair_evidence`` says, for one pair, what speaks for and against it,
in numbers and in words. The possible tier scores every candidate pair
(130,000 at 100,000 names) but shows only the best few per name, so the numbers
are needed for all of them and the words only for those shown. Here each
name's features are read once (codes of its key, word set, sounds, digits,
first and last word; its words' lengths) and the pairs' values come from
comparing those arrays; only the rare pairs whose value needs more than codes
(one word set inside the other, an acronym) go through ``pair_evidence``'s own
helpers one by one. The values are the same doubles ``pair_evidence`` gives:
``tests/test_identity_pair_features.py`` compares them pair by pair.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from annotator.identity.evidence import (
    DESCRIPTORS,
    FEATURES,
    NUMBER_MISSING,
    Context,
    _acronym,
    _head,
    _jaccard,
)
from annotator.identity.forms import NameForm, acronym_of
from annotator.identity.places import names_another_place

_COL = {name: k for k, name in enumerate(FEATURES)}


class _Codes:
    """One integer per distinct hashable value, shared by every column that uses it,
    so that a name's key and another name's last word compare as integers."""

    def __init__(self) -> None:
        self.ids: dict[object, int] = {}

    def __call__(self, values) -> np.ndarray:
        ids = self.ids
        return np.fromiter((ids.setdefault(v, len(ids)) for v in values), dtype=np.int64)


def pair_values(a: np.ndarray, b: np.ndarray, names: Sequence[str],
                forms: Sequence[NameForm], context: Context | None,
                spelling: np.ndarray, word_set: np.ndarray) -> np.ndarray:
    """Rows of feature values (``evidence.FEATURES`` order) of the pairs ``a[k], b[k]``,
    equal to ``pair_evidence(a[k], b[k], names, forms, context,
    scores=(spelling[k], word_set[k])).values``."""
    out = np.zeros((len(a), len(FEATURES)), dtype=np.float64)
    if not len(a):
        return out
    used, slots = np.unique(np.concatenate([a, b]), return_inverse=True)
    sa, sb = slots[:len(a)], slots[len(a):]
    f = [forms[i] for i in used.tolist()]
    strings = _Codes()
    key = strings(x.key for x in f)
    last = strings(x.last for x in f)
    first = strings(x.first for x in f)
    others = _Codes()
    words_code = others(x.word_set for x in f)
    sounds = others(("~sounds", x.sounds) for x in f)
    digits = others(("~digits", x.digits) for x in f)
    has_digits = np.fromiter((bool(x.digits) for x in f), dtype=bool, count=len(f))
    sexes = _Codes()
    sexes.ids[""] = 0
    gender = sexes(x.gender for x in f)
    n_set = np.fromiter((len(x.word_set) for x in f), dtype=np.int64, count=len(f))
    n_words = np.fromiter((len(x.words) for x in f), dtype=np.int64, count=len(f))
    person = np.fromiter((x.person for x in f), dtype=bool, count=len(f))

    same_form = key[sa] == key[sb]
    out[:, _COL["spelling"]] = spelling
    out[:, _COL["same_form"]] = same_form
    same_set = words_code[sa] == words_code[sb]

    head = _inside_values(out, sa, sb, f, n_set)
    _acronym_values(out, a, b, names, forms, sa, sb, used, n_set)

    # a lone surname or first name beside a full name
    single_a, single_b = n_words[sa] == 1, n_words[sb] == 1
    lone = person[sa] & person[sb] & (single_a != single_b)
    single, full = np.where(single_a, sa, sb), np.where(single_a, sb, sa)
    surname = lone & (key[single] == last[full])
    first_name = lone & ~surname & (key[single] == first[full])
    if context is None:
        out[surname, _COL["surname"]] = 1.0
    else:
        carriers = np.fromiter((len(context.surname_carriers.get(x.key, [])) for x in f),
                               dtype=np.int64, count=len(f))
        out[surname, _COL["surname"]] = np.where(carriers[single[surname]] <= 1, 1.0, 0.3)
    out[first_name, _COL["first_name"]] = 1.0

    out[:, _COL["sound"]] = (n_words[sa] > 0) & (sounds[sa] == sounds[sb]) & ~same_form
    digits_differ = np.where(digits[sa] == digits[sb], 0.0,
                             np.where(has_digits[sa] & has_digits[sb], 1.0,
                                      NUMBER_MISSING))
    out[:, _COL["digits_differ"]] = digits_differ
    short = ~same_form & ~same_set & _short_word_differs(sa, sb, f, n_words)
    middle = strings(x.middle for x in f)  # "" is a code too: compared only where both have one
    has_middle = np.fromiter((bool(x.middle) for x in f), dtype=bool, count=len(f))
    short |= has_middle[sa] & has_middle[sb] & (middle[sa] != middle[sb])
    out[:, _COL["short_word_differs"]] = short
    gendered = (gender[sa] != 0) & (gender[sb] != 0) & (gender[sa] != gender[sb])
    out[:, _COL["gender_differs"]] = gendered
    hard = head | (digits_differ == 1.0) | short | gendered
    out[:, _COL["word_set"]] = np.where(hard, 0.0, word_set)
    if context is not None:
        _context_values(out, a, b, context)
    return out


def _inside_values(out: np.ndarray, sa: np.ndarray, sb: np.ndarray, f: Sequence[NameForm],
                   n_set: np.ndarray) -> np.ndarray:
    """One word set inside the other: ``descriptor_extra``, ``modifier_extra`` or
    ``head_extra`` (few pairs, one by one, as ``pair_evidence`` reads them); returns
    which pairs have a head word extra."""
    small_a = n_set[sa] <= n_set[sb]
    small, big = np.where(small_a, sa, sb), np.where(small_a, sb, sa)
    maybe = np.flatnonzero((n_set[small] >= 1) & (n_set[small] < n_set[big]))
    head = np.zeros(len(sa), dtype=bool)
    for k, s, g in zip(maybe.tolist(), small[maybe].tolist(), big[maybe].tolist(), strict=True):
        fs, fg = f[s], f[g]
        if not fs.word_set < fg.word_set:
            continue
        extra = [w for w in fg.words if w not in fs.word_set]
        if not fs.person and names_another_place(fs.key, extra):
            out[k, _COL["head_extra"]] = 1.0  # "Mexico City" is not Mexico
            head[k] = True
        elif all(w in DESCRIPTORS for w in extra):
            out[k, _COL["descriptor_extra"]] = 1.0
        elif (word := _head(fg.words)) in extra and word not in DESCRIPTORS and not (
                len(extra) == 1 and "word order" in fg.folded):
            out[k, _COL["head_extra"]] = 1.0
            head[k] = True
        else:
            out[k, _COL["modifier_extra"]] = 1.0 / len(extra)
    return head


def _acronym_values(out: np.ndarray, a: np.ndarray, b: np.ndarray, names: Sequence[str],
                    forms: Sequence[NameForm], sa: np.ndarray, sb: np.ndarray,
                    used: np.ndarray, n_set: np.ndarray) -> None:
    """``acronym`` of the pairs of an acronym and a name of two words or more (few)."""
    acronym = np.fromiter((bool(acronym_of(names[i])) for i in used.tolist()), dtype=bool,
                          count=len(used))
    one_word = np.minimum(n_set[sa], n_set[sb]) == 1
    for k in np.flatnonzero(one_word & (acronym[sa] | acronym[sb])).tolist():
        out[k, _COL["acronym"]] = float(bool(_acronym(names, int(a[k]), int(b[k]), forms)))


def _short_word_differs(sa: np.ndarray, sb: np.ndarray, f: Sequence[NameForm],
                        n_words: np.ndarray) -> np.ndarray:
    """``evidence._short_word_differs`` of every pair: as many words, and a differing
    pair of four letters or fewer (Iraq / Iran), compared word position by position."""
    width = int(n_words.max()) if len(n_words) else 0
    vocab: dict[str, int] = {}
    ids = np.full((len(f), max(width, 1)), -1, dtype=np.int64)
    short = np.zeros((len(f), max(width, 1)), dtype=bool)
    for r, form in enumerate(f):
        for c, w in enumerate(form.words):
            ids[r, c] = vocab.setdefault(w, len(vocab))
            short[r, c] = len(w) <= 4
    same_count = n_words[sa] == n_words[sb]
    rows = np.flatnonzero(same_count)
    found = np.zeros(len(sa), dtype=bool)
    x, y = sa[rows], sb[rows]
    for c in range(width):
        found[rows] |= (ids[x, c] != ids[y, c]) & (short[x, c] | short[y, c])
    return found


_SHARED = [min(1.0, math.log1p(n) / math.log(11)) for n in range(64)]


def _shared_articles(common: int) -> float:
    return _SHARED[common] if common < len(_SHARED) else min(1.0, math.log1p(common) / math.log(11))


def _context_values(out: np.ndarray, a: np.ndarray, b: np.ndarray, context: Context) -> None:
    """Shared articles, co-mention and context words of every pair (one by one: each
    is a set intersection, and a project with articles has a few thousand names)."""
    arts, cos = _Frozen(context.articles), _Frozen(context.co_mentions)
    shared_col, co_col, words_col = (_COL["shared_articles"], _COL["co_mention"],
                                     _COL["context_words"])
    for k, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        common = len(arts[x] & arts[y])
        if common:
            out[k, shared_col] = _shared_articles(common)
        out[k, co_col] = _jaccard(cos[x] - {y}, cos[y] - {x})
        if context.words is not None:
            out[k, words_col] = _jaccard(context.words[x], context.words[y])


class _Frozen(dict):
    """``source[i]`` as a frozenset, made the first time name i is asked for."""

    def __init__(self, source: Sequence) -> None:
        super().__init__()
        self.source = source

    def __missing__(self, i: int) -> frozenset:
        value = self[i] = frozenset(self.source[i])
        return value
