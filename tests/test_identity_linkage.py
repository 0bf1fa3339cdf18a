"""Complete linkage in numpy (``identity.linkage``) groups as the greedy loop did.

The reference below is the likely tier's joining as it was written before it
moved to numpy: pairs best first, two groups joined only when every cross pair
matches, then each group's names, best and weakest score.
"""

from __future__ import annotations

import random
from collections import defaultdict

import numpy as np
import pytest

from annotator.identity.linkage import components, group_rows, linked_groups


def reference(members: list[list[int]], pairs: dict[tuple[int, int], int]):
    root = list(range(len(members)))
    groups: dict[int, list[int]] = {}
    for (a, b), _ in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        ra, rb = root[a], root[b]
        if ra == rb:
            continue
        ga, gb = groups.get(ra, [ra]), groups.get(rb, [rb])
        if all((min(x, y), max(x, y)) in pairs for x in ga for y in gb):
            groups[ra] = ga + gb
            groups.pop(rb, None)
            for x in gb:
                root[x] = ra
    scores: dict[int, list[int]] = defaultdict(list)
    for (a, b), score in pairs.items():
        if root[a] == root[b]:
            scores[root[a]].append(score)
    result = []
    for item in range(len(members)):
        if root[item] != item:
            continue
        if item not in groups:
            if len(members[item]) > 1:
                result.append((tuple(members[item]), 100, 100))
            continue
        indices = sorted(i for x in groups[item] for i in members[x])
        got = scores.get(item, [])
        if len(indices) > len(groups[item]):
            got.append(100)
        result.append((tuple(indices), max(got), min(got)))
    return sorted(result, key=lambda g: g[0][0])


def _case(rng: random.Random, items: int, density: float):
    names = items + rng.randrange(items)
    item_of_name = np.asarray([rng.randrange(items) if k >= items else k
                               for k in range(names)], dtype=np.int64)
    rng.shuffle(item_of_name)
    members = [sorted(np.flatnonzero(item_of_name == x).tolist()) for x in range(items)]
    pairs = {(a, b): rng.choice((90, 91, 95, 97, 100))
             for a in range(items) for b in range(a + 1, min(items, a + 6))
             if rng.random() < density}
    return members, item_of_name, pairs


@pytest.mark.parametrize("seed", range(40))
def test_numpy_linkage_groups_as_the_greedy_loop(seed):
    rng = random.Random(seed)
    members, item_of_name, pairs = _case(rng, rng.randrange(2, 60), rng.choice((0.2, 0.5, 0.9)))
    group = linked_groups(pairs, len(members))
    assert group_rows(group, item_of_name, pairs) == reference(members, pairs)


def test_a_chain_is_not_one_group_and_a_triangle_is():
    members = [[0], [1], [2], [3], [4], [5]]
    pairs = {(0, 1): 95, (1, 2): 96, (3, 4): 90, (3, 5): 91, (4, 5): 92}
    rows = group_rows(linked_groups(pairs, 6), np.arange(6), pairs)
    assert rows == reference(members, pairs) == [((1, 2), 96, 96), ((3, 4, 5), 92, 90)]


def test_components_follow_long_chains():
    n = 1000
    a, b = np.arange(n - 1), np.arange(1, n)
    assert (components(a[::-1], b[::-1], n) == 0).all()
