"""Import articles from files and folders into a project: the one entry point.

:func:`import_paths` is what the CLI and the GUI call. It walks folders,
picks a reader per file (:mod:`.detect`), and hands articles to the store in
batches, one transaction each, so a kill mid-import leaves whole articles and
a re-run skips what is already there (the store drops known content hashes).

Nothing a file contains can make it raise: each unreadable file or record
becomes one :class:`ImportIssue` in the :class:`ImportReport`, and the rest
goes on; a record imported with a caveat (a character replaced, a brat
annotation left out) is a warning there. A draft the store refuses for its own
content fails alone. Only store failures (a full disk, a lock held too long, a
read-only file) propagate, since going on would lose articles silently.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.importing.annotated import AnnotatedDraft, AnnotationReport, store_annotated
from annotator.importing.characters import clean_draft, replaced_reason
from annotator.importing.detect import kind_of, read_path
from annotator.importing.errors import (
    CONTENT_ERRORS,
    ImportIssue,
    NotAnArticle,
    ReadError,
    ReadWarning,
)
from annotator.importing.label_studio import is_label_config, text_keys
from annotator.importing.mapping import LabelMapping, load_mapping, mapping_error
from annotator.importing.metadata import METADATA_NAMES, ImportContext, not_an_article
from annotator.importing.text import read_text_article
from annotator.model import ArticleDraft
from annotator.spans import counted
from annotator.store.errors import StoreError

if TYPE_CHECKING:
    from annotator.store import Store

__all__ = [
    "ImportContext",
    "ImportIssue",
    "ImportReport",
    "ReadError",
    "ReadWarning",
    "collect_files",
    "import_paths",
    "kind_of",
    "read_path",
    "read_text_article",
]

Progress = Callable[[int, int, str], None]

#: A batch is stored once it holds this many characters of body text, even
#: before ``batch_size`` articles: 8 MB is about 40 ms of storing here.
BATCH_CHARS = 8_000_000


@dataclass
class ImportReport:
    """What an import did: counts for the summary, issues for the error list.

    ``article_ids`` are the new articles (for the GUI to select or refresh);
    ``duplicate_of`` pairs each skipped duplicate's file with the id of the
    article already stored. ``warnings`` are records that imported with a
    caveat; they do not count as failed. ``notes`` are files skipped on
    purpose (a README) or read for what they say about others (metadata).
    ``annotated`` holds one report per tool whose annotations came along.
    """

    imported: int = 0
    duplicates: int = 0
    #: A tool's documents whose text was stored already (another coder's copy of it):
    #: not skipped, their annotations were added to that article.
    matched: int = 0
    files: int = 0
    cancelled: bool = False
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    notes: list[ImportIssue] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    duplicate_of: list[tuple[str | None, int]] = field(default_factory=list)
    #: Per tool ("brat", "doccano" ...): its annotations and their coders.
    annotated: dict[str, AnnotationReport] = field(default_factory=dict)
    #: Why the project stopped taking articles (full disk, read-only, locked): one line.
    stopped: str | None = None

    @property
    def failed(self) -> int:
        """Files or records that were skipped as unreadable."""
        return len(self.errors)

    def summary(self) -> str:
        text = f"imported {counted(self.imported, 'article')} from {counted(self.files, 'file')}, "
        if self.matched:
            text += f"{counted(self.matched, 'copy')} of stored articles (annotations added), "
        text += f"{counted(self.duplicates, 'duplicate')} skipped, {self.failed} failed"
        if self.warnings:
            text += f", {counted(len(self.warnings), 'warning')}"
        if self.notes:
            text += f", {counted(len(self.notes), 'note')}"
        if self.stopped:
            text += " (stopped: the project could not be written, see below)"
        return text + (" (cancelled)" if self.cancelled else "")

    @property
    def brat(self) -> AnnotationReport | None:
        """The brat part of the import, if any (the name it had before other tools came)."""
        return self.annotated.get("brat")

    def issues(self) -> list[ImportIssue]:
        """Notes, warnings, then errors: what the coder should read, the failures last."""
        return self.notes + self.warnings + self.errors

    def annotation_summaries(self) -> list[str]:
        return [report.summary() for report in self.annotated.values()]

    def format(self) -> str:
        """One ``warning:`` or ``error: PATH[:LINE]: reason`` line per issue, then the summary."""
        return "\n".join([issue.format() for issue in self.issues()] + [self.summary()])

    def add_brat(self, brat: AnnotationReport) -> None:
        """Fold a brat import into this report: its articles count like any other."""
        self.annotated["brat"] = brat
        self.files += brat.files
        self.imported += brat.articles_added
        self.matched += brat.articles_matched  # another coder's copy: annotations added
        self.article_ids.extend(brat.article_ids)
        self.errors.extend(brat.errors)
        self.warnings.extend(brat.warnings)
        self.cancelled = self.cancelled or brat.cancelled


def holds_brat(path: str) -> bool:
    """A ``.ann`` file, or a folder with one anywhere below: brat standoff, not plain text.

    The ``.txt`` files paired with ``.ann`` files are the annotated documents
    and go through the brat reader together with them, or they would be
    imported a second time as plain articles; the folder's other files (a
    doccano export, a README, a text without annotations) are read as anywhere.
    """
    if os.path.isfile(path):
        return path.endswith(".ann")
    return any(name.endswith(".ann") for _, _, names in os.walk(path) for name in names)


def collect_files(paths: Iterable[str | os.PathLike[str]],
                  errors: list[ImportIssue] | None = None) -> list[str]:
    """The files to import: given files as they are, folders walked in sorted order.

    Hidden files and folders (a leading dot: ``.DS_Store``, ``.git``) inside a
    folder are skipped; a hidden file named explicitly is read. Paths keep the
    form the caller gave, so messages and ``source_file`` match what they typed.
    Missing paths go to ``errors``.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[str] = []
    for given in paths:
        path = os.fspath(given)
        if os.path.isdir(path):
            files.extend(_walk(path))
        elif os.path.isfile(path):
            files.append(path)
        elif errors is not None:
            errors.append(ImportIssue(path, None, "no such file or folder"))
    return files


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(root, name)
            if not name.startswith(".") and os.path.isfile(path):
                yield path


