"""Plain, frozen value objects shared by the store, the readers, the exporters and the GUI.

They carry no behaviour that touches the database or Qt, so every layer can pass
them around without importing the others. Offsets are Python ``str`` indices
(code points) into ``Article.body``, half-open ``[start, end)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, ClassVar, TypeVar

T = TypeVar("T")

STATUSES = ("todo", "in_progress", "done", "skipped")

_WHITESPACE = re.compile(r"\s+")


def normalise_body(body: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends.

    Two scrapes of one article often differ only in line breaks and indentation;
    the content hash is taken over this form so they count as duplicates.
    """
    return _WHITESPACE.sub(" ", body).strip()


def content_hash(body: str, chunk: int = 1 << 20) -> str:
    """SHA-1 of the whitespace-normalised body: the identity of an article.

    The digest is that of ``normalise_body(body).encode("utf-8")``, but a long
    body is hashed ``chunk`` characters at a time, so a 200 MB article costs no
    normalised copy and no UTF-8 copy of itself (they were most of an import's
    peak memory). ``str.split`` and the ``\\s`` of :func:`normalise_body` agree
    on what whitespace is.
    """
    import hashlib  # not at start-up: OpenSSL's load is ~5 ms of the first paint (digest.py)

    if len(body) <= chunk:
        return hashlib.sha1(normalise_body(body).encode("utf-8")).hexdigest()
    digest = hashlib.sha1()
    wrote = gap = False
    for start in range(0, len(body), chunk):
        piece = body[start:start + chunk]
        words = piece.split()
        if not words:
            gap = True
            continue
        if wrote and (gap or piece[0].isspace()):
            digest.update(b" ")
        digest.update(" ".join(words).encode("utf-8"))
        wrote, gap = True, piece[-1].isspace()
    return digest.hexdigest()


#: The pieces of a discontinuous span, in order and apart: ``((3742, 4033), (4188, 4420))``.
Fragments = tuple[tuple[int, int], ...]


def parse_fragments(value: Any) -> Fragments | None:
    """Fragments from the store's JSON text (or a list of pairs); None for one piece."""
    if value is None:
        return None
    if isinstance(value, str):
        value = json.loads(value)
    pairs = tuple((int(s), int(e)) for s, e in value)
    return pairs if len(pairs) > 1 else None


def fragments_json(fragments: Any, start: int, end: int) -> str | None:
    """The column value of ``fragments`` for a span ``[start, end)``, checked.

    Raises ValueError unless the pieces are in order, apart, not empty, and run
    from ``start`` to ``end``; one piece (or none) is stored as NULL.
    """
    pairs = parse_fragments(fragments)
    if pairs is None:
        return None
    if pairs[0][0] != start or pairs[-1][1] != end:
        raise ValueError(f"fragments {pairs} do not run from {start} to {end}")
    for (s1, e1), (s2, e2) in zip(pairs, pairs[1:]):
        if not (s1 < e1 < s2 < e2):
            raise ValueError(f"fragments {pairs} overlap, touch or are out of order")
    return json.dumps([list(p) for p in pairs])


