"""Other annotation tools' files through import_paths: doccano, Label Studio, WebAnno TSV.

Each test writes a small file of the tool's format (fixtures of our own, with
an emoji before the spans so code points and UTF-16 units differ), imports it
into a real in-memory project and reads back what was stored.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.importing import import_paths
from annotator.importing.mapping import load_mapping, shipped_mappings
from annotator.store import Store

EMOJI_TEXT = "🎉 Rahul Gandhi met Eknath Shinde in Mumbai on Sunday."


def spans_of(store, article_id):
    body = store.article(article_id).body
    return [(body[m.start:m.end], store.entity(m.entity_id).type) for m in
            store.mentions(article_id)]


def coder_names(store):
    return {c["name"] for c in store.coders()}


def only_article(store):
    (row,) = store.db.execute("SELECT id FROM articles").fetchall()
    return row[0]


# -- doccano ----------------------------------------------------------------------------------

def test_doccano_label_spans_are_trimmed_and_counted_in_code_points(store, tmp_path):
    text = EMOJI_TEXT
    start = text.index(" Rahul")  # a stray space before the name, as coders drag
    record = {"id": 34, "text": text, "Comments": [],
              "label": [[start, start + len(" Rahul Gandhi"), "PERSON"],
                        [text.index("Eknath"), text.index(" in Mumbai") + 1, "PERSON"],
                        [text.index("Mumbai"), text.index("Mumbai") + 6, "GPE"],
                        [text.index("Sunday"), text.index("Sunday") + 6, "DATE"],
                        [3, 999, "ORG"]]}
    path = tmp_path / "export.lee.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    report = import_paths(store, [path])
    assert report.imported == 1 and not report.errors
    article_id = only_article(store)
    assert store.article(article_id).body == text  # exactly as doccano had it
    assert spans_of(store, article_id) == [("Rahul Gandhi", "PERSON"),
                                           ("Eknath Shinde", "PERSON"), ("Mumbai", "GPE/LOC")]
    assert "lee" in coder_names(store)
    statuses = store.db.execute("SELECT c.name, s.status FROM article_status s "
                                "JOIN coders c ON c.id = s.coder_id").fetchall()
    assert statuses == [("lee", "done")]
    reasons = [w.format() for w in report.warnings]
    assert any(f"{path}:1: " in r and "2 doccano spans trimmed" in r for r in reasons)
    assert any("outside the text" in r for r in reasons)
    assert report.annotated["doccano"].ignored["type DATE"] == 1
    again = import_paths(store, [path])
    assert again.imported == 0 and again.annotated["doccano"].already_imported


def test_doccano_pretty_printed_entities_and_relations(store, tmp_path):
    text = "Google was founded by Larry Page."
    record = {"text": text,
              "entities": [{"id": 7, "start_offset": 0, "end_offset": 6, "label": "ORG"},
                           {"id": 8, "start_offset": 22, "end_offset": 32, "label": "PERSON"}],
              "relations": [{"from_id": 7, "to_id": 8, "type": "foundedBy"},
                            {"from_id": 7, "to_id": 99, "type": "broken"}]}
    path = tmp_path / "relations.jsonl"
    path.write_text("\n" + json.dumps(record, indent=4), encoding="utf-8")
    report = import_paths(store, [path])
    assert report.imported == 1 and not report.errors
    assert spans_of(store, only_article(store)) == [("Google", "ORG"), ("Larry Page", "PERSON")]
    assert report.annotated["doccano"].ignored["relation foundedBy"] == 1
    assert any("relation 2 does not join" in w.reason for w in report.warnings)


def test_doccano_labels_key_and_classification(store, tmp_path):
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps({"text": "Peter Blackburn wrote.", "labels": [[0, 15, "PER"]]})
                    + "\n" + json.dumps({"text": "A fine day.", "label": ["positive"]}) + "\n",
                    encoding="utf-8")
    report = import_paths(store, [path])
    assert report.imported == 2 and not report.errors
    notes = [r[0] for r in store.db.execute("SELECT note FROM article_status")]
    assert "label: positive" in notes


def test_a_doccano_record_without_text_names_doccano(store, tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps({"label": [[0, 3, "ORG"]], "body_missing": True}) + "\n")
    report = import_paths(store, [path])
    assert report.imported == 0
    assert "doccano" in report.errors[0].reason and "no body" not in report.errors[0].reason


# -- Label Studio ------------------------------------------------------------------------------

LS_TEXT = "🎉 Trump said the wall will be built, according to Hope Hicks."


def _ls_span(ident, label, text, start=None, shown=None):
    start = LS_TEXT.index(text) if start is None else start
    return {"id": ident, "type": "labels", "from_name": "label", "to_name": "text",
            "value": {"start": start, "end": start + len(text), "text": shown or text,
                      "labels": [label]}}


def _ls_export():
    spans = [_ls_span("a", "Source", "Trump"), _ls_span("b", "Cue", "said"),
             _ls_span("c", "Content", "the wall will be built"),
             _ls_span("d", "Person", " Hope Hicks"),
             _ls_span("e", "Person", "Mexico", start=5)]  # the coder saw another text
    relations = [{"type": "relation", "from_id": "a", "to_id": "c", "labels": ["attribution"]},
                 {"type": "relation", "from_id": "b", "to_id": "c", "labels": ["attribution"]}]
    return [{"id": 1, "data": {"text": LS_TEXT, "meta": "x"},
             "annotations": [
                 {"id": 10, "completed_by": {"id": 3, "email": "kim@example.org"},
                  "result": spans + relations + [
                      {"type": "choices", "from_name": "tone", "to_name": "text",
                       "value": {"choices": ["Neutral"]}}],
                  "history": [{"result": []}], "was_cancelled": False},
                 {"id": 11, "completed_by": 7, "result": [], "was_cancelled": True}],
             "predictions": [{"model_version": "ner-v2",
                              "result": [_ls_span("p", "Person", "Hope Hicks")]}]}]


def test_label_studio_export_with_coders_relations_and_predictions(store, tmp_path):
    path = tmp_path / "project-1.json"
    path.write_text(json.dumps(_ls_export(), indent=2, ensure_ascii=False), encoding="utf-8")
    mapping = load_mapping({"attributions": ["attribution"]})
    report = import_paths(store, [path], mapping=mapping)
    assert report.imported == 1 and not report.errors
    article_id = only_article(store)
    assert {"kim@example.org", "label-studio user 7", "ner-v2"} <= coder_names(store)
    kim = store.ensure_coder("kim@example.org")
    body = store.article(article_id).body
    assert [body[m.start:m.end] for m in store.mentions(article_id, kim)] == [
        "Trump", "Hope Hicks"]  # trimmed; the mismatched span left out
    (claim,) = store.claims(article_id, kim)
    assert claim.text == "the wall will be built"
    (attribution,) = store.attributions(article_id, kim)
    assert (attribution.source_text, attribution.cue_text) == ("Trump", "said")
    statuses = dict(store.db.execute(
        "SELECT c.name, s.status || ':' || coalesce(s.note, '') FROM article_status s "
        "JOIN coders c ON c.id = s.coder_id").fetchall())
    assert statuses["kim@example.org"] == "done:tone: Neutral"
    assert statuses["label-studio user 7"] == "skipped:"
    assert "ner-v2" not in statuses  # a model's suggestion is not progress
    predicted = store.ensure_coder("ner-v2")
    assert [m.text for m in store.mentions(article_id, predicted)] == ["Hope Hicks"]
    mismatch = [w for w in report.warnings if "left out, not shifted" in w.reason]
    assert len(mismatch) == 1 and "'Mexico'" in mismatch[0].reason
    assert mismatch[0].path == str(path) and mismatch[0].line == 2


def test_label_studio_config_names_the_text_key_and_is_not_an_article(store, tmp_path):
    (tmp_path / "config.xml").write_text(
        '<View>\n  <Labels name="ner" toName="doc"><Label value="Person"/></Labels>\n'
        '  <Text name="doc" value="$body"/>\n</View>\n\n\n', encoding="utf-8")
    task = {"completions": [{"id": 1, "result": [
        {"id": "x", "type": "labels", "from_name": "ner", "to_name": "doc",
         "value": {"start": 0, "end": 10, "text": "Hope Hicks", "labels": ["Person"]}}]}],
        "data": {"body": "Hope Hicks spoke.", "title": "A title"}, "id": 348}
    (tmp_path / "348.json").write_text(json.dumps(task), encoding="utf-8")
    report = import_paths(store, [tmp_path])
    assert report.imported == 1 and not report.errors and not report.warnings
    assert [n.path for n in report.notes] == [str(tmp_path / "config.xml")]
    assert [m.text for m in store.mentions(only_article(store))] == ["Hope Hicks"]


def test_label_studio_csv_export(store, tmp_path):
    spans = json.dumps([{"start": 0, "end": 10, "text": "Hope Hicks", "labels": ["Person"]}])
    rows = [["id", "text", "label", "annotation_id", "annotator", "created_at", "lead_time"],
            ["1", "Hope Hicks spoke in Ohio.", spans, "9", "kim@example.org",
             "2024-05-15T12:09:16.789536Z", "1.5"]]
    quoted = "\n".join("\t".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)
    path = tmp_path / "export.csv"
    path.write_text(quoted + "\n", encoding="utf-8")
    report = import_paths(store, [path])
    assert report.imported == 1 and not report.errors
    assert [m.text for m in store.mentions(only_article(store))] == ["Hope Hicks"]
    assert "kim@example.org" in coder_names(store)


def test_label_studio_csv_without_text_names_the_format(store, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id\turi\tannotation_id\tannotator\tlead_time\n1\tx\t9\tkim\t1.0\n")
    report = import_paths(store, [path])
    (error,) = report.errors
    assert "Label Studio CSV export" in error.reason and "no body" not in error.reason


# -- WebAnno TSV 3 -----------------------------------------------------------------------------

def tsv(sentences, summary=True):
    """A WebAnno TSV 3.3 file with GUM's layers; offsets in UTF-16 units, as Java counts."""
    head = ["#FORMAT=WebAnno TSV 3.3",
            "#T_SP=webanno.custom.Referent|entity|identity",
            "#T_RL=webanno.custom.Coref|type|BT_webanno.custom.Referent"]
    if summary:
        head.append("#Summary1=(human1) A summary line, not in the spec.")
    lines, offset = head + ["", ""], 0
    for number, tokens in enumerate(sentences, start=1):
        lines.append("#Text=" + " ".join(t[0] for t in tokens))
        for index, (token, *cells) in enumerate(tokens, start=1):
            length = len(token.replace("\\_", "_").encode("utf-16-le")) // 2
            lines.append(f"{number}-{index}\t{offset}-{offset + length}\t{token}\t"
                         + "\t".join(cells) + "\t")
            offset += length + 1
        lines.append("")
    return "\n".join(lines) + "\n"


