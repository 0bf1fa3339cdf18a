"""The one path of annotated imports: another tool's document, mapped and stored.

Every reader of an annotation tool's format (brat, doccano, Label Studio,
WebAnno TSV, XMI) returns :class:`AnnotatedDraft` items: the article exactly as
the offsets count it, plus an :class:`AnnDocument` of spans and links in the
tool's own labels and the coder who made them. :func:`store_annotated` maps the
labels (:mod:`.mapping`) and stores a batch in one transaction, each document
in a savepoint of its own, so a document the project refuses costs one error
line and the rest of the batch is kept.

Rules shared by all formats, for the README:

- the text is stored as the tool had it (offsets count its code points); if
  the project already holds it with other white space, the spans are moved
  onto the stored text (:func:`annotator.team.workflow.realign`);
- a coder who already has annotations on that article is skipped, so
  importing a file twice adds nothing;
- a document's coder marks the article ``done`` (an empty annotation is
  "coded, nothing found"), ``skipped`` when the tool says it was cancelled,
  and nothing for machine predictions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.importing.brat_links import plan_document
from annotator.importing.brat_standoff import AnnDocument
from annotator.importing.errors import CONTENT_ERRORS, ImportIssue
from annotator.model import ArticleDraft
from annotator.spans import counted
from annotator.team.workflow import realign

if TYPE_CHECKING:
    from annotator.importing.mapping import LabelMapping
    from annotator.store import Store


@dataclass
class AnnotatedDraft:
    """One document of another tool: the article, its annotations, who made them.

    ``coder`` None means the store's coder (or the format's name). ``line`` is
    where the document starts in ``draft.source_file``, for messages. ``note``
    goes into the coder's status note (document-level codes such as Label
    Studio choices, which have no span).
    """

    draft: ArticleDraft
    doc: AnnDocument
    format: str
    coder: str | None = None
    line: int | None = None
    status: str | None = "done"
    note: str | None = None
    #: The file messages name, when the annotations are not in the text's file (brat's .ann).
    origin: str | None = None

    @property
    def where(self) -> str:
        return self.origin or self.draft.source_file or self.format


@dataclass
class AnnotationReport:
    """What an annotated import of one format did, and what it could not place."""

    tool: str = "brat"
    files: int = 0
    documents: int = 0
    articles_added: int = 0
    articles_matched: int = 0
    mentions: int = 0
    claims: int = 0
    attributions: int = 0
    notes: int = 0
    coders: set[str] = field(default_factory=set)
    already_imported: list[str] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)
    warnings: list[ImportIssue] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    cancelled: bool = False

    @property
    def failed(self) -> int:
        return len(self.errors)

    def summary(self) -> str:
        text = (f"{self.tool}: {counted(self.files, 'file')}, "
                f"{counted(self.articles_added, 'article')} added, "
                f"{self.articles_matched} already there; {counted(self.mentions, 'mention')}, "
                f"{counted(self.claims, 'claim')}, {counted(self.attributions, 'attribution')}, "
                f"{counted(self.notes, 'note')} "
                f"by {counted(len(self.coders), 'coder')}")
        if self.already_imported:
            text += f"; {counted(len(self.already_imported), 'document')} already imported"
        if self.ignored:
            text += "; ignored: " + ", ".join(f"{k} {n}" for k, n in sorted(self.ignored.items()))
        return text + (" (cancelled)" if self.cancelled else "")

    def format(self) -> str:
        """``error:`` and ``warning:`` lines naming file and line, then the summary."""
        lines = [issue.format() for issue in self.errors + self.warnings]
        return "\n".join([*lines, self.summary()])


def trimmed_spans(trimmed: int, tool: str) -> str:
    """The warning for spans another tool stored with white space at their ends."""
    ends = "its ends" if trimmed == 1 else "their ends"
    return f"{counted(trimmed, tool + ' span')} trimmed of white space at {ends}"


def title_of(body: str, fallback: str) -> str:
    """The first non-blank line, as brat and most annotation tools have no title field."""
    return next((line.strip() for line in body.splitlines() if line.strip()), fallback)[:300]


def store_annotated(store: Store, items: list[AnnotatedDraft], rules: LabelMapping,
                    report: AnnotationReport, default_coder: str | None = None) -> None:
    """Store a batch of documents in one transaction, each in a savepoint of its own.

    A document whose content the project refuses is rolled back alone and
    becomes one error naming its file and line; the counts reach ``report``
    only once the batch is committed, so a failure of the store itself (which
    propagates) leaves no count of rows that were not kept.
    """
    done: list[tuple[AnnotatedDraft, _Outcome]] = []
    failed: list[ImportIssue] = []
    with store.transaction():
        for item in items:
            try:
                with store.transaction():
                    done.append((item, _store_one(store, item, rules, default_coder)))
            except CONTENT_ERRORS as exc:
                failed.append(ImportIssue(item.where, item.line, (
                    f"{item.format} document not imported ({type(exc).__name__}: {exc}); "
                    "nothing of it was stored")))
    report.errors.extend(failed)
    for item, outcome in done:
        outcome.fold_into(report, item)


@dataclass
class _Outcome:
    article_id: int | None = None
    added: bool = False
    coder: str = ""
    skipped_as_imported: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[tuple[int | None, str]] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)
    error: str | None = None

    def fold_into(self, report: AnnotationReport, item: AnnotatedDraft) -> None:
        report.documents += 1
        if self.error:
            report.errors.append(ImportIssue(item.where, item.line, self.error))
            return
        for line, reason in self.warnings:
            report.warnings.append(ImportIssue.warning(item.where, line or item.line, reason))
        report.ignored.update(self.ignored)
        if self.skipped_as_imported:
            report.already_imported.append(item.where)
        for key, n in self.counts.items():
            setattr(report, key, getattr(report, key) + n)
        report.coders.add(self.coder)
        if self.article_id is not None:
            report.article_ids.append(self.article_id)
            if self.added:
                report.articles_added += 1
            else:
                report.articles_matched += 1


def _store_one(store: Store, item: AnnotatedDraft, rules: LabelMapping,
               default_coder: str | None) -> _Outcome:
    body = item.draft.body
    outcome = _Outcome(coder=item.coder or default_coder or store.coder_name or item.format)
    result = store.add_articles([item.draft], index=False)
    if result.inserted:
        outcome.article_id, target_body, outcome.added = result.inserted[0], body, True
    else:
        outcome.article_id = result.duplicates[0][1]
        target_body = store.article(outcome.article_id).body
    try:
        mapper = None if target_body == body else realign(body, target_body)
    except ValueError:
        outcome.article_id = None
        outcome.error = ("the stored article with this content differs; "
                         "annotations not imported")
        return outcome
    with store.acting_as(outcome.coder) as coder_id:
        if store.coder_has_annotations(outcome.article_id, coder_id):
            outcome.skipped_as_imported = True
            return outcome
        plan = plan_document(item.doc, body, rules, mapper, target_body)
        outcome.counts = plan.apply(store, outcome.article_id)
        if item.status:
            store.set_status(outcome.article_id, item.status, note=item.note)
    outcome.warnings = plan.warnings
    outcome.ignored = plan.ignored + item.doc.skipped
    return outcome


def offsets(value: object, text: str) -> tuple[int, int] | str:
    """``(start, end)`` of a span given as two numbers, or why they cannot be used."""
    start, end = value if isinstance(value, (list, tuple)) and len(value) == 2 else (None, None)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        return f"offsets {value!r} are not two whole numbers"
    if not 0 <= start < end <= len(text):
        return f"span {start}-{end} is empty or outside the text ({len(text)} characters)"
    return start, end
