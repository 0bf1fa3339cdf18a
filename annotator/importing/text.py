"""Scraped plain-text articles: a title line, an optional date line, body paragraphs.

This is the format of the seed article and of most scraped corpora (BBC News
too, without the date). Scrapers leave two kinds of litter that we clean at
import, because the body never changes afterwards:

- HTML entities (``&amp;``, ``&#8217;``) that were never decoded;
- a trailing PHP ``var_dump`` of related items (``string(1140) "[{...}]"``).
  It is cut only when it is the *last* block of the file and really is a
  var_dump (its declared length matches, or its content is JSON); anything
  that merely looks like one elsewhere is article text and stays. The related
  items are kept in ``extra["related"]`` and the raw text in
  ``extra["stripped"]``, so nothing the scraper saved is lost.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache

from annotator.importing.characters import replace_lone_surrogates
from annotator.importing.dates import date_line
from annotator.importing.encoding import decode, normalise_newlines
from annotator.importing.errors import ReadError
from annotator.model import ArticleDraft

#: A var_dump string at the start of a line: ``string(N) "``.
_VAR_DUMP_START = re.compile(r'^string\((\d+)\) "', re.MULTILINE)
#: Only entities with a closing semicolon: "AT&T" or "R&D" in a body stays as written.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def read_text_article(data: bytes | str, source_file: str | None = None) -> ArticleDraft:
    """Read one scraped article from the bytes (or text) of a file.

    Raises :class:`ReadError` (and nothing else) when the input is not an
    article: empty, binary, or without a body. Lone surrogates in a ``str``
    become U+FFFD (see :mod:`.characters`).
    """
    if isinstance(data, bytes):
        decoded = decode(data)
        text, encoding = decoded.text, decoded.encoding
    else:
        text, encoding = normalise_newlines(data).removeprefix("\ufeff"), None
    return parse_text_article(replace_lone_surrogates(text)[0], source_file, encoding)


def parse_text_article(text: str, source_file: str | None = None,
                       encoding: str | None = None) -> ArticleDraft:
    """Split decoded text (``\\n`` line ends) into title, date line and body.

    The text may be hundreds of megabytes, so it is walked by index: the body
    is the one slice of it that is kept, not a list of its lines joined again.
    """
    if "\x00" in text:
        raise ReadError("binary file")
    start = _skip_blank(text, 0, len(text))
    if start == len(text):
        raise ReadError("empty file")
    extra: dict = {}
    if encoding not in (None, "utf-8", "utf-8-sig", "ascii"):
        extra["encoding"] = encoding  # a guess: worth knowing when a character looks wrong
    end, dumped = var_dump_tail(text)
    extra.update(dumped)

    title_end = _line_end(text, start, end)
    title = unescape(text, start, title_end).strip()
    body_start = title_end + 1
    published = published_raw = None
    first = _first_filled_line(text, body_start, end)
    stop = end if first is None else _line_end(text, first, end)
    if first is not None and stop - first <= _LONGEST_DATE_LINE:  # no copy of a long line
        line = text[first:stop]
        iso = date_line(line)
        if iso is not None:
            published, published_raw = iso, line.strip()
            body_start = stop + 1
    body_start = _skip_blank(text, body_start, end)
    body = unescape(text, body_start, _trim_end(text, body_start, end)).strip()
    if not body:
        raise ReadError("no body: the file has only a title line" if title else "no body")
    return ArticleDraft(
        title=title, body=body, published=published, published_raw=published_raw,
        source_file=source_file, extra=extra,
    )


_NOT_SPACE = re.compile(r"\S")
#: A date line is short (dates.py reads at most 64 characters of one); longer is body.
_LONGEST_DATE_LINE = 1000


def _skip_blank(text: str, pos: int, end: int) -> int:
    """The index of the first non-whitespace character in ``text[pos:end]``, else ``end``."""
    found = _NOT_SPACE.search(text, pos, end)
    return end if found is None else found.start()


def _trim_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over trailing whitespace (no copy of the text)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _line_end(text: str, pos: int, end: int) -> int:
    found = text.find("\n", pos, end)
    return end if found < 0 else found


def _first_filled_line(text: str, pos: int, end: int) -> int | None:
    """The start of the first line at or after ``pos`` that is not blank."""
    while pos < end:
        stop = _line_end(text, pos, end)
        if _NOT_SPACE.search(text, pos, stop):
            return pos
        pos = stop + 1
    return None


#: A scraped corpus repeats a handful of entities (``&amp;``, ``&#8217;``) endlessly.
_decoded = lru_cache(maxsize=1024)(html.unescape)


def unescape(text: str, start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` with HTML entities a scraper left behind decoded, complete ones only.

    Built from slices of ``text`` itself, joined in groups, so a long body with
    many entities costs one more copy of itself, not a list of all its pieces.
    """
    end = len(text) if end is None else end
    first = text.find("&", start, end)
    if first < 0:
        return text[start:end]
    done: list[str] = []
    pieces: list[str] = []
    pos = start
    for match in _ENTITY.finditer(text, first, end):
        pieces += (text[pos:match.start()], _decoded(match.group(0)))
        pos = match.end()
        if len(pieces) >= 4096:
            done.append("".join(pieces))
            pieces.clear()
    pieces.append(text[pos:end])
    done.append("".join(pieces))
    return done[0] if len(done) == 1 else "".join(done)


