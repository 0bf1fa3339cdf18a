"""Reliability a methods section can cite: α at each variable's level, with intervals.

``assess`` takes the units the agreement report formed (``team/agreement.py``)
and the codebook's levels of measurement, and gives per variable: the units,
coders and articles, Krippendorff's α at the variable's level and nominal α
beside it, the bootstrap interval and q(α < .800), q(α < .667) (``team/bootstrap.py``),
the decision against those cut-offs, the coincidence matrix, and Gwet's AC1
and Fleiss' κ with their standard errors (computed by ``irrCAC``). Per coder
pair: span F1 and Cohen's κ with intervals from resampling articles. And the
disagreement hot spots: the articles and variables where coders differ most.

Two conventions for α's units, chosen by the caller and stated in every output:
*pooled* (one α over all units of all articles, the textbook figure) or
*article* (α per article, averaged over the articles where it is defined, as
some corpora, e.g. PolNeAR, report it; its interval resamples articles).
"""

from __future__ import annotations

import math
import warnings
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from annotator.codebook import Codebook
from annotator.team import bootstrap as boot
from annotator.team.agreement import ALL, AgreementReport, Matrix
from annotator.team.coincidences import Coincidences, coincidences, level_alpha, scale_of

UNITS = ("pooled", "article")
#: AC1 and Fleiss' κ are left out for variables with more distinct values (entity
#: identities): irrCAC's cost grows with units × values in pandas (seconds per hundred values).
CHANCE_VALUES = 60
HOT_SPOTS = 25

LABELS = {
    "mentions_type": "entity type", "mentions_entity": "entity identity",
    "claims_category": "claim category", "claims_position": "claim position",
    "claims_certainty": "claim certainty", "claims_claimant": "claimant",
    "attributions_source": "attribution source", "attributions_cue": "attribution cue",
    "attributions_kind": "attribution kind", "tokens_role": "token role",
}


@dataclass(frozen=True)
class Chance:
    """A chance-corrected coefficient with its standard error, as irrCAC computes it."""

    name: str
    value: float
    se: float


@dataclass
class VariableFigure:
    name: str  # the matrix name, e.g. claims_position
    level: str
    coders: list[str]
    units: int
    articles: int
    alpha: float
    nominal: float
    interval: boot.Interval
    matrix: Coincidences
    chance: list[Chance] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name.replace("_", " "))

    def decision(self) -> str:
        return decision(self.alpha)


@dataclass(frozen=True)
class PairFigure:
    """Span F1, κ or α of one coder pair (``*`` for all coders), with its interval."""

    name: str
    measure: str
    coder_a: str
    coder_b: str
    value: float
    units: int
    interval: boot.Interval


@dataclass(frozen=True)
class HotSpot:
    """An article where coders differ: what, which pair differs most, in how many units."""

    article_id: int
    what: str
    coder_a: str
    coder_b: str
    differing: int
    units: int


@dataclass
class Reliability:
    agreement: AgreementReport
    units: str
    samples: int
    seed: int
    variables: list[VariableFigure] = field(default_factory=list)
    pairs: list[PairFigure] = field(default_factory=list)
    hot_spots: list[HotSpot] = field(default_factory=list)

    def variable(self, name: str) -> VariableFigure:
        return next(v for v in self.variables if v.name == name)


def decision(alpha: float) -> str:
    """Krippendorff's (2004) cut-offs: rely on α ≥ .800, tentative conclusions from .667."""
    if math.isnan(alpha):
        return "undefined"
    if alpha >= 0.800:
        return "reliable"
    return "tentative" if alpha >= 0.667 else "unreliable"


def assess(report: AgreementReport, codebook: Codebook, *, units: str = "pooled",
           samples: int = boot.DEFAULT_SAMPLES, seed: int = boot.DEFAULT_SEED) -> Reliability:
    """Every variable's reliability at its level, the pairwise table and the hot spots."""
    if units not in UNITS:
        raise ValueError(f"units must be one of {', '.join(UNITS)}, not {units!r}")
    out = Reliability(report, units, samples, seed)
    for i, matrix in enumerate(report.matrices.values()):
        out.variables.append(_variable(matrix, codebook, units, samples, seed + i))
    out.pairs = _span_pairs(report, samples, seed) + _value_pairs(report, codebook, samples,
                                                                   seed)
    out.hot_spots = hot_spots(report)
    return out


def _order(name: str, codebook: Codebook) -> tuple[Hashable, ...]:
    return codebook.certainty if name.endswith("_certainty") else ()


