"""Label Studio tasks: 0.x ``completions``, 1.x ``annotations``, ``predictions``, the CSV export.

A task is ``{"data": {"text": ...}, "annotations": [{"result": [...]}, ...]}``;
each annotation is one coder's work on the text and becomes one
:class:`AnnotatedDraft`. What is read, and how:

- the text is ``data[key]``, where the key is the one the labelling config
  names for the result's ``to_name`` (``<Text name="text" value="$text"/>``,
  read from a config file imported alongside), else ``data.text``, else the one
  text value of ``data``;
- ``labels`` results are spans, one per label; ``relation`` results link two of
  them (an attribution or an identity, as the mapping says); ``choices`` and
  ``textarea`` results, which have no span, go into the coder's status note;
- a span whose ``value.text`` is not the text at its offsets is left out with a
  warning naming it (the coder saw another text: never shifted to fit);
- ``completed_by`` (an object with an email, or a bare user id) is the coder; a
  cancelled annotation marks the article ``skipped``; ``history`` holds earlier
  versions of the same result and is not read (the result is the final one);
- ``predictions`` are a model's work: there is no suggestion layer yet, so they
  come in as a coder named after the model (``model_version``), with no status.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from annotator.importing.annotated import AnnotatedDraft, offsets, title_of, trimmed_spans
from annotator.importing.brat_standoff import AnnDocument, relation, text_bound
from annotator.importing.errors import ReadError, ReadWarning
from annotator.model import ArticleDraft
from annotator.spans import trim_span

WORK_KEYS = ("annotations", "completions", "predictions")
SPAN_TYPES = ("labels", "hypertextlabels")
NOTE_TYPES = ("choices", "textarea", "rating", "taxonomy", "number", "datetime")


def is_task(record: Mapping[str, Any]) -> bool:
    """A Label Studio task: a ``data`` object, perhaps with annotations or predictions."""
    return isinstance(record.get("data"), dict) and (
        any(k in record for k in WORK_KEYS) or "id" in record or len(record) == 1)


# -- the labelling config ----------------------------------------------------------------------

def is_label_config(text: str) -> bool:
    """An XML labelling config: a ``<View>`` root, as Label Studio's settings export it."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<?xml"):
        head = head[head.find("?>") + 2:].lstrip()
    return head[:5].lower() == "<view"


def text_keys(text: str) -> dict[str, str]:
    """``to_name`` -> data key of a labelling config: ``<Text name="text" value="$ner"/>``."""
    root = ET.fromstring(text.strip())
    keys = {}
    for tag in root.iter():
        value, name = tag.get("value", ""), tag.get("name")
        if name and value.startswith("$") and tag.tag.lower() in ("text", "hypertext",
                                                                  "paragraphs"):
            keys[name] = value[1:]
    return keys


# -- tasks --------------------------------------------------------------------------------------

def from_task(task: Mapping[str, Any], source_file: str | None, line: int,
              keys: Mapping[str, str] | None = None
              ) -> list[AnnotatedDraft | ArticleDraft | ReadWarning]:
    """One task: its text with each annotation's (and prediction's) spans."""
    data = task["data"]
    works = [(kind, work) for kind in WORK_KEYS for work in (task.get(kind) or [])
             if isinstance(work, dict)]
    to_names = Counter(r.get("to_name") for _, w in works for r in _results(w))
    key, warning = _text_key(data, [n for n, _ in to_names.most_common() if n], keys or {})
    if key is None:
        raise ReadError(f"Label Studio task without a text: {warning}", line)
    text = data[key]
    items: list[AnnotatedDraft | ArticleDraft | ReadWarning] = []
    if warning:
        items.append(ReadWarning(warning, line))
    extra: dict[str, Any] = {"line": line, "label_studio": {"id": task.get("id"),
                                                            "text_key": key}}
    fields = {k: v for k, v in data.items() if k != key and v not in (None, "", [], {})}
    if fields:
        extra["fields"] = fields
    draft = ArticleDraft(title_of(text, "Label Studio task"), text, source_file=source_file,
                         extra=extra)
    if not works:
        return [*items, draft]
    for kind, work in works:
        doc, problems, trimmed, note = _document(_results(work), text, line)
        items.extend(ReadWarning(f"Label Studio {p}", line) for p in problems)
        if trimmed:
            items.append(ReadWarning(trimmed_spans(trimmed, 'Label Studio'), line))
        if kind == "predictions":
            coder = str(work.get("model_version") or "prediction")
            status = None
        else:
            coder, status = _coder(work), "skipped" if work.get("was_cancelled") else "done"
        items.append(AnnotatedDraft(draft, doc, "label-studio", coder=coder, line=line,
                                    status=status, note=note))
    return items


def _results(work: Mapping[str, Any]) -> list[dict[str, Any]]:
    result = work.get("result")
    return [r for r in result if isinstance(r, dict)] if isinstance(result, list) else []


