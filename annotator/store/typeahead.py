"""The typeahead over entity names, answered from the name index in the project file.

``suggest_entities`` runs on every keystroke of every entity field, so nothing may
have to be built first: on a project of 1M entities, building the in-memory
:class:`SuggestionIndex` took over a minute. The exact, acronym, prefix, word and
head tiers are index ranges over ``entity_names`` (``store.name_index``), taken in
the typeahead's tie order; the fuzzy tier counts shared trigrams from postings kept
in the file (``store.name_grams``) plus a :class:`TrigramPool` of the few names written
since, rebuilt when those change (they are told apart by their ids, which only grow).
The tiers are merged by the same :func:`suggest_from` as the in-memory index, so both
rank alike (``tests/test_typeahead.py`` checks it after random edits). Nothing here
reads every name: the first keystroke after opening costs what any later one does.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from annotator.store.base import StoreBase
from annotator.store.name_grams import (
    gram_lists,
    gram_sizes,
    grams_through,
    names_by_id,
    newer_names,
    newer_state,
)

if TYPE_CHECKING:
    from annotator.identity.suggestions import IndexedEntity, Suggestion
    from annotator.identity.typeahead_fuzzy import TrigramPool

# annotator.identity.suggestions (pure Python) is imported at the first keystroke in an
# entity field, and identity.trigrams (numpy, rapidfuzz) at the first fuzzy query, not
# when a Store opens: the window's first paint needs none of them
# (tests/gui/test_startup_imports.py, benchmarks/startup.py).

_IDS = "(SELECT value FROM json_each(?))"
_END = "\U0010ffff"  # sorts after every character: prefix ranges end at prefix + _END
#: Rows of a range past which it is walked in tie order instead of read whole and sorted:
#: a prefix of one letter covers a twentieth of all names.
BIG_RANGE = 4000
_COLS = "n.id, n.entity_id, e.name, n.text, n.norm, n.type, n.mentions"
_JOIN = "CROSS JOIN entities e ON e.id = n.entity_id"
_BY_RANK = "n.mentions DESC, n.len, n.norm, n.entity_id"
#: Live entities with their mention counts: all of them (one GROUP BY over mentions) ...
_ALL_ENTITIES = (
    "SELECT e.id, e.name, e.norm_name, e.type, COALESCE(m.n, 0) FROM entities e"
    " LEFT JOIN (SELECT entity_id, count(*) AS n FROM mentions GROUP BY entity_id) m"
    " ON m.entity_id = e.id WHERE e.merged_into IS NULL")
#: ... or a few (one index range of mentions each).
_SOME_ENTITIES = (
    "SELECT e.id, e.name, e.norm_name, e.type,"
    " (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) FROM entities e"
    f" WHERE e.merged_into IS NULL AND e.id IN {_IDS}")
_ALIASES = ("SELECT a.entity_id, a.alias, a.normalised FROM aliases a"
            " JOIN entities e ON e.id = a.entity_id WHERE e.merged_into IS NULL")


def _tier_query(tier: str, q: str) -> tuple[str, str, list, str] | None:
    """(FROM of the range, its WHERE, arguments, WHERE of a walk in tie order) of a tier."""
    names = "entity_names n INDEXED BY idx_entity_names_norm"
    if tier == "exact":
        return names, "n.norm = ?", [q], "n.norm = ?"
    if tier == "prefix":
        return names, "n.norm > ? AND n.norm < ?", [q, q + _END], "n.norm > ? AND n.norm < ?"
    if tier == "head":
        from annotator.identity.suggestions import GENERIC_HEADS
        core, _, last = q.rpartition(" ")
        if not core or last not in GENERIC_HEADS:
            return None
        return (names, "n.norm >= ? AND n.norm < ?", [core, core + _END],
                "n.norm >= ? AND n.norm < ?")
    if tier == "word":
        return ("entity_name_words w CROSS JOIN entity_names n ON n.id = w.name_id",
                "w.tail >= ? AND w.tail < ?", [q, q + _END], "instr(n.norm, ' ' || ?) > 0")
    raise ValueError(f"unknown tier {tier!r}")


#: The acronym tier: the ids of the best rows by each kind of initials, each read in tie
#: order from its own index (m011 made them hold the tie order), merged by the caller.
_ACRONYM_IDS = " UNION ALL ".join(
    f"SELECT id FROM (SELECT n.id FROM entity_names n INDEXED BY idx_entity_names_{column}"
    f" WHERE n.{column} = ?{{where}} ORDER BY {_BY_RANK} LIMIT ?)"
    for column in ("spoken", "every"))


class _FileNames:
    """The name index in the file, offering one tier at a time to :func:`suggest_from`.

    Each tier first picks the ids of its best rows from an index that holds the tie
    order (m011: ``norm``, ``spoken`` and ``every`` with the mention count, length
    and entity id after them), reading no table row, and only then reads those rows.
    """

    def __init__(self, store: TypeaheadMixin) -> None:
        self.store = store
        self.db = store.db

    def offers(self, tier: str, q: str, need: int, entity_type: str | None,
               taken: Mapping[int, Any]) -> list[tuple[tuple, Suggestion]]:
        if tier == "fuzzy":
            return self.store.fuzzy_offers(q, need, entity_type, taken)
        typed = "" if entity_type is None else " AND n.type = ?"
        extra = [] if entity_type is None else [entity_type]
        if tier == "acronym":
            if not (2 <= len(q) <= 7 and q.isalpha()):
                return []
            ids = _ACRONYM_IDS.format(where=typed)
            def args(k: int) -> list:
                return [q, *extra, k, q, *extra, k]
        else:
            spec = _tier_query(tier, q)
            if spec is None:
                return []
            source, where, base, walk = spec
            if tier != "exact" and self._big(source, where, base):
                source, where = "entity_names n INDEXED BY idx_entity_names_rank", walk
                base, order = (base[:1] if tier == "word" else base), _BY_RANK
            else:
                order = "+" + _BY_RANK  # sort the range; never walk the tie order for it
            ids = f"SELECT n.id FROM {source} WHERE {where}{typed} ORDER BY {order} LIMIT ?"
            def args(k: int, base=base) -> list:
                return [*base, *extra, k]
        sql = (f"SELECT {_COLS} FROM ({ids}) AS best CROSS JOIN entity_names n ON n.id = best.id"
               f" {_JOIN} ORDER BY {_BY_RANK}")
        from annotator.identity.suggestions import Suggestion, rank_key
        return [(rank_key(mentions, norm, eid), Suggestion(eid, name, kind, mentions, text,
                                                           tier, 100))
                for _, eid, name, text, norm, kind, mentions in self._best(sql, args, need,
                                                                           taken)]

    def _big(self, source: str, where: str, args: list) -> bool:
        return self.db.execute(f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {where}"
                               " LIMIT ?)", [*args, BIG_RANGE]).fetchone()[0] >= BIG_RANGE

    def _best(self, sql: str, args: Callable[[int], list], need: int,
              taken: Mapping[int, Any]) -> list[tuple]:
        """The best-ranked row of each of the best ``need`` entities not yet taken."""
        k = 2 * need + 8
        while True:
            rows = self.db.execute(sql, args(k)).fetchall()
            picked: list[tuple] = []
            seen: set[int] = set()
            for row in rows:
                eid = row[1]
                if eid not in taken and eid not in seen:
                    seen.add(eid)
                    picked.append(row)
                    if len(picked) == need:
                        return picked
            if len(rows) < k:
                return picked
            k *= 4  # several strings of one entity, or taken ones, filled places: look further


class _FileGrams:
    """The trigram postings in the file, for one query's entity type (``FileGrams``)."""

    def __init__(self, conn: sqlite3.Connection, entity_type: str | None) -> None:
        self.conn, self.entity_type = conn, entity_type

    def sizes(self, codes: list[int]) -> dict[int, int]:
        return gram_sizes(self.conn, codes, self.entity_type)

    def lists(self, codes: list[int]) -> list:
        return gram_lists(self.conn, codes, self.entity_type)

    def names(self, ids: list[int]) -> dict[int, str]:
        return names_by_id(self.conn, ids)


