"""Saved web pages: the article text and its metadata, without the page around it.

trafilatura finds the main text and leaves navigation, ads, sidebars and
footers out, and reads title, date, URL and site name from the page's
metadata. Its options favour precision: a coder would rather add a missing
paragraph by hand than code an ad as part of the article. Date guessing from
free text is off, so a copyright year never becomes a publication date.
"""

from __future__ import annotations

from typing import Any

from annotator.importing.dates import parse_date
from annotator.importing.errors import ReadError
from annotator.model import ArticleDraft, normalise_body

_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html_article(text: str, source_file: str | None = None) -> ArticleDraft:
    """Extract one article from the text of an HTML page."""
    import trafilatura  # heavy import (lxml, justext): only when a page is read

    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=True,
            favor_precision=True, date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, AttributeError) as exc:  # lxml chokes on odd markup
        raise ReadError(f"could not parse the HTML: {exc}") from None
    meta: dict[str, Any] = {}
    if doc is not None:
        meta = doc if isinstance(doc, dict) else doc.as_dict()
    title = (meta.get("title") or "").strip()
    paragraphs = [line.strip() for line in (meta.get("text") or "").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and title and normalise_body(paragraphs[0]) == normalise_body(title):
        paragraphs = paragraphs[1:]  # the page's <h1>, already our title
    if not paragraphs:
        raise ReadError("no article text found in the HTML page")
    extra = {
        key: meta[key] for key in ("author", "description", "hostname", "language")
        if meta.get(key)
    }
    raw_date = meta.get("date") or None
    return ArticleDraft(
        title=title,
        # One blank line between paragraphs, as in scraped text files.
        body="\n\n".join(paragraphs),
        published=parse_date(raw_date),
        published_raw=raw_date,
        outlet=meta.get("sitename") or None,
        url=meta.get("url") or None,
        source_file=source_file,
        extra=extra,
    )
