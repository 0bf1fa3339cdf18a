"""Adjudication in the store: one coder's annotations, and copying a version into gold.

The comparison itself is pure Python (``annotator.team.adjudication``); the store
reads each coder's rows with entities resolved to the live entity (so "ISIS"
and "Daesh" agree once merged, as in the agreement report) and copies an
accepted version into the gold coder. A copy is an ordinary insert that
returns a ``Change``, so the window's undo removes it with ``undo_insert`` and
redo puts it back with ``restore``, with the same ids.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from annotator.model import Change
from annotator.store.base import StoreBase
from annotator.store.source import LIVE_ENTITIES

if TYPE_CHECKING:
    from annotator.team.adjudication import Annotations

COPYABLE = ("mentions", "claims", "attributions")
#: meta key: the coders accepted versions were copied into (JSON list of names)
ADJUDICATORS_KEY = "adjudicators"
#: Entity references a copy points at the live entity (what the coder saw in the list).
ENTITY_COLUMNS = ("entity_id", "claimant_entity_id", "addressee_entity_id", "source_entity_id")

#: Who coded what, as ``coded_articles`` counts it: annotated, or marked done.
_CODED = (
    "WITH coded(article_id, coder_id) AS ("
    " SELECT article_id, coder_id FROM mentions UNION SELECT article_id, coder_id FROM claims"
    " UNION SELECT article_id, coder_id FROM attributions"
    " UNION SELECT article_id, coder_id FROM article_status WHERE status = 'done')")
_MENTIONS = (
    f"{LIVE_ENTITIES} SELECT m.*, l.root AS entity, e.name AS entity_name,"
    " e.type AS entity_type FROM mentions m JOIN live l ON l.id = m.entity_id"
    " JOIN entities e ON e.id = l.root WHERE m.article_id = :a AND m.coder_id IS :c"
    ' ORDER BY m.start, m."end", m.id')
_CLAIMS = (
    f"{LIVE_ENTITIES} SELECT cl.*, lc.root AS claimant, ec.name AS claimant_name,"
    " la.root AS addressee, ea.name AS addressee_name FROM claims cl"
    " LEFT JOIN live lc ON lc.id = cl.claimant_entity_id LEFT JOIN entities ec ON ec.id = lc.root"
    " LEFT JOIN live la ON la.id = cl.addressee_entity_id LEFT JOIN entities ea ON ea.id = la.root"
    ' WHERE cl.article_id = :a AND cl.coder_id IS :c ORDER BY cl.start, cl."end", cl.id')
_ATTRIBUTIONS = (
    f"{LIVE_ENTITIES} SELECT at.*, ls.root AS source, es.name AS source_name,"
    " cl.text AS claim_text FROM attributions at JOIN claims cl ON cl.id = at.claim_id"
    " LEFT JOIN live ls ON ls.id = at.source_entity_id LEFT JOIN entities es ON es.id = ls.root"
    " WHERE at.article_id = :a AND at.coder_id IS :c ORDER BY at.id")


class AdjudicationMixin(StoreBase):
    def article_coders(self, article_id: int) -> list[str]:
        """Names of the coders who coded an article (annotated it, or marked it done)."""
        # Filtered per table (not through _CODED), so each part uses its article index.
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT c.name FROM ("
            " SELECT coder_id FROM mentions WHERE article_id = :a"
            " UNION SELECT coder_id FROM claims WHERE article_id = :a"
            " UNION SELECT coder_id FROM attributions WHERE article_id = :a"
            " UNION SELECT coder_id FROM article_status WHERE article_id = :a AND status = 'done'"
            ") x JOIN coders c ON c.id = x.coder_id ORDER BY c.name", {"a": article_id})]

    def shared_articles(self, coder_a: str, coder_b: str) -> list[int]:
        """Ids of the articles both coders coded, in order: the round to adjudicate."""
        return [r[0] for r in self.db.execute(
            f"{_CODED} SELECT article_id FROM coded JOIN coders c ON c.id = coder_id"
            " WHERE c.name = :a INTERSECT SELECT article_id FROM coded JOIN coders c"
            " ON c.id = coder_id WHERE c.name = :b ORDER BY 1", {"a": coder_a, "b": coder_b})]

    def coder_id_of(self, name: str) -> int | None:
        """A coder's id by name, without creating the coder (None if unknown)."""
        row = self.db.execute("SELECT id FROM coders WHERE name = ?", [name.strip()]).fetchone()
        return row[0] if row else None

    def annotations_by_coder(self, article_id: int, coder: int | str | None) -> Annotations:
        """One coder's mentions, claims and attributions of an article, as dicts.

        ``coder`` is an id or a name (an unknown name has no annotations). Each
        row carries its table's columns plus the live entity: ``entity``,
        ``entity_name`` and ``entity_type`` of a mention; ``claimant``,
        ``addressee`` (and names) of a claim; ``source``, ``source_name`` and
        ``claim_text`` of an attribution.
        """
        coder_id = self.coder_id_of(coder) if isinstance(coder, str) else coder
        if isinstance(coder, str) and coder_id is None:
            return {"mentions": [], "claims": [], "attributions": []}
        args = {"a": article_id, "c": coder_id}
        return {"mentions": list(self.db.query(_MENTIONS, args)),
                "claims": list(self.db.query(_CLAIMS, args)),
                "attributions": list(self.db.query(_ATTRIBUTIONS, args))}

    def version_in_coder(self, table: str, row_id: int, coder: str) -> int | None:
        """The id of ``coder``'s row holding the same version as row ``row_id``, or None."""
        # Imported here: annotator.team.adjudication pulls in numpy (via reliability),
        # which every other use of the store (the CLI, imports) can do without.
        from annotator.team.adjudication import find_version
        row = self._require(table, row_id)
        own = self.annotations_by_coder(row["article_id"], row["coder_id"])
        target = self.annotations_by_coder(row["article_id"], coder)
        mine = next(r for r in own[table] if r["id"] == row_id)
        return find_version(table, mine, own, target)

    def copy_to_coder(self, table: str, row_id: int, target_coder: str, *,
                      claim_id: int | None = None) -> Change:
        """Copy a mention, claim or attribution into another coder's (gold's) annotations.

        The copy keeps the span, text and values, with entities as the live
        entity. An attribution hangs on ``claim_id`` if given (a claim of the
        target coder), else on the target's copy of its claim, which is made
        first if the target has none; a parent attribution is found or copied
        the same way, so the source chain survives. Rows made on the way are
        in ``related``, so undoing the copy removes them too.
        """
        if table not in COPYABLE:
            raise ValueError(f"cannot copy {table} to another coder")
        with self._changing():
            target = self.ensure_coder(target_coder)
            self._mark_adjudicator(target_coder)
            row = self._require(table, row_id)
            if row["coder_id"] == target:
                raise ValueError(f"that {table[:-1]} is already {target_coder}'s")
            if claim_id is not None:
                claim = self._require("claims", claim_id)
                if claim["coder_id"] != target or claim["article_id"] != row["article_id"]:
                    raise ValueError(f"claim {claim_id} is not {target_coder}'s in this article")
            created: list[tuple[str, dict[str, Any]]] = []
            copy = self._copy_row(table, row, target_coder, target, created, claim_id)
        return Change(table, "insert", copy["id"], None, copy, copy["article_id"],
                      tuple(created))

    def adjudicators(self) -> list[str]:
        """Coders whose annotations are accepted versions of others' (gold): reliability
        compares the coders who coded independently, so it leaves these out unless named."""
        return json.loads(self.meta(ADJUDICATORS_KEY) or "[]")

    def _mark_adjudicator(self, coder: str) -> None:
        known = self.adjudicators()
        if coder not in known:
            self._set_meta(ADJUDICATORS_KEY, json.dumps(sorted([*known, coder])))

    def _copy_row(self, table: str, row: dict[str, Any], coder: str, target: int,
                  created: list[tuple[str, dict[str, Any]]],
                  claim_id: int | None = None) -> dict[str, Any]:
        values = {k: v for k, v in row.items() if k != "id"}
        values["coder_id"] = target
        for column in ENTITY_COLUMNS:
            if values.get(column) is not None:
                values[column] = self._live_entity(values[column])
        if table == "attributions":
            values["claim_id"] = claim_id if claim_id is not None else \
                self._found_or_copied("claims", row["claim_id"], coder, target, created)
            if row["parent_attribution_id"] is not None:
                values["parent_attribution_id"] = self._found_or_copied(
                    "attributions", row["parent_attribution_id"], coder, target, created)
        return self._insert(table, values)

    def _found_or_copied(self, table: str, row_id: int, coder: str, target: int,
                         created: list[tuple[str, dict[str, Any]]]) -> int:
        found = self.version_in_coder(table, row_id, coder)
        if found is not None:
            return found
        copy = self._copy_row(table, self._require(table, row_id), coder, target, created)
        created.append((table, copy))
        return copy["id"]

    def _live_entity(self, entity_id: int) -> int:
        row = self.db.execute(f"{LIVE_ENTITIES} SELECT root FROM live WHERE id = ?",
                              [entity_id]).fetchone()
        return row[0] if row else entity_id
