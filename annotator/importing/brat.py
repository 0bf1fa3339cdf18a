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
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.importing.brat_links import plan_document
from annotator.importing.brat_standoff import parse_ann
from annotator.importing.errors import CONTENT_ERRORS, ImportIssue
from annotator.model import ArticleDraft
from annotator.team.workflow import realign

if TYPE_CHECKING:
    from annotator.store import Store

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BratMapping:
    """Which brat types mean what; every field may be set from a dict or a TOML file."""

    entities: Mapping[str, str] = field(default_factory=lambda: {
        "PER": "PERSON", "Person": "PERSON", "PERSON": "PERSON",
        "ORG": "ORG", "Organization": "ORG", "Organisation": "ORG",
        "LOC": "GPE/LOC", "Location": "GPE/LOC", "GPE": "GPE/LOC", "MISC": "OTHER"})
    sources: Mapping[str, str] = field(default_factory=lambda: {"Source": "OTHER"})
    cues: frozenset[str] = frozenset({"Cue"})
    claims: frozenset[str] = frozenset({"Content"})
    attributions: frozenset[str] = frozenset({"Attribution", "Attribution-no-source"})
    equivalences: frozenset[str] = frozenset({"Alias", "Equiv"})
    kinds: Mapping[str, str] = field(default_factory=dict)
    infer_kind: bool = True
    claimant_from_source: bool = True


def load_mapping(mapping: BratMapping | Mapping[str, Any] | str | os.PathLike | None
                 ) -> BratMapping:
    """A mapping from a BratMapping, a dict or a TOML file; given keys replace the defaults.

    TOML example::

        infer_kind = false
        cues = ["Cue", "Speech-verb"]
        [sources]
        Source = "PERSON"
    """
    if mapping is None or isinstance(mapping, BratMapping):
        return mapping or BratMapping()
    if not isinstance(mapping, Mapping):
        with open(mapping, "rb") as fh:
            mapping = tomllib.load(fh)
    known = {f.name for f in fields(BratMapping)}
    unknown = set(mapping) - known
    if unknown:
        raise ValueError(f"unknown brat mapping key(s): {', '.join(sorted(unknown))}")
    values = {k: frozenset(v) if isinstance(getattr(BratMapping(), k), frozenset) else v
              for k, v in mapping.items()}
    return replace(BratMapping(), **values)


@dataclass
class BratReport:
    """What a brat import did, and what it could not place (nothing is dropped silently)."""

    files: int = 0
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
        text = (f"brat: {self.files} file(s), {self.articles_added} article(s) added, "
                f"{self.articles_matched} already there; {self.mentions} mentions, "
                f"{self.claims} claims, {self.attributions} attributions, {self.notes} notes "
                f"by {len(self.coders)} coder(s)")
        if self.already_imported:
            text += f"; {len(self.already_imported)} file(s) already imported"
        if self.ignored:
            text += "; ignored: " + ", ".join(f"{k} {n}" for k, n in sorted(self.ignored.items()))
        return text + (" (cancelled)" if self.cancelled else "")

    def format(self) -> str:
        """``error:`` and ``warning:`` lines naming file and line, then the summary."""
        lines = [issue.format() for issue in self.errors + self.warnings]
        return "\n".join([*lines, self.summary()])


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


def _text_for(ann: Path, name: str, texts: dict[str, Path]) -> Path | None:
    for candidate in (ann.with_name(name), ann.parent.parent / "text" / name):
        if candidate.is_file():
            return candidate
    return texts.get(name)


# -- importing ----------------------------------------------------------------------------------

def import_brat(store: Store, folder_or_files: str | os.PathLike | Iterable[str | os.PathLike],
                *, mapping: BratMapping | Mapping[str, Any] | str | os.PathLike | None = None,
                coder: str | None = None, progress: Progress | None = None,
                cancel: Callable[[], bool] | None = None) -> BratReport:
    """Import brat ``.ann`` files (and their texts) from files and folders into ``store``.

    ``progress(done, total, path)`` and ``cancel()`` work as in
    :func:`annotator.importing.import_paths`. Bad files and lines go to
    ``report.errors`` and ``report.warnings``; the rest of the import goes on.
    """
    report = BratReport()
    try:
        rules = load_mapping(mapping)
    except (OSError, ValueError) as exc:  # a missing, unreadable or wrong mapping file
        where = os.fspath(mapping) if isinstance(mapping, str | os.PathLike) else "mapping"
        report.errors.append(ImportIssue(where, None, f"brat mapping not usable: {exc}"))
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
        _import_file(store, ann, txt, rules, suffix or default_coder, report)
    if progress is not None:
        progress(report.files, len(pairs), "")
    return report


def _import_file(store: Store, ann: Path, txt: Path, rules: BratMapping, coder: str,
                 report: BratReport) -> None:
    """One ``.ann`` and its text, in one transaction: whole, or one error line and nothing."""
    try:
        body = _read_text(txt, report)
        doc = parse_ann(ann.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        report.errors.append(ImportIssue(str(ann), None, f"cannot read: {exc}"))
        return
    for line, reason in doc.problems:
        report.warnings.append(ImportIssue.warning(str(ann), line, reason))
    report.ignored.update(doc.skipped)
    try:
        _import_one(store, ann, txt, body, doc, rules, coder, report)
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
                coder: str, report: BratReport) -> None:
    title = next((line.strip() for line in body.splitlines() if line.strip()), txt.stem)
    draft = ArticleDraft(title[:300], body, source_file=str(txt),
                         extra={"brat": {"text": txt.name}})
    with store.transaction():
        result = store.add_articles([draft])
        if result.inserted:
            article_id, target_body = result.inserted[0], body
        else:
            article_id = result.duplicates[0][1]
            target_body = store.article(article_id).body
        try:
            mapper = realign(body, target_body)
        except ValueError:
            report.errors.append(ImportIssue(str(ann), None, "the stored article with this "
                                             "content differs; annotations not imported"))
            return
        with store.acting_as(coder) as coder_id:
            if store.coder_has_annotations(article_id, coder_id):
                report.already_imported.append(str(ann))
                return
            plan = plan_document(doc, body, rules, mapper, target_body)
            counts = plan.apply(store, article_id)
            store.set_status(article_id, "done")
    for line, reason in plan.warnings:
        report.warnings.append(ImportIssue.warning(str(ann), line, reason))
    report.ignored.update(plan.ignored)
    for key, n in counts.items():
        setattr(report, key, getattr(report, key) + n)
    report.coders.add(coder)
    report.article_ids.append(article_id)
    if result.inserted:
        report.articles_added += 1
    else:
        report.articles_matched += 1
