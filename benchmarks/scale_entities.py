"""Entities at scale: the typeahead from opening a project, and the duplicate search.

    python benchmarks/scale_entities.py [--sizes 10000,100000[,1000000]] [--runs 5]
                                        [--baseline-max 100000] [--cdist-max 100000]

Projects of synthetic names (``benchmarks/dedup.py``'s generator: 1 to ~8 spellings of
each base name, realistic types), a tenth of the entities with mentions (Zipf-like
counts), built once per size with the store's own schema and name index. Each measure
runs in a child process of its own, runs interleaved, min / median / max printed with
the load average and peak RSS read by the parent (``timing.child_run``):

- ``open``: open the project, then the first keystroke ("a") answered; then ``suggest``
  over 400 queries (prefixes of random names, 1 character to whole, and 10% with a
  typo), p50 and p95; then the first fuzzy query (builds the trigram pool) alone;
- ``memory``: what the program did before (issue 10): build ``SuggestionIndex`` from
  every name at open, then the first keystroke. Only up to ``--baseline-max``
  entities (at 1M it took 66-84 s and 2.8 GB);
- ``dedup``: ``find_duplicates`` over the project's names and types;
- ``cdist``: brute-force ``process.cdist`` over every pair of normalised names of one
  type at cutoff 80, chunked, ``workers=-1`` (a floor on looking at every pair), only
  up to ``--cdist-max`` names: it grows with the square.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import child_run  # noqa: E402

SEED = 7


def build(path: Path, n: int) -> float:
    """A project of ``n`` synthetic entities; seconds it took (names indexed as m008 does)."""
    from dedup import synthetic

    from annotator.identity.normalise import normalise
    from annotator.model import ArticleDraft
    from annotator.store import Store
    from annotator.store.name_index import refresh_entity_names

    t = time.perf_counter()
    names, types, _ = synthetic(n, SEED)
    with Store(path, coder="bench") as store:
        aid = store.add_articles([ArticleDraft("t", "x" * 100)]).inserted[0]
        conn = store.db.conn
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO entities(id, name, norm_name, type) VALUES (?, ?, ?, ?)",
                         ((i + 1, name, normalise(name), kind)
                          for i, (name, kind) in enumerate(zip(names, types, strict=True))))
        rng = random.Random(SEED)
        mentioned = rng.sample(range(1, n + 1), n // 10)
        conn.executemany("INSERT INTO mentions(article_id, entity_id, start, \"end\", text)"
                         " VALUES (?, ?, 0, 1, 'x')",
                         ((aid, e) for k, e in enumerate(mentioned)
                          for _ in range(1 + 50 // (1 + k))))
        refresh_entity_names(conn, None)
        conn.commit()
    return time.perf_counter() - t


def queries(n: int) -> list[str]:
    from dedup import synthetic

    names, _, _ = synthetic(n, SEED)
    rng = random.Random(SEED + 1)
    out = []
    for _ in range(400):
        name = rng.choice(names)
        q = name[:rng.randint(1, len(name))]
        if rng.random() < 0.1 and len(q) > 4:
            k = rng.randrange(1, len(q) - 1)
            q = q[:k] + q[k + 1] + q[k] + q[k + 2:]  # two letters swapped
        out.append(q)
    return out


def child(kind: str, path: str, n: int) -> None:
    from annotator.store import Store

    result: dict[str, float] = {}
    if kind in ("open", "memory"):
        qs = queries(n)
        t = time.perf_counter()
        store = Store(path)
        if kind == "memory":
            from annotator.identity.typeahead import SuggestionIndex

            index = SuggestionIndex.from_normalised(store.typeahead_records())
            suggest = index.suggest
        else:
            suggest = store.suggest_entities
        suggest("a", 8)
        result["first"] = time.perf_counter() - t
        if kind == "open":
            t = time.perf_counter()
            suggest("iraqi amry", 8)  # a typo: the fuzzy tier's pool is built here
            result["fuzzy_first"] = time.perf_counter() - t
        times = []
        for q in qs:
            t = time.perf_counter()
            suggest(q, 8)
            times.append(time.perf_counter() - t)
        times.sort()
        result["p50"] = times[len(times) // 2]
        result["p95"] = times[int(len(times) * 0.95)]
        store.close()
    else:
        import numpy as np
        from rapidfuzz import fuzz, process

        from annotator.identity.candidates import find_duplicates

        with Store(path) as store:
            rows = store.db.execute("SELECT name, norm_name, type FROM entities"
                                    " WHERE merged_into IS NULL ORDER BY id").fetchall()
        t = time.perf_counter()
        if kind == "dedup":
            result["found"] = len(find_duplicates([r[0] for r in rows], types=[r[2] for r in rows]))
        else:
            by_type: dict[str, list[str]] = {}
            for _, norm, kind_ in rows:
                by_type.setdefault(kind_, []).append(norm)
            found = 0
            for strings in by_type.values():
                for r0 in range(0, len(strings), 512):
                    scores = process.cdist(strings[r0:r0 + 512], strings, scorer=fuzz.ratio,
                                           score_cutoff=80, dtype=np.uint8, workers=-1)
                    found += int(np.count_nonzero(scores))
            result["found"] = found
        result["seconds"] = time.perf_counter() - t
    print(json.dumps(result))


def stats(values: list[float], unit: str, scale: float = 1.0) -> str:
    v = [x * scale for x in values]
    return f"min {min(v):8.1f}  median {statistics.median(v):8.1f}  max {max(v):8.1f} {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-max", type=int, default=100_000)
    parser.add_argument("--cdist-max", type=int, default=100_000)
    parser.add_argument("--child", choices=["open", "memory", "dedup", "cdist"])
    parser.add_argument("--path")
    parser.add_argument("--n", type=int)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.path, args.n)
        return
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "p.db"
            built = build(path, n)
            kinds = ["open", "dedup"]
            if n <= args.baseline_max:
                kinds.insert(1, "memory")
            if n <= args.cdist_max:
                kinds.append("cdist")
            results: dict[str, list[dict]] = {k: [] for k in kinds}
            rss = dict.fromkeys(kinds, 0.0)
            loads = []
            for _ in range(args.runs):
                for kind in kinds:  # interleaved: a neighbour's burst hits all alike
                    loads.append(os.getloadavg()[0])
                    out, peak = child_run([sys.executable, __file__, "--child", kind,
                                           "--path", str(path), "--n", str(n)])
                    results[kind].append(json.loads(out.strip().splitlines()[-1]))
                    rss[kind] = max(rss[kind], peak)
            print(f"{n:,} entities (built in {built:.1f} s, file {path.stat().st_size / 1e6:.0f}"
                  f" MB), {args.runs} interleaved runs, load average {min(loads):.2f}-"
                  f"{max(loads):.2f} (2 cores)")
            for kind in ("open", "memory"):
                if kind not in results:
                    continue
                r = results[kind]
                label = "name index" if kind == "open" else "in-memory index (before)"
                print(f"  {label}: open -> first answer {stats([x['first'] for x in r], 'ms', 1e3)}"
                      f"; peak RSS {rss[kind]:.0f} MB")
                print(f"    suggest p50 {stats([x['p50'] for x in r], 'ms', 1e3)}")
                print(f"    suggest p95 {stats([x['p95'] for x in r], 'ms', 1e3)}")
                if kind == "open":
                    print(f"    first fuzzy query (builds the trigram pool) "
                          f"{stats([x['fuzzy_first'] for x in r], 'ms', 1e3)}")
            for kind in ("dedup", "cdist"):
                if kind in results:
                    r = results[kind]
                    print(f"  {kind:<5} {stats([x['seconds'] for x in r], 's')}; peak RSS "
                          f"{rss[kind]:.0f} MB ({int(r[-1]['found']):,} "
                          f"{'groups' if kind == 'dedup' else 'pairs >= 80'})")
            if "cdist" in results:
                ratio = statistics.median(x["seconds"] for x in results["cdist"]) / \
                    statistics.median(x["seconds"] for x in results["dedup"])
                print(f"  cdist / find_duplicates: {ratio:.2f}x (median over median)")
            else:
                print(f"  cdist not run at {n:,} names (quadratic; --cdist-max {args.cdist_max:,})")
            if "memory" in results:
                ratio = statistics.median(x["first"] for x in results["memory"]) / \
                    statistics.median(x["first"] for x in results["open"])
                print(f"  first answer, in-memory / name index: {ratio:.0f}x")


if __name__ == "__main__":
    main()
