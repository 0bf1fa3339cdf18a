"""brat standoff: ``<doc>.txt`` with one ``<doc>_<coder>.ann`` per coder, ``annotation.conf``.

Laid out as brat's own collections and PolNeAR are, so brat shows the folder
as it is and ``annotator import`` reads it back (with ``mapping.toml``):
textbounds for mentions, sources, cues and claims; an ``Attribution-<kind>``
event per attribution (the cue is its trigger, as in PolNeAR) with its
``Content``, ``Cue`` and ``Source`` arguments (one without a cue: an
``AttributedTo-<kind>`` relation from the claim to the source; one with
neither cue nor source has nothing brat can show); an ``Equiv`` group for the
mentions of one entity. The ``.txt`` is the body exactly, so offsets hold.

What brat cannot hold, and so does not come back: titles and metadata (the
import takes the first line as title), entities' canonical names across
documents, claim categories, positions, claimants and notes, the nesting of
attributions. Discontinuous spans are written as their fragments
(``3742 4033;4188 4420``). A span's newlines are shown as spaces in the ``.ann``
line (the offsets are what counts).
"""

from __future__ import annotations

from annotator.exporting.documents import (
    ATTRIBUTED,
    ATTRIBUTION,
    CLAIM,
    CUE,
    EQUIV,
    STEM_PATTERN,
    article_documents,
    coder_slug,
    file_stem,
    labels_used,
    mapping_toml,
)
from annotator.exporting.fileset import Pattern

CONF, MAPPING = "annotation.conf", "mapping.toml"


def offsets(span, body: str) -> tuple[str, str]:
    """brat's ``start end[;start end...]`` of a span, and the covered text it shows.

    A discontinuous span is written as its fragments, whose texts brat joins
    by one space; a span's newlines are shown as spaces (the line must stay one).
    """
    pieces = span.fragments or ((span.start, span.end),)
    shown = " ".join(body[s:e] for s, e in pieces) if span.fragments else span.text
    return (";".join(f"{s} {e}" for s, e in pieces),
            shown.replace("\r", " ").replace("\n", " "))


def ann_text(doc, body: str) -> str:
    lines = []
    for span in doc.spans:
        where, shown = offsets(span, body)
        lines.append(f"{span.key}\t{span.label} {where}\t{shown}")
    trigger_number = len(doc.spans)
    for link in doc.links:
        if link.cue is None:  # a relation: claim -> source (brat events need a trigger)
            if link.source is not None:
                lines.append(f"{link.key}\t{link.label} Arg1:{link.claim.key} "
                             f"Arg2:{link.source.key}")
            continue
        trigger_number += 1
        trigger = f"T{trigger_number}"
        where, shown = offsets(link.cue, body)
        lines.append(f"{trigger}\t{link.label} {where}\t{shown}")
        args = [f"{CLAIM}:{link.claim.key}", f"{CUE}:{link.cue.key}"]
        if link.source is not None:
            args.append(f"Source:{link.source.key}")
        lines.append(f"{link.key}\t{link.label}:{trigger} {' '.join(args)}")
    for group in doc.groups:
        lines.append(f"*\t{EQUIV} {' '.join(s.key for s in group)}")
    return "\n".join(lines) + ("\n" if lines else "")


def conf_text(codebook) -> str:
    """brat's annotation.conf for the labels of this export."""
    used = labels_used(codebook)
    entities = sorted({*used["entities"], *used["sources"], CUE, CLAIM})
    sources = "|".join(sorted(used["sources"]))
    events = [a for a in used["attributions"] if a.startswith(ATTRIBUTION)]
    relations = [a for a in used["attributions"] if a.startswith(ATTRIBUTED)]
    lines = ["[entities]", *entities, "", "[relations]",
             f"{EQUIV}\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive",
             *(f"{label}\tArg1:{CLAIM}, Arg2:{sources}" for label in relations),
             "", "[events]",
             *(f"{label}\t{CLAIM}+:{CLAIM}, {CUE}?:{CUE}, Source?:{sources}"
               for label in events)]
    lines += ["", "[attributes]", ""]
    return "\n".join(lines)


class _Brat:
    def names(self, tables):
        return Pattern(f"{STEM_PATTERN}.txt", f"{STEM_PATTERN}.ann", CONF, MAPPING)

    def write(self, store, files, tables, tick, report, *, excel: bool = False) -> None:
        tick.expect(store.export_count("articles"))  # ticks once per article
        book = store.codebook()
        articles = anns = 0
        for document in article_documents(store, uncoded=True):
            if not document.coders:  # a .txt alone would import as a plain article
                tick("brat")
                continue
            stem = file_stem(document.article)
            with files.open(f"{stem}.txt", newline="", sync_now=False) as fh:
                fh.write(document.body)
            articles += 1
            seen = set()
            for doc in document.coders:
                slug = coder_slug(doc.coder)
                if slug in seen:
                    report.warnings.append(f"{report.outdir / stem}: coders "
                                           f"'{doc.coder}' and another share the file name "
                                           f"{stem}_{slug}.ann; the second is left out")
                    continue
                seen.add(slug)
                with files.open(f"{stem}_{slug}.ann", newline="", sync_now=False) as fh:
                    fh.write(ann_text(doc, document.body))
                anns += 1
            tick("brat")
        with files.open(CONF, newline="") as fh:
            fh.write(conf_text(book))
        with files.open(MAPPING, newline="") as fh:
            fh.write(mapping_toml(book))
        report.wrote("brat texts", report.outdir, articles)
        report.wrote("brat annotations", report.outdir, anns)
        tick.finished("brat")


BRAT = _Brat()
