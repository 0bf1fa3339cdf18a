"""doccano's JSONL export: a text with its labelled spans (and relations), one per record.

doccano has written its spans three ways over its versions, and all are read:

- ``"label": [[start, end, "LABEL"], ...]`` (sequence labelling, 1.x);
- ``"labels": [...]`` the same under the old key (0.x);
- ``"entities": [{"id", "start_offset", "end_offset", "label"}]`` with
  ``"relations": [{"from_id", "to_id", "type"}]`` (relation projects).

A ``label`` that is a list of strings is a text classification: it goes into
the coder's status note. Offsets count code points of ``text``, which is stored
exactly as it is (not stripped, not unescaped), so they stay right. Spans with
white space at their ends are trimmed (doccano coders drag past words), each
record saying how many with one warning. The pretty-printed JSON object that
doccano ships as a relation ``.jsonl`` is read by the JSON reader like any
other document (:mod:`.tabular`).

doccano names an export after its user (``admin.jsonl``): a file named
``<anything>.<user>.jsonl`` or ``<user>.jsonl`` inside a doccano zip is taken
as that coder's only when the name has a dot before the extension; otherwise
the coder is the one importing (or "doccano").
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from annotator.importing.annotated import AnnotatedDraft, offsets, title_of, trimmed_spans
from annotator.importing.brat_standoff import AnnDocument, relation, text_bound
from annotator.importing.errors import ReadError, ReadWarning
from annotator.model import ArticleDraft
from annotator.spans import trim_span

SPAN_KEYS = ("label", "labels", "entities")


def is_doccano(record: Mapping[str, Any]) -> bool:
    """A record with ``text`` and doccano's span keys (and not a Label Studio task)."""
    return "data" not in record and any(key in record for key in SPAN_KEYS) and (
        "text" in record)


def coder_of(source_file: str | None) -> str | None:
    """``x.admin.jsonl`` -> ``admin``: doccano's per-user export name, when it has one."""
    if not source_file:
        return None
    stem = os.path.splitext(os.path.basename(source_file))[0]
    _, dot, user = stem.rpartition(".")
    return user if dot and user else None


def from_record(record: Mapping[str, Any], source_file: str | None,
                line: int) -> list[AnnotatedDraft | ReadWarning]:
    """The record's article and spans, preceded by warnings about spans left out or trimmed."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ReadError("doccano record without a text", line)
    doc = AnnDocument(on_mismatch="skip")
    problems: list[str] = []
    categories: list[str] = []
    trimmed = 0
    ids: dict[Any, str] = {}
    key = next(k for k in SPAN_KEYS if k in record)
    spans = record.get(key) or []
    if not isinstance(spans, list):
        raise ReadError(f"doccano record: {key!r} is not a list", line)
    for number, span in enumerate(spans, start=1):
        if isinstance(span, str):
            categories.append(span)
            continue
        if isinstance(span, dict):
            label, ident = span.get("label"), span.get("id", f"#{number}")
            where = offsets([span.get("start_offset"), span.get("end_offset")], text)
        elif isinstance(span, list) and len(span) == 3:
            label, ident = span[2], f"#{number}"
            where = offsets(span[:2], text)
        else:
            problems.append(f"span {number} is not [start, end, label]: {span!r:.60}")
            continue
        if isinstance(where, str) or not isinstance(label, str) or not label:
            problems.append(f"span {number}: {where if isinstance(where, str) else 'no label'}")
            continue
        start, end = trim_span(text, *where)
        if start == end:
            problems.append(f"span {number} ({label}) covers only white space")
            continue
        trimmed += (start, end) != where
        tid = f"T{number}"
        ids.setdefault(ident, tid)
        doc.textbounds[tid] = text_bound(tid, label, start, end, text[start:end], line)
    for number, rel in enumerate(record.get("relations") or [], start=1):
        ends = [ids.get(rel.get(k)) for k in ("from_id", "to_id")] if isinstance(
            rel, dict) else [None, None]
        label = rel.get("type") or rel.get("label") if isinstance(rel, dict) else None
        if None in ends or not isinstance(label, str):
            problems.append(f"relation {number} does not join two of its spans: {rel!r:.60}")
            continue
        doc.links[f"R{number}"] = relation(f"R{number}", label, ends[0], ends[1], line)
    items: list[AnnotatedDraft | ReadWarning] = [
        ReadWarning(f"doccano {problem}; left out", line) for problem in problems]
    if trimmed:
        items.append(ReadWarning(trimmed_spans(trimmed, 'doccano'), line))
    fields = {k: v for k, v in record.items() if k not in ("text", *SPAN_KEYS, "relations")
              and v not in (None, "", [], {})}
    draft = ArticleDraft(title_of(text, "doccano record"), text, source_file=source_file,
                         extra={"line": line, **({"fields": fields} if fields else {})})
    labelled = bool(doc.textbounds or categories)
    items.append(AnnotatedDraft(
        draft, doc, "doccano", coder=coder_of(source_file), line=line,
        status="done" if labelled else None,
        note=f"{key}: {', '.join(categories)}" if categories else None))
    return items
