"""brat standoff import: the line parser, the mapping to our rows, and real brat data."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.importing.brat import BratMapping, import_brat, load_mapping
from annotator.importing.brat_links import guess_kind
from annotator.importing.brat_standoff import parse_ann
from annotator.team.agreement import compute_agreement

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = SHARED / "corpora"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent")

BODY = ('Trump rally\n\n'
        '"We will win," Donald Trump said on Monday, "and Mexico will pay."\n'
        'His aide Hope Hicks added that the wall\nwould be built.\n'
        'According to Reuters, the crowd was large.\n')


def at(text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = BODY.index(text, start + 1)
    return start, start + len(text)


def t(tid: str, kind: str, *fragments: tuple[int, int]) -> str:
    """A T line as brat writes it: fragments joined by a space, a newline left raw."""
    offsets = ";".join(f"{s} {e}" for s, e in fragments)
    return f"{tid}\t{kind} {offsets}\t" + " ".join(BODY[s:e] for s, e in fragments)


FULL = "\n".join([
    t("T1", "Source", at("Donald Trump")), t("T2", "Cue", at("said")),
    t("T3", "Content", at('"We will win,"'), at('"and Mexico will pay."')),
    t("T4", "Attribution", at("said")),
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    t("T5", "Source", at("His aide Hope Hicks")), t("T6", "Cue", at("added")),
    t("T7", "Content", at("that the wall\nwould be built")),   # a newline in covered text
    t("T8", "Attribution", at("added")),
    "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
    t("T9", "Source", at("Reuters")), t("T10", "Cue", at("According to")),
    t("T11", "Content", at("the crowd was large")), t("T12", "Attribution", at("According to")),
    "E3\tAttribution:T12 Source:T9 Cue:T10 Content:T11",
    t("T13", "Attribution-no-source", at("Monday")),
    "E4\tAttribution-no-source:T13 ",                          # an event with no arguments
    "#1\tAnnotatorNotes T3\tcheck the second quote",
    "#2\tAnnotatorNotes E2\tparaphrase?",
    t("T14", "Discuss", at("rally")),
    "A1\tNegated E1",
    "",
]) + "\n"

SHORT = "\n".join([
    t("T1", "Source", at("Donald Trump")), t("T2", "Cue", at("said")),
    t("T3", "Content", at('"We will win,"')), t("T4", "Attribution", at("said")),
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    t("T5", "Source", at("His aide Hope Hicks")), t("T6", "Cue", at("added")),
    t("T7", "Content", at("that the wall\nwould be built")),
    "E2\tAttribution:T6 Source:T5 Cue:T6 Content:T7",
]) + "\n"


@pytest.fixture
def polnear_like(tmp_path):
    """PolNeAR's layout: text/<doc>.txt and attributions/<doc>_<annotator>.ann."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "rally.txt").write_text(BODY, encoding="utf-8", newline="")
    (tmp_path / "attributions" / "rally_4b22.ann").write_text(FULL, encoding="utf-8")
    (tmp_path / "attributions" / "rally_ef2d.ann").write_text(SHORT, encoding="utf-8")
    return tmp_path


# -- the parser ---------------------------------------------------------------------------------

def test_parser_joins_broken_lines_and_reads_every_line_type():
    doc = parse_ann(FULL + "*\tAlias T1 T5\nR1\tSays Arg1:T1 Arg2:T3\t\nN1\tReference T1 W:1\t"
                           "Trump\nM1\tNegation E1\nnot brat at all\n")
    t3, t7 = doc.textbounds["T3"], doc.textbounds["T7"]
    assert t3.discontinuous and (t3.start, t3.end) == (at('"We will win,"')[0],
                                                       at('"and Mexico will pay."')[1])
    assert t3.text == t3.covered_in(BODY)
    assert t7.text == "that the wall\nwould be built" == t7.covered_in(BODY)
    assert doc.joined_lines == 1
    assert doc.links["E4"].args == () and doc.links["E4"].trigger == "T13"
    assert doc.links["R1"].args == (("Arg1", "T1"), ("Arg2", "T3"))
    assert [(n.target, n.text) for n in doc.notes] == [("T3", "check the second quote"),
                                                      ("E2", "paraphrase?")]
    assert doc.equivalences[0].members == ("T1", "T5")
    assert doc.skipped == {"A lines": 1, "N lines": 1, "M lines": 1}
    # "not brat at all" follows an M line, so it cannot be covered text
    assert [reason for _, reason in doc.problems] == [
        "text after this line that is not an annotation"]


