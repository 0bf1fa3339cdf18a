"""The store's typeahead follows every entity edit without rebuilding its index.

The name index in the file is rewritten per changed entity in the transaction of the
change (``annotator.store.name_index``), and the fuzzy tier's trigram pool hides changed
entities, so the property that matters is: after any sequence of edits,
``suggest_entities`` answers exactly what an in-memory index built from scratch would.
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.identity.typeahead import SuggestionCandidate, SuggestionIndex, indexed_entity
from annotator.identity.typeahead_live import LiveSuggestionIndex
from annotator.model import ArticleDraft
from annotator.store import Store, name_grams
from annotator.store.name_grams import fold_name_grams, grams_through, newer_names

WORDS = ["Iraqi", "Iraq", "Iran", "Army", "ISIL", "Daesh", "Mosul", "Dam", "Pesh", "merga"]
TYPES = ["ORG", "ARMED_GROUP"]
QUERIES = ["", "i", "ir", "ira", "iraq", "iraqi a", "army", "mos", "mosul d", "da", "isi",
           "pesh", "irak", "iraqi amry", "merga", "zz"]
BODY = "Iraqi Army and ISIL met near Mosul Dam. " * 3


def fresh_answers(store: Store, limit: int, entity_type: str | None) -> dict[str, list]:
    """What an index built from scratch over the file answers, both ways of building it."""
    from_file = SuggestionIndex.from_normalised(store.typeahead_records())
    from_summaries = SuggestionIndex(store.entity_summaries())
    out = {}
    for q in QUERIES:
        got = from_file.suggest(q, limit, entity_type=entity_type)
        assert got == from_summaries.suggest(q, limit, entity_type=entity_type), q
        out[q] = got
    return out


def assert_like_fresh(store: Store) -> None:
    live = {e.id: e for e in store.entities()}
    for limit in (3, 10):
        for entity_type in (None, "ORG"):
            expected = fresh_answers(store, limit, entity_type)
            for q in QUERIES:
                got = store.suggest_entities(q, limit, entity_type=entity_type)
                assert got == expected[q], (q, limit, entity_type)
                for s in got:  # never a merged-away or deleted entity; always today's name
                    assert s.entity_id in live and live[s.entity_id].name == s.name


def name_of(picks: list[int]) -> str:
    return " ".join(WORDS[p % len(WORDS)] for p in picks)


OPS = st.tuples(st.sampled_from(["add", "rename", "type", "alias", "unalias", "merge", "split",
                                 "mention", "unmention", "relink", "delete", "undo_mention"]),
                st.lists(st.integers(0, 30), min_size=1, max_size=3),
                st.integers(0, 30))


class Editor:
    """Applies one random edit to a project, choosing its targets among what exists."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.article = store.add_articles([ArticleDraft("t", BODY)]).inserted[0]
        self.merges: list[int] = []
        self.mention_changes: list = []

    def live(self, kind: str | None = None) -> list[int]:
        return [e.id for e in self.store.entities() if kind in (None, e.type)]

    def try_apply(self, op: str, picks: list[int], n: int) -> None:
        """:meth:`apply`, a refused edit (rolled back by the store) passed over."""
        try:
            self.apply(op, picks, n)
        except (ValueError, sqlite3.IntegrityError):
            pass

    def apply(self, op: str, picks: list[int], n: int) -> None:
        s, live = self.store, self.live()
        target = live[n % len(live)] if live else None
        if op == "add" or target is None:
            s.add_entity(name_of(picks), TYPES[n % 2])
        elif op == "rename":
            s.rename_entity(target, name_of(picks))
        elif op == "type":
            s.set_entity_type(target, TYPES[picks[0] % 2])
        elif op == "alias":
            s.add_alias(target, name_of(picks))
        elif op == "unalias" and s.aliases(target):
            s.remove_alias(target, s.aliases(target)[picks[0] % len(s.aliases(target))])
        elif op == "merge":
            same = [e for e in self.live(s.entity(target).type) if e != target]
            if same:
                change = s.merge_entities(target, [same[picks[0] % len(same)]])
                self.merges.extend(change.after["merge_ids"])
        elif op == "split" and self.merges:
            s.split_merge(self.merges.pop(picks[0] % len(self.merges)))
        elif op == "mention":
            start = (picks[0] * 5) % (len(BODY) - 10)
            self.mention_changes.append(s.add_mention(self.article, start, start + 5,
                                                      name=name_of(picks),
                                                      entity_type=TYPES[n % 2]))
        elif op in ("unmention", "relink") and s.mentions(self.article):
            mentions = s.mentions(self.article)
            mention = mentions[picks[0] % len(mentions)]
            if op == "unmention":
                s.delete_mention(mention.id)
            else:
                s.relink_mention(mention.id, target)
        elif op == "delete":
            try:
                s.delete_entity(target)
            except ValueError:  # still used
                pass
        elif op == "undo_mention" and self.mention_changes:
            change = self.mention_changes.pop()
            try:
                s.undo_insert(change)
            except KeyError:  # already deleted by another edit
                pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, min_size=1, max_size=25), st.integers(1, 4))
