"""Build the entity-identity gold set from the real corpora in ../shared.

    .venv/bin/python scripts/build_identity_gold.py [--shared ../shared] [--out DIR]

Writes ``tests/data/identity_gold.tsv`` and ``tests/data/identity_hard_negatives.tsv``
(names only, no article text) and prints counts per origin. Running it twice gives the same
files. Three sources:

- PolNeAR: the Source spans of its brat attributions, grouped into actors by the hand-checked
  table ``scripts/identity_gold_table.tsv`` (exact forms, not a fuzzy matcher: this is the truth
  the matcher is judged by). A short form (marked ``*``: a surname, "Mr. X") counts only in the
  articles that also name the actor in full, so "Ryan" in a story about another Ryan stays out.
  A name seen in several splits belongs to the first of train, dev, test that has it, so tuning
  on train/dev never sees a test row.
- GUM (WebAnno TSV 3.2): mentions linked to one Wikipedia identity are one cluster; only
  mentions that are names are kept (capitalised words or words of the identity; no pronouns,
  no "the company").
- The seed article, DESIGN.md and issue 12: the table's ``seed`` rows; a form's articles are
  the seed files that contain it.

Hard negatives are the hand list ``scripts/identity_gold_negatives.tsv`` (a pair whose
names are not both in the gold is left out, unless its why says it is constructed) plus
pairs derived from the gold itself: two actors of one type whose names share a surname, or
whose words are one inside the other's (Mosul / Mosul Dam).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import unquote

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from identity_gold import (  # noqa: E402
    CONSTRUCTED,
    GOLD,
    HARD_NEGATIVES,
    MAX_ARTICLES,
    ORIGINS,
    TYPES,
    GoldRow,
    HardNegative,
    actor,
    gold_pairs,
    variant_classes,
    write_gold,
    write_hard_negatives,
)

from annotator.importing.brat_standoff import parse_ann  # noqa: E402

TABLE = Path(__file__).with_name("identity_gold_table.tsv")
NEGATIVES = Path(__file__).with_name("identity_gold_negatives.tsv")
SPLITS = ("train", "dev", "test")

INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c"
                                   "\u202d\u202e\u0083"), None)


def clean(text: str) -> str:
    """One surface form: NFC, no invisible characters, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    return re.sub(r"\s+", " ", text).strip()


def key(text: str) -> str:
    """What the table is matched on: the clean form with typographic apostrophes made plain."""
    return clean(text).replace("’", "'").replace("‘", "'")


# --- the hand-made table ---------------------------------------------------------------------


class Table:
    """``source  actor  type  forms`` lines; see the comment at the head of the file."""

    def __init__(self, path: Path) -> None:
        self.types: dict[str, str] = {}  # "polnear:paul_ryan" -> "PERSON"
        self.forms: dict[str, list[tuple[str, bool, str]]] = {}  # actor -> (form, short, key)
        self.by_key: dict[tuple[str, str], list[tuple[str, bool]]] = {}
        self.exceptions: dict[tuple[str, str], str | None] = {}  # (article, form key) -> actor
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if fields[0] == "polnear-except" and len(fields) == 4:
                _, article, form, ident = fields
                self.exceptions[article, key(form)] = None if ident == "-" else f"polnear:{ident}"
                continue
            if len(fields) != 4 or fields[0] not in ("polnear", "seed") or fields[2] not in TYPES:
                raise SystemExit(f"{path}, line {number}: expected source, actor, type, forms")
            source, name, etype, forms = fields
            ident = f"{source}:{name}"
            if ident in self.types:
                raise SystemExit(f"{path}, line {number}: actor {ident} listed twice")
            self.types[ident] = etype
            self.forms[ident] = []
            for raw in forms.split(" | "):
                short = raw.endswith("*")
                form = clean(raw.rstrip("*"))
                self.forms[ident].append((form, short, key(form)))
                self.by_key.setdefault((source, key(form)), []).append((ident, short))
        unknown = {i for i in self.exceptions.values() if i is not None} - set(self.types)
        if unknown:
            raise SystemExit(f"{path}: polnear-except names unknown actors {sorted(unknown)}")
        for (_, form), owners in self.by_key.items():
            if len(owners) > 1 and not all(short for _, short in owners):
                raise SystemExit(f"{path}: {form!r} is listed for {[o for o, _ in owners]}; "
                                 "a form two actors share must be short (*) in all of them")

    def anchors(self, ident: str) -> list[str]:
        return [k for _, short, k in self.forms[ident] if not short]