def test_parser_reports_bad_lines_instead_of_raising():
    doc = parse_ann("T1\tPER x y\tbad\nT2\tPER 5 3\tbackwards\nE1\t\nT3\tPER 0 4\tgood\n")
    assert list(doc.textbounds) == ["T3"]
    assert [line for line, _ in doc.problems] == [1, 2, 3]
    assert parse_ann("").textbounds == {} and parse_ann("\n\n").problems == []


def test_guess_kind():
    assert guess_kind('"We will win," he said', "said") == "indirect"
    assert guess_kind('"We will win."', "said") == "direct_quote"
    assert guess_kind("“We will win”.", "said") == "direct_quote"
    assert guess_kind("the crowd was large", "According  to") == "according_to"
    assert guess_kind("that it rained", None) == "indirect"


# -- importing ----------------------------------------------------------------------------------

def test_import_polnear_layout_with_annotator_suffixes(store, polnear_like):
    report = import_brat(store, polnear_like, progress=lambda *a: None)
    assert report.errors == [] and report.coders == {"4b22", "ef2d"}
    assert (report.files, report.articles_added, report.articles_matched) == (2, 1, 1)
    assert store.coder_name == "ana"               # the importer's coder is back afterwards
    aid = report.article_ids[0]
    assert store.article(aid).body == BODY          # stored exactly: offsets depend on it
    coders = {c["id"]: c["name"] for c in store.coders()}
    claims = {(coders[c.coder_id], c.text) for c in store.claims(aid)}
    assert ("ef2d", '"We will win,"') in claims and ("4b22", "the crowd was large") in claims
    assert {coders[s["coder_id"]] for s in store.db.query("SELECT * FROM article_status")} == {
        "4b22", "ef2d"}
    assert set(store.coded_articles()[aid]) == {"4b22", "ef2d"}


def test_attributions_sources_cues_and_kinds(store, polnear_like):
    import_brat(store, polnear_like / "attributions" / "rally_4b22.ann")
    aid = store.article_ids()[0]
    rows = {r["cue_text"]: r for r in store.export_rows("attributions")}
    assert set(rows) == {"said", "added", "According to"}
    assert rows["said"]["source_name"] == "Donald Trump" and rows["said"]["source_type"] == "OTHER"
    assert rows["said"]["kind"] == "direct_quote"
    assert rows["added"]["kind"] == "indirect"
    assert rows["According to"]["kind"] == "according_to"
    assert (rows["added"]["source_start"], rows["added"]["source_end"]) == at("His aide Hope Hicks")
    # a source is also a mention of its entity, and the claim's claimant
    assert {m.text for m in store.mentions(aid)} == {"Donald Trump", "His aide Hope Hicks",
                                                     "Reuters"}
    trump = store.find_entity("Donald Trump").id
    quote = next(c for c in store.claims(aid) if c.start == at('"We will win,"')[0])
    assert quote.claimant_entity_id == trump
    for row in store.export_rows("attributions"):
        assert row["coder"] == "4b22"


def test_discontinuous_span_keeps_its_extent_and_fragments(store, polnear_like):
    import_brat(store, polnear_like / "attributions" / "rally_4b22.ann")
    quote = next(c for c in store.claims(1) if c.start == at('"We will win,"')[0])
    first, second = at('"We will win,"'), at('"and Mexico will pay."')
    assert (quote.start, quote.end) == (first[0], second[1])
    assert quote.fragments == (first, second)               # stored as the pieces brat had
    assert "brat fragments" not in quote.note
    assert "check the second quote" in quote.note           # the AnnotatorNotes line