def test_suggestions_after_random_edits_match_a_fresh_index(ops, max_delta):
    """Adds, renames, type changes, aliases, merges, splits, deletions, mentions: after
    each, the kept index answers like a new one (a small ``max_delta`` also exercises
    the full rebuilds)."""
    with Store(None, coder="ana") as store:
        store.typeahead_max_delta = max_delta
        editor = Editor(store)
        store.suggest_entities("")  # build the index first, so edits go through the updates
        for op, picks, n in ops:
            try:
                editor.apply(op, picks, n)
            except (ValueError, sqlite3.IntegrityError):
                pass  # a refused edit (a merge across types, undoing a mention whose new
                #       entity was merged since) is rolled back: the index must not keep it
            assert_like_fresh(store)


def test_a_new_entity_is_counted_beside_the_postings_until_a_fold(store):
    """New and renamed names wait above the postings' mark, counted from memory; the
    write that takes them past the limit folds them into the file's postings."""
    store.add_entity("Iraqi Army", "ORG")
    store.add_entity("Iraqi Police", "ORG")
    store.rename_entity(store.find_entity("iraqi army").id, "Iraqi Ground Forces")
    through = grams_through(store.db.conn)
    assert len(store.newer_names_pool()) == 2  # the rename's old row is gone
    assert [s.name for s in store.suggest_entities("iraqi")] == ["Iraqi Police",
                                                                 "Iraqi Ground Forces"]
    fuzzy = store.suggest_entities("iraqi polise")
    assert [(s.name, s.how) for s in fuzzy][:1] == [("Iraqi Police", "fuzzy")]
    store.typeahead_max_delta = 2
    store.add_entity("Iraqi Navy", "ORG")
    assert grams_through(store.db.conn) > through and len(store.newer_names_pool()) == 0
    fuzzy = store.suggest_entities("iraqi polise")  # now from the postings in the file
    assert [(s.name, s.how) for s in fuzzy][:1] == [("Iraqi Police", "fuzzy")]
    assert store.suggest_entities("iraqi grnd")[0].name == "Iraqi Ground Forces"


