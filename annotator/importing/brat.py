"""Import brat standoff (``.txt`` + ``.ann``) into articles, mentions, claims and attributions.

:func:`import_brat` pairs each ``.ann`` file with its text, stores the text as
an article (exactly as it is, since the offsets count its code points), and
turns the annotations into ours under a :class:`BratMapping`:

- entity types (``PER``, ``Organization`` ...) become entity mentions;
- *source* types (PolNeAR's ``Source``) become a mention of an entity named by
  the covered text *and* the source of the attribution they take part in;
- *cue* types become the attribution's cue, *claim* types (``Content``) claims;
- an event or relation of an *attribution* type links them: one attribution
  per claim it names (PolNeAR's ``Content2`` is a second claim with the same
  source and cue); without a cue argument, the event's trigger is the cue.

Choices, for ``docs/agreement.md`` and the README:

- A discontinuous span (``3742 4033;4188 4420``) is stored as its full extent
  (3742..4420), the only thing one row can hold; the fragments are written
  into the note of the claim it belongs to ("brat fragments: ...") so nothing
  is lost. Token-level agreement gives source and cue precedence over the
  claim, so the gap (usually the source and cue) is not counted as content.
- ``AnnotatorNotes`` on a claim, or on an attribution or its parts, go into
  the claim's note; notes on plain mentions (which have no note field) and
  attributes, normalisations and unmapped types are counted in the report.
- The annotator ID suffix of ``<doc>_4b22.ann`` (when ``<doc>.txt`` exists
  and ``<doc>_4b22.txt`` does not) is the coder; otherwise ``coder``, else the
  store's coder, else "brat". Each imported file marks the article done for its
  coder, so an empty ``.ann`` counts as "coded, nothing found".
- A file whose coder already has annotations on that article is skipped, so
  importing a folder twice adds nothing. Each file is one transaction.
- ``infer_kind``: brat schemes seldom code the kind of attribution, so it is
  guessed: "according to" cues, quoted content (direct quote), else indirect.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.importing.annotated import (
    AnnotatedDraft,
    AnnotationReport,
    store_annotated,
    title_of,
)
from annotator.importing.brat_standoff import parse_ann
from annotator.importing.errors import CONTENT_ERRORS, ImportIssue
from annotator.importing.mapping import LabelMapping, load_mapping, mapping_error
from annotator.model import ArticleDraft

if TYPE_CHECKING:
    from annotator.store import Store

Progress = Callable[[int, int, str], None]


#: brat's mapping is the one mapping of every annotated import (kept under its old name).
BratMapping = LabelMapping


#: The report of a brat import is that of any annotated import.
BratReport = AnnotationReport


# -- pairing files ------------------------------------------------------------------------------

def find_pairs(paths: Iterable[str | os.PathLike[str]], errors: list[ImportIssue]
               ) -> list[tuple[Path, Path, str | None]]:
    """``(ann, txt, coder suffix or None)`` for every ``.ann`` under ``paths``.

    The text is ``<doc>.txt`` beside the ``.ann``, or in a sibling ``text/``
    folder (PolNeAR's layout), or anywhere under the given folders; failing
    that, ``<doc>_<id>.ann`` pairs with ``<doc>.txt`` and ``<id>`` is the coder.
    """
    anns, texts = [], {}
    for given in map(Path, paths if not isinstance(paths, (str, os.PathLike)) else [paths]):
        if given.is_dir():
            for root, dirs, names in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.endswith(".ann") and not name.startswith("."):
                        anns.append(Path(root) / name)
                    elif name.endswith(".txt"):
                        texts.setdefault(name, Path(root) / name)
        elif given.suffix == ".ann" and given.is_file():
            anns.append(given)
        elif given.suffix == ".txt" and given.with_suffix(".ann").is_file():
            anns.append(given.with_suffix(".ann"))
        else:
            errors.append(ImportIssue(str(given), None, "not a brat .ann file or folder"))
    pairs = []
    for ann in dict.fromkeys(anns):
        stem = ann.name[:-4]
        base, _, suffix = stem.rpartition("_")
        for name, coder in [(stem, None)] + ([(base, suffix)] if base else []):
            found = _text_for(ann, name + ".txt", texts)
            if found:
                pairs.append((ann, found, coder))
                break
        else:
            errors.append(ImportIssue(str(ann), None, f"no text file {stem}.txt for it"))
    return pairs


def paired_files(paths: Iterable[str | os.PathLike[str]]) -> set[str]:
    """Every ``.ann`` under ``paths`` and the text it pairs with (normalised paths)."""
    return {os.path.normpath(p) for ann, txt, _ in find_pairs(paths, []) for p in (ann, txt)}


def _text_for(ann: Path, name: str, texts: dict[str, Path]) -> Path | None:
    for candidate in (ann.with_name(name), ann.parent.parent / "text" / name):
        if candidate.is_file():
            return candidate
    return texts.get(name)


# -- importing ----------------------------------------------------------------------------------

def import_brat(store: Store, folder_or_files: str | os.PathLike | Iterable[str | os.PathLike],
                *, mapping: BratMapping | Mapping[str, Any] | str | os.PathLike | None = None,
                coder: str | None = None, progress: Progress | None = None,
                cancel: Callable[[], bool] | None = None,
                enrich: Callable[[ArticleDraft], ArticleDraft] | None = None) -> BratReport:
    """Import brat ``.ann`` files (and their texts) from files and folders into ``store``.

    ``progress(done, total, path)`` and ``cancel()`` work as in
    :func:`annotator.importing.import_paths`; ``enrich`` adds what is known
    about an article from beside it (:mod:`.metadata`). Bad files and lines go to
    ``report.errors`` and ``report.warnings``; the rest of the import goes on.
    """
    report = BratReport()
    try:
        rules = load_mapping(mapping)
    except (OSError, ValueError) as exc:  # a missing, unreadable or wrong mapping file
        report.errors.append(ImportIssue(*mapping_error(mapping, exc)))
        return report
    pairs = find_pairs(folder_or_files, report.errors)
    default_coder = coder or store.coder_name or "brat"
    for done, (ann, txt, suffix) in enumerate(pairs):
        if cancel is not None and cancel():
            report.cancelled = True
            break
        if progress is not None:
            progress(done, len(pairs), str(ann))
        report.files += 1
        _import_file(store, ann, txt, rules, suffix or default_coder, report, enrich)
    if progress is not None:
        progress(report.files, len(pairs), "")
    return report


def _import_file(store: Store, ann: Path, txt: Path, rules: BratMapping, coder: str,
                 report: BratReport,
                 enrich: Callable[[ArticleDraft], ArticleDraft] | None) -> None:
    """One ``.ann`` and its text, in one transaction: whole, or one error line and nothing."""
    try:
        body = _read_text(txt, report)
        doc = parse_ann(ann.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        report.errors.append(ImportIssue(str(ann), None, f"cannot read: {exc}"))
        return
    for line, reason in doc.problems:
        report.warnings.append(ImportIssue.warning(str(ann), line, reason))
    try:
        _import_one(store, ann, txt, body, doc, rules, coder, report, enrich)
    except CONTENT_ERRORS as exc:  # rolled back whole; a store failure propagates
        report.errors.append(ImportIssue(str(ann), None, f"not imported ({type(exc).__name__}: "
                                         f"{exc}); nothing of it was stored"))


def _read_text(path: Path, report: BratReport) -> str:
    """The text exactly as brat counts it: UTF-8, line ends kept (offsets depend on them)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        report.warnings.append(ImportIssue.warning(str(path), None, "not UTF-8; read as "
                                                   "cp1252, so brat offsets may be off"))
        return data.decode("cp1252", errors="replace")


def _import_one(store: Store, ann: Path, txt: Path, body: str, doc, rules: BratMapping,
                coder: str, report: BratReport,
                enrich: Callable[[ArticleDraft], ArticleDraft] | None) -> None:
    draft = ArticleDraft(title_of(body, txt.stem), body, source_file=str(txt),
                         extra={"brat": {"text": txt.name}})
    if enrich is not None:
        draft = enrich(draft)
    store_annotated(store, [AnnotatedDraft(draft, doc, "brat", coder=coder, origin=str(ann))],
                    rules, report)
