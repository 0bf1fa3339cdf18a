"""Intercoder agreement of a project: which units are compared, and the figures per coder pair.

How units are formed (docs/agreement.md says the same for the methods section):

- An article counts for a pair of coders when both coded it: each marked it
  done or annotated something in it. Only such articles enter the pair's figures.
- Spans (entity mentions, claims) are matched one-to-one per article: exactly
  (same start and end, and the same fragments for a discontinuous span) for
  "exact" F1, and by overlap of their extents (best overlap/union first) for
  "overlap" F1 and for every value compared on matched spans.
- Values of matched spans (an entity's type and identity; a claim's category,
  position, claimant; the source, cue and kind of the claim's attribution) are
  compared with Cohen's κ and nominal Krippendorff's α. A value a coder left
  empty is missing, not a category.
- "All coders" figures: pooled F1 over pairs, Light's κ (mean pairwise κ), and
  α over multi-coder units made by joining the pairwise overlap matches of an
  article; a coder with two spans in one unit contributes the majority value.
- Tokens (words and punctuation marks) of the commonly coded articles get the
  role each coder gave them (source over cue over claim content over none) for
  a token-level α, the figure attribution corpora such as PolNeAR report.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.codebook import is_outlet_voice
from annotator.exporting.cells import SafeCsvWriter
from annotator.exporting.fileset import FileSet
from annotator.model import parse_fragments
from annotator.spans import counted
from annotator.team import reliability as rel
from annotator.team.coincidences import scale_of

if TYPE_CHECKING:
    from annotator.store import Store

ALL = "*"
Row = dict[str, Any]


@dataclass(frozen=True)
class Figure:
    """One agreement figure: a measure of a layer, for a coder pair or all coders (``*``)."""

    layer: str
    measure: str
    coder_a: str
    coder_b: str
    value: float
    units: int
    matched: int | None = None
    n_a: int | None = None
    n_b: int | None = None


@dataclass
class Matrix:
    """Units × coders values of one measure, as R's irr and SPSS read them (None = empty)."""

    name: str
    coders: list[str]
    rows: list[tuple[str, dict[str, Hashable | None]]] = field(default_factory=list)


@dataclass
class AgreementReport:
    coders: list[str]
    articles: int
    figures: list[Figure] = field(default_factory=list)
    matrices: dict[str, Matrix] = field(default_factory=dict)
    entity_labels: dict[int, str] = field(default_factory=dict)
    #: scale order of a matrix's values where it is not alphabetical (certainty: codebook order)
    orders: dict[str, tuple[Hashable, ...]] = field(default_factory=dict)
    #: the compared articles (coded by two or more of the coders)
    article_ids: list[int] = field(default_factory=list)
    #: adjudicated (gold) coders left out of the default comparison
    left_out: list[str] = field(default_factory=list)
    #: per (layer, coder a, coder b): one (article, exact, overlap, spans of a, spans of b)
    #: per shared article, so intervals can resample articles (team/methods.py)
    span_counts: dict[tuple[str, str, str], list[tuple[int, int, int, int, int]]] = field(
        default_factory=dict)
    #: per (layer, measure, coder a, coder b): (article, a's value, b's value) of matched spans
    pair_values: dict[tuple[str, str, str, str], list[tuple[int, Hashable, Hashable]]] = field(
        default_factory=dict)

    def value(self, layer: str, measure: str, a: str = ALL, b: str = ALL) -> float:
        for f in self.figures:
            if (f.layer, f.measure) == (layer, measure) and {f.coder_a, f.coder_b} == {a, b}:
                return f.value
        raise KeyError((layer, measure, a, b))


@dataclass(frozen=True)
class Measure:
    """A value compared on matched spans (``value``) or a check on each matched pair (``same``)."""

    layer: str
    name: str
    value: Callable[[Row], Hashable | None] | None = None
    same: Callable[[Row, Row], bool | None] | None = None


# -- the measures of each layer ----------------------------------------------------------------

def _words(text: str | None) -> str | None:
    return " ".join(text.lower().split()) if text else None