def posting_sets(store: Store) -> dict[tuple[int, str], set[int]]:
    """{(trigram, type): live row ids} of the postings in the file (deleted rows left out)."""
    alive = {i for (i,) in store.db.execute("SELECT id FROM entity_names")}
    out = {}
    for gram, kind, blob in store.db.execute("SELECT gram, type, names FROM entity_name_grams"):
        ids = set(np.frombuffer(blob, dtype="<i4").tolist()) & alive
        if ids:
            out.setdefault((gram, kind), set()).update(ids)
    return out


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, min_size=1, max_size=25), st.integers(1, 3))
def test_folded_postings_are_those_a_full_build_writes(ops, limit):
    """Folds of a few rows at a time keep the postings of every live name row, and
    the rows above the mark are exactly the names written since (here parts are merged
    at three, not eight, and a fold takes two names at a time, not 250,000)."""
    with Store(None, coder="ana") as store, pytest.MonkeyPatch.context() as patch:
        patch.setattr(name_grams, "MAX_PARTS", 3)
        patch.setattr(name_grams, "FOLD_CHUNK", 2)
        store.typeahead_max_delta = limit
        editor = Editor(store)
        for op, picks, n in ops:
            editor.try_apply(op, picks, n)
        conn = store.db.conn
        through = grams_through(conn)
        assert len(newer_names(conn, through)) <= limit
        kept = posting_sets(store)
        conn.execute("BEGIN IMMEDIATE")
        try:
            fold_name_grams(conn, 0, full=True)
            full = posting_sets(store)
        finally:
            conn.rollback()
        above = {i for i, _, _ in newer_names(conn, through)}
        assert {k: v - above for k, v in full.items() if v - above} == kept


def test_counts_follow_mentions_without_an_entity_change(store):
    aid = store.add_articles([ArticleDraft("t", BODY)]).inserted[0]
    iraq = store.add_entity("Iraq", "GPE/LOC").row_id
    army = store.add_entity("Iraqi Army", "ORG").row_id
    assert [s.entity_id for s in store.suggest_entities("ira")] == [iraq, army]  # shorter first
    store.add_mention(aid, 0, 10, entity_id=army)
    got = store.suggest_entities("ira")
    assert [s.entity_id for s in got] == [army, iraq] and got[0].mention_count == 1
    pool = store.newer_names_pool()
    store.add_mention(aid, 20, 25, entity_id=iraq)
    assert store.suggest_entities("ira")[1].mention_count == 1
    assert store.newer_names_pool() is pool  # a count is read from the file, no name re-read


def test_splitting_an_early_merge_of_a_chain(store):
    """A merged into B, B later into C: splitting the first takes A's names back from C."""
    a, b, c = (store.add_entity(n, "ORG").row_id for n in ("Daesh", "ISIS", "ISIL"))
    store.add_alias(a, "Islamic State")
    first = store.merge_entities(b, [a]).after["merge_ids"][0]
    store.merge_entities(c, [b])
    assert [s.entity_id for s in store.suggest_entities("islamic state")] == [c]
    store.split_merge(first)
    assert [s.entity_id for s in store.suggest_entities("islamic state")] == [a]
    assert_like_fresh(store)


def test_a_rolled_back_change_leaves_no_trace(store):
    store.add_entity("Iraqi Army", "ORG")
    store.suggest_entities("")
    with pytest.raises(RuntimeError), store._changing():
        store.add_entity("Ghost Brigade", "ORG")
        assert store.suggest_entities("ghost")[0].name == "Ghost Brigade"
        raise RuntimeError("the edit fails")
    assert store.suggest_entities("ghost") == []


def test_another_connection_s_changes_are_seen(tmp_path):
    path = tmp_path / "p.db"
    with Store(path, coder="ana") as mine, Store(path, coder="ben") as theirs:
        mine.add_entity("Iraqi Army", "ORG")
        assert [s.name for s in mine.suggest_entities("ira")] == ["Iraqi Army"]
        theirs.add_entity("Iraqi Police", "ORG")  # an import in a worker thread, say
        assert [s.name for s in mine.suggest_entities("ira")] == ["Iraqi Army", "Iraqi Police"]


def test_live_index_ranks_like_one_index():
    """Pure: a big index with a changed entity hidden plus a small one equals one index."""
    before = [SuggestionCandidate(1, "Iraqi Army", "ORG", (), 50),
              SuggestionCandidate(2, "Iraq", "LOC", (), 80),
              SuggestionCandidate(3, "ISIL", "ORG", ("Daesh",), 100)]
    after = [before[0], SuggestionCandidate(2, "Iraqi Kurdistan", "LOC", (), 80),
             SuggestionCandidate(4, "Irbil", "LOC", ("Erbil",), 10)]
    live = LiveSuggestionIndex(SuggestionIndex(before))
    live.replace([indexed_entity(c) for c in after[1:]], [2, 3, 4])
    live.set_counts({1: 90})
    fresh = SuggestionIndex([after[0]._replace(mention_count=90), *after[1:]])
    for q in QUERIES:
        assert live.suggest(q) == fresh.suggest(q), q
    assert len(live) == 3


