"""INCEpTION's UIMA CAS XMI export, read through dkpro-cassis (INCEpTION's own Python library).

An XMI file cannot be read without its type system, which INCEpTION writes
beside it as ``TypeSystem.xml``: it is looked for in the file's folder and the
two above (a project export keeps XMI in ``annotation/<document>/<user>.xmi``).
cassis turns the CAS's UTF-16 offsets into code points. What is read:

- ``NamedEntity`` spans (label: ``value``; ``identifier``, a knowledge-base
  IRI or Wikipedia name, is the span's identity) and every custom span layer
  ``webanno.custom.*`` (label: its ``value``/``label``/``entity``/``type``
  feature, else its first text feature with a value, else the layer's name);
- custom relation layers (a ``Governor`` and a ``Dependent``), labelled the
  same way, so the mapping decides which are attributions;
- coreference chains (``CoreferenceLink.next``): a link over the same text as
  a named entity joins that entity's mention, so a chain makes one entity.

Segmentation, syntax, morphology and metadata layers are not annotations a
coder made here and are left out without a count. ``<doc>/<user>.xmi`` is
coded by ``<user>`` when the folder is named like a document (``a.txt``).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from annotator.importing.annotated import AnnotatedDraft, title_of
from annotator.importing.brat_standoff import AnnDocument, relation, text_bound
from annotator.importing.errors import ReadError, ReadWarning
from annotator.importing.webanno_tsv import IDENTITY_FEATURES, LABEL_FEATURES
from annotator.model import ArticleDraft

NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
COREFERENCE_LINK = "de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink"
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
CUSTOM = "webanno.custom."
TYPE_SYSTEM_NAMES = ("typesystem.xml",)


def find_type_system(path: str) -> str | None:
    """``TypeSystem.xml`` in the XMI's folder or the two above it."""
    folder = os.path.dirname(os.path.abspath(path))
    for _ in range(3):
        try:
            names = os.listdir(folder)
        except OSError:
            names = []
        for name in sorted(names):
            if name.lower() in TYPE_SYSTEM_NAMES:
                return os.path.join(folder, name)
        folder = os.path.dirname(folder)
    return None


@lru_cache(maxsize=8)
def _type_system(path: str, mtime: float):
    from cassis import load_typesystem  # imported here: cassis loads only for XMI files

    with open(path, "rb") as fh:
        return load_typesystem(fh)


def coder_of(path: str) -> str | None:
    """Whose annotations a CAS holds, from where it lies.

    - ``annotation/report.txt/kim.xmi`` -> ``kim``: INCEpTION's per-user layout;
    - ``000042-army-retakes_kim.xmi`` beside the ``mapping.toml`` of an
      ``annotator export --format xmi`` -> ``kim``: that export's flat names (its
      document stems hold no ``_``, its coder names no ``_`` either).
    """
    folder = os.path.dirname(os.path.abspath(path))
    stem = os.path.splitext(os.path.basename(path))[0]
    if os.path.splitext(os.path.basename(folder))[1]:
        return stem
    if _EXPORTED.match(stem) and os.path.exists(os.path.join(folder, "mapping.toml")):
        return stem.rsplit("_", 1)[1]
    return None


_EXPORTED = re.compile(r"^\d{6}[^_]*_[^_]+$")


