"""Full-text search at 10k / 100k (/ 1M) articles: p95 per keystroke, in the store and the window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/scale_search.py \
        [--sizes 10000,100000,1000000] [--runs 5] [--projects DIR]

Projects are generated (``scale_data.build_project``: bodies ~2.4 KB, Zipf
word frequencies) once per size and kept in ``--projects`` (default
``/tmp/annotator-scale-search``), since 1M takes long to build; the build time is
printed the first time.

What one keystroke costs, for every prefix of each typed search ("t", "th",
"the"; "g", "go", "gov" ... "government said"):

- **store**: ``count_articles(at_most=10_001)`` and the first page of 200
  (``list_articles``), what the list asks for each search;
- **window**: the key typed into the real search ``QLineEdit`` of the window's
  list pane (QTest), the pane's search run at once instead of after its 250 ms
  pause in typing (the pause is deliberate, not cost), and the events processed
  until the list has painted.

Categories: common words ("the", "said"), the typed prefix "gov" (and
"government said" typed through), rare words of the vocabulary's tail. Each
run is one child process per size, sizes interleaved run by run; printed are
the p95 over all keystrokes of all runs, the min/median/max of the runs' own
p95s, the load average, and each child's peak RSS read from outside
(``os.wait4``). Target (issue 10): p95 <= 100 ms at 1M for every category.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scale_data import RARE_WORDS, build_project, kept  # noqa: E402
from timing import child_run  # noqa: E402

CATEGORIES = {
    "common": ("the", "said"),
    "typed prefix": ("gov", "government said"),
    "rare": RARE_WORDS,
}
CAP = 10_000
PAGE = 200


def keystrokes(text: str) -> list[str]:
    """What the search box holds after each key: "g", "go", "gov"."""
    return [text[:i] for i in range(1, len(text) + 1) if text[i - 1] != " "]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 \
        else values[0]


def project_for(size: int, folder: Path) -> Path:
    """The generated project of ``size`` articles, built the first time it is asked for."""
    return kept(folder / f"scale-{size}.db", lambda p: build_project(p, size))


# -- the child: one size, one run ------------------------------------------------
def measure_store(path: Path) -> dict[str, list[float]]:
    from annotator.store import Store

    out: dict[str, list[float]] = {}
    with Store(path, coder="bench") as store:
        store.list_articles(0, PAGE, search="warm")  # page cache, as an open window has
        for category, texts in CATEGORIES.items():
            times = out.setdefault(category, [])
            for text in texts:
                for typed in keystrokes(text):
                    t0 = time.perf_counter()
                    store.count_articles(search=typed, at_most=CAP + 1)
                    store.list_articles(0, PAGE, search=typed)
                    times.append((time.perf_counter() - t0) * 1000)
    return out


def measure_window(path: Path) -> dict[str, list[float]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from annotator.gui.main_window import MainWindow
    from annotator.store import Store

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat)
    out: dict = {}
    labels = out["_labels"] = {}
    with Store(path, coder="bench") as store:
        window = MainWindow(store, settings)
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        if window.health is not None:  # the file check at open reads every page: let it end
            window.health.wait()
        pane = window.article_list
        box = pane.search
        box.setFocus()
        for category, texts in CATEGORIES.items():
            times = out.setdefault(category, [])
            for text in texts:
                box.clear()
                pane.apply_filter()
                app.processEvents()
                for i, char in enumerate(text):
                    t0 = time.perf_counter()
                    QTest.keyClick(box, char)
                    pane.apply_filter()  # what the pause timer calls, without the pause
                    app.processEvents()  # the view's delayed layout, then its paint
                    app.processEvents()
                    if char != " ":
                        times.append((time.perf_counter() - t0) * 1000)
                    assert box.text() == text[:i + 1]
                labels[text] = pane.matches.text()
        window.close()
        app.processEvents()
    return out


def child(path: Path, what: str) -> None:
    result = measure_store(path) if what == "store" else measure_window(path)
    print(json.dumps(result))


# -- the parent --------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--projects", type=Path, default=Path("/tmp/annotator-scale-search"))
    parser.add_argument("--child", nargs=2, metavar=("PATH", "WHAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1])
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    paths = {size: project_for(size, args.projects) for size in sizes}
    for path in paths.values():  # migrate / index once, outside the measured runs
        child_run([sys.executable, __file__, "--child", str(path), "store"])
    samples: dict[tuple[int, str, str], list[list[float]]] = {}
    rss: dict[tuple[int, str], list[float]] = {}
    loads = [os.getloadavg()[0]]
    label = {}
    for _run in range(args.runs):
        for what in ("store", "window"):
            for size in sizes:  # interleaved: every size in every run
                out, peak = child_run([sys.executable, __file__, "--child",
                                       str(paths[size]), what])
                result = json.loads(out.strip().splitlines()[-1])
                label.setdefault(size, {}).update(result.pop("_labels", {}))
                for category, times in result.items():
                    samples.setdefault((size, what, category), []).append(times)
                rss.setdefault((size, what), []).append(peak)
                loads.append(os.getloadavg()[0])
    print(f"search per keystroke, {args.runs} runs, sizes interleaved; load average "
          f"{min(loads):.1f}-{max(loads):.1f} (2 cores shared)")
    print("size | where | category | keystrokes | p95 all runs | p95 per run min/median/max "
          "| median | peak RSS median")
    for size in sizes:
        for what in ("store", "window"):
            for category in CATEGORIES:
                runs = samples[(size, what, category)]
                flat = [t for run in runs for t in run]
                per_run = [p95(run) for run in runs]
                print(f"{size:,} | {what} | {category} | {len(flat)} | {p95(flat):.1f} ms | "
                      f"{min(per_run):.1f}/{statistics.median(per_run):.1f}/"
                      f"{max(per_run):.1f} ms | {statistics.median(flat):.1f} ms | "
                      f"{statistics.median(rss[(size, what)]):.0f} MB")
        print(f"{size:,}: what the window's list pane says after each search: "
              + "; ".join(f"{t!r}: {shown}" for t, shown in label[size].items()))
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        for category in CATEGORIES:
            a = p95([t for run in samples[(small, "window", category)] for t in run])
            b = p95([t for run in samples[(big, "window", category)] for t in run])
            print(f"window p95 {category}: {big:,} / {small:,} = {b / a:.2f}")


if __name__ == "__main__":
    main()