class TypeaheadMixin(StoreBase):
    #: The names above the file's trigram postings, in memory, and which ones they were.
    _newer_pool: TrigramPool | None = None
    _newer_key: tuple[int, ...] | None = None

    def suggest_entities(self, query: str, limit: int = 10, *,
                         entity_type: str | None = None) -> list[Suggestion]:
        """Rank live entities for what the coder has typed (name and aliases, counts break ties)."""
        from annotator.identity.suggestions import suggest_from
        self.index_entity_names()  # inside an open transaction: its changes so far
        return suggest_from([_FileNames(self)], query, limit, entity_type=entity_type)

    def newer_names_pool(self) -> TrigramPool:
        """The names written since the trigram postings in the file (at most a fold's
        limit), in memory; built again when they change, whoever changed them.

        They are told by the highest id and the number of rows above the mark, which
        every insert and delete moves, by this Store's entity edits (a rolled-back
        insert's id is given out again) and by another connection's commits.
        """
        from annotator.identity.typeahead_fuzzy import TrigramPool
        conn = self.db.conn
        through = grams_through(conn)
        key = (through, *newer_state(conn, through), self.entity_generation,
               conn.execute("PRAGMA data_version").fetchone()[0])
        if self._newer_pool is None or key != self._newer_key:
            rows = newer_names(conn, through)
            self._newer_pool = TrigramPool([r[0] for r in rows], [r[1] for r in rows],
                                           [r[2] for r in rows])
            self._newer_key = key
        return self._newer_pool

    def fuzzy_offers(self, q: str, need: int, entity_type: str | None,
                     taken: Mapping[int, Any]) -> list[tuple[tuple, Suggestion]]:
        """WRatio over the names sharing the most trigrams with the query."""
        from annotator.identity.suggestions import Suggestion, rank_key
        from annotator.identity.trigrams import fuzzy_scores
        from annotator.identity.typeahead_fuzzy import best_pool
        pool = best_pool(q, _FileGrams(self.db.conn, entity_type), self.newer_names_pool(),
                         entity_type)
        scores = fuzzy_scores(q, dict(pool))
        if not scores:
            return []
        rows = self.db.execute(f"SELECT {_COLS} FROM entity_names n {_JOIN} WHERE n.id IN {_IDS}",
                               [json.dumps(sorted(scores))]).fetchall()
        scored = sorted(((-round(scores[r[0]]), rank_key(r[6], r[4], r[1])), r) for r in rows)
        out: list[tuple[tuple, Suggestion]] = []
        seen: set[int] = set()
        for key, (_, eid, name, text, _norm, kind, mentions) in scored:
            if eid not in taken and eid not in seen:
                seen.add(eid)
                out.append((key, Suggestion(eid, name, kind, mentions, text, "fuzzy", -key[0])))
                if len(out) == need:
                    break
        return out

    def typeahead_records(self, entity_ids: Collection[int] | None = None) -> list[IndexedEntity]:
        """Live entities (all, or those of ``entity_ids``) as the typeahead index takes them."""
        from annotator.identity.suggestions import IndexedEntity, paused_gc
        if entity_ids is None:
            with paused_gc():
                rows = self.db.execute(_ALL_ENTITIES).fetchall()
            alias_rows = self.db.execute(f"{_ALIASES} ORDER BY a.id").fetchall()
        else:
            ids = json.dumps(sorted(entity_ids))
            rows = self.db.execute(_SOME_ENTITIES, [ids]).fetchall()
            alias_rows = self.db.execute(f"{_ALIASES} AND a.entity_id IN {_IDS} ORDER BY a.id",
                                         [ids]).fetchall()
        aliases: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for entity_id, alias, norm in alias_rows:
            aliases[entity_id].append((alias, norm))
        with paused_gc():
            return [IndexedEntity(entity_id, name, kind, count,
                                  ((name, norm), *aliases[entity_id]) if entity_id in aliases
                                  else ((name, norm),))
                    for entity_id, name, norm, kind, count in rows]

    def _mention_counts(self, entity_ids: Collection[int]) -> dict[int, int]:
        counts = dict.fromkeys(entity_ids, 0)
        counts.update(self.db.execute(
            f"SELECT entity_id, count(*) FROM mentions WHERE entity_id IN {_IDS}"
            " GROUP BY entity_id", [json.dumps(sorted(entity_ids))]).fetchall())
        return counts
