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
from typing import TYPE_CHECKING, Any

from annotator.store.base import StoreBase

if TYPE_CHECKING:
    from annotator.identity.evidence import Pair

# annotator.identity (numpy, nameparser, scikit-learn) is imported in the methods that
# match: every Store has this mixin, and the window's first paint needs none of it.


class CandidatesMixin(StoreBase):
    def duplicate_candidates(self, *, threshold: int | None = None,
                             progress: Callable[[int, int], object] | None = None,
                             cancel: Callable[[], bool] | None = None,
                             possible: bool = False, per_name: int = 3) -> list[dict[str, Any]]:
        """Groups of live entities the program proposes to merge, without dismissed pairs.

        Each group is ``{"tier": "likely", "score", "weakest", "evidence",
        "against", "entities"}``. A group that contains a pair the coders marked
        "different" loses the later member of that pair, so a dismissal is never
        proposed again. With ``possible=True`` the ranked possible pairs follow,
        ``{"tier": "possible", "score" (0-100), "evidence", "against", "pair",
        "entities": [a, b]}``, best first; ``pair`` keeps the features so that
        :meth:`pair_ranker` can re-rank them after each decision.
        """
        from annotator.identity.candidates import find_duplicate_groups
        from annotator.identity.search import find_tiers
        entities = self.entity_summaries()
        articles = self.entity_articles()
        names = [e["name"] for e in entities]
        types = [e["type"] for e in entities]
        kept = dict(self.db.execute(
            "SELECT id, norm_name FROM entities WHERE merged_into IS NULL"))
        norms = [kept[e["id"]] for e in entities]  # normalised at every write, not again here
        seen_in = [articles.get(e["id"], ()) for e in entities]
        dismissed = self.dismissed_pairs()
        if possible:
            position = {e["id"]: i for i, e in enumerate(entities)}
            exclude = {(position[a], position[b]) for a, b in dismissed
                       if a in position and b in position}
            around = self.entity_context_words()
            tiers = find_tiers(names, types=types, articles=seen_in, exclude=exclude,
                               ranker=self.pair_ranker(), per_name=per_name,
                               threshold=threshold, progress=progress, cancel=cancel,
                               words=[around.get(e["id"], frozenset()) for e in entities],
                               norms=norms)
            groups, pairs = tiers.likely, tiers.possible
        else:
            groups = find_duplicate_groups(names, types=types, threshold=threshold,
                                           progress=progress, cancel=cancel, articles=seen_in,
                                           norms=norms)
            pairs = []
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
        out.extend({"tier": "possible", "score": round(100 * p.score),
                    "weakest": round(100 * p.score), "evidence": list(p.reasons),
                    "against": list(p.against), "pair": p.evidence,
                    "entities": [entities[p.a], entities[p.b]]} for p in pairs)
        return out

    def possible_duplicates(self, *, cancel: Callable[[], bool] | None = None,
                            per_name: int = 3) -> list[dict[str, Any]]:
        """The possible pairs of :meth:`duplicate_candidates`, best first."""
        return [g for g in self.duplicate_candidates(cancel=cancel, possible=True,
                                                     per_name=per_name)
                if g["tier"] == "possible"]

    def rescore_pairs(self, pairs: list[Pair]) -> list[int]:
        """Scores (0-100) of possible pairs under the ranking the decisions now support."""
        if not pairs:
            return []
        import numpy as np
        values = np.asarray([p.values for p in pairs])
        return [round(100 * s) for s in self.pair_ranker().probabilities(values).tolist()]

    def pair_ranker(self):
        """The ranking the coders' decisions so far support (``identity.ranking``)."""
        from annotator.identity.ranking import ranker_from
        return ranker_from(self.labelled_pairs())

    def labelled_pairs(self) -> list[tuple[Pair, bool]]:
        """Every decision as (evidence, same actor?): merges true, "different"s false.

        The evidence is the two names' as they were decided (the merged name is
        kept on its row); context is left out, since a merge has joined it.
        """
        from annotator.identity.evidence import pair_evidence
        from annotator.identity.forms import name_form
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

    def entity_context_words(self, mentions: int = 20, width: int = 60) -> dict[int, frozenset]:
        """{entity id: the words around its first ``mentions`` mentions}, for live entities.

        ``width`` characters either side of each mention; SQLite's substr counts
        characters as Python does, so the offsets need no conversion.
        """
        from annotator.identity.evidence import context_words
        snippets: dict[int, list[str]] = defaultdict(list)
        for entity_id, text in self.db.execute(
                "SELECT entity_id, substr(a.body, max(1, start + 1 - ?), \"end\" - start + 2 * ?)"
                " FROM (SELECT entity_id, article_id, start, \"end\", row_number() OVER"
                " (PARTITION BY entity_id ORDER BY id) AS k FROM mentions) m"
                " JOIN articles a ON a.id = m.article_id WHERE m.k <= ?",
                [width, width, mentions]):
            snippets[entity_id].append(text)
        return {e: context_words(texts) for e, texts in snippets.items()}

    def entity_articles(self) -> dict[int, set[int]]:
        """{entity id: ids of the articles it is mentioned in}, for live entities."""
        seen: dict[int, set[int]] = defaultdict(set)
        for entity_id, article_id in self.db.execute(
                "SELECT DISTINCT entity_id, article_id FROM mentions WHERE entity_id IS NOT NULL"):
            seen[entity_id].add(article_id)
        return seen
