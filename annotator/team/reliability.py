"""Reliability arithmetic on plain values: Cohen's κ, Krippendorff's α, span matching.

No store and no Qt: ``annotator.team.agreement`` turns coded data into units and
hands them here, and the tests check each figure on cases small enough to work
out by hand. An undefined figure (no units, or no variation at all, where κ
and α divide zero by zero) is ``nan``, which reports print as "n/a", rather than a
made-up 0 or 1.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence

from annotator.team.coincidences import level_alpha

Span = tuple[int, int]

#: Words and single punctuation marks: the units of token-level agreement.
TOKEN = re.compile(r"\w+|[^\w\s]")

NAN = float("nan")


def cohen_kappa(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> float:
    """Cohen's κ of two coders' nominal values for the same units (None = missing).

    κ = (p_o - p_e) / (1 - p_e): p_o is the share of units with equal values,
    p_e the agreement expected from each coder's own category frequencies.
    Units where either value is missing are left out.
    """
    if len(a) != len(b):
        raise ValueError("both coders need a value (or None) for every unit")
    pairs = [(x, y) for x, y in zip(a, b) if x is not None and y is not None]
    n = len(pairs)
    if not n:
        return NAN
    p_o = sum(x == y for x, y in pairs) / n
    count_a = Counter(x for x, _ in pairs)
    count_b = Counter(y for _, y in pairs)
    p_e = sum(count_a[k] * count_b[k] for k in count_a) / n**2
    if p_e == 1:
        return NAN  # both coders used one and the same category throughout: 0/0
    return (p_o - p_e) / (1 - p_e)


def pairable_units(units: Sequence[Mapping[str, Hashable | None]]) -> int:
    """Units with values from at least two coders: the only ones α can use."""
    return sum(sum(v is not None for v in u.values()) >= 2 for u in units)


def krippendorff_alpha(units: Sequence[Mapping[str, Hashable | None]], coders: Sequence[str],
                       level: str = "nominal", order: Sequence[Hashable] = ()) -> float:
    """Krippendorff's α over units given as ``{coder: value}`` (None or absent = missing).

    Computed by the ``krippendorff`` package at ``level`` (``team/coincidences.py``);
    nan where α is undefined (no pairable unit, or one single value in all
    pairable units).
    """
    return level_alpha(units, coders, level, order)


def light_kappa(kappas: Sequence[float]) -> float:
    """Light's κ: the mean of pairwise Cohen's κ (undefined pairs left out)."""
    defined = [k for k in kappas if not math.isnan(k)]
    return sum(defined) / len(defined) if defined else NAN


# -- spans ------------------------------------------------------------------------------------

def match_exact(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs of indices with identical spans, in order.

    A span is any hashable: (start, end), or a discontinuous span's tuple of
    fragments (``agreement._pieces``), so "exact" respects the fragments.
    """
    free: dict[Span, list[int]] = {}
    for j, span in enumerate(b):
        free.setdefault(span, []).append(j)
    pairs = []
    for i, span in enumerate(a):
        if free.get(span):
            pairs.append((i, free[span].pop(0)))
    return pairs


def match_overlap(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs of overlapping spans, best overlap first.

    Every pair of spans sharing at least one character is a candidate, scored
    by overlap / union (Jaccard over characters); candidates are taken greedily
    from the best score down (ties: earlier spans first), skipping spans
    already paired. Identical spans (score 1) therefore always pair.
    """
    candidates = []
    for i, (sa, ea) in enumerate(a):
        for j, (sb, eb) in enumerate(b):
            inter = min(ea, eb) - max(sa, sb)
            if inter > 0:
                candidates.append((-inter / (max(ea, eb) - min(sa, sb)), sa, sb, i, j))
    candidates.sort()
    used_a, used_b, pairs = set(), set(), []
    for _score, _sa, _sb, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def f1(matched: int, n_a: int, n_b: int) -> float:
    """Span F1 = 2·matched / (n_a + n_b): the harmonic mean of agr(a‖b) and agr(b‖a).

    Symmetric, so it needs no "gold" coder: the precision of a against b is
    the recall of b against a.
    """
    return 2 * matched / (n_a + n_b) if n_a + n_b else NAN


def overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and min(a[1], b[1]) > max(a[0], b[0])


class Clusters:
    """Union-find over (coder, index) nodes: pairwise matches joined into multi-coder units."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, int], tuple[str, int]] = {}

    def add(self, node: tuple[str, int]) -> None:
        self.parent.setdefault(node, node)

    def find(self, node: tuple[str, int]) -> tuple[str, int]:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, a: tuple[str, int], b: tuple[str, int]) -> None:
        self.add(a)
        self.add(b)
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[dict[str, list[int]]]:
        """Each cluster as ``{coder: [indices]}``, in order of their first node."""
        out: dict[tuple[str, int], dict[str, list[int]]] = {}
        for node in self.parent:
            coder, index = node
            out.setdefault(self.find(node), {}).setdefault(coder, []).append(index)
        return list(out.values())


def majority(values: Sequence[Hashable | None]) -> Hashable | None:
    """The most frequent non-missing value (ties: the first seen); None if all are missing."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    counts = Counter(present)
    best = max(counts.values())
    return next(v for v in present if counts[v] == best)
