"""``claims_flat``: one row per claim x attribution chain, every id resolved to names.

The analyst's first file. A claim nested as "ARA News reported that the General
Command said X" has two attributions of X: the General Command's (the inner,
direct source) whose parent is ARA News's. The chain is read from the outermost
source inwards, after the outlet itself, which is the implicit first voice. A claim
coded as the outlet's own voice (kind ``unattributed``, no source) reads like a claim
without attribution: chain depth 0, no chain, no source.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any

from annotator.codebook import is_outlet_voice

CHAIN_SEPARATOR = " > "

FLAT_COLUMNS = [
    "claim_id", "article_id", "article_title", "published", "published_time", "outlet",
    "claim_start", "claim_end", "claim_text", "category", "position", "certainty",
    "claimant_name", "claimant_type", "addressee_name", "addressee_type",
    "attribution_id", "kind", "source_name", "source_type", "source_text", "cue_text",
    "chain_depth", "chain", "outer_source_name", "parent_source_name", "note", "coder",
    "codebook_version",
]


def _source_label(att: dict[str, Any]) -> str:
    return att.get("source_name") or att.get("source_text") or "(anonymous)"


def _chain(att: dict[str, Any], by_id: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The attribution and its parents, outermost first; a loop in bad data stops the walk."""
    chain, seen = [], set()
    cursor: dict[str, Any] | None = att
    while cursor is not None and cursor["attribution_id"] not in seen:
        seen.add(cursor["attribution_id"])
        chain.append(cursor)
        parent = cursor.get("parent_attribution_id")
        cursor = by_id.get(parent) if parent is not None else None
    return list(reversed(chain))


def flat_rows_for_claim(claim: dict[str, Any], own: list[dict[str, Any]],
                        article_attributions: dict[int, dict[str, Any]]
                        ) -> Iterator[dict[str, Any]]:
    """Rows for one claim: one per innermost attribution of it, or one bare row if none.

    ``article_attributions`` (id -> row) resolves parents, which may belong to
    another claim of the same article.
    """
    base = {k: claim.get(k) for k in FLAT_COLUMNS if k in claim}
    parents = {a.get("parent_attribution_id") for a in own}
    leaves = [a for a in own if a["attribution_id"] not in parents]
    if not leaves:
        yield {**base, "chain_depth": 0, "chain": ""}
        return
    for leaf in leaves:
        if is_outlet_voice(leaf.get("kind"), leaf.get("source_name") or leaf.get("source_text")):
            # coded as the outlet's own voice: no source, as a claim without attribution
            yield {**base, "attribution_id": leaf["attribution_id"], "kind": leaf.get("kind"),
                   "cue_text": leaf.get("cue_text"), "chain_depth": 0, "chain": ""}
            continue
        chain = _chain(leaf, article_attributions)
        parent = chain[-2] if len(chain) > 1 else None
        yield {
            **base,
            "attribution_id": leaf["attribution_id"],
            "kind": leaf.get("kind"),
            "source_name": leaf.get("source_name"),
            "source_type": leaf.get("source_type"),
            "source_text": leaf.get("source_text"),
            "cue_text": leaf.get("cue_text"),
            "chain_depth": len(chain),
            "chain": CHAIN_SEPARATOR.join(_source_label(a) for a in chain),
            "outer_source_name": _source_label(chain[0]),
            "parent_source_name": _source_label(parent) if parent else None,
        }


def claims_flat(claims: Iterable[dict[str, Any]],
                attributions: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Join two streams sorted by article id, holding one article's attributions at a time."""
    att_groups = groupby(attributions, key=lambda a: a["article_id"])
    pending = next(att_groups, None)
    for article_id, article_claims in groupby(claims, key=lambda c: c["article_id"]):
        while pending is not None and pending[0] < article_id:
            pending = next(att_groups, None)
        article_atts: list[dict[str, Any]] = []
        if pending is not None and pending[0] == article_id:
            article_atts = list(pending[1])
            pending = next(att_groups, None)
        lookup = {a["attribution_id"]: a for a in article_atts}
        by_claim: dict[int, list[dict[str, Any]]] = {}
        for att in article_atts:
            by_claim.setdefault(att["claim_id"], []).append(att)
        for claim in article_claims:
            yield from flat_rows_for_claim(claim, by_claim.get(claim["claim_id"], []), lookup)
