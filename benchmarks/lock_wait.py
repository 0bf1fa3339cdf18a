"""How long a coder's edit waits while an import writes to the same project.

    .venv/bin/python benchmarks/lock_wait.py --files 5000 --runs 5

An editing process adds a mention every 20 ms (``Store.add_mention``, what E
does) and times each edit. Measured with the project idle (the baseline) and
while ``annotator import`` of FILES articles runs in another process, in
alternating runs. Prints p50 / p99 / max edit time for each (min / median /
max over the runs), the ratio of the two p99s, how many edits failed (must
be 0), the import's wall time and its peak RSS (from outside: os.wait4).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

EDITOR = r"""
import json, os, sys, time
from annotator.store import Store
path, stop = sys.argv[1], sys.argv[2]
store = Store(path, coder="ben")
article = store.article_ids()[0]
times, failed, i = [], 0, 0
print("ready", flush=True)
while not os.path.exists(stop):
    began = time.perf_counter()
    try:
        store.add_mention(article, 0, 5, name=f"Entity {i % 50}", entity_type="ORG")
    except Exception:
        failed += 1
    times.append(1000 * (time.perf_counter() - began))
    i += 1
    time.sleep(0.02)
times.sort()
q = lambda f: times[int(f * (len(times) - 1))]
print(json.dumps({"p50": q(.5), "p99": q(.99), "max": times[-1], "n": len(times),
                  "failed": failed}), flush=True)
"""


def write_folder(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = "\n\n".join(f"Paragraph {p} of article {i}: the army said forces advanced."
                           for p in range(5))
        (folder / f"{i:06d}.txt").write_text(f"Article {i}\n\n{body}\n", encoding="utf-8")


def one_run(work: Path, folder: Path | None, seconds: float) -> dict:
    db = work / f"p-{time.monotonic_ns()}.db"
    seed = work / "seed"
    subprocess.run([sys.executable, "-m", "annotator", "import", str(db), str(seed)],
                   check=True, capture_output=True, cwd=REPO)
    stop = db.with_suffix(".stop")
    editor = subprocess.Popen([sys.executable, "-c", EDITOR, str(db), str(stop)],
                              stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert editor.stdout.readline().strip() == "ready"
    result: dict = {}
    if folder is None:
        time.sleep(seconds)
    else:
        began = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "annotator", "import", str(db),
                                 str(folder)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, cwd=REPO)
        _pid, status, usage = os.wait4(proc.pid, 0)
        result["import_s"] = time.perf_counter() - began
        result["import_rss_mb"] = usage.ru_maxrss / 1024
        result["import_ok"] = os.waitstatus_to_exitcode(status) == 0
    stop.touch()
    out, _ = editor.communicate(timeout=60)
    result.update(json.loads(out.strip().splitlines()[-1]))
    return result


def spread(values: list[float]) -> str:
    return f"{min(values):7.1f} {statistics.median(values):7.1f} {max(values):7.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="annotator-lockwait-"))
    write_folder(work / "seed", 1)
    write_folder(work / "in", args.files)
    idle, busy = [], []
    for _ in range(args.runs):  # interleaved, so load changes hit both alike
        busy.append(one_run(work, work / "in", 0))
        idle.append(one_run(work, None, busy[-1]["import_s"]))
    load = os.getloadavg()
    print(f"edit time while `annotator import` of {args.files:,} files runs, "
          f"{args.runs} runs each; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'':28}{'min':>7} {'median':>7} {'max':>7}  (ms)")
    for name, runs in (("idle project", idle), ("during the import", busy)):
        for q in ("p50", "p99", "max"):
            print(f"  {name:18} {q:5}  {spread([r[q] for r in runs])}")
    ratios = [b["p99"] / i["p99"] for b, i in zip(busy, idle)]
    print(f"  p99 ratio import/idle      {spread(ratios)}")
    print(f"  failed edits               {sum(r['failed'] for r in idle + busy)} of "
          f"{sum(r['n'] for r in idle + busy)}")
    print(f"  import wall time (s)       {spread([r['import_s'] for r in busy])}")
    print(f"  import peak RSS (MB)       {spread([r['import_rss_mb'] for r in busy])}")
    print(f"  imports that exited 0      {sum(r['import_ok'] for r in busy)} of {len(busy)}")


if __name__ == "__main__":
    main()
