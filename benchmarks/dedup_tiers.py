"""Speed of the identity tiers on synthetic names, against brute force, repeated.

    python benchmarks/dedup_tiers.py [--n 100000] [--runs 5] [--seed 7] [--kinds ...]

The names (``dedup.synthetic``) are made once and kept in the temporary directory
(making a million takes minutes); each measure then runs in a child process of its
own, which loads them, normalises them as the store does when it writes an entity
(``entities.norm_name``; not timed), and times the search alone, in wall seconds and
in CPU seconds of every thread (on a shared machine the CPU seconds say what the
search costs, the wall seconds also how busy the neighbours were). The parent reads
each child's peak RSS from outside with ``wait4``; runs are interleaved, and
min / median / max are printed with the load average:

- ``likely``: ``find_duplicates(names, types=, norms=)``, the likely tier as the store
  calls it (with the ``norm_name`` it keeps);
- ``tiers``: ``find_tiers`` (likely groups and ranked possible pairs in one search);
  skipped above 200,000 names unless named in ``--kinds``;
- ``brute``: what a competent engineer writes without blocking: ``process.cdist``
  over every pair of normalised names of one type at the possible tier's cutoff (80),
  chunked, ``workers=-1``; no rules, no evidence, so it is a floor on the cost of
  looking at every pair, not a rival in quality. Above 100,000 names it runs on the
  first 100,000 and its time is scaled by the square of the size (printed as such).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import child_usage  # noqa: E402

BRUTE_MAX = 100_000


def names_file(n: int, seed: int) -> Path:
    """The synthetic names, made once per (n, seed) and kept in the temporary directory."""
    path = Path(tempfile.gettempdir()) / f"annotator-dedup-names-{n}-{seed}.pkl"
    if not path.exists():
        from dedup import synthetic

        t = time.perf_counter()
        names, types, _ = synthetic(n, seed)
        part = path.with_suffix(".part")
        part.write_bytes(pickle.dumps((names, types)))
        part.rename(path)
        print(f"made {n:,} synthetic names in {time.perf_counter() - t:.0f} s ({path})",
              flush=True)
    return path


def child(kind: str, path: str) -> None:
    import numpy as np
    from rapidfuzz import fuzz, process

    from annotator.identity.candidates import find_duplicates
    from annotator.identity.normalise import normalise
    from annotator.identity.search import find_tiers

    names, types = pickle.loads(Path(path).read_bytes())
    if kind == "brute":
        names, types = names[:BRUTE_MAX], types[:BRUTE_MAX]
    norms = [normalise(n) for n in names]  # what the store keeps; not part of the search
    t, cpu = time.perf_counter(), time.process_time()
    if kind == "likely":
        found = len(find_duplicates(names, types=types, norms=norms))
    elif kind == "tiers":
        tiers = find_tiers(names, types=types, norms=norms)
        found = len(tiers.likely) + len(tiers.possible)
    else:
        found = 0
        by_type: dict[str, list[str]] = {}
        for norm, kind_ in zip(norms, types, strict=True):
            by_type.setdefault(kind_, []).append(norm)
        for strings in by_type.values():
            for r0 in range(0, len(strings), 512):
                scores = process.cdist(strings[r0:r0 + 512], strings, scorer=fuzz.ratio,
                                       score_cutoff=80, dtype=np.uint8, workers=-1)
                found += int(np.count_nonzero(scores))
    print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - cpu,
                      "found": found, "names": len(names)}))


def run(kind: str, path: Path) -> dict:
    """Wall and CPU seconds of the search, the child's peak RSS (MB, read here), results."""
    out, usage = child_usage([sys.executable, __file__, "--child", kind, "--path", str(path)])
    result = json.loads(out.strip().splitlines()[-1])
    result["rss"] = usage.ru_maxrss / 1024
    return result


def spread(values: list[float]) -> str:
    return (f"min {min(values):7.2f}  median {statistics.median(values):7.2f}  "
            f"max {max(values):7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kinds", nargs="+", choices=["likely", "tiers", "brute"])
    parser.add_argument("--child", choices=["likely", "tiers", "brute"])
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.path)
        return
    kinds = args.kinds or (["likely", "tiers", "brute"] if args.n <= 200_000
                           else ["likely", "brute"])
    path = names_file(args.n, args.seed)
    results: dict[str, list[dict]] = {k: [] for k in kinds}
    loads = []
    for _ in range(args.runs):
        for kind in kinds:  # interleaved, so a neighbour's burst hits every kind alike
            loads.append(os.getloadavg()[0])
            results[kind].append(run(kind, path))
    loads.append(os.getloadavg()[0])
    print(f"{args.n:,} synthetic names (seed {args.seed}), {args.runs} interleaved runs each, "
          f"1-min load average {min(loads):.2f}-{max(loads):.2f} on {os.cpu_count()} cores")
    medians = {}
    for kind in kinds:
        got = results[kind]
        scale = (args.n / got[0]["names"]) ** 2 if kind == "brute" else 1.0
        wall = [r["seconds"] * scale for r in got]
        cpu = [r["cpu"] * scale for r in got]
        medians[kind] = statistics.median(wall)
        what = {"brute": "pairs >= 80"}.get(kind, "groups/pairs")
        note = (f", timed on {got[0]['names']:,} names and scaled by "
                f"({args.n:,}/{got[0]['names']:,})^2" if scale != 1.0 else "")
        print(f"  {kind:<7} wall s {spread(wall)}   CPU s {spread(cpu)}   "
              f"peak RSS {max(r['rss'] for r in got):5.0f} MB  ({got[0]['found']:,} {what}"
              f"{note})")
    if "brute" in medians:
        for kind in kinds:
            if kind != "brute":
                print(f"  brute-force cdist / {kind}: {medians['brute'] / medians[kind]:.1f}x "
                      "(median wall over median wall)")


if __name__ == "__main__":
    main()
