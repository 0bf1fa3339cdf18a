"""Import and export throughput against plain baselines measured in the same run.

    python benchmarks/import_export.py [--articles N]

Prints, as ratios:
- storing articles with ``Store.add_articles`` (dedup hash, FTS5 triggers, edit
  log, one transaction per 200) vs raw ``sqlite3.executemany`` of the same rows
  into a bare table;
- ``export_project`` of all seven files vs plain ``csv.writer`` dumping the same
  article rows once;
- peak Python memory (tracemalloc) of export at N and 4N articles, to show it
  stays flat as the project grows;
- reading and importing a folder of scraped text files end to end.
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
from annotator.model import ArticleDraft  # noqa: E402
from annotator.store import Store  # noqa: E402

WORDS = ("army forces city council minister said report village attack talks election "
         "militants convoy officials statement district border police spokesman aid").split()


def synthetic_drafts(n: int, seed: int = 1) -> list[ArticleDraft]:
    rng = random.Random(seed)
    drafts = []
    for i in range(n):
        paras = ["".join(" ".join(rng.choices(WORDS, k=rng.randint(15, 40))) + ".")
                 for _ in range(6)]
        drafts.append(ArticleDraft(title=f"Article {i}: " + " ".join(rng.choices(WORDS, k=6)),
                                   body=f"{i}\n\n" + "\n\n".join(paras),
                                   published="2023-01-01", outlet="Bench Wire",
                                   source_file=f"bench/{i}.txt"))
    return drafts


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def bench_store(drafts, tmp: Path) -> tuple[float, float]:
    rows = [(d.content_hash, d.title, d.body) for d in drafts]

    def raw():
        conn = sqlite3.connect(tmp / "raw.db")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, h TEXT UNIQUE, t TEXT, b TEXT)")
        with conn:
            conn.executemany("INSERT INTO a (h, t, b) VALUES (?, ?, ?)", rows)
        conn.close()

    def ours():
        with Store(tmp / "store.db", coder="bench") as store:
            for i in range(0, len(drafts), 200):
                store.add_articles(drafts[i:i + 200])

    return timed(raw)[0], timed(ours)[0]


def bench_export(store_path: Path, out: Path) -> tuple[float, float, int]:
    def plain():
        conn = sqlite3.connect(store_path)
        with (out / "plain.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            cur = conn.execute("SELECT id, title, published, outlet, url, source_file, body"
                               " FROM articles ORDER BY id")
            writer.writerow([d[0] for d in cur.description])
            writer.writerows(cur)
        conn.close()

    def ours():
        with Store(store_path) as store:
            export_project(store, out / "ours")

    base = timed(plain)[0]
    tracemalloc.start()
    ours_t = timed(ours)[0]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return base, ours_t, peak


def code_some(store_path: Path, n: int) -> None:
    """Give every article a mention, a claim and an attribution so every file has rows."""
    with Store(store_path, coder="bench") as store:
        ent = store.add_entity("Bench Army", "ORG").row_id
        for aid in store.article_ids()[:n]:
            store.add_mention(aid, 0, 1, entity_id=ent)
            claim = store.add_claim(aid, 0, 1, position=1)
            store.add_attribution(claim.row_id, kind="indirect", source_entity_id=ent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    args = parser.parse_args()
    n = args.articles
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        drafts = synthetic_drafts(4 * n)
        (tmp / "small").mkdir()
        raw_t, ours_t = bench_store(drafts[:n], tmp / "small")
        print(f"store {n:,} articles: add_articles {ours_t:.2f} s, raw executemany "
              f"{raw_t:.2f} s -> {ours_t / raw_t:.1f}x the raw insert "
              f"({n / ours_t:,.0f} articles/s)")
        code_some(tmp / "small" / "store.db", min(n, 1000))
        (tmp / "big").mkdir()
        bench_store(drafts, tmp / "big")
        code_some(tmp / "big" / "store.db", min(4 * n, 1000))
        peaks = []
        for label, path in (("N", tmp / "small" / "store.db"), ("4N", tmp / "big" / "store.db")):
            out = tmp / f"out-{label}"
            out.mkdir()
            base, ours, peak = bench_export(path, out)
            peaks.append(peak)
            count = n if label == "N" else 4 * n
            print(f"export {count:,} articles ({label}): all 7 files {ours:.2f} s, plain "
                  f"csv.writer of articles {base:.2f} s -> {ours / base:.1f}x; "
                  f"peak Python memory {peak / 1e6:.1f} MB")
        print(f"export peak memory 4N / N = {peaks[1] / peaks[0]:.2f} (1.0 = flat)")
        folder = tmp / "texts"
        folder.mkdir()
        for i, d in enumerate(drafts[:n]):
            (folder / f"{i:06d}.txt").write_text(f"{d.title}\n\n2023-01-01\n\n{d.body}\n",
                                                 encoding="utf-8")
        from annotator.importing import import_paths

        with Store(tmp / "texts.db", coder="bench") as store:
            t, report = timed(lambda: import_paths(store, [folder]))
        print(f"import_paths of {n:,} text files: {t:.2f} s ({n / t:,.0f} files/s), "
              f"imported {report.imported:,}, ratio to raw executemany {t / raw_t:.1f}x")


if __name__ == "__main__":
    main()
