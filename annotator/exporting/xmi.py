"""UIMA CAS XMI for INCEpTION: one ``<doc>_<coder>.xmi`` per coder and ``TypeSystem.xml``.

Written with ``dkpro-cassis``, the library INCEpTION's own Python tools use
(it also turns our code-point offsets into the UTF-16 offsets of UIMA's Java
side). The spans and links are those of :mod:`annotator.exporting.documents`,
in INCEpTION's conventions:

- ``de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity`` for mentions:
  ``value`` the entity type, ``identifier`` the entity's canonical name (so a
  corpus-wide entity keeps its name);
- custom span layers ``webanno.custom.Claim`` (``label`` Content, with the
  claim's ``category``, ``position``, ``certainty`` and ``note``),
  ``webanno.custom.Source`` (``label`` Source-<TYPE>, ``identifier`` the name)
  and ``webanno.custom.Cue``;
- a custom relation layer ``webanno.custom.Link`` (``Governor``, ``Dependent``,
  ``label``): attributions as source -> cue -> claim (claim -> source without a
  cue) and ``Equiv`` between mentions of one entity, as for doccano;
- ``DocumentMetaData`` with the title and article id.

An article nobody coded is ``<doc>.xmi`` with its text alone; ``mapping.toml``
reads the labels back (``annotator import NEW.db OUT/ --mapping OUT/mapping.toml``).
"""

from __future__ import annotations

from annotator.exporting.documents import (
    CLAIM,
    CUE,
    SOURCE,
    STEM_PATTERN,
    article_documents,
    binary_links,
    coder_slug,
    file_stem,
    mapping_toml,
)
from annotator.exporting.fileset import Pattern

TYPESYSTEM, MAPPING = "TypeSystem.xml", "mapping.toml"
NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
META = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
CLAIM_T, SOURCE_T, CUE_T, LINK_T = (f"webanno.custom.{n}" for n in
                                    ("Claim", "Source", "Cue", "Link"))
STRING, INTEGER, ANNOTATION = "uima.cas.String", "uima.cas.Integer", "uima.tcas.Annotation"


def type_system():
    import cassis
    ts = cassis.TypeSystem()

    def make(name: str, features: dict[str, str], parent: str = ANNOTATION):
        made = ts.create_type(name, supertypeName=parent)
        for feature, kind in features.items():
            ts.create_feature(made, feature, kind)
        return made

    make(META, {"documentTitle": STRING, "documentId": STRING, "documentUri": STRING},
         parent="uima.tcas.DocumentAnnotation")
    make(NE, {"value": STRING, "identifier": STRING})
    make(CLAIM_T, {"label": STRING, "category": STRING, "position": INTEGER,
                   "certainty": STRING, "note": STRING})
    make(SOURCE_T, {"label": STRING, "identifier": STRING})
    make(CUE_T, {"label": STRING})
    make(LINK_T, {"Governor": ANNOTATION, "Dependent": ANNOTATION, "label": STRING})
    return ts


def cas_for(ts, document, doc):
    """One coder's document (``doc`` None: the text alone) as a CAS."""
    import cassis
    article = document.article
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = document.body
    cas.add(ts.get_type(META)(begin=0, end=len(document.body),
                              documentTitle=article.get("title") or "",
                              documentId=str(article["article_id"]),
                              documentUri=article.get("url") or ""))
    if doc is None:
        return cas
    made = {}
    for span in doc.spans:
        where = {"begin": span.start, "end": span.end}
        if span.label == CLAIM:
            annotation = ts.get_type(CLAIM_T)(label=CLAIM, **where, **span.codes)
        elif span.label == CUE:
            annotation = ts.get_type(CUE_T)(label=CUE, **where)
        elif span.label == SOURCE or span.label.startswith(f"{SOURCE}-"):
            annotation = ts.get_type(SOURCE_T)(label=span.label, identifier=span.entity, **where)
        else:
            annotation = ts.get_type(NE)(value=span.label, identifier=span.entity, **where)
        cas.add(annotation)
        made[span.key] = annotation
    link = ts.get_type(LINK_T)
    for governor, dependent, label in binary_links(doc):
        first, second = made[governor.key], made[dependent.key]
        cas.add(link(begin=first.begin, end=first.end, Governor=first, Dependent=second,
                     label=label))
    return cas


class _Xmi:
    def names(self, tables):
        return Pattern(f"{STEM_PATTERN}.xmi", TYPESYSTEM, MAPPING)

    def write(self, store, files, tables, tick, report, *, excel: bool = False) -> None:
        tick.expect(store.export_count("articles"))  # ticks once per article
        ts = type_system()
        count = 0
        for document in article_documents(store, uncoded=True):
            stem = file_stem(document.article)
            for doc in document.coders or [None]:  # nobody coded it: <doc>.xmi, the text
                name = f"{stem}.xmi" if doc is None else f"{stem}_{coder_slug(doc.coder)}.xmi"
                with files.open(name, newline="", sync_now=False) as fh:
                    fh.write(cas_for(ts, document, doc).to_xmi())
                count += 1
            tick("xmi")
        with files.open(TYPESYSTEM, newline="") as fh:
            fh.write(ts.to_xml())
        with files.open(MAPPING, newline="") as fh:
            fh.write(mapping_toml(store.codebook()))
        report.wrote("xmi documents", report.outdir, count)
        tick.finished("xmi")


XMI = _Xmi()
