"""Ranking possible pairs: hand-set weights first, then what the coders decided.

Every merge a coder makes is a pair known to be one actor, every "different"
a pair known to be two. Once a project has a few of each, a logistic
regression (scikit-learn) over the evidence features, with the hand-set
prior's logit as one more feature, re-ranks the possible pairs of that
project: if its coders keep merging "Syrian Arab Army"-like pairs and keep
rejecting first names, the list learns it. With too few decisions (or only one
kind) the prior ranks alone, so a new project behaves predictably.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from annotator.identity.evidence import Pair

MIN_DECISIONS = 6
"""Decisions (with at least two of each kind) before the learned ranking takes over."""


class Ranker(Protocol):
    def probability(self, pair: Pair) -> float: ...


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


class PriorRanker:
    """The hand-set weights of ``evidence.PRIOR_WEIGHTS``."""

    learned = False
    decisions = 0

    def probability(self, pair: Pair) -> float:
        return _sigmoid(pair.prior_logit())


class LearnedRanker:
    """Logistic regression over [features, prior logit], fitted on labelled pairs."""

    learned = True

    def __init__(self, model, decisions: int) -> None:
        self.model = model
        self.decisions = decisions

    def probability(self, pair: Pair) -> float:
        row = np.asarray([[*pair.values, pair.prior_logit()]])
        return float(self.model.predict_proba(row)[0, 1])


def ranker_from(labelled: Sequence[tuple[Pair, bool]]) -> PriorRanker | LearnedRanker:
    """The ranker the decisions support: learned with enough of both kinds, else the prior."""
    same = sum(1 for _, label in labelled if label)
    if len(labelled) < MIN_DECISIONS or same < 2 or len(labelled) - same < 2:
        return PriorRanker()
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - only when learning

    x = np.asarray([[*p.values, p.prior_logit()] for p, _ in labelled])
    y = np.asarray([label for _, label in labelled], dtype=int)
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    model.fit(x, y)
    return LearnedRanker(model, len(labelled))