# --- PolNeAR ---------------------------------------------------------------------------------

def polnear_sources(root: Path):
    """(split, article, surface) for every Source span, read by the project's brat parser.

    An ``.ann`` file is named after its article plus ``_<annotator>``; the article key is
    the text file's basename.
    """
    for split in SPLITS:
        for ann in sorted((root / split / "attributions").glob("*.ann")):
            article = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
            for span in parse_ann(ann.read_text(encoding="utf-8")).textbounds.values():
                if span.type == "Source":
                    yield split, article, clean(span.text)


def polnear_rows(root: Path, table: Table, stats: collections.Counter) -> list[GoldRow]:
    texts: dict[tuple[str, str], str] = {}

    def text_of(split: str, article: str) -> str:
        if (split, article) not in texts:
            path = root / split / "text" / f"{article}.txt"
            texts[split, article] = key(path.read_text(encoding="utf-8"))
        return texts[split, article]

    # surface -> split -> actor -> articles
    seen: dict[str, dict[str, dict[str, set[str]]]] = {}
    for split, article, surface in polnear_sources(root):
        owners = table.by_key.get(("polnear", key(surface)))
        if not owners:
            continue
        if (article, key(surface)) in table.exceptions:
            ident = table.exceptions[article, key(surface)]
            stats["short form resolved by an article exception"] += 1
            if ident is None:
                continue
        elif len(owners) == 1 and not owners[0][1]:
            ident = owners[0][0]
        else:
            text = text_of(split, article)
            named = [o for o, _ in owners if any(a in text for a in table.anchors(o))]
            if len(named) != 1:
                stats["short form dropped: " + ("nobody named in full" if not named
                                                else "two actors named")] += 1
                continue
            ident = named[0]
        seen.setdefault(surface, {}).setdefault(split, {}).setdefault(ident, set()).add(article)
    rows = []
    for surface, by_split in seen.items():
        split = next(s for s in SPLITS if s in by_split)
        actors = by_split[split]
        ident = min(actors, key=lambda o: (-len(actors[o]), o))
        if len(actors) > 1:
            stats["name kept for its most frequent actor only"] += 1
        rows.append(GoldRow(f"polnear-{split}", f"polnear-{split}:{ident.split(':', 1)[1]}",
                            table.types[ident], surface, tuple(sorted(actors[ident]))))
    return rows


# --- GUM -------------------------------------------------------------------------------------

GUM_TYPES = {"person": "PERSON", "organization": "ORG", "place": "GPE/LOC", "event": "EVENT"}
PRONOUNS = set("i me my we us our you your he him his she her it its they them their this that "
               "these those who which one here there itself himself herself".split())
NAME_FUNCTION_WORDS = {"of", "the", "and", "for", "de", "on", "in", "at", "'s", "’s", "a",
                       "an", "to", "-", "&", "del", "la", "le", "von", "van"}
NO_SPACE_BEFORE = {"'s", "’s", "'", "’", ",", ".", ")", "%", "n't"}
VALUE = re.compile(r"^(.*?)(?:\[(\d+)\])?$")


def _values(field: str) -> list[tuple[str, str | None]]:
    if field in ("_", ""):
        return []
    out = []
    for part in field.split("|"):
        match = VALUE.match(part)
        out.append((match.group(1), match.group(2)))
    return out


