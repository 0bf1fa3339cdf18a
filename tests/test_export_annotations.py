"""Exports for annotation tools (brat, doccano, Label Studio, XMI): their shape, and round trips.

import(export(project)) must give back what each format holds: the articles'
texts, the coders, and each coder's spans with their types, claims and
attributions (cue, kind, source). Tested on a small project written here and,
when ``../shared`` is there, on PolNeAR's multiply-coded articles.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from test_export import BODY, coded_project

from annotator.exporting import export_project
from annotator.importing import import_paths
from annotator.model import ArticleDraft
from annotator.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR = SHARED / "corpora" / "polnear" / "annotator-training"
needs_polnear = pytest.mark.skipif(not POLNEAR.is_dir(), reason="../shared is absent")


def has_reader(name: str) -> bool:
    import importlib.util
    return importlib.util.find_spec(f"annotator.importing.{name}") is not None


def projection(store) -> dict[str, set]:
    """What every annotation format can hold, keyed by text (ids differ between projects)."""
    text = {r["id"]: hashlib.sha1(r["body"].encode()).hexdigest()[:12]
            for r in store.db.query("SELECT id, body FROM articles")}
    q = store.db.query
    return {
        "articles": set(text.values()),
        "mentions": {(text[r["article_id"]], r["coder"], r["start"], r["end"], r["entity_type"])
                     for r in q("SELECT * FROM mentions_named")},
        "claims": {(text[r["article_id"]], r["coder"], r["start"], r["end"])
                   for r in q("SELECT * FROM claims_named")},
        "attributions": {
            (text[r["article_id"]], r["coder"], r["claim_start"], r["claim_end"],
             r["cue_start"], r["cue_end"], r["kind"], r["source_name"], r["source_type"])
            for r in q("SELECT at.*, cl.start AS claim_start, cl.\"end\" AS claim_end,"
                       " n.source_name, n.source_type, c.name AS coder FROM attributions at"
                       " JOIN claims cl ON cl.id = at.claim_id"
                       " JOIN attributions_named n ON n.attribution_id = at.id"
                       " LEFT JOIN coders c ON c.id = at.coder_id")},
        "done": {(text[r["article_id"]], r["coder"]) for r in q(
            "SELECT * FROM article_status_named WHERE status = 'done'")},
        # discontinuous spans, which brat holds and doccano, Label Studio give as extents
        "fragments": {(text[r["article_id"]], r["coder"], r["start"], r["end"], r["fragments"])
                      for table in ("mentions_named", "claims_named")
                      for r in q(f"SELECT * FROM {table} WHERE fragments IS NOT NULL")},
    }


def two_coder_project(store) -> None:
    """The export fixture, plus a second coder with an entity named twice (one Equiv group)."""
    aid, _, _ = coded_project(store)
    store.set_coder("ben b.")  # a space and a dot: not file-name material
    isil = "ISIL fighters 🙂 fled. Daesh, also called ISIL, lost.\nMore."
    bid = store.add_articles([ArticleDraft("ISIL", isil)]).inserted[0]
    first = store.add_mention(bid, 0, 4, name="ISIL", entity_type="ARMED_GROUP")
    second = isil.index("ISIL", 5)
    store.add_mention(bid, second, second + 4, entity_id=first.after["entity_id"])
    claim = store.add_claim(bid, 0, isil.index("."))
    store.add_attribution(claim.row_id, kind="according_to",
                          source_span=(isil.index("Daesh"), isil.index("Daesh") + 5),
                          source_text="Daesh")
    start = BODY.index("ARA News")
    store.add_mention(aid, start, start + 8, entity_type="MEDIA")
    store.set_status(bid, "done")


def round_trip(store, tmp_path, fmt: str) -> Store:
    """Export, then import as the README says: ``import NEW.db OUT/ --mapping OUT/mapping.toml``."""
    out = tmp_path / fmt
    export_project(store, out, fmt=fmt)
    back = Store(tmp_path / f"back-{fmt}.db", coder="importer")
    report = import_paths(back, [out], **mapping_option(out))
    assert not report.failed, [i.format() for i in report.issues()]
    return back


def mapping_option(out: Path) -> dict:
    """--mapping (the importer on main may still call it --brat-mapping)."""
    import inspect
    names = inspect.signature(import_paths).parameters
    key = "mapping" if "mapping" in names else "brat_mapping"
    return {key: str(out / "mapping.toml")}


# -- brat ---------------------------------------------------------------------------------------

def test_brat_export_layout(store, tmp_path):
    two_coder_project(store)
    report = export_project(store, tmp_path / "b", fmt="brat")
    names = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert names == ["000001-title-quoted.txt", "000001-title-quoted_ana.ann",
                     "000001-title-quoted_ben-b.ann", "000002-isil.txt", "000002-isil_ben-b.ann",
                     "annotation.conf", "mapping.toml"]
    assert (tmp_path / "b" / "000001-title-quoted.txt").read_bytes().decode(
        "utf-8") == BODY  # byte for byte: the offsets count in it
    ann = (tmp_path / "b" / "000002-isil_ben-b.ann").read_text(encoding="utf-8")
    lines = ann.splitlines()
    assert "T1\tSource 22 27\tDaesh" in lines  # code points: the emoji is one
    assert "R1\tAttributedTo-according_to Arg1:T4 Arg2:T1" in lines  # no cue: a relation
    first = (tmp_path / "b" / "000001-title-quoted_ana.ann").read_text(encoding="utf-8")
    assert "E1\tAttribution-indirect:T7 Content:T4 Cue:T5 Source:T1" in first.splitlines()
    assert any(line.startswith("*\tEquiv ") for line in lines)  # ISIL named twice
    assert report.rows["brat annotations"] == 3


def renamed(view: dict[str, set], old: str, new: str) -> dict[str, set]:
    return {k: {tuple(new if x == old else x for x in row) for row in rows}
            for k, rows in view.items() if k != "articles"} | {"articles": view["articles"]}


def anonymous_source_became_an_entity(before: dict[str, set], after: dict[str, set],
                                      coder: str = "ben-b") -> None:
    """The importer makes every Source span an entity: the one known loss of the fixture."""
    [extra] = after["mentions"] - before["mentions"]
    assert extra[1:] == (coder, 22, 27, "OTHER") and not before["mentions"] - after["mentions"]
    [was] = before["attributions"] - after["attributions"]
    [now] = after["attributions"] - before["attributions"]
    assert was[-2:] == (None, None) and now[-2:] == ("Daesh", "OTHER")
    assert was[:-2] == now[:-2]


def test_brat_round_trip(store, tmp_path):
    two_coder_project(store)
    back = round_trip(store, tmp_path, "brat")
    # coder names come back in their file-name form ("ben b." is ben-b in 000002-isil_ben-b.ann)
    before, after = renamed(projection(store), "ben b.", "ben-b"), projection(back)
    for key in ("articles", "claims"):
        assert after[key] == before[key], key
    anonymous_source_became_an_entity(before, after)
    # brat has no status: each .ann comes back as "done" for its coder
    assert after["done"] == before["done"] | {(a, c) for a, c, *_ in before["mentions"]}


@needs_polnear
@pytest.mark.parametrize("fmt,reader", [("brat", "brat"), ("doccano", "doccano"),
                                        ("label-studio", "label_studio")])
def test_round_trip_on_polnear(tmp_path, fmt, reader):  # XMI: one coder each, see below
    """PolNeAR's 4 training articles, 5-6 coders each: import, export, import again."""
    if not has_reader(reader):
        pytest.skip(f"the {fmt} importer is not on this branch yet")
    first = Store(tmp_path / "first.db", coder="importer")
    import_paths(first, [POLNEAR])
    original = projection(first)
    assert len(original["articles"]) == 4 and len(original["attributions"]) > 200
    back = round_trip(first, tmp_path, fmt)
    again = projection(back)
    assert len(original["fragments"]) >= 40  # PolNeAR's discontinuous claims
    for key in original:
        if key == "fragments" and fmt != "brat":
            assert not again[key]  # doccano and Label Studio spans are one piece: the extent
            continue
        assert again[key] == original[key], key