def _attribution(row: Row) -> Row | None:
    """The claim's innermost attribution; None for none, or for the outlet's own voice,
    which one coder codes as kind ``unattributed`` and another by leaving it bare."""
    att = row["_attribution"]
    if att is None or is_outlet_voice(att["kind"], att["source"] or att["source_text"]):
        return None
    return att


def _source(row: Row) -> Hashable | None:
    att = _attribution(row)
    if att is None:
        return "(unattributed)"
    if att["source"] is not None:
        return f"e{att['source']}"
    return f"t:{_words(att['source_text'])}" if att["source_text"] else "(no source)"


def _cue(row: Row) -> Hashable | None:
    att = _attribution(row)
    if att is None:
        return "(unattributed)"
    return _words(att["cue_text"]) or "(no cue)"


def _kind(row: Row) -> Hashable | None:
    att = _attribution(row)
    return "(unattributed)" if att is None else att["kind"]


def _part_check(part: str, exact: bool) -> Callable[[Row, Row], bool | None]:
    def same(a: Row, b: Row) -> bool | None:
        spans, pieces = [], []
        for row in (a, b):
            att = _attribution(row)
            start = att and att[f"{part}_start"]
            spans.append(None if start is None else (start, att[f"{part}_end"]))
            pieces.append(None if start is None else _pieces_of(
                att.get(f"{part}_fragments"), start, att[f"{part}_end"]))
        if spans == [None, None]:
            return None
        return pieces[0] == pieces[1] if exact else rel.overlaps(*spans)
    return same


MENTION_MEASURES = (
    Measure("mentions", "type", value=lambda r: r["entity_type"]),
    Measure("mentions", "entity", value=lambda r: f"e{r['entity']}"),
)
CLAIM_MEASURES = (
    Measure("claims", "category", value=lambda r: r["category"]),
    Measure("claims", "position", value=lambda r: r["position"]),
    Measure("claims", "certainty", value=lambda r: r["certainty"]),
    Measure("claims", "claimant", value=lambda r: None if r["claimant"] is None
            else f"e{r['claimant']}"),
    Measure("attributions", "source", value=_source),
    Measure("attributions", "source_span_overlap", same=_part_check("source", False)),
    Measure("attributions", "cue", value=_cue),
    Measure("attributions", "cue_span_overlap", same=_part_check("cue", False)),
    Measure("attributions", "cue_span_exact", same=_part_check("cue", True)),
    Measure("attributions", "kind", value=_kind),
)


# -- computing ----------------------------------------------------------------------------------

def compute_agreement(store: Store, coders: Sequence[str] | None = None, *,
                      tokens: bool = True) -> AgreementReport:
    """Agreement of ``coders`` (default: every coder who coded independently, so not an
    adjudicated gold coder, whose annotations are copies of the others') on the articles
    two or more of them coded."""
    coded = store.coded_articles()
    everyone = sorted(set().union(*coded.values())) if coded else []
    gold = set(store.adjudicators())
    chosen = sorted(dict.fromkeys(c.strip() for c in coders)) if coders else \
        [c for c in everyone if c not in gold]
    unknown = set(chosen) - set(everyone)
    if unknown:
        raise ValueError(f"no coding by {', '.join(sorted(unknown))} in this project")
    articles = {aid: set(cs) & set(chosen) for aid, cs in coded.items()}
    articles = {aid: cs for aid, cs in articles.items() if len(cs) >= 2}
    report = AgreementReport(chosen, len(articles), article_ids=sorted(articles),
                             orders={"claims_certainty": store.codebook().certainty},
                             left_out=[c for c in everyone if c in gold and c not in chosen])
    mentions = _by_article(store.agreement_mentions(articles))
    claims = _by_article(_with_primary_attribution(store.agreement_claims(articles),
                                                   store.agreement_attributions(articles)))
    _span_layer(report, "mentions", mentions, articles, MENTION_MEASURES)
    _span_layer(report, "claims", claims, articles, CLAIM_MEASURES)
    if tokens:
        _token_layer(report, store, articles)
    report.entity_labels = store.entity_labels(
        {int(v[1:]) for m in report.matrices.values() for _, unit in m.rows
         for v in unit.values() if isinstance(v, str) and v[:1] == "e" and v[1:].isdigit()})
    return report


