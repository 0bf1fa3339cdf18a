"""A coder's assigned list at 10k / 100k / 1M articles: one step of next / previous, the
progress line, the first chunk of the list.

    .venv/bin/python benchmarks/scale_assigned.py [--sizes 100000] [--steps 300]

Opens a copy of a generated project (``scale_projects.cached_project``; copied with
SQLite's backup API, so the cache keeps no assignments), splits it among three coders
(20% coded twice), and times, for ana, each kind of step from random articles
(``Store.neighbour_article_id`` with no filter, a status filter, "done, next", a
search) and the progress counts (``Store.status_counts``, counted over her
assignments), and for a coder with no assignment the same progress from the kept
counts. Figures are medians and maxima in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scale_projects import cached_project  # noqa: E402

from annotator.store import Store  # noqa: E402


def timed(fn, runs: int) -> tuple[float, float]:
    """(median, max) milliseconds of ``runs`` calls of ``fn`` (given the run's number)."""
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def measure(n: int, steps: int) -> None:
    source = cached_project(n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "team.db"
        src, dst = sqlite3.connect(source), sqlite3.connect(path)
        src.backup(dst)
        src.close()
        dst.close()
        with Store(path, coder="ana") as store:
            t0 = time.perf_counter()
            store.assign_articles(["ana", "ben", "cem"], overlap=0.2, seed=7)
            print(f"{n:,} articles: assign {time.perf_counter() - t0:.1f} s,"
                  f" ana has {len(store.list_article_ids(limit=n)):,}")
            rng = random.Random(1)
            starts = [rng.randrange(1, n) for _ in range(steps)]
            cases = {
                "next": {}, "previous": {"step": -1}, "next, status todo": {"status": "todo"},
                "next, status done": {"status": "done"}, "done, next": {"skip_done": True},
                "next, search": {"search": "the"}, "previous, search": {"search": "the",
                                                                          "step": -1},
            }
            for label, filters in cases.items():
                filters = dict(filters)
                step = filters.pop("step", +1)
                median, worst = timed(lambda i, f=filters, s=step: store.neighbour_article_id(
                    starts[i], s, **f), steps)
                print(f"  {label:<20} {median:7.3f} ms median, {worst:7.3f} max")
            median, worst = timed(lambda _i: store.status_counts(), 20)
            print(f"  {'progress (ana)':<20} {median:7.3f} ms median, {worst:7.3f} max")
            median, worst = timed(lambda _i: store.list_article_ids(limit=10_001), 5)
            print(f"  {'first 10,000 ids':<20} {median:7.3f} ms median, {worst:7.3f} max")
            with store.acting_as("gold"):
                median, worst = timed(lambda _i: store.status_counts(), 20)
                print(f"  {'progress (gold)':<20} {median:7.3f} ms median, {worst:7.3f} max")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        measure(n, args.steps)


if __name__ == "__main__":
    main()
