"""Import and export at 10k / 100k (/ 1M) articles against plain baselines, in the same run.

    .venv/bin/python benchmarks/scale_io.py [--sizes 10000,100000,1000000] [--runs 5] \
        [--projects DIR] [--measures import,export]

Input: a generated JSON-lines file per size (``scale_data.write_jsonl``:
bodies ~2.4 KB, Zipf word frequencies), written once into ``--projects``
(default ``/tmp/annotator-scale-search``) and kept.

- **import**: ``import_paths`` of the file into a new project (read line by
  line, JSON decoded, dates read, bodies normalised and hashed, duplicates
  skipped, batches of 200 each its own transaction, edit log, then the
  full-text index with its prefix indexes) vs a competent plain script: the
  same file read line by line with ``json.loads``, one ``executemany`` into a
  table of the same columns (UNIQUE hash of the body) in one transaction, then
  the same FTS5 table (same columns, ``prefix='2 3 4'``) filled with one
  INSERT ... SELECT. Ratio = plain time / our time (target >= 0.7).
- **export**: ``export_project(tables=["articles"])`` (staging folder, fsync,
  moved into place) vs plain ``csv.writer`` over the same query into a file,
  without fsync. Ratio = plain time / our time (target >= 0.8).

Each measure runs in its own child process, ours and the baseline alternating,
``--runs`` times; printed are min/median/max wall times, the median CPU time of
the measured part (``time.process_time`` in the child: on a shared machine the
wall clock also counts waiting for a core), the ratios of the medians, the
load average, and each child's peak RSS read from outside (``os.wait4``).
The new project is made before the clock starts (a schema is a one-off).

``--measures export`` leaves the import out (at 1M one import pair takes about
an hour here) and exports the project ``scale_search.py`` keeps
(``scale-N.db``, the same generated articles), building it the first time.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scale_data import build_project, kept, write_jsonl  # noqa: E402
from timing import child_run  # noqa: E402

from annotator.migrations import FTS_PREFIXES  # noqa: E402

COLUMNS = ("content_hash, title, published, published_raw, outlet, url, source_file, body,"
           " extra, imported_at")


def jsonl_for(size: int, folder: Path) -> Path:
    return kept(folder / f"scale-{size}.jsonl", lambda p: write_jsonl(p, size))


# -- the children: each prints {"seconds": ..., "rows": ...} ---------------------------
def import_ours(source: Path, db: Path) -> dict:
    from annotator.importing import import_paths
    from annotator.store import Store

    with Store(db, coder="bench") as store:
        t0, c0 = time.perf_counter(), time.process_time()
        report = import_paths(store, [source])
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": seconds, "cpu": cpu, "rows": report.imported}


def import_plain(source: Path, db: Path) -> dict:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, content_hash TEXT UNIQUE,"
                 " title TEXT, published TEXT, published_raw TEXT, outlet TEXT, url TEXT,"
                 " source_file TEXT, body TEXT, extra TEXT, imported_at TEXT)")
    conn.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, body,"
                 f" content='articles', prefix='{FTS_PREFIXES}')")
    conn.commit()
    t0, c0 = time.perf_counter(), time.process_time()

    def rows():
        with source.open(encoding="utf-8") as fh:
            for line, text in enumerate(fh, 1):
                r = json.loads(text)
                body = r["text"]
                yield (hashlib.sha256(body.encode()).hexdigest(), r["title"], r["date"],
                       r["date"], r["outlet"], r["url"], f"{source}:{line}", body, "{}",
                       "2026-01-01T00:00:00+00:00")

    with conn:
        cur = conn.executemany(f"INSERT OR IGNORE INTO articles ({COLUMNS})"
                               " VALUES (?,?,?,?,?,?,?,?,?,?)", rows())
        count = cur.rowcount
        conn.execute("INSERT INTO articles_fts(rowid, title, body)"
                     " SELECT id, title, body FROM articles")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    conn.close()
    return {"seconds": seconds, "cpu": cpu, "rows": count}


def export_ours(db: Path, out: Path) -> dict:
    from annotator.exporting import export_project
    from annotator.store import Store

    with Store(db) as store:
        t0, c0 = time.perf_counter(), time.process_time()
        report = export_project(store, out, tables=["articles"])
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": seconds, "cpu": cpu, "rows": report.rows["articles"]}


def export_plain(db: Path, out: Path) -> dict:
    from annotator.store.reports import ARTICLE_EXPORT

    out.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db)
    t0, c0 = time.perf_counter(), time.process_time()
    count = 0
    with (out / "articles.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        cur = conn.execute(ARTICLE_EXPORT)
        writer.writerow([d[0] for d in cur.description])
        for row in cur:
            writer.writerow(row)
            count += 1
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    conn.close()
    return {"seconds": seconds, "cpu": cpu, "rows": count}


CHILDREN = {"import-ours": import_ours, "import-plain": import_plain,
            "export-ours": export_ours, "export-plain": export_plain}


def _clear(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
        return
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)


def run_child(kind: str, a: Path, b: Path) -> tuple[dict, float]:
    out, peak = child_run([sys.executable, __file__, "--child", kind, str(a), str(b)])
    return json.loads(out.strip().splitlines()[-1]), peak


def summary(label: str, seconds: list[float], cpu: list[float], rows: int,
            peaks: list[float]) -> str:
    med = statistics.median(seconds)
    return (f"{label}: wall min/median/max {min(seconds):.2f}/{med:.2f}/{max(seconds):.2f} s "
            f"({rows / med:,.0f} articles/s), CPU median {statistics.median(cpu):.2f} s, "
            f"peak RSS median {statistics.median(peaks):.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--projects", type=Path, default=Path("/tmp/annotator-scale-search"))
    parser.add_argument("--measures", default="import,export",
                        help="import, export or both (export alone: the kept search project)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, a, b = args.child
        print(json.dumps(CHILDREN[kind](Path(a), Path(b))))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    measures = [m for m in ("import", "export") if m in args.measures.split(",")]
    if "import" in measures:
        sources = {size: jsonl_for(size, args.projects) for size in sizes}
    else:  # what scale_search.py builds and keeps: the same generated articles
        sources = {size: kept(args.projects / f"scale-{size}.db",
                              lambda p, n=size: build_project(p, n)) for size in sizes}
    work = args.projects / "io-work"
    work.mkdir(parents=True, exist_ok=True)
    times: dict[tuple[int, str], list[float]] = {}
    cpus: dict[tuple[int, str], list[float]] = {}
    peaks: dict[tuple[int, str], list[float]] = {}
    rows: dict[tuple[int, str], int] = {}
    loads = [os.getloadavg()[0]]

    def measure(size: int, kind: str, source: Path, target: Path) -> None:
        _clear(target)
        result, peak = run_child(kind, source, target)
        times.setdefault((size, kind), []).append(result["seconds"])
        cpus.setdefault((size, kind), []).append(result["cpu"])
        peaks.setdefault((size, kind), []).append(peak)
        rows[(size, kind)] = result["rows"]
        loads.append(os.getloadavg()[0])

    for _run in range(args.runs):
        for size in sizes:
            ours_db, plain_db = work / f"ours-{size}.db", work / f"plain-{size}.db"
            if "import" in measures:
                measure(size, "import-ours", sources[size], ours_db)
                measure(size, "import-plain", sources[size], plain_db)
                _clear(plain_db)
            else:
                ours_db = sources[size]
            if "export" in measures:
                for kind in ("export-ours", "export-plain"):  # both from our project
                    measure(size, kind, ours_db, work / f"{kind}-{size}")
                    _clear(work / f"{kind}-{size}")
            print(f"[{size:,}] run {_run + 1}: " + ", ".join(  # as it goes: a long run shows
                f"{kind} {times[(size, kind)][-1]:.2f} s (CPU {cpus[(size, kind)][-1]:.2f} s)"
                for kind in CHILDREN if (size, kind) in times), flush=True)
    print(f"{args.runs} runs, ours and plain alternating; load average "
          f"{min(loads):.1f}-{max(loads):.1f} (2 cores shared)")
    for size in sizes:
        for what in measures:
            ours, plain = times[(size, f"{what}-ours")], times[(size, f"{what}-plain")]
            n = rows[(size, f"{what}-ours")]
            assert n == rows[(size, f"{what}-plain")] == size, (n, size)
            for side in ("ours", "plain"):
                key = (size, f"{what}-{side}")
                line = summary(f"{what} {side}", times[key], cpus[key], n, peaks[key])
                print(f"[{size:,}] {line}")
            target = 0.7 if what == "import" else 0.8
            ratios = sorted(p / o for p, o in zip(plain, ours))
            cpu_o, cpu_p = cpus[(size, f"{what}-ours")], cpus[(size, f"{what}-plain")]
            print(f"[{size:,}] {what} ratio plain/ours of the medians: wall "
                  f"{statistics.median(plain) / statistics.median(ours):.2f} (per run "
                  f"{ratios[0]:.2f}-{ratios[-1]:.2f}), CPU "
                  f"{statistics.median(cpu_p) / statistics.median(cpu_o):.2f}; "
                  f"target >= {target}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
