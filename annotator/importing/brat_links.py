"""From one parsed ``.ann`` file to our rows: what each span is, and how events link them.

:func:`plan_document` decides everything without touching the project (which
span is a mention, a claim, a source or a cue; which claim each attribution
event names; where notes go), so the decisions can be tested and reported;
:meth:`DocumentPlan.apply` then writes them through ordinary store methods,
inside the caller's transaction and as the caller's coder.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.identity.normalise import normalise
from annotator.importing.brat_standoff import AnnDocument, TextBound

if TYPE_CHECKING:
    from annotator.importing.brat import BratMapping
    from annotator.store import Store

OPENING_QUOTES = "\"“„«‘'"
CLOSING_QUOTES = "\"”»’'"


def guess_kind(content: str, cue: str | None) -> str:
    """The attribution kind brat schemes rarely code, guessed from the spans.

    "according to ..." cues -> according_to; content that starts and ends
    with quotation marks -> direct_quote; anything else -> indirect.
    """
    if cue and " ".join(cue.lower().split()).startswith("according to"):
        return "according_to"
    text = content.strip()
    if text[:1] in OPENING_QUOTES and text.rstrip(".,;:!?")[-1:] in CLOSING_QUOTES:
        return "direct_quote"
    return "indirect"


@dataclass
class PlannedAttribution:
    link_type: str
    source: TextBound | None
    cue: TextBound | None


@dataclass
class PlannedClaim:
    span: TextBound
    notes: list[str] = field(default_factory=list)
    attributions: list[PlannedAttribution] = field(default_factory=list)


@dataclass
class DocumentPlan:
    """The rows one ``.ann`` file becomes, before they are written."""

    body: str
    rules: BratMapping
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # T id -> stored span
    mentions: dict[str, tuple[str, str]] = field(default_factory=dict)  # T id -> (name, type)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (canonical T id, alias)
    claims: dict[str, PlannedClaim] = field(default_factory=dict)
    notes: int = 0
    warnings: list[tuple[int, str]] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)

    def apply(self, store: Store, article_id: int) -> dict[str, int]:
        """Write the plan as the store's current coder; returns counts per kind of row."""
        counts = Counter(notes=self.notes)
        entity_of: dict[str, int] = {}
        for tid, (name, entity_type) in self.mentions.items():
            change = store.add_mention(article_id, *self.spans[tid], name=name,
                                       entity_type=entity_type)
            entity_of[tid] = change.after["entity_id"]
            counts["mentions"] += 1
        for tid, alias in self.aliases:
            if tid in entity_of:
                store.add_alias(entity_of[tid], alias)
        for tid, claim in self.claims.items():
            sources = {entity_of.get(a.source.id) for a in claim.attributions if a.source}
            claimant = sources.pop() if self.rules.claimant_from_source and len(sources) == 1 \
                else None
            claim_id = store.add_claim(article_id, *self.spans[tid],
                                       note="\n".join(claim.notes) or None,
                                       claimant_entity_id=claimant).row_id
            counts["claims"] += 1
            content = self.body[slice(*self.spans[tid])]
            for att in claim.attributions:
                cue = att.cue and self.body[slice(*self.spans[att.cue.id])]
                kind = self.rules.kinds.get(att.link_type) or (
                    guess_kind(content, cue) if self.rules.infer_kind else None)
                store.add_attribution(
                    claim_id, kind=kind,
                    source_entity_id=entity_of.get(att.source.id) if att.source else None,
                    source_span=self.spans[att.source.id] if att.source else None,
                    cue_span=self.spans[att.cue.id] if att.cue else None)
                counts["attributions"] += 1
        return dict(counts)


def plan_document(doc: AnnDocument, body: str, rules: BratMapping,
                  mapper: Callable[[int, bool], int] | None = None,
                  target_body: str | None = None) -> DocumentPlan:
    """Decide what every annotation of ``doc`` becomes.

    ``body`` is the text the offsets count in; when the project already holds
    the article with other whitespace, ``target_body`` is that stored text and
    ``mapper`` (from :func:`annotator.team.workflow.realign`) moves offsets onto it.
    """
    plan = DocumentPlan(body if target_body is None else target_body, rules)
    roles = _roles(doc, body, rules, mapper, plan)
    _equivalences(doc, roles, rules, plan)
    for tid, role in roles.items():
        if role == "claim":
            plan.claims[tid] = PlannedClaim(doc.textbounds[tid])
    part_of = _links(doc, roles, rules, plan)
    for tid, role in roles.items():
        if role == "cue" and tid not in part_of:
            plan.ignored["cues outside any attribution"] += 1
    for note in doc.notes:
        claims = [plan.claims[note.target]] if note.target in plan.claims else \
            part_of.get(note.target, [])
        if claims:
            for claim in claims:
                claim.notes.append(note.text if note.target in plan.claims
                                   else f"[attribution] {note.text}")
            plan.notes += 1
        else:
            plan.warnings.append((note.line, f"note on {note.target} not stored (it is on a "
                                  f"mention or an unmapped annotation): {note.text}"))
            plan.ignored["notes not placed"] += 1
    for claim in plan.claims.values():
        _fragment_notes(claim, mapper)
    return plan