def strip_var_dump(text: str) -> tuple[str, dict]:
    """Cut trailing PHP var_dump strings; return the text and what goes into ``extra``."""
    end, extra = var_dump_tail(text)
    return text[:end].rstrip(), extra


def var_dump_tail(text: str) -> tuple[int, dict]:
    """Where trailing PHP var_dump strings start (``len(text)`` if none), and the ``extra``.

    Each ``string(N) "..."`` must run to the end of the text (or to the next
    one), so a var_dump quoted in the middle of an article is never touched.
    """
    tail_start = None
    blocks: list[tuple[int, str]] = []
    for match in _VAR_DUMP_START.finditer(text):
        blocks = _trailing_dumps(text, match.start())
        if blocks:
            tail_start = match.start()
            break
    if tail_start is None:
        return len(text), {}
    extra: dict = {"stripped": text[tail_start:].strip()}
    related: list = []
    for _declared, content in blocks:
        try:
            value = json.loads(content)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, list):
            related.extend(value)
        elif isinstance(value, dict):
            related.append(value)
    if related:
        extra["related"] = related
    return tail_start, extra


def _trailing_dumps(text: str, start: int) -> list[tuple[int, str]]:
    """The var_dump strings from ``start`` to the end of the text, or [] if not all are."""
    blocks = []
    pos = start
    while True:
        match = _VAR_DUMP_START.match(text, pos)
        if match is None:
            return []
        declared = int(match.group(1))
        content, end = _dump_content(text, match.end(), declared)
        if content is None:
            return []
        blocks.append((declared, content))
        rest = text[end:]
        if not rest.strip():
            return blocks
        pos = end + len(rest) - len(rest.lstrip())


def _dump_content(text: str, begin: int, declared: int) -> tuple[str | None, int]:
    """The quoted content starting at ``begin`` and the index after its closing quote.

    var_dump does not escape quotes inside the string, so the content is found
    by its declared byte length when that fits, and otherwise by the last quote
    before the next var_dump or the end, accepted only if it is JSON.
    """
    guess = _by_length(text, begin, declared)
    if guess is not None:
        return text[begin:guess], guess + 1
    nxt = _VAR_DUMP_START.search(text, begin)
    limit = nxt.start() if nxt else len(text)
    close = text.rfind('"', begin, limit)
    if close < begin:
        return None, begin
    content = text[begin:close]
    if text[close + 1 : limit].strip():
        return None, begin
    try:
        json.loads(content)
    except (ValueError, RecursionError):
        return None, begin
    return content, close + 1


def _by_length(text: str, begin: int, declared: int) -> int | None:
    """Index of the closing quote if ``declared`` UTF-8 bytes end at a quote, else None."""
    if declared > 4 * (len(text) - begin):
        return None  # a code point is at most 4 bytes: too few characters are left
    # A code point is at least 1 byte, so ``declared`` bytes fit in declared + 1 characters.
    chunk = text[begin : begin + declared + 1]
    encoded = chunk.encode("utf-8", "surrogatepass")
    if len(encoded) < declared:
        return None
    content = encoded[:declared].decode("utf-8", "ignore")
    end = begin + len(content)
    if len(content.encode("utf-8", "surrogatepass")) == declared and text[end : end + 1] == '"':
        return end
    return None
