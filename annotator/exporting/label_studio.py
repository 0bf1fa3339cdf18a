"""Label Studio: ``label-studio.json``, tasks with one annotation per coder, and its config.

A task is ``{"id", "data": {"text", "title", "article_id"}, "annotations":
[{"completed_by": {"email": CODER}, "result": [...]}]}``: ``labels`` results
for spans (``value``: ``start``, ``end``, ``text``, ``labels``) and
``relation`` results between them, as Label Studio's own JSON export writes
them and its import of pre-annotated tasks reads them. ``label-config.xml`` is
the labelling interface for these labels (Labels on ``$text`` and Relations):
paste it into the project's Labeling Setup before importing the tasks.
Offsets count code points, as Label Studio's text offsets do.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import quoteattr

from annotator.exporting.documents import (
    CLAIM,
    CUE,
    EQUIV,
    article_documents,
    binary_links,
    labels_used,
    mapping_toml,
)

TASKS, CONFIG, MAPPING = "label-studio.json", "label-config.xml", "mapping.toml"
FROM_NAME, TO_NAME = "label", "text"


def task(document, annotation_ids) -> dict:
    annotations = []
    for doc in document.coders:
        result = [{"id": span.key, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
                   "origin": "manual",
                   "value": {"start": span.start, "end": span.end, "text": span.text,
                             "labels": [span.label]}} for span in doc.spans]
        result += [{"type": "relation", "from_id": a.key, "to_id": b.key, "direction": "right",
                    "labels": [kind]} for a, b, kind in binary_links(doc)]
        annotations.append({"id": next(annotation_ids), "completed_by": {"email": doc.coder},
                            "was_cancelled": doc.status == "skipped", "result": result})
    article = document.article
    return {"id": article["article_id"],
            "data": {"text": document.body, "title": article.get("title") or "",
                     "article_id": article["article_id"]},
            "annotations": annotations}


def config_xml(codebook) -> str:
    used = labels_used(codebook)
    colours = {c.key.replace("/", "-"): c.colour for c in codebook.entity_types}
    spans = [*used["entities"], *used["sources"], CLAIM, CUE]
    lines = ["<View>", f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">']
    for label in spans:
        colour = colours.get(label.removeprefix("Source-")) or "#d3d3d3"
        lines.append(f"    <Label value={quoteattr(label)} background={quoteattr(colour)}/>")
    lines += ["  </Labels>", "  <Relations>"]
    lines += [f"    <Relation value={quoteattr(r)}/>" for r in [*used["attributions"], EQUIV]]
    lines += ["  </Relations>", f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>', "</View>", ""]
    return "\n".join(lines)


class _LabelStudio:
    def names(self, tables):
        return [TASKS, CONFIG, MAPPING]

    def write(self, store, files, tables, tick, report, *, excel: bool = False) -> None:
        tick.expect(store.export_count("articles"))  # ticks once per article
        import itertools
        ids = itertools.count(1)
        count = 0
        with files.open(TASKS, newline="\n") as fh:  # a JSON list, written task by task
            fh.write("[")
            for document in article_documents(store, uncoded=True):  # a bare task too
                fh.write(",\n" if count else "\n")
                fh.write(json.dumps(task(document, ids), ensure_ascii=False))
                count += 1
                tick("label-studio")
            fh.write("\n]\n")
        book = store.codebook()
        with files.open(CONFIG, newline="") as fh:
            fh.write(config_xml(book))
        with files.open(MAPPING, newline="") as fh:
            fh.write(mapping_toml(book))
        report.wrote("label-studio tasks", report.outdir / TASKS, count)
        tick.finished("label-studio")


LABEL_STUDIO = _LabelStudio()
