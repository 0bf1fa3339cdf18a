"""Reliability in words: the terminal table and the methods paragraph a paper can quote.

Both state the settings the figures depend on (units pooled or averaged per
article, bootstrap samples and seed, span matching), so a figure never
travels without how it was made.
"""

from __future__ import annotations

import math

from annotator import __version__
from annotator.spans import counted
from annotator.team.agreement import ALL
from annotator.team.methods import Reliability, VariableFigure

UNIT_WORDS = {
    "pooled": "pooled over all units of all articles",
    "article": "computed per article and averaged over the articles where it is defined",
}


def number(value: float, digits: int = 3) -> str:
    """.812 as methods sections print α (no leading zero), n/a when undefined."""
    if math.isnan(value):
        return "n/a"
    text = f"{value:.{digits}f}"
    return text.replace("0.", ".", 1) if abs(value) < 1 else text


def interval_text(figure: VariableFigure) -> str:
    iv = figure.interval
    return "–" if not iv.samples else f"[{number(iv.low)}, {number(iv.high)}]"


def units_statement(rel: Reliability) -> str:
    boot = (f"{rel.samples:,} bootstrap samples, seed {rel.seed}" if rel.samples
            else "no bootstrap")
    return f"α {UNIT_WORDS[rel.units]} (--units {rel.units}); {boot}"


def format_reliability(rel: Reliability) -> str:
    """One line per variable: level, units, α at level, 95% interval, q's, nominal α, decision."""
    lines = [f"Reliability per variable: {units_statement(rel)}",
             f"{'variable':<21}{'level':<9}{'units':>7}{'alpha':>7}  {'95% CI':<16}"
             f"{'q<.800':>7}{'q<.667':>7}{'nominal':>8}  decision"]
    for v in rel.variables:
        lines.append(f"{v.label:<21}{v.level:<9}{v.units:>7}{number(v.alpha):>7}  "
                     f"{interval_text(v):<16}{number(v.interval.q(0.800), 2):>7}"
                     f"{number(v.interval.q(0.667), 2):>7}{number(v.nominal):>8}  "
                     f"{v.decision()}")
    return "\n".join(lines)


def methods_paragraph(rel: Reliability) -> str:
    """A paragraph generated from the settings used, for the paper's methods section."""
    report = rel.agreement
    coders = report.coders
    levels = sorted({v.level for v in rel.variables})
    by_level = "; ".join(
        f"{level}: {', '.join(v.label for v in rel.variables if v.level == level)}"
        for level in levels)
    interval = (f"95% confidence intervals and the probabilities q that α falls below .800 "
                f"and .667 were estimated from {rel.samples:,} bootstrap samples "
                + ("of the coincidences (Hayes & Krippendorff, 2007)" if rel.units == "pooled"
                   else "of articles") + f" (seed {rel.seed}). " if rel.samples else "")
    results = "; ".join(
        f"{v.label} α = {number(v.alpha)}"
        + (f", 95% CI {interval_text(v)}" if v.interval.samples else "")
        for v in rel.variables if not math.isnan(v.alpha))
    f1 = [p for p in rel.pairs if p.coder_a == ALL and p.measure == "f1_overlap"]
    spans = "; ".join(f"{p.name.split('_')[0]} F1 = {number(p.value)}" for p in f1)
    return (
        f"Reliability was assessed on {counted(report.articles, 'article')} coded "
        f"independently by {counted(len(coders), 'coder')} ({', '.join(coders)})"
        + (f"; the adjudicated version ({', '.join(report.left_out)}) was left out"
           if report.left_out else "")
        + ". Units were the spans the coders marked "
        "(entity mentions and claims), paired one-to-one per article by their character "
        "overlap, and the tokens of each article for the token role. Krippendorff's α was "
        f"computed at each variable's level of measurement ({by_level}), {UNIT_WORDS[rel.units]}, "
        f"with the krippendorff package in Annotator {__version__}; values a coder left empty "
        f"count as missing. {interval}"
        f"Results: {results}."
        + (f" Span agreement (F1 of overlapping spans, all coder pairs pooled): {spans}."
           if spans else "")
        + " Following Krippendorff (2004), variables with α ≥ .800 are treated as reliable and "
        "those with .667 ≤ α < .800 as allowing tentative conclusions only.")