def join_tokens(tokens: list[str]) -> str:
    text = ""
    for i, token in enumerate(tokens):
        if i and token not in NO_SPACE_BEFORE and token != "-" and tokens[i - 1] not in ("-", "("):
            text += " "
        text += token
    return text


def gum_mentions(path: Path):
    """(surface, entity type, identity) for each span that carries a Wikipedia identity."""
    spans: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 7:
            continue
        token = fields[2]
        entities = {sid: etype for etype, sid in _values(fields[3]) if sid}
        identities = {sid: ident for ident, sid in _values(fields[6]) if sid}
        for sid, etype in entities.items():
            span = spans.setdefault(sid, {"type": etype, "tokens": [], "identity": None})
            span["tokens"].append(token)
            if sid in identities:
                span["identity"] = identities[sid]
    for span in spans.values():
        if span["identity"]:
            yield join_tokens(span["tokens"]), span["type"], span["identity"]


ROLE_WORDS = set("""president administrator administration mp church court state university orbiter
orbiters north south east west environment city government party department company team
museum festival navy army council committee secretary minister ministry office agency magazine
capital country nation republic kingdom union federation association mission program programme
shuttle commission police school hospital group""".split())
MONTHS = set("january february march april may june july august september october november "
             "december".split())


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in word if not unicodedata.combining(c))


def is_name(surface: str, identity: str, etype: str) -> bool:
    """A proper name, not a pronoun or a description ("the company", "The President").

    Every word is capitalised, a function word or a word of the identity; a lone role word
    ("the Church", "the Court") is out; a person's mention must share a word with the
    identity (so "NASA Administrator" is out); other mentions must share one, be an acronym
    (KPA, UK) or be capitalised words that are no role words (America, the Belgians).
    """
    words = surface.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if not words or len(words) > 8 or "," in words or words[0].lower() in PRONOUNS:
        return False
    if not words[0][:1].isupper():
        return False
    ident_words = {_fold(w) for w in re.split(r"[\s_()\-,]+", identity) if w}
    content = []
    for word in words:
        bare = re.sub(r"(['’]s|['’])$", "", word)
        if not bare or bare.lower() in NAME_FUNCTION_WORDS:
            continue
        if not (bare[:1].isupper() or bare[:1].isdigit() or _fold(bare) in ident_words):
            return False
        content.extend(w for w in re.split(r"-", bare) if w)
    folded = [_fold(w) for w in content]
    if not folded or any(w in MONTHS for w in folded):
        return False
    if len(folded) == 1 and folded[0] in ROLE_WORDS:
        return False
    if any(w in ident_words for w in folded):
        return True
    if etype == "person":
        return False
    acronym = any(len(w) >= 2 and w.replace(".", "").isupper() for w in content)
    return acronym or not any(w in ROLE_WORDS or w.isdigit() for w in folded)


def gum_rows(root: Path, stats: collections.Counter) -> list[GoldRow]:
    # identity -> name -> articles; identity -> type votes
    names: dict[str, dict[str, set[str]]] = {}
    votes: dict[str, collections.Counter] = {}
    for path in sorted(root.glob("GUM_*.tsv")):
        for surface, etype, identity in gum_mentions(path):
            identity = unquote(identity)
            if not is_name(surface, identity, etype):
                stats["gum mention not a name"] += 1
                continue
            names.setdefault(identity, {}).setdefault(clean(surface), set()).add(path.stem)
            votes.setdefault(identity, collections.Counter())[GUM_TYPES.get(etype, "OTHER")] += 1
    owner: dict[str, str] = {}
    for name in sorted({n for by_name in names.values() for n in by_name}):
        holders = [i for i in names if name in names[i]]
        owner[name] = min(holders, key=lambda i: (-len(names[i][name]), i))
        if len(holders) > 1:
            stats["gum name kept for its most frequent identity only"] += 1
    rows = []
    for identity, by_name in names.items():
        etype = min(votes[identity], key=lambda t: (-votes[identity][t], TYPES.index(t)))
        for name, articles in by_name.items():
            if owner[name] == identity:
                rows.append(GoldRow("gum", f"gum:{identity}", etype, name,
                                    tuple(sorted(articles))))
    return rows