@dataclass(frozen=True)
class Span:
    """A half-open range of code points in an article body."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def text_in(self, body: str) -> str:
        return body[self.start : self.end]


@dataclass(frozen=True)
class ArticleDraft:
    """An article as a reader produced it, before the store gives it an id."""

    title: str
    body: str
    published: str | None = None
    published_raw: str | None = None
    outlet: str | None = None
    url: str | None = None
    source_file: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def content_hash(self) -> str:
        """Computed once per draft: hashing a long body costs more than storing it."""
        return content_hash(self.body)


@dataclass(frozen=True)
class Article:
    """A stored article. The body never changes after import."""

    id: int
    content_hash: str
    title: str
    body: str
    published: str | None
    published_raw: str | None
    outlet: str | None
    url: str | None
    source_file: str | None
    extra: dict[str, Any]
    imported_at: str


@dataclass(frozen=True)
class Entity:
    """A real-world actor or place, shared by every article of the corpus."""

    id: int
    name: str
    type: str
    note: str | None = None
    merged_into: int | None = None


@dataclass(frozen=True)
class Mention:
    """A span of an article that names an entity."""

    id: int
    article_id: int
    entity_id: int
    start: int
    end: int
    text: str
    coder_id: int | None = None
    #: The pieces of a discontinuous span, ``((start, end), ...)``; None for one piece.
    fragments: Fragments | None = None
    #: 1 when the coder accepted it from a suggestion (``annotator.assist``).
    suggested: int = 0
    #: The project's codebook version when the mention was made (``Store.codebook_version``).
    codebook_version: int | None = None
    FRAGMENT_FIELDS: ClassVar[tuple[str, ...]] = ("fragments",)

    def __post_init__(self) -> None:
        _parse_fragment_fields(self)


@dataclass(frozen=True)
class Claim:
    """A proposition the article reports, with who makes it and about whom."""

    id: int
    article_id: int
    start: int
    end: int
    text: str
    claimant_entity_id: int | None = None
    addressee_entity_id: int | None = None
    category: str | None = None
    position: int | None = None
    certainty: str | None = None
    note: str | None = None
    coder_id: int | None = None
    fragments: Fragments | None = None
    codebook_version: int | None = None
    FRAGMENT_FIELDS: ClassVar[tuple[str, ...]] = ("fragments",)

    def __post_init__(self) -> None:
        _parse_fragment_fields(self)


@dataclass(frozen=True)
class Attribution:
    """Who a claim is attributed to, through which cue; may nest in a parent.

    "ARA News reported that the General Command said ..." is two attributions
    of one claim: the General Command's, whose parent is ARA News's.
    """

    id: int
    article_id: int
    claim_id: int
    source_entity_id: int | None = None
    source_text: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    cue_text: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    kind: str | None = None
    parent_attribution_id: int | None = None
    coder_id: int | None = None
    source_fragments: Fragments | None = None
    cue_fragments: Fragments | None = None
    codebook_version: int | None = None
    FRAGMENT_FIELDS: ClassVar[tuple[str, ...]] = ("source_fragments", "cue_fragments")

    def __post_init__(self) -> None:
        _parse_fragment_fields(self)


def _parse_fragment_fields(span) -> None:
    """A span's fragments from their stored JSON (all its ``__post_init__`` does)."""
    for name in span.FRAGMENT_FIELDS:
        object.__setattr__(span, name, parse_fragments(getattr(span, name)))


def from_stored_rows(cls: type[T], rows: Iterable[tuple]) -> list[T]:
    """Mentions, claims or attributions (``cls``) from stored rows whose columns are the
    class's fields in order: what the constructor makes, for a third of its time.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``;
    opening an article with 5,000 annotations spent as long on that as on the query.
    Here each instance's ``__dict__`` is filled at once and only fragments (the
    one thing ``__post_init__`` does) are parsed, where a row has any.
    """
    names = [f.name for f in fields(cls)]
    spots = [(names.index(name), name) for name in cls.FRAGMENT_FIELDS]
    new, out = object.__new__, []
    for row in rows:
        obj = new(cls)
        obj.__dict__.update(zip(names, row))
        for i, name in spots:
            if row[i] is not None:
                obj.__dict__[name] = parse_fragments(row[i])
        out.append(obj)
    return out


@dataclass(frozen=True)
class Change:
    """What one store method changed: broadcast once so each view can refresh.

    ``before`` and ``after`` are the rows as dicts (None when the row did not
    exist), which is also what an undo command needs to put things back.
    ``related`` holds ``(table, row)`` pairs that went with the change: the
    entity created for a new mention, or the attributions deleted with a claim.
    """

    table: str
    action: str
    row_id: int | None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    article_id: int | None = None
    related: tuple[tuple[str, dict[str, Any]], ...] = ()
