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
    article: empty, binary, or without a body.
    """
    if isinstance(data, bytes):
        decoded = decode(data)
        return parse_text_article(decoded.text, source_file, decoded.encoding)
    return parse_text_article(normalise_newlines(data).removeprefix("\ufeff"), source_file)


def parse_text_article(text: str, source_file: str | None = None,
                       encoding: str | None = None) -> ArticleDraft:
    """Split decoded text (``\\n`` line ends) into title, date line and body."""
    if "\x00" in text:
        raise ReadError("binary file")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: the store could not hash or save them
        raise ReadError("text with invalid characters (lone surrogates)") from None
    if not text.strip():
        raise ReadError("empty file")
    extra: dict = {}
    if encoding not in (None, "utf-8", "utf-8-sig", "ascii"):
        extra["encoding"] = encoding  # a guess: worth knowing when a character looks wrong
    text, dumped = strip_var_dump(text)
    extra.update(dumped)

    lines = text.lstrip().split("\n")
    title = unescape(lines[0]).strip()
    rest = lines[1:]
    published = published_raw = None
    first = next((i for i, line in enumerate(rest) if line.strip()), None)
    if first is not None:
        iso = date_line(rest[first])
        if iso is not None:
            published, published_raw = iso, rest[first].strip()
            rest = rest[first + 1 :]
    body = unescape("\n".join(rest)).strip()
    if not body:
        raise ReadError("no body: the file has only a title line" if title else "no body")
    return ArticleDraft(
        title=title, body=body, published=published, published_raw=published_raw,
        source_file=source_file, extra=extra,
    )


def unescape(text: str) -> str:
    """Decode HTML entities a scraper left behind, but only complete ones."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def strip_var_dump(text: str) -> tuple[str, dict]:
    """Cut trailing PHP var_dump strings; return the text and what goes into ``extra``.

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
        return text, {}
    extra: dict = {"stripped": text[tail_start:].strip()}
    related: list = []
    for _declared, content in blocks:
        try:
            value = json.loads(content)
        except ValueError:
            continue
        if isinstance(value, list):
            related.extend(value)
        elif isinstance(value, dict):
            related.append(value)
    if related:
        extra["related"] = related
    return text[:tail_start].rstrip(), extra


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
    except ValueError:
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