def _text_key(data: Mapping[str, Any], to_names: list[str],
              keys: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The data key holding the text, and a warning when it had to be guessed."""
    for name in to_names:
        key = keys.get(name)
        if isinstance(data.get(key), str):
            return key, None
    if isinstance(data.get("text"), str):
        return "text", None
    texts = [k for k, v in data.items() if isinstance(v, str) and v.strip()]
    if len(texts) == 1:
        return texts[0], (f"no data.text; the text is data.{texts[0]} (the only text in the "
                          "task; import the labelling config to name the key)")
    found = ", ".join(sorted(data)) or "nothing"
    return None, (f"data holds {found}; import the labelling config (its <Text value=\"$key\">"
                  " names the key) with the tasks")


def _coder(work: Mapping[str, Any]) -> str | None:
    who = work.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("username") or who.get("id")
    if isinstance(who, bool) or who in (None, ""):
        return None
    return f"label-studio user {who}" if isinstance(who, int) else str(who)


def _document(results: list[dict[str, Any]], text: str, line: int
              ) -> tuple[AnnDocument, list[str], int, str | None]:
    """(spans and relations, problems, number of spans trimmed, note) of one annotation."""
    doc = AnnDocument(on_mismatch="skip")
    problems: list[str] = []
    notes: list[str] = []
    first_of: dict[Any, str] = {}
    trimmed = 0
    for number, result in enumerate(results, start=1):
        kind, value = result.get("type"), result.get("value")
        if kind == "relation":
            continue
        if not isinstance(value, dict):
            problems.append(f"result {number} has no value; left out")
            continue
        if kind in NOTE_TYPES:
            values = value.get(kind) if kind != "textarea" else value.get("text")
            values = values if isinstance(values, list) else [values]
            notes.append(f"{result.get('from_name', kind)}: "
                         + "; ".join(" ".join(str(v).split()) for v in values))
            continue
        if kind not in SPAN_TYPES:
            doc.skipped[f"Label Studio {kind} result"] += 1
            continue
        where = offsets([value.get("start"), value.get("end")], text)
        labels = value.get(kind)
        if isinstance(where, str) or not isinstance(labels, list) or not labels:
            problems.append(f"span {result.get('id', number)}: "
                            f"{where if isinstance(where, str) else 'no labels'}; left out")
            continue
        start, end = trim_span(text, *where)
        shown = value.get("text") if isinstance(value.get("text"), str) else ""
        if not shown.strip() or text[slice(*where)].strip() == shown.strip():
            trimmed += (start, end) != where
        else:  # compared (and warned about) by the shared step: keep the offsets given
            start, end = where
        for label in labels:
            tid = f"T{len(doc.textbounds) + 1}"
            first_of.setdefault(result.get("id"), tid)
            doc.textbounds[tid] = text_bound(tid, str(label), start, end, shown, line)
    for number, result in enumerate(results, start=1):
        if result.get("type") != "relation":
            continue
        ends = [first_of.get(result.get(k)) for k in ("from_id", "to_id")]
        if None in ends:
            problems.append(f"relation {number} does not join two labelled spans; left out")
            continue
        for label in result.get("labels") or ["relation"]:
            rid = f"R{len(doc.links) + 1}"
            doc.links[rid] = relation(rid, str(label), ends[0], ends[1], line)
    return doc, problems, trimmed, "\n".join(notes) or None


# -- the CSV export -----------------------------------------------------------------------------

#: Columns Label Studio's CSV export always adds beside the task's data.
CSV_MARKS = {"annotation_id", "annotator", "lead_time"}


def is_csv_export(header: list[str]) -> bool:
    return CSV_MARKS <= {h.strip() for h in header}


def from_csv_row(row: Mapping[str, str], source_file: str | None, line: int,
                 keys: Mapping[str, str] | None = None
                 ) -> Iterator[AnnotatedDraft | ArticleDraft | ReadWarning]:
    """One row of Label Studio's CSV export as a task with one annotation.

    The export writes each result as a column named after its control: span
    columns hold JSON lists of ``{start, end, text, labels}``, choices plain
    text. The task's data are the other columns, so the text is found as in a
    JSON task; a row with no text column is an export of tasks that hold none.
    """
    data = {k: v for k, v in row.items() if k not in CSV_MARKS | {"id", "created_at",
                                                                  "updated_at", "agreement"}}
    result: list[dict[str, Any]] = []
    for name, cell in list(data.items()):
        value = _json_list(cell)
        if value is not None and all(isinstance(v, dict) and "start" in v for v in value):
            del data[name]
            for number, span in enumerate(value):
                labels = [k for k in span if k.endswith("labels")]
                result.append({"id": f"{name}{number}", "type": labels[0] if labels else "labels",
                               "from_name": name, "to_name": "text", "value": span})
    work = {"result": result, "completed_by": {"email": row.get("annotator")} if row.get(
        "annotator") else None}
    task = {"id": row.get("id"), "data": data, "annotations": [work]}
    yield from from_task(task, source_file, line, keys)


def _json_list(cell: str) -> list | None:
    if not cell or cell.lstrip()[:1] != "[":
        return None
    try:
        value = json.loads(cell)
    except ValueError:
        return None
    return value if isinstance(value, list) and value else None


def csv_without_text(header: list[str]) -> str:
    return ("a Label Studio CSV export without the tasks' text (columns: "
            f"{', '.join(h for h in header if h)[:200]}); export JSON from Label Studio, "
            "or include the text in the tasks' data")
