"""Issue 10's table in one run: every scale benchmark at the sizes asked, one after another.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/scale.py \
        [--sizes 10000,100000] [--runs 5] [--only list,search,io,entities,big]

Each part is its own script (run it alone for its details and options); this
runs them as child processes with the same ``--sizes`` and ``--runs``, prints
what each prints under its heading, and ends with how long each part took, so
a reader knows what ``--sizes 10000,100000,1000000`` will cost before asking
for it. Every figure is a ratio against the baseline measured in the same run
by the part itself (a plain QTreeView over the same query, ``executemany`` with
the same index, ``csv.writer``, brute-force ``process.cdist``, ``setPlainText``),
or the 1M/10k ratio of the same measure.

Built projects are kept under /tmp by the parts (``scale_projects``,
``scale_data``), so a second run does not pay for building them; the 1M
projects take about half an hour each to build on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: part -> (script, takes --sizes); the big-article part has its own sizes (500 / 5,000).
PARTS = {
    "list": ("scale_list.py", True),
    "search": ("scale_search.py", True),
    "io": ("scale_io.py", True),
    "entities": ("scale_entities.py", True),
    "big": ("big_article.py", False),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="comma-separated project sizes (add 1000000 for the 1M run)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"comma-separated parts of {', '.join(PARTS)}")
    args = parser.parse_args()
    wanted = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = [p for p in wanted if p not in PARTS]
    if unknown:
        sys.exit(f"unknown part(s): {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    took: list[tuple[str, float, int]] = []
    for part in wanted:
        script, sized = PARTS[part]
        command = [sys.executable, str(HERE / script), "--runs", str(args.runs)]
        if sized:
            command += ["--sizes", args.sizes]
        print(f"\n## {part}: {' '.join(command[1:])}", flush=True)
        started = time.perf_counter()
        code = subprocess.call(command, env=env)
        took.append((part, time.perf_counter() - started, code))
    print("\n## time per part (load average at the end "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())})")
    for part, seconds, code in took:
        state = "" if code == 0 else f"  (exit status {code})"
        print(f"{part:>9}: {seconds / 60:6.1f} min{state}")
    sys.exit(max((code for _, _, code in took), default=0))


if __name__ == "__main__":
    main()