# --- seed ------------------------------------------------------------------------------------


def seed_rows(seed_dir: Path, table: Table) -> list[GoldRow]:
    texts = {p.stem: key(p.read_text(encoding="utf-8")) for p in sorted(seed_dir.glob("*.txt"))}
    rows = []
    for ident, etype in table.types.items():
        if not ident.startswith("seed:"):
            continue
        for form, _, form_key in table.forms[ident]:
            pattern = re.compile(r"(?<!\w)" + re.escape(form_key) + r"(?!\w)")
            articles = tuple(a for a, text in texts.items() if pattern.search(text))
            rows.append(GoldRow("seed", ident, etype, form, articles))
    return rows


# --- hard negatives --------------------------------------------------------------------------


def _surname(name: str) -> str | None:
    """The last word of a full name, without an affiliation ("Claudia Mo of Civic Party")."""
    words = re.sub(r"['’]s?$", "", name).split(" of ")[0].split()
    return words[-1] if len(words) >= 2 and words[-1][:1].isupper() else None


def _content_words(name: str) -> frozenset[str]:
    name = re.sub(r"['’]s?$", "", name.lower())
    return frozenset(w for w in re.split(r"[\s\-]+", name.replace(".", ""))
                     if w and w not in ("the", "of", "al"))


def derived_negatives(rows: list[GoldRow]) -> list[HardNegative]:
    """Pairs of different actors of one type, within one source, that string rules confuse."""
    out = []
    families = collections.defaultdict(list)
    for row in rows:
        families[(actor(row.cluster).split(":")[0], row.type)].append(row)
    for (_, etype), members in sorted(families.items()):
        for a, b in _pairs_to_check(members):
            if etype == "PERSON":
                surname = _surname(a.name)
                if surname and surname == _surname(b.name):
                    out.append(HardNegative(etype, a.name, b.name,
                                            f"derived: two people with the surname {surname}"))
            else:
                wa, wb = _content_words(a.name), _content_words(b.name)
                if wa and wb and wa != wb and (wa < wb or wb < wa):
                    out.append(HardNegative(etype, a.name, b.name,
                                            "derived: the words of one name inside the other's"))
    return out


def _pairs_to_check(members: list[GoldRow]):
    """Pairs of actors, each by one name: its most frequent short full name ("Donald Trump")."""
    by_actor: dict[str, list[GoldRow]] = collections.defaultdict(list)
    for row in members:
        by_actor[actor(row.cluster)].append(row)
    best = {}
    for ident, rows in by_actor.items():
        plain = [r for r in rows if not re.search(r"['’]s?$", r.name)]
        full = [r for r in plain if 2 <= len(r.name.split()) <= 3 and " of " not in r.name]
        if full or plain:
            best[ident] = min(full or plain, key=lambda r: (-len(r.articles), len(r.name), r.name))
    idents = sorted(best)
    for i, x in enumerate(idents):
        for y in idents[i + 1:]:
            yield best[x], best[y]


