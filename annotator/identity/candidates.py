"""Entity-name normalisation and fuzzy duplicate search (rapidfuzz; no Qt, no SQL).

Kept free of Qt and SQL so that the GUI can run a search in a worker thread, the
CLI and batch jobs can run it with no display, and the tests can run it with no
database: the store hands in plain lists of names and gets back plain indices.

The duplicate search favours precision. A wrong merge silently corrupts coded
data (two actors become one in every export); a missed merge costs the coder
one click in the merge dialog. So a pair is proposed only when fuzzy similarity
is high *and* explicit rules about what a spelling variant may look like hold,
and groups are built by complete linkage: every pair inside a proposed group
must pass, so chains like A~B~C never pull an unrelated C into A's group.
Aliases (ISIL / ISIS / Daesh) are not fuzzy matching's job; the store has them.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from annotator.identity.evidence import group_evidence
from annotator.identity.forms import (
    PLACE_TYPES,
    NameForm,
    middles_differ,
    name_form,
    reads_description,
    undoubled,
    without_generic,
)
from annotator.identity.fuzzy_pass import DEFAULT_CHUNK_ROWS, scored_blocks
from annotator.identity.fuzzy_pass import Cancelled as Cancelled  # callers catch it from here
from annotator.identity.linkage import group_rows, linked_groups
from annotator.identity.owners import owner_pairs
from annotator.identity.people import middle_name_pairs, surname_pairs
from annotator.identity.places import without_place_descriptor

DEFAULT_THRESHOLD = 90
"""Minimum ``fuzz.ratio`` (0-100) of two normalised names, before the variant rules.

Measured on the 100k synthetic names of ``benchmarks/dedup.py`` (pairs wrongly
merged / pair recall): 85 -> 29 / 0.923, 88 -> 29 / 0.920, 90 -> 26 / 0.917,
92 -> 22 / 0.908, 95 -> 7 / 0.863. The variant rules do the precision work (the
hard negatives of the tests stay apart even at 75); 90 is kept as a margin
against confusions the synthetic data lacks, and still passes one typo in a
name of 10+ characters (Nechirvan Mirani ~ Mirany: 94, Hashd ~ Hashed al-Shaabi: 97).
"""




@contextmanager
def quiet_gc() -> Iterator[None]:
    """The cycle collector paused while a search builds its objects.

    A search makes a few objects per name and no reference cycles; with the
    collector on, a million names trigger its full passes over all of them
    again and again (a third of the time of building the items). Afterwards the
    objects still alive join the oldest generation (``gc.freeze`` then
    ``gc.unfreeze``), which is what its full passes would have done to them.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            # what was made meanwhile goes to the oldest generation at once: left in the
            # youngest, the first collection after would walk all of it (0.4 s at 100k)
            gc.freeze()
            gc.unfreeze()
            gc.enable()


@dataclass(frozen=True)
class DuplicateGroup:
    """Names proposed as one entity: indices into the input, and how alike they are.

    ``score`` is the best pair score in the group, ``weakest`` the lowest (every
    pair was checked, so ``weakest`` says how sure the whole group is; 100 means
    the names only differ in what ``normalise`` folds).
    """

    indices: tuple[int, ...]
    score: int
    weakest: int
    evidence: tuple[str, ...] = ()