def test_webanno_tsv_mentions_identity_and_coreference(store, tmp_path):
    doc_a = tsv([
        [("🎉", "_", "_", "_", "_"), ("Project", "organization[1]", "Project_Chanology[1]",
                                      "_", "_"),
         ("Chanology", "organization[1]", "Project_Chanology[1]", "_", "_"),
         ("protested", "_", "_", "_", "_")],
        [("It", "organization", "_", "coref", "1-2[1_0]"), ("met", "_", "_", "_", "_"),
         ("the", "person[3]", "_", "_", "_"), ("mayor", "person[3]", "_", "_", "_"),
         ("of", "_", "_", "_", "_"), ("A\\_B", "place", "_", "_", "_")],
        [("He", "person", "_", "coref", "2-3[3_0]"), ("left", "_", "_", "_", "_")]])
    doc_b = tsv([[("Chanology", "organization", "Project_Chanology", "_", "_"),
                  ("and", "_", "_", "_", "_"), ("the", "person[1]", "_", "_", "_"),
                  ("mayor", "person[1]", "_", "_", "_")]], summary=False)
    (tmp_path / "a.tsv").write_text(doc_a, encoding="utf-8")
    (tmp_path / "b.tsv").write_text(doc_b, encoding="utf-8")
    report = import_paths(store, [tmp_path])
    assert report.imported == 2 and not report.errors and not report.warnings
    a, b = (r[0] for r in store.db.execute("SELECT id FROM articles ORDER BY id"))
    assert store.article(a).body.startswith("🎉 Project Chanology protested\nIt met the mayor")
    assert store.article(a).title == "🎉 Project Chanology protested"
    assert spans_of(store, a) == [("Project Chanology", "ORG"), ("It", "ORG"),
                                  ("the mayor", "PERSON"), ("A_B", "GPE/LOC"),
                                  ("He", "PERSON")]
    entity = {m.text: m.entity_id for m in store.mentions(a)}
    assert entity["It"] == entity["Project Chanology"]  # coreference: one entity
    assert entity["He"] == entity["the mayor"]
    assert store.entity(entity["It"]).name == "Project Chanology"  # named by the identity
    in_b = {m.text: m.entity_id for m in store.mentions(b)}
    assert in_b["Chanology"] == entity["Project Chanology"]  # identity joins documents
    assert in_b["the mayor"] != entity["the mayor"]  # a chain without one does not
    extra = store.article(a).extra["webanno_tsv"]
    assert extra["header"]["Summary1"].startswith("(human1)")


