"""The codebook changed through the store: recoding, refusals, undo, versions, TOML, HTML."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from annotator.cli import main
from annotator.codebook import CodebookDiffers, CodebookError, load_codebook, parse_codebook
from annotator.codebook.edit import (
    CodebookMismatch,
    Recode,
    add_code,
    edit_code,
    missing_codes,
    move_code,
    remove_code,
    replace_codebook,
    same_scheme,
    set_level,
)
from annotator.codebook.html_page import codebook_html
from annotator.codebook.toml_file import codebook_toml, rebuilt
from annotator.migrations import schema_migrations
from annotator.model import ArticleDraft
from annotator.store import Store

BODY = "ARA News reported that the Iraqi Army took Mosul, a statement said."


def coded(store: Store) -> dict[str, int]:
    """One article with an ORG mention, a categorised claim and an attribution."""
    aid = store.add_articles([ArticleDraft("t", BODY)]).inserted[0]
    army = BODY.index("Iraqi Army")
    mention = store.add_mention(aid, army, army + 10, name="Iraqi Army", entity_type="ORG")
    claim = store.add_claim(aid, army, BODY.index(","), category="military_action",
                            certainty="probable")
    attribution = store.add_attribution(claim.row_id, kind="indirect",
                                        source_span=(0, 8))
    return {"article": aid, "mention": mention.row_id, "claim": claim.row_id,
            "attribution": attribution.row_id,
            "entity": store.mentions(aid)[0].entity_id}


# -- the edits and the store ------------------------------------------------------------------
def test_rename_recodes_every_row_in_one_transaction_and_logs_it(store):
    ids = coded(store)
    log_before = len(store.edit_log(1000))
    change = store.change_codebook(edit_code(store.codebook(), "entity_types", "ORG",
                                             new_key="ORGANISATION"))
    assert store.entity(ids["entity"]).type == "ORGANISATION"
    assert store.codebook().code("entity_types", "ORGANISATION").label == "Organisation"
    assert store.codebook().code("entity_types", "ORG") is None
    assert store.codebook_version() == 2 and store.codebook().version == 2
    assert change.after["moved"] == [{"section": "entity_types", "old": "ORG",
                                      "new": "ORGANISATION", "ids": [ids["entity"]]}]
    log = store.edit_log(1000)[: len(store.edit_log(1000)) - log_before]
    assert [(r["table_name"], r["action"]) for r in reversed(log)] == [
        ("entities", "recode"), ("meta", "change_codebook")]
    assert json.loads(log[0]["after"])["version"] == 2
    # the stored text is the TOML the parser reads, version included
    assert parse_codebook(store.meta("codebook")).version == 2


def test_rename_of_category_kind_and_certainty(store):
    ids = coded(store)
    book = store.codebook()
    for section, old, new in (("claim_categories", "military_action", "military"),
                              ("attribution_kinds", "indirect", "reported"),
                              ("certainty", "probable", "likely")):
        store.change_codebook(edit_code(store.codebook(), section, old, new_key=new))
    claim = store.claims(ids["article"])[0]
    assert (claim.category, claim.certainty) == ("military", "likely")
    assert store.attributions(ids["article"])[0].kind == "reported"
    assert store.codebook().certainty[1] == "likely"  # the scale's order is kept
    assert store.codebook_version() == book.version + 3


def test_removing_a_code_in_use_is_refused_without_a_destination(store):
    ids = coded(store)
    book = store.codebook()
    dropped = rebuilt(book, claim_categories=book.claim_categories[1:])
    from annotator.codebook.edit import CodebookEdit
    with pytest.raises(CodebookError, match=r"claim category military_action \(1 claim\)"):
        store.change_codebook(CodebookEdit(dropped))
    assert store.claims(ids["article"])[0].category == "military_action"
    assert store.codebook_version() == 1
    assert store.codebook().code("claim_categories", "military_action") is not None
    with pytest.raises(CodebookError, match="another type"):
        remove_code(book, "entity_types", "ORG")
    with pytest.raises(CodebookError, match="no such code"):
        remove_code(book, "entity_types", "ORG", "NOPE")


def test_remove_with_remapping_and_undo_puts_back_exactly_those_rows(store):
    ids = coded(store)
    aid = ids["article"]
    other = store.add_claim(aid, 0, 8, category="casualties")
    change = store.change_codebook(remove_code(store.codebook(), "claim_categories",
                                               "military_action", "casualties"))
    assert [c.category for c in store.claims(aid)] == ["casualties", "casualties"]
    assert change.after["moved"][0]["ids"] == [ids["claim"]]
    undone = store.revert_codebook_change(change)
    by_id = {c.id: c.category for c in store.claims(aid)}
    assert by_id == {ids["claim"]: "military_action", other.row_id: "casualties"}
    assert store.codebook().code("claim_categories", "military_action") is not None
    assert store.codebook_version() == 3  # an undo is a change too: versions never go back
    assert undone.after["moved"][0]["new"] == "military_action"


def test_remove_to_none_and_entity_type_remap(store):
    ids = coded(store)
    store.change_codebook(remove_code(store.codebook(), "attribution_kinds", "indirect"))
    assert store.attributions(ids["article"])[0].kind is None
    store.change_codebook(remove_code(store.codebook(), "entity_types", "ORG", "OTHER"))
    assert store.entity(ids["entity"]).type == "OTHER"
    assert "ORG" not in store.codebook().entity_type_keys()


def test_new_annotations_record_the_version_and_restores_keep_theirs(store):
    ids = coded(store)
    assert store.mentions(ids["article"])[0].codebook_version == 1
    store.change_codebook(add_code(store.codebook(), "claim_categories", "rumour", "Rumour",
                                   description="Unconfirmed reports"))
    claim = store.add_claim(ids["article"], 0, 8, category="rumour")
    assert claim.after["codebook_version"] == 2
    deleted = store.delete_mention(ids["mention"])
    store.restore(deleted)
    assert store.mentions(ids["article"])[0].codebook_version == 1


def test_same_codebook_again_changes_nothing(store):
    assert store.change_codebook(replace_codebook(store.codebook(), load_codebook())) is None
    assert store.codebook_version() == 1


def test_validation_names_the_problem():
    book = load_codebook()
    with pytest.raises(CodebookError, match="two entity types have the key PERSON"):
        add_code(book, "entity_types", "PERSON")
    with pytest.raises(CodebookError, match="colour"):
        edit_code(book, "entity_types", "ORG", colour="blue")
    with pytest.raises(CodebookError, match="key letter O"):
        edit_code(edit_code(book, "entity_types", "ORG", letter="o").book,
                  "entity_types", "OTHER", letter="O")
    moved = move_code(book, "certainty", "denied", -1).book
    assert moved.certainty == ("certain", "probable", "denied", "possible")
    assert set_level(book, "kind", "ordinal").book.level_of("kind") == "ordinal"


def test_migration_gives_existing_annotations_the_current_version(tmp_path):
    path = tmp_path / "old.db"
    db = Database(sqlite3.connect(path))
    schema_migrations().apply(db, stop_before="m009_codebook_versions")
    text = load_codebook().source_text.replace("version = 1", "version = 3")
    db.execute("INSERT INTO meta(key, value) VALUES ('codebook', ?)", [text])
    db.execute("INSERT INTO articles(id, content_hash, body, imported_at)"
               " VALUES (1, 'h', 'Ana spoke.', 'x')")
    db.execute("INSERT INTO entities(id, name, norm_name, type) VALUES (1, 'Ana', 'ana',"
               " 'PERSON')")
    db.execute('INSERT INTO mentions(article_id, entity_id, start, "end", text)'
               " VALUES (1, 1, 0, 3, 'Ana')")
    db.execute('INSERT INTO claims(article_id, start, "end", text) VALUES (1, 0, 9, "x")')
    db.conn.commit()
    db.close()
    with Store(path, coder="ana") as s:
        assert s.mentions(1)[0].codebook_version == 3
        assert s.claims(1)[0].codebook_version == 3
        assert s.codebook_version() == 3
        assert s.add_mention(1, 4, 9, entity_id=1).after["codebook_version"] == 3
        flat = list(s.db.query("SELECT codebook_version FROM claims_flat"))
        assert flat == [{"codebook_version": 3}]


# -- merging ------------------------------------------------------------------------------------
def test_merge_refuses_codes_the_target_lacks_and_names_them(tmp_path):
    with Store(tmp_path / "ana.db", coder="ana") as ana:
        coded(ana)
        ana.change_codebook(add_code(ana.codebook(), "claim_categories", "rumour"))
        ana.change_codebook(edit_code(ana.codebook(), "entity_types", "ORG",
                                      new_key="ORGANISATION"))
    with Store(tmp_path / "team.db", coder="lead") as team:
        with pytest.raises(CodebookMismatch) as refused:
            team.merge_projects([tmp_path / "ana.db"])
        message = str(refused.value)
        assert "entity type ORGANISATION (1 entity)" in message
        assert "claim category rumour (unused)" in message
        assert team.count_articles(assigned_only=False) == 0  # nothing was written
        # once the target knows the codes, the merge goes through with the versions
        team.change_codebook(add_code(team.codebook(), "claim_categories", "rumour"))
        team.change_codebook(add_code(team.codebook(), "entity_types", "ORGANISATION"))
        team.merge_projects([tmp_path / "ana.db"])
        article = team.article_ids()[0]
        assert team.mentions(article)[0].codebook_version == 1
        assert team.entities()[0].type == "ORGANISATION"


def test_merge_with_other_labels_is_allowed(tmp_path):
    with Store(tmp_path / "ana.db", coder="ana") as ana:
        coded(ana)
        ana.change_codebook(edit_code(ana.codebook(), "entity_types", "ORG", label="Org."))
    with Store(tmp_path / "team.db", coder="lead") as team:
        team.merge_projects([tmp_path / "ana.db"])
        assert team.count_articles(assigned_only=False) == 1
    book = load_codebook()
    assert missing_codes(book, book) == []


# -- TOML and HTML ------------------------------------------------------------------------------
def test_toml_round_trip_of_the_default_and_of_an_edited_codebook():
    book = load_codebook()
    assert same_scheme(parse_codebook(codebook_toml(book)), book)
    edited = edit_code(book, "entity_types", "PERSON", letter="h",
                       description='Says "who"\nand\\how').book
    edited = edit_code(edited, "certainty", "denied", label="Denied",
                       description="The claim is refuted").book
    edited = set_level(edited, "category", "nominal").book
    again = parse_codebook(codebook_toml(replace(edited, version=7)))
    assert again.version == 7
    assert again.code("entity_types", "PERSON").letter == "h"
    assert again.code("entity_types", "PERSON").description == 'Says "who"\nand\\how'
    assert again.code("certainty", "denied").label == "Denied"
    assert again.certainty == book.certainty
    assert same_scheme(again, edited)


text_values = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(key=text_values.map(str.strip).filter(bool), label=text_values, description=text_values)
def test_toml_round_trip_of_any_text(key, label, description):
    book = load_codebook()
    try:
        book = add_code(book, "claim_categories", key, label, description=description).book
    except CodebookError:
        return  # a key another code has
    again = parse_codebook(codebook_toml(book))
    code = again.code("claim_categories", key)
    assert code is not None and code.label == (label.strip() or key)
    assert code.description == (description.strip() or None)


def test_html_page_holds_every_code_escaped():
    book = add_code(load_codebook(), "claim_categories", "x<y", "Less & more",
                    description="<script>no</script>").book
    page = codebook_html(book)
    for section in ("entity_types", "claim_categories", "attribution_kinds", "certainty"):
        for code in book.codes(section):
            assert f"<code>{code.key.replace('<', '&lt;')}</code>" in page
    for code in book.entity_types:
        assert code.description in page and code.colour in page
    assert "x&lt;y" in page and "Less &amp; more" in page and "<script>" not in page
    assert "for / positive" in page and "ordinal" in page


def test_html_page_keeps_each_swatch_with_its_colour_code_on_one_line():
    """Found in a browser 1,200 px wide: the swatch and its hex code broke onto two lines
    in 7 of the 8 entity rows."""
    book = load_codebook()
    page = codebook_html(book)
    for code in book.entity_types:
        assert (f'<td class="nowrap"><span class="swatch" style="background:{code.colour}">'
                f"</span>{code.colour}</td>") in page
    assert "td.nowrap { white-space: nowrap; }" in page


# -- the command line ---------------------------------------------------------------------------
def test_cli_export_import_and_html(tmp_path):
    runner = CliRunner()
    db = tmp_path / "p.db"
    with Store(db, coder="ana") as s:
        coded(s)
    toml = tmp_path / "book.toml"
    assert runner.invoke(main, ["codebook", "export", str(db), str(toml)]).exit_code == 0
    assert same_scheme(parse_codebook(toml.read_text(encoding="utf-8")), load_codebook())
    toml.write_text(toml.read_text(encoding="utf-8").replace('"ORG"', '"ORGANISATION"'),
                    encoding="utf-8")
    refused = runner.invoke(main, ["codebook", "import", str(db), str(toml)])
    assert refused.exit_code == 1 and "entity type ORG (1 entity)" in refused.output
    assert "with --recode SECTION:OLD=NEW" in refused.output  # and how to say where they go
    done = runner.invoke(main, ["codebook", "import", str(db), str(toml),
                                "--recode", "type:ORG=ORGANISATION"])
    assert done.exit_code == 0, done.output
    assert "recoded entity type ORG (1 entity) -> ORGANISATION" in done.output
    with Store(db) as s:
        assert s.entities()[0].type == "ORGANISATION" and s.codebook_version() == 2
    page = tmp_path / "manual.html"
    assert runner.invoke(main, ["codebook", "html", str(db), str(page)]).exit_code == 0
    assert "ORGANISATION" in page.read_text(encoding="utf-8")
    bad = runner.invoke(main, ["codebook", "import", str(db), str(toml), "--recode", "x"])
    assert bad.exit_code == 1 and "SECTION:OLD=NEW" in bad.output


def test_replace_codebook_keeps_recode():
    book = load_codebook()
    edit = replace_codebook(book, book, (Recode("entity_types", "ORG", "OTHER"),))
    assert edit.recode[0].new == "OTHER"


def test_opening_with_another_codebook_is_refused_and_changes_nothing(tmp_path):
    path = tmp_path / "p.db"
    with Store(path, coder="ana") as s:
        coded(s)
    for replacement in ('"ORG"', '"EVENT"'):  # a code in use, and one nothing uses
        book = tmp_path / "book.toml"
        book.write_text(load_codebook().source_text.replace(replacement, '"RENAMED"'),
                        encoding="utf-8")
        with pytest.raises(CodebookDiffers, match=r"already has a codebook .*book\.toml"):
            Store(path, coder="ben", codebook=book)
        with Store(path) as s:
            assert s.codebook_version() == 1 and "RENAMED" not in s.codebook().entity_type_keys()
    with Store(path) as s:
        logged = len(s.edit_log(1000))
    with Store(path, coder="ben", codebook=load_codebook()) as s:  # the same scheme opens
        assert s.codebook_version() == 1 and len(s.edit_log(1000)) == logged


def test_a_new_entity_type_gets_a_colour_no_other_type_has(store):
    """Found under Xvfb: a type added in the editor had no colour, so its highlights
    looked like OTHER's grey."""
    book = store.codebook()
    store.change_codebook(add_code(book, "entity_types", "VEHICLE", "Vehicle"))
    store.change_codebook(add_code(store.codebook(), "entity_types", "WEAPON", "Weapon"))
    store.change_codebook(add_code(store.codebook(), "entity_types", "BRAND", "Brand",
                                   colour="#123456"))  # a colour given is kept
    book = store.codebook()
    colours = [book.colour_of(c.key) for c in book.entity_types]
    assert len(set(colours)) == len(colours)  # every type tells itself apart
    assert book.colour_of("VEHICLE") not in ("#d3d3d3", None)
    assert book.colour_of("BRAND") == "#123456"
