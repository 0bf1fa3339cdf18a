"""A project as annotated documents: each article with each coder's spans and links.

The shared step of the annotation-tool exports (brat, doccano, Label Studio,
XMI). It is the import's mapping run backwards: every span gets a label a
tool can show, and :func:`mapping_toml` writes the mapping file that reads
those labels back (``annotator import DB OUT --mapping OUT/mapping.toml``).

Labels:

- an entity mention: its type, with ``/`` made ``-`` (``GPE/LOC`` -> ``GPE-LOC``),
  since brat type names allow only letters, digits, ``-`` and ``_``;
- a claim: ``Content``; a cue: ``Cue``; a source span: ``Source-<TYPE>`` (the
  source entity's type) or ``Source`` (an anonymous description), PolNeAR's names;
- an attribution: a link ``Attribution-<kind>`` (or ``Attribution``) joining
  its claim, cue and source; one without a cue is a relation ``AttributedTo-<kind>``
  from the claim to the source;
- mentions of one entity in a document: an ``Equiv`` group.

A source span that is also a mention of the same entity by the same coder is
one span (the ``Source-<TYPE>`` one), as PolNeAR codes it; the import makes it
the mention and the source again. Streams are joined by article id, so one
article is in memory at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from annotator.model import parse_fragments

CLAIM, CUE, SOURCE, EQUIV, ATTRIBUTION = "Content", "Cue", "Source", "Equiv", "Attribution"
#: an attribution without a cue, as a two-ended relation (claim, source): brat events need a
#: trigger, which is the cue, and doccano and Label Studio have only relations
ATTRIBUTED = "AttributedTo"
CLAIM_CODES = ("category", "position", "certainty", "note")


def type_label(entity_type: str | None) -> str:
    """An entity type as a label every tool accepts."""
    text = (entity_type or "OTHER").replace("/", "-")
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


def source_label(entity_type: str | None, anonymous: bool) -> str:
    return SOURCE if anonymous else f"{SOURCE}-{type_label(entity_type)}"


def link_label(kind: str | None, relation: bool = False) -> str:
    base = ATTRIBUTED if relation else ATTRIBUTION
    return f"{base}-{type_label(kind)}" if kind else base


@dataclass
class Span:
    key: str  # T1, T2 ... unique in its document
    label: str
    start: int
    end: int
    text: str
    entity: str | None = None  # the entity's canonical name, for identity and tools' notes
    #: a claim's codes (category, position, certainty, note), for formats that hold them
    codes: dict[str, Any] = field(default_factory=dict)
    #: the pieces of a discontinuous span, for formats that hold them (brat); else None
    fragments: tuple[tuple[int, int], ...] | None = None


@dataclass
class Link:
    key: str
    kind: str | None
    claim: Span
    source: Span | None
    cue: Span | None

    @property
    def label(self) -> str:
        return link_label(self.kind, relation=self.cue is None)


@dataclass
class CoderDocument:
    coder: str
    status: str | None
    spans: list[Span] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    #: spans naming one entity, two or more each (coreference inside the document)
    groups: list[list[Span]] = field(default_factory=list)


@dataclass
class ArticleDocument:
    article: dict[str, Any]
    coders: list[CoderDocument]

    @property
    def body(self) -> str:
        return self.article["body"]


def _grouped(rows: Iterator[dict[str, Any]]) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    for key, group in groupby(rows, key=lambda r: r["article_id"]):
        yield key, list(group)


class _Cursor:
    """One article-sorted stream, advanced to each article in turn."""

    def __init__(self, rows: Iterator[dict[str, Any]]) -> None:
        self._groups = _grouped(rows)
        self._pending = next(self._groups, None)

    def take(self, article_id: int) -> list[dict[str, Any]]:
        while self._pending is not None and self._pending[0] < article_id:
            self._pending = next(self._groups, None)
        if self._pending is not None and self._pending[0] == article_id:
            rows = self._pending[1]
            self._pending = next(self._groups, None)
            return rows
        return []


def article_rows(store) -> Iterator[tuple[dict[str, Any], dict[str, dict[str, list]]]]:
    """Each article with its rows per coder: ``{coder: {"mentions": [...], "claims": ...}}``.

    A coder is anyone with an annotation or a status on the article; rows with
    no coder are under ``""``.
    """
    streams = {name: _Cursor(store.export_rows(name))
               for name in ("mentions", "claims", "attributions", "article_status")}
    for article in store.export_rows("articles"):
        rows = {name: cursor.take(article["article_id"]) for name, cursor in streams.items()}
        coders = sorted({r["coder"] or "" for table in rows.values() for r in table})
        yield article, {coder: {name: [r for r in table if (r["coder"] or "") == coder]
                                for name, table in rows.items()} for coder in coders}


def article_documents(store, *, uncoded: bool = False) -> Iterator[ArticleDocument]:
    """Every article someone coded, with each coder's document; with ``uncoded``, also
    the articles nobody coded (no documents), for tools that hold a bare text."""
    for article, by_coder in article_rows(store):
        if by_coder or uncoded:
            yield ArticleDocument(article, [_coder_document(coder, own)
                                            for coder, own in by_coder.items()])


def _coder_document(coder: str, own: dict[str, list[dict[str, Any]]]) -> CoderDocument:
    status = next((r["status"] for r in own["article_status"]), None)
    doc = CoderDocument(coder, status)
    number = 0

    def span(label: str, start: int, end: int, text: str, entity: str | None = None,
             fragments: Any = None) -> Span:
        nonlocal number
        number += 1
        made = Span(f"T{number}", label, start, end, text, entity,
                    fragments=parse_fragments(fragments))
        doc.spans.append(made)
        return made

    mentions = {}
    for m in own["mentions"]:
        mentions[(m["start"], m["end"], m["entity_id"])] = m
    sources: dict[tuple[int, int, int | None], Span] = {}
    by_entity: dict[int, list[Span]] = {}
    where_of = {id(a): _source_where(a, own["mentions"]) for a in own["attributions"]}
    # sources first, so a mention at a source's span is that span
    for a in own["attributions"]:
        key = where_of[id(a)]
        if key is None or key in sources:
            continue
        anonymous = a["source_entity_id"] is None
        text = a["source_text"] if a["source_start"] is not None else mentions[key]["text"]
        pieces = a["source_fragments"] if a["source_start"] is not None else \
            mentions[key]["fragments"]
        sources[key] = span(source_label(a["source_type"], anonymous), key[0], key[1],
                            text or "", a["source_name"], pieces)
        if not anonymous:
            by_entity.setdefault(a["source_entity_id"], []).append(sources[key])
    for key, m in mentions.items():
        if key in sources:
            continue
        made = span(type_label(m["entity_type"]), m["start"], m["end"], m["text"],
                    m["entity_name"], m["fragments"])
        by_entity.setdefault(m["entity_id"], []).append(made)
    claims = {}
    for c in own["claims"]:
        claims[c["claim_id"]] = span(CLAIM, c["start"], c["end"], c["text"],
                                     fragments=c["fragments"])
        claims[c["claim_id"]].codes = {k: c[k] for k in CLAIM_CODES}
    cues: dict[tuple[int, int], Span] = {}
    for a in own["attributions"]:
        claim = claims.get(a["claim_id"])
        if claim is None:
            continue  # another coder's claim: not this document's
        cue = None
        if a["cue_start"] is not None and a["cue_end"] is not None:
            where = (a["cue_start"], a["cue_end"])
            cue = cues.get(where) or cues.setdefault(
                where, span(CUE, *where, a["cue_text"] or "", fragments=a["cue_fragments"]))
        where = where_of[id(a)]
        source = sources.get(where) if where is not None else None
        doc.links.append(Link(f"{'R' if cue is None else 'E'}{len(doc.links) + 1}",
                              a["kind"], claim, source, cue))
    doc.groups = [group for group in by_entity.values() if len(group) > 1]
    return doc


def _source_where(att: dict[str, Any], mentions: list[dict[str, Any]]
                  ) -> tuple[int, int, int | None] | None:
    """Where an attribution's source is in the text: its own span, else (a source coded as
    an entity only) the coder's mention of that entity nearest the cue, else nowhere."""
    if att["source_start"] is not None and att["source_end"] is not None:
        return att["source_start"], att["source_end"], att["source_entity_id"]
    if att["source_entity_id"] is None:
        return None
    anchor = att["cue_start"] if att["cue_start"] is not None else 0
    own = [m for m in mentions if m["entity_id"] == att["source_entity_id"]]
    if not own:
        return None
    nearest = min(own, key=lambda m: (abs(m["start"] - anchor), m["start"]))
    return nearest["start"], nearest["end"], nearest["entity_id"]


