"""Entity look-ups that run Python matching over the entity list: typeahead and duplicates.

The matching itself lives in ``annotator.dedup`` and ``annotator.suggest``
(no SQL); this mixin feeds them the project's entities and caches the
typeahead index until an entity or alias changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.dedup import find_duplicate_groups
from annotator.store.base import StoreBase
from annotator.suggest import Suggestion, SuggestionIndex


class CandidatesMixin(StoreBase):
    _suggestion_cache: tuple[int, SuggestionIndex] | None = None

    def suggestion_index(self) -> SuggestionIndex:
        """The typeahead index, rebuilt only after entities or aliases changed."""
        cached = self._suggestion_cache
        if cached is None or cached[0] != self.entity_generation:
            index = SuggestionIndex(self.entity_summaries())
            self._suggestion_cache = (self.entity_generation, index)
            return index
        return cached[1]

    def suggest_entities(self, query: str, limit: int = 10, *,
                         entity_type: str | None = None) -> list[Suggestion]:
        """Rank live entities for what the coder has typed (name and aliases, counts break ties)."""
        return self.suggestion_index().suggest(query, limit, entity_type=entity_type)

    def duplicate_candidates(self, *, threshold: int | None = None,
                             progress: Callable[[int, int], object] | None = None,
                             cancel: Callable[[], bool] | None = None) -> list[dict[str, Any]]:
        """Groups of live entities the program proposes to merge, without dismissed pairs.

        A group that contains a pair the coders marked "different" loses the
        later member of that pair, so a dismissal is never proposed again.
        """
        entities = self.entity_summaries()
        groups = find_duplicate_groups([e["name"] for e in entities],
                                       types=[e["type"] for e in entities],
                                       threshold=threshold, progress=progress, cancel=cancel)
        dismissed = self.dismissed_pairs()
        out = []
        for group in groups:
            members: list[dict[str, Any]] = []
            for index in group.indices:
                entity = entities[index]
                if any(tuple(sorted((entity["id"], m["id"]))) in dismissed for m in members):
                    continue
                members.append(entity)
            if len(members) >= 2:
                out.append({"score": group.score, "weakest": group.weakest,
                            "entities": members})
        return out