def _by_article(rows: list[Row]) -> dict[int, dict[str, list[Row]]]:
    out: dict[int, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        out[row["article_id"]][row["coder"]].append(row)
    return out


def _with_primary_attribution(claims: list[Row], attributions: list[Row]) -> list[Row]:
    """Give each claim its innermost attribution: the one no other attribution nests in.

    In "ARA News reported that the General Command said ...", the claim's
    direct source is the General Command (whose parent is ARA News).
    """
    by_claim: dict[int, list[Row]] = defaultdict(list)
    for att in attributions:
        by_claim[att["claim_id"]].append(att)
    for claim in claims:
        atts = by_claim.get(claim["id"], [])
        parents = {a["parent_attribution_id"] for a in atts}
        inner = [a for a in atts if a["id"] not in parents] or atts
        claim["_attribution"] = min(inner, key=lambda a: a["id"]) if inner else None
    return claims


def _span_layer(report: AgreementReport, layer: str, rows: dict[int, dict[str, list[Row]]],
                articles: dict[int, set[str]], measures: Sequence[Measure]) -> None:
    pooled = defaultdict(int)
    kappas: dict[str, list[tuple[float, int]]] = defaultdict(list)
    checks_all: dict[str, list[bool]] = defaultdict(list)
    for a, b in combinations(report.coders, 2):
        shared = [aid for aid, cs in articles.items() if a in cs and b in cs]
        if not shared:
            continue
        n_a = n_b = exact = matched = 0
        pairs: list[tuple[Row, Row]] = []
        counts = report.span_counts[(layer, a, b)] = []
        for aid in shared:
            ra, rb = rows[aid][a], rows[aid][b]
            n_a, n_b = n_a + len(ra), n_b + len(rb)
            same = len(rel.match_exact(_pieces(ra), _pieces(rb)))
            found = rel.match_overlap(_spans(ra), _spans(rb))
            exact, matched = exact + same, matched + len(found)
            counts.append((aid, same, len(found), len(ra), len(rb)))
            pairs += [(ra[i], rb[j]) for i, j in found]
        for name, m in (("f1_exact", exact), ("f1_overlap", matched)):
            report.figures.append(Figure(layer, name, a, b, rel.f1(m, n_a, n_b), n_a + n_b,
                                         m, n_a, n_b))
            pooled[name] += m
        pooled["n"] += n_a + n_b
        for measure in measures:
            if measure.value is not None:
                va = [measure.value(x) for x, _ in pairs]
                vb = [measure.value(y) for _, y in pairs]
                units = [{a: x, b: y} for x, y in zip(va, vb)]
                report.pair_values[(measure.layer, measure.name, a, b)] = [
                    (x["article_id"], p, q) for (x, _), p, q in zip(pairs, va, vb)]
                kappa = rel.cohen_kappa(va, vb)
                n_both = sum(x is not None and y is not None for x, y in zip(va, vb))
                kappas[measure.name].append((kappa, n_both))
                report.figures += [
                    Figure(measure.layer, f"{measure.name}_kappa", a, b, kappa, n_both),
                    Figure(measure.layer, f"{measure.name}_alpha", a, b,
                           rel.krippendorff_alpha(units, [a, b]),
                           rel.pairable_units(units))]
            else:
                checks = [c for c in (measure.same(x, y) for x, y in pairs) if c is not None]
                checks_all[measure.name] += checks
                report.figures.append(Figure(measure.layer, measure.name, a, b,
                                             _share(checks), len(checks)))
    for name in ("f1_exact", "f1_overlap"):
        if "n" in pooled:
            report.figures.append(Figure(layer, name, ALL, ALL,
                                         rel.f1(pooled[name], pooled["n"], 0), pooled["n"],
                                         pooled[name]))
    _overall_values(report, layer, rows, articles, measures, kappas, checks_all)


def _overall_values(report, layer, rows, articles, measures, kappas, checks_all) -> None:
    """All-coder figures: α over units joined across coders, Light's κ, pooled checks."""
    units: list[tuple[str, dict[str, list[Row]]]] = []
    for aid, coders in sorted(articles.items()):
        clusters = rel.Clusters()
        present = sorted(c for c in coders if c in report.coders)
        for coder in present:
            for i in range(len(rows[aid][coder])):
                clusters.add((coder, i))
        for a, b in combinations(present, 2):
            for i, j in rel.match_overlap(_spans(rows[aid][a]), _spans(rows[aid][b])):
                clusters.join((a, i), (b, j))
        for group in clusters.groups():
            members = {c: [rows[aid][c][i] for i in idx] for c, idx in group.items()}
            spans = [s for rs in members.values() for s in _spans(rs)]
            label = f"{aid}:{min(s for s, _ in spans)}-{max(e for _, e in spans)}"
            units.append((label, members | {c: [] for c in coders if c not in members}))
    for measure in measures:
        if measure.value is None:
            report.figures.append(Figure(measure.layer, measure.name, ALL, ALL,
                                         _share(checks_all[measure.name]),
                                         len(checks_all[measure.name])))
            continue
        matrix = Matrix(f"{measure.layer}_{measure.name}", report.coders)
        for label, members in units:
            matrix.rows.append((label, {c: rel.majority([measure.value(r) for r in members[c]])
                                        if c in members else None for c in report.coders}))
        values = [v for _, v in matrix.rows]
        report.matrices[matrix.name] = matrix
        report.figures += [
            Figure(measure.layer, f"{measure.name}_kappa", ALL, ALL,
                   rel.light_kappa([k for k, _ in kappas[measure.name]]),
                   sum(n for _, n in kappas[measure.name])),
            Figure(measure.layer, f"{measure.name}_alpha", ALL, ALL,
                   rel.krippendorff_alpha(values, report.coders), rel.pairable_units(values))]


def _token_layer(report: AgreementReport, store: Store, articles: dict[int, set[str]]) -> None:
    """α over the role each coder gave every token: source > cue > claim content > none."""
    claims = _by_article(store.agreement_claims(articles))
    atts = _by_article(store.agreement_attributions(articles))
    matrix = Matrix("tokens_role", report.coders)
    for aid, body in sorted(store.article_bodies(articles).items()):
        tokens = [m.span() for m in rel.TOKEN.finditer(body)]
        ends = [e for _, e in tokens]
        roles = {}
        for coder in articles[aid]:
            label = ["none"] * len(tokens)
            marks = [(s, e, "content") for r in claims[aid][coder] for s, e in _pieces_of(
                r.get("fragments"), r["start"], r["end"])]
            for part in ("cue", "source"):
                marks += [(s, e, part) for r in atts[aid][coder] if r[f"{part}_start"] is not None
                          for s, e in _pieces_of(r.get(f"{part}_fragments"), r[f"{part}_start"],
                                                 r[f"{part}_end"])]
            for start, end, role in marks:
                i = bisect_right(ends, start)  # the first token ending after the start
                while i < len(tokens) and tokens[i][0] < end:
                    label[i] = role
                    i += 1
            roles[coder] = label
        for i, (ts, te) in enumerate(tokens):
            matrix.rows.append((f"{aid}:{ts}-{te}", {c: roles[c][i] if c in roles else None
                                                    for c in report.coders}))
    report.matrices[matrix.name] = matrix
    values = [v for _, v in matrix.rows]
    for a, b in combinations(report.coders, 2):
        pair = [{a: v.get(a), b: v.get(b)} for v in values]
        if units := rel.pairable_units(pair):
            report.figures.append(Figure("tokens", "role_alpha", a, b,
                                         rel.krippendorff_alpha(pair, [a, b]), units))
    report.figures.append(Figure("tokens", "role_alpha", ALL, ALL,
                                 rel.krippendorff_alpha(values, report.coders),
                                 rel.pairable_units(values)))


def _spans(rows: list[Row]) -> list[tuple[int, int]]:
    return [(r["start"], r["end"]) for r in rows]


def _pieces_of(fragments: str | None, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """A span as the pieces a coder marked: its fragments, or the one piece it is."""
    return parse_fragments(fragments) or ((start, end),)


def _pieces(rows: list[Row]) -> list[tuple[tuple[int, int], ...]]:
    """What "exact" compares: the same fragments, not only the same first and last character."""
    return [_pieces_of(r.get("fragments"), r["start"], r["end"]) for r in rows]


def _share(checks: list[bool]) -> float:
    return sum(checks) / len(checks) if checks else math.nan


# -- output -------------------------------------------------------------------------------------

def format_value(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def format_agreement(report: AgreementReport) -> str:
    """A plain table for the terminal: one line per figure, all-coder lines first."""
    if not report.articles:
        return "no article is coded by two or more coders: nothing to compare"
    lines = [f"{counted(report.articles, 'article')} coded by two or more of: "
             f"{', '.join(report.coders)}",
             f"{'layer':<13}{'measure':<22}{'coders':<22}{'value':>7}{'units':>8}"]
    for f in sorted(report.figures, key=lambda f: (f.coder_a != ALL, f.coder_a, f.coder_b)):
        pair = "all" if f.coder_a == ALL else f"{f.coder_a} - {f.coder_b}"
        lines.append(f"{f.layer:<13}{f.measure:<22}{pair:<22}{format_value(f.value):>7}"
                     f"{f.units:>8}")
    return "\n".join(lines)


def agreement_files() -> set[str]:
    """Every file name ``write_agreement`` can write: the set that replaces a previous report."""
    matrices = [f"{m.layer}_{m.name}" for m in (*MENTION_MEASURES, *CLAIM_MEASURES)
                if m.value is not None] + ["tokens_role"]
    return {"agreement.csv"} | {f"{m}{end}.csv" for m in matrices for end in ("", "_codes")}


def write_agreement(report: AgreementReport, out_dir: str | Path) -> list[Path]:
    """Write ``agreement.csv`` and one units × coders matrix (plus its code list) per measure.

    A matrix has a first column ``unit`` (article id and character range), then
    one column per coder; an empty cell is a missing value. Values are numbers:
    positions as they are, other values as codes 1..k (certainty in the codebook's
    order, so an ordinal α in R or SPSS sees its scale) explained in
    ``<matrix>_codes.csv``, because SPSS (and Krippendorff's KALPHA macro)
    want numeric data. In R: ``m <- read.csv(f, row.names = 1)``, then
    ``irr::kripp.alpha(t(as.matrix(m)), "nominal")`` or ``irr::kappa2(m)``.

    The files are one set, written as the export's are (formula-safe cells,
    moved into ``out_dir`` only when all are complete; see exporting/fileset.py).
    """
    out = Path(out_dir)
    columns = ["layer", "measure", "coder_a", "coder_b", "value", "units", "matched", "n_a",
               "n_b"]
    with FileSet(out, agreement_files()) as files:
        with files.open("agreement.csv") as fh:
            writer = SafeCsvWriter(fh)
            writer.writerow(columns)
            for f in report.figures:
                writer.writerow(getattr(f, c) for c in columns)
        for matrix in report.matrices.values():
            values = {v for _, unit in matrix.rows for v in unit.values() if v is not None}
            numeric = all(isinstance(v, int) for v in values)
            order = report.orders.get(matrix.name)
            ranked = scale_of(values, order) if order else sorted(values, key=str)
            codes = {v: v for v in values} if numeric else {
                v: i for i, v in enumerate(ranked, start=1)}
            with files.open(f"{matrix.name}.csv") as fh:
                writer = SafeCsvWriter(fh)
                writer.writerow(["unit", *matrix.coders])
                for label, unit in matrix.rows:
                    writer.writerow([label, *(None if unit.get(c) is None else codes[unit[c]]
                                              for c in matrix.coders)])
            if not numeric:
                with files.open(f"{matrix.name}_codes.csv") as fh:
                    writer = SafeCsvWriter(fh)
                    writer.writerow(["code", "value"])
                    for value, code in sorted(codes.items(), key=lambda kv: kv[1]):
                        writer.writerow([code, _label(value, report.entity_labels)])
    return [out / name for name in files.names]


def _label(value: Hashable, entities: dict[int, str]) -> str:
    if isinstance(value, str) and value[:1] == "e" and value[1:].isdigit():
        return entities.get(int(value[1:]), value)
    return str(value)