def labels_used(codebook) -> dict[str, Any]:
    """The mapping that reads every label this module writes back into ``codebook``'s terms."""
    types = [c.key for c in codebook.entity_types]
    kinds = [c.key for c in codebook.attribution_kinds]
    return {
        "entities": {type_label(t): t for t in types},
        "sources": {SOURCE: "OTHER", **{source_label(t, False): t for t in types}},
        "cues": [CUE],
        "claims": [CLAIM],
        "attributions": [ATTRIBUTION, ATTRIBUTED, *(link_label(k) for k in kinds),
                         *(link_label(k, True) for k in kinds)],
        "equivalences": [EQUIV],
        "kinds": {**{link_label(k): k for k in kinds},
                  **{link_label(k, True): k for k in kinds}},
        "infer_kind": False,
        "claimant_from_source": False,
    }


def mapping_toml(codebook) -> str:
    """``mapping.toml``: this export's labels, for ``annotator import --mapping``."""
    used = labels_used(codebook)
    lines = ["# Written by `annotator export`: the labels of this export in the project's",
             "# codebook. Read the export back with:",
             "#   annotator import PROJECT.db THIS_FOLDER --mapping THIS_FOLDER/mapping.toml",
             f"infer_kind = {json.dumps(used['infer_kind'])}",
             f"claimant_from_source = {json.dumps(used['claimant_from_source'])}"]
    for key in ("cues", "claims", "attributions", "equivalences"):
        lines.append(f"{key} = [{', '.join(json.dumps(v) for v in used[key])}]")
    for key in ("entities", "sources", "kinds"):
        lines.append(f"\n[{key}]")
        lines.extend(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in used[key].items())
    return "\n".join(lines) + "\n"


