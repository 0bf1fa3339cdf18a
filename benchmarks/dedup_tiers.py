"""Speed of the identity tiers on synthetic names, against brute force, repeated.

    python benchmarks/dedup_tiers.py [--n 100000] [--runs 5] [--seed 7]

Each measure runs in a child process of its own (so peak RSS is read from outside,
by the parent, with ``getrusage(RUSAGE_CHILDREN)`` of that child alone), runs are
interleaved, and min / median / max are printed with the load average:

- ``likely``: ``find_duplicates`` (the likely tier alone);
- ``tiers``: ``find_tiers`` (likely groups and ranked possible pairs in one search);
- ``brute``: what a competent engineer writes without blocking: ``process.cdist``
  over every pair of normalised names of one type at the possible tier's cutoff
  (80), chunked, ``workers=-1``; no rules, no evidence, so it is a floor on the
  cost of looking at every pair, not a rival in quality.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import child_run  # noqa: E402


def child(kind: str, n: int, seed: int) -> None:
    import numpy as np
    from dedup import synthetic
    from rapidfuzz import fuzz, process

    from annotator.identity.candidates import find_duplicates
    from annotator.identity.normalise import normalise
    from annotator.identity.search import find_tiers

    names, types, _ = synthetic(n, seed)
    t = time.perf_counter()
    if kind == "likely":
        found = len(find_duplicates(names, types=types))
    elif kind == "tiers":
        tiers = find_tiers(names, types=types)
        found = len(tiers.likely) + len(tiers.possible)
    else:
        found = 0
        by_type: dict[str, list[str]] = {}
        for name, kind_ in zip(names, types, strict=True):
            by_type.setdefault(kind_, []).append(normalise(name))
        for strings in by_type.values():
            for r0 in range(0, len(strings), 512):
                scores = process.cdist(strings[r0:r0 + 512], strings, scorer=fuzz.ratio,
                                       score_cutoff=80, dtype=np.uint8, workers=-1)
                found += int(np.count_nonzero(scores))
    print(json.dumps({"seconds": time.perf_counter() - t, "found": found}))


def run(kind: str, n: int, seed: int) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB read by this parent, results) of one child run."""
    out, rss = child_run([sys.executable, __file__, "--child", kind, "--n", str(n),
                          "--seed", str(seed)])
    result = json.loads(out.strip().splitlines()[-1])
    return result["seconds"], rss, result["found"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", choices=["likely", "tiers", "brute"])
    args = parser.parse_args()
    if args.child:
        child(args.child, args.n, args.seed)
        return
    kinds = ["likely", "tiers", "brute"]
    times: dict[str, list[float]] = {k: [] for k in kinds}
    rss: dict[str, float] = dict.fromkeys(kinds, 0.0)
    found: dict[str, int] = {}
    loads = []
    for _ in range(args.runs):
        for kind in kinds:  # interleaved, so a neighbour's burst hits all three alike
            loads.append(os.getloadavg()[0])
            seconds, peak, results = run(kind, args.n, args.seed)
            times[kind].append(seconds)
            rss[kind] = max(rss[kind], peak)
            found[kind] = results
    print(f"{args.n:,} synthetic names, {args.runs} interleaved runs each, load average "
          f"{min(loads):.2f}-{max(loads):.2f} (2 cores)")
    for kind in kinds:
        t = times[kind]
        print(f"  {kind:<7} min {min(t):6.2f} s  median {statistics.median(t):6.2f} s  "
              f"max {max(t):6.2f} s  peak RSS {rss[kind]:5.0f} MB  ({found[kind]:,} "
              f"{'groups/pairs' if kind != 'brute' else 'pairs >= 80'})")
    base = statistics.median(times["brute"])
    for kind in ("likely", "tiers"):
        print(f"  brute-force cdist / {kind}: {base / statistics.median(times[kind]):.2f}x "
              "(median over median)")


if __name__ == "__main__":
    main()
