"""Duplicate candidates: Python fuzzy matching over the project's entity list.

The matching itself lives in ``annotator.identity.candidates`` (no SQL); this mixin feeds it
the project's live entities and leaves out pairs the coders marked "different".
The typeahead, the other Python matching over entities, is ``store.typeahead``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.identity.candidates import find_duplicate_groups
from annotator.store.base import StoreBase


class CandidatesMixin(StoreBase):
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