def import_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    batch_size: int = 200,
    cancel: Callable[[], bool] | None = None,
    brat_mapping: str | os.PathLike[str] | None = None,
    mapping: LabelMapping | str | os.PathLike[str] | None = None,
    folder_column: str | None = None,
) -> ImportReport:
    """Import every article in ``paths`` (files and folders) into ``store``.

    ``progress(done_files, total_files, current_path)`` is called before each
    file with the number already finished, and once more at the end with
    ``done_files == total_files``. ``cancel()`` is asked between files and
    between batches; when it says True the articles read so far are stored and
    the report comes back with ``cancelled`` set. Both may be called from a
    worker thread: the store must belong to that thread.

    A ``.ann`` file, or a folder holding any, is brat standoff: it goes to
    :func:`annotator.importing.brat.import_brat`, bringing its annotations
    along. doccano, Label Studio, WebAnno TSV and XMI files are found by their
    content and bring theirs. ``mapping`` (a TOML file, a shipped mapping's
    name, or a :class:`LabelMapping`; ``brat_mapping`` is its old name) says
    what their labels mean; the default reads the corpora in ``../shared``.

    A ``metadata.tsv`` in (or above) a folder fills the date and outlet of the
    files it lists; ``folder_column`` names a field that takes each file's
    folder name (bbc-news' category). README, MANIFEST and similar files are
    skipped with a note.
    """
    report = ImportReport()
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [os.fspath(p) for p in paths]
    given = mapping if mapping is not None else brat_mapping
    try:
        rules = load_mapping(given)
    except (OSError, ValueError) as exc:  # one error line; nothing is imported under it
        report.errors.append(ImportIssue(*mapping_error(given, exc)))
        return report
    context = ImportContext(folder_column=folder_column)
    try:
        _import_into(store, paths, report, progress, batch_size, cancel, rules, context)
    except StoreError as exc:  # the file's fault: what was stored stays, the rest waits
        report.stopped = str(exc)
    return report