@dataclass
class NameItems:
    """The distinct (type, normalised name) items of the input, with matching keys."""

    members: list[list[int]]  # item -> input indices
    types: list[object]
    forms: list[NameForm]  # the form of each item's first name
    name_forms: list[NameForm]  # the form of every input name
    cores: list[str]  # normalised name without a generic trailing word
    suffixes: list[str]  # the dropped generic word ("" if none)
    digits: list[tuple[str, ...]]
    item_of_name: np.ndarray | None = None  # input index -> item (-1: an empty name)

    @classmethod
    def build(cls, names: Sequence[str], types: Sequence[object] | None,
              norms: Sequence[str] | None = None) -> NameItems:
        """Items of ``names``; ``norms[i]`` is ``normalise(names[i])`` when the caller
        keeps it (the store's ``norm_name``), so names need not be normalised again.

        A name's form is made once per distinct (type, name), or per distinct
        (type, normalised name) where the type's forms need no more (see
        ``forms.reads_description``): a project's names repeat, and the forms
        are most of the cost.
        """
        if types is not None and len(types) != len(names):
            raise ValueError("types must be as long as names")
        if norms is not None and len(norms) != len(names):
            raise ValueError("norms must be as long as names")
        kinds = [None] * len(names) if types is None else list(types)
        first, distinct_of = _distinct_names(names, kinds, norms)
        index: dict[tuple[object, str, str], int] = {}
        self = cls([], [], [], [], [], [], [])
        forms: list[NameForm] = []
        item_of: list[int] = []
        kept_types, kept_forms, cores, suffixes, digits = (
            self.types, self.forms, self.cores, self.suffixes, self.digits)
        for i in first.tolist():  # items are numbered by their first name
            kind = kinds[i]
            form = name_form(names[i], kind, None if norms is None else norms[i])
            forms.append(form)
            norm = form.key
            if not norm:
                item_of.append(-1)  # an empty name is no entity; never propose it
                continue
            person = form.person
            mark = form.title_mark if person and " " not in norm else ""
            count = len(kept_forms)  # "George W. Bush" is not "George H. W. Bush": see accepts
            item = index.setdefault((kind, norm, mark, form.middle), count)
            item_of.append(item)
            if item < count:
                continue
            core, suffix = (norm, "") if person else without_generic(norm)
            if kind in PLACE_TYPES and (suffix or norm.endswith(" city")):
                core, suffix = without_place_descriptor(  # not Mexico City, not City of London
                    norm, core, suffix, city="word order" not in form.folded)
            kept_types.append(kind)
            kept_forms.append(form)
            cores.append(core)
            suffixes.append(suffix)
            digits.append(form.digits)
        self.name_forms = list(map(forms.__getitem__, distinct_of.tolist()))
        self.item_of_name = np.asarray(item_of, dtype=np.int64)[distinct_of]
        self.members = _members(self.item_of_name, len(kept_forms))
        carriers: dict[tuple[object, str], dict[str, set[str]]] = defaultdict(dict)
        for kind, form in zip(self.types, self.forms, strict=True):
            if form.person and len(form.words) >= 2:
                middles = carriers[(kind, form.last)].setdefault(form.key, set())
                if form.middle:
                    middles.add(form.middle)
        # "George Bush" beside "George W. Bush" is one carrier, beside "George H. W. Bush" too
        self.carriers = {k: sum(max(1, len(m)) for m in v.values())
                         for k, v in carriers.items()}
        self.middles = {(kind, key): len(m) for (kind, _), v in carriers.items()
                        for key, m in v.items() if len(m) >= 2}
        return self

    def _ambiguous(self, item: int) -> bool:
        """Whether item is a lone surname that two or more known people carry."""
        form = self.forms[item]
        return form.person and len(form.words) == 1 and \
            self.carriers.get((self.types[item], form.key), 0) >= 2

    def blocks(self, blocking: bool) -> list[list[int]]:
        """Items that may pair, in blocks of two or more (see ``_variant``).

        Accepted pairs have the same number of words, each starting with the
        same letter, so (type, initials) loses none of them; names equal once
        spaces are removed are paired separately in ``_flat_pairs``.
        """
        if not blocking:
            return _same_key(self.types, [""] * len(self.types))
        initials = ["".join([w[0] for w in core.split(" ")]) for core in self.cores]
        return _same_key(self.types, initials)

    def accepts(self, a: int, b: int) -> bool:
        """Whether items a and b may be one entity, beyond their fuzzy score."""
        if self.digits[a] != self.digits[b]:
            return False  # "14th Brigade" is never "16th Brigade"
        fa, fb = self.forms[a], self.forms[b]
        if fa.gender and fb.gender and fa.gender != fb.gender:
            return False  # "Mr. Clinton" is not "Mrs. Clinton"
        if middles_differ(fa, fb):
            return False  # "George W. Bush" is not "George H. W. Bush"
        if bool(fa.middle) != bool(fb.middle) and self.middles and \
                (self.types[a], (fb if fa.middle else fa).key) in self.middles:
            return False  # "George Bush" beside both of them: which one is not the spelling's
        if fa.person and fa.title_mark != fb.title_mark and self._ambiguous(a):
            return False  # "President Clinton" is not "Clinton" when two Clintons are known
        sa, sb = self.suffixes[a], self.suffixes[b]
        if sa and sb and sa != sb:
            return False
        if sa != sb and "party" in sa + sb and not _names_members(fa, fb):
            return False  # "Labour" is a Labour Party, not which one: possible, not likely
        ca, cb = self.cores[a], self.cores[b]
        if ca == cb or ca.replace(" ", "") == cb.replace(" ", ""):
            return True
        wa, wb = ca.split(" "), cb.split(" ")
        if len(wa) != len(wb):
            return False  # "Mosul" is not "Mosul Dam", nor "Iraqi Army" its General Command
        return all(x == y or _variant(x, y) for x, y in zip(wa, wb, strict=True))


