"""Which reader a file needs: by extension first, then by a look at its content.

Extensions lie often enough (``.txt`` files that are saved web pages, exports
with no extension at all) that a short look at the decoded text decides the
cases the extension leaves open. Every file is decoded once, here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

from annotator.importing.encoding import decode
from annotator.importing.errors import ReadError
from annotator.importing.html import read_html_article
from annotator.importing.tabular import read_csv, read_jsonl
from annotator.importing.text import parse_text_article
from annotator.model import ArticleDraft

HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
JSON_EXTENSIONS = {".jsonl", ".ndjson", ".jsonlines", ".json"}
CSV_EXTENSIONS = {".csv"}
TSV_EXTENSIONS = {".tsv", ".tab"}
TEXT_EXTENSIONS = {".txt", ".text"}


def kind_of(path: str, text: str) -> str:
    """One of ``html``, ``jsonl``, ``csv``, ``tsv`` or ``text``."""
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


def read_path(path: str) -> Iterator[ArticleDraft | ReadError]:
    """Every article of one file, and a ReadError for each bad record in it.

    Raises ReadError (or OSError) when the whole file is unreadable.
    """
    with open(path, "rb") as handle:
        data = handle.read()
    decoded = decode(data)
    kind = kind_of(path, decoded.text)
    if kind == "html":
        yield read_html_article(decoded.text, path)
    elif kind == "jsonl":
        yield from read_jsonl(decoded.text, path)
    elif kind in ("csv", "tsv"):
        yield from read_csv(decoded.text, path, "\t" if kind == "tsv" else None)
    else:
        yield parse_text_article(decoded.text, path, decoded.encoding)
