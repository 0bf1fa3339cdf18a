"""Complete linkage of matching name items into groups, most of it in numpy.

The likely tier joins items best pair first, but only when every cross pair of
the two groups matches, so that A~B and B~C never pull an unrelated C into A's
group. Most items that match anything form small components of the pair graph
in which every pair matches (a clique): there the greedy joining can only end
with the whole component as one group, whatever the order. So components are
found first (label propagation in numpy), cliques become groups at once, and
only the other components go through the greedy joining in Python. At 1,000,000
names that is a few thousand pairs of 250,000.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np


def components(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """The smallest node of the component of each of the ``n`` nodes (edges ``a``-``b``)."""
    label = np.arange(n, dtype=np.int64)
    while True:
        low = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]  # jump to the label's label: long chains settle in a few rounds
        if np.array_equal(new, label):
            return label
        label = new


def linked_groups(pairs: dict[tuple[int, int], int], n: int) -> np.ndarray:
    """The group of each of ``n`` items under complete linkage of ``pairs``
    ({(a, b): score}, a < b): equal numbers for items of one group, an item's own
    index for an item alone (the group number is the smallest item of its component
    for cliques, and an item of the group otherwise)."""
    if not pairs:
        return np.arange(n, dtype=np.int64)
    flat = np.fromiter(chain.from_iterable(pairs), dtype=np.int64, count=2 * len(pairs))
    a, b = flat[0::2], flat[1::2]
    label = components(a, b, n)
    edges = np.bincount(label[a[a != b]], minlength=n)  # a pair of one item joins nothing
    nodes = np.bincount(label, minlength=n)
    clique = edges == nodes * (nodes - 1) // 2
    group = label.copy()
    loose = np.flatnonzero(~clique[label[a]])  # pairs of components that are no clique
    if len(loose):
        keys = list(pairs)
        _greedy(pairs, [keys[k] for k in loose.tolist()], group)
    return group


def _greedy(pairs: dict[tuple[int, int], int], keys: Sequence[tuple[int, int]],
            group: np.ndarray) -> None:
    """Join the items of ``keys``' pairs best pair first when every cross pair matches
    (ties by the pair), writing each item's group into ``group``."""
    items = sorted({x for key in keys for x in key})
    root = {x: x for x in items}
    members: dict[int, list[int]] = {}
    for a, b in sorted(keys, key=lambda k: (-pairs[k], k)):
        ra, rb = root[a], root[b]
        if ra == rb:
            continue
        ga, gb = members.get(ra, [ra]), members.get(rb, [rb])
        if all((min(x, y), max(x, y)) in pairs for x in ga for y in gb):
            members[ra] = ga + gb
            members.pop(rb, None)
            for x in gb:
                root[x] = ra
    for x in items:
        group[x] = root[x]


def group_rows(group: np.ndarray, item_of_name: np.ndarray, pairs: dict[tuple[int, int], int]
               ) -> list[tuple[tuple[int, ...], int, int]]:
    """(input indices, best score, weakest score) of each group of two or more names,
    ordered by their first index.

    ``item_of_name[i]`` is the item of input name i (-1 for none). The scores are
    those of the group's pairs, and 100 for names that normalise alike (one item
    of several names; alone, such an item is a group of score 100).
    """
    named = np.flatnonzero(item_of_name >= 0)
    label = group[item_of_name[named]]
    order = np.argsort(label, kind="stable")  # names ascending within a group
    names, label = named[order], label[order]
    starts = np.flatnonzero(np.r_[True, label[1:] != label[:-1]])
    ends = np.r_[starts[1:], len(label)]
    big = (ends - starts) > 1
    starts, ends = starts[big], ends[big]
    items = np.bincount(group[np.unique(item_of_name[named])], minlength=len(group))
    best = np.full(len(group), -1, dtype=np.int64)
    worst = np.full(len(group), 101, dtype=np.int64)
    if pairs:
        flat = np.fromiter(chain.from_iterable(pairs), dtype=np.int64, count=2 * len(pairs))
        score = np.fromiter(pairs.values(), dtype=np.int64, count=len(pairs))
        a, b = flat[0::2], flat[1::2]
        inside = (group[a] == group[b]) & (items[group[a]] > 1)  # an item alone has no pairs
        np.maximum.at(best, group[a[inside]], score[inside])
        np.minimum.at(worst, group[a[inside]], score[inside])
    g = label[starts]
    several = (ends - starts) > items[g]  # some item has more than one name: a pair of 100
    best_g = np.where(several, np.maximum(best[g], 100), best[g])
    worst_g = np.where(several, np.minimum(worst[g], 100), worst[g])
    first = names[starts]
    rows = sorted(zip(first.tolist(), starts.tolist(), ends.tolist(), best_g.tolist(),
                      worst_g.tolist(), strict=True))
    listed = names.tolist()
    return [(tuple(listed[s:e]), hi, lo) for _, s, e, hi, lo in rows]
