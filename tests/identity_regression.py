"""A fixed generated name set and the duplicate search's answer on it, as plain data.

``tests/test_identity_regression.py`` compares the search with the answer the
search gave before it was made faster (``tests/data/identity_regression.json.gz``,
written by ``python tests/identity_regression.py``): a speed-up must not change
one group, score, evidence phrase or possible pair.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

ANSWER = Path(__file__).parent / "data" / "identity_regression.json.gz"
SYLLABLES = "ba da fa ga ha ja ka la ma na qa ra sa ta wa ya za sha kha ri mo su el".split()
TITLES = ["", "", "", "Mr. ", "Mrs. ", "Gen. ", "President ", "Dr. "]
ORGS = "Army Police Brigade Council Front Forces Fighters Command Party Agency News".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()


def _spell(rng: random.Random, name: str) -> str:
    """One of the variants the search folds or must not fold."""
    op = rng.randrange(9)
    if op == 0:
        return name.upper()
    if op == 1:
        return "the " + name
    if op == 2:
        return name + "'s"
    if op == 3 and len(name) > 6:
        k = rng.randrange(1, len(name) - 1)
        return name[:k] + rng.choice("aeiouhq") + name[k + 1:]
    if op == 4:
        return name.replace(" ", "-", 1)
    if op == 5:
        return name + "s"
    if op == 6:
        return "al-" + name
    return name


def generated(n: int = 2500, seed: int = 11) -> tuple[list[str], list[str], list[set[int]]]:
    """n names (persons, organisations, places) with variants, and their article ids."""
    rng = random.Random(seed)
    given = [_word(rng) for _ in range(40)]
    family = [_word(rng) for _ in range(150)]
    places = [_word(rng) for _ in range(150)]
    bases: list[tuple[str, str]] = []
    for _ in range(n // 3):
        kind = rng.choice(("PER", "PER", "ORG", "ORG", "LOC"))
        if kind == "PER":
            name = rng.choice((f"{rng.choice(given)} {rng.choice(family)}",
                               rng.choice(family), f"{rng.choice(given)} al-{rng.choice(family)}"))
        elif kind == "ORG":
            name = rng.choice((f"{rng.choice(places)} {rng.choice(ORGS)}",
                               f"{rng.choice(ORGS)} of {rng.choice(places)}",
                               f"{rng.choice(places)} {rng.randrange(1, 20)}th Brigade",
                               "".join(w[0] for w in (rng.choice(places), rng.choice(ORGS),
                                                      rng.choice(ORGS))).upper()))
        else:
            name = rng.choice((rng.choice(places), f"{rng.choice(places)} District"))
        bases.append((name, kind))
    names, types, articles = [], [], []
    for _ in range(n):
        name, kind = rng.choice(bases)
        if kind == "PER":
            name = rng.choice(TITLES) + name
        names.append(_spell(rng, name))
        types.append(kind)
        articles.append({rng.randrange(60) for _ in range(rng.choice((1, 1, 2, 3)))})
    return names, types, articles


def recorded() -> dict:
    return json.loads(gzip.decompress(ANSWER.read_bytes()))


def answer() -> dict:
    """What the search says on ``generated()``, in JSON-able form."""
    from annotator.identity.candidates import find_duplicate_groups
    from annotator.identity.search import find_tiers

    names, types, articles = generated()

    def groups(found):
        return [[list(g.indices), g.score, g.weakest, list(g.evidence)] for g in found]

    tiers = find_tiers(names, types=types, articles=articles)
    return {
        "likely": groups(find_duplicate_groups(names, types=types)),
        "likely_with_articles": groups(find_duplicate_groups(names, types=types,
                                                             articles=articles)),
        "tiers_likely": groups(tiers.likely),
        "tiers_possible": [[p.a, p.b, round(p.score, 9), list(p.reasons), list(p.against),
                            [round(v, 9) for v in p.evidence.values]] for p in tiers.possible],
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    text = json.dumps(answer(), ensure_ascii=False, separators=(",", ":")) + "\n"
    ANSWER.write_bytes(gzip.compress(text.encode(), mtime=0))
    print(f"wrote {ANSWER}")
