"""The typeahead over entity names: one index built per project, kept up to date per change.

``suggest_entities`` runs on every keystroke of every entity field, so its index
must be ready. It is built once from the normalised names the file already
stores, and afterwards only the entities named by ``StoreBase.entity_changes``
are read again (see ``annotator.identity.typeahead_live``): coding a new entity on a
100,000-entity project costs a few milliseconds instead of a 1.5 s rebuild.
What another connection commits (an import in a worker thread) cannot be
told apart, so ``PRAGMA data_version`` moving triggers a full rebuild.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection

from annotator.identity.typeahead import IndexedEntity, Suggestion, SuggestionIndex, paused_gc
from annotator.identity.typeahead_live import MAX_DELTA, LiveSuggestionIndex
from annotator.store.base import StoreBase

_IDS = "(SELECT value FROM json_each(?))"
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


class TypeaheadMixin(StoreBase):
    _typeahead: LiveSuggestionIndex | None = None
    _typeahead_version: int | None = None
    #: Changed entities held beside the big index before it is built again.
    typeahead_max_delta = MAX_DELTA

    def suggest_entities(self, query: str, limit: int = 10, *,
                         entity_type: str | None = None) -> list[Suggestion]:
        """Rank live entities for what the coder has typed (name and aliases, counts break ties)."""
        return self.suggestion_index().suggest(query, limit, entity_type=entity_type)

    def suggestion_index(self) -> LiveSuggestionIndex:
        """The typeahead index with every change made so far applied.

        Changes are forgotten only outside a transaction: read inside one, they
        are read again after it, so a rollback cannot leave rows in the index
        that the file no longer holds.
        """
        changes = self.entity_changes
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        index = self._typeahead
        if index is None or version != self._typeahead_version or changes.unknown \
                or index.would_outgrow(changes.changed):
            index = self._build_typeahead()
        elif changes:
            if changes.changed:
                index.replace(self.typeahead_records(changes.changed), changes.changed)
            recounted = changes.recounted - changes.changed
            if recounted:
                index.set_counts(self._mention_counts(recounted))
        self._typeahead, self._typeahead_version = index, version
        if not self.db.conn.in_transaction:
            changes.clear()
        return index

    def _build_typeahead(self) -> LiveSuggestionIndex:
        return LiveSuggestionIndex(SuggestionIndex.from_normalised(self.typeahead_records()),
                                   self.typeahead_max_delta)

    def typeahead_records(self, entity_ids: Collection[int] | None = None) -> list[IndexedEntity]:
        """Live entities (all, or those of ``entity_ids``) as the typeahead index takes them."""
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
