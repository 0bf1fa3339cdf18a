"""Import and export throughput against plain baselines measured in the same run.

    python benchmarks/import_export.py [--articles 100000] [--runs 5] \
        [--bbc ../shared/corpora/bbc-news]

For bbc-news (when ``../shared`` is there) and for a generated corpus:

- **store**: the parsed articles (drafts with their content hash, as the readers
  give them) stored the way ``import_paths`` stores them (batches of 200, each
  one transaction, duplicate check, edit log, one full-text indexing pass at the
  end) vs a raw ``sqlite3.executemany`` of the same rows into a table of the
  same columns in one transaction. Ratio = raw time / our time (1.0 = as fast).
- **end to end** (bbc-news): ``import_paths`` on the folder, files read, decoded,
  parsed and stored, in articles per second.
- **export**: ``articles.csv`` through ``export_project`` (formula-safe cells,
  staging folder, fsync, moved into place) vs plain ``csv.writer`` over the
  same rows of the same query, without fsync. Ratio = plain time / our time.
  Also all seven files.
- **peak memory**: tracemalloc peaks of the store and export steps, and of the
  export at a quarter of the corpus, to show that export memory stays flat.

Each timed measure runs ``--runs`` times, ours and its baseline alternating, and
prints min / median / max with the load average; the ratios are of the medians.
The end-to-end import runs each time in a child process of its own, whose peak
RSS and CPU seconds this process reads from outside (``os.wait4``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import child_usage  # noqa: E402

from annotator.exporting import export_project  # noqa: E402
from annotator.importing import collect_files, import_paths, read_path  # noqa: E402
from annotator.model import ArticleDraft  # noqa: E402
from annotator.store import Store  # noqa: E402
from annotator.store.reports import ARTICLE_EXPORT  # noqa: E402

WORDS = ("army forces city council minister said report village attack talks election "
         "militants convoy officials statement district border police spokesman aid").split()
BBC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc-news"
COLUMNS = ("content_hash, title, published, published_raw, outlet, url, source_file, body,"
           " extra, imported_at")


def synthetic_drafts(n: int, seed: int = 1) -> list[ArticleDraft]:
    rng = random.Random(seed)
    drafts = []
    for i in range(n):
        paras = [" ".join(rng.choices(WORDS, k=rng.randint(15, 40))) + "." for _ in range(6)]
        drafts.append(ArticleDraft(title=f"Article {i}: " + " ".join(rng.choices(WORDS, k=6)),
                                   body=f"{i}\n\n" + "\n\n".join(paras),
                                   published="2023-01-01", outlet="Bench Wire",
                                   source_file=f"bench/{i}.txt"))
    return drafts


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def traced(fn):
    """(seconds, result, peak traced bytes): timed untraced, then run again under tracemalloc.

    Tracing slows Python code several times over, so the time comes from a run
    without it and the memory from a second run with it.
    """
    seconds, result = timed(fn)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, result, peak


def peak_of(fn) -> int:
    """Peak traced bytes of one call of ``fn`` under tracemalloc (its time not measured:
    tracing slows Python code several times over)."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def raw_store(drafts: list[ArticleDraft], path: Path) -> None:
    rows = [(d.content_hash, d.title, d.published, d.published_raw, d.outlet, d.url,
             d.source_file, d.body, "{}", "2026-01-01") for d in drafts]
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, content_hash TEXT UNIQUE,"
                 " title TEXT, published TEXT, published_raw TEXT, outlet TEXT, url TEXT,"
                 " source_file TEXT, body TEXT, extra TEXT, imported_at TEXT)")
    with conn:
        conn.executemany(f"INSERT OR IGNORE INTO articles ({COLUMNS})"
                         " VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    conn.close()


def our_store(drafts: list[ArticleDraft], path: Path) -> tuple[float, float]:
    """Store as import_paths does, into a new project: (store seconds, indexing seconds).

    The project file is created before the clock starts: making a new schema
    is a one-off, not a per-article cost.
    """
    store = Store(path, coder="bench")
    t0 = time.perf_counter()
    for i in range(0, len(drafts), 200):
        store.add_articles(drafts[i:i + 200], index=False)
    t1 = time.perf_counter()
    store.index_pending()
    index_t = time.perf_counter() - t1
    store.close()
    return (t1 - t0, index_t)


def spread(values: list[float]) -> str:
    """min / median / max, in seconds."""
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f} s"


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


def bench_store(label: str, drafts: list[ArticleDraft], tmp: Path, runs: int) -> Path:
    for d in drafts:
        d.content_hash  # noqa: B018 - parsing includes the hash, for both sides
    raw, ours, indexing = [], [], []
    start_load = load()
    for run in range(runs):  # alternating: a neighbour's load hits both alike
        raw.append(timed(lambda r=run: raw_store(drafts, tmp / f"{label}-raw{r}.db"))[0])
        store_t, index_t = our_store(drafts, tmp / f"{label}-{run}.db")
        ours.append(store_t)
        indexing.append(index_t)
    for run in range(1, runs):  # keep the first project, for the export
        for path in (tmp / f"{label}-{run}.db", tmp / f"{label}-raw{run}.db"):
            path.unlink(missing_ok=True)
    peak = peak_of(lambda: our_store(drafts, tmp / f"{label}-traced.db"))
    n, raw_m, ours_m = len(drafts), statistics.median(raw), statistics.median(ours)
    total_m = statistics.median([a + b for a, b in zip(ours, indexing, strict=True)])
    print(f"[{label}] store {n:,} articles, {runs} runs ({start_load} -> {load()}): raw "
          f"executemany {spread(raw)} ({n / raw_m:,.0f}/s); ours {spread(ours)} "
          f"({n / ours_m:,.0f}/s) -> ratio of medians {raw_m / ours_m:.2f} (target >= 0.5); "
          f"with the full-text indexing pass {total_m:.2f} s ({n / total_m:,.0f}/s) -> ratio "
          f"{raw_m / total_m:.2f}; peak traced memory {peak / 1e6:.1f} MB")
    return tmp / f"{label}-0.db"


