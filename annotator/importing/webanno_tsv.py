"""WebAnno / INCEpTION TSV 3.x: a tokenised text with span and relation layers in columns.

No maintained reader is on PyPI (``web-anno-tsv`` 0.0.1 of 2020 reads one label
column and no relations; ``webanno2spacy`` needs spaCy, a language model and
the original text), so this is a reader of the format as INCEpTION documents
it (TSV 3.2 and 3.3):

- a header ``#FORMAT=WebAnno TSV 3.x``, then one ``#T_SP=layer|feature|...``
  (span), ``#T_CH=`` (chain) or ``#T_RL=layer|feature|BT_base`` (relation)
  line per layer, which together name the columns after the first three;
  other header lines (GUM's ``#Summary1=`` ...) are kept in ``extra``;
- one block per sentence: ``#Text=`` lines, then one line per token,
  ``sentence-token  start-end  token  column...``; offsets count UTF-16 units
  (Java's), converted here to code points;
- a value that spans several tokens, or is stacked with others on one token
  (``event[3]|place[4]``), carries an ID in brackets; a relation's base column
  (``4-16[26_1]``) names the token and ID of the span it points at, then the ID
  of its own span here (0: the only span on that token);
- ``_`` is an empty cell, ``*`` an annotation without a value; ``\\``
  escapes reserved characters. A ``_`` inside a value (GUM's
  ``Project_Chanology``, unescaped against the spec) is part of the value.

The text is rebuilt from the ``#Text=`` lines at their offsets, sentences
joined by line breaks. Each span annotation becomes a span labelled with its
layer's ``entity``/``value`` feature (else its first feature with a value);
an ``identity``/``identifier`` feature is the span's corpus-wide identity.
Relations keep their ``type`` feature as label, so the mapping decides which
are coreference (one entity) and which are not (GUM's ``bridge``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from annotator.importing.annotated import AnnotatedDraft, title_of
from annotator.importing.brat_standoff import AnnDocument, relation, text_bound
from annotator.importing.errors import ReadError, ReadWarning
from annotator.model import ArticleDraft
from annotator.spans import Utf16Map

FORMAT_LINE = re.compile(r"#FORMAT=WebAnno TSV (\d+)(?:\.(\d+))?")
LABEL_FEATURES = ("entity", "value", "label", "type")
IDENTITY_FEATURES = ("identity", "identifier")
_UNESCAPED_BAR = re.compile(r"(?<!\\)\|")
_ID = re.compile(r"^(.*?)\[(\d+)\]$", re.S)
_TARGET = re.compile(r"^(\d+-\d+(?:\.\d+)?)(?:\[(\d+)_(\d+)\])?$")
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r"}


def is_webanno_tsv(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("#FORMAT=WebAnno TSV")


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), value)


@dataclass
class Layer:
    kind: str  # SP, CH or RL
    name: str
    features: list[str]

    @property
    def columns(self) -> int:
        return max(1, len(self.features))

    @property
    def short(self) -> str:
        return self.name.rsplit(".", 1)[-1]


@dataclass
class _Annotation:
    layer: Layer
    values: dict[str, str] = field(default_factory=dict)
    tokens: list[tuple[int, int]] = field(default_factory=list)
    line: int = 0


def read_webanno_tsv(text: str, source_file: str | None
                     ) -> Iterator[AnnotatedDraft | ReadWarning]:
    """The document of one TSV file, after warnings about lines that could not be used."""
    lines = text.lstrip("\ufeff").split("\n")
    version = FORMAT_LINE.match(lines[0].strip()) if lines else None
    if version is None or version.group(1) != "3":
        found = lines[0].strip()[:40] if lines else ""
        raise ReadError(f"WebAnno TSV: {found!r} is not version 3.x; only TSV 3 (WebAnno 3, "
                        "INCEpTION) is read: export the document again as \"WebAnno TSV 3\"", 1)
    layers, header, body_start = _header(lines)
    sentences: list[tuple[int, list[str]]] = []  # (line, text lines)
    tokens: list[tuple[int, str, int, int, str, list[str]]] = []
    problems: list[tuple[int, str]] = []
    width = 3 + sum(layer.columns for layer in layers)
    for number, raw in enumerate(lines[body_start:], start=body_start + 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if line.startswith("#Text="):
            if sentences and not tokens_since(tokens, sentences[-1][0]):
                sentences[-1][1].append(unescape(line[6:]))  # a sentence over several lines
            else:
                sentences.append((number, [unescape(line[6:])]))
            continue
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells and cells[-1] == "" and len(cells) == width + 1:
            cells = cells[:-1]  # the trailing tab every token line has
        try:
            start, end = (int(x) for x in cells[1].split("-"))
        except (IndexError, ValueError):
            problems.append((number, f"not a token line: {line[:50]!r}; skipped"))
            continue
        if len(cells) < width:
            problems.append((number, f"{len(cells)} columns where the header names {width}"))
            cells += ["_"] * (width - len(cells))  # counted before the padding
        tokens.append((number, cells[0], start, end, unescape(cells[2]), cells[3:]))
    if not tokens:
        raise ReadError("WebAnno TSV without tokens")
    body, problem = _body(sentences, tokens)
    if problem:
        problems.append(problem)
    units = Utf16Map(body)
    doc = AnnDocument(join_by_name=False, on_mismatch="use")
    _annotate(doc, layers, tokens, units, body, problems)
    for line, reason in problems:
        yield ReadWarning(f"WebAnno TSV: {reason}", line)
    extra: dict = {"webanno_tsv": {"version": f"3.{version.group(2) or 0}"}}
    if header:
        extra["webanno_tsv"]["header"] = header
    draft = ArticleDraft(title_of(body, "WebAnno TSV document"), body,
                         source_file=source_file, extra=extra)
    yield AnnotatedDraft(draft, doc, "webanno-tsv", line=1)


def tokens_since(tokens: list, line: int) -> bool:
    return bool(tokens) and tokens[-1][0] > line


def _header(lines: list[str]) -> tuple[list[Layer], dict[str, str], int]:
    layers: list[Layer] = []
    header: dict[str, str] = {}
    number = 1
    for number, line in enumerate(lines[1:], start=2):
        line = line.strip()
        if line.startswith("#Text=") or (line and not line.startswith("#")):
            return layers, header, number - 1
        if line.startswith(("#T_SP=", "#T_CH=", "#T_RL=")):
            name, *features = line[6:].split("|")
            layers.append(Layer(line[3:5], name, features))
        elif line.startswith("#") and "=" in line:
            key, _, value = line[1:].partition("=")
            header[key] = value
    return layers, header, number


def _body(sentences, tokens) -> tuple[str, tuple[int, str] | None]:
    """The text rebuilt from the sentences at their offsets (UTF-16), joined by line breaks.

    Without ``#Text=`` lines (or when they do not fit the offsets) the tokens
    themselves are placed at their offsets, spaces between them.
    """
    starts: dict[int, int] = {}
    lines = [line for line, _ in sentences]
    for line, _, start, _, _, _ in tokens:  # a sentence starts where its first token does
        at = bisect_left(lines, line) - 1
        if at >= 0:
            starts.setdefault(lines[at], start)
    pieces, units = [], 0
    for sentence_line, text_lines in sentences:
        start = starts.get(sentence_line)
        if start is None:
            continue
        text = "\n".join(text_lines)
        if start < units:
            break
        pieces.append("\n" * (start - units) + text)
        units = start + len(text.encode("utf-16-le", "surrogatepass")) // 2
    else:
        body = "".join(pieces)
        map16 = Utf16Map(body)
        if all(body[map16.from_utf16(s):map16.from_utf16(e)] == tok
               for _, _, s, e, tok, _ in tokens):
            return body, None
    pieces, units = [], 0
    for _, _, start, _end, token, _ in tokens:
        if start < units:
            continue
        pieces.append(" " * (start - units) + token)
        units = start + len(token.encode("utf-16-le", "surrogatepass")) // 2
    return "".join(pieces), (sentences[0][0] if sentences else 1,
                             "the #Text lines do not fit the token offsets; the text is "
                             "rebuilt from the tokens")


def _split(cell: str) -> list[tuple[str, str | None]]:
    """``event[3]|place[4]`` -> [("event", "3"), ("place", "4")]; ``_`` -> []."""
    if cell in ("_", ""):
        return []
    values = []
    for part in _UNESCAPED_BAR.split(cell):
        found = _ID.match(part)
        values.append((found.group(1), found.group(2)) if found else (part, None))
    return values


def _annotate(doc: AnnDocument, layers: list[Layer], tokens, units: Utf16Map, body: str,
              problems: list[tuple[int, str]]) -> None:
    spans: dict[tuple, _Annotation] = {}
    relations: list[tuple[int, str, tuple, tuple]] = []
    for line, token_id, start, end, _, cells in tokens:
        column = 0
        for layer in layers:
            own = cells[column:column + layer.columns]
            column += layer.columns
            if layer.kind == "SP":
                _span_cells(layer, own, token_id, (start, end), line, spans)
            elif layer.kind == "RL":
                relations.extend(_relation_cells(layer, own, token_id, line, problems))
            elif any(c != "_" for c in own):
                doc.skipped[f"WebAnno TSV chain layer {layer.short}"] += 1
    ids: dict[tuple, str] = {}
    for key, annotation in spans.items():
        s16 = min(s for s, _ in annotation.tokens)
        e16 = max(e for _, e in annotation.tokens)
        start, end = units.span_from_utf16(s16, e16)
        label = _label(annotation)
        tid = f"T{len(ids) + 1}"
        ids[key] = tid
        identity = next((unescape(annotation.values[f]) for f in IDENTITY_FEATURES
                         if annotation.values.get(f, "*") != "*"), None)
        doc.textbounds[tid] = text_bound(tid, label, start, end, body[start:end],
                                         annotation.line, identity)
    for line, label, source, target in relations:
        ends = [ids.get(source), ids.get(target)]
        if None in ends:
            problems.append((line, f"relation {label} points at no span; left out"))
            continue
        rid = f"R{len(doc.links) + 1}"
        doc.links[rid] = relation(rid, label, ends[0], ends[1], line)


def _span_cells(layer: Layer, cells: list[str], token_id: str, offsets: tuple[int, int],
                line: int, spans: dict[tuple, _Annotation]) -> None:
    names = layer.features or [layer.short]
    for name, cell in zip(names, cells):
        for index, (value, ident) in enumerate(_split(cell)):
            key = (layer.name, ident) if ident else (layer.name, token_id, index)
            annotation = spans.get(key)
            if annotation is None:
                annotation = spans[key] = _Annotation(layer, line=line)
            if offsets not in annotation.tokens:
                annotation.tokens.append(offsets)
            annotation.values.setdefault(name, value)


def _relation_cells(layer: Layer, cells: list[str], token_id: str, line: int,
                    problems: list[tuple[int, str]]) -> Iterator[tuple[int, str, tuple, tuple]]:
    """(line, label, source span key, target span key) of the relations on one token."""
    if not layer.features or not layer.features[-1].startswith("BT_"):
        return
    base = layer.features[-1][3:]
    label_column = next((i for i, f in enumerate(layer.features[:-1])
                         if f in LABEL_FEATURES), 0 if len(layer.features) > 1 else None)
    targets = _split(cells[-1]) if cells else []
    labels = _split(cells[label_column]) if label_column is not None else []
    for index, (target, _) in enumerate(targets):
        found = _TARGET.match(target)
        if found is None:
            problems.append((line, f"relation target {target!r} is not sentence-token[ids]"))
            continue
        other, there, here = found.groups()
        label = unescape(labels[index][0]) if index < len(labels) else layer.short
        source = (base, here) if here and here != "0" else (base, token_id, 0)
        dest = (base, there) if there and there != "0" else (base, other, 0)
        yield line, label, source, dest


def _label(annotation: _Annotation) -> str:
    for name in LABEL_FEATURES:
        if annotation.values.get(name, "*") != "*":
            return unescape(annotation.values[name])
    for name in annotation.layer.features:
        if annotation.values.get(name, "*") != "*" and name not in IDENTITY_FEATURES:
            return unescape(annotation.values[name])
    return annotation.layer.short