def test_a_webanno_token_line_short_of_columns_says_how_many_it_had(store, tmp_path):
    """The warning counted the columns after padding them: "7 columns where the header
    names 7"."""
    text = tsv([[("Chanology", "organization", "_", "_", "_"), ("left", "_", "_", "_", "_")]],
               summary=False)
    short = text.splitlines()
    at = next(i for i, line in enumerate(short) if line.startswith("1-2\t"))
    short[at] = "\t".join(short[at].split("\t")[:4])  # the id, offsets, token and one cell
    path = tmp_path / "short.tsv"
    path.write_text("\n".join(short) + "\n", encoding="utf-8")
    report = import_paths(store, [path])
    assert report.imported == 1
    [warning] = [w for w in report.warnings if "columns" in w.reason]
    assert "4 columns where the header names 7" in warning.reason
    assert warning.line == at + 1 and str(path) in warning.format()


def test_webanno_tsv_of_another_version_names_the_format(store, tmp_path):
    path = tmp_path / "old.tsv"
    path.write_text("#FORMAT=WebAnno TSV 2\n\n#Text=x\n1-1\t0-1\tx\t_\n", encoding="utf-8")
    (error,) = import_paths(store, [path]).errors
    assert "WebAnno TSV" in error.reason and "3" in error.reason
    assert "no body" not in error.reason


