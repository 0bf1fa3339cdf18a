"""The likely tier's fuzzy pass finds every pair a brute-force ``cdist`` finds.

It compares rows only with the lengths they can reach (``candidates.reachable``)
and cuts blocks by length; neither may lose a pair.
"""

from __future__ import annotations

import numpy as np
import pytest
from identity_regression import generated
from rapidfuzz import fuzz, process

from annotator.identity.candidates import NameItems, matching_pairs
from annotator.identity.fuzzy_pass import reachable


def brute_force(items: NameItems, cutoff: int) -> dict[tuple[int, int], int]:
    found: dict[tuple[int, int], int] = {}
    kinds = np.asarray([str(t) for t in items.types])
    for kind in set(kinds.tolist()):
        ids = np.flatnonzero(kinds == kind)
        strings = [items.cores[i] for i in ids.tolist()]
        scores = process.cdist(strings, strings, scorer=fuzz.ratio, score_cutoff=cutoff,
                               dtype=np.uint8)
        r, c = np.nonzero(np.triu(scores, 1))
        found.update(zip(zip(ids[r].tolist(), ids[c].tolist(), strict=True),
                         scores[r, c].tolist(), strict=True))
    return found


@pytest.mark.parametrize("cutoff", [80, 90])
@pytest.mark.parametrize("chunk_rows", [7, 2048])
def test_the_fuzzy_pass_finds_what_brute_force_finds(cutoff, chunk_rows):
    names, types, _ = generated()
    items = NameItems.build(names, types)
    got = matching_pairs(items, threshold=cutoff, chunk_rows=chunk_rows, blocking=False,
                         verify=False)
    want = brute_force(items, cutoff)
    assert len(want) > 300
    assert {p: s for p, s in got.items() if p in want} == want  # flat pairs may add more


def test_reachable_is_the_bound_of_the_ratio():
    words = ["a" * n for n in range(1, 30)]
    la = np.asarray([len(w) for w in words])
    for cutoff in (50, 80, 90, 95):
        for w, n in zip(words, la, strict=True):
            best = np.asarray([fuzz.ratio(w, v) for v in words])  # one a string inside the other
            assert ((best >= cutoff) == reachable(np.full(len(la), n), la, cutoff)).all()
