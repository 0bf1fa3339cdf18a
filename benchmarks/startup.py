"""Start-up: from launch to the first painted window, against a bare PySide6 window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup.py [--runs 7] \
        [--bundle dist/annotator/annotator]

Each run is a new process, timed from just before it is started to the moment
its first top-level window gets a paint event (the program prints it when
``ANNOTATOR_QUIT_AFTER_FIRST_PAINT=1``, then closes as a coder would). The
baseline is the least a PySide6 program can do: import QtWidgets, show an
empty QMainWindow of the same size. Variants, interleaved run by run:

- ``bare``: the baseline;
- ``bare text``: the same window holding what any coding window has before its first
  frame: a line edit, a table view and a plain text edit showing the first demo
  article (Qt's font database, text layout and style, which the empty window never
  loads): not the target's baseline, a measure of how much of the gap is Qt's own;
- ``demo``: ``python -m annotator --demo`` (builds the throw-away demo project,
  imports its five articles, opens the window on the first);
- ``start``: ``python -m annotator`` with no project: the start screen;
- ``bundle`` (with ``--bundle``): the PyInstaller build's ``annotator --demo``;
  then also the command line's start-up, ``annotator --version`` of the bundle
  against ``python -m annotator --version``, and the bundle's size on disk.

Prints min/median/max seconds, the ratio of medians to ``bare``, peak RSS and
CPU seconds of each child (read by this parent through wait4), the load average, and which
heavy packages were imported before the first paint (``-X importtime``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import child_run, child_usage  # noqa: E402

BARE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
class First(QObject):
    seen = False
    def eventFilter(self, watched, event):
        if not self.seen and event.type() == QEvent.Type.Paint and watched.isWindow():
            self.seen = True
            print(f"first paint {time.time():.6f} bare", flush=True)
            QTimer.singleShot(0, app.closeAllWindows)
        return False
probe = First()
window = QMainWindow()
window.installEventFilter(probe)  # as the program's probe watches its window
window.resize(1500, 900)
window.show()
sys.exit(app.exec())
"""

BARE_TEXT = BARE.replace("window.resize(1500, 900)", """window.resize(1500, 900)
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSplitter, QTableView
split = QSplitter(window)
QLineEdit(split)
QTableView(split)
QPlainTextEdit(open(sys.argv[1], encoding="utf-8").read(), split)
window.setCentralWidget(split)""").replace('bare", flush', 'bare text", flush')

#: Packages the first paint must not need (imported lazily where they are used).
HEAVY = ("trafilatura", "dateparser", "numpy", "pandas", "scipy", "sklearn", "matplotlib",
         "rapidfuzz", "krippendorff", "irrCAC", "cassis", "lxml", "xlsxwriter", "pyreadstat",
         "nameparser", "jellyfish", "ahocorasick", "gender_guesser", "sqlite_utils")


def variants(bundle: str | None) -> dict[str, list[str]]:
    python = sys.executable
    first_article = sorted((ROOT / "resources" / "demo").glob("*.txt"))[0]
    out = {"bare": [python, "-c", BARE],
           "bare text": [python, "-c", BARE_TEXT, str(first_article)],
           "demo": [python, "-m", "annotator", "--demo"],
           # what the desktop launcher runs (annotator-gui: no command-line layer), as
           # its entry point does it (``annotator.launch:gui_main``)
           "gui demo": [python, "-c", "import sys; sys.argv[1:] = ['--demo'];"
                        " from annotator.launch import gui_main; gui_main()"],
           "start": [python, "-m", "annotator"]}
    if bundle:
        out["bundle"] = [bundle, "--demo"]
    return out


def first_paint_seconds(args: list[str]) -> tuple[float, float, float]:
    """(seconds from launch to first paint, peak RSS in MB, the child's CPU seconds to
    its exit) of one run. On a shared machine the CPU time says what a run cost when
    the wall clock mostly says how busy the neighbours were."""
    started = time.time()
    out, usage = child_usage(args)
    rss, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    line = next((line for line in out.splitlines() if line.startswith("first paint ")), None)
    if line is None:
        raise SystemExit(f"{args}: no first paint reported; output: {out!r}")
    return float(line.split()[2]) - started, rss, cpu


def version_seconds(args: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one ``--version`` run, to its exit."""
    started = time.time()
    _out, rss = child_run(args)
    return time.time() - started, rss


def summary(name: str, times: list[float], peaks: list[float], base: float,
            cpu: list[float] | None = None, cpu_base: float | None = None) -> str:
    median = statistics.median(times)
    line = (f"  {name:9s} min {min(times):.3f} s  median {median:.3f} s  max {max(times):.3f} s"
            f"  ratio {median / base:.2f}  peak RSS {max(peaks):.0f} MB")
    if cpu:
        used = statistics.median(cpu)
        line += f"  CPU median {used:.3f} s (ratio {used / cpu_base:.2f})"
    return line


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*")
               if p.is_file() and not p.is_symlink()) / 2**20


def heavy_imports(args: list[str]) -> list[str]:
    """Which HEAVY packages the run imported before it quit at its first paint."""
    done = subprocess.run([args[0], "-X", "importtime", *args[1:]], capture_output=True,
                          text=True, timeout=300)
    names = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
             if line.startswith("import time:")}
    return [name for name in HEAVY if name in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", help="the bundled executable (dist/annotator/annotator)")
    args = parser.parse_args()
    config = tempfile.mkdtemp(prefix="annotator-startup-")
    os.environ.update({"ANNOTATOR_QUIT_AFTER_FIRST_PAINT": "1", "XDG_CONFIG_HOME": config,
                       "XDG_DATA_HOME": config})
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A coder's installed program has its bytecode cached; compiling every module from
    # source at each launch (PYTHONDONTWRITEBYTECODE, set on some CI machines) is not
    # what they wait for. The unmeasured warm-up run writes the cache.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    runs = variants(args.bundle)
    for argv in runs.values():  # warm the file cache once, unmeasured
        first_paint_seconds(argv)
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    rss: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.runs):
        for name, argv in runs.items():  # interleaved: a neighbour's load hits all alike
            took, peak, used = first_paint_seconds(argv)
            seconds[name].append(took)
            rss[name].append(peak)
            cpu[name].append(used)
    load = os.getloadavg()
    print(f"launch to first painted window, {args.runs} runs each, interleaved "
          f"(QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}, Python "
          f"{sys.version.split()[0]}), load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    base = statistics.median(seconds["bare"])
    cpu_base = statistics.median(cpu["bare"])
    for name in runs:
        print(summary(name, seconds[name], rss[name], base, cpu[name], cpu_base))
    if args.bundle:
        versions = {"python": [sys.executable, "-m", "annotator", "--version"],
                    "bundle": [args.bundle, "--version"]}
        took: dict[str, list[float]] = {name: [] for name in versions}
        peaks: dict[str, list[float]] = {name: [] for name in versions}
        for _ in range(args.runs):
            for name, argv in versions.items():
                t, peak = version_seconds(argv)
                took[name].append(t)
                peaks[name].append(peak)
        print("the command line, launch to exit of annotator --version (ratio to python -m):")
        python_median = statistics.median(took["python"])
        for name in versions:
            print(summary(name, took[name], peaks[name], python_median))
        folder = Path(args.bundle).resolve().parent
        print(f"  bundle size: {folder_mb(folder):.0f} MB in {folder}")
    for name in ("demo", "start"):
        heavy = heavy_imports(runs[name])
        print(f"  heavy packages imported before the first paint ({name}): "
              f"{', '.join(heavy) if heavy else 'none'}")


if __name__ == "__main__":
    main()
