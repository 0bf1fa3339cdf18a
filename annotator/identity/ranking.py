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

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from annotator.identity.evidence import Pair, prior_logits

MIN_DECISIONS = 6
"""Decisions (with at least two of each kind) before the learned ranking takes over."""


class Ranker(Protocol):
    def probabilities(self, values: np.ndarray) -> np.ndarray:
        """Probability-like score of each row of feature values (``evidence.FEATURES``)."""


class PriorRanker:
    """The hand-set weights of ``evidence.PRIOR_WEIGHTS``."""

    learned = False
    decisions = 0

    def probabilities(self, values: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(prior_logits(values), -30, 30)))


class LearnedRanker:
    """Logistic regression over [features, prior logit], fitted on labelled pairs."""

    learned = True

    def __init__(self, model, decisions: int) -> None:
        self.model = model
        self.decisions = decisions

    def probabilities(self, values: np.ndarray) -> np.ndarray:
        if not len(values):
            return np.empty(0)
        return self.model.predict_proba(_with_prior(values))[:, 1]


def _with_prior(values: np.ndarray) -> np.ndarray:
    return np.column_stack([values, prior_logits(values)])


def ranker_from(labelled: Sequence[tuple[Pair, bool]]) -> PriorRanker | LearnedRanker:
    """The ranker the decisions support: learned with enough of both kinds, else the prior."""
    same = sum(1 for _, label in labelled if label)
    if len(labelled) < MIN_DECISIONS or same < 2 or len(labelled) - same < 2:
        return PriorRanker()
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - only when learning

    x = _with_prior(np.asarray([p.values for p, _ in labelled]))
    y = np.asarray([label for _, label in labelled], dtype=int)
    model = LogisticRegression(C=0.1, max_iter=1000)
    model.fit(x, y)
    return LearnedRanker(model, len(labelled))
