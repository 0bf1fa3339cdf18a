"""Confidence intervals: Hayes & Krippendorff's bootstrap of α, and resampling articles.

**α** (Krippendorff, "Algorithm for bootstrapping a distribution of α", 2006,
revised 2011; Hayes & Krippendorff 2007, the KALPHA macro): each sample draws
M pairs of values with replacement from the observed coincidences (cell c,k
with probability o_ck / n..), and α* = 1 - Σ δ²(drawn) / (M · D_e), keeping
the original D_e. M = min(25 · Q, (m - 1) · n.. / 2), Q being the number of
non-empty cells and m the number of coders: the draw count the algorithm
caps, so the interval stops shrinking once the data hold more than 25 · Q
pairs. α* below -1 is set to -1; samples whose pairs all fall on the diagonal
of one single value (α* = 1 by 0/0) are set to 0, as many as their expected
number. q(α < cut-off) is the share of α* below the cut-off.

**Span F1, κ and per-article α** have no coincidence matrix to draw from; their
intervals resample articles with replacement (the units coders were sampled
by), recomputing the figure from per-article counts, so a sample costs a
matrix product, not a pass over the data.

Every draw comes from ``numpy.random.default_rng(seed)``: the same seed gives
the same interval, which a methods section can state.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from annotator.team.coincidences import Coincidences

DEFAULT_SAMPLES = 10_000
DEFAULT_SEED = 20070101  # Hayes & Krippendorff, Communication Methods and Measures 1(1), 2007
CUTOFFS = (0.800, 0.667)
#: Samples drawn at once: bounds memory at CHUNK × cells counts.
CHUNK = 1_000


@dataclass(frozen=True)
class Interval:
    """A bootstrap distribution summarised: 95% interval and the chance of missing each cut-off."""

    low: float
    high: float
    samples: int
    below: tuple[tuple[float, float], ...] = ()  # (cut-off, q(α < cut-off))

    def q(self, cutoff: float) -> float:
        return dict(self.below).get(cutoff, math.nan)


NO_INTERVAL = Interval(math.nan, math.nan, 0)


def summarise(draws: np.ndarray, cutoffs: tuple[float, ...] = CUTOFFS) -> Interval:
    """The 2.5th and 97.5th percentile of the defined draws, and the share below each cut-off."""
    draws = draws[~np.isnan(draws)]
    if not draws.size:
        return NO_INTERVAL
    low, high = np.quantile(draws, [0.025, 0.975])
    return Interval(float(low), float(high), int(draws.size),
                    tuple((c, float(np.mean(draws < c))) for c in cutoffs))


def alpha_draws(co: Coincidences, samples: int, seed: int) -> np.ndarray:
    """Hayes & Krippendorff's bootstrap distribution of α from one coincidence matrix."""
    n = co.n
    expected = co.expected_disagreement()
    if samples <= 0 or n < 2 or not expected or math.isnan(expected):
        return np.array([])
    cells = co.matrix > 0
    m = max(co.most_per_unit, 2)
    draws_per_sample = max(1, int(min(25 * cells.sum(), (m - 1) * n / 2)))
    # Only the sum of the drawn δ² matters, so cells with equal δ² are drawn as one class
    # (nominal: two classes), which makes a sample cost O(classes), not O(cells).
    classes, which = np.unique(co.delta()[cells], return_inverse=True)
    p = np.bincount(which.ravel(), weights=co.matrix[cells] / n, minlength=len(classes))
    rng = np.random.default_rng(seed)
    out = np.empty(samples)
    for start in range(0, samples, CHUNK):
        size = min(CHUNK, samples - start)
        counts = rng.multinomial(draws_per_sample, p / p.sum(), size=size)
        out[start:start + size] = 1 - (counts @ classes) / (draws_per_sample * expected)
    out = np.maximum(out, -1.0)
    diagonal = np.diag(co.matrix)
    ones = np.flatnonzero(out == 1)
    if np.count_nonzero(diagonal) == 1:
        out[ones] = 0.0  # one single value drawn throughout: no variation, α undefined
    elif ones.size:
        undefined = round(samples * float(np.sum((diagonal / n) ** draws_per_sample)))
        out[ones[:min(undefined, ones.size)]] = 0.0
    return out


def alpha_interval(co: Coincidences, samples: int = DEFAULT_SAMPLES,
                   seed: int = DEFAULT_SEED) -> Interval:
    return summarise(alpha_draws(co, samples, seed))


@lru_cache(maxsize=16)
def article_weights(articles: int, samples: int, seed: int) -> np.ndarray:
    """samples × articles: how often each article is drawn in each resample (rows sum to n).

    The same draws serve every figure of a report (cached; read-only), so the
    intervals of F1 and κ come from the same resampled article sets.
    """
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(articles, np.full(articles, 1 / articles), size=samples)
    weights = weights.astype(float)  # a float matrix product runs in BLAS
    weights.flags.writeable = False
    return weights


def resample_articles(per_article: np.ndarray, figure: Callable[[np.ndarray], np.ndarray],
                      samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED) -> Interval:
    """The interval of ``figure`` over article resamples.

    ``per_article`` is articles × counts (matched spans, spans of a, of b; or a
    flattened contingency table); each resample sums the drawn articles'
    counts, and ``figure`` turns a samples × counts array into one value per
    sample.
    """
    if samples <= 0 or not len(per_article):
        return NO_INTERVAL
    out = []
    for start in range(0, samples, CHUNK):
        weights = article_weights(len(per_article), min(CHUNK, samples - start), seed + start)
        out.append(figure(weights @ per_article))
    return summarise(np.concatenate(out))


def f1_of(counts: np.ndarray) -> np.ndarray:
    """Span F1 per row of (matched, spans of a, spans of b) sums."""
    total = counts[:, 1] + counts[:, 2]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, 2 * counts[:, 0] / total, np.nan)


def kappa_of(k: int) -> Callable[[np.ndarray], np.ndarray]:
    """Cohen's κ per row of flattened k × k contingency tables."""
    def kappa(tables: np.ndarray) -> np.ndarray:
        t = tables.reshape(len(tables), k, k).astype(float)
        n = t.sum(axis=(1, 2))
        with np.errstate(invalid="ignore", divide="ignore"):
            p_o = np.trace(t, axis1=1, axis2=2) / n
            p_e = np.einsum("si,si->s", t.sum(axis=2), t.sum(axis=1)) / n ** 2
            return np.where((n > 0) & (p_e < 1), (p_o - p_e) / (1 - p_e), np.nan)
    return kappa


def mean_of(values: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """The mean of per-article figures (nan ones left out) per row of article counts.

    Used with ``per_article`` = the identity matrix, so each row of the sums
    is how often each article was drawn.
    """
    defined = ~np.isnan(values)
    clean = np.where(defined, values, 0.0)

    def mean(weights: np.ndarray) -> np.ndarray:
        drawn = weights @ defined
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(drawn > 0, (weights @ clean) / drawn, np.nan)
    return mean