def test_newline_in_covered_text_notes_and_ignored_lines(store, polnear_like):
    report = import_brat(store, polnear_like / "attributions" / "rally_4b22.ann")
    assert report.warnings == []                             # the broken line was joined back
    wall = next(c for c in store.claims(1) if c.text.startswith("that the wall"))
    assert wall.text == "that the wall\nwould be built"
    assert wall.note == "[attribution] paraphrase?"
    assert report.notes == 2
    assert report.ignored == {"attributions without content": 1, "type Discuss": 1,
                              "A lines": 1}


def test_reimport_adds_nothing(store, polnear_like):
    import_brat(store, polnear_like)
    before = store.stats()["counts"]
    report = import_brat(store, polnear_like)
    assert len(report.already_imported) == 2 and report.claims == 0
    assert store.stats()["counts"] == before


def test_empty_ann_counts_as_coded_with_nothing_found(store, tmp_path):
    (tmp_path / "doc.txt").write_text("Nothing is attributed here.", encoding="utf-8")
    (tmp_path / "doc.ann").write_text("", encoding="utf-8")
    (tmp_path / "doc_zz99.ann").write_text("T1\tSource 0 7\tNothing\n", encoding="utf-8")
    report = import_brat(store, tmp_path)
    assert report.errors == [] and report.files == 2
    assert report.coders == {"ana", "zz99"}     # doc.ann pairs with doc.txt: the default coder
    assert store.coded_articles() == {1: {"ana", "zz99"}}
    figures = compute_agreement(store)
    assert figures.value("mentions", "f1_overlap") == 0.0