# -- files beside the texts ---------------------------------------------------------------------

def test_readme_and_manifest_are_skipped_with_a_note(store, tmp_path):
    (tmp_path / "README.md").write_text("# A corpus\n\nAbout it.\n")
    (tmp_path / "MANIFEST.tsv").write_text("path\tsha1\nbusiness/001.txt\tabc\n")
    (tmp_path / "ORIGINAL_README.TXT").write_text("Notes\n\nMore notes.\n")
    (tmp_path / "001.txt").write_text("A title\n\nA body of an article.\n")
    report = import_paths(store, [tmp_path])
    assert report.imported == 1 and not report.errors
    assert sorted(Path(n.path).name for n in report.notes) == [
        "MANIFEST.tsv", "ORIGINAL_README.TXT", "README.md"]
    assert all(n.format().startswith("note: ") for n in report.notes)


def test_metadata_table_file_names_and_folder_column(store, tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "politics").mkdir(parents=True)
    (corpus / "metadata.tsv").write_text(
        "filename\tpublisher\tpublication_date\tauthor\ttitle\n"
        "nyt_2016-03-11_a-story\tnyt\t2016-03-11\tJo Reporter\tBYLINE: Jo\n"
        "nyt_2016-01-02_missing\tnyt\tNone\tNA\t\n", encoding="utf-8")
    (corpus / "politics" / "nyt_2016-03-11_a-story.txt").write_text(
        "A story\n\nIts body text.\n")
    (corpus / "politics" / "wash-post_2015-12-22_other.txt").write_text(
        "Other story\n\nAnother body.\n")
    report = import_paths(store, [corpus], folder_column="category")
    assert report.imported == 2 and not report.errors
    rows = {r["title"]: r for r in store.db.query(
        "SELECT title, published, outlet, extra FROM articles")}
    assert (rows["A story"]["published"][:10], rows["A story"]["outlet"]) == (
        "2016-03-11", "nyt")
    fields = json.loads(rows["A story"]["extra"])["fields"]
    assert fields == {"author": "Jo Reporter", "title": "BYLINE: Jo", "category": "politics"}
    assert (rows["Other story"]["published"][:10], rows["Other story"]["outlet"]) == (
        "2015-12-22", "wash-post")  # from the file name alone
    assert any("metadata of 2 files" in n.reason for n in report.notes)


# -- the mapping file ----------------------------------------------------------------------------

def test_mapping_by_name_file_and_bad_file(store, tmp_path):
    assert set(shipped_mappings()) >= {"gum", "polnear", "doccano", "label-studio"}
    gum = load_mapping("gum")
    assert gum.entity_type("OBJECT") == "OTHER" and gum.is_ignored("Abstract")
    custom = tmp_path / "mine.toml"
    custom.write_text('[entities]\nINGREDIENT = "OTHER"\n')
    assert load_mapping(custom).entity_type("ingredient") == "OTHER"
    bad = tmp_path / "bad.toml"
    bad.write_text("entities = [\n")
    (tmp_path / "a.txt").write_text("Title\n\nBody.\n")
    report = import_paths(store, [tmp_path / "a.txt"], mapping=bad)
    (error,) = report.errors
    assert error.path == str(bad) and "mapping not usable" in error.reason
    assert report.imported == 0
    with pytest.raises(ValueError, match="must be a table"):
        load_mapping({"entities": ["PER"]})


