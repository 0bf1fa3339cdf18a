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
from urllib.parse import unquote

from annotator.identity.normalise import normalise
from annotator.importing.brat_standoff import AnnDocument, TextBound

if TYPE_CHECKING:
    from annotator.importing.mapping import LabelMapping as BratMapping
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
    #: From a binary relation (Label Studio, doccano, brat ``R``): one of several
    #: that together name a claim's source and cue.
    binary: bool = False


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
    #: T id -> the pieces of a discontinuous span, on the stored text
    fragments: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    #: T id -> (entity name, type, key): key None finds the entity by name across the
    #: corpus; mentions with one key share an entity made for them (a chain of coreference).
    mentions: dict[str, tuple[str, str, object]] = field(default_factory=dict)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (canonical T id, alias)
    claims: dict[str, PlannedClaim] = field(default_factory=dict)
    notes: int = 0
    warnings: list[tuple[int, str]] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)

    def apply(self, store: Store, article_id: int) -> dict[str, int]:
        """Write the plan as the store's current coder; returns counts per kind of row."""
        counts = Counter(notes=self.notes)
        entity_of: dict[str, int] = {}
        made: dict[object, int] = {}
        for tid, (name, entity_type, key) in self.mentions.items():
            pieces = self.fragments.get(tid)
            if key is None:
                change = store.add_mention(article_id, *self.spans[tid], name=name,
                                           entity_type=entity_type, fragments=pieces)
            else:
                if key not in made:
                    made[key] = store.add_entity(name, entity_type).row_id
                change = store.add_mention(article_id, *self.spans[tid], entity_id=made[key],
                                           fragments=pieces)
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
                                       claimant_entity_id=claimant,
                                       fragments=self.fragments.get(tid)).row_id
            counts["claims"] += 1
            content = self.body[slice(*self.spans[tid])]
            for att in claim.attributions:
                cue = att.cue and self.body[slice(*self.spans[att.cue.id])]
                kind = self.rules.kind_for(att.link_type) or (
                    guess_kind(content, cue) if self.rules.infer_kind else None)
                store.add_attribution(
                    claim_id, kind=kind,
                    source_entity_id=entity_of.get(att.source.id) if att.source else None,
                    source_span=self.spans[att.source.id] if att.source else None,
                    cue_span=self.spans[att.cue.id] if att.cue else None,
                    source_fragments=self.fragments.get(att.source.id) if att.source else None,
                    cue_fragments=self.fragments.get(att.cue.id) if att.cue else None)
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
    _chains(doc, roles, rules, plan)
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
    return plan


def _roles(doc, body, rules, mapper, plan) -> dict[str, str]:
    roles = {}
    for tid, tb in doc.textbounds.items():
        if tb.text and tb.covered_in(body).strip() != tb.text.strip():
            if doc.on_mismatch == "skip":
                plan.warnings.append((tb.line, f"{tid} ({tb.type}): the text at {tb.start}-"
                                      f"{tb.end} is {_quoted(tb.covered_in(body))}, not "
                                      f"{_quoted(tb.text)}; left out, not shifted"))
                continue
            plan.warnings.append((tb.line, f"{tid}: the covered text differs from the text at "
                                  "its offsets; the offsets are used"))
        start, end = tb.start, tb.end
        if mapper is not None:
            start, end = mapper(start, False), mapper(end, True)
        if not 0 <= start < end <= len(plan.body) or tb.end > len(body):
            plan.warnings.append((tb.line, f"{tid}: span {tb.start}-{tb.end} is empty or "
                                  f"outside the text ({len(body)} characters); skipped"))
            continue
        kind = rules.source_type(tb.type) or rules.entity_type(tb.type)
        is_mention = kind is not None
        if is_mention and not tb.covered_in(body).strip():
            plan.warnings.append((tb.line, f"{tid}: span {tb.start}-{tb.end} covers only "
                                  "white space, so it names no entity; skipped"))
            continue
        plan.spans[tid] = (start, end)
        pieces = _pieces(tb, mapper, start, end)
        if pieces:
            plan.fragments[tid] = pieces
        elif tb.discontinuous:
            plan.warnings.append((tb.line, f"{tid}: fragments {tb.fragments} overlap or run "
                                  "together; stored as one span from the first to the last"))
        if is_mention:
            roles[tid] = "source" if rules.source_type(tb.type) else "entity"
            plan.mentions[tid] = (tb.covered_in(body), kind, None)
        elif rules.is_cue(tb.type):
            roles[tid] = "cue"
        elif rules.is_claim(tb.type):
            roles[tid] = "claim"
        elif rules.is_attribution(tb.type):
            roles[tid] = "trigger"
        elif not rules.is_ignored(tb.type):
            plan.ignored[f"type {tb.type}"] += 1
    return roles


