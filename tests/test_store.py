"""The store: opening and refusing files, transactions, the edit log, undo support."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.migrations import known_migration_names
from annotator.model import ArticleDraft
from annotator.store import ProjectError, Store

BODY = "Intro 😀 text. The Iraqi Army said ISIL retreated from Mosul. ٱلسَّلَامُ ARA News reported."


def add_article(store: Store, body: str = BODY, title: str = "T") -> int:
    return store.add_articles([ArticleDraft(title=title, body=body)]).inserted[0]


def test_new_project_has_every_table_and_settings(file_store):
    tables = set(file_store.db.table_names())
    for table in ("articles", "coders", "article_status", "entities", "aliases", "mentions",
                  "claims", "attributions", "edit_log", "meta", "dismissed_pairs",
                  "entity_merges", "assignments", "articles_fts"):
        assert table in tables, table
    assert file_store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert file_store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert file_store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert file_store.schema_version() == len(known_migration_names())
    assert "PERSON" in file_store.codebook().entity_type_keys()


@pytest.mark.parametrize("content", [
    b"just some notes\n",
    b"\x00\x01\x02garbage" * 50,
])
def test_refuses_non_projects_untouched(tmp_path, content):
    path = tmp_path / "thing.db"
    path.write_bytes(content)
    with pytest.raises(ProjectError, match="not an Annotator project"):
        Store(path)
    assert path.read_bytes() == content


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_refuses_foreign_sqlite_untouched(tmp_path, journal):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="not an Annotator project"):
        Store(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]  # nothing beside it


def test_refuses_newer_schema_untouched(tmp_path):
    path = tmp_path / "p.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                 " VALUES ('annotator', 'm999_from_the_future', 'x')")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="newer version"):
        Store(path)
    assert path.read_bytes() == before


def test_migration_backs_up_first(tmp_path, monkeypatch):
    from annotator import migrations as mig

    path = tmp_path / "p.db"
    with Store(path) as s:
        add_article(s)

    @mig.schema_version
    def m900_test_extra_column(db):
        db["articles"].add_column("test_extra", str)

    try:
        with Store(path) as s:
            assert "test_extra" in s.db["articles"].columns_dict
            assert s.backup_path is not None and s.backup_path.exists()
        backup = sqlite3.connect(s.backup_path)
        cols = [r[1] for r in backup.execute("PRAGMA table_info(articles)")]
        assert "test_extra" not in cols
        assert backup.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        backup.close()
    finally:
        mig.SCHEMA_VERSIONS.remove(m900_test_extra_column)


def test_reopen_keeps_data_without_backup(tmp_path):
    path = tmp_path / "p.db"
    with Store(path, coder="ana") as s:
        add_article(s)
    with Store(path) as s:
        assert s.count_articles(assigned_only=False) == 1
        assert s.backup_path is None


def test_duplicates_by_normalised_body(store):
    r1 = store.add_articles([ArticleDraft("a", "One  two\nthree"),
                             ArticleDraft("b", "one two three"),
                             ArticleDraft("c", " One two three ")])
    assert len(r1.inserted) == 2  # case differs for "one"
    assert len(r1.duplicates) == 1
    r2 = store.add_articles([ArticleDraft("d", "One two three")])
    assert r2.inserted == [] and r2.duplicates[0][1] == r1.inserted[0]


def test_entities_by_id_reads_them_in_the_order_asked(store):
    """One query for an article's entities; the same values as one entity() each."""
    ids = [store.add_entity(name, "ORG").row_id for name in ("B", "A", "C")]
    asked = [ids[2], ids[0]]
    assert store.entities_by_id(asked) == {eid: store.entity(eid) for eid in asked}
    assert list(store.entities_by_id(asked)) == asked
    assert store.entities_by_id([]) == {}
    with pytest.raises(KeyError):
        store.entities_by_id([ids[0], 10_000])


