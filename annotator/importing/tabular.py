"""JSON Lines and CSV/TSV exports: one article per record, columns named many ways.

Scrapers, news APIs and spreadsheet exports agree on the fields but not on
their names, so each field of :class:`ArticleDraft` accepts the usual
synonyms (case and separators ignored). Fields we don't map are kept in
``extra["fields"]`` rather than dropped.

A bad record is *yielded* as a :class:`ReadError` naming its line and the
reader goes on, so one broken line costs one article, not the file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from annotator.importing.dates import parse_date
from annotator.importing.errors import ReadError
from annotator.importing.text import unescape
from annotator.model import ArticleDraft

#: Synonyms for each field, in order of preference, after :func:`_key` normalisation.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading"),
    "published": (
        "published", "date", "pubdate", "publishedat", "publishdate", "datepublished",
        "publicationdate", "pubdatetime", "datetime", "created", "createdat",
    ),
    "body": ("body", "text", "content", "fulltext", "articletext", "article", "maintext"),
    "url": ("url", "link", "uri", "href", "permalink", "sourceurl"),
    "outlet": (
        "outlet", "source", "publisher", "sitename", "site", "media", "medium",
        "newspaper", "publication", "domain",
    ),
}

# A 5 MB article in one cell is normal for us; the csv default limit is 128 KiB.
# The limit is process-wide, so raising it here affects no other reader badly.
csv.field_size_limit(2**31 - 1)


def _key(name: str) -> str:
    """``Published_At``, ``published-at`` and ``publishedAt`` are one column."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def draft_from_record(record: Mapping[str, Any], source_file: str | None,
                      line: int) -> ArticleDraft:
    """Map one JSON object or CSV row to a draft; ReadError if it has no body."""
    by_key: dict[str, str] = {}
    for name in record:
        by_key.setdefault(_key(str(name)), name)
    used: set[str] = set()
    values: dict[str, str | None] = {}
    for field, synonyms in FIELDS.items():
        values[field] = None
        for synonym in synonyms:
            name = by_key.get(synonym)
            value = _as_text(record[name]) if name is not None else None
            if value:
                values[field] = value
                used.add(name)
                break
    body = values["body"]
    if not body:
        raise ReadError("no body (expected a text, body or content field)", line)
    extra: dict[str, Any] = {"line": line}
    fields = {k: v for k, v in record.items() if k not in used and v not in (None, "")}
    if fields:
        extra["fields"] = fields
    raw_date = values["published"]
    return ArticleDraft(
        title=unescape(values["title"] or "").strip(),
        body=unescape(body).strip(),
        published=parse_date(raw_date),
        published_raw=raw_date,
        outlet=values["outlet"],
        url=values["url"],
        source_file=source_file,
        extra=extra,
    )


def _as_text(value: Any) -> str | None:
    """A cell or JSON value as text; ``{"name": ...}`` objects (NewsAPI's source) by name."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dict):
        return _as_text(value.get("name") or value.get("title"))
    if isinstance(value, list):
        parts = [t for t in (_as_text(v) for v in value) if t]
        return "\n\n".join(parts) or None
    text = str(value).strip()
    return text or None


def read_jsonl(text: str, source_file: str | None) -> Iterator[ArticleDraft | ReadError]:
    """One JSON object per line; blank lines are skipped.

    A file that is one JSON document instead (an array of objects, or one
    pretty-printed object, as some exporters write ``.json``) is read whole.
    """
    whole = _whole_document(text)
    if whole is not None:
        yield from _records(whole, source_file)
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield ReadError(f"invalid JSON: {_json_reason(exc)}", number)
            continue
        if not isinstance(record, dict):
            yield ReadError(f"expected a JSON object, found {type(record).__name__}", number)
            continue
        yield _safe_draft(record, source_file, number)


def _whole_document(text: str) -> list[tuple[int, Any]] | None:
    """Records with their line numbers if ``text`` is one JSON array or object.

    For real JSON Lines, ``json.loads`` stops with "Extra data" after the first
    line, so trying costs one line's parse.
    """
    if not text.lstrip().startswith(("[", "{")):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if isinstance(value, dict):
        return [(1, value)]
    if isinstance(value, list):
        return [(1, item) for item in value]
    return None


def _records(records: list[tuple[int, Any]],
             source_file: str | None) -> Iterator[ArticleDraft | ReadError]:
    for index, (line, record) in enumerate(records, start=1):
        if not isinstance(record, dict):
            yield ReadError(f"item {index}: expected a JSON object", line)
            continue
        draft = _safe_draft(record, source_file, line)
        yield (ReadError(f"item {index}: {draft.reason}", line)
               if isinstance(draft, ReadError) else draft)


def _safe_draft(record: Mapping[str, Any], source_file: str | None,
                line: int) -> ArticleDraft | ReadError:
    try:
        return draft_from_record(record, source_file, line)
    except ReadError as exc:
        return exc


def _json_reason(exc: ValueError) -> str:
    return exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)


def read_csv(text: str, source_file: str | None,
             delimiter: str | None = None) -> Iterator[ArticleDraft | ReadError]:
    """A header row, then one article per record; quoted bodies may span lines.

    Errors name the line where the record *starts*, which is where a coder
    opening the file in an editor has to look.
    """
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield ReadError(f"malformed CSV: {exc}", start)
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip() for cell in row]
            if not any(_key(h) in FIELDS["body"] for h in header):
                yield ReadError(
                    "no body column in the header (expected text, body or content)", line)
                return
            continue
        if len(row) > len(header):
            yield ReadError(f"{len(row)} fields but the header has {len(header)}", line)
            continue
        record = {name: value for name, value in zip(header, row, strict=False) if name}
        yield _safe_draft(record, source_file, line)
    if header is None:
        yield ReadError("no header row")


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab: whichever the header line has most of."""
    header = text.lstrip("\n").split("\n", 1)[0]
    return max([",", ";", "\t"], key=header.count)
