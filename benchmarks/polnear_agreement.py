"""Intercoder agreement on the 24 PolNeAR articles coded by 5-6 annotators, vs published figures.

    python benchmarks/polnear_agreement.py [--corpus ../shared/corpora/polnear]

Imports only the multiply-coded articles (``metadata.tsv`` rows with several
annotators, PARC3 rows left out: their texts are not in the corpus) through
``import_brat`` into an in-memory project, runs ``compute_agreement`` and prints:

- token-level Krippendorff's α over the roles source / cue / content / none
  (published: 75.4 %), pooled over all tokens and averaged per article, and
- attribution-wise agreement ``agr`` (Wiebe et al. 2005): for an ordered pair
  of annotators, the share of a's attributions that b also marked; averaged
  over ordered pairs (published: 92.3 %). An attribution is "also marked"
  when its content overlaps any of b's contents, as in Wiebe et al.'s
  definition (not one-to-one; the one-to-one version is the claims'
  ``f1_overlap``); the same with cues instead of contents is printed as well.

Both published figures are from the statistics table of the authors' README
(networkdynamics/PolNeAR), which cites the LREC 2018 paper for the method;
the paper itself was not available here, so its exact unit and matching
definitions are assumptions (see docs/agreement.md). Everything else printed
is our own breakdown, for each group of articles: all 24, the 4 annotator
training articles, and the 20 weekly-review articles of the core dataset.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from itertools import permutations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.importing.brat import import_brat  # noqa: E402
from annotator.store import Store  # noqa: E402
from annotator.team.agreement import ALL, compute_agreement, format_value  # noqa: E402
from annotator.team.methods import assess  # noqa: E402
from annotator.team.reliability import overlaps  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear"
PUBLISHED = {"token α": 0.754, "agr (content overlap)": 0.923}


def multiply_coded(corpus: Path) -> dict[str, list[Path]]:
    """``{compartment: [.ann paths]}`` of articles with several annotators and a text."""
    groups: dict[str, list[Path]] = {}
    with (corpus / "metadata.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            annotators = row["annotators"].split("|")
            folder = corpus / row["compartment"]
            if len(annotators) < 2 or not (folder / "text" / f"{row['filename']}.txt").exists():
                continue
            group = "training" if row["compartment"] == "annotator-training" else "core"
            groups.setdefault(group, []).extend(
                folder / "attributions" / f"{row['filename']}_{a}.ann" for a in annotators)
    return groups


def agr(store: Store, coders: list[str], part: str) -> tuple[float, float]:
    """Mean over ordered pairs of agr(a‖b), and the pooled value, by overlap of ``part`` spans."""
    coded = store.coded_articles()
    spans: dict[tuple[int, str], list[tuple[int, int]]] = {}
    if part == "content":
        rows = store.agreement_claims(coded)
        key = ("start", "end")
    else:
        rows = [r for r in store.agreement_attributions(coded) if r["cue_start"] is not None]
        key = ("cue_start", "cue_end")
    for r in rows:
        spans.setdefault((r["article_id"], r["coder"]), []).append((r[key[0]], r[key[1]]))
    ratios, found, total = [], 0, 0
    for a, b in permutations(coders, 2):
        shared = [aid for aid, cs in coded.items() if a in cs and b in cs]
        n_a = sum(len(spans.get((aid, a), [])) for aid in shared)
        hits = sum(any(overlaps(x, y) for y in spans.get((aid, b), []))
                   for aid in shared for x in spans.get((aid, a), []))
        if n_a:
            ratios.append(hits / n_a)
            found, total = found + hits, total + n_a
    return sum(ratios) / len(ratios), found / total


def measure(paths: list[Path]) -> dict[str, float]:
    with Store(None) as store:
        report = import_brat(store, paths)
        if report.errors:
            raise SystemExit("\n".join(e.format() for e in report.errors))
        coders = sorted(report.coders)
        result = compute_agreement(store, coders)
        figures = {
            "articles": result.articles,
            "token α": result.value("tokens", "role_alpha"),
            "token α, mean per article": assess(result, store.codebook(), units="article",
                                                samples=0).variable("tokens_role").alpha,
            "agr (content overlap)": agr(store, coders, "content")[0],
            "agr (content overlap), pooled": agr(store, coders, "content")[1],
            "agr (cue overlap)": agr(store, coders, "cue")[0],
        }
        for layer, name in [("claims", "f1_exact"), ("claims", "f1_overlap"),
                            ("mentions", "f1_exact"), ("mentions", "f1_overlap"),
                            ("attributions", "source_alpha"), ("attributions", "source_kappa"),
                            ("attributions", "cue_alpha"), ("attributions", "cue_span_exact"),
                            ("attributions", "kind_alpha"), ("claims", "claimant_alpha")]:
            figures[f"{layer} {name}"] = result.value(layer, name, ALL, ALL)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not (args.corpus / "metadata.tsv").exists():
        raise SystemExit(f"PolNeAR not found at {args.corpus}")
    groups = multiply_coded(args.corpus)
    started = time.perf_counter()
    columns = {"all 24": groups["training"] + groups["core"], "training 4": groups["training"],
               "core 20": groups["core"]}
    results = {name: measure(paths) for name, paths in columns.items()}
    print(f"{'figure':<34}" + "".join(f"{c:>12}" for c in columns) + f"{'published':>12}")
    for key in results["all 24"]:
        cells = "".join(f"{results[c][key]:>12}" if key == "articles"
                        else f"{format_value(results[c][key]):>12}" for c in columns)
        paper = format_value(PUBLISHED[key]) if key in PUBLISHED else "-"
        print(f"{key:<34}{cells}{paper:>12}")
    print(f"({time.perf_counter() - started:.1f} s; published figures: PolNeAR README, "
          "citing Newell, Margolin & Ruths, LREC 2018)")


if __name__ == "__main__":
    main()
