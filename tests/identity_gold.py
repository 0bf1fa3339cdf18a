"""The entity-identity gold set: real name variants the duplicate search is measured on.

``tests/data/identity_gold.tsv`` holds one row per surface name: which real-world actor it
names (``cluster``), the codebook type, and the articles it occurs in (co-occurrence is
evidence the matcher may use): for PolNeAR the articles where it is a Source span, for GUM
where it is a linked mention, for the seed where the text holds it. A row lists at most 20:
those holding the most gold names first, one order for every row, so frequent names keep
the articles they share. ``tests/data/identity_hard_negatives.tsv`` holds pairs that must
never be grouped (a few, marked :data:`CONSTRUCTED`, name what no corpus names both of).
Both are written by ``scripts/build_identity_gold.py`` from PolNeAR, GUM and the seed
article; only names are kept, never article text.

PolNeAR rows carry their split in ``origin`` and in the cluster id
(``polnear-test:donald_trump``), so tuning on train/dev never sees a test row; the same actor
in two splits has two cluster ids but one :func:`actor`, and :func:`gold_pairs` pairs by actor.

Used by the identity tests and ``benchmarks/dedup.py``::

    sys.path.insert(0, "tests"); from identity_gold import load_gold, gold_pairs
"""

from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
GOLD = DATA / "identity_gold.tsv"
HARD_NEGATIVES = DATA / "identity_hard_negatives.tsv"

ORIGINS = ("polnear-train", "polnear-dev", "polnear-test", "gum", "seed")
TYPES = ("PERSON", "ORG", "GPE/LOC", "ARMED_GROUP", "MEDIA", "EVENT", "OTHER")
GOLD_COLUMNS = ["origin", "cluster", "type", "name", "articles"]
NEGATIVE_COLUMNS = ["type", "name_a", "name_b", "why"]
MAX_ARTICLES = 20


@dataclass(frozen=True)
class GoldRow:
    origin: str
    cluster: str
    type: str
    name: str
    articles: tuple[str, ...]


CONSTRUCTED = "constructed: "
"""How the ``why`` of a hand pair begins when no corpus names both of its names (George W.
Bush and George H. W. Bush): such a pair is checked alone, two names and no context."""


@dataclass(frozen=True)
class HardNegative:
    type: str
    name_a: str
    name_b: str
    why: str

    @property
    def constructed(self) -> bool:
        """Whether the pair was written by hand, its names not both in the gold."""
        return self.why.startswith(CONSTRUCTED)


def actor(cluster: str) -> str:
    """The actor a cluster id stands for, the same in every PolNeAR split.

    ``polnear-train:donald_trump`` and ``polnear-test:donald_trump`` -> ``polnear:donald_trump``.
    """
    prefix, _, rest = cluster.partition(":")
    if prefix.startswith("polnear-"):
        prefix = "polnear"
    return f"{prefix}:{rest}"


