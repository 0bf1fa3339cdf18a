"""The article list at 10k / 100k / 1M articles, through the real view with events processed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/scale_list.py \
        [--sizes 10000,100000,1000000] [--runs 5]

Each run is a fresh process (its peak RSS read from outside, by this parent)
that opens a generated project (``scale_projects.cached_project``: built once
through the import path and kept under /tmp) and measures, in one window:

- open -> first list paint: opening the project, the progress counts, the
  list pane shown until its viewport has painted; also the whole main window;
- per step of the scroll bar (``SliderPageStepAdd``, a screenful of new rows,
  then a synchronous repaint and the event queue processed), at the top and
  near the end;
- Ctrl+End on the list, and dragging the scroll bar to the middle, each
  until painted.

The baseline is what a competent engineer writes first: a ``QTreeView`` with
uniform row heights over a ``QSqlQueryModel`` of the same SELECT, which
fetches 256 rows at a time as the view reaches the bottom, plus the same
progress counts the old way (a GROUP BY over every article). It cannot jump
to row 900,000: it reaches the end by scrolling to the bottom again and again
until nothing is left to fetch, or until ``--budget`` seconds, and its drag
and near-the-end steps are measured over what it reached. Project and
baseline runs are interleaved; each figure is min / median / max over the
runs (each run's own figure is the median of its steps).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scale_projects import CODER, cached_project  # noqa: E402
from timing import child_run  # noqa: E402

STEPS = 30
WIDTH, HEIGHT = 420, 900


# -- inside a run ---------------------------------------------------------------------------
def _app():
    from PySide6.QtWidgets import QApplication
    return QApplication.instance() or QApplication(sys.argv[:1])


def _warm(app) -> None:
    """Pay the once-per-process costs (fonts, style, the first paint) before measuring:
    they are the same at every size and would hide what grows with it."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView, QTreeView

    model = QStandardItemModel(50, 4)
    for cls in (QTableView, QTreeView):
        view = cls()
        view.setModel(model)
        _until_painted(app, view.viewport(), view.show)
        view.close()


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(mark: tuple[float, float]) -> tuple[float, float]:
    """(wall ms, this process's CPU ms) since ``mark``: the CPU time is less moved by the
    neighbours of a shared machine."""
    return (time.perf_counter() - mark[0]) * 1000, (time.process_time() - mark[1]) * 1000


def _until_painted(app, widget, show) -> None:
    """Call ``show`` and process events until ``widget`` has painted."""
    from PySide6.QtCore import QEvent, QObject

    painted = []

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    watch = Watch()
    widget.installEventFilter(watch)
    show()
    while not painted:
        app.processEvents()
    app.processEvents()  # the paint that was flagged has run to its end
    widget.removeEventFilter(watch)


def _steps(app, view, start: int) -> tuple[float, float]:
    """Median ms of STEPS page steps of the scroll bar from ``start``, each painted: wall
    time, and this process's CPU time (less moved by neighbours on a shared machine)."""
    from PySide6.QtWidgets import QAbstractSlider

    bar = view.verticalScrollBar()
    bar.setValue(start)
    view.viewport().repaint()
    app.processEvents()
    times = [_painted(app, view, lambda: bar.triggerAction(
        QAbstractSlider.SliderAction.SliderPageStepAdd)) for _ in range(STEPS)]
    return _medians(times)


