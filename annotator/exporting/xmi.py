"""UIMA CAS XMI for INCEpTION: one ``<doc>_<coder>.xmi`` per coder and ``TypeSystem.xml``.

Written with ``dkpro-cassis``, the library INCEpTION's own Python tools use
(it also turns our code-point offsets into the UTF-16 offsets of UIMA's Java
side). Types, in INCEpTION's conventions:

- ``de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity`` for mentions:
  ``value`` the entity type, ``identifier`` the entity's canonical name;
- ``webanno.custom.Claim`` (``category``, ``position``, ``certainty``, ``note``),
  ``webanno.custom.Source`` (``value`` type, ``identifier`` name, empty for an
  anonymous source) and ``webanno.custom.Cue`` span layers;
- ``webanno.custom.Attribution``, a span over the cue (or the claim when there
  is none) whose features point at its ``claim``, ``source``, ``cue`` and
  ``parent`` attribution, with its ``kind``;
- ``DocumentMetaData`` with the title and article id.

So XMI holds more than brat: categories, positions, certainty, notes,
canonical names and the nesting of attributions.
"""

from __future__ import annotations

from annotator.exporting.documents import STEM_PATTERN, article_rows, coder_slug, file_stem
from annotator.exporting.fileset import Pattern

TYPESYSTEM = "TypeSystem.xml"
NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
META = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
CLAIM, SOURCE, CUE, ATTRIBUTION = (f"webanno.custom.{n}" for n in
                                   ("Claim", "Source", "Cue", "Attribution"))
STRING, INTEGER = "uima.cas.String", "uima.cas.Integer"
NOTHING = {"mentions": [], "claims": [], "attributions": [], "article_status": []}


def type_system():
    import cassis
    ts = cassis.TypeSystem()
    annotation = "uima.tcas.Annotation"

    def make(name: str, features: dict[str, str], parent: str = annotation):
        made = ts.create_type(name, supertypeName=parent)
        for feature, kind in features.items():
            ts.create_feature(made, feature, kind)
        return made

    make(META, {"documentTitle": STRING, "documentId": STRING, "documentUri": STRING},
         parent="uima.tcas.DocumentAnnotation")
    make(NE, {"value": STRING, "identifier": STRING})
    make(CLAIM, {"category": STRING, "position": INTEGER, "certainty": STRING, "note": STRING})
    make(SOURCE, {"value": STRING, "identifier": STRING})
    make(CUE, {})
    attribution = make(ATTRIBUTION, {"kind": STRING, "claim": CLAIM, "source": SOURCE,
                                     "cue": CUE})
    ts.create_feature(attribution, "parent", ATTRIBUTION)
    return ts


def cas_for(ts, article, rows):
    """One coder's annotations of one article as a CAS."""
    import cassis
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = article["body"]

    def add(annotation):
        cas.add(annotation)
        return annotation

    cas.add(ts.get_type(META)(begin=0, end=len(article["body"]),
                              documentTitle=article.get("title") or "",
                              documentId=str(article["article_id"]),
                              documentUri=article.get("url") or ""))
    named, claim_t, source_t, cue_t, att_t = (ts.get_type(n) for n in
                                              (NE, CLAIM, SOURCE, CUE, ATTRIBUTION))
    for m in rows["mentions"]:
        cas.add(named(begin=m["start"], end=m["end"], value=m["entity_type"],
                      identifier=m["entity_name"]))
    claims = {}
    for c in rows["claims"]:
        claims[c["claim_id"]] = add(claim_t(
            begin=c["start"], end=c["end"], category=c["category"], position=c["position"],
            certainty=c["certainty"], note=c["note"]))
    made = {}
    for a in rows["attributions"]:
        claim = claims.get(a["claim_id"])
        if claim is None:
            continue
        source = cue = None
        if a["source_start"] is not None:
            source = add(source_t(begin=a["source_start"], end=a["source_end"],
                                      value=a["source_type"], identifier=a["source_name"]))
        if a["cue_start"] is not None:
            cue = add(cue_t(begin=a["cue_start"], end=a["cue_end"]))
        anchor = cue or claim
        made[a["attribution_id"]] = (add(att_t(
            begin=anchor.begin, end=anchor.end, kind=a["kind"], claim=claim, source=source,
            cue=cue)), a["parent_attribution_id"])
    for attribution, parent in made.values():
        if parent in made:
            attribution.parent = made[parent][0]
    return cas


class _Xmi:
    def names(self, tables):
        return Pattern(f"{STEM_PATTERN}.xmi", TYPESYSTEM)

    def write(self, store, files, tables, tick, report, *, excel: bool = False) -> None:
        tick.expect(store.export_count("articles"))  # ticks once per article
        ts = type_system()
        count = 0
        for article, by_coder in article_rows(store):
            stem = file_stem(article)
            # an article nobody coded: one CAS of its text alone, <doc>.xmi
            for coder, own in by_coder.items() or [(None, NOTHING)]:
                name = f"{stem}.xmi" if coder is None else f"{stem}_{coder_slug(coder)}.xmi"
                with files.open(name, newline="", sync_now=False) as fh:
                    fh.write(cas_for(ts, article, own).to_xmi())
                count += 1
            tick("xmi")
        with files.open(TYPESYSTEM, newline="") as fh:
            fh.write(ts.to_xml())
        report.wrote("xmi documents", report.outdir, count)
        tick.finished("xmi")


XMI = _Xmi()