_MEMBER_FOLDS = frozenset({"plural", "member noun"})


def _names_members(fa: NameForm, fb: NameForm) -> bool:
    """Whether one of two names calls a party by its members: "the Republicans",
    "the Democratic Party" (the party of the Democrats).

    A party's bare name ("Labour", "Likud") says which party only in context: Hong
    Kong has a Labour Party as Britain has, and a name that dropped "Party" beside one
    that did not is left to the possible tier. A party named by its members is the
    party those members are named by, which is as much as the plain spelling says.
    """
    return not (_MEMBER_FOLDS.isdisjoint(fa.folded) and _MEMBER_FOLDS.isdisjoint(fb.folded))


def _distinct_names(names: Sequence[str], kinds: Sequence[object],
                    norms: Sequence[str] | None) -> tuple[np.ndarray, np.ndarray]:
    """(input index of each distinct name, in first-seen order; distinct id of each input).

    Names are distinct by (type, name), or by (type, normalised name) where the
    type's forms need no more than the normalised name (``forms.reads_description``).
    Grouped by pandas' hash tables in C, not a Python dict over a million tuples.
    """
    kind_code, kind_values = pd.factorize(pd.Series(kinds, dtype=object), use_na_sentinel=False)
    if norms is None:
        name_code, values = pd.factorize(pd.Series(names, dtype=object))
        key = kind_code.astype(np.int64) * (len(values) + 1) + name_code
    else:
        raw = np.asarray([reads_description(k) for k in kind_values], dtype=bool)
        name_code, values = pd.factorize(pd.Series(names, dtype=object))
        name_code = np.where(raw[kind_code], name_code, len(values)).astype(np.int64)
        norm_code, norm_values = pd.factorize(pd.Series(norms, dtype=object))
        key = (kind_code.astype(np.int64) * (len(values) + 1) + name_code) \
            * (len(norm_values) + 1) + norm_code
    distinct_of, _ = pd.factorize(key)  # codes in order of first appearance
    _, first = np.unique(distinct_of, return_index=True)
    return first, distinct_of


def _members(item_of: np.ndarray, items: int) -> list[list[int]]:
    """Input indices of each item, ascending (``item_of[i]`` is -1 for no item)."""
    return _grouped(item_of, items)