# -- doccano and Label Studio -------------------------------------------------------------------

def test_doccano_export_shape(store, tmp_path):
    """doccano's relation-project JSONL: entities with offsets, relations by entity id."""
    import json
    two_coder_project(store)
    export_project(store, tmp_path / "d", fmt="doccano")
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == [
        "doccano.ana.jsonl", "doccano.ben-b.jsonl", "mapping.toml"]
    records = [json.loads(line) for line in
               (tmp_path / "d" / "doccano.ben-b.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [1, 2]
    isil = records[1]
    for entity in isil["entities"]:
        assert set(entity) == {"id", "label", "start_offset", "end_offset"}
    labels = {(e["label"], isil["text"][e["start_offset"]:e["end_offset"]])
              for e in isil["entities"]}
    assert labels == {("Source", "Daesh"), ("ARMED_GROUP", "ISIL"),
                      ("Content", "ISIL fighters 🙂 fled")}
    ids = {e["id"] for e in isil["entities"]}
    assert {r["type"] for r in isil["relations"]} == {"AttributedTo-according_to", "Equiv"}
    assert all(r["from_id"] in ids and r["to_id"] in ids for r in isil["relations"])
    ana = json.loads((tmp_path / "d" / "doccano.ana.jsonl").read_text(encoding="utf-8"))
    assert ana["text"] == BODY
    by_id = {e["id"]: e["label"] for e in ana["entities"]}
    chains = {(by_id[r["from_id"]], by_id[r["to_id"]], r["type"]) for r in ana["relations"]}
    assert chains == {("Source-MEDIA", "Cue", "Attribution-indirect"),
                      ("Cue", "Content", "Attribution-indirect"),
                      ("Source-ORG", "Cue", "Attribution-indirect")}


def test_label_studio_export_shape(store, tmp_path):
    """Tasks with one annotation per coder, labels and relation results, and a config."""
    import json
    import xml.etree.ElementTree as ET
    two_coder_project(store)
    export_project(store, tmp_path / "ls", fmt="label-studio")
    tasks = json.loads((tmp_path / "ls" / "label-studio.json").read_text(encoding="utf-8"))
    assert [t["data"]["text"] for t in tasks][0] == BODY
    first = tasks[0]
    assert [a["completed_by"]["email"] for a in first["annotations"]] == ["ana", "ben b."]
    for annotation in first["annotations"]:
        spans = {r["id"]: r for r in annotation["result"] if r["type"] == "labels"}
        for result in spans.values():
            value = result["value"]
            assert BODY[value["start"]:value["end"]] == value["text"]
            assert result["from_name"] == "label" and result["to_name"] == "text"
        for relation in (r for r in annotation["result"] if r["type"] == "relation"):
            assert relation["from_id"] in spans and relation["to_id"] in spans
    config = ET.fromstring((tmp_path / "ls" / "label-config.xml").read_text(encoding="utf-8"))
    values = {label.get("value") for label in config.iter("Label")}
    assert {"PERSON", "GPE-LOC", "Content", "Cue", "Source-ORG"} <= values
    assert config.find("Text").get("value") == "$text"
    relations = {r.get("value") for r in config.iter("Relation")}
    assert {"Attribution-indirect", "AttributedTo-according_to", "Equiv"} <= relations


@pytest.mark.parametrize("fmt,reader", [("doccano", "doccano"),
                                        ("label-studio", "label_studio")])
def test_doccano_and_label_studio_round_trip(store, tmp_path, fmt, reader):
    if not has_reader(reader):
        pytest.skip(f"the {fmt} importer is not on this branch yet")
    two_coder_project(store)
    back = round_trip(store, tmp_path, fmt)
    before, after = projection(store), projection(back)
    coder = "ben b."  # Label Studio keeps the name (completed_by)
    if fmt == "doccano":  # the coder is the file name's part, as in doccano's own exports
        before, coder = renamed(before, "ben b.", "ben-b"), "ben-b"
    for key in ("articles", "claims"):
        assert after[key] == before[key], key
    anonymous_source_became_an_entity(before, after, coder)


# -- XMI ----------------------------------------------------------------------------------------

def test_xmi_reads_back_with_cassis(store, tmp_path):
    """What INCEpTION would load: every span at its code-point offsets, features kept."""
    import cassis
    two_coder_project(store)
    export_project(store, tmp_path / "x", fmt="xmi")
    names = sorted(p.name for p in (tmp_path / "x").iterdir())
    assert names == ["000001-title-quoted_ana.xmi", "000001-title-quoted_ben-b.xmi",
                     "000002-isil_ben-b.xmi", "TypeSystem.xml", "mapping.toml"]
    ts = cassis.load_typesystem((tmp_path / "x" / "TypeSystem.xml").read_text(encoding="utf-8"))
    cas = cassis.load_cas_from_xmi(
        (tmp_path / "x" / "000001-title-quoted_ana.xmi").read_text(encoding="utf-8"),
        typesystem=ts)
    assert cas.sofa_string == BODY
    sources = {(a.get_covered_text(), a.label, a.identifier)
               for a in cas.select("webanno.custom.Source")}
    assert sources == {("ARA News", "Source-MEDIA", "ARA News"),
                       ("General Command", "Source-ORG", "General Command")}
    claims = {a.get_covered_text(): a for a in cas.select("webanno.custom.Claim")}
    assert claims["2,000 died"].position == 0 and claims["2,000 died"].label == "Content"
    quoted = next(c for t, c in claims.items() if t.startswith('"quoted'))
    assert quoted.category == "casualties" and quoted.position == -1
    assert quoted.note == "-starts with minus" and "😀" in quoted.get_covered_text()
    links = {(a.Governor.get_covered_text(), a.Dependent.get_covered_text(), a.label)
             for a in cas.select("webanno.custom.Link")}
    assert links == {("ARA News", "reported", "Attribution-indirect"),
                     ("reported", "2,000 died", "Attribution-indirect"),
                     ("General Command", "said", "Attribution-indirect"),
                     ("said", "2,000 died", "Attribution-indirect")}
    isil = cassis.load_cas_from_xmi(
        (tmp_path / "x" / "000002-isil_ben-b.xmi").read_text(encoding="utf-8"), typesystem=ts)
    named = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
    assert {(a.value, a.identifier) for a in isil.select(named)} == {("ARMED_GROUP", "ISIL")}
    assert {a.label for a in isil.select("webanno.custom.Link")} == {
        "AttributedTo-according_to", "Equiv"}
    # UIMA (Java, INCEpTION) counts UTF-16 units: the emoji before "ARA News" is two of them
    raw = (tmp_path / "x" / "000001-title-quoted_ana.xmi").read_text(encoding="utf-8")
    start = BODY.index("ARA News")
    assert f'begin="{start + 1}" end="{start + 9}"' in raw
    meta = cas.select("de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")
    assert meta[0].documentTitle == 'Title, "quoted" 😀'


def test_xmi_round_trip_keeps_each_coder(store, tmp_path):
    """Each coder's CAS is <doc>_<coder>.xmi; beside the export's mapping.toml the importer
    reads the coder from the name, as it reads INCEpTION's annotation/<doc>/<user>.xmi."""
    if not has_reader("xmi"):
        pytest.skip("the XMI importer is not on this branch yet")
    two_coder_project(store)
    body = store.article(1).body
    start = body.index("General Command")
    store.set_coder("ana")
    store.add_mention(1, start, start + len("General"), entity_type="ORG")  # a second name
    back = round_trip(store, tmp_path, "xmi")
    before, after = renamed(projection(store), "ben b.", "ben-b"), projection(back)
    for key in ("articles", "claims"):
        assert after[key] == before[key], key
    anonymous_source_became_an_entity(before, after)  # as in brat: the one known loss
    coders = {r["name"] for r in back.db.query("SELECT name FROM coders")}
    assert {"ana", "ben-b"} <= coders
    names = {r["name"] for r in back.db.query("SELECT name FROM entities")}
    assert {"ARA News", "General Command"} <= names  # canonical names, by identifier


def test_a_plain_xmi_file_name_names_no_coder(tmp_path):
    from annotator.importing.xmi import coder_of

    (tmp_path / "000012-report_kim.xmi").write_text("", encoding="utf-8")
    assert coder_of(str(tmp_path / "000012-report_kim.xmi")) is None  # no export mapping
    (tmp_path / "mapping.toml").write_text("", encoding="utf-8")
    assert coder_of(str(tmp_path / "000012-report_kim.xmi")) == "kim"
    assert coder_of(str(tmp_path / "my_report_v2.xmi")) is None  # not an export's name
    inception = tmp_path / "annotation" / "report.txt"
    inception.mkdir(parents=True)
    assert coder_of(str(inception / "kim.xmi")) == "kim"


TOOL_FILES = SHARED / "corpora"


@pytest.mark.skipif(not TOOL_FILES.is_dir(), reason="../shared is absent")
@pytest.mark.parametrize("source,reader,mapping", [
    ("doccano/real_export_news_sentences_ner.admin.jsonl", "doccano", None),
    ("label-studio/ls0x_completion_348_ner.json", "label_studio", "label-studio.toml"),
])
@pytest.mark.parametrize("fmt", ["brat", "doccano", "label-studio"])
def test_round_trip_of_other_tools_real_files(tmp_path, source, reader, mapping, fmt):
    """A real doccano export and a Label Studio 0.x file, through each export and back."""
    wanted = {"label-studio": "label_studio"}.get(fmt, fmt)
    for needed in {reader, wanted}:
        if not has_reader(needed):
            pytest.skip(f"the {needed} importer is not on this branch yet")
    first = Store(tmp_path / "first.db", coder="importer")
    shipped = Path(__file__).resolve().parents[1] / "resources" / "mappings"
    import_paths(first, [TOOL_FILES / source],
                 **({"mapping": str(shipped / mapping)} if mapping else {}))
    original = projection(first)
    assert original["mentions"], "the file's spans were imported"
    again = projection(round_trip(first, tmp_path, fmt))
    if fmt == "brat":  # a text nobody coded has no .ann, so brat leaves it out
        original["articles"] = {row[0] for key in ("mentions", "claims", "done")
                                for row in original[key]}
    if fmt != "label-studio":  # file names carry coders without '.', '_' or spaces
        from annotator.exporting.documents import coder_slug
        coders = {row[1] for key in ("mentions", "claims", "attributions", "done")
                  for row in original[key]}
        for coder in coders - {None}:
            original = renamed(original, coder, coder_slug(coder))
    for key in ("articles", "mentions", "claims", "attributions"):
        assert again[key] == original[key], key


def test_an_article_nobody_coded_is_a_bare_text_where_the_tool_holds_one(store, tmp_path):
    import json
    two_coder_project(store)
    store.add_articles([ArticleDraft("Nobody coded this", "A text without a code. 😀")])
    for fmt in ("brat", "doccano", "label-studio", "xmi"):
        export_project(store, tmp_path / fmt, fmt=fmt)
    assert not list((tmp_path / "brat").glob("000003*"))  # a .txt alone would read as text
    [bare] = (tmp_path / "doccano" / "doccano.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(bare)
    assert record["text"] == "A text without a code. 😀" and record["entities"] == []
    tasks = json.loads((tmp_path / "label-studio" / "label-studio.json").read_text("utf-8"))
    assert tasks[-1]["annotations"] == [] and tasks[-1]["data"]["title"] == "Nobody coded this"
    assert (tmp_path / "xmi" / "000003-nobody-coded-this.xmi").exists()


def test_a_new_export_replaces_the_old_documents_and_leaves_other_files(store, tmp_path):
    two_coder_project(store)
    out = tmp_path / "b"
    export_project(store, out, fmt="brat")
    (out / "notes.txt").write_text("my own notes")
    (out / "000001-title-quoted_ghost.ann").write_text("")  # a coder since removed
    export_project(store, out, fmt="brat")
    assert (out / "notes.txt").read_text() == "my own notes"
    assert not (out / "000001-title-quoted_ghost.ann").exists()
    assert (out / "000002-isil_ben-b.ann").exists()


@pytest.mark.parametrize("fmt", ["brat", "doccano", "label-studio", "xmi"])
def test_annotation_exports_report_progress_per_article(store, tmp_path, fmt):
    from annotator.exporting.progress import Ticker
    store.add_articles([ArticleDraft(f"t{i}", f"body number {i}") for i in range(1200)])
    seen = []
    export_project(store, tmp_path / fmt, fmt=fmt, progress=lambda d, t, n: seen.append((d, t)))
    assert seen[-1] == (1200, 1200)
    assert sum(1 for d, _ in seen if d % Ticker.EVERY == 0) >= 2


def test_brat_writes_a_discontinuous_span_as_its_fragments(store, tmp_path):
    body = "Officials, he said, denied it 😀 all."
    aid = store.add_articles([ArticleDraft("split", body)]).inserted[0]
    first, second = (0, 9), (body.index("denied"), body.index(" all") + 4)
    store.add_claim(aid, first[0], second[1], fragments=[first, second])
    export_project(store, tmp_path / "b", fmt="brat")
    ann = (tmp_path / "b" / "000001-split_ana.ann").read_text(encoding="utf-8").splitlines()
    assert ann == [f"T1\tContent 0 9;{second[0]} {second[1]}\tOfficials denied it 😀 all"]
    export_project(store, tmp_path / "c", tables=["claims"])
    import csv
    with (tmp_path / "c" / "claims.csv").open(encoding="utf-8", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["fragments"] == f"[[0, 9], [{second[0]}, {second[1]}]]"