def _read(path: Path, columns: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames != columns:
            raise ValueError(f"{path}: header {reader.fieldnames} is not {columns}")
        rows = []
        for line, record in enumerate(reader, start=2):
            if None in record or any(record[c] is None for c in columns):
                raise ValueError(f"{path}, line {line}: expected {len(columns)} columns")
            rows.append(record)
        return rows


def load_gold(origin: str | None = None, path: Path = GOLD) -> list[GoldRow]:
    """The gold rows, all of them or those of one origin (e.g. ``"polnear-dev"``)."""
    if origin is not None and origin not in ORIGINS:
        raise ValueError(f"unknown origin {origin!r}; one of {', '.join(ORIGINS)}")
    rows = [
        GoldRow(r["origin"], r["cluster"], r["type"], r["name"],
                tuple(a for a in r["articles"].split("|") if a))
        for r in _read(path, GOLD_COLUMNS)
    ]
    return [r for r in rows if origin is None or r.origin == origin]


def gold_pairs(rows: list[GoldRow]) -> set[frozenset[str]]:
    """Every unordered pair of distinct names that name one actor under one type."""
    groups: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        groups.setdefault((actor(row.cluster), row.type), set()).add(row.name)
    return {frozenset(pair) for names in groups.values()
            for pair in itertools.combinations(sorted(names), 2)}


GUM_HALVES = ("gum-tune", "gum-held-out")


def gum_half(row: GoldRow) -> str:
    """Which half of GUM a row is in: ``"gum-tune"`` or ``"gum-held-out"``.

    GUM has no train/test split of its own, so its documents alternate in name order
    (afghan: tune, asylum: held out, clock: tune, ...) and a cluster goes with the first
    of its documents: rules are read off the tuning half's misses and reported on the
    other half, which no rule was written from (two possible-tier classes, an acronym
    behind an article and "the State of Texas", came from reading all of GUM before the
    split). Every row of one cluster lands in one half, so no pair is cut in two.
    """
    if row.origin != "gum":
        raise ValueError(f"{row.name!r} is a {row.origin} row, not GUM's")
    return _GUM_HALF_OF.get(row.cluster) or _gum_halves()[row.cluster]


_GUM_HALF_OF: dict[str, str] = {}


def _gum_halves() -> dict[str, str]:
    rows = load_gold("gum")
    documents = sorted({a for r in rows for a in r.articles})
    parity = {d: GUM_HALVES[k % 2] for k, d in enumerate(documents)}
    first: dict[str, str] = {}
    for r in rows:
        for doc in r.articles:
            first[r.cluster] = min(first.get(r.cluster, doc), doc)
    _GUM_HALF_OF.update({c: parity.get(d, GUM_HALVES[0]) for c, d in first.items()})
    return _GUM_HALF_OF


def hard_negatives(path: Path = HARD_NEGATIVES) -> list[HardNegative]:
    """Pairs that must never be grouped (``type`` is name_a's type; test the pair under it)."""
    return [HardNegative(r["type"], r["name_a"], r["name_b"], r["why"])
            for r in _read(path, NEGATIVE_COLUMNS)]


def write_gold(rows: list[GoldRow], path: Path = GOLD) -> None:
    """Write rows in the layout :func:`load_gold` reads (used by the build script)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(GOLD_COLUMNS) + "\n")
        for r in rows:
            fields = [r.origin, r.cluster, r.type, r.name, "|".join(r.articles)]
            if any(("\t" in f or "\n" in f) for f in fields):
                raise ValueError(f"tab or newline in gold row {fields}")
            handle.write("\t".join(fields) + "\n")


def write_hard_negatives(pairs: list[HardNegative], path: Path = HARD_NEGATIVES) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(NEGATIVE_COLUMNS) + "\n")
        for p in pairs:
            handle.write("\t".join([p.type, p.name_a, p.name_b, p.why]) + "\n")


# --- what kind of variant a pair is (for reporting recall per class) ------------------------

TITLES = {
    "mr", "mrs", "ms", "dr", "sen", "senator", "rep", "gov", "president", "pres", "vice",
    "speaker", "secretary", "chairman", "chairwoman", "chair", "director", "judge", "gen",
    "brig", "lt", "retired", "former", "attorney", "general", "mayor", "chancellor", "rev",
    "officer", "leader", "majority", "minority", "interim", "deputy", "professor", "prime",
    "minister", "administrator", "ambassador", "journalist", "billionaire", "rival",
}
FUNCTION_WORDS = {"the", "of", "al", "el", "and", "for", "a", "an"}
DESCRIPTORS = {"city", "district", "forces", "militants", "news", "agency", "province"}
POSSESSIVE = re.compile(r"(?<=\w)(?:'s|')(?=\s|$)")


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-,]+", name.lower().replace(".", "")) if w]


def variant_classes(a: str, b: str, etype: str | None = None) -> set[str]:
    """The variant classes a same-actor pair shows; ``{"alias"}`` when none of the others.

    Peeled off in turn: possessive (``Trump's``), article (``the``, ``al-``), title (ranks,
    roles and descriptions before a name), descriptor (``Mosul City``); then the cores are
    compared: case or punctuation, word order, extra word (``Syrian Arab Army``), acronym
    (initials), surname only and first name only (persons: ``etype`` "PERSON" or not given),
    plural, spelling (transliteration or a typo: Mossul, Bashika, Untied Nations).
    """
    classes: set[str] = set()
    a, b = a.replace("\u2019", "'"), b.replace("\u2019", "'")
    if len(POSSESSIVE.findall(a)) != len(POSSESSIVE.findall(b)):
        classes.add("possessive")
    person = etype in (None, "PERSON")
    wa, wb = _words(POSSESSIVE.sub("", a)), _words(POSSESSIVE.sub("", b))
    ca = [w for w in wa if w not in FUNCTION_WORDS]
    cb = [w for w in wb if w not in FUNCTION_WORDS]
    if [w for w in wa if w in FUNCTION_WORDS] != [w for w in wb if w in FUNCTION_WORDS]:
        classes.add("article")
    if ca != cb and sorted(ca) == sorted(cb):
        return classes | {"word order"}
    cores = []
    for words in (ca, cb):
        core = list(words)
        while len(core) > 1 and core[0] in TITLES:
            core.pop(0)
        if len(core) < len(words):
            classes.add("title")
        while len(core) > 1 and core[0] in DESCRIPTORS:
            core.pop(0)
            classes.add("descriptor")
        while len(core) > 1 and core[-1] in DESCRIPTORS:
            core.pop()
            classes.add("descriptor")
        cores.append(core)
    ka, kb = cores
    short, long_ = sorted((ka, kb), key=len)
    if ka == kb:
        if not classes:
            classes.add("case or punctuation")
    elif sorted(ka) == sorted(kb):
        classes.add("word order")
    elif len(short) == 1 and len(long_) > 1 and short[0] == "".join(w[0] for w in long_):
        classes.add("acronym")
    elif len(short) == 1 and len(short[0]) > 1 and short[0] == "".join(
            w[0] for w in _words(max(a, b, key=len)) if w not in FUNCTION_WORDS | {"s"}):
        classes.add("acronym")
    elif person and len(short) == 1 and len(long_) > 1 and long_[-1] == short[0]:
        classes.add("surname only")
    elif person and len(short) == 1 and len(long_) > 1 and long_[0] == short[0]:
        classes.add("first name only")
    elif short and long_[-len(short):] == short:
        classes.add("title")
    elif len(short) < len(long_) and _is_subsequence(short, long_) and (
            len(short) > 1 or not person):
        classes.add("extra word")
    elif len(ka) == len(kb) and all(x == y or x + "s" == y or y + "s" == x
                                     for x, y in zip(ka, kb)):
        classes.add("plural")
    elif len(ka) == len(kb) and all(x == y or _sounds_alike(x, y) for x, y in zip(ka, kb)):
        classes.add("spelling")
    else:
        classes.add("alias")
    return classes


def _is_subsequence(short: list[str], long_: list[str]) -> bool:
    rest = iter(long_)
    return all(word in rest for word in short)


def _sounds_alike(x: str, y: str) -> bool:
    """Same first letter and at most two edits apart: Mossul/Mosul, Bashika/Bashiqa."""
    if x[:1] != y[:1] or min(len(x), len(y)) < 5:
        return False
    previous = list(range(len(y) + 1))
    for i, cx in enumerate(x, 1):
        current = [i]
        for j, cy in enumerate(y, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (cx != cy)))
        previous = current
    return previous[-1] <= 2
