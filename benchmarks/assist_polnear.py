"""Attribution proposals scored against PolNeAR's gold Source / Cue / Content.

    python benchmarks/assist_polnear.py [--split test] [--baseline]

For every article of the split (one annotator's .ann per article: the first),
the proposals of ``annotator.assist.attributions`` are matched to the gold cues
one to one by overlap (the pair with the most shared characters first). Printed:
cue precision and recall, and for matched cues the share whose proposed source
and content overlap the gold attribution's. The baseline is a reporting-verb
regex alone (said/says/told/according to...), as the issue measured it (cue
precision 0.71, recall 0.49). Tune on ``--split train`` or ``dev``; report ``test``.

``--timing`` measures the cost instead: the split's texts through the rules and
through the regex, each in a child process (peak RSS read from outside), runs
interleaved, min / median / max of the per-article medians and the load average
printed; the one-off loading of the cue weights is reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import child_run  # noqa: E402

from annotator.assist.attributions import propose_attributions  # noqa: E402
from annotator.assist.cue_model import HIGH  # noqa: E402
from annotator.assist.parsed import describe, load_pipeline, propose_with_pipeline  # noqa: E402
from annotator.importing.brat_standoff import parse_ann  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"
BASELINE = re.compile(r"\b(?:said|says|say|told|tells|according to|added|adds|stated|"
                      r"announced|reported|wrote|claimed|argued|explained|noted)\b", re.I)


def gold(ann_text: str) -> list[dict]:
    """Each attribution's cue, source and content spans (lists of (start, end))."""
    doc = parse_ann(ann_text)
    out = []
    for link in doc.links.values():
        roles = {}
        for role, ident in link.args:
            tb = doc.textbounds.get(ident)
            if tb is not None:
                roles.setdefault(role.rstrip("0123456789"), []).extend(tb.fragments)
        if "Cue" in roles:
            out.append(roles)
    return out


def overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match(proposed: list, golds: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (proposal, gold) pairs of overlapping cues, most overlap first."""
    pairs = sorted(((overlap([(p.cue.start, p.cue.end)], g["Cue"]), i, j)
                    for i, p in enumerate(proposed) for j, g in enumerate(golds)), reverse=True)
    used_p, used_g, out = set(), set(), []
    for size, i, j in pairs:
        if size > 0 and i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


class Cue:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


class RegexProposal:
    """A cue alone: the regex baseline's, or a coder's (first to last fragment)."""

    def __init__(self, start: int, end: int) -> None:
        self.cue = Cue(start, end)
        self.source = self.content = None


def articles(split: str):
    folder = POLNEAR / split
    texts = {p.stem: p for p in (folder / "text").glob("*.txt")}
    seen = set()
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        if stem in seen or stem not in texts:
            continue
        seen.add(stem)
        yield texts[stem].read_text(encoding="utf-8"), ann.read_text(encoding="utf-8")


def score(split: str, baseline: bool, threshold: float = HIGH, nlp=None) -> dict:
    n_prop = n_gold = n_match = src_ok = src_n = cont_ok = cont_n = 0
    started = time.perf_counter()
    count = 0
    for body, ann in articles(split):
        count += 1
        golds = gold(ann)
        if baseline:
            proposed = [RegexProposal(m.start(), m.end()) for m in BASELINE.finditer(body)]
        elif nlp is not None:
            proposed = propose_with_pipeline(body, nlp, threshold)
        else:
            proposed = propose_attributions(body, threshold)
        pairs = match(proposed, golds)
        n_prop, n_gold, n_match = n_prop + len(proposed), n_gold + len(golds), n_match + len(pairs)
        for i, j in pairs:
            p, g = proposed[i], golds[j]
            if "Source" in g:
                src_n += 1
                src_ok += bool(p.source and overlap([(p.source.start, p.source.end)],
                                                    g["Source"]))
            if "Content" in g:
                cont_n += 1
                cont_ok += bool(p.content and overlap([(p.content.start, p.content.end)],
                                                      g["Content"]))
    seconds = time.perf_counter() - started
    return {"articles": count, "precision": n_match / max(1, n_prop),
            "recall": n_match / max(1, n_gold), "source": src_ok / max(1, src_n),
            "content": cont_ok / max(1, cont_n), "gold": n_gold, "proposed": n_prop,
            "ms": 1000 * seconds / max(1, count)}


def agreement() -> tuple[int, int]:
    """(matched, cues) of every coder's cues against every other coder's, pooled over the
    articles that several coded (in every folder): the same matching as the proposals get,
    so the ceiling a rule can hope for."""
    matched = total = 0
    for folder in sorted(p for p in POLNEAR.iterdir() if (p / "attributions").is_dir()):
        by_article: dict[str, list[Path]] = {}
        for ann in sorted((folder / "attributions").glob("*.ann")):
            by_article.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
        for anns in by_article.values():
            coded = [gold(a.read_text(encoding="utf-8")) for a in anns]
            for i, one in enumerate(coded):
                cues = [RegexProposal(g["Cue"][0][0], g["Cue"][-1][1]) for g in one]
                for j, other in enumerate(coded):
                    if i != j:
                        matched += len(match(cues, other))
                        total += len(cues)
    return matched, total


def child(split: str, kind: str) -> None:
    """Per-article milliseconds of one kind over the split, as one JSON line."""
    bodies = [body for body, _ in articles(split)]
    started = time.perf_counter()
    if kind == "rules":
        from annotator.assist.cue_model import weights

        weights()
    load = time.perf_counter() - started
    ms = []
    for body in bodies:
        t = time.perf_counter()
        if kind == "rules":
            propose_attributions(body)
        else:
            list(BASELINE.finditer(body))
        ms.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"ms": ms, "load": load}))


def timing(split: str, runs: int) -> None:
    medians: dict[str, list[float]] = {"rules": [], "regex": []}
    rss = {"rules": 0.0, "regex": 0.0}
    loads, weights_s = [], []
    for _ in range(runs):
        for kind in ("rules", "regex"):
            loads.append(os.getloadavg()[0])
            out, peak = child_run([sys.executable, __file__, "--split", split, "--child", kind])
            result = json.loads(out.strip().splitlines()[-1])
            medians[kind].append(statistics.median(result["ms"]))
            rss[kind] = max(rss[kind], peak)
            if kind == "rules":
                weights_s.append(result["load"])
    print(f"{split}: {runs} interleaved runs; load average {min(loads):.2f}-{max(loads):.2f}")
    for kind, m in medians.items():
        print(f"  {kind:<5} median ms per article: {statistics.median(m):.2f} "
              f"(min {min(m):.2f}, max {max(m):.2f}); peak RSS {rss[kind]:.0f} MB")
    print(f"  loading the cue weights once: {1000 * statistics.median(weights_s):.0f} ms; "
          f"rules / regex per article: "
          f"{statistics.median(medians['rules']) / statistics.median(medians['regex']):.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=["train", "dev", "test"])
    parser.add_argument("--threshold", type=float, action="append",
                        help=f"a cue head's probability (default {HIGH}); repeat for a curve")
    parser.add_argument("--timing", action="store_true", help="measure the cost instead")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--agreement", action="store_true",
                        help="how far PolNeAR's coders agree on cues, under the same matching")
    parser.add_argument("--spacy-model", metavar="NAME|FOLDER",
                        help="also score the proposals read by this spaCy model")
    parser.add_argument("--child", choices=["rules", "regex"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not POLNEAR.is_dir():
        raise SystemExit(f"{POLNEAR} is absent: this benchmark needs ../shared")
    if args.child:
        child(args.split, args.child)
        return
    if args.timing:
        timing(args.split, args.runs)
        return
    if args.agreement:
        matched, total = agreement()
        print(f"coder against coder, articles coded by several: {matched:,} of {total:,} cues "
              f"matched one to one by overlap: {matched / total:.3f} (precision = recall)")
        return
    runs = [("reporting-verb regex", True, HIGH, None)] + [
        (f"annotator, threshold {t}", False, t, None) for t in (args.threshold or [HIGH])]
    if args.spacy_model:
        nlp = load_pipeline(args.spacy_model)
        runs += [(f"with {describe(nlp)}", False, t, nlp) for t in (args.threshold or [HIGH])]
    for label, baseline, threshold, nlp in runs:
        r = score(args.split, baseline, threshold, nlp)
        print(f"{label:<27} {args.split}: {r['articles']} articles, {r['gold']:,} gold cues, "
              f"{r['proposed']:,} proposed; cue precision {r['precision']:.3f}, recall "
              f"{r['recall']:.3f}; of matched cues, source overlaps {r['source']:.3f}, "
              f"content {r['content']:.3f}; {r['ms']:.1f} ms per article")


if __name__ == "__main__":
    main()
