"""The rows an intercoder-agreement report needs, with entities already resolved.

Every entity reference comes back as the *live* entity (``merged_into``
followed to the end), so two coders who linked "ISIS" and "Daesh" agree once
a coder has merged the two; the arithmetic lives in ``annotator.team.agreement``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from annotator.store.base import StoreBase
from annotator.store.source import LIVE_ENTITIES

_IDS = "(SELECT value FROM json_each(?))"


class AgreementQueriesMixin(StoreBase):
    def coded_articles(self) -> dict[int, set[str]]:
        """Which coders coded each article: marked it done, or annotated anything in it.

        "Done" counts on its own so that a coder who found nothing to code in an
        article is a coder of it (agreeing that there is nothing), not a missing one.
        """
        result: dict[int, set[str]] = {}
        for article_id, name in self.db.execute(
                "SELECT x.article_id, c.name FROM ("
                " SELECT article_id, coder_id FROM mentions"
                " UNION SELECT article_id, coder_id FROM claims"
                " UNION SELECT article_id, coder_id FROM attributions"
                " UNION SELECT article_id, coder_id FROM article_status WHERE status = 'done'"
                ") x JOIN coders c ON c.id = x.coder_id"):
            result.setdefault(article_id, set()).add(name)
        return result

    def _agreement_rows(self, sql: str, article_ids: Iterable[int]) -> list[dict[str, Any]]:
        return list(self.db.query(f"{LIVE_ENTITIES} {sql}", [json.dumps(list(article_ids))]))

    def agreement_mentions(self, article_ids: Iterable[int]) -> list[dict[str, Any]]:
        """Mentions with coder name and the live entity's id, name and type."""
        return self._agreement_rows(
            'SELECT m.id, m.article_id, c.name AS coder, m.start, m."end", m.fragments,'
            " l.root AS entity,"
            " e.name AS entity_name, e.type AS entity_type FROM mentions m"
            " JOIN coders c ON c.id = m.coder_id JOIN live l ON l.id = m.entity_id"
            f" JOIN entities e ON e.id = l.root WHERE m.article_id IN {_IDS}"
            ' ORDER BY m.article_id, m.start, m."end", m.id', article_ids)

    def agreement_claims(self, article_ids: Iterable[int]) -> list[dict[str, Any]]:
        """Claims with coder name and the live claimant entity."""
        return self._agreement_rows(
            'SELECT cl.id, cl.article_id, c.name AS coder, cl.start, cl."end", cl.fragments,'
            " cl.category,"
            " cl.position, cl.certainty, l.root AS claimant FROM claims cl"
            " JOIN coders c ON c.id = cl.coder_id"
            " LEFT JOIN live l ON l.id = cl.claimant_entity_id"
            f" WHERE cl.article_id IN {_IDS} ORDER BY cl.article_id, cl.start, cl.id",
            article_ids)

    def agreement_attributions(self, article_ids: Iterable[int]) -> list[dict[str, Any]]:
        """Attributions with coder name and the live source entity."""
        return self._agreement_rows(
            "SELECT at.id, at.article_id, at.claim_id, c.name AS coder, l.root AS source,"
            " at.source_text, at.source_start, at.source_end, at.cue_text, at.cue_start,"
            " at.cue_end, at.kind, at.parent_attribution_id, at.source_fragments,"
            " at.cue_fragments FROM attributions at"
            " JOIN coders c ON c.id = at.coder_id"
            " LEFT JOIN live l ON l.id = at.source_entity_id"
            f" WHERE at.article_id IN {_IDS} ORDER BY at.article_id, at.id", article_ids)

    def article_bodies(self, article_ids: Iterable[int]) -> dict[int, str]:
        return {r["id"]: r["body"] for r in self.db.query(
            f"SELECT id, body FROM articles WHERE id IN {_IDS}",
            [json.dumps(list(article_ids))])}

    def article_titles(self, article_ids: Iterable[int]) -> dict[int, str]:
        """``{id: title}`` for naming the disagreement hot spots of a reliability report."""
        return {r["id"]: r["title"] or "" for r in self.db.query(
            f"SELECT id, title FROM articles WHERE id IN {_IDS}",
            [json.dumps(list(article_ids))])}

    def entity_labels(self, entity_ids: Iterable[int]) -> dict[int, str]:
        """``{id: "name (TYPE)"}`` for the legend of exported agreement matrices."""
        return {r["id"]: f"{r['name']} ({r['type']})" for r in self.db.query(
            f"SELECT id, name, type FROM entities WHERE id IN {_IDS}",
            [json.dumps(list(entity_ids))])}
