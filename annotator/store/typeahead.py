"""The typeahead over entity names, answered from the name index in the project file.

``suggest_entities`` runs on every keystroke of every entity field, so nothing may
have to be built first: on a project of 1M entities, building the in-memory
:class:`SuggestionIndex` took over a minute. The exact, acronym, prefix, word and
head tiers are index ranges over ``entity_names`` (``store.name_index``), taken in
the typeahead's tie order; the fuzzy tier counts shared trigrams in a
:class:`TrigramPool` built the first time a fuzzy match is wanted and kept up to
date per changed entity (``PRAGMA data_version`` moving, another connection's
commit, drops it). The tiers are merged by the same :func:`suggest_from` as the
in-memory index, so both rank alike (``tests/test_typeahead.py`` checks it after
random edits).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from annotator.store.base import StoreBase

if TYPE_CHECKING:
    from annotator.identity.typeahead import IndexedEntity, Suggestion
    from annotator.identity.typeahead_fuzzy import TrigramPool

# annotator.identity.typeahead (numpy, rapidfuzz) is imported at the first keystroke in an
# entity field, not when a Store opens: the window's first paint needs none of it
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
        from annotator.identity.typeahead import GENERIC_HEADS
        core, _, last = q.rpartition(" ")
        if not core or last not in GENERIC_HEADS:
            return None
        return (names, "n.norm >= ? AND n.norm < ?", [core, core + _END],
                "n.norm >= ? AND n.norm < ?")
    if tier == "acronym":
        if not (2 <= len(q) <= 7 and q.isalpha()):
            return None
        return "entity_names n", "(n.spoken = ? OR n.every = ?)", [q, q], \
            "(n.spoken = ? OR n.every = ?)"
    if tier == "word":
        return ("entity_name_words w CROSS JOIN entity_names n ON n.id = w.name_id",
                "w.tail >= ? AND w.tail < ?", [q, q + _END], "instr(n.norm, ' ' || ?) > 0")
    raise ValueError(f"unknown tier {tier!r}")


class _FileNames:
    """The name index in the file, offering one tier at a time to :func:`suggest_from`."""

    def __init__(self, store: TypeaheadMixin) -> None:
        self.store = store
        self.db = store.db

    def offers(self, tier: str, q: str, need: int, entity_type: str | None,
               taken: Mapping[int, Any]) -> list[tuple[tuple, Suggestion]]:
        if tier == "fuzzy":
            return self.store.fuzzy_offers(q, need, entity_type, taken)
        spec = _tier_query(tier, q)
        if spec is None:
            return []
        source, where, args, walk = spec
        if tier != "exact" and self._big(source, where, args):
            source, where = "entity_names n INDEXED BY idx_entity_names_rank", walk
            args, order = (args[:1] if tier == "word" else args), _BY_RANK
        else:
            order = "+" + _BY_RANK  # sort the range; never walk the tie order for it
        if entity_type is not None:
            where, args = f"{where} AND n.type = ?", [*args, entity_type]
        sql = f"SELECT {_COLS} FROM {source} {_JOIN} WHERE {where} ORDER BY {order} LIMIT ?"
        from annotator.identity.typeahead import Suggestion, rank_key
        return [(rank_key(mentions, norm, eid), Suggestion(eid, name, kind, mentions, text,
                                                           tier, 100))
                for _, eid, name, text, norm, kind, mentions in self._best(sql, args, need,
                                                                           taken)]

    def _big(self, source: str, where: str, args: list) -> bool:
        return self.db.execute(f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {where}"
                               " LIMIT ?)", [*args, BIG_RANGE]).fetchone()[0] >= BIG_RANGE

    def _best(self, sql: str, args: list, need: int, taken: Mapping[int, Any]) -> list[tuple]:
        """The best-ranked row of each of the best ``need`` entities not yet taken."""
        k = 2 * need + 8
        while True:
            rows = self.db.execute(sql, [*args, k]).fetchall()
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


class TypeaheadMixin(StoreBase):
    _trigrams: TrigramPool | None = None
    _trigrams_version: int | None = None
    #: Changed entities counted one by one beside the trigram pool before it is built again
    #: (None: ``identity.typeahead_live.MAX_DELTA``).
    typeahead_max_delta: int | None = None

    def suggest_entities(self, query: str, limit: int = 10, *,
                         entity_type: str | None = None) -> list[Suggestion]:
        """Rank live entities for what the coder has typed (name and aliases, counts break ties)."""
        from annotator.identity.typeahead import suggest_from
        self.index_entity_names()  # inside an open transaction: its changes so far
        return suggest_from([_FileNames(self)], query, limit, entity_type=entity_type)

    def trigram_pool(self) -> TrigramPool:
        """The fuzzy tier's trigrams, built on first use, with every change since hidden.

        Hiding is by entity, and the hidden entities' names are read from the
        file at each query, so a rolled-back change only costs a name read again.
        """
        from annotator.identity.typeahead_fuzzy import TrigramPool
        from annotator.identity.typeahead_live import MAX_DELTA
        limit = MAX_DELTA if self.typeahead_max_delta is None else self.typeahead_max_delta
        changes = self.entity_changes
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        pool = self._trigrams
        if pool is None or version != self._trigrams_version or changes.unknown \
                or len(pool.hidden | changes.changed) > limit:
            rows = self.db.execute("SELECT id, entity_id, type, norm FROM entity_names"
                                   " ORDER BY entity_id, id").fetchall()
            pool = TrigramPool([r[0] for r in rows], [r[1] for r in rows],
                               [r[2] for r in rows], [r[3] for r in rows])
        else:
            pool.hide(changes.changed)
        self._trigrams, self._trigrams_version = pool, version
        changes.clear()
        return pool

    def fuzzy_offers(self, q: str, need: int, entity_type: str | None,
                     taken: Mapping[int, Any]) -> list[tuple[tuple, Suggestion]]:
        """WRatio over the names sharing the most trigrams with the query."""
        from annotator.identity.typeahead import Suggestion, fuzzy_scores, rank_key
        pool = self.trigram_pool()
        extra = self.db.execute(f"SELECT id, type, norm FROM entity_names WHERE entity_id IN"
                                f" {_IDS}", [json.dumps(sorted(pool.hidden))]).fetchall() \
            if pool.hidden else []
        scores = fuzzy_scores(q, dict(pool.pool(q, entity_type, extra)))
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
        from annotator.identity.typeahead import IndexedEntity, paused_gc
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