def _variable(matrix: Matrix, codebook: Codebook, units: str, samples: int,
              seed: int) -> VariableFigure:
    variable = matrix.name.split("_", 1)[1]
    level, order = codebook.level_of(variable), _order(matrix.name, codebook)
    rows = [unit for _, unit in matrix.rows]
    co = coincidences(rows, matrix.coders, level, order)
    by_article = _by_article(matrix)
    pairable = [u for u in rows if sum(v is not None for v in u.values()) >= 2]
    if units == "pooled":
        alpha = level_alpha(rows, matrix.coders, level, order)
        nominal = level_alpha(rows, matrix.coders, "nominal")
        interval = boot.alpha_interval(co, samples, seed)
    else:
        per = np.array([level_alpha(us, matrix.coders, level, order)
                        for us in by_article.values()])
        alpha = _mean(per)
        nominal = _mean([level_alpha(us, matrix.coders, "nominal") for us in by_article.values()])
        interval = boot.resample_articles(np.eye(len(per)), boot.mean_of(per), samples, seed)
    articles = sum(any(sum(v is not None for v in u.values()) >= 2 for u in us)
                   for us in by_article.values())
    return VariableFigure(matrix.name, level, list(matrix.coders), len(pairable), articles,
                          alpha, nominal, interval, co, chance_coefficients(rows, matrix.coders))


def _mean(values) -> float:
    defined = [v for v in values if not math.isnan(v)]
    return sum(defined) / len(defined) if defined else math.nan


def _by_article(matrix: Matrix) -> dict[int, list[Mapping[str, Hashable | None]]]:
    out: dict[int, list[Mapping[str, Hashable | None]]] = defaultdict(list)
    for label, unit in matrix.rows:
        out[int(label.split(":", 1)[0])].append(unit)
    return out


def chance_coefficients(units: Sequence[Mapping[str, Hashable | None]],
                        coders: Sequence[str]) -> list[Chance]:
    """Gwet's AC1 and Fleiss' κ with standard errors, by ``irrCAC`` (nominal weights)."""
    usable = [u for u in units if sum(u.get(c) is not None for c in coders) >= 2]
    values = scale_of({u[c] for u in usable for c in coders if u.get(c) is not None})
    if not 2 <= len(values) <= CHANCE_VALUES or len(usable) < 2:
        return []  # one unit has no standard error (irrCAC divides by n - 1 and fails)
    import pandas as pd  # irrCAC's input; imported here, as irrCAC is, only when needed
    from irrCAC.raw import CAC

    code = {v: float(i) for i, v in enumerate(values)}
    frame = pd.DataFrame([[code.get(u.get(c), np.nan) for c in coders] for u in usable],
                         columns=list(coders))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # irrCAC writes into a slice of its own copy
        cac = CAC(frame)
        found = [(name, method()["est"]) for name, method in
                 (("Gwet's AC1", cac.gwet), ("Fleiss' kappa", cac.fleiss))]
    return [Chance(name, float(est["coefficient_value"]), float(est["se"]))
            for name, est in found]


# -- coder pairs ------------------------------------------------------------------------------

def _span_pairs(report: AgreementReport, samples: int, seed: int) -> list[PairFigure]:
    out = []
    layers = sorted({layer for layer, _, _ in report.span_counts})
    for layer in layers:
        pooled: dict[int, np.ndarray] = defaultdict(lambda: np.zeros(3))
        for column, measure in ((1, "f1_exact"), (2, "f1_overlap")):
            pooled.clear()
            for (lay, a, b), rows in report.span_counts.items():
                if lay != layer or not rows:
                    continue
                counts = np.array([(r[column], r[3], r[4]) for r in rows], dtype=float)
                for r, c in zip(rows, counts):
                    pooled[r[0]] += c
                out.append(_f1_figure(layer, measure, a, b, counts, samples, seed))
            if pooled:
                out.append(_f1_figure(layer, measure, ALL, ALL, np.array(list(pooled.values())),
                                      samples, seed))
    return out


def _f1_figure(layer, measure, a, b, counts, samples, seed) -> PairFigure:
    value = float(boot.f1_of(counts.sum(axis=0, keepdims=True))[0])
    return PairFigure(f"{layer}_spans", measure, a, b, value, int(counts[:, 1:].sum()),
                      boot.resample_articles(counts, boot.f1_of, samples, seed))


