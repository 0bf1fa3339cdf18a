"""Which entities changed since the typeahead index last looked: ids, not just a counter.

A counter says "something changed" and costs a rebuild of the whole index
(1.5 s on 100,000 entities) after every entity a coder creates. With the ids,
the index re-reads only those entities. Every change reaches the edit log
through ``StoreBase._log``, so that is where ids are collected; the few
statements that move rows without a log row of their own (a merge re-pointing
mentions and aliases, a split putting them back) name their entities through
the merge record or :meth:`EntityChanges.touch`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Columns of an ``entity_merges`` row that name an entity the merge changed.
_MERGE_COLUMNS = ("kept_entity_id", "merged_entity_id")


class EntityChanges:
    """Entity ids whose names, aliases, type or liveness changed, and whose counts changed.

    ``unknown`` is set by a change whose entities cannot be told (then
    everything is read again); it never happens through the store's own methods.
    """

    def __init__(self, also: EntityChanges | None = None) -> None:
        #: Another reader of the same changes, told of each one (the name index's sync).
        self.also = also
        self.changed: set[int] = set()
        self.recounted: set[int] = set()
        self.unknown = False

    def __bool__(self) -> bool:
        return self.unknown or bool(self.changed or self.recounted)

    def note_log(self, table: str, row_id: int | None, before: dict[str, Any] | None,
                 after: dict[str, Any] | None) -> None:
        """Take the entity ids out of one edit-log row (any table; most name none)."""
        if self.also is not None:
            self.also.note_log(table, row_id, before, after)
        rows = [r for r in (before, after) if r]
        if table == "entities":
            ids = [row_id]
        elif table == "aliases":
            ids = [r.get("entity_id") for r in rows]
        elif table == "entity_merges":
            ids = [r.get(c) for r in rows for c in _MERGE_COLUMNS]
        elif table == "mentions":
            counted = [r.get("entity_id") for r in rows]
            if None in counted:
                self.unknown = True
            self.recounted.update(i for i in counted if i is not None)
            return
        else:
            return
        if not ids or None in ids:
            self.unknown = True
        self.changed.update(i for i in ids if i is not None)

    def touch(self, entity_ids: Iterable[int]) -> None:
        """Entities changed by a statement that wrote no log row of its own."""
        entity_ids = list(entity_ids)
        if self.also is not None:
            self.also.touch(entity_ids)
        self.changed.update(entity_ids)

    def clear(self) -> None:
        self.changed, self.recounted, self.unknown = set(), set(), False
