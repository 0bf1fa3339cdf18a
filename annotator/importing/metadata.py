"""What is known about the articles from beside them: a metadata table, file and folder names.

Corpora keep their metadata out of the texts: PolNeAR has a ``metadata.tsv``
(one row per file: publisher, publication date, author, title ...) and names
its files ``<outlet>_<YYYY-MM-DD>_<slug>.txt``; bbc-news has only its category
folders. :class:`ImportContext` gathers such things before an import reads the
files, and :meth:`ImportContext.enrich` fills an article's ``published`` and
``outlet`` from them (never over what the file itself said) and puts the rest
in ``extra["fields"]`` beside the other unmapped fields, where the export finds
them.

It also carries what one file tells the readers of another: the data keys a
Label Studio labelling config names for its texts.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.importing.dates import parse_date
from annotator.model import ArticleDraft

#: Files that describe a corpus rather than hold an article: skipped with a note.
NOT_ARTICLES = re.compile(r"^(?:[a-z0-9]+_)?(?:readme|manifest|licen[cs]e|copying|changelog"
                          r"|changes|notice|authors|citation)(?:[_.-][a-z0-9]{1,8})?$", re.I)
#: Names of a metadata table beside the texts.
METADATA_NAMES = ("metadata.tsv", "metadata.csv")
#: ``breitbart_2016-03-11_activists-brick-up.txt``: outlet, date, slug.
DATED_NAME = re.compile(r"^([a-z][a-z0-9-]*)_(\d{4}-\d{2}-\d{2})_")
#: How corpora write "no value" (PolNeAR uses all three).
NULLS = {"", "none", "na", "n/a", "null", "nan"}
FILE_COLUMNS = ("filename", "file", "file_name", "path", "name", "document", "doc")
DATE_COLUMNS = ("publication_date", "published", "date", "pubdate")
OUTLET_COLUMNS = ("publisher", "outlet", "source", "newspaper", "medium")


#: brat's configuration files, which lie beside the documents of a brat folder.
BRAT_CONFIGS = {"annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf"}


def not_an_article(path: str) -> str | None:
    """Why a file is not an article (a README, a manifest, a licence), or None."""
    if os.path.basename(path) in BRAT_CONFIGS:
        return "a brat configuration file; not an article"
    if path.lower().endswith(".toml"):  # the mapping.toml an export writes beside its files
        return "a TOML file (a label mapping or a codebook); not an article"
    if NOT_ARTICLES.match(os.path.splitext(os.path.basename(path))[0]):
        return "describes the corpus, not an article (README, MANIFEST, LICENSE ...); skipped"
    return None


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def _null(value: Any) -> bool:
    return value is None or str(value).strip().lower() in NULLS


@dataclass
class ImportContext:
    """Metadata rows by file stem, the folder column, Label Studio's text keys."""

    metadata: dict[str, dict[str, str]] = field(default_factory=dict)
    folder_column: str | None = None
    text_keys: dict[str, str] = field(default_factory=dict)
    #: The metadata tables read (absolute paths): not imported as articles themselves.
    metadata_files: set[str] = field(default_factory=set)

    def load_metadata(self, text: str) -> int:
        """Read a metadata table (tab- or comma-separated, with a file column); rows read."""
        first = text.split("\n", 1)[0]
        reader = csv.DictReader(io.StringIO(text), delimiter="\t" if "\t" in first else ",")
        header = {h.strip().lower(): h for h in reader.fieldnames or []}
        key = next((header[c] for c in FILE_COLUMNS if c in header), None)
        if key is None:
            raise ValueError("a metadata table needs a filename column")
        count = 0
        for row in reader:
            name = row.get(key)
            if not _null(name):
                self.metadata[_stem(name.strip())] = {
                    k.strip().lower(): v.strip() for k, v in row.items()
                    if k and isinstance(v, str) and not _null(v)}
                count += 1
        return count

    def enrich(self, draft: ArticleDraft) -> ArticleDraft:
        """The draft with what its file name, folder and metadata row say about it."""
        if not draft.source_file:
            return draft
        changes: dict[str, Any] = {}
        fields: dict[str, Any] = {}
        row = self.metadata.get(_stem(draft.source_file))
        named = DATED_NAME.match(os.path.basename(draft.source_file))
        raw_date = next((row[c] for c in DATE_COLUMNS if row and c in row), None) or (
            named.group(2) if named else None)
        outlet = next((row[c] for c in OUTLET_COLUMNS if row and c in row), None) or (
            named.group(1) if named else None)
        if draft.published is None and raw_date:
            changes.update(published=parse_date(raw_date), published_raw=raw_date)
        if draft.outlet is None and outlet:
            changes["outlet"] = outlet
        if row:
            used = set(DATE_COLUMNS) | set(OUTLET_COLUMNS) | set(FILE_COLUMNS)
            fields.update({k: v for k, v in row.items() if k not in used
                           and not (k == "title" and v == draft.title)})
        if self.folder_column:
            folder = os.path.basename(os.path.dirname(os.path.abspath(draft.source_file)))
            fields[self.folder_column] = folder
        if fields:
            extra = dict(draft.extra)
            extra["fields"] = {**fields, **extra.get("fields", {})}
            changes["extra"] = extra
        return replace(draft, **changes) if changes else draft