def _value_pairs(report: AgreementReport, codebook: Codebook, samples: int,
                 seed: int) -> list[PairFigure]:
    """Cohen's κ (interval: resampled articles) and α at level (H&K) of each pair and measure."""
    out = []
    measures = sorted({(layer, m) for layer, m, _, _ in report.pair_values})
    articles = sorted({aid for rows in report.pair_values.values() for aid, _, _ in rows})
    where = {aid: i for i, aid in enumerate(articles)}
    for layer, measure in measures:
        name = f"{layer}_{measure}"
        level, order = codebook.level_of(measure), _order(name, codebook)
        blocks = []
        for a, b in combinations(report.coders, 2):
            rows = report.pair_values.get((layer, measure, a, b))
            if rows is None:
                continue
            stats = _kappa_stats(rows, where)
            blocks.append(stats)
            kappa = report.value(layer, f"{measure}_kappa", a, b)
            n_both = sum(x is not None and y is not None for _, x, y in rows)
            out.append(PairFigure(name, "kappa", a, b, kappa, n_both, boot.resample_articles(
                stats, _kappa_block, samples, seed)))
            units = [{a: x, b: y} for _, x, y in rows]
            co = coincidences(units, [a, b], level, order)
            out.append(PairFigure(name, f"alpha_{level}", a, b,
                                  level_alpha(units, [a, b], level, order), int(co.n // 2),
                                  boot.alpha_interval(co, samples, seed)))
        if blocks:
            light = report.value(layer, f"{measure}_kappa")
            out.append(PairFigure(name, "kappa", ALL, ALL, light, sum(int(b[:, 0].sum())
                                  for b in blocks), boot.resample_articles(
                np.hstack(blocks), _light_kappa([b.shape[1] for b in blocks]), samples, seed)))
    return out


def _kappa_stats(rows: list[tuple[int, Hashable, Hashable]], where: dict[int, int]) -> np.ndarray:
    """articles × (n, agreeing, a's count per value, b's count per value): κ's statistics."""
    both = [(aid, x, y) for aid, x, y in rows if x is not None and y is not None]
    values = {v: i for i, v in enumerate(scale_of({v for _, x, y in both for v in (x, y)}))}
    k = len(values)
    stats = np.zeros((len(where), 2 + 2 * k))
    for aid, x, y in both:
        row = stats[where[aid]]
        row[0] += 1
        row[1] += x == y
        row[2 + values[x]] += 1
        row[2 + k + values[y]] += 1
    return stats


def _kappa_block(sums: np.ndarray) -> np.ndarray:
    k = (sums.shape[1] - 2) // 2
    n, agree = sums[:, 0], sums[:, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        p_e = np.einsum("si,si->s", sums[:, 2:2 + k], sums[:, 2 + k:]) / n ** 2
        return np.where((n > 0) & (p_e < 1), (agree / n - p_e) / (1 - p_e), np.nan)


def _light_kappa(widths: list[int]):
    """Light's κ (mean pairwise κ) per resample, from the pairs' side-by-side stats."""
    edges = np.cumsum([0, *widths])

    def light(sums: np.ndarray) -> np.ndarray:
        kappas = np.stack([_kappa_block(sums[:, s:e]) for s, e in zip(edges, edges[1:])])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a resample with no defined κ
            return np.nanmean(kappas, axis=0)
    return light


# -- hot spots --------------------------------------------------------------------------------

def hot_spots(report: AgreementReport, limit: int = HOT_SPOTS) -> list[HotSpot]:
    """Where coders differ most: values of one variable in one article, or unmatched spans."""
    spots = []
    for name, matrix in report.matrices.items():
        for aid, units in _by_article(matrix).items():
            pairs: Counter[tuple[str, str]] = Counter()
            differing = pairable = 0
            for unit in units:
                present = {c: v for c, v in unit.items() if v is not None}
                if len(present) < 2:
                    continue
                pairable += 1
                if len(set(present.values())) > 1:
                    differing += 1
                    pairs.update((a, b) for a, b in combinations(sorted(present), 2)
                                 if present[a] != present[b])
            if differing:
                (a, b), _ = pairs.most_common(1)[0]
                spots.append(HotSpot(aid, LABELS.get(name, name), a, b, differing, pairable))
    for (layer, a, b), rows in report.span_counts.items():
        for aid, _exact, overlap, n_a, n_b in rows:
            if n_a + n_b - 2 * overlap:
                spots.append(HotSpot(aid, f"{layer} spans", a, b, n_a + n_b - 2 * overlap,
                                     n_a + n_b - overlap))
    spots.sort(key=lambda s: (-s.differing, -s.differing / max(s.units, 1), s.article_id))
    return spots[:limit]