def read_xmi(text: str, path: str) -> Iterator[AnnotatedDraft | ReadWarning]:
    """One CAS: its text and the annotations of the layers above, as an AnnotatedDraft."""
    from cassis import load_cas_from_xmi

    found = find_type_system(path)
    if found is None:
        raise ReadError("a UIMA CAS XMI file without its type system: put the TypeSystem.xml "
                        "of INCEpTION's XMI export beside it")
    try:
        typesystem = _type_system(found, os.path.getmtime(found))
        cas = load_cas_from_xmi(text, typesystem=typesystem, lenient=True)
    except Exception as exc:  # noqa: BLE001 - cassis raises many kinds on a bad file
        raise ReadError(f"UIMA CAS XMI not readable with {found}: "
                        f"{type(exc).__name__}: {exc}") from None
    body = cas.sofa_string or ""
    if not body.strip():
        raise ReadError("UIMA CAS XMI without a text (its sofa is empty)")
    doc = AnnDocument(join_by_name=True, on_mismatch="use")
    skipped: Counter[str] = Counter()
    tids: dict[int, str] = {}
    entity_at: dict[tuple[int, int], str] = {}
    annotations = list(cas.select_all_annotations())
    for annotation in annotations:
        name = annotation.type.name
        if name == NAMED_ENTITY or (name.startswith(CUSTOM) and not _is_relation(annotation)):
            tid = _span(doc, annotation, body, tids)
            if tid is not None:
                entity_at.setdefault((annotation.begin, annotation.end), tid)
    for annotation in annotations:
        name = annotation.type.name
        if name == COREFERENCE_LINK:
            _coreference(doc, annotation, body, tids, entity_at)
        elif name.startswith(CUSTOM) and _is_relation(annotation):
            ends = [tids.get(getattr(annotation.get(f), "xmiID", None))
                    for f in ("Governor", "Dependent")]
            if None in ends:
                skipped[f"XMI relation {name.rsplit('.', 1)[-1]} without its spans"] += 1
                continue
            rid = f"R{len(doc.links) + 1}"
            doc.links[rid] = relation(rid, _label(annotation), ends[0], ends[1])
    doc.skipped.update(skipped)
    extra = {"type_system": os.path.basename(found)}
    name = _document_title(cas)  # INCEpTION's document name (a file name), kept for reference
    if name:
        extra["document"] = name
    draft = ArticleDraft(title_of(body, os.path.basename(path)), body, source_file=path,
                         extra={"xmi": extra})
    yield AnnotatedDraft(draft, doc, "xmi", coder=coder_of(path))


def _is_relation(annotation) -> bool:
    names = {f.name for f in annotation.type.all_features}
    return {"Governor", "Dependent"} <= names


def _strings(annotation) -> dict[str, str]:
    values = {}
    for feature in annotation.type.all_features:
        if feature.rangeType.name == "uima.cas.String":
            value = annotation.get(feature.name)
            if isinstance(value, str) and value.strip():
                values[feature.name] = value
    return values


def _label(annotation) -> str:
    values = _strings(annotation)
    for name in LABEL_FEATURES:
        if name in values:
            return values[name]
    rest = [v for k, v in values.items() if k not in IDENTITY_FEATURES]
    return rest[0] if rest else annotation.type.name.rsplit(".", 1)[-1]


def _span(doc: AnnDocument, annotation, body: str, tids: dict[int, str]) -> str | None:
    begin, end = annotation.begin, annotation.end
    if not isinstance(begin, int) or not isinstance(end, int) or begin >= end:
        return None
    tid = f"T{len(doc.textbounds) + 1}"
    identity = next((v for k, v in _strings(annotation).items() if k in IDENTITY_FEATURES),
                    None)
    if identity and "://" in identity:
        identity = None  # a knowledge-base IRI names no one readable; the mention's text does
    doc.textbounds[tid] = text_bound(tid, _label(annotation), begin, end, body[begin:end],
                                     0, identity)
    tids[annotation.xmiID] = tid
    return tid


def _coreference(doc, link, body, tids, entity_at) -> None:
    """Each link to its ``next``: one relation ``coref`` (an identity link by default)."""
    here = entity_at.get((link.begin, link.end)) or _span(doc, link, body, tids)
    following = link.get("next")
    if following is None or here is None:
        return
    there = entity_at.get((following.begin, following.end)) or tids.get(following.xmiID) \
        or _span(doc, following, body, tids)
    if there is not None:
        rid = f"R{len(doc.links) + 1}"
        doc.links[rid] = relation(rid, "coref", here, there)


def _document_title(cas) -> str | None:
    """The document title INCEpTION keeps in DKPro's DocumentMetaData, if the CAS has one."""
    try:
        found = list(cas.select(METADATA))
    except Exception:  # noqa: BLE001 - no such type in this type system
        return None
    title = found[0].get("documentTitle") if found else None
    return title.strip()[:300] if isinstance(title, str) and title.strip() else None
