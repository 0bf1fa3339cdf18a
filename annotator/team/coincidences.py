"""Krippendorff's coincidence matrix and α at a level of measurement, from ``{coder: value}`` units.

α itself is computed by the ``krippendorff`` package (:func:`level_alpha`); the
coincidence matrix is built here because the report prints it and the Hayes &
Krippendorff bootstrap (``team/bootstrap.py``) draws from it, and the package
keeps its own private. A test checks that ``1 - D_o / D_e`` from this matrix
equals the package's α at every level.

Values are put on a scale (:func:`scale_of`): for an ordinal or interval
variable the order matters, so numbers sort as numbers and a codebook's list
(certainty: certain, probable, possible ...) gives its order; interval and
ratio use the number itself, or else the value's rank on that scale.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np

Unit = Mapping[str, Hashable | None]
NAN = float("nan")


def scale_of(values: set[Hashable], order: Sequence[Hashable] = ()) -> tuple[Hashable, ...]:
    """The values in scale order: ``order`` first (as given), then numbers, then the rest."""
    known = [v for v in order if v in values]
    rest = values - set(known)
    numbers = sorted(v for v in rest if _is_number(v))
    others = sorted((v for v in rest if not _is_number(v)), key=repr)
    return (*known, *numbers, *others)


def _is_number(value: Hashable) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True)
class Coincidences:
    """o_ck of pairable values (Krippendorff 2011, section C) on a scale, at one level."""

    values: tuple[Hashable, ...]
    matrix: np.ndarray
    level: str
    #: the most values any unit has: the "m" of the bootstrap's draw count
    most_per_unit: int

    @property
    def n(self) -> float:
        return float(self.matrix.sum())

    def numbers(self) -> np.ndarray:
        """Each value as a number: itself where it is one, else its rank on the scale."""
        if all(_is_number(v) for v in self.values):
            return np.array(self.values, dtype=float)
        return np.arange(len(self.values), dtype=float)

    def delta(self) -> np.ndarray:
        """δ²_ck, the squared difference of two values at this level."""
        k = len(self.values)
        if self.level == "nominal":
            return 1.0 - np.eye(k)
        if self.level == "ordinal":
            margins = self.matrix.sum(axis=1)
            cumulative = np.concatenate([[0.0], np.cumsum(margins)])
            lo, hi = np.minimum.outer(range(k), range(k)), np.maximum.outer(range(k), range(k))
            between = cumulative[hi + 1] - cumulative[lo]
            return (between - (margins[:, None] + margins[None, :]) / 2) ** 2
        x = self.numbers()
        diff = np.subtract.outer(x, x) ** 2
        if self.level == "interval":
            return diff
        total = np.add.outer(x, x) ** 2
        return np.divide(diff, total, out=np.zeros_like(diff), where=total != 0)

    def expected_disagreement(self) -> float:
        """D_e per pairable value: Σ n_c n_k δ²_ck / (n (n - 1))."""
        margins = self.matrix.sum(axis=1)
        n = self.n
        if n < 2:
            return NAN
        return float(margins @ self.delta() @ margins) / (n * (n - 1))

    def alpha(self) -> float:
        """1 - D_o / D_e from this matrix (nan where there is no variation)."""
        expected = self.expected_disagreement()
        if math.isnan(expected) or expected == 0:
            return NAN
        return 1 - float((self.matrix * self.delta()).sum()) / self.n / expected


def coincidences(units: Sequence[Unit], coders: Sequence[str], level: str = "nominal",
                 order: Sequence[Hashable] = ()) -> Coincidences:
    """The coincidence matrix of the units' pairable values (units with two or more values)."""
    present = [Counter(u.get(c) for c in coders if u.get(c) is not None) for u in units]
    present = [p for p in present if sum(p.values()) >= 2]
    values = scale_of({v for p in present for v in p}, order)
    index = {v: i for i, v in enumerate(values)}
    matrix = np.zeros((len(values), len(values)))
    for counts in present:
        m = sum(counts.values())
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                matrix[index[c], index[k]] += pairs / (m - 1)
    most = max((sum(p.values()) for p in present), default=0)
    return Coincidences(values, matrix, level, most)


#: Above this many units × values², α is computed from the coincidence matrix instead of by
#: the ``krippendorff`` package, whose tensor grows with the square of the number of distinct
#: values (entity identities: hundreds), costing minutes and gigabytes.
PACKAGE_LIMIT = 2_000_000


def level_alpha(units: Sequence[Unit], coders: Sequence[str], level: str = "nominal",
                order: Sequence[Hashable] = ()) -> float:
    """Krippendorff's α at ``level`` by the ``krippendorff`` package (nan where undefined).

    Values are coded as numbers on their scale (:func:`scale_of`), so the
    package's ordinal metric sees them in order and its interval metric sees
    the numbers themselves (or ranks, for words).
    """
    usable = [u for u in units if sum(u.get(c) is not None for c in coders) >= 2]
    values = scale_of({u[c] for u in usable for c in coders if u.get(c) is not None}, order)
    if len(values) < 2:
        return NAN
    if len(usable) * len(values) ** 2 > PACKAGE_LIMIT:
        if level == "nominal":
            return nominal_alpha(usable, coders)  # linear, no values × values matrix
        return coincidences(usable, coders, level, order).alpha()
    numeric = all(_is_number(v) for v in values) and level in ("interval", "ratio")
    code = {v: (float(v) if numeric else i) for i, v in enumerate(values)}
    data = np.full((len(coders), len(usable)), np.nan)
    for j, unit in enumerate(usable):
        for i, coder in enumerate(coders):
            if unit.get(coder) is not None:
                data[i, j] = code[unit[coder]]
    return float(krippendorff.alpha(reliability_data=data,
                                    value_domain=[code[v] for v in values],
                                    level_of_measurement=level))


def nominal_alpha(units: Sequence[Unit], coders: Sequence[str]) -> float:
    """Nominal α from the diagonal of the coincidence matrix and its margins.

    With m_u values in a pairable unit and m_cu of them equal to c:
    o_cc = Σ_u m_cu (m_cu - 1) / (m_u - 1), n_c = Σ_u m_cu, n = Σ_c n_c, and
    α = 1 - (n - 1) (n - Σ_c o_cc) / (n² - Σ_c n_c²). Linear in units × coders.
    """
    same = 0.0
    totals: Counter[Hashable] = Counter()
    for unit in units:
        present = Counter(unit.get(c) for c in coders if unit.get(c) is not None)
        m = sum(present.values())
        if m < 2:
            continue
        same += sum(k * (k - 1) for k in present.values()) / (m - 1)
        totals.update(present)
    n = sum(totals.values())
    expected = n * n - sum(k * k for k in totals.values())
    if not expected:
        return NAN
    return 1 - (n - 1) * (n - same) / expected