def _import_into(store: Store, paths: list[str], report: ImportReport,
                 progress: Progress | None, batch_size: int,
                 cancel: Callable[[], bool] | None,
                 rules: LabelMapping, context: ImportContext) -> None:
    _read_metadata(paths, context, report)
    brat_paths = [p for p in paths if os.path.exists(p) and holds_brat(p)]
    beside_brat: list[str] = []
    if brat_paths:
        from annotator.importing.brat import import_brat, paired_files

        report.add_brat(import_brat(store, brat_paths, mapping=rules, progress=progress,
                                    cancel=cancel, enrich=context.enrich))
        paths = [p for p in paths if p not in brat_paths]
        # The other files of those folders (a doccano export, a README, a text without
        # annotations) are read as they would be anywhere else.
        paired = paired_files(brat_paths)
        beside_brat = [f for f in collect_files([p for p in brat_paths if os.path.isdir(p)])
                       if not f.endswith(".ann") and os.path.normpath(f) not in paired]
    unique = {os.path.normpath(f): f for f in beside_brat + collect_files(paths, report.errors)}
    files = [f for f in unique.values()
             if not _is_project(store, f) and not _is_metadata(f, context)]
    files = _read_configs(files, context, report)
    batch: list[ArticleDraft] = []
    annotated: list[AnnotatedDraft] = []
    batch_chars = 0
    total = len(files)
    current = ""
    for done, path in enumerate(files):
        if cancel is not None and cancel():
            report.cancelled = True
            break
        current = path
        if progress is not None:
            progress(done, total, path)
        skip = not_an_article(path)
        if skip:
            report.notes.append(ImportIssue.note(path, skip))
            continue
        report.files += 1
        tools: set[str] = set()
        for item in _read_safely(path, context):
            if isinstance(item, NotAnArticle):
                report.notes.append(ImportIssue.note(path, item.reason))
                report.files -= 1
            elif isinstance(item, ReadError):
                report.errors.append(ImportIssue(path, item.line, item.reason))
            elif isinstance(item, ReadWarning):
                report.warnings.append(ImportIssue.warning(path, item.line, item.reason))
            elif isinstance(item, AnnotatedDraft):
                item.draft = _cleaned(context.enrich(item.draft), path, report)
                annotated.append(item)
                tools.add(item.format)
                batch_chars += len(item.draft.body)
            else:
                batch.append(_cleaned(context.enrich(item), path, report))
                batch_chars += len(item.body)
            # Long bodies end a batch early: its one transaction (which a coder
            # editing meanwhile waits for) stays short, and memory with it.
            if len(batch) + len(annotated) >= batch_size or batch_chars >= BATCH_CHARS:
                _flush(store, batch, report)
                _flush_annotated(store, annotated, rules, report)
                batch_chars = 0
                # A batch boundary in a long JSONL or CSV file is also a safe place to stop.
                if cancel is not None and cancel():
                    report.cancelled = True
                    break
        item = None  # a 200 MB article is not kept alive through the indexing pass
        for tool in tools:
            _annotation_report(report, tool).files += 1
        if report.cancelled:
            break
    _flush(store, batch, report)
    _flush_annotated(store, annotated, rules, report)
    store.index_pending()  # one pass over the new articles: far cheaper than per batch
    if progress is not None:
        progress(report.files if report.cancelled else total, total, current)


def _is_project(store: Store, path: str) -> bool:
    """The project file itself (or its -wal, -shm, -journal) inside a folder being imported.

    It must never be opened with Python file I/O: closing that descriptor would
    drop this process's SQLite locks on it (see DESIGN.md). It is skipped
    without a word, like the hidden files beside it.
    """
    project = getattr(store, "path", None)
    if project is None:
        return False
    name = os.path.basename(path)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if name == project.name + suffix:
            try:
                return os.path.samefile(path, f"{project}{suffix}")
            except OSError:
                return False
    return False


def _read_metadata(paths: list[str], context: ImportContext, report: ImportReport) -> None:
    """Metadata tables in (or below) the given folders, or in the folder above each.

    PolNeAR keeps its ``metadata.tsv`` above the ``train/`` and ``dev/`` folders,
    so importing one of those finds it too.
    """
    places: list[str] = []
    for given in paths:
        folder = given if os.path.isdir(given) else os.path.dirname(given) or "."
        places.append(os.path.dirname(os.path.abspath(folder)))
        if os.path.isdir(given):
            places.extend(os.path.dirname(f) for f in _walk(given)
                          if os.path.basename(f) in METADATA_NAMES)
        else:
            places.append(folder)
    for where in dict.fromkeys(places):
        for name in METADATA_NAMES:
            table = os.path.join(where, name)
            key = os.path.abspath(table)
            if key in context.metadata_files or not os.path.isfile(table):
                continue
            try:
                with open(table, encoding="utf-8-sig") as fh:
                    count = context.load_metadata(fh.read())
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                report.warnings.append(ImportIssue.warning(
                    table, None, f"not read as a metadata table: {exc}"))
                continue
            context.metadata_files.add(key)
            report.notes.append(ImportIssue.note(table, (
                f"metadata of {counted(count, 'file')}: their date, outlet and other columns "
                "fill the articles imported from them")))


