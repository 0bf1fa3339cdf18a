"""Entities at scale: the typeahead from opening a project, and the duplicate search.

    python benchmarks/scale_entities.py [--sizes 10000,100000[,1000000]] [--runs 5]
                                        [--measures open,memory,fold,upgrade,dedup,cdist]
                                        [--baseline-max 1000000] [--cdist-max 100000]

Projects of synthetic names (``benchmarks/dedup.py``'s generator: 1 to ~8 spellings of
each base name, realistic types; made once per size and kept in the temporary directory,
as ``dedup_tiers.py`` does), a tenth of the entities with mentions (Zipf-like counts),
built once per size by a bulk path: rows inserted with ``executemany``, then the name
index and its trigram postings written by the store's own functions
(``refresh_entity_names``, ``fold_name_grams``), as the m008 and m011 backfills do.
Each measure runs in a child process of its own, runs interleaved, min / median / max
printed with the load average and peak RSS read by the parent (``timing.child_run``):

- ``open``: open the project, then the first keystroke ("a") answered; then the first
  fuzzy query ("iraqi amry"); then ``suggest`` over a typed sequence of ~400
  keystrokes: names typed letter by letter, one in six with two letters swapped
  along the way (the coder types on past the typo), p50, p95 and max;
- ``memory``: what the program did before (issue 10): build ``SuggestionIndex`` from
  every name at open, then the same first keystroke and typed sequence;
- ``fold``: the write that folds ``FOLD_AFTER`` + 1 new names into the postings
  (rolled back, so the project stays as built): what one edit in a thousand costs;
- ``upgrade``: open a copy of the project made as before m011 (no trigram postings, the
  old indexes), which runs the m011 upgrade: what opening an old project costs once;
- ``dedup``: ``find_duplicates`` over the project's names and types;
- ``cdist``: brute-force ``process.cdist`` over every pair of normalised names of one
  type at cutoff 80, chunked, ``workers=-1`` (a floor on looking at every pair), only
  up to ``--cdist-max`` names: it grows with the square.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup_tiers import names_file  # noqa: E402
from timing import child_run  # noqa: E402

SEED = 7
KINDS = ("open", "memory", "fold", "upgrade", "dedup", "cdist")
#: The project and the typed sequence are made in a child too: a child's peak RSS as
#: ``wait4`` reports it is at least its parent's peak when it was spawned (Linux keeps
#: the high-water mark of the memory it replaced at exec), so the parent stays small.


def build(path: Path, n: int) -> float:
    """A project of ``n`` synthetic entities; seconds it took (indexed as m008 and m011 do)."""
    from annotator.identity.normalise import normalise
    from annotator.model import ArticleDraft
    from annotator.store import Store
    from annotator.store.name_grams import fold_name_grams
    from annotator.store.name_index import refresh_entity_names

    names, types = pickle.loads(names_file(n, SEED).read_bytes())
    t = time.perf_counter()
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
        fold_name_grams(conn, 0, full=True)
        conn.commit()
    return time.perf_counter() - t


#: A project as m010 left it: no trigram postings, the name index's lookups on one column.
BEFORE_M011 = """
    DROP TABLE entity_name_grams; DELETE FROM meta WHERE key = 'name_grams_through';
    DROP INDEX idx_entity_names_norm; CREATE INDEX idx_entity_names_norm ON entity_names(norm);
    DROP INDEX idx_entity_names_spoken; DROP INDEX idx_entity_names_every;
    CREATE INDEX idx_entity_names_spoken ON entity_names(spoken) WHERE spoken IS NOT NULL;
    CREATE INDEX idx_entity_names_every ON entity_names(every) WHERE every IS NOT NULL;
    DELETE FROM _sqlite_migrations WHERE name = 'm011_name_index_trigrams'; VACUUM"""


def typed_sequence(names: list[str], keystrokes: int = 400) -> list[str]:
    """What the typeahead is asked while names are typed letter by letter, some with a
    typo (two letters swapped after the first two) that the coder types on past."""
    rng = random.Random(SEED + 1)
    out: list[str] = []
    while len(out) < keystrokes:
        name = rng.choice(names)
        if rng.random() < 1 / 6 and len(name) > 4:
            k = rng.randrange(2, len(name) - 1)
            name = name[:k] + name[k + 1] + name[k] + name[k + 2:]
        out.extend(name[:end] for end in range(1, len(name) + 1))
    return out[:keystrokes]


def child(kind: str, path: str, n: int, queries_path: str) -> None:
    from annotator.store import Store

    result: dict[str, float] = {}
    if kind == "build":
        result["seconds"] = build(Path(path), n)
        names = pickle.loads(names_file(n, SEED).read_bytes())[0]
        Path(queries_path).write_text(json.dumps(typed_sequence(names)))
    elif kind in ("open", "memory"):
        qs = json.loads(Path(queries_path).read_text())
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
        t = time.perf_counter()
        suggest("iraqi amry", 8)  # a typo: the fuzzy tier's first use
        result["fuzzy_first"] = time.perf_counter() - t
        times = []
        for q in qs:
            t = time.perf_counter()
            suggest(q, 8)
            times.append(time.perf_counter() - t)
        times.sort()
        result["p50"] = times[len(times) // 2]
        result["p95"] = times[int(len(times) * 0.95)]
        result["max"] = times[-1]
        store.close()
    elif kind == "upgrade":
        import sqlite3

        old = Path(path).with_name("before-m011.db")
        source, dest = sqlite3.connect(path), sqlite3.connect(old)
        source.backup(dest)
        source.close()
        dest.executescript(BEFORE_M011)
        dest.close()
        t = time.perf_counter()
        Store(old).close()
        result["seconds"] = time.perf_counter() - t
        old.unlink()
    elif kind == "fold":
        from annotator.identity.normalise import normalise
        from annotator.store.name_grams import FOLD_AFTER, fold_name_grams
        from annotator.store.name_index import refresh_entity_names

        names = json.loads(Path(queries_path).read_text())
        with Store(path) as store:
            conn = store.db.conn
            conn.execute("BEGIN IMMEDIATE")
            top = conn.execute("SELECT max(id) FROM entities").fetchone()[0]
            new = [(top + 1 + k, f"{names[k % len(names)]} {k}") for k in range(FOLD_AFTER + 1)]
            conn.executemany("INSERT INTO entities(id, name, norm_name, type)"
                             " VALUES (?, ?, ?, 'ORG')", [(i, x, normalise(x)) for i, x in new])
            refresh_entity_names(conn, [i for i, _ in new])
            t = time.perf_counter()
            fold_name_grams(conn, FOLD_AFTER)
            result["seconds"] = time.perf_counter() - t
            conn.rollback()
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
    parser.add_argument("--measures", default=",".join(KINDS),
                        help="which of open,memory,fold,upgrade,dedup,cdist to run")
    parser.add_argument("--baseline-max", type=int, default=1_000_000)
    parser.add_argument("--cdist-max", type=int, default=100_000)
    parser.add_argument("--child", choices=("build", *KINDS))
    parser.add_argument("--path")
    parser.add_argument("--n", type=int)
    parser.add_argument("--queries")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.path, args.n, args.queries)
        return
    wanted = args.measures.split(",")
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            path, queries = Path(tmp) / "p.db", Path(tmp) / "queries.json"
            out, built_rss = child_run([sys.executable, __file__, "--child", "build", "--path",
                                        str(path), "--n", str(n), "--queries", str(queries)])
            built = json.loads(out.strip().splitlines()[-1])["seconds"]
            kinds = [k for k in KINDS if k in wanted
                     and not (k == "memory" and n > args.baseline_max)
                     and not (k == "cdist" and n > args.cdist_max)]
            results: dict[str, list[dict]] = {k: [] for k in kinds}
            rss = dict.fromkeys(kinds, 0.0)
            loads = []
            for _ in range(args.runs):
                for kind in kinds:  # interleaved: a neighbour's burst hits all alike
                    loads.append(os.getloadavg()[0])
                    out, peak = child_run([sys.executable, __file__, "--child", kind,
                                           "--path", str(path), "--n", str(n),
                                           "--queries", str(queries)])
                    results[kind].append(json.loads(out.strip().splitlines()[-1]))
                    rss[kind] = max(rss[kind], peak)
            loads.append(os.getloadavg()[0])
            print(f"{n:,} entities (built in {built:.1f} s, peak RSS {built_rss:.0f} MB, file "
                  f"{path.stat().st_size / 1e6:.0f} MB), {args.runs} interleaved runs, "
                  f"load average {min(loads):.2f}-"
                  f"{max(loads):.2f} (2 cores)")
            report(results, rss, args)


def report(results: dict[str, list[dict]], rss: dict[str, float], args) -> None:
    for kind in ("open", "memory"):
        if kind not in results:
            continue
        r = results[kind]
        label = "name index in the file" if kind == "open" else "in-memory index (before)"
        print(f"  {label}: open -> first answer {stats([x['first'] for x in r], 'ms', 1e3)}"
              f"; peak RSS {rss[kind]:.0f} MB")
        print(f"    first fuzzy query   {stats([x['fuzzy_first'] for x in r], 'ms', 1e3)}")
        for key in ("p50", "p95", "max"):
            print(f"    typed, suggest {key:<4} {stats([x[key] for x in r], 'ms', 1e3)}")
    if "open" in results and "memory" in results:
        for key in ("first", "p95"):
            ratio = statistics.median(x[key] for x in results["memory"]) / \
                statistics.median(x[key] for x in results["open"])
            print(f"  {key}, in-memory / name index: {ratio:.2f}x (median over median)")
    if "upgrade" in results:
        print(f"  open an old project, upgrading it (m011: postings, indexes, backup first) "
              f"{stats([x['seconds'] for x in results['upgrade']], 's')}; peak RSS "
              f"{rss['upgrade']:.0f} MB")
    if "fold" in results:
        print(f"  fold of the newest names into the postings "
              f"{stats([x['seconds'] for x in results['fold']], 'ms', 1e3)}; peak RSS "
              f"{rss['fold']:.0f} MB")
    for kind in ("dedup", "cdist"):
        if kind in results:
            r = results[kind]
            print(f"  {kind:<5} {stats([x['seconds'] for x in r], 's')}; peak RSS "
                  f"{rss[kind]:.0f} MB ({int(r[-1]['found']):,} "
                  f"{'groups' if kind == 'dedup' else 'pairs >= 80'})")
    if "cdist" in results and "dedup" in results:
        ratio = statistics.median(x["seconds"] for x in results["cdist"]) / \
            statistics.median(x["seconds"] for x in results["dedup"])
        print(f"  cdist / find_duplicates: {ratio:.2f}x (median over median)")
    elif "dedup" in results:
        print(f"  cdist not run (quadratic; --cdist-max {args.cdist_max:,})")


if __name__ == "__main__":
    main()
