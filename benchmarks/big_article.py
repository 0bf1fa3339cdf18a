"""One edit in a big article: does it cost what it touches, or what the article holds?

Run offscreen (no display needed):

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/big_article.py

Builds one article (about 40,000 words, an emoji first, so every offset
crosses the UTF-16 edge) coded twice: with 500 and with 5,000 annotations
(60% mentions, 25% claims, 15% attributions; claims hold mentions, sources
are mentions, some claims nest in others, attribution chains). Each run is
one child process per size, interleaved (500, 5,000, 500, ...), which drives
the real window with events processed after each step (so Qt paints what the
step marked dirty; opening also repaints the whole visible body):

- open: ``MainWindow.open_article`` (store reads, highlights, panels,
  suggestions) and the article view alone (``show_article``, given the
  highlights as opening gives them: those of the rows that begin on screen,
  the rest on request), each against ``setPlainText`` of the same text in a
  plain QPlainTextEdit of the same size and font, measured in the same process
  (the baseline); the baseline and the view to their first paint, the open to
  its first paint, with one pass of events, and once every paragraph's
  formats are set and the suggestions computed (what the idle work finishes later);
- a new window on the project, cold (built, opened, matcher and rules run);
- edits, as the coder makes them, each timed from the key press (or the
  cell's commit) until the events it posted are processed and what it marked
  dirty is painted: add a mention (select a name, E, then Enter in the popup:
  the Enter is timed), undo it (Ctrl+Z), retype a mention (re-link it to an
  entity of another type: the entities panel's entity cell, ``setData`` as
  its editor commits), undo that, retype an entity (its type cell), undo
  that, delete a mention (its row selected, the Delete key), undo that. The
  place edited is brought on screen first, untimed, as a coder sees what
  they edit.

Prints min / median / max over the runs of each child's median, the load
average, and each child's peak RSS read from outside (wait4); beside each
edit, the median CPU time of the window's process (what a loaded machine
cannot add to), and the median ms until the article's first paint after the
edit ends ("on screen": what the coder waits to see; "-" where the edit
painted no article text). The edit's own figure also counts what follows in
its two passes of events: the panels, the suggestions, and a slice or two of
idle painting of the paragraphs off screen (15 ms each: an entity retyped
recolours its mentions all over the article). Nothing asserts on time.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import child_run  # noqa: E402

from annotator.model import ArticleDraft  # noqa: E402
from annotator.store import Store  # noqa: E402

SIZES = (500, 5000)
WORDS = ("the forces advanced toward district city officials militants retreated villages "
         "council statement sources negotiations humanitarian convoy reached residents "
         "northern southern commander reporters aid agencies civilians trapped night "
         "after before heavy fighting near road bridge market hospital water").split()
VERBS = ("said", "told reporters", "reported", "according to", "warned", "claimed")
TYPES = ("PERSON", "ORG", "GPE/LOC", "ARMED_GROUP", "MEDIA")
NAMES = [(f"{first} {last}", TYPES[i % len(TYPES)]) for i, (first, last) in enumerate(
    (f, s) for f in ("Amir", "Karim", "Nadia", "Omar", "Sara", "Yusuf", "Lina", "Tariq",
                     "Hana", "Rami") for s in ("Haddad", "Mansour", "Saleh", "Aziz", "Khalil",
                                               "Nasser"))]
OPENING = ("setPlainText", "view", "open, first paint", "open", "open, idle work done",
           "new window, cold")
STEPS = ("add mention", "undo add", "retype mention", "undo retype", "retype entity",
         "undo retype entity", "delete mention", "undo delete")


def synthetic_body(rng: random.Random, words: int) -> str:
    """Sentences of about 20 words with a name every ~8 words and one reporting verb each."""
    paragraphs, sentences, sentence = ["😀 Report."], [], []
    for i in range(words):
        sentence.append(NAMES[rng.randrange(len(NAMES))][0] if i % 8 == 3 else rng.choice(WORDS))
        if len(sentence) == 10:
            sentence.append(rng.choice(VERBS))
        if len(sentence) >= 20:
            words_ = " ".join(sentence)
            sentences.append(words_[0].upper() + words_[1:] + ".")
            sentence = []
            if len(sentences) == 5:
                paragraphs.append(" ".join(sentences))
                sentences = []
    paragraphs.append(" ".join(sentences + [" ".join(sentence) + "."]))
    return "\n\n".join(paragraphs)


def build(path: Path, spans: int, body: str) -> int:
    """An article with ``spans`` annotations, coded through the store as a coder would."""
    with Store(path, coder="bench") as store:
        [aid] = store.add_articles([ArticleDraft(title="A long report", body=body)]).inserted
        types = dict(NAMES)
        pattern = re.compile("|".join(re.escape(name) for name in types))
        found = [(m.start(), m.group(), types[m.group()]) for m in pattern.finditer(body)]
        n_mentions, n_claims = int(spans * 0.6), int(spans * 0.25)
        stride = max(1, len(found) // n_mentions)
        mentions = []
        for pos, name, etype in found[::stride][:n_mentions]:
            mentions.append((pos, pos + len(name)))
            store.add_mention(aid, pos, pos + len(name), name=name, entity_type=etype)
        sentences = [i for i, ch in enumerate(body) if ch == "."]
        claims = []
        step = max(1, len(sentences) // n_claims)
        for k in range(n_claims):
            end = sentences[min(len(sentences) - 1, k * step + 1)]
            start = body.rfind(". ", 0, end - 1) + 2 if k % 4 else max(0, end - 300)
            if end - start < 5:
                start = max(0, end - 40)
            if k % 5 == 0:  # a claim nested in the previous one
                start = (start + end) // 2
            claims.append(store.add_claim(aid, start, end).row_id)
        claim_rows = {c.id: c for c in store.claims(aid)}
        parent = None
        for k in range(spans - n_mentions - n_claims):
            claim = claim_rows[claims[k % len(claims)]]
            source = next(((s, e) for s, e in mentions if claim.start <= s and e <= claim.end),
                          (claim.start, claim.start + 4))
            cue = (max(0, claim.start - 9), max(1, claim.start - 2))
            parent = store.add_attribution(claim.id, kind="indirect", cue_span=cue,
                                           source_span=source,
                                           parent_attribution_id=parent if k % 3 else None
                                           ).row_id
        return aid


# -- the measured child -------------------------------------------------------------------
def child(db: Path, aid: int, reps: int, only_open: bool = False) -> dict:
    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from annotator.gui.main_window import MainWindow
    from annotator.gui.opening import rows_before

    app = QApplication.instance() or QApplication([])
    store = Store(db, coder="bench")
    settings = QSettings(str(db.with_suffix(".ini")), QSettings.Format.IniFormat)
    t0 = time.perf_counter()  # cold: the window built, the suggestions' matcher and rules run
    window = MainWindow(store, settings)
    window.resize(1500, 900)
    window.show()
    window.article_view.body.viewport().repaint()
    app.processEvents()
    cold = (time.perf_counter() - t0) * 1000
    body = window.article_view.body

    # a window from before the suggestions waited has only its idle painting to wait for
    pending = getattr(window, "idle_work_pending", lambda: False)

    def settled() -> None:
        """Process events until the window's idle work is done (nothing left waiting)."""
        for _ in range(100_000):
            app.processEvents()
            if body.painting_done() and not pending():
                return
        raise RuntimeError("the idle work never finished")

    # when the article's viewport last finished painting: an edit is on screen once the
    # first paint after it ends; what follows in the timed passes is idle painting of the
    # paragraphs off screen (an entity retyped: its mentions all over the article)
    painted: list[float] = []
    paint_event = type(body).paintEvent

    def recording_paint(view, event) -> None:
        paint_event(view, event)
        painted.append(time.perf_counter())
    type(body).paintEvent = recording_paint

    def timed(fn, whole: bool | str = False, viewport=None) -> float:
        """ms of ``fn`` and the painting it causes: the whole viewport (the article's,
        unless another is given) when ``whole``
        (opening: then one pass of events, the first slice of idle work with it;
        "paint": only the layout and paint requests already posted, so the window's first
        paint and nothing that waits for it (a zero timer is a posted event in Qt 6, and
        the work queued to run after a paint is posted by that paint); "settled":
        events until the idle work is done), else what Qt itself repaints once events
        are processed (an edit), twice, so what the first pass posted (a delayed
        relayout, its paint, idle painting) counts."""
        t0, c0 = time.perf_counter(), time.process_time()
        painted.clear()
        fn()
        if whole:
            (viewport or body.viewport()).repaint()
        if whole == "paint":
            app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            app.sendPostedEvents(None, QEvent.Type.UpdateRequest)
        elif whole == "settled":
            settled()
        else:
            app.processEvents()
        if not whole:
            app.processEvents()
        cpu_trace.append((time.process_time() - c0) * 1000)  # the share the load cannot take
        seen_trace.append((painted[0] - t0) * 1000 if painted else float("nan"))
        return (time.perf_counter() - t0) * 1000

    cpu_trace: list[float] = []
    seen_trace: list[float] = []

    plain = QPlainTextEdit()
    plain.setFont(body.font())
    plain.resize(body.size())
    plain.show()
    app.processEvents()
    text = store.article(aid).body
    data = window.annotations
    # the view as opening shows it: the rows that begin on screen first, the rest idle
    highlights = lambda before: window._highlights(  # noqa: E731
        data, None if before is None else rows_before(data, before))
    out: dict[str, list[float]] = {k: [] for k in OPENING + STEPS}
    out["new window, cold"].append(cold)
    for _ in range(reps):  # baseline and project interleaved in the same process
        settled()  # each measure starts with nothing waiting
        # the plain editor's viewport only (the window's article was repainted too before)
        out["setPlainText"].append(timed(lambda: plain.setPlainText(text), "paint",
                                         plain.viewport()))
        out["view"].append(timed(lambda: window.article_view.show_article(data.article,
                                                                          highlights), "paint"))
        settled()
        out["open, first paint"].append(timed(lambda: window.open_article(aid), "paint"))
        settled()
        out["open"].append(timed(lambda: window.open_article(aid), True))
        settled()
        out["open, idle work done"].append(timed(lambda: window.open_article(aid), "settled"))
    if only_open:
        for step in STEPS:
            out.pop(step)
    cpu: dict[str, list[float]] = {k: [] for k in (() if only_open else STEPS)}
    seen: dict[str, list[float]] = {k: [] for k in cpu}
    for rep in range(0 if only_open else reps):
        cpu_trace.clear()
        seen_trace.clear()
        for (step, ms), cpu_ms, seen_ms in zip(edit_round(window, text, rep, timed).items(),
                                               cpu_trace, seen_trace, strict=True):
            out[step].append(ms)
            cpu[step].append(cpu_ms)
            seen[step].append(seen_ms)
    counts = (len(window.annotations.mentions), len(window.annotations.claims),
              len(window.annotations.attributions))
    window.close()
    store.close()
    return {"median": {k: statistics.median(v) for k, v in out.items()},
            "cpu": {k: statistics.median(v) for k, v in cpu.items()},
            "seen": {k: _median_seen(v) for k, v in seen.items()},
            "annotations": sum(counts), "counts": counts, "chars": len(text)}