def hard_negative_rows(rows: list[GoldRow], stats: collections.Counter) -> list[HardNegative]:
    present = {r.name for r in rows}
    same = gold_pairs(rows)
    pairs = []
    for number, line in enumerate(NEGATIVES.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or fields[0] not in TYPES:
            raise SystemExit(f"{NEGATIVES}, line {number}: expected type, name_a, name_b, why")
        missing = [n for n in fields[1:3] if n not in present]
        if missing and not fields[3].startswith(CONSTRUCTED):
            print(f"{NEGATIVES}, line {number}: {missing} not in the gold; pair left out",
                  file=sys.stderr)
            continue
        if frozenset(fields[1:3]) in same:
            raise SystemExit(f"{NEGATIVES}, line {number}: {fields[1:3]} are one actor in "
                             "the gold; fix the table or the pair")
        pairs.append(HardNegative(*fields))
    seen = {frozenset((p.name_a, p.name_b)) for p in pairs}
    for pair in derived_negatives(rows):
        if frozenset((pair.name_a, pair.name_b)) not in seen:
            seen.add(frozenset((pair.name_a, pair.name_b)))
            pairs.append(pair)
            stats["hard negatives derived"] += 1
    stats["hard negatives by hand"] = len(pairs) - stats["hard negatives derived"]
    return pairs


def cap_articles(rows: list[GoldRow]) -> list[GoldRow]:
    """Keep at most MAX_ARTICLES per row: the articles that hold the most gold names first.

    One order for every row, blind to the clusters, so two frequent names keep the articles
    they share (a per-row alphabetical cut would give "Trump" only Breitbart stories and
    "Mr. Trump" only NYT ones) without the truth leaking into the evidence.
    """
    richness = collections.Counter(a for r in rows for a in r.articles)
    capped = []
    for r in rows:
        kept = sorted(r.articles, key=lambda a: (-richness[a], a))[:MAX_ARTICLES]
        capped.append(GoldRow(r.origin, r.cluster, r.type, r.name, tuple(sorted(kept))))
    return capped


# --- main ------------------------------------------------------------------------------------


def summary(rows: list[GoldRow], stats: collections.Counter, negatives: list) -> str:
    lines = [f"{'origin':14} {'clusters':>8} {'2+ names':>8} {'names':>6} {'pairs':>6}"]
    for origin in ORIGINS:
        sub = [r for r in rows if r.origin == origin]
        sizes = collections.Counter(r.cluster for r in sub)
        lines.append(f"{origin:14} {len(sizes):8} {sum(1 for n in sizes.values() if n > 1):8} "
                     f"{len(sub):6} {len(gold_pairs(sub)):6}")
    classes = {origin: collections.Counter() for origin in ORIGINS}
    type_of = {r.name: r.type for r in rows}
    for origin in ORIGINS:
        for pair in gold_pairs([r for r in rows if r.origin == origin]):
            a, b = sorted(pair)
            classes[origin].update(variant_classes(a, b, type_of[a]))
    total = sum(classes.values(), collections.Counter())
    lines.append("same-cluster pairs by variant class (a pair may show several):")
    lines.append(f"  {'class':20}" + "".join(f"{o:>14}" for o in ORIGINS))
    for name, _ in total.most_common():
        lines.append(f"  {name:20}" + "".join(f"{classes[o][name]:14}" for o in ORIGINS))
    lines.append(f"hard negatives: {len(negatives)}")
    lines += [f"  {name}: {count}" for name, count in sorted(stats.items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=GOLD.parent,
                        help="folder for the two TSV files (default tests/data)")
    args = parser.parse_args(argv)
    corpora = args.shared / "corpora"
    for needed in (corpora / "polnear", corpora / "gum-webanno-tsv", args.shared / "seed"):
        if not needed.is_dir():
            print(f"{needed}: not found (pass --shared)", file=sys.stderr)
            return 2
    table = Table(TABLE)
    stats: collections.Counter = collections.Counter()
    rows = (polnear_rows(corpora / "polnear", table, stats)
            + gum_rows(corpora / "gum-webanno-tsv", stats)
            + seed_rows(args.shared / "seed", table))
    rows = cap_articles(rows)
    rows.sort(key=lambda r: (ORIGINS.index(r.origin), r.cluster, r.name))
    negatives = hard_negative_rows(rows, stats)
    args.out.mkdir(parents=True, exist_ok=True)
    write_gold(rows, args.out / GOLD.name)
    write_hard_negatives(negatives, args.out / HARD_NEGATIVES.name)
    print(f"wrote {args.out / GOLD.name} and {args.out / HARD_NEGATIVES.name}")
    print(summary(rows, stats, negatives))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
