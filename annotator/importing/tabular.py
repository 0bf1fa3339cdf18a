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
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TextIO

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


#: Turns one record (a JSON object, a CSV row) into what the import stores: drafts of
#: plain articles, annotated documents of other tools, warnings (:mod:`.records`).
Convert = Callable[[Mapping[str, Any], "str | None", int], list[Any]]


def plain_record(record: Mapping[str, Any], source_file: str | None, line: int) -> list[Any]:
    return [draft_from_record(record, source_file, line)]


def read_jsonl(source: str | TextIO, source_file: str | None, *,
               size: int | None = None,
               convert: Convert = plain_record) -> Iterator[ArticleDraft | ReadError]:
    """One JSON object per line, read line by line; blank lines are skipped.

    A file that is one JSON document instead (an array of objects, or one
    pretty-printed object, as some exporters write ``.json``) must be parsed
    whole, so it is read whole only up to :data:`WHOLE_JSON_LIMIT` (``size`` is
    the file's size in bytes; a ``str`` is measured). Its first non-blank line
    tells which it is, so JSON Lines is never held in memory.
    """
    if size is None and isinstance(source, str):
        size = len(source)
    stream = io.StringIO(source, newline=None) if isinstance(source, str) else source
    lines = enumerate(stream, start=1)
    leading = _up_to_filled_line(lines)
    if not leading:
        yield ReadError("empty file")
        return
    number, first = leading[-1]
    head = first.lstrip()[:1]
    if head == "[" and len(first) > WHOLE_JSON_LIMIT:
        yield ReadError(too_big_for_json(len(first)))
        return
    value = _parse_line(first) if head in ("[", "{") else None
    if isinstance(value, list):  # a one-line array: the document, unless lines follow
        more = _up_to_filled_line(lines)
        if not more:
            yield from _items(enumerate(value, start=1), number, source_file, convert)
            return
        leading += more
    elif value is None and head in ("[", "{"):  # a document over several lines?
        lines_first = str(source_file).lower().endswith(LINE_EXTENSIONS)
        if size is None or size <= WHOLE_JSON_LIMIT:
            text = "".join(line for _, line in leading) + stream.read()
            yield from _whole_document(text, source_file, lines_first, convert)
            return
        peek = [item for _ in range(5) for item in _up_to_filled_line(lines)]
        leading += peek
        if head == "[" and not lines_first and not _mostly_objects(line for _, line in peek):
            yield ReadError(too_big_for_json(size))
            return
        # Otherwise JSON Lines whose first line is broken: read on, line by line.
    for number, line in itertools.chain(leading, lines):
        if line.strip():
            yield from _line_record(line, number, source_file, convert)


#: A JSON document (not JSON Lines) is parsed whole, so it is refused above this size.
WHOLE_JSON_LIMIT = 64_000_000
#: Files named JSON Lines: a first line that is not JSON is a bad line, not a broken document.
LINE_EXTENSIONS = (".jsonl", ".ndjson", ".jsonlines")


def too_big_for_json(size: int) -> str:
    return (f"a JSON document of {size / 1e6:,.0f} MB is more than the "
            f"{WHOLE_JSON_LIMIT / 1e6:,.0f} MB that is read whole; write it as JSON Lines, "
            "one object per line (for example: jq -c '.[]' FILE.json > FILE.jsonl)")


def _up_to_filled_line(lines: Iterator[tuple[int, str]]) -> list[tuple[int, str]]:
    """The next lines up to and including the first that is not blank ([] at the end)."""
    taken = []
    for number, line in lines:
        taken.append((number, line))
        if line.strip():
            return taken
    return []


def _parse_line(line: str) -> Any:
    """The JSON value of one line, or None if it is not JSON by itself."""
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return None


def _line_record(line: str, number: int, source_file: str | None,
                 convert: Convert) -> list[ArticleDraft | ReadError]:
    try:
        record = json.loads(line)
    except ValueError as exc:
        return [ReadError(f"invalid JSON: {_json_reason(exc)}", number)]
    except RecursionError:
        return [ReadError("invalid JSON: nested too deeply", number)]
    if not isinstance(record, dict):
        return [ReadError(f"expected a JSON object, found {type(record).__name__}", number)]
    return _safe_draft(record, source_file, number, convert)


def _whole_document(text: str, source_file: str | None, lines_first: bool,
                    convert: Convert) -> Iterator[ArticleDraft | ReadError]:
    """An array of objects, item by item; one object; or JSON Lines after a broken line.

    A document that does not parse is read line by line when the file is named
    JSON Lines or the lines after its first are mostly objects. Otherwise it is
    one broken document and costs one error line (with the items of an array
    before the break stored), not an error for every line of it.
    """
    value = _parse_line(text)
    if isinstance(value, list):
        del value  # parsed once to know; the items are read again one at a time
        yield from _array(text, source_file, convert)
        return
    if isinstance(value, dict):
        yield from _safe_draft(value, source_file, 1 + text.count("\n", 0, text.index("{")),
                               convert)
        return
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    if not lines_first and not _mostly_objects(lines[first + 1:]):
        if text.lstrip().startswith("["):
            yield from _array(text, source_file, convert)
        else:
            yield _whole_error(text)
        return
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield from _line_record(line, number, source_file, convert)