def test_entity_summaries_keep_an_alias_with_a_bar_whole(store):
    army = store.add_entity("Iraqi Army", "ORG").row_id
    store.add_alias(army, "IA|Army")
    assert store.entity_summaries()[0]["aliases"] == ("IA|Army",)
    assert store.suggest_entities("ia army")[0].matched == "IA|Army"


# --- evidence beyond spelling (issue 12) ---------------------------------------------

IDENTITY = [SuggestionCandidate(1, "Iraqi Army", "ORG", (), 5),
            SuggestionCandidate(2, "Iraqi Army General Command", "ORG", (), 9),
            SuggestionCandidate(3, "Counter-Terrorism Service", "ORG", (), 2),
            SuggestionCandidate(4, "United Nations", "ORG", (), 1),
            SuggestionCandidate(5, "Cts Holdings", "ORG", (), 0),
            SuggestionCandidate(6, "Iraqi Police", "ORG", (), 1)]


def test_a_generic_last_word_is_set_aside_so_iraqi_forces_offers_the_iraqi_army():
    got = SuggestionIndex(IDENTITY).suggest("Iraqi forces", 5)
    heads = [s for s in got if s.how == "head"]
    assert {s.name for s in heads} >= {"Iraqi Army", "Iraqi Police"}
    assert not any(s.sure for s in heads)  # a guess: Enter never takes it
    assert SuggestionIndex(IDENTITY).suggest("Iraqi Army", 1)[0].how == "exact"


def test_a_typed_acronym_offers_the_entity_it_abbreviates():
    index = SuggestionIndex(IDENTITY)
    [first, *_] = index.suggest("CTS", 3)
    assert (first.name, first.how, first.sure) == ("Counter-Terrorism Service", "acronym", False)
    assert index.suggest("un", 1)[0].name == "United Nations"
    assert index.suggest("u.n.", 1)[0].name == "United Nations"
    # a name that only starts with the letters is a prefix match, after the acronym
    assert [s.name for s in index.suggest("cts", 3)][:2] == ["Counter-Terrorism Service",
                                                              "Cts Holdings"]


def test_the_live_index_offers_acronyms_of_entities_added_since_it_was_built():
    base = SuggestionIndex(IDENTITY)
    live = LiveSuggestionIndex(base)
    live.replace([indexed_entity(SuggestionCandidate(7, "Popular Mobilization Forces", "ORG"))],
                 [7])
    assert live.suggest("pmf", 1)[0].name == "Popular Mobilization Forces"


# --- the name index in the file (m008_entity_name_index) -------------------------------

def index_rows(store: Store) -> tuple[list, list]:
    """The index's rows without their ids: names, and word tails with their names."""
    names = store.db.execute("SELECT entity_id, text, norm, len, type, mentions, spoken, every"
                             " FROM entity_names ORDER BY entity_id, norm").fetchall()
    words = store.db.execute("SELECT w.tail, n.entity_id, n.norm FROM entity_name_words w"
                             " JOIN entity_names n ON n.id = w.name_id"
                             " ORDER BY 1, 2, 3").fetchall()
    return names, words


def assert_index_like_backfill(store: Store) -> None:
    """The rows kept through the edits are those a backfill from scratch writes."""
    from annotator.store.name_index import refresh_entity_names

    kept = index_rows(store)
    store.db.conn.execute("BEGIN IMMEDIATE")
    try:
        refresh_entity_names(store.db.conn, None)
        assert kept == index_rows(store)
    finally:
        store.db.conn.rollback()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, min_size=1, max_size=20))
