"""brat standoff ``.ann`` files read into plain records, without touching a project.

Each line of an ``.ann`` file is one annotation, tab-separated, its kind told
by the first letter of its ID (see https://brat.nlplab.org/standoff.html):

- ``T1<TAB>Type 10 15;20 25<TAB>covered text``: a text span, perhaps in
  fragments (a discontinuous span); brat writes the covered text of the
  fragments joined by one space;
- ``E1<TAB>Type:T4 Role:T3 Role2:T5``: an event (trigger, then arguments; a
  trailing space and no arguments happen);
- ``R1<TAB>Type Arg1:T1 Arg2:T2``: a binary relation (often a trailing tab);
- ``*<TAB>Alias T3 T4 T5``: an equivalence group, with no ID of its own;
- ``#1<TAB>AnnotatorNotes T1<TAB>text``: a free-text note on an annotation;
- ``A``, ``M`` (attributes) and ``N`` (normalisations) lines, kept as counts.

brat writes a covered text that contains a line break as it is, so the next
physical line starts with text instead of an ID; such lines are joined back to
the record they continue (with the line break), which is what makes the
covered text match the offsets again.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

_RECORD = re.compile(r"^(?:[TREAMN#][^\t ]*|\*)\t")


@dataclass(frozen=True)
class TextBound:
    """A ``T`` line: a typed span, perhaps in several fragments."""

    id: str
    type: str
    fragments: tuple[tuple[int, int], ...]
    text: str
    line: int
    #: A corpus-wide identity the tool gives the span (GUM's Wikipedia name), if any.
    identity: str | None = None

    @property
    def start(self) -> int:
        return min(s for s, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(e for _, e in self.fragments)

    @property
    def discontinuous(self) -> bool:
        return len(self.fragments) > 1

    def covered_in(self, body: str) -> str:
        """What brat shows as the covered text: the fragments joined by one space."""
        return " ".join(body[s:e] for s, e in self.fragments)


def text_bound(ident: str, label: str, start: int, end: int, text: str = "",
               line: int = 0, identity: str | None = None) -> TextBound:
    """A one-fragment span, as the readers of other tools' formats make them."""
    return TextBound(ident, label, ((start, end),), text, line, identity)


def relation(ident: str, label: str, source: str, target: str, line: int = 0) -> Link:
    """A binary relation between two span IDs, like brat's ``R`` lines."""
    return Link(ident, label, None, (("Arg1", source), ("Arg2", target)), line)


@dataclass(frozen=True)
class Link:
    """An ``E`` (event, with a trigger) or ``R`` (relation) line: typed links between IDs."""

    id: str
    type: str
    trigger: str | None
    args: tuple[tuple[str, str], ...]
    line: int


@dataclass(frozen=True)
class Note:
    id: str
    type: str
    target: str
    text: str
    line: int


@dataclass(frozen=True)
class Equivalence:
    type: str
    members: tuple[str, ...]
    line: int


@dataclass
class AnnDocument:
    """Everything one ``.ann`` file says; ``problems`` are (line, reason) of unusable lines."""

    textbounds: dict[str, TextBound] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    equivalences: list[Equivalence] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[int, str]] = field(default_factory=list)
    joined_lines: int = 0
    #: Whether a mention's entity is found by its name across the corpus (as when a
    #: coder types it). False: only a shared ``identity`` joins documents, and
    #: every chain of coreference is an entity of its own (WebAnno TSV).
    join_by_name: bool = True
    #: A span whose ``text`` differs from the text at its offsets is used with a
    #: warning (``"use"``, brat's own covered text may differ in white space) or
    #: left out with one (``"skip"``: the tool showed the coder another text).
    on_mismatch: str = "use"


def _records(text: str) -> list[tuple[int, str, int]]:
    """(first line number, record text, number of lines joined in) for each record."""
    records: list[list] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            if records:
                records[-1][1] += "\n"  # a blank line inside a covered text, or a stray one
        elif _RECORD.match(line) or not records:
            records.append([number, line, 0])
        else:
            records[-1][1] += "\n" + line
            records[-1][2] += 1
    return [(n, r.rstrip("\n") if not r.startswith("T") else r, j) for n, r, j in records]


def parse_ann(text: str) -> AnnDocument:
    """Read an ``.ann`` file's text; bad lines become ``problems``, never exceptions."""
    doc = AnnDocument()
    for number, record, joined in _records(text):
        fields = record.split("\t")
        ident = fields[0]
        try:
            if ident in doc.textbounds or ident in doc.links:
                first = (doc.textbounds.get(ident) or doc.links[ident]).line
                doc.problems.append((number, f"{ident} is used again (first on line {first}); "
                                     "the first is kept, this one skipped"))
            elif ident.startswith("T"):
                doc.textbounds[ident] = _textbound(ident, fields, number)
                doc.joined_lines += joined
            elif ident.startswith(("E", "R")):
                doc.links[ident] = _link(ident, fields, number)
            elif ident.startswith("#"):
                kind, target = fields[1].split()[:2]
                note_text = "\t".join(fields[2:]).strip()
                doc.notes.append(Note(ident, kind, target, note_text, number))
            elif ident == "*":
                kind, *members = fields[1].split()
                doc.equivalences.append(Equivalence(kind, tuple(members), number))
            elif ident[:1] in "AMN":
                doc.skipped[f"{ident[0]} lines"] += 1
            else:
                doc.problems.append((number, f"not a brat annotation line: {record[:40]!r}"))
            if joined and not ident.startswith(("T", "#")):
                doc.problems.append((number, "text after this line that is not an annotation"))
        except _Unusable as exc:
            doc.problems.append((number, str(exc)))
        except (ValueError, IndexError):
            doc.problems.append((number, f"cannot read {record.splitlines()[0][:60]!r}"))
    return doc


class _Unusable(ValueError):
    """A line that parses but cannot be used; the message says why, for the warning."""


def _textbound(ident: str, fields: list[str], number: int) -> TextBound:
    kind, _, offsets = fields[1].partition(" ")
    fragments = []
    for part in offsets.split(";"):
        start, end = (int(x) for x in part.split())
        if start < 0 or end < start:
            raise _Unusable(f"{ident}: offsets {start} {end} are negative or reversed; skipped")
        fragments.append((start, end))
    if not kind or not fragments:
        raise ValueError(fields[1])
    text = "\t".join(fields[2:]).rstrip("\n") if len(fields) > 2 else ""
    return TextBound(ident, kind, tuple(fragments), text, number)


def _link(ident: str, fields: list[str], number: int) -> Link:
    parts = fields[1].split()
    if ident.startswith("E"):
        kind, _, trigger = parts[0].partition(":")
        args = parts[1:]
    else:
        kind, trigger, args = parts[0], "", parts[1:]
    pairs = tuple(tuple(a.split(":", 1)) for a in args)
    if not kind or any(len(p) != 2 for p in pairs):
        raise ValueError(fields[1])
    return Link(ident, kind, trigger or None, pairs, number)
