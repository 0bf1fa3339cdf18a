"""A typed word longer than the prefix index covers is searched as the indexed words it
begins (an OR that FTS5 walks lazily): the same articles as the prefix, as it grows,
after the project changes, and in a read-only file."""

from __future__ import annotations

import pytest
from processes import read_only_folder

from annotator.model import ArticleDraft
from annotator.search_words import fts5_expression, search_terms
from annotator.store import Store
from annotator.store.typed_prefix import MOST_WORDS

BODIES = ["The government said it would govern.", "A governor spoke; the army said nothing.",
          "Governors met the minister.", "The gov said little.",
          "Human rights advocates said the army left.", "Human rights advice was given."]


def ids(store: Store, text: str) -> list[int]:
    return [r["id"] for r in store.list_articles(0, 100, search=text, assigned_only=False)]


def by_prefix(store: Store, query: str) -> list[int]:
    """The articles FTS5 finds for a raw query, the prefix as FTS5 answers it itself."""
    return [r[0] for r in store.db.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid", [query])]


@pytest.fixture
def project(tmp_path):
    with Store(tmp_path / "p.db", coder="ana") as store:
        store.add_articles([ArticleDraft(f"A{i}", body) for i, body in enumerate(BODIES)])
        yield store


def test_a_long_prefix_becomes_the_words_it_begins_and_finds_the_same(project):
    assert project.indexed_words_starting("Gover") == ["govern", "government", "governor",
                                                       "governors"]
    assert project.match_expression("gover") == \
        '("govern" OR "government" OR "governor" OR "governors")'
    for typed, raw in [("gover", '"gover"*'), ("governo", '"governo"*'),
                       ("said gover", '"said" "gover"*'), ("army NOT gover", '"army" NOT "gover"*'),
                       ('"human rights adv', '"human rights adv"*'),
                       ('"human rights advoc', '"human rights advoc"*')]:
        assert ids(project, typed) == by_prefix(project, raw), typed
    assert ids(project, "gover") == [1, 2, 3]
    # a phrase being typed: one phrase per word its last word begins
    assert project.match_expression('"human rights advoc') == '"human rights advocates"'
    assert project.match_expression("gover said") == \
        '"gover" "said"*'  # a word followed by more is whole: nothing to expand


def test_short_prefixes_and_other_scripts_stay_prefixes(project):
    assert project.indexed_words_starting("gove") is None  # its own prefix index answers
    assert project.match_expression("gove") == '"gove"*'
    assert project.indexed_words_starting("régim") is None  # the index folds accents
    assert project.match_expression("xyzzyq") == '"xyzzyq"*'  # no word starts so: none found
    assert ids(project, "xyzzyq") == []


def test_the_words_follow_the_typing_and_the_project(project):
    assert ids(project, "gover") == [1, 2, 3]
    assert ids(project, "governo") == [2, 3]  # filtered from the last answer
    new = project.add_articles([ArticleDraft("B", "The governess left.")]).inserted
    assert ids(project, "governe") == new  # the project changed: the words are read again
    assert ids(project, "gover") == [1, 2, 3, *new]


def test_a_large_family_is_left_to_the_prefix(tmp_path):
    with Store(tmp_path / "p.db", coder="ana") as store:
        words = " ".join(f"strat{i:04d}" for i in range(MOST_WORDS + 5))
        store.add_articles([ArticleDraft("many", words), ArticleDraft("one", "stratum")])
        assert store.indexed_words_starting("strat") is None
        assert store.match_expression("strat") == '"strat"*'
        assert len(ids(store, "strat")) == 2


def test_expressions_join_groups_with_an_explicit_and():
    def words(prefix):
        return {"gover": ["government", "governor"], "minis": ["minister"]}.get(prefix)
    assert fts5_expression(search_terms("said gover"), words) == \
        '"said" AND ("government" OR "governor")'
    assert fts5_expression(search_terms("said minis"), words) == '"said" "minister"'
    assert fts5_expression(search_terms("army OR gover"), words) == \
        '"army" OR ("government" OR "governor")'


def test_a_read_only_project_expands_too(tmp_path):
    """The words are read through the temp schema: a file that cannot be written works."""
    def fill(folder):
        with Store(folder / "p.db", coder="ana") as store:
            store.add_articles([ArticleDraft(f"A{i}", body) for i, body in enumerate(BODIES)])

    with read_only_folder(tmp_path / "ro", fill) as folder, Store(folder / "p.db") as store:
        assert store.read_only
        assert store.indexed_words_starting("gover") == ["govern", "government",
                                                          "governor", "governors"]
        assert ids(store, "gover") == [1, 2, 3]
