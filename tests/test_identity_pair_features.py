"""The possible tier's evidence in bulk (``pair_features``) equals ``pair_evidence`` pair by pair.

Every candidate pair of the generated regression names (with and without their
articles) and of the gold set's names is scored both ways; the values must be
the same doubles, so the ranking cannot move.
"""

from __future__ import annotations

import numpy as np
import pytest
from identity_gold import load_gold
from identity_regression import generated

from annotator.identity.evidence import FEATURES, pair_evidence
from annotator.identity.forms import name_form
from annotator.identity.pair_features import pair_values
from annotator.identity.possible import _context, _scores, candidate_pairs


def _both_ways(names, kinds, articles):
    forms = [name_form(n, k) for n, k in zip(names, kinds, strict=True)]
    context = _context(forms, kinds, articles) if articles is not None else None
    a, b = candidate_pairs(names, forms, kinds)
    spelling, words = _scores(a, b, forms)
    bulk = pair_values(a, b, names, forms, context, spelling, words)
    one_by_one = np.asarray([
        pair_evidence(x, y, names, forms, context, scores=(s, w)).values
        for x, y, s, w in zip(a.tolist(), b.tolist(), spelling.tolist(), words.tolist(),
                              strict=True)])
    return bulk, one_by_one


def _assert_same(bulk, one_by_one):
    assert bulk.shape == one_by_one.shape
    for column, feature in enumerate(FEATURES):
        differ = np.flatnonzero(bulk[:, column] != one_by_one[:, column])
        assert not len(differ), (feature, bulk[differ[:5], column], one_by_one[differ[:5], column])


@pytest.mark.parametrize("with_articles", [False, True])
def test_bulk_values_equal_pair_evidence_on_generated_names(with_articles):
    names, kinds, articles = generated()
    bulk, one_by_one = _both_ways(names, kinds, articles if with_articles else None)
    assert len(bulk) > 1000
    # the branches that go one by one in bulk are exercised too
    for feature in ("descriptor_extra", "modifier_extra", "head_extra", "acronym", "surname",
                    "short_word_differs", "gender_differs", "digits_differ"):
        assert one_by_one[:, FEATURES.index(feature)].any(), feature
    _assert_same(bulk, one_by_one)


def test_bulk_values_equal_pair_evidence_on_the_gold_names():
    rows = load_gold()
    names, kinds = [r.name for r in rows], [r.type for r in rows]
    ids: dict[str, int] = {}
    articles = [{ids.setdefault(a, len(ids)) for a in r.articles} for r in rows]
    bulk, one_by_one = _both_ways(names, kinds, articles)
    assert len(bulk) > 1000
    _assert_same(bulk, one_by_one)
