"""Import and export throughput against plain baselines measured in the same run.

    python benchmarks/import_export.py [--articles 100000] [--bbc ../shared/corpora/bbc-news]

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
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


def bench_store(label: str, drafts: list[ArticleDraft], tmp: Path) -> Path:
    for d in drafts:
        d.content_hash  # noqa: B018 - parsing includes the hash, for both sides
    raw_t = timed(lambda: raw_store(drafts, tmp / f"{label}-raw.db"))[0]
    runs = iter(range(2))
    _, (store_t, index_t), peak = traced(
        lambda: our_store(drafts, tmp / f"{label}-{next(runs)}.db"))
    n = len(drafts)
    total = store_t + index_t
    print(f"[{label}] store {n:,} articles: raw executemany {raw_t:.2f} s ({n / raw_t:,.0f}/s); "
          f"ours {store_t:.2f} s ({n / store_t:,.0f}/s) -> ratio {raw_t / store_t:.2f} "
          f"(target >= 0.5); with the full-text indexing pass (+{index_t:.2f} s) "
          f"{total:.2f} s ({n / total:,.0f}/s) -> ratio {raw_t / total:.2f}; "
          f"peak traced memory {peak / 1e6:.1f} MB")
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


def bench_export(label: str, db: Path, tmp: Path) -> None:
    out = tmp / f"{label}-out"
    out.mkdir()
    plain_t, rows = timed(lambda: plain_export(db, out / "plain.csv"))
    with Store(db) as store:
        ours_t, _, peak = traced(lambda: export_project(store, out, tables=["articles"]))
        all_t, report, all_peak = traced(lambda: export_project(store, out / "all"))
    print(f"[{label}] export articles.csv, {rows:,} rows: ours {ours_t:.2f} s "
          f"({rows / ours_t:,.0f} rows/s), plain csv.writer {plain_t:.2f} s "
          f"({rows / plain_t:,.0f} rows/s) -> ratio {plain_t / ours_t:.2f} (target >= 0.7); "
          f"peak traced memory {peak / 1e6:.1f} MB")
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


def bench_bbc(folder: Path, tmp: Path) -> None:
    files = collect_files([folder])
    parse_t, drafts = timed(lambda: [d for f in files for d in read_path(f)
                                     if isinstance(d, ArticleDraft)])
    db = bench_store("bbc-news", drafts, tmp)
    bench_export("bbc-news", db, tmp)
    with Store(tmp / "bbc-e2e.db", coder="bench") as store:
        e2e_t, report = timed(lambda: import_paths(store, [folder]))
    print(f"[bbc-news] end to end import_paths of {len(files):,} files: {e2e_t:.2f} s -> "
          f"{len(files) / e2e_t:,.0f} articles/s (target >= 1,000); imported "
          f"{report.imported:,}, duplicates {report.duplicates}, failed {report.failed}; "
          f"reading and parsing alone {parse_t:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--bbc", type=Path, default=BBC)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        if args.bbc.is_dir():
            bench_bbc(args.bbc, tmp)
        else:
            print(f"({args.bbc} absent: bbc-news figures skipped)")
        drafts = synthetic_drafts(args.articles)
        db = bench_store("generated", drafts, tmp)
        bench_export("generated", db, tmp)
        bench_export_memory(drafts, tmp)


if __name__ == "__main__":
    main()
