"""Known-entity proposals per article with 100,000 known names, against a regex baseline.

    python benchmarks/assist_known.py [--names 100000] [--articles 300] [--runs 5]

Articles are bbc-news bodies when ../shared is present (Latin-1, one file),
else generated text; some known names are planted in each so there is
something to find. The names are the synthetic names of ``benchmarks/dedup.py``.

- ours: ``KnownEntityMatcher.propose`` (pyahocorasick over the folded body);
- baseline: what a competent engineer writes first: one compiled regex
  alternation of every name, case-insensitive, with word boundaries, longest
  names first, run with ``finditer`` over the body.

Each measure is a child process (peak RSS read from outside by the parent);
runs interleave ours and the baseline; min / median / max per article and the
load average are printed. Target (issue 9): ≤ 5 ms per article.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import child_run  # noqa: E402

BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"


def articles(count: int, names: list[str], seed: int) -> list[str]:
    rng = random.Random(seed)
    bodies: list[str] = []
    if BBC.is_dir():
        for path in sorted(BBC.rglob("*.txt"))[:count]:
            bodies.append(path.read_text(encoding="latin-1"))
    words = "the army said on monday that its forces had moved north of the city".split()
    while len(bodies) < count:
        bodies.append(" ".join(rng.choice(words) for _ in range(400)))
    out = []
    for body in bodies:  # plant a few known names in each article
        parts = body.split(" ")
        for _ in range(8):
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(names))
        out.append(" ".join(parts))
    return out


def child(kind: str, n_names: int, n_articles: int, seed: int) -> None:
    from dedup import synthetic

    from annotator.assist.known_entities import KnownEntityMatcher, KnownName

    names, types, _ = synthetic(n_names, seed)
    bodies = articles(n_articles, names, seed)
    t = time.perf_counter()
    if kind == "ours":
        matcher = KnownEntityMatcher(KnownName(i, k, n) for i, (n, k) in
                                     enumerate(zip(names, types, strict=True)))
        find = matcher.propose
    else:
        ordered = sorted(set(names), key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b",
                             re.IGNORECASE)

        def find(body: str) -> list:
            return list(pattern.finditer(body))
    build = time.perf_counter() - t
    per_article, found = [], 0
    for body in bodies:
        t = time.perf_counter()
        found += len(find(body))
        per_article.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"build": build, "ms": per_article, "found": found,
                      "chars": sum(map(len, bodies))}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", choices=["ours", "regex"])
    args = parser.parse_args()
    if args.child:
        child(args.child, args.names, args.articles, args.seed)
        return
    medians: dict[str, list[float]] = {"ours": [], "regex": []}
    worst: dict[str, float] = {"ours": 0.0, "regex": 0.0}
    builds: dict[str, list[float]] = {"ours": [], "regex": []}
    rss: dict[str, float] = {"ours": 0.0, "regex": 0.0}
    found: dict[str, int] = {}
    loads = []
    for _ in range(args.runs):
        for kind in ("ours", "regex"):
            loads.append(os.getloadavg()[0])
            out, peak = child_run([sys.executable, __file__, "--child", kind, "--names",
                                   str(args.names), "--articles", str(args.articles),
                                   "--seed", str(args.seed)])
            result = json.loads(out.strip().splitlines()[-1])
            medians[kind].append(statistics.median(result["ms"]))
            worst[kind] = max(worst[kind], max(result["ms"]))
            builds[kind].append(result["build"])
            rss[kind] = max(rss[kind], peak)
            found[kind] = result["found"]
            chars = result["chars"]
    source = "bbc-news" if BBC.is_dir() else "generated"
    print(f"{args.names:,} known names, {args.articles} {source} articles "
          f"({chars / args.articles:,.0f} characters each), {args.runs} interleaved runs; "
          f"load average {min(loads):.2f}-{max(loads):.2f}")
    for kind in ("ours", "regex"):
        m = medians[kind]
        print(f"  {kind:<5} per article: median of medians {statistics.median(m):.3f} ms "
              f"(min {min(m):.3f}, max {max(m):.3f}; slowest article {worst[kind]:.2f} ms); "
              f"build {statistics.median(builds[kind]):.2f} s; peak RSS {rss[kind]:.0f} MB; "
              f"{found[kind]:,} matches")
    ratio = statistics.median(medians["regex"]) / statistics.median(medians["ours"])
    print(f"  regex / ours per article: {ratio:.1f}x; target 5 ms per article: "
          f"{'met' if statistics.median(medians['ours']) <= 5 else 'not met'}")


if __name__ == "__main__":
    main()