def edit_round(window, text: str, rep: int, timed) -> dict[str, float]:
    """Each edit of ``STEPS`` once, on a mention picked by ``rep``, as the coder makes it:
    keys pressed in the window, cells committed in the entities panel; the place edited
    is brought on screen first (not timed). The article ends as it began."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    data, body, app = window.annotations, window.article_view.body, QApplication.instance()
    target = data.mentions[(rep * 7919 + len(data.mentions) // 2) % len(data.mentions)]
    entity = data.entities[target.entity_id]
    other = next(e for e in data.entities.values() if e.type != entity.type)
    # a span nobody coded yet: the next place the target's name occurs
    free = next(i for i in range(target.end + 1, len(text)) if text.startswith(entity.name, i)
                and not any(m.start < i + len(entity.name) and i < m.end for m in data.mentions))
    model, panel, ctrl = window.entities_model, window.entities_panel, \
        Qt.KeyboardModifier.ControlModifier
    undo = lambda: QTest.keyClick(window, Qt.Key.Key_Z, ctrl)  # noqa: E731

    def show_row(kind: str, row_id: int):
        """Select a row in the entities panel (it scrolls the article to its span)."""
        window.tabs.setCurrentWidget(panel)
        panel.select_id(row_id, kind=kind)
        app.processEvents()
        return model.find(row_id, kind=kind)

    window.activateWindow()  # the coding keys are the active window's shortcuts
    for _ in range(100):
        app.processEvents()
        if window.isActiveWindow():
            break
    out = {}
    # E on the selected name, the popup offering the known entity first; Enter is timed
    body.select_span(free, free + len(entity.name))
    body.ensureCursorVisible()
    body.setFocus()
    app.processEvents()
    QTest.keyClick(body, Qt.Key.Key_E)
    popup = window.coding.popup
    assert popup.choice is None and popup.isVisible()
    first = popup.list.item(0).data(Qt.ItemDataRole.UserRole)
    assert first is not None and first.entity_id == entity.id, "the popup offers the entity"
    out["add mention"] = timed(lambda: QTest.keyClick(popup.name, Qt.Key.Key_Return))
    assert len(window.annotations.mentions) == len(data.mentions)
    out["undo add"] = timed(undo)
    index = show_row("mention", target.id)  # the entity cell of the mention: re-link it
    out["retype mention"] = timed(lambda: model.setData(index, other.id))
    out["undo retype"] = timed(undo)
    index = show_row("entity", entity.id).siblingAtColumn(1)  # the entity's type cell
    out["retype entity"] = timed(lambda: model.setData(index, other.type))
    assert window.store.entity(entity.id).type == other.type
    out["undo retype entity"] = timed(undo)
    show_row("mention", target.id)
    panel.view.setFocus()
    out["delete mention"] = timed(lambda: QTest.keyClick(panel.view, Qt.Key.Key_Delete))
    out["undo delete"] = timed(undo)
    assert window.store.entity(entity.id).type == entity.type
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reps", type=int, default=5, help="repetitions inside each child")
    parser.add_argument("--words", type=int, default=40_000)
    parser.add_argument("--open-only", action="store_true",
                        help="measure opening the article only, not the edits")
    parser.add_argument("--child", nargs=2, metavar=("DB", "ARTICLE"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), int(args.child[1]), args.reps,
                               args.open_only)))
        return
    tmp = Path(tempfile.mkdtemp(prefix="big-article-"))
    body = synthetic_body(random.Random(10), args.words)
    t0 = time.perf_counter()
    projects = {n: (tmp / f"a{n}.db", build(tmp / f"a{n}.db", n, body)) for n in SIZES}
    print(f"built {len(SIZES)} projects in {time.perf_counter() - t0:.0f} s "
          f"({len(body.split()):,} words, {len(body):,} characters)")
    results: dict[int, list[dict]] = {n: [] for n in SIZES}
    rss: dict[int, list[float]] = {n: [] for n in SIZES}
    for _ in range(args.runs):
        for n in SIZES:  # interleaved: a neighbour's load hits both sizes alike
            db, aid = projects[n]
            out, peak = child_run([sys.executable, __file__, "--child", str(db), str(aid),
                                   "--reps", str(args.reps)]
                                  + (["--open-only"] if args.open_only else []))
            results[n].append(json.loads(out.strip().splitlines()[-1]))
            rss[n].append(peak)
    report(results, rss, args.runs, STEPS if not args.open_only else ())


def _median_seen(values: list[float]) -> float | None:
    """The median ms to the article's first paint after an edit (None: never painted)."""
    painted = [v for v in values if not math.isnan(v)]
    return statistics.median(painted) if painted else None