def _grouped(codes: np.ndarray, size: int, least: int = 0) -> list[list[int]]:
    """For each code 0..size-1 with ``least`` or more indices, the indices carrying it,
    ascending (a code of -1 is in no group); one stable sort instead of a dict of lists."""
    valid = np.flatnonzero(codes >= 0)
    order = valid[np.argsort(codes[valid], kind="stable")].tolist()
    counts = np.bincount(codes[valid], minlength=size)
    ends = np.cumsum(counts)
    keep = np.flatnonzero(counts >= least).tolist()
    ends_l, counts_l = ends.tolist(), counts.tolist()
    return [order[ends_l[g] - counts_l[g]:ends_l[g]] for g in keep]


def _same_key(kinds: Sequence[object], keys: Sequence[str]) -> list[list[int]]:
    """Indices sharing (kind, key), ascending, in groups of two or more."""
    kind_code, _ = pd.factorize(pd.Series(kinds, dtype=object), use_na_sentinel=False)
    key_code, values = pd.factorize(pd.Series(keys, dtype=object))
    codes, uniques = pd.factorize(kind_code.astype(np.int64) * (len(values) + 1) + key_code)
    return _grouped(codes, len(uniques), least=2)


def _variant(x: str, y: str) -> bool:
    """Whether two different words are spellings of one word, not two words.

    - doubled letters do not count: "Hassan" ~ "Hasan", "Mohammed" ~ "Mohamed";
    - words of four letters or fewer must be equal: "Iraq" is not "Iran";
    - the first letter must be equal: "Bashir" is not "Nashir";
    - one edit, two from ten letters on (a swap of neighbours is one edit):
      "Mirani" ~ "Mirany", "Hashd" ~ "Hashed", "Regional" ~ "Regoinal";
    - a five-letter word may gain a letter but not change one: "Mosul" is not "Mosel";
    - a letter added at the end makes another word ("Syria"/"Syrian", "Iraq"/"Iraqi"),
      except the transliteration "h": "Raqqa" ~ "Raqqah".
    """
    if undoubled(x) == undoubled(y):
        return True
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    if len(short) <= 4 or x[0] != y[0]:
        return False
    allowed = 1 if len(short) < 10 else 2
    if OSA.distance(x, y, score_cutoff=allowed) > allowed:
        return False
    if len(short) == 5 and len(long) == 5:
        return False
    return not (long.startswith(short) and long[len(short):] != "h")


def find_duplicates(
    names: Sequence[str],
    *,
    types: Sequence[object] | None = None,
    threshold: int | None = None,
    progress: Callable[[int, int], object] | None = None,
    articles: Sequence[Collection[int]] | None = None,
    norms: Sequence[str] | None = None,
) -> list[list[int]]:
    """Groups of indices into ``names`` (each of two or more) proposed for merging.

    These are the *likely* duplicates; ``annotator.identity.possible`` ranks the
    pairs a coder should look at beyond them. ``types`` is a parallel list; names
    of different types are never grouped. See ``find_duplicate_groups`` for the
    scores, ``articles``, ``norms`` and cancelling.
    """
    with quiet_gc():  # the lists too: made with the collector on, they start a full pass
        groups = find_duplicate_groups(names, types=types, threshold=threshold,
                                       progress=progress, articles=articles, norms=norms)
        return [list(g.indices) for g in groups]


def find_duplicate_groups(
    names: Sequence[str],
    *,
    types: Sequence[object] | None = None,
    threshold: int | None = None,
    progress: Callable[[int, int], object] | None = None,
    cancel: Callable[[], bool] | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    blocking: bool = True,
    articles: Sequence[Collection[int]] | None = None,
    norms: Sequence[str] | None = None,
) -> list[DuplicateGroup]:
    """Duplicate groups with scores and evidence, ordered by their first index.

    ``progress(done, total)`` is called as comparisons complete (in compared
    pairs); ``cancel()`` returning true stops the search with ``Cancelled``.
    ``chunk_rows`` bounds the rows of one cdist call (results do not depend on
    it); ``blocking=False`` compares every pair of a type (for measuring).
    ``articles[i]``, the ids of the articles name i occurs in, lets a person's
    surname alone join the one known person who carries it and shares an
    article with it ("Mirani" and "Nechirvan Mirani"). ``norms[i]``, when given, is
    ``normalise(names[i])`` as the store keeps it; results are the same without it.
    """
    with quiet_gc():
        items = NameItems.build(names, types, norms)
        pairs = matching_pairs(items, threshold=threshold, progress=progress, cancel=cancel,
                               chunk_rows=chunk_rows, blocking=blocking)
        return likely_groups(names, types, items, pairs, articles)