def test_name_index_after_random_edits_and_undos_matches_a_backfill(ops):
    """Create, rename, type, alias, merge, split, delete, mentions and their undo: the
    committed index rows are always what the migration's backfill would write."""
    with Store(None, coder="ana") as store:
        editor = Editor(store)
        for op, picks, n in ops:
            editor.try_apply(op, picks, n)
            assert_index_like_backfill(store)
        assert index_rows(store)[0] or not store.entities()


def test_undoing_a_rename_and_a_merge_restores_the_index(store):
    army = store.add_entity("Iraqi Army", "ORG").row_id
    isil = store.add_entity("ISIL", "ARMED_GROUP").row_id
    daesh = store.add_entity("Daesh", "ARMED_GROUP").row_id
    before = index_rows(store)
    renamed = store.rename_entity(army, "Iraqi Ground Forces")
    assert [s.name for s in store.suggest_entities("iraqi g")] == ["Iraqi Ground Forces"]
    store.rename_entity(army, renamed.before["name"])  # what undo does
    gone = store.delete_entity(army)
    assert store.suggest_entities("iraqi army") == []
    store.restore(gone)  # undo of the delete
    merged = store.merge_entities(isil, [daesh]).after["merge_ids"][0]
    assert store.suggest_entities("daesh")[0].entity_id == isil  # the alias the merge made
    store.split_merge(merged)
    assert index_rows(store) == before
    assert "Iraqi Ground Forces" not in [s.name for s in store.suggest_entities("iraqi g")]


def test_migration_backfills_an_old_project(tmp_path):
    """A file made before m008 gets its name index when it is opened, in one go."""
    path = tmp_path / "old.db"
    with Store(path, coder="ana") as store:
        aid = store.add_articles([ArticleDraft("t", BODY)]).inserted[0]
        army = store.add_entity("Iraqi Army", "ORG").row_id
        isil = store.add_entity("ISIL", "ARMED_GROUP").row_id
        store.add_alias(isil, "Daesh")
        store.add_entity("Counter-Terrorism Service", "ORG")
        store.add_mention(aid, 0, 10, entity_id=army)
        expected = index_rows(store)
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE entity_name_words; DROP TABLE entity_names;"
                       " DELETE FROM _sqlite_migrations WHERE name = 'm008_entity_name_index';")
    conn.close()
    with Store(path) as store:
        assert store.backup_path is not None  # migrated, backed up first
        assert index_rows(store) == expected
        assert [s.name for s in store.suggest_entities("daesh")] == ["ISIL"]
        assert store.suggest_entities("cts")[0].how == "acronym"
        assert store.suggest_entities("ira")[0].mention_count == 1


def test_migration_m011_writes_the_postings_and_the_tie_order_indexes(tmp_path):
    """A file made before m011 gets its trigram postings and the indexes that hold the
    tie order when it is opened; the fuzzy tier then reads them from the file."""
    path = tmp_path / "old.db"
    with Store(path, coder="ana") as store:
        store.typeahead_max_delta = 0  # every write folds: the postings of all names
        store.add_entity("Iraqi Army", "ORG")
        store.add_entity("Counter-Terrorism Service", "ORG")
        expected = posting_sets(store)
    conn = sqlite3.connect(path)
    conn.executescript("""
        DROP TABLE entity_name_grams; DELETE FROM meta WHERE key = 'name_grams_through';
        DROP INDEX idx_entity_names_norm; CREATE INDEX idx_entity_names_norm ON entity_names(norm);
        DELETE FROM _sqlite_migrations WHERE name = 'm011_name_index_trigrams';""")
    conn.close()
    with Store(path) as store:
        assert store.backup_path is not None
        assert posting_sets(store) == expected and expected
        assert len(store.newer_names_pool()) == 0  # every name is in the file's postings
        columns = [r[2] for r in store.db.execute("PRAGMA index_info(idx_entity_names_norm)")]
        assert columns == ["norm", "mentions", "len", "entity_id"]
        assert store.suggest_entities("iraqi amry")[0].name == "Iraqi Army"