def spread(values: list[float]) -> str:
    return f"{min(values):7.1f} {statistics.median(values):7.1f} {max(values):7.1f}"


def _seen_of(runs: list[dict], step: str) -> str:
    values = [r["seen"][step] for r in runs if r.get("seen", {}).get(step) is not None]
    return f"{statistics.median(values):.1f}" if values else "-"


def report(results: dict[int, list[dict]], rss: dict[int, list[float]], runs: int,
           steps: tuple[str, ...] = STEPS) -> None:
    small, big = SIZES
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f}; {runs} runs, each figure min / median / max ms")
    for n in SIZES:
        first = results[n][0]
        print(f"  {n:>5}: {first['annotations']:,} annotations "
              f"(mentions, claims, attributions {first['counts']}), peak RSS "
              f"{spread(rss[n])} MB")
    print(f"{'':26}{'500 annotations':>24}  {'5,000 annotations':>24}  5k/500  "
          "CPU ms 500 / 5,000 (medians)  on screen ms 500 / 5,000 (medians)")
    for step in OPENING + steps:
        a = [r["median"][step] for r in results[small]]
        b = [r["median"][step] for r in results[big]]
        cpu = "".join(f"{statistics.median([r['cpu'][step] for r in results[n]]):7.1f}"
                      for n in SIZES) if step in STEPS else ""
        if step in STEPS:
            cpu += "         " + "".join(f"{_seen_of(results[n], step):>7}" for n in SIZES)
        print(f"{step:26}{spread(a):>24}  {spread(b):>24}  "
              f"{statistics.median(b) / statistics.median(a):5.2f}x  {cpu}")
    for n in SIZES:
        base = statistics.median([r["median"]["setPlainText"] for r in results[n]])
        view = statistics.median([r["median"]["view"] for r in results[n]])
        first = statistics.median([r["median"]["open, first paint"] for r in results[n]])
        whole = statistics.median([r["median"]["open"] for r in results[n]])
        done = statistics.median([r["median"]["open, idle work done"] for r in results[n]])
        print(f"  {n:>5}: article view {view / base:4.2f}x setPlainText; whole open "
              f"(store, panels, suggestions) to the first paint {first / base:4.2f}x, with "
              f"one pass of events {whole / base:4.2f}x, with the idle work done "
              f"{done / base:4.2f}x")
    if not steps:
        return
    worst = max(statistics.median([r["median"][s] for r in results[big]]) for s in steps)
    print(f"  slowest edit at {big:,}: {worst:.1f} ms (median of runs)")
    shown = [v for r in results[big] for s in steps if (v := r.get("seen", {}).get(s)) is not None]
    if shown:
        print(f"  slowest first paint after an edit at {big:,}: {max(shown):.1f} ms (any run)")


if __name__ == "__main__":
    main()