def _roles(doc, body, rules, mapper, plan) -> dict[str, str]:
    roles = {}
    for tid, tb in doc.textbounds.items():
        if tb.text and tb.covered_in(body).strip() != tb.text.strip():
            plan.warnings.append((tb.line, f"{tid}: the covered text differs from the text at "
                                  "its offsets; the offsets are used"))
        start, end = tb.start, tb.end
        if mapper is not None:
            start, end = mapper(start, False), mapper(end, True)
        if not 0 <= start < end <= len(plan.body) or tb.end > len(body):
            plan.warnings.append((tb.line, f"{tid}: span {tb.start}-{tb.end} is empty or "
                                  f"outside the text ({len(body)} characters); skipped"))
            continue
        is_mention = tb.type in rules.entities or tb.type in rules.sources
        if is_mention and not tb.covered_in(body).strip():
            plan.warnings.append((tb.line, f"{tid}: span {tb.start}-{tb.end} covers only "
                                  "white space, so it names no entity; skipped"))
            continue
        plan.spans[tid] = (start, end)
        if is_mention:
            roles[tid] = "source" if tb.type in rules.sources else "entity"
            kind = rules.sources.get(tb.type) or rules.entities[tb.type]
            plan.mentions[tid] = (tb.covered_in(body), kind)
        elif tb.type in rules.cues:
            roles[tid] = "cue"
        elif tb.type in rules.claims:
            roles[tid] = "claim"
        elif tb.type in rules.attributions:
            roles[tid] = "trigger"
        else:
            plan.ignored[f"type {tb.type}"] += 1
    return roles


def _equivalences(doc, roles, rules, plan) -> None:
    """Members of an equivalence group name one entity: the first member's, with aliases."""
    for group in doc.equivalences:
        members = [m for m in group.members if roles.get(m) in ("entity", "source")]
        if group.type not in rules.equivalences or len(members) < 2:
            plan.ignored[f"equivalence {group.type}"] += 1
            continue
        canonical = plan.mentions[members[0]]
        for member in members[1:]:
            own = plan.mentions[member][0]
            plan.mentions[member] = canonical
            if normalise(own) and normalise(own) != normalise(canonical[0]):
                plan.aliases.append((members[0], own))  # an alias needs letters or digits


def _links(doc, roles, rules, plan) -> dict[str, list[PlannedClaim]]:
    """Attribution events and relations; returns the claims each linked ID belongs to."""
    part_of: dict[str, list[PlannedClaim]] = {}
    for link in doc.links.values():
        kind = "event" if link.id.startswith("E") else "relation"
        if link.type not in rules.attributions:
            plan.ignored[f"{kind} {link.type}"] += 1
            continue
        parts: dict[str, list[str]] = {"source": [], "cue": [], "claim": []}
        for _role, target in link.args:
            if roles.get(target) in parts:
                parts[roles[target]].append(target)
            else:
                plan.ignored["attribution arguments not mapped"] += 1
        if not parts["cue"] and link.trigger in plan.spans:
            parts["cue"].append(link.trigger)
        if not parts["claim"]:
            plan.ignored["attributions without content"] += 1
            continue
        if len(parts["source"]) > 1 or len(parts["cue"]) > 1:
            plan.ignored["extra sources or cues in one attribution"] += 1
        source = doc.textbounds[parts["source"][0]] if parts["source"] else None
        cue = doc.textbounds[parts["cue"][0]] if parts["cue"] else None
        claims = [plan.claims[c] for c in parts["claim"]]
        for claim in claims:
            claim.attributions.append(PlannedAttribution(link.type, source, cue))
        for member in [link.id, link.trigger, *parts["source"], *parts["cue"]]:
            if member:
                part_of.setdefault(member, []).extend(claims)
    return part_of


def _fragment_notes(claim: PlannedClaim, mapper) -> None:
    """Keep the fragments of discontinuous spans, which the stored extent loses, in the note."""
    def fragments(tb: TextBound) -> str:
        pairs = tb.fragments if mapper is None else [
            (mapper(s, False), mapper(e, True)) for s, e in tb.fragments]
        return ";".join(f"{s}-{e}" for s, e in pairs)

    if claim.span.discontinuous:
        claim.notes.append(f"brat fragments: {fragments(claim.span)}")
    for att in claim.attributions:
        for part, tb in (("source", att.source), ("cue", att.cue)):
            if tb is not None and tb.discontinuous:
                claim.notes.append(f"brat {part} fragments: {fragments(tb)}")