def test_spans_before_are_the_rows_that_begin_there_and_counts_count_all(store):
    """What a long article's first paint reads: the rows beginning before an offset (an
    attribution by its source or its cue), as the full lists hold them."""
    aid = add_article(store)
    army, isil, ara = (BODY.index(w) for w in ("Iraqi Army", "ISIL", "ARA News"))
    for start, n in ((army, 10), (isil, 4), (ara, 8)):
        store.add_mention(aid, start, start + n, entity_type="ORG")
    claim = store.add_claim(aid, isil, BODY.index(" from")).row_id
    late = store.add_claim(aid, ara, ara + 8).row_id
    store.add_attribution(claim, cue_span=(army + 11, army + 15), source_span=(army, army + 10))
    store.add_attribution(late, cue_span=(ara + 9, ara + 17))
    store.add_attribution(claim, source_text="officials")  # no span: never on screen
    mentions, claims, attributions = store.spans_before(aid, isil + 1)
    assert mentions == [m for m in store.mentions(aid) if m.start <= isil]
    assert claims == [c for c in store.claims(aid) if c.id == claim]
    assert [a.claim_id for a in attributions] == [claim]
    assert store.annotation_counts(aid) == (3, 2, 3)
    assert [c.id for c in store.claims_by_id(aid, [late])] == [late]


def test_mention_resolves_and_undo_removes_new_entity(store):
    aid = add_article(store)
    start = BODY.index("Iraqi Army")
    change = store.add_mention(aid, start, start + len("Iraqi Army"), entity_type="ORG")
    assert change.after["text"] == "Iraqi Army"
    assert change.related[0][1]["name"] == "Iraqi Army"
    # a second mention typed differently resolves to the same entity
    second = store.add_mention(aid, 0, 5, name="the Iraqi army's", entity_type="ORG")
    assert second.after["entity_id"] == change.after["entity_id"] and not second.related
    store.undo_insert(second)
    store.undo_insert(change)
    assert store.mentions(aid) == [] and store.entities() == []
    store.restore(change)
    assert [m.text for m in store.mentions(aid)] == ["Iraqi Army"]
    assert store.entities()[0].name == "Iraqi Army"


def test_alias_resolves_new_mentions(store):
    aid = add_article(store)
    isil = store.add_entity("ISIL", "ARMED_GROUP").row_id
    store.add_alias(isil, "Daesh")
    s = BODY.index("ISIL")
    assert store.add_mention(aid, s, s + 4, name="ISIL", entity_type="ARMED_GROUP"
                             ).after["entity_id"] == isil
    assert store.find_entity("daesh", "ARMED_GROUP").id == isil
    assert store.find_entity("Daesh", "ORG") is None  # other types never match


def test_span_outside_article_is_refused_and_nothing_written(store):
    aid = add_article(store)
    log_before = len(store.edit_log(1000))
    with pytest.raises(ValueError, match="outside the article"):
        store.add_mention(aid, 5, len(BODY) + 3, entity_type="ORG")
    assert store.mentions(aid) == [] and store.entities() == []
    assert len(store.edit_log(1000)) == log_before


def test_offsets_are_code_points_with_emoji_and_arabic(store):
    aid = add_article(store)
    start = BODY.index("ARA News")
    change = store.add_mention(aid, start, start + 8, entity_type="MEDIA")
    assert change.after["text"] == "ARA News"
    assert store.article(aid).body[change.after["start"]:change.after["end"]] == "ARA News"


def test_claim_with_attribution_chain_delete_and_restore(store):
    aid = add_article(store)
    c0 = BODY.index("ISIL retreated")
    claim = store.add_claim(aid, c0, c0 + len("ISIL retreated from Mosul"), category="other",
                            position=1)
    ara = store.add_entity("ARA News", "MEDIA").row_id
    army = store.add_entity("Iraqi Army", "ORG").row_id
    outer = store.add_attribution(claim.row_id, kind="indirect", source_entity_id=ara,
                                  cue_span=(BODY.index("reported"), BODY.index("reported") + 8))
    inner = store.add_attribution(claim.row_id, kind="indirect", source_entity_id=army,
                                  parent_attribution_id=outer.row_id)
    with pytest.raises(ValueError, match="loop"):
        store.set_attribution_parent(outer.row_id, inner.row_id)
    deleted = store.delete_claim(claim.row_id)
    assert store.claims(aid) == [] and store.attributions(aid) == []
    store.restore(deleted)
    atts = {a.id: a for a in store.attributions(aid)}
    assert atts[inner.row_id].parent_attribution_id == outer.row_id
    assert atts[outer.row_id].cue_text == "reported"


