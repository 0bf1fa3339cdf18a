"""doccano: one ``doccano.<coder>.jsonl`` per coder, as doccano exports a relation project.

Each line is ``{"id", "text", "entities": [{"id", "label", "start_offset",
"end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}`` plus the
article's title and id as metadata, which doccano keeps on import. The file
name carries the coder as doccano's own export does (``<name>.<user>.jsonl``);
articles nobody coded are in ``doccano.jsonl``, a file of no user.
Labels and relations are those of :mod:`annotator.exporting.documents`; an
attribution is two relations (source -> cue -> claim), joined again on import
with ``mapping.toml``.
"""

from __future__ import annotations

import contextlib
import json

from annotator.exporting.documents import (
    CoderDocument,
    article_documents,
    binary_links,
    coder_slug,
    mapping_toml,
)
from annotator.exporting.fileset import Pattern

MAPPING, UNCODED = "mapping.toml", "doccano.jsonl"


def record(document, doc) -> dict:
    """One line; ``doc`` None for an article nobody coded (no spans)."""
    doc = doc or CoderDocument("", None)
    ids = {span.key: number for number, span in enumerate(doc.spans, start=1)}
    return {
        "id": document.article["article_id"],
        "text": document.body,
        "entities": [{"id": ids[s.key], "label": s.label, "start_offset": s.start,
                      "end_offset": s.end} for s in doc.spans],
        "relations": [{"id": number, "from_id": ids[a.key], "to_id": ids[b.key], "type": kind}
                      for number, (a, b, kind) in enumerate(binary_links(doc), start=1)],
        "title": document.article.get("title") or "",
        "article_id": document.article["article_id"],
    }


class _Doccano:
    def names(self, tables):
        return Pattern("doccano.*.jsonl", UNCODED, MAPPING)

    def write(self, store, files, tables, tick, report, *, excel: bool = False) -> None:
        tick.expect(store.export_count("articles"))  # ticks once per article
        handles: dict[str, object] = {}
        counts: dict[str, int] = {}
        with contextlib.ExitStack() as stack:  # each file fsynced as it closes
            for document in article_documents(store, uncoded=True):
                # a text nobody coded goes to doccano.jsonl, a file of no user
                for doc in document.coders or [None]:
                    name = (f"doccano.{coder_slug(doc.coder)}.jsonl" if doc is not None
                            else UNCODED)
                    if name not in handles:
                        handles[name] = stack.enter_context(files.open(name, newline="\n"))
                    handles[name].write(json.dumps(record(document, doc), ensure_ascii=False))
                    handles[name].write("\n")
                    counts[name] = counts.get(name, 0) + 1
                tick("doccano")
        with files.open(MAPPING, newline="") as fh:
            fh.write(mapping_toml(store.codebook()))
        for name, n in counts.items():
            report.wrote(name.removesuffix(".jsonl"), report.outdir / name, n)
        tick.finished("doccano")


DOCCANO = _Doccano()
