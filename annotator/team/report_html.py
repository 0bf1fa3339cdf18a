"""The reliability report as one HTML file: a researcher opens it, or pastes from it into a paper.

One self-contained page (plots embedded as PNG data), written atomically: per
variable n units, coders, α at its level with its interval, the decision
against .800 / .667, nominal α, AC1 and Fleiss' κ; the plots; the pairwise
table; the coincidence matrices; the disagreement hot spots; and the methods
paragraph. The window shows the same HTML (``gui/dialogs/reliability.py``),
with its images as document resources and hot spots as links that open the
comparison view, so both say the same thing.
"""

from __future__ import annotations

import base64
import math
import os
import tempfile
from collections.abc import Callable, Mapping
from datetime import date
from html import escape
from pathlib import Path

from annotator import __version__
from annotator.spans import counted
from annotator.team import plots
from annotator.team.agreement import ALL
from annotator.team.methods import Reliability, VariableFigure
from annotator.team.methods_text import interval_text, methods_paragraph, number, units_statement

#: A coincidence matrix with more values than this is summarised, not printed.
MATRIX_VALUES = 12

STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 24px; color: #222; }
table { font-size: 10pt; }
h1 { font-size: 20pt; } h2 { font-size: 14pt; margin-top: 22px; }
table { border-collapse: collapse; margin: 6px 0 14px 0; }
th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; white-space: nowrap; }
th { background: #f1f1f1; } td.l, th.l { text-align: left; }
.methods { background: #f7f7f2; border: 1px solid #ddd; padding: 10px 14px; }
.reliable { color: #1d7a6f; font-weight: bold; } .tentative { color: #a77b00; font-weight: bold; }
.unreliable { color: #c0392b; font-weight: bold; } .undefined { color: #777; }
.note { color: #555; font-size: 9pt; }
"""


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def article_link(article_id: int, a: str, b: str) -> str:
    """The hot spot's link: ``compare:<article>?a=<coder>&b=<coder>`` (the window opens it)."""
    from urllib.parse import quote
    return f"compare:{article_id}?a={quote(a)}&b={quote(b)}"


def render(rel: Reliability, *, titles: Mapping[int, str] | None = None,
           image: Callable[[str, bytes], str] = lambda _name, png: data_uri(png),
           links: bool = False) -> str:
    """The report's HTML. ``image(name, png)`` gives each plot's ``src``; ``links`` makes
    hot spots links to the comparison view (the window), else plain text (a file)."""
    titles = titles or {}
    report = rel.agreement
    parts = [f"<html><head><meta charset='utf-8'><title>Reliability report</title>"
             f"<style>{STYLE}</style></head><body>",
             "<h1>Intercoder reliability</h1>",
             f"<p>{counted(report.articles, 'article')} coded by two or more of "
             f"{counted(len(report.coders), 'coder')} "
             f"({escape(', '.join(report.coders))}). {escape(units_statement(rel))}. "
             f"Annotator {__version__}, {date.today().isoformat()}.</p>",
             "<h2>Methods paragraph</h2>",
             f"<p class='methods'>{escape(methods_paragraph(rel))}</p>",
             "<h2>Krippendorff's α per variable</h2>",
             f"<p><img src='{image('alpha', plots.alpha_plot(rel))}' alt='alpha per variable'>"
             "</p>", _variable_table(rel)]
    if any(p.measure == "f1_overlap" for p in rel.pairs):
        parts += ["<h2>Span agreement</h2>",
                  f"<p><img src='{image('spans', plots.span_plot(rel))}' alt='span F1'></p>",
                  _span_table(rel)]
    parts += ["<h2>Coder pairs</h2>", _pair_table(rel),
              "<h2>Disagreement hot spots</h2>", _hot_spots(rel, titles, links),
              "<h2>Coincidence matrices</h2>",
              "<p class='note'>o<sub>ck</sub>: how often value c was paired with value k in "
              "a unit (each pair of values in a unit with m values counts 1/(m−1)).</p>"]
    parts += [_coincidence_table(v) for v in rel.variables if v.units]
    parts.append("</body></html>")
    return "\n".join(parts)


def _cell(text: str, cls: str = "") -> str:
    return f"<td class='{cls}'>{escape(text)}</td>" if cls else f"<td>{escape(text)}</td>"


def _variable_table(rel: Reliability) -> str:
    head = ["variable", "level", "units", "articles", "coders", "α", "95% CI", "q(α<.800)",
            "q(α<.667)", "nominal α", "Gwet's AC1 (SE)", "Fleiss' κ (SE)", "decision"]
    rows = ["<table><tr>" + "".join(f"<th class='l'>{escape(h)}</th>" if i < 2
                                    else f"<th>{escape(h)}</th>"
                                    for i, h in enumerate(head)) + "</tr>"]
    for v in rel.variables:
        chance = {c.name: f"{number(c.value)} ({number(c.se)})" for c in v.chance}
        rows.append("<tr>" + "".join([
            _cell(v.label, "l"), _cell(v.level, "l"), _cell(str(v.units)), _cell(str(v.articles)),
            _cell(str(len(v.coders))), _cell(number(v.alpha)), _cell(interval_text(v)),
            _cell(number(v.interval.q(0.800), 3)), _cell(number(v.interval.q(0.667), 3)),
            _cell(number(v.nominal)), _cell(chance.get("Gwet's AC1", "–")),
            _cell(chance.get("Fleiss' kappa", "–")), _cell(v.decision(), v.decision())]) + "</tr>")
    rows.append("</table><p class='note'>Decision: reliable α ≥ .800, tentative .667 ≤ α &lt; "
                ".800, else unreliable (Krippendorff 2004); q is the share of bootstrap samples "
                "below the cut-off. AC1 and Fleiss' κ (nominal, by irrCAC) are left out for "
                "variables with more than 60 distinct values.</p>")
    return "\n".join(rows)


def _pair(a: str, b: str) -> str:
    return "all coders" if a == ALL else f"{a} – {b}"


def _with_interval(value: float, interval) -> str:
    if not interval.samples:
        return number(value)
    return f"{number(value)} [{number(interval.low)}, {number(interval.high)}]"


def _span_table(rel: Reliability) -> str:
    rows = ["<table><tr><th class='l'>spans</th><th class='l'>coders</th><th>F1 exact [95% CI]"
            "</th><th>F1 overlap [95% CI]</th><th>spans</th></tr>"]
    figures = {(p.name, p.coder_a, p.coder_b, p.measure): p for p in rel.pairs
               if p.measure.startswith("f1_")}
    for (name, a, b, measure), p in figures.items():
        if measure != "f1_exact":
            continue
        overlap = figures[(name, a, b, "f1_overlap")]
        rows.append("<tr>" + _cell(name.split("_")[0], "l") + _cell(_pair(a, b), "l")
                    + _cell(_with_interval(p.value, p.interval))
                    + _cell(_with_interval(overlap.value, overlap.interval))
                    + _cell(str(p.units)) + "</tr>")
    return "\n".join(rows) + ("</table><p class='note'>All coders: matched and marked spans "
                              "summed over every coder pair.</p>")


def _pair_table(rel: Reliability) -> str:
    """Cohen's κ and α at level per coder pair and variable (all coders: Light's κ)."""
    rows = ["<table><tr><th class='l'>variable</th><th class='l'>coders</th><th>units</th>"
            "<th>Cohen's κ [95% CI]</th><th>α at level [95% CI]</th></tr>"]
    alphas = {(p.name, p.coder_a, p.coder_b): p for p in rel.pairs
              if p.measure.startswith("alpha_")}
    labels = {v.name: v.label for v in rel.variables}
    for p in rel.pairs:
        if p.measure != "kappa" or not p.units:  # no matched pair with both values
            continue
        alpha = alphas.get((p.name, p.coder_a, p.coder_b))
        rows.append("<tr>" + _cell(labels.get(p.name, p.name), "l")
                    + _cell(_pair(p.coder_a, p.coder_b), "l") + _cell(str(p.units))
                    + _cell(_with_interval(p.value, p.interval))
                    + _cell(_with_interval(alpha.value, alpha.interval) if alpha else "–")
                    + "</tr>")
    rows.append("</table><p class='note'>Pairs compare the spans the two coders matched; the "
                "all-coder row is Light's κ (mean pairwise κ). κ intervals resample articles; "
                "α intervals are Hayes &amp; Krippendorff's bootstrap. Variables no pair "
                "coded are left out.</p>")
    return "\n".join(rows)


def _hot_spots(rel: Reliability, titles: Mapping[int, str], links: bool) -> str:
    if not rel.hot_spots:
        return "<p>The coders agree everywhere they both coded.</p>"
    rows = ["<table><tr><th class='l'>article</th><th class='l'>what</th>"
            "<th class='l'>coders differing most</th><th>differing</th><th>of units</th></tr>"]
    for spot in rel.hot_spots:
        name = f"#{spot.article_id} {titles.get(spot.article_id, '')}".strip()
        shown = escape(name[:70])
        if links:
            shown = f"<a href='{article_link(spot.article_id, spot.coder_a, spot.coder_b)}'>" \
                    f"{shown}</a>"
        rows.append(f"<tr><td class='l'>{shown}</td>" + _cell(spot.what, "l")
                    + _cell(f"{spot.coder_a} – {spot.coder_b}", "l")
                    + _cell(str(spot.differing)) + _cell(str(spot.units)) + "</tr>")
    return "\n".join(rows) + "</table>"


def _coincidence_table(v: VariableFigure) -> str:
    co = v.matrix
    title = f"<p><b>{escape(v.label)}</b> ({v.level}, n = {number(co.n, 0)} pairable values)"
    if len(co.values) > MATRIX_VALUES:
        diagonal = float(co.matrix.trace()) / co.n if co.n else math.nan
        return (f"{title}: {len(co.values)} distinct values, too many to print; "
                f"{number(diagonal)} of the pairable values were paired with the same value.</p>")
    labels = [escape(str(x)) for x in co.values]
    rows = [title + "</p><table><tr><th></th>" + "".join(f"<th>{x}</th>" for x in labels)
            + "<th>n<sub>c</sub></th></tr>"]
    for label, line in zip(labels, co.matrix):
        rows.append(f"<tr><th class='l'>{label}</th>"
                    + "".join(_cell(_count(x)) for x in line)
                    + _cell(_count(line.sum())) + "</tr>")
    return "\n".join(rows) + "</table>"


def _count(x: float) -> str:
    return str(int(round(x))) if abs(x - round(x)) < 1e-9 else f"{x:.2f}"


def write_report(rel: Reliability, path: str | Path, *,
                 titles: Mapping[int, str] | None = None) -> Path:
    """Write the report; the file appears complete or not at all (temp file, then rename)."""
    path = Path(path)
    text = render(rel, titles=titles)
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=path.parent or ".")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the report from co-authors
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
