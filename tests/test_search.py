"""Full-text search: the word being typed is a prefix, the others whole; typed syntax never
raises; pages come in a stable order; counts stop at a cap; m007 upgrades old projects."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from annotator.codebook import load_codebook
from annotator.migrations import schema_migrations
from annotator.model import ArticleDraft
from annotator.search_words import search_terms
from annotator.spans import word_hits
from annotator.store import Store, fts_query

BODIES = {
    "gov": "The gov said little.",
    "government": "The government said it would govern.",
    "governor": "A governor spoke; the army said nothing.",
    "rights": "Human rights groups said the army left.",
    "reversed": "Rights of the human kind, the minister said.",
}


@pytest.fixture
def found(store):
    """Search in the fixture's articles: the set of BODIES keys a query finds."""
    ids = store.add_articles([ArticleDraft(k, b) for k, b in BODIES.items()]).inserted
    names = dict(zip(ids, BODIES))

    def search(text: str) -> set[str]:
        rows = store.list_articles(0, 100, search=text, assigned_only=False)
        return {names[r["id"]] for r in rows}

    return search


def test_the_word_being_typed_is_a_prefix(found):
    assert found("gov") == {"gov", "government", "governor"}
    assert found("govern") == {"government", "governor"}
    assert found("said govern") == {"government", "governor"}


def test_earlier_words_are_whole_words(found):
    # "gov" is finished (a word follows it): only the article with the word "gov"
    assert found("gov sai") == {"gov"}
    assert found("govern said") == {"government"}  # "would govern", not "governor"
    assert found("gov ") == {"gov"}  # a space ends the word too


def test_a_single_letter_is_a_whole_word(found):
    assert found("said a") == {"governor"}  # "A governor", not every word starting with a
    assert fts_query("said a") == '"said" "a"'


def test_phrases_or_and_not(found):
    assert found('"human rights"') == {"rights"}
    assert found("human rights") == {"rights", "reversed"}
    assert found('"human rig') == {"rights"}  # the phrase is still being typed
    assert found("governor OR minister") == {"governor", "reversed"}
    assert found("army NOT governor") == {"rights"}
    assert found("army AND left") == {"rights"}


@pytest.mark.parametrize("text", ['"', '""', "NOT", "army OR", "OR army", "(", "NEAR(a b",
                                  "*", "^said", "title:army", 'a"b"c', "-army", "AND OR NOT",
                                  "army:", "{title body}: army", "'", "\\"])
def test_typed_syntax_never_raises(found, text):
    found(text)  # an FTS5 syntax error would raise sqlite3.OperationalError here


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab "*():^-+{}\'NOTRAD é_2'), max_size=20))
def test_any_typed_text_is_a_valid_query(text):
    query = fts_query(text)
    with sqlite3.connect(":memory:") as conn:
        conn.execute("CREATE VIRTUAL TABLE f USING fts5(title, body, prefix='2 3 4')")
        conn.execute("INSERT INTO f VALUES ('ab', 'a b NOT OR')")
        if query is not None:
            conn.execute("SELECT count(*) FROM f WHERE f MATCH ?", [query]).fetchone()
    assert (query is None) == (not search_terms(text))


def test_highlights_follow_the_same_reading():
    text = "The Government said governors govern; gov."
    spans = [text[s:e] for s, e in word_hits(text, "gov said")]
    assert spans == ["said", "gov"]  # "gov" is a finished word here: whole
    assert [text[s:e] for s, e in word_hits(text, "said gov")] == [
        "Government", "said", "governors", "govern", "gov"]
    assert [text[s:e] for s, e in word_hits(text, "gov NOT said")] == ["gov"]
    assert word_hits(text, "") == word_hits(text, '" *') == []