def likely_groups(names: Sequence[str], types: Sequence[object] | None, items: NameItems,
                  pairs: dict[tuple[int, int], int],
                  articles: Sequence[Collection[int]] | None) -> list[DuplicateGroup]:
    """Groups from verified item pairs (plus lone surnames), each with its evidence."""
    if articles is not None:
        seen = [{a for i in members for a in articles[i]} for members in items.members]
        known = {**pairs, **middle_name_pairs(items, seen)}
        surnames, seen = surname_pairs(items, seen, known, pooled=True)
        middle = middle_name_pairs(items, seen)  # the articles its surname is read in
        if middle.keys() - known.keys():
            known.update(middle)
            surnames = surname_pairs(items, [set(s) for s in seen], known)
        pairs = {**known, **surnames}
        pairs.update(owner_pairs(items, names, seen, pairs))
    group = linked_groups(pairs, len(items.members))
    forms = items.name_forms
    return [DuplicateGroup(indices, best, worst, group_evidence(indices, forms, names, articles))
            for indices, best, worst in group_rows(group, items.item_of_name, pairs)]


def verified(items: NameItems, scored: dict[tuple[int, int], int],
             threshold: int | None = None) -> dict[tuple[int, int], int]:
    """The pairs of an unverified ``matching_pairs`` result (at a lower cutoff) that the
    likely tier accepts: what ``matching_pairs(items, threshold=threshold)`` returns."""
    cutoff = DEFAULT_THRESHOLD if threshold is None else int(threshold)
    flat = set(_flat_pairs(items))
    return {p: s for p, s in scored.items() if (s >= cutoff or p in flat) and items.accepts(*p)}


def matching_pairs(
    items: NameItems | Sequence[str],
    *,
    threshold: int | None = None,
    progress: Callable[[int, int], object] | None = None,
    cancel: Callable[[], bool] | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    blocking: bool = True,
    verify: bool = True,
) -> dict[tuple[int, int], int]:
    """{(item a, item b): ratio} of distinct normalised names that match (a < b).

    Names equal once spaces are removed ("counterterrorism" / "counter
    terrorism", "alshaabi" / "al shaabi") pair whatever their ratio. With
    ``verify=False`` the variant rules are skipped, which shows what the blocking
    alone finds (``benchmarks/dedup.py`` measures its recall).
    """
    if not isinstance(items, NameItems):
        items = NameItems.build(items, None)
    cutoff = DEFAULT_THRESHOLD if threshold is None else int(threshold)
    scored = scored_blocks(items.cores, items.blocks(blocking), cutoff, chunk_rows,
                            progress, cancel)
    for pair in _flat_pairs(items):
        if pair not in scored:
            scored[pair] = round(fuzz.ratio(items.cores[pair[0]], items.cores[pair[1]]))
    if not verify:
        return scored
    return {p: s for p, s in scored.items() if items.accepts(*p)}


def _flat_pairs(items: NameItems) -> list[tuple[int, int]]:
    """Pairs whose names are equal once spaces go: "counterterrorism" ~ "counter terrorism"."""
    flat = _same_key(items.types, [core.replace(" ", "") for core in items.cores])
    return [(a, b) for group in flat for k, a in enumerate(group) for b in group[k + 1:]]
