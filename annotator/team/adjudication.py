"""Adjudication: two coders' versions of one article side by side, item by item.

After a reliability round a lead (or the pair of coders together) settles each
disagreement and keeps the result as a third coder, "gold" by default. This
module decides, without Qt and without SQL, which of coder A's items and coder
B's items are *the same unit* and how their values differ, so the window only
shows the verdicts and the tests check them on plain dicts.

Units are formed as ``annotator.team.agreement`` forms them (docs/agreement.md), so
the list a coder adjudicates is the list the reliability figures counted:

- entity mentions and claims are paired one-to-one per article with
  :func:`annotator.team.reliability.match_overlap` (or ``match_exact``);
- attributions are compared on matched claims: the attributions of a matched
  claim pair are paired by overlapping cue spans (else source spans), and
  those left over in chain order; attributions of unmatched claims stand alone.

A matched pair either agrees (same span and values) or differs, and the
differences are named ("type ORG vs PERSON"). Whether a version is already in
gold is decided by the same value comparison (:func:`same_version`), so gold
needs no link back to the row it was copied from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.team import reliability as rel

Row = dict[str, Any]
#: One coder's annotations of one article: ``{"mentions": [...], "claims": [...], ...}``.
Annotations = dict[str, list[Row]]

LAYERS = ("mentions", "claims", "attributions")
LAYER_TITLES = {"mentions": "Entity mentions", "claims": "Claims",
                "attributions": "Attributions"}
AGREE, DIFFER, ONLY_A, ONLY_B = "agree", "differ", "only_a", "only_b"
DEFAULT_GOLD = "gold"


@dataclass(frozen=True)
class Item:
    """One unit of the comparison: A's version, B's version (either may be None).

    ``gold_a`` / ``gold_b`` are the ids of the gold rows equal to A's / B's
    version (None: not in gold). For attributions, ``gold_claim_a`` /
    ``gold_claim_b`` name the gold claim an accepted version should hang on:
    the gold copy of that coder's claim, else of the matched claim of the other
    coder (the same unit, already adjudicated), else None (copy the claim too).
    """

    layer: str
    a: Row | None
    b: Row | None
    differences: tuple[str, ...] = ()
    gold_a: int | None = None
    gold_b: int | None = None
    gold_claim_a: int | None = None
    gold_claim_b: int | None = None

    @property
    def status(self) -> str:
        if self.a is None:
            return ONLY_B
        if self.b is None:
            return ONLY_A
        return DIFFER if self.differences else AGREE

    def verdict(self) -> str:
        """What a coder reads: "both agree", "only A", "differ (type ORG vs PERSON)"."""
        return {AGREE: "both agree", ONLY_A: "only A", ONLY_B: "only B"}.get(
            self.status, f"differ ({'; '.join(self.differences)})")

    def row(self, side: str) -> Row | None:
        return self.a if side == "a" else self.b

    def gold_of(self, side: str) -> int | None:
        return self.gold_a if side == "a" else self.gold_b

    def gold_claim_of(self, side: str) -> int | None:
        return self.gold_claim_a if side == "a" else self.gold_claim_b

    @property
    def in_gold(self) -> str:
        """Which version gold holds: "A", "B", "A = B" (they agree) or ""."""
        if self.gold_a is not None and self.gold_b is not None:
            return "A = B" if self.gold_a == self.gold_b else "A, B"
        return "A" if self.gold_a is not None else "B" if self.gold_b is not None else ""

    @property
    def start(self) -> int:
        """Where the unit begins in the text, for ordering the list."""
        starts = [s for r in (self.a, self.b) if r is not None
                  for s, _ in spans_of(self.layer, r)]
        return min(starts, default=0)


@dataclass
class Comparison:
    """The items of every layer for coders A and B of one article."""

    coder_a: str
    coder_b: str
    gold: str
    items: dict[str, list[Item]] = field(default_factory=dict)

    def counts(self, layer: str) -> dict[str, int]:
        out = dict.fromkeys((AGREE, DIFFER, ONLY_A, ONLY_B), 0)
        for item in self.items.get(layer, []):
            out[item.status] += 1
        return out


# -- values ------------------------------------------------------------------------------------

def _words(text: str | None) -> str | None:
    return " ".join(text.lower().split()) if text else None


def _source_value(row: Row) -> Any:
    """A source as ``annotator.team.agreement`` compares it: the live entity, else its words."""
    return ("e", row["source"]) if row.get("source") is not None else \
        ("t", _words(row.get("source_text")))


def _span(row: Row, part: str = "") -> tuple[int, int] | None:
    prefix = f"{part}_" if part else ""
    start, end = row.get(f"{prefix}start"), row.get(f"{prefix}end")
    return None if start is None or end is None or end <= start else (start, end)


def spans_of(layer: str, row: Row) -> list[tuple[int, int]]:
    """The text spans of a row: one for mentions and claims, source and cue for attributions."""
    if layer != "attributions":
        return [(row["start"], row["end"])]
    return [s for s in (_span(row, "source"), _span(row, "cue")) if s is not None]


def version_key(layer: str, row: Row) -> tuple:
    """The values that make two rows the same version (entities as the live entity).

    A claim's free note is left out: an adjudicator's remark on the gold copy
    does not make it another version. An attribution's claim and parent are
    compared separately (:func:`same_version`), since gold holds its own copies.
    """
    if layer == "mentions":
        return row["start"], row["end"], row["entity"]
    if layer == "claims":
        return (row["start"], row["end"], row["category"], row["position"], row["claimant"],
                row["addressee"], row["certainty"])
    return (_source_value(row), _span(row, "source"), _span(row, "cue"), row["kind"])


def same_version(layer: str, row: Row, other: Row, claims: dict[int, Row],
                 other_claims: dict[int, Row]) -> bool:
    """Whether ``other`` holds the same version as ``row``; attributions also need claims
    that overlap (the gold claim may be the other coder's accepted version of it)."""
    if version_key(layer, row) != version_key(layer, other):
        return False
    if layer != "attributions":
        return True
    mine, theirs = claims.get(row["claim_id"]), other_claims.get(other["claim_id"])
    return mine is not None and theirs is not None and \
        rel.overlaps(_span(mine), _span(theirs))


def find_version(layer: str, row: Row, own: Annotations, target: Annotations) -> int | None:
    """The id of ``target``'s row holding the same version as ``row`` (of ``own``), or None."""
    return _Finder(own, target).find(layer, row)


class _Finder:
    """Looks versions up in another coder's rows by key, so a long article stays quick."""

    def __init__(self, own: Annotations, target: Annotations) -> None:
        self.claims, self.other_claims = _by_id(own.get("claims", [])), \
            _by_id(target.get("claims", []))
        self.keyed: dict[tuple, list[Row]] = {}
        for layer in LAYERS:
            for other in target.get(layer, []):
                self.keyed.setdefault((layer, version_key(layer, other)), []).append(other)

    def find(self, layer: str, row: Row) -> int | None:
        for other in self.keyed.get((layer, version_key(layer, row)), []):
            if same_version(layer, row, other, self.claims, self.other_claims):
                return other["id"]
        return None


def _by_id(rows: Sequence[Row]) -> dict[int, Row]:
    return {r["id"]: r for r in rows}


def _named(value: Any, name: Any) -> str:
    return "—" if value is None else str(name if name else value)


def differences(layer: str, a: Row, b: Row) -> tuple[str, ...]:
    """How two matched versions differ, in words a coder reads in the list."""
    out: list[str] = []
    if layer != "attributions" and (a["start"], a["end"]) != (b["start"], b["end"]):
        out.append("span")
    if layer == "mentions":
        if a["entity_type"] != b["entity_type"]:
            out.append(f"type {a['entity_type']} vs {b['entity_type']}")
        if a["entity"] != b["entity"] and (a["entity_type"] == b["entity_type"]
                                           or a["entity_name"] != b["entity_name"]):
            out.append(f"entity {a['entity_name']} vs {b['entity_name']}")
    elif layer == "claims":
        for key in ("category", "position", "certainty"):
            if a[key] != b[key]:
                out.append(f"{key} {_named(a[key], a[key])} vs {_named(b[key], b[key])}")
        for key in ("claimant", "addressee"):
            if a[key] != b[key]:
                out.append(f"{key} {_named(a[key], a[f'{key}_name'])} vs "
                           f"{_named(b[key], b[f'{key}_name'])}")
    else:
        if _source_value(a) != _source_value(b):
            out.append(f"source {source_label(a)} vs {source_label(b)}")
        elif _span(a, "source") != _span(b, "source"):
            out.append("source span")
        if _words(a["cue_text"]) != _words(b["cue_text"]):
            out.append(f"cue “{a['cue_text'] or '—'}” vs “{b['cue_text'] or '—'}”")
        elif _span(a, "cue") != _span(b, "cue"):
            out.append("cue span")
        if a["kind"] != b["kind"]:
            out.append(f"kind {_kind(a)} vs {_kind(b)}")
    return tuple(out)


# -- labels ---------------------------------------------------------------------------------------

def source_label(row: Row) -> str:
    if row.get("source") is not None:
        return str(row.get("source_name") or row["source"])
    return row.get("source_text") or "anonymous"


def describe(layer: str, row: Row | None, limit: int = 70) -> str:
    """One line for a row of the list: the text and the values that were coded."""
    if row is None:
        return ""
    if layer == "mentions":
        return f"{_quoted(row['text'])} → {row['entity_name']} ({row['entity_type']})"
    if layer == "claims":
        values = [v for v in (row["category"], _position(row["position"]), row["certainty"])
                  if v]
        if row["claimant"] is not None:
            values.append(f"by {row['claimant_name']}")
        return _quoted(_short(row["text"], limit)) + (f" · {' · '.join(values)}" if values else "")
    parts = [f"source {source_label(row)}"]
    if row["cue_text"]:
        parts.append(f"cue “{row['cue_text']}”")
    if row["kind"]:
        parts.append(_kind(row))
    claim = row.get("claim_text")
    if claim:
        parts.append(f"of {_quoted(_short(claim, 40))}")
    return " · ".join(parts)


def _kind(row: Row) -> str:
    return (row["kind"] or "—").replace("_", " ")


def _quoted(text: str) -> str:
    """Quote a span's text, unless it is a quotation already (“When I arrived ...”)."""
    return text if text[:1] in "“\"'‘«„" else f"“{text}”"


def _position(value: int | None) -> str | None:
    return None if value is None else f"{value:+d}" if value else "0"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- comparing ------------------------------------------------------------------------------------

Matcher = Callable[[Sequence[rel.Span], Sequence[rel.Span]], list[tuple[int, int]]]


def compare(a: Annotations, b: Annotations, gold: Annotations, *, coder_a: str = "A",
            coder_b: str = "B", gold_name: str = DEFAULT_GOLD,
            exact: bool = False) -> Comparison:
    """Pair A's and B's items of one article layer by layer and look each version up in gold.

    ``exact`` pairs only identical spans (the "exact" F1 of the agreement
    report); the default pairs overlapping spans, best overlap first.
    """
    match: Matcher = rel.match_exact if exact else rel.match_overlap
    result = Comparison(coder_a, coder_b, gold_name)
    claim_pairs: list[tuple[Row, Row]] = []
    in_gold = _Finder(a, gold), _Finder(b, gold)
    for layer in ("mentions", "claims"):
        ra, rb = a.get(layer, []), b.get(layer, [])
        pairs = match([(r["start"], r["end"]) for r in ra], [(r["start"], r["end"]) for r in rb])
        if layer == "claims":
            claim_pairs = [(ra[i], rb[j]) for i, j in pairs]
        result.items[layer] = _items(layer, ra, rb, pairs, *in_gold)
    result.items["attributions"] = _attribution_items(a, b, in_gold, claim_pairs, match)
    return result


def _items(layer: str, ra: list[Row], rb: list[Row], pairs: list[tuple[int, int]],
           a: _Finder, b: _Finder) -> list[Item]:
    items = [_item(layer, ra[i], rb[j], a, b) for i, j in pairs]
    paired_a, paired_b = {i for i, _ in pairs}, {j for _, j in pairs}
    items += [_item(layer, r, None, a, b) for i, r in enumerate(ra)
              if i not in paired_a]
    items += [_item(layer, None, r, a, b) for j, r in enumerate(rb)
              if j not in paired_b]
    return sorted(items, key=lambda it: (it.start, it.a is None))


def _item(layer: str, ra: Row | None, rb: Row | None, a: _Finder, b: _Finder,
          **extra: Any) -> Item:
    return Item(layer, ra, rb,
                differences(layer, ra, rb) if ra is not None and rb is not None else (),
                a.find(layer, ra) if ra is not None else None,
                b.find(layer, rb) if rb is not None else None, **extra)


def _key_span(row: Row, claim: Row | None) -> tuple[int, int]:
    """What pairs two attributions of a matched claim: the cue, else the source, else the claim."""
    return _span(row, "cue") or _span(row, "source") or (_span(claim) if claim else None) \
        or (0, 1)


def _chain_order(rows: list[Row]) -> list[Row]:
    """Outermost source first (ARA News before the General Command it relays)."""
    by_id = _by_id(rows)

    def depth(row: Row) -> int:
        n, parent, seen = 0, row["parent_attribution_id"], {row["id"]}
        while parent in by_id and parent not in seen:
            seen.add(parent)
            n, parent = n + 1, by_id[parent]["parent_attribution_id"]
        return n
    return sorted(rows, key=lambda r: (depth(r), r["id"]))


def _attribution_items(a: Annotations, b: Annotations, in_gold: tuple[_Finder, _Finder],
                       claim_pairs: list[tuple[Row, Row]], match: Matcher) -> list[Item]:
    claims_a, claims_b = _by_id(a.get("claims", [])), _by_id(b.get("claims", []))
    atts_a, atts_b = a.get("attributions", []), b.get("attributions", [])
    gold_claim = {("a", c["id"]): in_gold[0].find("claims", c) for c in claims_a.values()}
    gold_claim |= {("b", c["id"]): in_gold[1].find("claims", c) for c in claims_b.values()}
    partner = {("a", ca["id"]): ("b", cb["id"]) for ca, cb in claim_pairs}
    partner |= {v: k for k, v in partner.items()}

    def target(side: str, row: Row | None) -> int | None:
        if row is None:
            return None
        own = (side, row["claim_id"])
        found = gold_claim.get(own)
        return found if found is not None else gold_claim.get(partner.get(own, ("", 0)))

    def item(ra: Row | None, rb: Row | None) -> Item:
        return _item("attributions", ra, rb, *in_gold, gold_claim_a=target("a", ra),
                     gold_claim_b=target("b", rb))

    items: list[Item] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for ca, cb in claim_pairs:
        mine = _chain_order([r for r in atts_a if r["claim_id"] == ca["id"]])
        theirs = _chain_order([r for r in atts_b if r["claim_id"] == cb["id"]])
        pairs = match([_key_span(r, ca) for r in mine], [_key_span(r, cb) for r in theirs])
        left_a = [i for i in range(len(mine)) if i not in {i for i, _ in pairs}]
        left_b = [j for j in range(len(theirs)) if j not in {j for _, j in pairs}]
        pairs += list(zip(left_a, left_b))
        for i, j in pairs:
            items.append(item(mine[i], theirs[j]))
            used_a.add(mine[i]["id"])
            used_b.add(theirs[j]["id"])
    items += [item(r, None) for r in atts_a if r["id"] not in used_a]
    items += [item(None, r) for r in atts_b if r["id"] not in used_b]

    def start(it: Item) -> tuple[int, bool]:
        row = it.a if it.a is not None else it.b
        claim = (claims_a if it.a is not None else claims_b).get(row["claim_id"])
        return (claim["start"] if claim else it.start), it.a is None
    return sorted(items, key=start)