def _is_metadata(path: str, context: ImportContext) -> bool:
    return os.path.abspath(path) in context.metadata_files


def _read_configs(files: list[str], context: ImportContext, report: ImportReport) -> list[str]:
    """Label Studio labelling configs among the files: read for the tasks' text keys first."""
    for path in files:
        if not path.lower().endswith(".xml"):
            continue
        try:
            with open(path, encoding="utf-8-sig") as fh:
                text = fh.read(1_000_000)
            if is_label_config(text):
                context.text_keys.update(text_keys(text))
        except (OSError, UnicodeDecodeError, ValueError, SyntaxError) as exc:
            report.warnings.append(ImportIssue.warning(path, None, f"not read: {exc}"))
    return files


def _annotation_report(report: ImportReport, tool: str) -> AnnotationReport:
    return report.annotated.setdefault(tool, AnnotationReport(tool=tool))


def _flush_annotated(store: Store, items: list[AnnotatedDraft], rules: LabelMapping,
                     report: ImportReport) -> None:
    """Store a batch of annotated documents (one transaction) and count them per tool."""
    if not items:
        return
    by_tool: dict[str, list[AnnotatedDraft]] = {}
    for item in items:
        by_tool.setdefault(item.format, []).append(item)
    for tool, group in by_tool.items():
        tool_report = _annotation_report(report, tool)
        before = (tool_report.articles_added, tool_report.articles_matched,
                  len(tool_report.errors), len(tool_report.warnings), len(tool_report.article_ids))
        store_annotated(store, group, rules, tool_report)
        report.imported += tool_report.articles_added - before[0]
        report.matched += tool_report.articles_matched - before[1]
        report.errors.extend(tool_report.errors[before[2]:])
        report.warnings.extend(tool_report.warnings[before[3]:])
        known = set(report.article_ids)
        report.article_ids.extend(i for i in dict.fromkeys(tool_report.article_ids[before[4]:])
                                  if i not in known)
    items.clear()


def _read_safely(path: str, context: ImportContext
                 ) -> Iterator[ArticleDraft | AnnotatedDraft | ReadError | ReadWarning
                               | NotAnArticle]:
    """The reader's output, with any failure of the file turned into a ReadError."""
    try:
        yield from read_path(path, context)
    except (ReadError, NotAnArticle) as exc:
        yield exc
    except OSError as exc:
        yield ReadError(exc.strerror or str(exc))
    except RecursionError:
        yield ReadError("could not read the file (nested too deeply)")
    except Exception as exc:  # noqa: BLE001 - a reader bug must not end the whole import
        yield ReadError(f"could not read the file ({type(exc).__name__}: {exc})")


def _cleaned(draft: ArticleDraft, path: str, report: ImportReport) -> ArticleDraft:
    """The draft without code points the store cannot take, each case a warning."""
    try:
        draft, count = clean_draft(draft)
    except RecursionError:  # an absurdly nested extra field: the store will refuse it alone
        return draft
    if count:
        report.warnings.append(ImportIssue.warning(path, _line_of(draft), replaced_reason(count)))
    return draft


def _line_of(draft: ArticleDraft) -> int | None:
    line = draft.extra.get("line") if isinstance(draft.extra, dict) else None
    return line if isinstance(line, int) else None


def _flush(store: Store, batch: list[ArticleDraft], report: ImportReport) -> None:
    """Store the batch in one transaction; if a draft's content is refused, each alone.

    The batch was rolled back whole, so storing its drafts one by one loses
    nothing and finds the bad ones: each fails with one error naming its file
    and line, and the rest of the batch is stored.
    """
    if not batch:
        return
    try:
        _record(report, store.add_articles(batch, index=False))
    except CONTENT_ERRORS:
        for draft in batch:
            try:
                _record(report, store.add_articles([draft], index=False))
            except CONTENT_ERRORS as exc:
                report.errors.append(ImportIssue(
                    draft.source_file or "", _line_of(draft),
                    f"could not be stored ({type(exc).__name__}: {exc})"))
    batch.clear()


def _record(report: ImportReport, result) -> None:
    report.imported += len(result.inserted)
    report.article_ids.extend(result.inserted)
    report.duplicates += len(result.duplicates)
    report.duplicate_of.extend((draft.source_file, old) for draft, old in result.duplicates)
