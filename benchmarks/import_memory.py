"""Peak memory of ``annotator import`` on big inputs, measured from outside the process.

    python benchmarks/import_memory.py [--repeat 5] [--mb 200] [--articles 100000]
                                       [--cases jsonl,jsonl-100k,csv,txt]

Each case writes its input into a temporary folder, then runs
``python -m annotator import DB FILE`` in a child process ``--repeat`` times,
each into a new project, and reads the child's peak resident set size from
``os.wait4`` (``ru_maxrss``): the kernel's figure, which counts SQLite's and the
C libraries' memory as well as Python's, unlike tracemalloc.

The baseline, measured the same way in the same run, is a child that only
imports the packages an import needs (``import annotator.importing,
annotator.store``). Figures are printed as min / median / max, with the load
average before and after, since the machine is shared: the median over several
runs, next to the baseline of the same minute, is what to compare.

Cases (sizes scale with ``--mb`` and ``--articles``):

- ``jsonl``: one JSON Lines file of about ``--mb`` MB, articles of 20 kB;
- ``jsonl-100k``: ``--articles`` short articles (1.5 kB) in one JSON Lines file;
- ``csv``: the ``jsonl`` articles as CSV, with multi-line quoted bodies;
- ``txt``: one scraped-text article of about ``--mb`` MB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("army forces city council minister said report village attack talks election "
         "militants convoy officials statement district border police spokesman aid "
         "Mosul Peshmerga ISIL according reported neighbourhoods liberated").split()
MB = 1_000_000


def paragraphs(seed: int = 1, count: int = 500) -> list[str]:
    """A pool of random paragraphs: articles are cheap combinations of them."""
    rng = random.Random(seed)
    return [" ".join(rng.choices(WORDS, k=rng.randint(20, 60))) + "." for _ in range(count)]


def articles(n: int, size: int, seed: int = 1) -> Iterator[dict[str, str]]:
    """``n`` distinct articles of about ``size`` characters each."""
    pool = paragraphs(seed)
    rng = random.Random(seed)
    for i in range(n):
        body, length = [f"Article {i}."], 0
        while length < size:
            para = rng.choice(pool)
            body.append(para)
            length += len(para) + 2
        yield {"title": f"Article {i}", "date": "2016-11-05", "outlet": "Bench Wire",
               "text": "\n\n".join(body)}


def write_jsonl(path: Path, n: int, size: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for art in articles(n, size):
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")


def write_csv(path: Path, n: int, size: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["title", "date", "outlet", "text"])
        writer.writeheader()
        writer.writerows(articles(n, size))


def write_txt(path: Path, size: int) -> None:
    """One scraped article: title, date line, then paragraphs up to ``size`` bytes."""
    pool = paragraphs(2)
    rng = random.Random(2)
    with path.open("w", encoding="utf-8") as fh:
        written = fh.write("One enormous article\nSat Nov 5, 2016 19:34:14\n\n")
        while written < size:
            written += fh.write(rng.choice(pool) + "\n\n")


def peak_rss(argv: list[str]) -> tuple[int, float, int, str]:
    """(peak RSS in bytes, wall seconds, exit status, last line of stdout) of one child."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
    return usage.ru_maxrss * 1024, wall, child.returncode, lines[-1] if lines else ""


def measure(repeat: int, argv_for: Callable[[int], list[str]],
            before: Callable[[int], None] = lambda i: None) -> tuple[list[int], list[float],
                                                                     str]:
    peaks, walls, last = [], [], ""
    for i in range(repeat):
        before(i)
        peak, wall, code, last = peak_rss(argv_for(i))
        if code != 0:
            raise SystemExit(f"{' '.join(argv_for(i))} exited {code}: {last}")
        peaks.append(peak)
        walls.append(wall)
    return peaks, walls, last


def spread(values: list[float], scale: float = MB, unit: str = " MB", digits: int = 0) -> str:
    return "/".join(f"{v / scale:,.{digits}f}" for v in
                    (min(values), statistics.median(values), max(values))) + unit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--mb", type=int, default=200, help="size of the big inputs, in MB")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--cases", default="jsonl,jsonl-100k,csv,txt")
    args = parser.parse_args()
    python = sys.executable
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; load average "
          f"before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    base, _, _ = measure(args.repeat, lambda i: [
        python, "-c", "import annotator.importing, annotator.store"])
    baseline = statistics.median(base)
    print(f"baseline (python -c 'import annotator.importing, annotator.store'): "
          f"peak RSS min/median/max {spread(base)}")
    size = args.mb * MB
    makers = {
        "jsonl": ("big.jsonl", lambda p: write_jsonl(p, size // 20_000, 20_000)),
        "jsonl-100k": ("many.jsonl", lambda p: write_jsonl(p, args.articles, 1_500)),
        "csv": ("big.csv", lambda p: write_csv(p, size // 20_000, 20_000)),
        "txt": ("big.txt", lambda p: write_txt(p, size)),
    }
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for case in args.cases.split(","):
            name, make = makers[case]
            source = tmp / name
            make(source)
            file_size = source.stat().st_size

            def fresh(i: int) -> None:
                for leftover in tmp.glob("p*.db*"):
                    leftover.unlink()

            peaks, walls, last = measure(args.repeat, lambda i, s=source: [
                python, "-m", "annotator", "import", str(tmp / f"p{i}.db"), str(s)], fresh)
            median = statistics.median(peaks)
            print(f"[{case}] {name} {file_size / MB:,.1f} MB -> {last}")
            print(f"[{case}]   peak RSS min/median/max {spread(peaks)}; median "
                  f"{median / file_size:.2f}x the file, {median / baseline:.1f}x the "
                  f"baseline, {(median - baseline) / file_size:.2f}x the file above the "
                  f"baseline; wall min/median/max {spread(walls, 1, ' s', 1)}")
            source.unlink()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