@pytest.fixture
def many(store):
    """250 articles; every one has "said", every 10th "convoy"; ids in import order."""
    drafts = [ArticleDraft(f"Report {i}", f"Number {i}: the army said"
                           + (" the convoy left, the convoy came back" if i % 10 == 0 else "")
                           + (" convoy" * (i % 7)))
              for i in range(250)]
    return store.add_articles(drafts).inserted


def test_pages_of_hits_come_in_id_order_and_keyset_pages_join_up(store, many):
    whole = [r["id"] for r in store.list_articles(0, 1000, search="said", assigned_only=False)]
    assert whole == sorted(whole) == many
    pages, after = [], 0
    while page := store.list_articles_after(after, 60, search="said", assigned_only=False):
        pages += [r["id"] for r in page]
        after = page[-1]["id"]
    assert pages == whole


def test_ranked_pages_are_stable_and_do_not_overlap(store, many):
    def ranked(offset, limit):
        return [r["id"] for r in store.list_articles(offset, limit, search="convoy",
                                                     assigned_only=False, order="rank")]
    everything = ranked(0, 1000)
    hits = [r["id"] for r in store.list_articles(0, 1000, search="convoy", assigned_only=False)]
    assert sorted(everything) == hits and everything != hits  # same hits, another order
    assert ranked(0, 20) + ranked(20, 20) + ranked(40, 1000) == everything == ranked(0, 1000)
    # best first: the top hit says "convoy" 6 times or more, the last once
    assert store.article(everything[0]).body.count("convoy") >= 6
    assert store.article(everything[-1]).body.count("convoy") == 1
    with pytest.raises(ValueError, match="after_id"):
        store.list_articles(0, 10, search="convoy", order="rank", after_id=5)
    with pytest.raises(ValueError, match="unknown order"):
        store.list_articles(0, 10, search="convoy", order="date")


def test_counts_stop_at_the_cap(store, many):
    assert store.count_articles(search="said", assigned_only=False) == 250
    assert store.count_articles(search="said", assigned_only=False, at_most=101) == 101
    assert store.count_articles(search="conv", assigned_only=False, at_most=101) == 101
    assert store.count_articles(search="convoy left", assigned_only=False, at_most=101) == 25


def _old_project(path):
    """A project as Annotator made it before m007: no prefix index, one article unindexed."""
    db = Database(path)
    schema_migrations().apply(db, stop_before="m007_search_prefix_index")
    db.execute("INSERT INTO meta(key, value) VALUES ('codebook', ?)",
               [load_codebook(None).source_text])
    for i, body in enumerate(["The government said so.", "Governors met.", "Late import."], 1):
        db.execute("INSERT INTO articles(id, content_hash, title, body, imported_at)"
                   " VALUES (?, ?, ?, ?, '2020-01-01')", [i, f"h{i}", f"Old {i}", body])
    db.execute("INSERT INTO articles_fts(rowid, title, body)"
               " SELECT id, title, body FROM articles WHERE id <= 2")
    db.execute("UPDATE meta SET value = '2' WHERE key = 'fts_through'")
    db.conn.commit()
    assert "prefix" not in db.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
    db.close()


def test_m007_rebuilds_an_old_projects_index_with_prefixes(tmp_path):
    path = tmp_path / "old.db"
    _old_project(path)
    with Store(path, coder="ana") as store:
        assert store.backup_path is not None  # upgraded, with a copy of the old file
        sql = store.db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
        assert "prefix='2 3 4'" in sql
        assert store.meta("fts_through") == "3"
        hits = [r["title"] for r in store.list_articles(search="gov", assigned_only=False)]
        assert hits == ["Old 1", "Old 2"]
        assert store.count_articles(search="late", assigned_only=False) == 1
        # the update and delete triggers still keep the new table in step
        store.db.execute("DELETE FROM articles WHERE id = 1")
        assert store.count_articles(search="government", assigned_only=False) == 0
        # and the prefix index is there: FTS5 answers a query on it alone
        assert store.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH"
                                " 'go*'").fetchone()[0] == 1