def _medians(times: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def _painted(app, view, action) -> tuple[float, float]:
    mark = _clock()
    action()
    view.viewport().repaint()
    app.processEvents()
    return _since(mark)


def run_project(path: Path) -> dict:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest

    from annotator.gui.article_list import ArticleListPane
    from annotator.gui.main_window import MainWindow
    from annotator.store import Store

    app = _app()
    _warm(app)
    Store(None).close()  # sqlite-utils loads its plugins at the first connection
    mark = _clock()
    store = Store(path, coder=CODER)
    pane = ArticleListPane(store)
    pane.resize(WIDTH, HEIGHT)
    _until_painted(app, pane.view.viewport(), pane.show)
    view, model = pane.view, pane.model
    out = {"rows": model.rowCount(), "progress": pane.progress.text()}
    out["open_ms"], out["open_cpu_ms"] = _since(mark)
    out["step_top_ms"], out["step_top_cpu_ms"] = _steps(app, view, 0)
    bar = view.verticalScrollBar()
    out["step_end_ms"], out["step_end_cpu_ms"] = _steps(
        app, view, bar.maximum() - (STEPS + 1) * bar.pageStep())
    view.setFocus()
    ends, drags = [], []
    for _ in range(3):
        view.setCurrentIndex(model.index(0, 0))
        bar.setValue(0)
        app.processEvents()
        ends.append(_painted(app, view, lambda: QTest.keyClick(
            view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)))
        bar.setValue(0)
        app.processEvents()
        drags.append(_painted(app, view, lambda: bar.setSliderPosition(bar.maximum() // 2)))
    out["end_ms"], out["end_cpu_ms"] = _medians(ends)
    out["drag_ms"], out["drag_cpu_ms"] = _medians(drags)
    out["end_row"] = view.currentIndex().row()
    out["cached_rows"] = model.cached_rows
    pane.close()
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        mark = _clock()
        window = MainWindow(store, settings)
        window.resize(1400, HEIGHT)
        _until_painted(app, window.article_list.view.viewport(), window.show)
        out["window_ms"], out["window_cpu_ms"] = _since(mark)
        window.close()
    store.close()
    return out


def run_baseline(path: Path, budget_s: float) -> dict:
    from PySide6.QtSql import QSqlDatabase, QSqlQuery, QSqlQueryModel
    from PySide6.QtWidgets import QTreeView

    from annotator.store.articles import LIST_COLUMNS

    app = _app()
    _warm(app)
    warm = QSqlDatabase.addDatabase("QSQLITE", "warm")  # loads the driver plugin
    warm.setDatabaseName(":memory:")
    warm.open()
    mark = _clock()
    db = QSqlDatabase.addDatabase("QSQLITE", "baseline")
    db.setDatabaseName(str(path))
    db.open()
    query = QSqlQuery(db)
    query.exec(f"SELECT id FROM coders WHERE name = '{CODER}'")
    query.next()
    coder = query.value(0)
    counts = QSqlQuery(db)  # the progress line, counted the plain way
    counts.exec("SELECT COALESCE(s.status, 'todo'), count(*) FROM articles a LEFT JOIN"
                f" article_status s ON s.article_id = a.id AND s.coder_id = {coder} GROUP BY 1")
    progress = {}
    while counts.next():
        progress[counts.value(0)] = counts.value(1)
    model = QSqlQueryModel()
    rows = QSqlQuery(db)
    rows.exec(f"SELECT {LIST_COLUMNS} FROM articles a LEFT JOIN article_status s"
              f" ON s.article_id = a.id AND s.coder_id = {coder} ORDER BY a.id")
    model.setQuery(rows)
    view = QTreeView()
    view.setUniformRowHeights(True)
    view.setRootIsDecorated(False)
    view.setModel(model)
    view.resize(WIDTH, HEIGHT)
    _until_painted(app, view.viewport(), view.show)
    out = {"progress": progress.get("done", 0)}
    out["open_ms"], out["open_cpu_ms"] = _since(mark)
    out["step_top_ms"], out["step_top_cpu_ms"] = _steps(app, view, 0)
    bar = view.verticalScrollBar()
    mark = _clock()
    while model.canFetchMore() and time.perf_counter() - mark[0] < budget_s:
        bar.setValue(bar.maximum())
        view.viewport().repaint()
        app.processEvents()
    out["end_ms"], out["end_cpu_ms"] = _since(mark)
    out["rows"] = model.rowCount()
    out["end_reached"] = not model.canFetchMore()
    bar.setValue(0)
    app.processEvents()
    out["drag_ms"], out["drag_cpu_ms"] = _painted(
        app, view, lambda: bar.setSliderPosition(bar.maximum() // 2))
    out["step_end_ms"], out["step_end_cpu_ms"] = _steps(
        app, view, max(0, bar.maximum() - (STEPS + 1) * bar.pageStep()))
    view.close()
    del model, rows, query, counts
    db.close()
    return out


# -- the parent -----------------------------------------------------------------------------
MEASURES = (("open", "open -> first list paint"),
            ("step_top", "scroll-bar page step, top"),
            ("step_end", "scroll-bar page step, near the end"),
            ("end", "Ctrl+End (baseline: scroll until the end)"),
            ("drag", "drag scroll bar to the middle"))


def spread(values: list[float]) -> str:
    return f"{min(values):8.1f} {statistics.median(values):8.1f} {max(values):8.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="comma-separated project sizes (1000000 builds for ~15 min once)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget", type=float, default=20.0,
                        help="seconds the baseline may scroll towards the end, per run")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path = args.child
        result = run_project(Path(path)) if kind == "project" else \
            run_baseline(Path(path), args.budget)
        print(json.dumps(result))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    paths = {n: cached_project(n) for n in sizes}
    load_before = os.getloadavg()
    results: dict[int, dict[str, list[dict]]] = {}
    for n in sizes:
        results[n] = {"project": [], "baseline": []}
        for run in range(args.runs):
            kinds = ("project", "baseline") if run % 2 == 0 else ("baseline", "project")
            for kind in kinds:
                out, rss = child_run([sys.executable, __file__, "--child", kind, str(paths[n]),
                                      "--budget", str(args.budget)])
                result = json.loads(out.strip().splitlines()[-1])
                result["rss_mb"] = rss
                results[n][kind].append(result)
    report(results, args, load_before, os.getloadavg())


def report(results, args, load_before, load_after) -> None:
    print(f"article list, {args.runs} runs per size interleaving project and baseline;"
          f" ms min / median / max (wall, then CPU time of the process); load average"
          f" before {load_before[0]:.2f} {load_before[1]:.2f},"
          f" after {load_after[0]:.2f} {load_after[1]:.2f}")
    medians: dict[int, dict[str, float]] = {}
    for n, kinds in results.items():
        proj, base = kinds["project"], kinds["baseline"]
        reached = [r["rows"] for r in base]
        print(f"\n{n:,} articles (virtual list shows {proj[0]['rows']:,} rows; baseline reached "
              f"{min(reached):,}-{max(reached):,} rows, the end in "
              f"{sum(r['end_reached'] for r in base)} of {len(base)} runs)")
        print(f"  {'measure':48} {'virtual list (this)':>26}   {'baseline QTreeView':>26}  "
              "baseline/virtual")
        medians[n] = {}
        for key, label in (*MEASURES, ("window", "whole main window -> first list paint")):
            for suffix, what in (("_ms", "wall"), ("_cpu_ms", "CPU")):
                p = [r[key + suffix] for r in proj]
                medians[n][key + suffix] = statistics.median(p)
                line = f"  {label + ', ' + what:48} {spread(p)}"
                if key != "window":
                    b = [r[key + suffix] for r in base]
                    ratio = statistics.median(b) / max(statistics.median(p), 1e-9)
                    line += f"   {spread(b)}  {ratio:8.1f}x"
                print(line)
        rss = [statistics.median(r["rss_mb"] for r in runs) for runs in (proj, base)]
        print(f"  peak RSS (MB, median): virtual {rss[0]:.0f}, baseline {rss[1]:.0f};"
              f" rows cached after the run: {proj[0]['cached_rows']:,}")
    sizes = sorted(medians)
    if len(sizes) > 1:
        small = sizes[0]
        print(f"\nvirtual list, t(n) / t({small:,}) of the medians (wall, CPU):")
        for big in sizes[1:]:
            print(f"  n = {big:,}")
            for key, label in (*MEASURES, ("window", "whole main window -> first list paint")):
                wall, cpu = (medians[big][key + s] / medians[small][key + s]
                             for s in ("_ms", "_cpu_ms"))
                print(f"    {label:46} {wall:6.2f} {cpu:6.2f}")


if __name__ == "__main__":
    main()