def _equivalences(doc, roles, rules, plan) -> None:
    """Members of an equivalence group name one entity: the first member's, with aliases."""
    for group in doc.equivalences:
        members = [m for m in group.members if roles.get(m) in ("entity", "source")]
        if not rules.is_equivalence(group.type) or len(members) < 2:
            plan.ignored[f"equivalence {group.type}"] += 1
            continue
        canonical = plan.mentions[members[0]]
        for member in members[1:]:
            own = plan.mentions[member][0]
            plan.mentions[member] = canonical
            if normalise(own) and normalise(own) != normalise(canonical[0]):
                plan.aliases.append((members[0], own))  # an alias needs letters or digits


#: Words that refer without naming: never an entity's name when a chain has a better one.
PRONOUNS = frozenset("""i me my mine myself we us our ours ourselves you your yours yourself
    yourselves he him his himself she her hers herself it its itself they them their theirs
    themselves this that these those who whom whose which what one ones here there""".split())


def _quoted(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _chains(doc, roles, rules, plan) -> None:
    """Coreference links and shared identities: the mentions of one entity.

    Links of an equivalence type (``coref``, ``appos`` ...) and mentions with
    the same ``identity`` form one group. A group with an identity is named by
    it (``Project_Chanology`` as "Project Chanology") and found by that name
    across the corpus, so documents that share it share the entity. Without
    one, a group is named by its first mention that is not a pronoun and, in a
    document that does not ``join_by_name``, gets an entity of its own, as
    does every single mention there.
    """
    group_of: dict[str, str] = {}

    def find(tid: str) -> str:
        while group_of.get(tid, tid) != tid:
            tid = group_of[tid]
        return tid

    def join(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            group_of[max(ra, rb, key=order.get)] = min(ra, rb, key=order.get)

    order = {tid: i for i, tid in enumerate(doc.textbounds)}
    mentions = [tid for tid in doc.textbounds if tid in plan.mentions]
    linked = False
    for link in doc.links.values():
        if rules.is_equivalence(link.type) and not rules.is_attribution(link.type):
            ends = [t for _, t in link.args if t in plan.mentions]
            for other in ends[1:]:
                join(ends[0], other)
                linked = True
    first_with: dict[str, str] = {}
    for tid in mentions:
        identity = doc.textbounds[tid].identity
        if identity:
            join(first_with.setdefault(identity, tid), tid)
    if not linked and not first_with and doc.join_by_name:
        return  # plain mentions: each is found by its own name, as a coder's would be
    groups: dict[str, list[str]] = {}
    for tid in mentions:
        groups.setdefault(find(tid), []).append(tid)
    for number, members in enumerate(groups.values()):
        identity = next((doc.textbounds[t].identity for t in members
                         if doc.textbounds[t].identity), None)
        if len(members) == 1 and identity is None and doc.join_by_name:
            continue
        head = next((t for t in members if doc.textbounds[t].identity == identity and identity),
                    None) or next((t for t in members if not _is_pronoun(plan.mentions[t][0])),
                                  members[0])
        name = identity_name(identity) if identity else plan.mentions[head][0]
        entity_type = plan.mentions[head][1]
        key = None if identity or doc.join_by_name else ("chain", number)
        names = {plan.mentions[t][0] for t in members}
        for member in members:
            plan.mentions[member] = (name, entity_type, key)
        for alias in sorted(names):
            if _looks_like_a_name(alias) and normalise(alias) != normalise(name):
                plan.aliases.append((head, alias))


def identity_name(identity: str) -> str:
    """A Wikipedia-style identity as a name: ``Masjid_al%2DHaram`` -> "Masjid al-Haram"."""
    return " ".join(unquote(identity).replace("_", " ").split()) or identity


def _is_pronoun(text: str) -> bool:
    return " ".join(text.lower().split()) in PRONOUNS


def _looks_like_a_name(text: str) -> bool:
    """A proper name rather than "the crane" or "he": worth keeping as an alias."""
    words = text.split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    alphabetic = [w for w in words if w[:1].isalpha()]
    capitalised = sum(w[:1].isupper() for w in alphabetic)
    return (0 < len(words) <= 6 and words[0][:1].isupper() and not _is_pronoun(text)
            and 2 * capitalised >= len(alphabetic) and bool(normalise(text)))


def _links(doc, roles, rules, plan) -> dict[str, list[PlannedClaim]]:
    """Attribution events and relations; returns the claims each linked ID belongs to.

    Tools with binary relations only (Label Studio, doccano) link a source and
    a cue to a claim with two relations, or the source to the cue and the cue
    to the claim; such relations are joined into one attribution per claim.
    """
    part_of: dict[str, list[PlannedClaim]] = {}
    source_of_cue: dict[str, str] = {}
    for link in doc.links.values():
        ends = [t for _, t in link.args]
        if (link.trigger is None and rules.is_attribution(link.type)
                and sorted(roles.get(t, "") for t in ends) == ["cue", "source"]):
            cue, source = sorted(ends, key=lambda t: roles[t])
            source_of_cue[cue] = source
            part_of.setdefault(cue, [])
    for link in doc.links.values():
        kind = "event" if link.id.startswith("E") else "relation"
        if not rules.is_attribution(link.type):
            if not rules.is_equivalence(link.type) and not rules.is_ignored(link.type):
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
        if not parts["source"] and parts["cue"] and parts["cue"][0] in source_of_cue:
            parts["source"].append(source_of_cue[parts["cue"][0]])
        if not parts["claim"]:
            if parts["cue"] and parts["cue"][0] not in source_of_cue:
                plan.ignored["attributions without content"] += 1
            continue
        if len(parts["source"]) > 1 or len(parts["cue"]) > 1:
            plan.ignored["extra sources or cues in one attribution"] += 1
        source = doc.textbounds[parts["source"][0]] if parts["source"] else None
        cue = doc.textbounds[parts["cue"][0]] if parts["cue"] else None
        claims = [plan.claims[c] for c in parts["claim"]]
        for claim in claims:
            claim.attributions.append(PlannedAttribution(link.type, source, cue,
                                                         binary=link.trigger is None))
        for member in [link.id, link.trigger, *parts["source"], *parts["cue"]]:
            if member:
                part_of.setdefault(member, []).extend(claims)
    for claim in plan.claims.values():
        _join_binary(claim)
    return part_of


def _join_binary(claim: PlannedClaim) -> None:
    """A claim's source relation and cue relation as one attribution, when they are one each."""
    binary = [a for a in claim.attributions if a.binary]
    sources = {a.source.id: a.source for a in binary if a.source}
    cues = {a.cue.id: a.cue for a in binary if a.cue}
    if len(binary) > 1 and len(sources) <= 1 and len(cues) <= 1:
        joined = PlannedAttribution(binary[0].link_type, next(iter(sources.values()), None),
                                    next(iter(cues.values()), None), binary=True)
        claim.attributions = [a for a in claim.attributions if not a.binary] + [joined]


def _pieces(tb: TextBound, mapper, start: int, end: int) -> tuple[tuple[int, int], ...] | None:
    """The fragments of a discontinuous span on the stored text, or None (one piece, or
    pieces that overlap or run together once moved, which the extent then stands for)."""
    if not tb.discontinuous:
        return None
    pairs = sorted(tb.fragments) if mapper is None else sorted(
        (mapper(s, False), mapper(e, True)) for s, e in tb.fragments)
    ok = pairs[0][0] == start and pairs[-1][1] == end and all(
        s1 < e1 < s2 < e2 for (s1, e1), (s2, e2) in zip(pairs, pairs[1:]))
    return tuple(pairs) if ok else None

