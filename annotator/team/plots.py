"""The reliability report's plots as PNG bytes (matplotlib, drawn off screen by Agg).

No pyplot and no GUI backend: a ``Figure`` drawn on an Agg canvas, so the CLI
makes the same pictures without a display and the window shows the same
bytes (``gui/dialogs/reliability.py``).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from annotator.team.bootstrap import Interval
from annotator.team.methods import Reliability

RELIABLE, TENTATIVE = 0.800, 0.667
COLOURS = {"reliable": "#2a9d8f", "tentative": "#e9c46a", "unreliable": "#e76f51"}


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    return buffer.getvalue()


def _decision(value: float) -> str:
    return "reliable" if value >= RELIABLE else "tentative" if value >= TENTATIVE \
        else "unreliable"


def forest(rows: Sequence[tuple[str, float, Interval, float | None]], title: str,
           xlabel: str, cutoffs: bool = True, dpi: int = 110) -> bytes:
    """One line per row: the estimate, its 95% interval, a hollow mark for a second value."""
    shown = [r for r in rows if not math.isnan(r[1])]
    figure = Figure(figsize=(7.2, 0.42 * max(len(shown), 1) + 1.3), dpi=dpi,
                    layout="constrained")
    axes = figure.add_subplot()
    for y, (_label, value, interval, other) in enumerate(reversed(shown)):
        colour = COLOURS[_decision(value)] if cutoffs else "#457b9d"
        if interval.samples:
            axes.plot([interval.low, interval.high], [y, y], color=colour, lw=2.5,
                      solid_capstyle="butt")
        axes.plot([value], [y], "o", color=colour, ms=7, zorder=3)
        if other is not None and not math.isnan(other):
            axes.plot([other], [y], "o", mfc="none", mec="#555", ms=7, zorder=2)
    axes.set_yticks(range(len(shown)), [r[0] for r in reversed(shown)])
    if cutoffs:
        for cut, style in ((RELIABLE, "--"), (TENTATIVE, ":")):
            axes.axvline(cut, color="#666", ls=style, lw=1)
    low = min([0.0] + [min(r[1], r[2].low if r[2].samples else r[1]) for r in shown])
    axes.set_xlim(max(-1.0, low - 0.05), 1.02)
    axes.set_ylim(-0.7, len(shown) - 0.3)
    axes.set_xlabel(xlabel)
    axes.set_title(title, loc="left", fontsize=11)
    axes.grid(axis="x", color="#eee")
    axes.set_axisbelow(True)
    return _png(figure)


def alpha_plot(rel: Reliability) -> bytes:
    """α of every variable with its 95% interval; hollow: nominal α; lines at .800 and .667."""
    rows = [(f"{v.label} ({v.level})", v.alpha, v.interval,
             v.nominal if v.level != "nominal" else None) for v in rel.variables]
    return forest(rows, "Krippendorff's α per variable, 95% bootstrap interval",
                  "α (dashed: .800, dotted: .667; hollow: nominal α)")


#: With more coders than this the span plot shows all coders only (the table has every pair).
PLOTTED_CODERS = 4


def span_plot(rel: Reliability) -> bytes:
    """Span F1 (overlap) of all coders and, for a few coders, of every pair; intervals from
    resampled articles."""
    every_pair = len(rel.agreement.coders) <= PLOTTED_CODERS
    rows = [(f"{p.name.split('_')[0]}: " + ("all coders" if p.coder_a == "*"
                                             else f"{p.coder_a} – {p.coder_b}"),
             p.value, p.interval, None)
            for p in rel.pairs if p.measure == "f1_overlap" and (every_pair or p.coder_a == "*")]
    return forest(rows, "Span F1 (overlapping spans), 95% interval over resampled articles",
                  "F1", cutoffs=False)
