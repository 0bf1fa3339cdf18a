"""A typeahead index that follows edits: one big index built once, plus a small one of changes.

Rebuilding :class:`SuggestionIndex` over 100,000 entities takes most of a
second, and a coder changes entities all the time (every new name coded with
E is one). So the big index stays, the entities changed since it was built are
hidden in it, and their current versions live in a small index that is rebuilt
on each change (milliseconds while it holds a few hundred entities). Both are
searched together by :func:`suggest_from`, which ranks exactly as one index over
all the entities would. When the small index would grow past ``max_delta``
entities, :meth:`would_outgrow` tells the owner to build one big index again.

Mention counts change far more often (every mention coded) and change no
string, so they are updated in place, in whichever index holds the entity.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from annotator.identity.typeahead import IndexedEntity, Suggestion, SuggestionIndex, suggest_from

#: Changed entities kept in the small index before a full rebuild is asked for.
MAX_DELTA = 1000


class LiveSuggestionIndex:
    """The entities of ``base``, with later versions of some of them in a small index."""

    def __init__(self, base: SuggestionIndex, max_delta: int = MAX_DELTA) -> None:
        self.base = base
        self.max_delta = max_delta
        self._changed: dict[int, IndexedEntity] = {}
        self._delta = SuggestionIndex.from_normalised(())

    def replace(self, records: Iterable[IndexedEntity], entity_ids: Iterable[int]) -> None:
        """Entities ``entity_ids`` are now ``records`` (those missing were deleted or merged)."""
        records = list(records)
        ids = set(entity_ids) | {r.entity_id for r in records}
        self.base.hide(ids)
        for entity_id in ids:
            self._changed.pop(entity_id, None)
        self._changed.update((r.entity_id, r) for r in records)
        self._delta = SuggestionIndex.from_normalised(self._changed.values())

    def set_counts(self, counts: Mapping[int, int]) -> None:
        """New mention counts; each index changes the entities it holds."""
        for entity_id, count in counts.items():
            if entity_id in self._changed:
                self._changed[entity_id] = self._changed[entity_id]._replace(mention_count=count)
        self._delta.set_counts(counts)
        self.base.set_counts(counts)

    @property
    def delta_size(self) -> int:
        return len(self._changed)

    def would_outgrow(self, entity_ids: Collection[int]) -> bool:
        """Whether changing these entities takes the small index past ``max_delta``
        (then one big rebuild pays off better than re-reading them)."""
        return len(self._changed.keys() | set(entity_ids)) > self.max_delta

    def __len__(self) -> int:
        return len(self.base) + len(self._delta)

    def suggest(self, query: str, limit: int = 10, *,
                entity_type: str | None = None) -> list[Suggestion]:
        """Up to ``limit`` entities for ``query``, best first, as ``SuggestionIndex.suggest``."""
        return suggest_from([self.base, self._delta], query, limit, entity_type=entity_type)