def test_update_returns_before_and_after_and_logs(store):
    aid = add_article(store)
    claim = store.add_claim(aid, 0, 5)
    change = store.update("claims", claim.row_id, position=-1, note="=SUM(A1)")
    assert change.before["position"] is None and change.after["position"] == -1
    last = store.edit_log(1)[0]
    assert last["table_name"] == "claims" and last["action"] == "update"
    assert last["coder_id"] == store.coder_id
    with pytest.raises(ValueError, match="cannot edit"):
        store.update("claims", claim.row_id, article_id=99)


def test_status_and_navigation(store):
    ids = store.add_articles([ArticleDraft(str(i), f"body {i}") for i in range(4)]).inserted
    store.set_status(ids[1], "done")
    assert store.status(ids[1]) == "done"
    assert store.status_counts()["done"] == 1
    assert store.neighbour_article_id(ids[0], +1, skip_done=True) == ids[2]
    assert store.neighbour_article_id(ids[0], +1) == ids[1]
    assert store.neighbour_article_id(ids[0], -1) is None
    assert store.count_articles(status="todo") == 3
    with pytest.raises(ValueError, match="unknown status"):
        store.set_status(ids[0], "finished")


def test_fts_search_tolerates_syntax(store):
    store.add_articles([ArticleDraft("Mosul offensive", "Troops advanced."),
                        ArticleDraft("Other", "Nothing here about it.")])
    assert [r["title"] for r in store.list_articles(search="mos")] == ["Mosul offensive"]
    assert store.count_articles(search='"-:*(') == 0
    assert store.count_articles(search="troops") == 1


def test_failed_transaction_leaves_no_trace(store):
    aid = add_article(store)
    n = len(store.edit_log(1000))
    with pytest.raises(KeyError):
        store.add_attribution(12345, kind="indirect")
    with pytest.raises(sqlite3.IntegrityError):
        store.add_claim(aid, 0, 4, position=7)
    assert store.claims(aid) == [] and len(store.edit_log(1000)) == n


def test_keyset_paging_matches_offset_paging(store):
    ids = store.add_articles([ArticleDraft(f"t{i}", f"body {i}") for i in range(25)]).inserted
    store.set_status(ids[3], "done")
    pages, after = [], 0
    while page := store.list_articles_after(after, 10, status="todo"):
        pages.extend(r["id"] for r in page)
        after = page[-1]["id"]
    offset_ids = [r["id"] for r in store.list_articles(0, 100, status="todo")]
    assert pages == offset_ids == [i for i in ids if i != ids[3]]


def test_search_index_catches_up_after_an_unindexed_import(tmp_path):
    """An import indexes once at its end; if it was killed first, opening catches up."""
    path = tmp_path / "p.db"
    with Store(path, coder="ana") as s:
        s.add_articles([ArticleDraft("Mosul", "Troops entered Mosul.")])
        s.add_articles([ArticleDraft("Raqqa", "Fighting near Raqqa.")], index=False)
        assert s.count_articles(search="raqqa") == 0  # not indexed yet
    with Store(path, coder="ana") as s:  # opening indexes what a killed import left
        assert s.count_articles(search="raqqa") == 1
        assert s.count_articles(search="mosul") == 1
        assert s.index_pending() == 0


def test_undo_steps_refuse_a_row_another_coder_stored_under_the_same_id(tmp_path):
    # ids of deleted rows come again: an undo acting on the id alone removed the new row
    path = tmp_path / "p.db"
    with Store(path, coder="ana") as ana, Store(path, coder="ben") as ben:
        aid = add_article(ana)
        made = ana.add_mention(aid, 0, 5, name="Alpha", entity_type="PERSON")
        deleted = ana.delete_mention(made.row_id)
        theirs = ben.add_mention(aid, 6, 10, name="Beta", entity_type="PERSON")
        assert theirs.row_id == made.row_id
        with pytest.raises(ValueError, match="cannot come back"):
            ana.restore(deleted)
        with pytest.raises(ValueError, match="another coder or program"):
            ana.undo_insert(made)
        with pytest.raises(ValueError, match="changed since"):
            ana.update("mentions", theirs.row_id, expect={"end": 5}, end=9)
        [row] = ben.mentions(aid)
        assert (row.id, row.start, row.end, row.text) == (theirs.row_id, 6, 10,
                                                          theirs.after["text"])
