"""Duplicate candidates: the project's entities fed to ``annotator.identity``, in two tiers.

The matching itself lives in ``annotator.identity`` (no SQL); this mixin feeds
it the project's live entities with the articles each is mentioned in, leaves
out pairs the coders marked "different", and hands it the coders' earlier
merges and "different"s to learn the ranking of the possible pairs from.
The typeahead, the other Python matching over entities, is ``store.typeahead``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from annotator.identity.candidates import find_duplicate_groups
from annotator.identity.evidence import Pair, pair_evidence
from annotator.identity.forms import name_form
from annotator.identity.possible import possible_pairs
from annotator.identity.ranking import ranker_from
from annotator.store.base import StoreBase


class CandidatesMixin(StoreBase):
    def duplicate_candidates(self, *, threshold: int | None = None,
                             progress: Callable[[int, int], object] | None = None,
                             cancel: Callable[[], bool] | None = None,
                             possible: bool = False, per_name: int = 3) -> list[dict[str, Any]]:
        """Groups of live entities the program proposes to merge, without dismissed pairs.

        Each group is ``{"tier": "likely", "score", "weakest", "evidence",
        "entities"}``. A group that contains a pair the coders marked "different"
        loses the later member of that pair, so a dismissal is never proposed
        again. With ``possible=True`` the ranked possible pairs follow
        (``tier: "possible"``, see :meth:`possible_duplicates`).
        """
        entities = self.entity_summaries()
        articles = self.entity_articles()
        seen_in = [articles.get(e["id"], ()) for e in entities]
        groups = find_duplicate_groups([e["name"] for e in entities],
                                       types=[e["type"] for e in entities],
                                       threshold=threshold, progress=progress, cancel=cancel,
                                       articles=seen_in)
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
                out.append({"tier": "likely", "score": group.score, "weakest": group.weakest,
                            "evidence": list(group.evidence), "against": [],
                            "entities": members})
        if possible:
            out.extend(self._possible(entities, seen_in, out, dismissed, cancel, per_name))
        return out

    def possible_duplicates(self, *, cancel: Callable[[], bool] | None = None,
                            per_name: int = 3) -> list[dict[str, Any]]:
        """Pairs of live entities that may be one actor, ranked for review, best first.

        Pairs already inside a likely group and pairs marked "different" are
        left out. Each is ``{"tier": "possible", "score" (0-100), "evidence",
        "against", "pair", "entities": [a, b]}``; ``pair`` keeps the features so
        that :meth:`pair_ranker` can re-rank the list after each decision.
        """
        return [g for g in self.duplicate_candidates(cancel=cancel, possible=True,
                                                     per_name=per_name)
                if g["tier"] == "possible"]

    def _possible(self, entities: list[dict[str, Any]], seen_in: list, likely: list,
                  dismissed: set[tuple[int, int]], cancel, per_name: int = 3) -> list[dict]:
        position = {e["id"]: i for i, e in enumerate(entities)}
        exclude = {(position[a], position[b]) for a, b in dismissed
                   if a in position and b in position}
        for group in likely:
            ids = sorted(position[e["id"]] for e in group["entities"])
            exclude.update((x, y) for k, x in enumerate(ids) for y in ids[k + 1:])
        pairs = possible_pairs([e["name"] for e in entities], types=[e["type"] for e in entities],
                               articles=seen_in, exclude=exclude, ranker=self.pair_ranker(),
                               per_name=per_name, cancel=cancel)
        return [{"tier": "possible", "score": round(100 * p.score),
                 "weakest": round(100 * p.score), "evidence": list(p.reasons),
                 "against": list(p.against), "pair": p.evidence,
                 "entities": [entities[p.a], entities[p.b]]} for p in pairs]

    def pair_ranker(self):
        """The ranking the coders' decisions so far support (``identity.ranking``)."""
        return ranker_from(self.labelled_pairs())

    def labelled_pairs(self) -> list[tuple[Pair, bool]]:
        """Every decision as (evidence, same actor?): merges true, "different"s false.

        The evidence is the two names' as they were decided (the merged name is
        kept on its row); context is left out, since a merge has joined it.
        """
        rows = [(r["kept_name"], r["merged_name"], r["type"], True) for r in self.db.query(
            "SELECT k.name AS kept_name, g.name AS merged_name, k.type FROM entity_merges m"
            " JOIN entities k ON k.id = m.kept_entity_id"
            " JOIN entities g ON g.id = m.merged_entity_id WHERE m.undone_at IS NULL")]
        rows += [(r["a"], r["b"], r["type"], False) for r in self.db.query(
            "SELECT ea.name AS a, eb.name AS b, ea.type FROM dismissed_pairs d"
            " JOIN entities ea ON ea.id = d.entity_a JOIN entities eb ON eb.id = d.entity_b")]
        out = []
        for a, b, kind, same in rows:
            forms = [name_form(a, kind), name_form(b, kind)]
            out.append((pair_evidence(0, 1, [a, b], forms), same))
        return out

    def entity_articles(self) -> dict[int, set[int]]:
        """{entity id: ids of the articles it is mentioned in}, for live entities."""
        seen: dict[int, set[int]] = defaultdict(set)
        for entity_id, article_id in self.db.execute(
                "SELECT DISTINCT entity_id, article_id FROM mentions WHERE entity_id IS NOT NULL"):
            seen[entity_id].add(article_id)
        return seen