def test_entities_equivalences_relations_and_a_custom_mapping(store, tmp_path):
    body = "Joanne Rowling, or Jo Rowling, said Hogwarts is real. Warner denied it."
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    ann = ["T1\tPerson 0 14\tJoanne Rowling", "T2\tPerson 19 29\tJo Rowling",
           "*\tAlias T1 T2", "T3\tGPE 36 44\tHogwarts", "T4\tClaim 36 52\tHogwarts is real",
           "T5\tSpeaker 54 60\tWarner", "R1\tSays Arg1:T5 Arg2:T4\t",
           "#1\tAnnotatorNotes T3\tfictional?", "R2\tFamily Arg1:T1 Arg2:T2\t"]
    (tmp_path / "a.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    toml = tmp_path / "mapping.toml"
    toml.write_text('claims = ["Claim"]\nattributions = ["Says"]\ninfer_kind = false\n'
                    '[sources]\nSpeaker = "ORG"\n[kinds]\nSays = "indirect"\n')
    report = import_brat(store, tmp_path / "a.ann", mapping=toml, coder="lee")
    assert report.errors == [] and report.coders == {"lee"}
    rowling = store.find_entity("Jo Rowling", "PERSON")
    assert rowling.name == "Joanne Rowling" and store.aliases(rowling.id) == ["Jo Rowling"]
    assert store.find_entity("Hogwarts", "GPE/LOC") is not None
    (att,) = list(store.export_rows("attributions"))
    assert (att["source_name"], att["source_type"], att["kind"], att["cue_text"]) == (
        "Warner", "ORG", "indirect", None)
    assert report.ignored["relation Family"] == 1 and report.ignored["notes not placed"] == 1
    assert "fictional?" in report.format() and "warning:" in report.format()


def test_load_mapping():
    assert load_mapping(None) == BratMapping()
    custom = load_mapping({"cues": ["Verb"], "sources": {"Speaker": "PERSON"}})
    assert custom.cues == frozenset({"Verb"}) and custom.claims == BratMapping().claims
    with pytest.raises(ValueError, match="unknown mapping key"):
        load_mapping({"cuez": []})


def test_missing_text_and_bad_spans_are_reported(store, tmp_path):
    (tmp_path / "lost.ann").write_text("T1\tPER 0 4\tNobody\n", encoding="utf-8")
    (tmp_path / "short.txt").write_text("Tiny.", encoding="utf-8")
    (tmp_path / "short.ann").write_text("T1\tPER 0 40\tTiny. and more\nT2\tPER 0 4\tTiny\n",
                                        encoding="utf-8")
    report = import_brat(store, tmp_path)
    assert [e.reason for e in report.errors] == ["no text file lost.txt for it"]
    assert any("outside the text" in w.reason for w in report.warnings)
    assert report.mentions == 1


def test_same_text_stored_with_other_whitespace_is_realigned(store, polnear_like):
    from annotator.model import ArticleDraft

    reflowed = BODY.replace("\n", "\r\n").replace(" said ", "  said ")
    aid = store.add_articles([ArticleDraft("Trump rally", reflowed)]).inserted[0]
    report = import_brat(store, polnear_like)
    assert report.articles_matched == 2 and report.errors == []
    assert {c.text for c in store.claims(aid)} >= {"the crowd was large", '"We will win,"'}
    said = [a for a in store.attributions(aid) if a.cue_text == "said"]
    assert said and all(reflowed[a.cue_start:a.cue_end] == "said" for a in said)


# -- real brat data (skipped without ../shared) -------------------------------------------------

@needs_shared
def test_polnear_annotator_training_imports_cleanly(store):
    report = import_brat(store, CORPORA / "polnear" / "annotator-training")
    assert report.errors == [] and report.warnings == []
    assert report.files == 24 and report.articles_added == 4
    assert report.coders == {"4b22", "4e07", "5fec", "6b86", "d473", "ef2d"}
    coded = store.coded_articles()
    assert len(coded) == 4 and all(len(c) == 6 for c in coded.values())
    for claim in store.export_rows("claims"):
        body = store.article(claim["article_id"]).body
        assert body[claim["start"]:claim["end"]] == claim["text"]


@needs_shared
def test_polnear_broken_lines_import_without_warnings(store):
    train = CORPORA / "polnear" / "train" / "attributions"
    files = [train / "wash-post_2016-06-27_byline-amber-phillips_4e07.ann",
             train / "usa-today_2016-08-09_khans-trump-stirs-ugliness-musli_4e07.ann",
             train / "nyt_2016-04-18_for-news-outlets-feeling-the-squ_4e07.ann"]
    report = import_brat(store, files)
    assert report.errors == [] and report.warnings == [] and report.files == 3
    assert any("\n" in c.text for aid in store.article_ids() for c in store.claims(aid))


@needs_shared
def test_brat_examples_import_without_errors(store):
    report = import_brat(store, CORPORA / "brat-examples")
    assert report.errors == []
    assert report.files == 53 and report.articles_added == 53
    assert report.mentions > 500
    assert report.ignored["M lines"] == 41


def test_import_command_routes_brat_folders_and_keeps_plain_files(polnear_like, tmp_path):
    """`annotator import` sends a folder holding .ann files to the brat reader, so its
    .txt files are not imported a second time as plain articles."""
    from click.testing import CliRunner

    from annotator.cli import main
    from annotator.store import Store

    plain = tmp_path / "plain.txt"
    plain.write_text("A plain article\n\nIts body.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(main, ["import", str(db), str(polnear_like), str(plain)])
    assert result.exit_code == 0, result.output
    # the rally under two coders is one article with both coders' annotations: no duplicate
    assert "imported 2, copies of stored articles 1 (annotations added), duplicates 0, " \
        "failed 0" in result.output
    assert "brat: 2 files" in result.output
    with Store(db) as s:
        assert s.count_articles(assigned_only=False) == 2
        assert {c["name"] for c in s.coders()} >= {"4b22", "ef2d"}


def test_another_coders_copy_is_counted_as_annotations_added_not_a_skipped_duplicate(
        polnear_like, tmp_path):
    from annotator.importing import import_paths
    from annotator.store import Store

    with Store(tmp_path / "p.db") as s:
        report = import_paths(s, [polnear_like])
        assert (report.imported, report.matched, report.duplicates) == (1, 1, 0)
        assert "1 copy of stored articles (annotations added), 0 duplicates skipped" in \
            report.summary()
