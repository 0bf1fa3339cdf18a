"""The likely tier's fuzzy pass: ``fuzz.ratio`` of every pair inside each block, in bulk.

Blocks are the items of one type with the same initials (``NameItems.blocks``).
Small blocks are cut into explicit pairs for ``cpdist``; big ones go through
``cdist`` by row ranges, sorted by length so that each range meets only the
lengths that can reach the cutoff (``reachable``): at 1,000,000 names that is
about a third of the cells of every pair of a block.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz, process

DEFAULT_CHUNK_ROWS = 2048
_MAX_CELLS = 1 << 24  # at most 16 MB of uint8 scores per cdist call, whatever the block size
_PAIR_BATCH = 1 << 20  # pairs per cpdist call for small blocks


THREADED_CELLS = 1 << 22
"""Scores one rapidfuzz call must compute before it is worth its threads (``workers``).

Measured on the 1,000,000 synthetic names, 4,300 cdist calls of 103 million cells in
all, on 2 cores under a load of 4: threads for every call 5.0 s wall, 3.1 s CPU; one
thread for every call 2.7 s wall, 2.1 s CPU (starting and joining threads for a small
matrix costs more than it saves, and on a busy machine the second core is not free).
Calls of 4 million scores or more (a few hundred ms each) still use every core.
"""


def workers(cells: int) -> int:
    """rapidfuzz's ``workers`` for a call computing ``cells`` scores."""
    return -1 if cells >= THREADED_CELLS else 1


class Cancelled(Exception):  # noqa: N818 - reads as "the search was cancelled"
    """Raised by the search when its ``cancel`` callable returned true."""


def scored_blocks(cores: list[str], blocks: list[list[int]], cutoff: int, chunk_rows: int,
                   progress, cancel) -> dict[tuple[int, int], int]:
    """Fuzzy ratio >= cutoff of every pair inside each block, in bounded memory.

    Small blocks are cut into explicit pairs and scored with one ``cpdist`` per
    batch (one cdist call per tiny block would cost more in call overhead than
    in comparing); big blocks go through ``cdist`` in row chunks, upper
    triangle only, with ``dtype=uint8`` so a chunk is rows x block bytes.
    """
    chunk_rows = max(1, int(chunk_rows))
    small_limit = min(64, chunk_rows)
    small = [b for b in blocks if len(b) < small_limit]
    big = [b for b in blocks if len(b) >= small_limit]
    left, right = _small_block_pairs(small)
    total = len(left) + sum(len(b) * (len(b) - 1) // 2 for b in big)
    done = 0
    found: dict[tuple[int, int], int] = {}

    def step(n: int) -> None:
        nonlocal done
        done += n
        if cancel is not None and cancel():
            raise Cancelled
        if progress is not None:
            progress(done, total)

    length = np.fromiter(map(len, cores), dtype=np.int64, count=len(cores))
    for start in range(0, len(left), _PAIR_BATCH):
        a, b = left[start:start + _PAIR_BATCH], right[start:start + _PAIR_BATCH]
        near = reachable(length[a], length[b], cutoff)
        batch, (a, b) = len(a), (a[near], b[near])
        scores = process.cpdist([cores[i] for i in a.tolist()], [cores[j] for j in b.tolist()],
                                scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8,
                                workers=workers(len(a)))
        hit = np.nonzero(scores)[0]
        found.update(zip(zip(a[hit].tolist(), b[hit].tolist(), strict=True),
                         scores[hit].tolist(), strict=True))
        step(batch)
    for block in big:
        ids = np.asarray(block)
        ids = ids[np.argsort(length[ids], kind="stable")]  # by length: a row meets a window
        lens = length[ids]
        strings = [cores[i] for i in ids.tolist()]
        rows = max(1, min(chunk_rows, _MAX_CELLS // len(block)))
        reach = np.full(len(block), len(block)) if cutoff <= 0 else np.searchsorted(
            lens, lens * (200 - cutoff) // cutoff, side="right")  # past the longest it meets
        for r0, r1 in _length_chunks(lens, rows):
            end = max(int(reach[r1 - 1]), r1)
            scores = process.cdist(strings[r0:r1], strings[r0:end], scorer=fuzz.ratio,
                                   score_cutoff=cutoff, dtype=np.uint8,
                                   workers=workers((r1 - r0) * (end - r0)))
            r, c = np.nonzero(scores)
            upper = c > r  # column c is item r0 + c; keep each pair once
            r, c = r[upper], c[upper]
            a, b = ids[r + r0], ids[c + r0]
            found.update(zip(zip(np.minimum(a, b).tolist(), np.maximum(a, b).tolist(),
                                 strict=True), scores[r, c].tolist(), strict=True))
            step(sum(len(block) - r0 - k - 1 for k in range(r1 - r0)))
    if progress is not None and done == 0:
        progress(0, 0)
    return found


_LENGTH_ROWS = 64  # rows of several lengths go together below this many: fewer calls


def _length_chunks(lens: np.ndarray, rows: int) -> list[tuple[int, int]]:
    """Row ranges of a block sorted by length: the rows of one length together (with
    the next lengths while they are fewer than ``_LENGTH_ROWS``), at most ``rows``, so
    that each range is compared only with the lengths its longest row can reach."""
    starts = np.flatnonzero(np.r_[True, lens[1:] != lens[:-1]]).tolist() + [len(lens)]
    chunks: list[tuple[int, int]] = []
    r0 = 0
    for stop in starts[1:]:
        if stop - r0 >= _LENGTH_ROWS or stop == len(lens):
            while stop - r0 > rows:
                chunks.append((r0, r0 + rows))
                r0 += rows
            if stop > r0:
                chunks.append((r0, stop))
            r0 = stop
    return chunks


def reachable(la: np.ndarray, lb: np.ndarray, cutoff: int) -> np.ndarray:
    """Whether strings of these lengths can reach ``fuzz.ratio`` >= cutoff at all.

    The ratio is 100 * (1 - indel distance / (la + lb)), and the distance is at
    least the difference in length, so it is at most 200 * min / (la + lb): names of
    10 and 13 letters never reach 90. Compared in integers, so no pair that can
    reach the cutoff is left out.
    """
    return 200 * np.minimum(la, lb) >= cutoff * (la + lb)


def _small_block_pairs(blocks: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """All within-block pairs (a < b) of small blocks, built per block size in numpy."""
    by_size: dict[int, list[list[int]]] = defaultdict(list)
    for block in blocks:
        by_size[len(block)].append(sorted(block))
    left, right = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
    for size, group in by_size.items():
        arr = np.asarray(group, dtype=np.int64)
        i, j = np.triu_indices(size, 1)
        left.append(arr[:, i].ravel())
        right.append(arr[:, j].ravel())
    return np.concatenate(left), np.concatenate(right)
