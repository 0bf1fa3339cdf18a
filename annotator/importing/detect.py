"""Which reader a file needs: by extension first, then by a look at its content.

Extensions lie often enough (``.txt`` files that are saved web pages, exports
with no extension at all) that a short look at the decoded text decides the
cases the extension leaves open. Every file is decoded once, here.
"""

from __future__ import annotations

import codecs
import io
import json
import os
from collections.abc import Iterator

from annotator.importing.annotated import AnnotatedDraft
from annotator.importing.characters import (
    MARK,
    first_lone_surrogate,
    replace_lone_surrogates,
    replaced_reason,
)
from annotator.importing.encoding import (
    SAMPLE_BYTES,
    decode_bytes,
    detect_encoding,
    looks_binary,
    normalise_newlines,
)
from annotator.importing.errors import NotAnArticle, ReadError, ReadWarning
from annotator.importing.html import read_html_article
from annotator.importing.label_studio import is_label_config
from annotator.importing.metadata import ImportContext
from annotator.importing.records import csv_header, json_records
from annotator.importing.tabular import read_csv, read_jsonl
from annotator.importing.text import parse_text_article
from annotator.importing.webanno_tsv import is_webanno_tsv, read_webanno_tsv
from annotator.model import ArticleDraft

HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
JSON_EXTENSIONS = {".jsonl", ".ndjson", ".jsonlines", ".json"}
CSV_EXTENSIONS = {".csv"}
TSV_EXTENSIONS = {".tsv", ".tab"}
TEXT_EXTENSIONS = {".txt", ".text"}

#: A scraped article is a few kilobytes; a text file past this is not one article,
#: and reading it whole would cost a few times its size in memory.
TEXT_LIMIT = 256_000_000
#: trafilatura builds an lxml tree of a page, many times its size: a page past
#: this is a dump, not an article.
HTML_LIMIT = 50_000_000


def kind_of(path: str, text: str) -> str:
    """``html``, ``jsonl``, ``csv``, ``tsv``, ``text``, or a tool's format found in the content.

    The content decides first for formats whose first line says what they are
    (WebAnno TSV, a Label Studio labelling config, UIMA XMI and its type
    system), since their extensions (``.tsv``, ``.xml``) promise something else.
    """
    if is_webanno_tsv(text):
        return "webanno-tsv"
    if is_label_config(text):
        return "label-config"
    xml = xml_kind(text)
    if xml:
        return xml
    ext = os.path.splitext(path)[1].lower()
    if ext in HTML_EXTENSIONS:
        return "html"
    if ext in JSON_EXTENSIONS:
        return "jsonl"
    if ext in CSV_EXTENSIONS:
        return "csv"
    if ext in TSV_EXTENSIONS:
        return "tsv"
    if looks_like_html(text):
        return "html"
    if ext not in TEXT_EXTENSIONS and _looks_like_jsonl(text):
        return "jsonl"
    return "text"


def looks_like_html(text: str) -> bool:
    """A page starts with a doctype or ``<html`` (perhaps after an XML declaration)."""
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or (
        head.startswith("<?xml") and "<html" in head
    )


def _looks_like_jsonl(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0].strip()
    if not first.startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def xml_kind(text: str) -> str | None:
    """``xmi`` for a UIMA CAS in XMI (INCEpTION's export), ``typesystem`` for its type system.

    Only an XML document counts (it starts with ``<``): a JSON line or a text
    that merely quotes ``<xmi:XMI`` is what its extension says (found by the fuzzer).
    """
    head = text[:4096]
    if not head.lstrip("\ufeff \t\r\n").startswith("<"):
        return None
    if "<typeSystemDescription" in head:
        return "typesystem"
    if "<xmi:XMI" in head or ("http://www.omg.org/XMI" in head and "cas:" in head):
        return "xmi"
    return None


#: Files of a tool's format that are not articles: why each is skipped.
NOT_ARTICLE_KINDS = {
    "label-config": "a Label Studio labelling config, read for the tasks' text keys; "
                    "not an article",
    "typesystem": "a UIMA type system, read for the XMI files beside it; not an article",
}


def read_path(path: str, context: ImportContext | None = None
              ) -> Iterator[ArticleDraft | AnnotatedDraft | ReadError | ReadWarning]:
    """Every article of one file, and a ReadError for each bad record in it.

    JSON Lines and CSV are decoded and parsed as they are read, record by
    record, so a file of any size costs the memory of one record (and of a
    batch). Text and HTML are one article each and read whole, up to
    :data:`TEXT_LIMIT` and :data:`HTML_LIMIT`. The encoding is detected on the
    first megabyte (:func:`detect_encoding`).

    ``context`` carries what other files of the import said (metadata, the
    text keys of a Label Studio config). Raises ReadError (or OSError) when
    the whole file is unreadable, :class:`NotAnArticle` when it is not one.
    """
    context = context or ImportContext()
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        head = handle.read(SAMPLE_BYTES)
        encoding = detect_encoding(head, size)
        sample = codecs.getincrementaldecoder(encoding)(MARK).decode(
            head, final=size <= len(head))
        kind = kind_of(path, sample)
        if kind in NOT_ARTICLE_KINDS:
            raise NotAnArticle(NOT_ARTICLE_KINDS[kind])
        if kind in ("jsonl", "csv", "tsv"):
            if looks_binary(sample):
                raise ReadError("binary file")
            del head, sample  # not kept through a long file
            handle.seek(0)
            stream = io.TextIOWrapper(handle, encoding=encoding, errors=MARK, newline=None)
            try:
                if kind == "jsonl":
                    yield from read_jsonl(stream, path, size=size,
                                          convert=json_records(context))
                else:
                    yield from read_csv(stream, path, "\t" if kind == "tsv" else None,
                                        by_header=csv_header(context))
            finally:
                stream.detach()  # the file itself is closed by ``with``
            return
        limit = HTML_LIMIT if kind == "html" else TEXT_LIMIT
        if size > limit:
            what = "an HTML page" if kind == "html" else "a text file"
            raise ReadError(f"{what} of {size / 1e6:,.0f} MB is more than the "
                            f"{limit / 1e6:,.0f} MB one article may have; not read")
        del head, sample
        handle.seek(0)
        data = handle.read()
    text = decode_bytes(data, encoding)
    del data  # the bytes and the text of a big file are never held together for long
    text = normalise_newlines(text)
    first = first_lone_surrogate(text)
    if first is not None:
        text, count = replace_lone_surrogates(text)
        yield ReadWarning(replaced_reason(count), text.count("\n", 0, first) + 1)
    if kind == "webanno-tsv":
        yield from read_webanno_tsv(text, path)
        return
    if kind == "xmi":
        from annotator.importing.xmi import read_xmi  # dkpro-cassis loads only when needed

        yield from read_xmi(text, path)
        return
    if kind == "html":
        draft = read_html_article(text, path)
    else:
        draft = parse_text_article(text, path, encoding)
    del text
    yield draft
