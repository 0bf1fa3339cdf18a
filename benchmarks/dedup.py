"""Duplicate search and typeahead against plain baselines measured in the same run.

    python benchmarks/dedup.py [--n 100000] [--seed 7] [--only-gold]

Prints:
(a) ``find_duplicates`` time and peak memory on N synthetic names with realistic
    variants, and its pairwise precision/recall against the generator's truth;
(b) a naive pure-Python pairwise ``fuzz.ratio`` loop on a 2,000-name sample,
    extrapolated to N by n^2 scaling, as a ratio to (a);
(c) recall of the blocking against brute-force chunked cdist (no blocking, same
    scorer and cutoff) on a 20k sample, before and after the variant rules;
(d) ``SuggestionIndex.suggest`` latency over N entities (median, p95);
(e) both tiers on the real-name gold set (``benchmarks/dedup_gold.py``: likely precision
    and recall, possible-tier recall in each name's best 3, recall at 95% precision).

Both tiers against brute force, repeated with peak RSS read from outside, are
``benchmarks/dedup_tiers.py``.

The names are synthesised from invented syllables and word lists (no corpus).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz  # noqa: E402

from annotator.identity.candidates import (  # noqa: E402
    DEFAULT_THRESHOLD,
    NameItems,
    find_duplicate_groups,
    find_duplicates,
    matching_pairs,
)
from annotator.identity.normalise import normalise  # noqa: E402
from annotator.identity.typeahead import SuggestionIndex  # noqa: E402

ONSETS = "b d f g h j k l m n q r s t w y z sh kh gh th".split()
VOWELS = "a a a i i u u e o aa ee ai".split()
CODAS = ["", "", "", "n", "r", "m", "d", "l", "s", "q", "b", "t", "h", "sh"]
ORG_WORDS = ("Army Police Brigade Council Front Battalion Guard Command Directorate Union "
             "Tribe Authority University Hospital Company Agency Division Movement Alliance "
             "Committee Coalition Court Assembly Bank").split()
ADJECTIVES = ("National Democratic Islamic Popular Revolutionary Federal Regional Northern "
              "Southern Central United Free Liberation Patriotic Independent").split()
LOC_WORDS = ("Dam Province District Bridge Camp Airport Square Valley River Mountains "
             "Governorate Crossing Plain Market").split()
GENERIC = ["forces", "fighters", "militants", "group", "party", "organisation"]
ORDINALS = ["1st", "2nd", "3rd"] + [f"{k}th" for k in range(4, 40)]
ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ü"}


def word(rng: random.Random) -> str:
    syllables = rng.choice((2, 2, 2, 3, 3))
    text = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables))
    return (text + rng.choice(CODAS)).capitalize()


def base_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(name, type) pairs, no two of which the duplicate search itself would merge.

    Invented words from a small syllable set often land one letter apart
    ("Hashd al-Seebai", "Hashd al-Seebi"); no string rule can tell such a pair
    from a typo, so the truth would count it against any method. Such bases are
    dropped (checked at threshold 80, below any default worth having, so that
    thresholds can be compared), and the errors left are typo variants reaching
    another base.
    """
    # dict.fromkeys, not a set: a set's order changes with PYTHONHASHSEED, and so did the names
    places = list(dict.fromkeys(word(rng) for _ in range(count // 6)))
    given = list(dict.fromkeys(word(rng) for _ in range(count // 40)))
    family = list(dict.fromkeys(word(rng) for _ in range(count // 5)))
    c = rng.choice
    patterns = [
        ("PER", lambda: f"{c(given)} {c(family)}"),
        ("PER", lambda: f"{c(given)} al-{c(family)}"),
        ("PER", lambda: f"{c(given)} {c(given)} {c(family)}"),
        ("PER", lambda: f"Abu {c(given)} al-{c(family)}"),
        ("ORG", lambda: f"{c(places)} {c(ORG_WORDS)}"),
        ("ORG", lambda: f"{c(ADJECTIVES)} {c(ORG_WORDS)} of {c(places)}"),
        ("ORG", lambda: f"{c(ADJECTIVES)} {c(places)} {c(ORG_WORDS)}"),
        ("ORG", lambda: f"{c(family)} {c(GENERIC).capitalize()}"),
        ("ORG", lambda: f"Hashd al-{c(family)}"),
        ("ORG", lambda: f"{c(ORDINALS)} {c(places)} {c(['Brigade', 'Division', 'Regiment'])}"),
        ("LOC", lambda: c(places)),
        ("LOC", lambda: f"{c(places)} {c(LOC_WORDS)}"),
        ("LOC", lambda: f"al-{c(places)}"),
    ]
    out: list[tuple[str, str]] = []
    while len(out) < count:
        out += [(make(), kind) for kind, make in (c(patterns) for _ in range(count - len(out)))]
        clash = find_duplicates([n for n, _ in out], types=[k for _, k in out], threshold=80)
        drop = {i for group in clash for i in group[1:]}
        out = [x for i, x in enumerate(out) if i not in drop]
    return out


def typo(rng: random.Random, name: str) -> str:
    words = name.split(" ")
    long_words = [k for k, w in enumerate(words) if len(w) >= 6]
    if not long_words:
        return name
    k = rng.choice(long_words)
    w = words[k]
    p = rng.randrange(1, len(w) - 1)
    op = rng.choice(("sub", "ins", "del", "swap", "double"))
    if op == "sub":
        w = w[:p] + rng.choice("aeiounrst") + w[p + 1:]
    elif op == "ins":
        w = w[:p] + rng.choice("aeiouh") + w[p:]
    elif op == "del":
        w = w[:p] + w[p + 1:]
    elif op == "swap":
        w = w[:p] + w[p + 1] + w[p] + w[p + 2:]
    else:
        w = w[:p] + w[p] + w[p:]
    words[k] = w
    return " ".join(words)


def variant(rng: random.Random, name: str, kind: str) -> str:
    """A spelling of ``name`` a coder might have typed or an article printed."""
    if rng.random() < 0.4:
        return name
    for _ in range(rng.choice((1, 1, 2))):
        op = rng.randrange(10)
        if op == 0:
            name = name.lower()
        elif op == 1:
            name = name.upper() if len(name) < 12 else name
        elif op == 2:
            name = "the " + name
        elif op == 3:
            name = name + rng.choice(("'s", "’s"))
        elif op == 4:
            name = name.replace("al-", rng.choice(("el-", "Al ", "al ", "Al-")))
        elif op == 5:
            name = name.replace("-", " ") if "-" in name else name.replace(" ", "-", 1)
        elif op in (6, 7):
            name = typo(rng, name)
        elif op == 8 and kind == "ORG" and name.split()[-1].lower() not in GENERIC:
            name = name + " " + rng.choice(("forces", "fighters"))
        else:
            vowel = rng.choice(list(ACCENTS))
            name = name.replace(vowel, ACCENTS[vowel], 1)
    return name


def synthetic(n: int, seed: int) -> tuple[list[str], list[str], list[int]]:
    """n (name, type, base id) with 1 to ~8 spellings per base name."""
    rng = random.Random(seed)
    bases = base_names(rng, max(10, n * 3 // 10))
    names, types, truth = [], [], []
    while len(names) < n:
        b = rng.randrange(len(bases)) if names else 0
        if len(names) < len(bases):
            b = len(names)  # every base appears at least once
        name, kind = bases[b]
        names.append(variant(rng, name, kind))
        types.append(kind)
        truth.append(b)
    order = list(range(n))
    rng.shuffle(order)
    return [names[i] for i in order], [types[i] for i in order], [truth[i] for i in order]


def unblocked(names: list[str], types: list[str]) -> list[list[int]]:
    """find_duplicates comparing every pair of a type (brute-force chunked cdist)."""
    return [list(g.indices) for g in find_duplicate_groups(names, types=types, blocking=False)]


def pairs_of(groups: list[list[int]]) -> set[tuple[int, int]]:
    return {(g[a], g[b]) for g in groups for a in range(len(g)) for b in range(a + 1, len(g))}


def quality(groups: list[list[int]], truth: list[int]) -> tuple[float, float, int]:
    proposed = pairs_of(groups)
    by_base: dict[int, list[int]] = {}
    for i, b in enumerate(truth):
        by_base.setdefault(b, []).append(i)
    true_pairs = pairs_of(list(by_base.values()))
    good = len(proposed & true_pairs)
    return good / max(1, len(proposed)), good / max(1, len(true_pairs)), len(proposed) - good


def naive_seconds(names: list[str], threshold: int) -> tuple[float, int]:
    t = time.perf_counter()
    norm = [normalise(x) for x in names]
    hits = 0
    for i in range(len(norm)):
        a = norm[i]
        for j in range(i + 1, len(norm)):
            if fuzz.ratio(a, norm[j]) >= threshold:
                hits += 1
    return time.perf_counter() - t, hits


def bench_find(names, types, truth) -> float:
    t = time.perf_counter()
    groups = find_duplicates(names, types=types)
    seconds = time.perf_counter() - t
    precision, recall, wrong = quality(groups, truth)
    sizes = [len(g) for g in groups]
    print(f"(a) find_duplicates on {len(names):,} names: {seconds:.2f} s, {len(groups):,} groups "
          f"(largest {max(sizes, default=0)}), peak RSS {peak_rss_mb():.0f} MB")
    print(f"    vs generator truth: pair precision {precision:.4f} ({wrong:,} wrong pairs), "
          f"pair recall {recall:.3f}")
    tracemalloc.start()
    find_duplicates(names, types=types)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"    peak traced memory of one call (tracemalloc: Python + numpy): "
          f"{peak / 2**20:.0f} MB")
    return seconds


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024


def bench_naive(names: list[str], n: int, ours: float, rng: random.Random) -> None:
    sample = rng.sample(names, min(2000, len(names)))
    seconds, _ = naive_seconds(sample, DEFAULT_THRESHOLD)
    scaled = seconds * (n / len(sample)) ** 2
    print(f"(b) naive Python pairwise fuzz.ratio on {len(sample):,} names: {seconds:.2f} s, "
          f"extrapolated to {n:,}: {scaled:,.0f} s; ratio naive/ours = {scaled / ours:,.0f}x")


def bench_recall(n: int, seed: int, ours: float, full: tuple[list[str], list[str]]) -> None:
    names, types, _ = synthetic(min(20000, n), seed)
    items = NameItems.build(names, types)
    for verify in (False, True):
        t = time.perf_counter()
        brute = matching_pairs(items, blocking=False, verify=verify)
        t_brute = time.perf_counter() - t
        t = time.perf_counter()
        blocked = matching_pairs(items, blocking=True, verify=verify)
        t_block = time.perf_counter() - t
        found = len(brute.keys() & blocked.keys())
        label = "accepted pairs (after variant rules)" if verify else "raw ratio>=cutoff pairs"
        print(f"(c) {label}, {len(items.members):,} distinct names of {len(names):,}: "
              f"brute force {len(brute):,} in {t_brute:.2f} s, blocking finds {found:,} "
              f"in {t_block:.2f} s: recall {found / max(1, len(brute)):.4f}")
    t = time.perf_counter()
    brute_groups = unblocked(*full)
    t_brute = time.perf_counter() - t
    same = brute_groups == find_duplicates(full[0], types=full[1])
    print(f"    at {len(full[0]):,} names: no blocking {t_brute:.1f} s vs blocking {ours:.2f} s "
          f"({t_brute / ours:.0f}x); same groups: {same}")


def bench_suggest(names, types, n: int, rng: random.Random) -> None:
    entities, seen = [], set()
    for name, kind in zip(names, types, strict=True):
        key = (kind, normalise(name))
        if key[1] and key not in seen:
            seen.add(key)
            entities.append(name)
    while len(entities) < n:
        entities.append(f"{entities[len(entities) % len(seen)]} {len(entities)}")
    entities = entities[:n]
    records = []
    for k, name in enumerate(entities):
        aliases = (rng.choice(entities),) if rng.random() < 0.1 else ()
        records.append((k, name, rng.choice(("PER", "ORG", "LOC")), aliases,
                        int(1000 / (1 + rng.random() * 999) ** 1.2)))
    t = time.perf_counter()
    index = SuggestionIndex(records)
    build = time.perf_counter() - t
    queries = []
    for _ in range(200):
        name = normalise(rng.choice(entities))
        shape = rng.randrange(4)
        if shape == 0:
            queries.append(name[:rng.randint(2, 12)])
        elif shape == 1:
            queries.append(typo(rng, name))
        elif shape == 2 and " " in name:
            queries.append(name[name.index(" ") + 1:][:rng.randint(3, 10)])
        else:
            queries.append(typo(rng, name)[:rng.randint(5, 14)])
    times, fuzzy = [], 0
    for q in queries:
        t = time.perf_counter()
        got = index.suggest(q, 10)
        times.append((time.perf_counter() - t) * 1000)
        fuzzy += any(s.how == "fuzzy" for s in got)
    times.sort()
    p95 = times[int(0.95 * len(times)) - 1]
    print(f"(d) SuggestionIndex over {n:,} entities (build {build:.2f} s): {len(queries)} queries "
          f"({fuzzy} reached the fuzzy tier), median {statistics.median(times):.2f} ms, "
          f"p95 {p95:.2f} ms, max {times[-1]:.2f} ms; target 20 ms / p95 = {20 / p95:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="names (and entities)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only-gold", action="store_true",
                        help="run only (e), the gold set (a few seconds; no synthetic names)")
    args = parser.parse_args()
    if args.only_gold:
        gold()
        return
    rng = random.Random(args.seed + 1)
    t = time.perf_counter()
    names, types, truth = synthetic(args.n, args.seed)
    print(f"generated {len(names):,} names of {len(set(truth)):,} base names "
          f"in {time.perf_counter() - t:.1f} s; e.g. {names[:4]}")
    ours = bench_find(names, types, truth)
    bench_naive(names, args.n, ours, rng)
    bench_recall(args.n, args.seed + 2, ours, (names, types))
    bench_suggest(names, types, args.n, rng)
    gold()


def gold() -> None:
    from dedup_gold import negatives, quality
    print("(e) the gold set, tests/data/identity_gold.tsv")
    negatives(quality())


if __name__ == "__main__":
    main()