#: how every document file name of an export starts (file_stem), so that a new export
#: replaces the old one's documents and never touches the coder's own files beside them
STEM_PATTERN = "[0-9][0-9][0-9][0-9][0-9][0-9]*"


def file_stem(article: dict[str, Any]) -> str:
    """``000042-army-retakes-bridge``: sortable and readable, with no ``_`` (brat splits there)."""
    words = "".join(c.lower() if c.isalnum() else "-" for c in (article.get("title") or ""))
    slug = "-".join(w for w in words.split("-") if w)[:40].rstrip("-")
    return f"{article['article_id']:06d}" + (f"-{slug}" if slug else "")


def coder_slug(coder: str) -> str:
    """A coder's name as a file-name part without ``_`` or ``.`` (brat and doccano split there)."""
    slug = "".join(c if c.isalnum() or c == "-" else "-" for c in coder).strip("-")
    return slug or "coder"


def binary_links(doc: CoderDocument) -> list[tuple[Span, Span, str]]:
    """``(from, to, type)``: each attribution and identity as two-ended relations.

    For tools with binary relations only (doccano, Label Studio): an
    attribution with a cue is source -> cue and cue -> claim (the importer
    joins them into one at the cue); without a cue, claim -> source. Mentions
    of one entity are chained with ``Equiv``.
    """
    relations = []
    for link in doc.links:
        if link.cue is not None:
            if link.source is not None:
                relations.append((link.source, link.cue, link.label))
            relations.append((link.cue, link.claim, link.label))
        elif link.source is not None:
            relations.append((link.claim, link.source, link.label))
    for group in doc.groups:
        relations.extend((a, b, EQUIV) for a, b in zip(group, group[1:]))
    return relations
