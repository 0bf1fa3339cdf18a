"""Export to xlsx, sav, dta, brat and XMI against what a competent engineer would write.

    python benchmarks/export_formats.py [--articles 5000] [--repeat 3]

A generated project (articles with 8 mentions, 3 claims and 3 attributions
each) is exported in a child process per run, so the peak RSS is the kernel's
figure (``os.wait4``), read from outside. Baselines, each in its own child,
over the same rows of the same store queries:

- **xlsx**: ``pandas.DataFrame(rows).to_excel(ExcelWriter(engine="xlsxwriter"))``
  per table, the usual recipe (no text guard: XlsxWriter's ``write`` turns a
  text starting with ``=`` into a formula; no widths, no frozen header);
- **sav** / **dta**: ``pyreadstat.write_sav`` / ``write_dta`` of the same data
  frames, without value or variable labels;
- **brat** / **xmi**: no library baseline; reported in documents per second.

Ratio = baseline time / our time (1.0 = as fast; higher is faster). Printed
with min/median/max over the runs and the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.store import Store  # noqa: E402

WORDS = ("army forces city council minister said report village attack talks election "
         "militants convoy officials statement district border police spokesman aid").split()
TYPES = ["PERSON", "ORG", "GPE/LOC", "ARMED_GROUP", "MEDIA"]

OURS = ("import sys\nfrom annotator.store import Store\n"
        "from annotator.exporting import export_project\n"
        "with Store(sys.argv[1]) as s:\n"
        "    export_project(s, sys.argv[2], fmt=sys.argv[3])\n")

BASELINE = r"""
import sys
import pandas as pd
from annotator.store import Store
from annotator.exporting.tables import TABLES, export_tables
db, out, fmt = sys.argv[1:4]
import os; os.makedirs(out, exist_ok=True)
with Store(db) as s:
    tables = [t for t in export_tables(s, TABLES) if t.name != "codebook" or fmt == "xlsx"]
    if fmt == "xlsx":
        with pd.ExcelWriter(os.path.join(out, "tables.xlsx"), engine="xlsxwriter") as w:
            for t in tables:
                pd.DataFrame(list(t.rows()), columns=t.columns).to_excel(
                    w, sheet_name=t.name, index=False)
    else:
        import pyreadstat
        write = pyreadstat.write_sav if fmt == "sav" else pyreadstat.write_dta
        for t in tables:
            frame = pd.DataFrame(list(t.rows()), columns=t.columns)
            for c in frame.columns:
                if frame[c].dtype == object:
                    frame[c] = frame[c].map(lambda v: "" if v is None else str(v))
            write(frame, os.path.join(out, f"{t.name}.{fmt}"))
"""


def build_project(path: Path, n: int, seed: int = 1) -> None:
    """Articles through the store; annotations in bulk (sqlite3), a fixture of known shape."""
    rng = random.Random(seed)
    with Store(path, coder="ana") as store:
        from annotator.model import ArticleDraft
        drafts = []
        for i in range(n):
            paras = [" ".join(rng.choices(WORDS, k=rng.randint(15, 40))) + "."
                     for _ in range(6)]
            drafts.append(ArticleDraft(f"Article {i}", f"{i}\n\n" + "\n\n".join(paras),
                                       published="2023-01-01T10:00:00", outlet="Bench Wire"))
        for start in range(0, n, 1000):
            store.add_articles(drafts[start:start + 1000])
        coder = store.coder_id
    conn = sqlite3.connect(path)
    bodies = conn.execute("SELECT id, body FROM articles").fetchall()
    conn.executemany("INSERT INTO entities(id, name, norm_name, type) VALUES (?, ?, ?, ?)",
                     [(e, f"Entity {e}", f"entity {e}", TYPES[e % len(TYPES)])
                      for e in range(1, 2001)])
    mentions, claims, attributions = [], [], []
    claim_id = attribution_id = 0
    for aid, body in bodies:
        for _ in range(8):
            s = rng.randrange(0, len(body) - 20)
            mentions.append((aid, rng.randint(1, 2000), s, s + 10, body[s:s + 10], coder))
        for _ in range(3):
            s = rng.randrange(0, len(body) - 80)
            claim_id += 1
            claims.append((claim_id, aid, s, s + 60, body[s:s + 60], "political",
                           rng.choice([-1, 0, 1]), coder))
            attribution_id += 1
            c = rng.randrange(0, len(body) - 6)
            attributions.append((attribution_id, aid, claim_id, rng.randint(1, 2000),
                                 c, c + 4, body[c:c + 4], "indirect", coder))
    conn.executemany('INSERT INTO mentions(article_id, entity_id, start, "end", text, coder_id)'
                     " VALUES (?, ?, ?, ?, ?, ?)", mentions)
    conn.executemany('INSERT INTO claims(id, article_id, start, "end", text, category, position,'
                     " coder_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", claims)
    conn.executemany("INSERT INTO attributions(id, article_id, claim_id, source_entity_id,"
                     " cue_start, cue_end, cue_text, kind, coder_id)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", attributions)
    conn.commit()
    conn.close()


def child(code: str, *args: str) -> tuple[float, int]:
    """(wall seconds, peak RSS bytes) of one child process, measured from outside."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed: {proc.stderr.read().decode()[-500:]}")
    return wall, usage.ru_maxrss * 1024


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    return "/".join(fmt.format(v) for v in (min(values), statistics.median(values),
                                            max(values)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="xlsx,sav,dta,brat,xmi")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = tmp / "bench.db"
        build_project(db, args.articles)
        print(f"{args.articles:,} articles, {args.articles * 8:,} mentions, "
              f"{args.articles * 3:,} claims and attributions; load average before "
              f"{os.getloadavg()[0]:.2f}")
        print("format  ours s (min/med/max)  peak RSS MB  baseline s  ratio (baseline/ours)")
        for fmt in args.formats.split(","):
            ours, ours_rss, base, base_rss = [], [], [], []
            for i in range(args.repeat):  # interleaved, so a busy moment hits both
                wall, rss = child(OURS, str(db), str(tmp / f"o-{fmt}-{i}"), fmt)
                ours.append(wall)
                ours_rss.append(rss / 2**20)
                if fmt in ("xlsx", "sav", "dta"):
                    wall, rss = child(BASELINE, str(db), str(tmp / f"b-{fmt}-{i}"), fmt)
                    base.append(wall)
                    base_rss.append(rss / 2**20)
            line = f"{fmt:<7} {spread(ours):<21} {spread(ours_rss, '{:.0f}'):<12}"
            if base:
                ratios = [b / o for b, o in zip(base, ours)]
                line += (f" {spread(base):<11} {spread(ratios)}"
                         f"  (baseline peak RSS {spread(base_rss, '{:.0f}')} MB)")
            else:
                line += f" {args.articles / statistics.median(ours):,.0f} articles/s"
            print(line, flush=True)
        print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