def test_a_shipped_mapping_name_beside_a_folder_of_that_name(tmp_path, monkeypatch):
    """``annotator import project.db gum/ --mapping gum``, run where ``gum/`` is."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gum").mkdir()
    assert load_mapping("gum") == load_mapping(shipped_mappings()["gum"])
    with pytest.raises(ValueError, match=r"no such file, nor a mapping .*gum.*polnear"):
        load_mapping("nosuch")


# -- INCEpTION XMI ---------------------------------------------------------------------------------

def _type(name, *features):
    feats = "".join(f"<featureDescription><name>{n}</name><rangeTypeName>{r}</rangeTypeName>"
                    "</featureDescription>" for n, r in features)
    return (f"<typeDescription><name>{name}</name><supertypeName>uima.tcas.Annotation"
            f"</supertypeName><features>{feats}</features></typeDescription>")


TYPE_SYSTEM = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier"><types>'
    + _type("de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity",
            ("value", "uima.cas.String"), ("identifier", "uima.cas.String"))
    + _type("de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink",
            ("next", "de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink"),
            ("referenceType", "uima.cas.String"), ("referenceRelation", "uima.cas.String"))
    + _type("webanno.custom.Attribution", ("label", "uima.cas.String"))
    + _type("webanno.custom.AttributionRelation", ("Governor", "webanno.custom.Attribution"),
            ("Dependent", "webanno.custom.Attribution"), ("role", "uima.cas.String"))
    + "</types></typeSystemDescription>\n")

XMI_TEXT = "🎉 Hope Hicks said the wall will be built. She left."


def _xmi() -> str:
    def at(text):  # UTF-16 offsets, as UIMA (Java) counts: the emoji is two units
        start = XMI_TEXT.index(text) + 1
        return f'sofa="1" begin="{start}" end="{start + len(text)}"'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" '
        'xmlns:cas="http:///uima/cas.ecore" '
        'xmlns:ner="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore" '
        'xmlns:coref="http:///de/tudarmstadt/ukp/dkpro/core/api/coref/type.ecore" '
        'xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">'
        '<cas:NULL xmi:id="0"/>'
        f'<custom:Attribution xmi:id="10" {at("Hope Hicks")} label="Source"/>'
        f'<custom:Attribution xmi:id="11" {at("said")} label="Cue"/>'
        f'<custom:Attribution xmi:id="12" {at("the wall will be built")} label="Content"/>'
        f'<custom:AttributionRelation xmi:id="13" {at("the wall will be built")} '
        'Governor="10" Dependent="12" role="attribution"/>'
        f'<custom:AttributionRelation xmi:id="14" {at("the wall will be built")} '
        'Governor="11" Dependent="12" role="attribution"/>'
        f'<ner:NamedEntity xmi:id="15" {at("She")} value="PER"/>'
        f'<coref:CoreferenceLink xmi:id="16" {at("Hope Hicks")} next="17" referenceType="NAM"/>'
        f'<coref:CoreferenceLink xmi:id="17" {at("She")} referenceType="PRO"/>'
        f'<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" '
        f'sofaString="{XMI_TEXT}"/>'
        '<cas:View sofa="1" members="10 11 12 13 14 15 16 17"/></xmi:XMI>\n')


def test_inception_xmi_with_its_type_system(store, tmp_path):
    folder = tmp_path / "annotation" / "wall.txt"
    folder.mkdir(parents=True)
    (tmp_path / "TypeSystem.xml").write_text(TYPE_SYSTEM, encoding="utf-8")
    (folder / "kim.xmi").write_text(_xmi(), encoding="utf-8")
    report = import_paths(store, [tmp_path], mapping={"attributions": ["attribution"]})
    assert report.imported == 1 and not report.errors and not report.warnings
    assert [Path(n.path).name for n in report.notes] == ["TypeSystem.xml"]
    article_id = only_article(store)
    assert store.article(article_id).body == XMI_TEXT
    kim = store.ensure_coder("kim")
    mentions = store.mentions(article_id, kim)
    assert [m.text for m in mentions] == ["Hope Hicks", "She"]
    assert mentions[0].entity_id == mentions[1].entity_id  # the coreference chain
    assert store.entity(mentions[0].entity_id).name == "Hope Hicks"
    (attribution,) = store.attributions(article_id, kim)
    assert (attribution.source_text, attribution.cue_text) == ("Hope Hicks", "said")
    assert store.claims(article_id, kim)[0].text == "the wall will be built"


def test_xmi_without_its_type_system_says_so(store, tmp_path):
    (tmp_path / "doc.xmi").write_text(_xmi(), encoding="utf-8")
    (error,) = import_paths(store, [tmp_path]).errors
    assert "type system" in error.reason and "XMI" in error.reason


# -- the command line ------------------------------------------------------------------------------

def test_cli_mapping_by_name_folder_column_and_a_bad_mapping(tmp_path):
    from click.testing import CliRunner

    from annotator.cli import main

    corpus = tmp_path / "news" / "sport"
    corpus.mkdir(parents=True)
    (corpus / "doc.tsv").write_text(tsv([[("Ohio", "place", "Ohio", "_", "_"),
                                         ("won", "_", "_", "_", "_")]]), encoding="utf-8")
    (corpus / "README.md").write_text("# notes\n")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(main, ["import", str(db), str(tmp_path / "news"), "--mapping",
                                       "gum", "--folder-column", "category"])
    assert result.exit_code == 0, result.output
    assert "webanno-tsv: 1 file, 1 article added" in result.output
    assert "note: " in result.output and "imported 1," in result.output
    with Store(db) as store:
        (article_id,) = store.article_ids()
        assert store.article(article_id).extra["fields"] == {"category": "sport"}
        assert [m.text for m in store.mentions(article_id)] == ["Ohio"]
    bad = tmp_path / "bad.toml"
    bad.write_text("cues = 3\n")
    result = CliRunner().invoke(main, ["import", str(db), str(corpus), "--mapping", str(bad)])
    assert result.exit_code == 1
    assert f"error: {bad}: mapping not usable: cues must be a list of labels" in result.output
    fresh = tmp_path / "new.db"
    result = CliRunner().invoke(main, ["import", str(fresh), str(corpus), "--mapping", "nosuch"])
    assert result.exit_code == 1 and "error: nosuch: mapping not usable: " in result.output
    assert not fresh.exists()  # a mapping that cannot be read makes no empty project


def test_a_folder_of_several_tools_imports_each_and_brat_leaves_the_rest(store, tmp_path):
    brat = tmp_path / "corpus" / "brat"
    (brat / "texts").mkdir(parents=True)
    (brat / "doc.txt").write_text("Hope Hicks spoke.\n", encoding="utf-8")
    (brat / "doc.ann").write_text("T1\tPER 0 10\tHope Hicks\n", encoding="utf-8")
    (brat / "annotation.conf").write_text("[entities]\nPER\n")
    (brat / "plain.txt").write_text("An unannotated text\n\nIts body.\n", encoding="utf-8")
    (tmp_path / "corpus" / "export.jsonl").write_text(json.dumps(
        {"text": "Mumbai voted.", "label": [[0, 6, "GPE"]]}) + "\n", encoding="utf-8")
    (tmp_path / "corpus" / "nested").mkdir()
    (tmp_path / "corpus" / "nested" / "metadata.tsv").write_text(
        "filename\tpublisher\nnews_2016-05-01_x\tnyt\n")
    (tmp_path / "corpus" / "nested" / "news_2016-05-01_x.txt").write_text("A\n\nB body.\n")
    report = import_paths(store, [tmp_path / "corpus"])
    assert not report.errors, report.format()
    assert report.brat.files == 1 and report.annotated["doccano"].files == 1
    bodies = {store.article(i).body: store.article(i) for i in store.article_ids()}
    assert {"Hope Hicks spoke.\n", "Mumbai voted.", "Its body."} <= set(bodies)
    assert bodies["B body."].outlet == "nyt"
    assert {Path(n.path).name for n in report.notes} == {"annotation.conf", "metadata.tsv"}


def test_a_json_line_that_quotes_xmi_is_read_as_what_it_is(store, tmp_path):
    """Found by the fuzzer: a doccano record holding "<xmi:XMI" was taken for an XMI file."""
    feed = tmp_path / "admin.jsonl"
    feed.write_text('{"text": "a <xmi:XMI> tag in 🙂 a text", "label": []}\n', encoding="utf-8")
    report = import_paths(store, [feed])
    assert report.imported == 1 and not report.failed