def plain_export(db: Path, out: Path) -> int:
    conn = sqlite3.connect(db)
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        cur = conn.execute(ARTICLE_EXPORT)
        writer.writerow([d[0] for d in cur.description])
        count = 0
        for row in cur:
            writer.writerow(row)
            count += 1
    conn.close()
    return count


def bench_export(label: str, db: Path, tmp: Path, runs: int) -> None:
    plain, ours, start_load, rows = [], [], load(), 0
    with Store(db) as store:
        for run in range(runs):  # alternating, each into a folder of its own
            out = tmp / f"{label}-out{run}"
            out.mkdir()
            seconds, rows = timed(lambda o=out: plain_export(db, o / "plain.csv"))
            plain.append(seconds)
            ours.append(timed(lambda o=out: export_project(store, o, tables=["articles"]))[0])
            shutil.rmtree(out)
        out = tmp / f"{label}-out"
        peak = peak_of(lambda: export_project(store, out, tables=["articles"]))
        all_t, report, all_peak = traced(lambda: export_project(store, out / "all"))
    plain_m, ours_m = statistics.median(plain), statistics.median(ours)
    print(f"[{label}] export articles.csv, {rows:,} rows, {runs} runs ({start_load} -> "
          f"{load()}): ours {spread(ours)} ({rows / ours_m:,.0f} rows/s), plain csv.writer "
          f"{spread(plain)} ({rows / plain_m:,.0f} rows/s) -> ratio of medians "
          f"{plain_m / ours_m:.2f} (target >= 0.7); peak traced memory {peak / 1e6:.1f} MB")
    print(f"[{label}] export all 7 files ({sum(report.rows.values()):,} rows): {all_t:.2f} s, "
          f"peak traced memory {all_peak / 1e6:.1f} MB")


def bench_export_memory(drafts: list[ArticleDraft], tmp: Path) -> None:
    """Export peak memory at a quarter of the corpus and at all of it: flat means ~1.0."""
    peaks = []
    for label, part in (("quarter", drafts[: len(drafts) // 4]), ("whole", drafts)):
        db = tmp / f"mem-{label}.db"
        our_store(part, db)
        with Store(db) as store:
            out = tmp / f"mem-{label}"
            peaks.append(traced(lambda s=store, o=out: export_project(s, o))[2])
    print(f"export peak memory, whole / quarter corpus = {peaks[1] / peaks[0]:.2f} "
          f"({peaks[0] / 1e6:.1f} MB vs {peaks[1] / 1e6:.1f} MB; 1.0 = flat)")


def e2e_child(folder: Path, db: Path) -> None:
    """One end-to-end import into a new project, as a child process: prints its figures."""
    with Store(db, coder="bench") as store:
        t0, c0 = time.perf_counter(), time.process_time()
        report = import_paths(store, [folder])
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"seconds": seconds, "cpu": cpu, "imported": report.imported,
                      "duplicates": report.duplicates, "failed": report.failed}))


def bench_bbc(folder: Path, tmp: Path, runs: int) -> None:
    files = collect_files([folder])
    parse_t, drafts = timed(lambda: [d for f in files for d in read_path(f)
                                     if isinstance(d, ArticleDraft)])
    db = bench_store("bbc-news", drafts, tmp, runs)
    bench_export("bbc-news", db, tmp, runs)
    seconds, peaks, start_load, last = [], [], load(), {}
    for run in range(runs):
        out, usage = child_usage([sys.executable, __file__, "--e2e-child", str(folder),
                                  str(tmp / f"bbc-e2e-{run}.db")])
        last = json.loads(out.strip().splitlines()[-1])
        seconds.append(last["seconds"])
        peaks.append(usage.ru_maxrss / 1024)
        (tmp / f"bbc-e2e-{run}.db").unlink(missing_ok=True)
    rates = sorted(len(files) / t for t in seconds)
    print(f"[bbc-news] end to end import_paths of {len(files):,} files, {runs} runs, each a "
          f"child process ({start_load} -> {load()}): {spread(seconds)} -> min / median / max "
          f"{rates[0]:,.0f} / {statistics.median(rates):,.0f} / {rates[-1]:,.0f} articles/s "
          f"(target >= 1,000); peak RSS median {statistics.median(peaks):.0f} MB; imported "
          f"{last['imported']:,}, duplicates {last['duplicates']}, failed {last['failed']}; "
          f"reading and parsing alone {parse_t:.2f} s (in this process, once)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bbc", type=Path, default=BBC)
    parser.add_argument("--e2e-child", nargs=2, type=Path, metavar=("FOLDER", "DB"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.e2e_child:
        e2e_child(*args.e2e_child)
        return
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        if args.bbc.is_dir():
            bench_bbc(args.bbc, tmp, args.runs)
        else:
            print(f"({args.bbc} absent: bbc-news figures skipped)")
        drafts = synthetic_drafts(args.articles)
        db = bench_store("generated", drafts, tmp, args.runs)
        bench_export("generated", db, tmp, args.runs)
        bench_export_memory(drafts, tmp)


if __name__ == "__main__":
    main()