def _whole_error(text: str) -> ReadError:
    """The one error of a broken JSON document, at the line where it breaks."""
    try:
        json.loads(text)
    except ValueError as exc:
        return ReadError(f"invalid JSON: {_json_reason(exc)}", getattr(exc, "lineno", None))
    except RecursionError:
        pass
    return ReadError("invalid JSON: nested too deeply", 1)


def _mostly_objects(lines: Iterable[str]) -> bool:
    """Whether most of the first filled lines are JSON objects by themselves: JSON Lines."""
    filled = list(itertools.islice((line for line in lines if line.strip()), 20))
    objects = sum(isinstance(_parse_line(line), dict) for line in filled)
    return bool(filled) and 2 * objects >= len(filled)


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _array(text: str, source_file: str | None,
           convert: Convert) -> Iterator[ArticleDraft | ReadError]:
    """The items of a JSON array one at a time, each with the line it starts on.

    Parsing item by item means the objects are never all in memory, and a
    broken item costs the items after it (JSON cannot be resynchronised), not
    the ones before. A reason names the line, as for JSON Lines.
    """
    decoder = json.JSONDecoder()
    pos = _JSON_SPACE.match(text, text.index("[") + 1).end()
    line, counted = 1 + text.count("\n", 0, pos), pos
    index = 0
    while text[pos:pos + 1] not in ("]", ""):
        index += 1
        line, counted = line + text.count("\n", counted, pos), pos
        try:
            value, end = decoder.raw_decode(text, pos)
        except ValueError as exc:
            yield ReadError(f"item {index}: invalid JSON: {_json_reason(exc)}",
                            getattr(exc, "lineno", line))
            return
        except RecursionError:
            yield ReadError(f"item {index}: invalid JSON: nested too deeply", line)
            return
        yield from _items([(index, value)], line, source_file, convert)
        pos = _JSON_SPACE.match(text, end).end()
        if text[pos:pos + 1] != ",":
            break
        pos = _JSON_SPACE.match(text, pos + 1).end()
    line += text.count("\n", counted, pos)
    if text[pos:pos + 1] != "]":
        yield ReadError("invalid JSON: expected ',' or ']' after an item", line)
    elif text[pos + 1:].strip():
        yield ReadError("invalid JSON: more data after the closing ']'", line)


def _items(items: Iterable[tuple[int, Any]], line: int, source_file: str | None,
           convert: Convert) -> Iterator[ArticleDraft | ReadError]:
    for index, record in items:
        if not isinstance(record, dict):
            yield ReadError(f"item {index}: expected a JSON object", line)
            continue
        for draft in _safe_draft(record, source_file, line, convert):
            yield (ReadError(f"item {index}: {draft.reason}", line)
                   if isinstance(draft, ReadError) else draft)


def _safe_draft(record: Mapping[str, Any], source_file: str | None, line: int,
                convert: Convert = plain_record) -> list[Any]:
    """The record's drafts, or the reason it has none; no record can stop the file."""
    try:
        return convert(record, source_file, line)
    except ReadError as exc:
        return [exc if exc.line is not None else ReadError(exc.reason, line)]
    except RecursionError:
        return [ReadError("the record is nested too deeply", line)]
    except Exception as exc:  # noqa: BLE001 - one odd record costs one line, not the file
        return [ReadError(f"could not read the record ({type(exc).__name__}: {exc})", line)]


def _json_reason(exc: ValueError) -> str:
    """json's message with its column: the line is named beside it, and some messages
    read on into the place ("Invalid control character at")."""
    if not isinstance(exc, json.JSONDecodeError):
        return str(exc)
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno}"


def read_csv(source: str | TextIO, source_file: str | None,
             delimiter: str | None = None,
             by_header: Callable[[list[str]], Convert | str | None] | None = None,
             ) -> Iterator[ArticleDraft | ReadError]:
    """A header row, then one article per record, read record by record.

    Quoted bodies may span lines. Errors name the line where the record
    *starts*, which is where a coder opening the file in an editor has to look.
    Without ``delimiter``, the header line decides (:func:`sniff_delimiter`).
    """
    stream = io.StringIO(source, newline=None) if isinstance(source, str) else source
    leading: list[str] = []
    if delimiter is None:
        leading = [line for _, line in _up_to_filled_line(enumerate(stream))]
        delimiter = sniff_delimiter(leading[-1] if leading else "")
    reader = csv.reader(itertools.chain(leading, stream), delimiter=delimiter, strict=True)
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
            found = by_header(header) if by_header is not None else None
            if isinstance(found, str):  # a known format this reader cannot take: say which
                yield ReadError(found, line)
                return
            convert = found or plain_record
            if found is None and not any(_key(h) in FIELDS["body"] for h in header):
                yield ReadError(
                    "no body column in the header (expected text, body or content)", line)
                return
            continue
        if len(row) > len(header):
            yield ReadError(f"{len(row)} fields but the header has {len(header)}", line)
            continue
        record = {name: value for name, value in zip(header, row, strict=False) if name}
        yield from _safe_draft(record, source_file, line, convert)
    if header is None:
        yield ReadError("no header row")


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab: whichever the header line has most of."""
    header = text.lstrip("\n").split("\n", 1)[0]
    return max([",", ";", "\t"], key=header.count)
