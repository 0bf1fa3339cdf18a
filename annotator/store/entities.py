"""Corpus-wide entities and their aliases, and how a typed name resolves to one."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from annotator.identity.normalise import normalise
from annotator.model import Change, Entity
from annotator.spans import counted
from annotator.store.base import StoreBase

ENTITY_COLUMNS = "id, name, type, note, merged_into"


class EntitiesMixin(StoreBase):
    def entity(self, entity_id: int) -> Entity:
        row = self._require("entities", entity_id)
        row.pop("norm_name", None)
        return Entity(**row)

    def entities_by_id(self, entity_ids: list[int]) -> dict[int, Entity]:
        """These entities by id, in the order given, read in one query: an article with
        5,000 annotations asked for each of its entities in a query of its own."""
        found = {r[0]: Entity(*r) for r in self.db.execute(
            f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(entity_ids))])}
        return {eid: found[eid] if eid in found else self.entity(eid)  # KeyError if none
                for eid in entity_ids}

    def entities_named(self, mentions, claims, attributions) -> dict[int, Entity]:
        """The entities these rows of an article name (mentions, claimants, addressees,
        sources), by id in id order."""
        wanted = {m.entity_id for m in mentions}
        wanted |= {c.claimant_entity_id for c in claims}
        wanted |= {c.addressee_entity_id for c in claims}
        wanted |= {a.source_entity_id for a in attributions}
        wanted.discard(None)
        return self.entities_by_id(sorted(wanted))

    def entities(self, *, include_merged: bool = False) -> list[Entity]:
        where = "" if include_merged else " WHERE merged_into IS NULL"
        return [Entity(**r) for r in self.db.query(
            f"SELECT {ENTITY_COLUMNS} FROM entities{where} ORDER BY name COLLATE NOCASE")]

    def entity_summaries(self) -> list[dict[str, Any]]:
        """Every live entity with its mention count and aliases, for browsers and typeahead.

        Counts come from one GROUP BY over the mentions index and aliases from a
        second query, not two subqueries per entity (a fifth less time on 100,000
        entities), and an alias with a "|" in it is no longer cut in two.
        """
        rows = list(self.db.query(
            "SELECT e.id, e.name, e.type, e.note, COALESCE(m.n, 0) AS mentions FROM entities e"
            " LEFT JOIN (SELECT entity_id, count(*) AS n FROM mentions GROUP BY entity_id) m"
            " ON m.entity_id = e.id WHERE e.merged_into IS NULL ORDER BY e.name COLLATE NOCASE"))
        aliases: dict[int, list[str]] = defaultdict(list)
        for entity_id, alias in self.db.execute(
                "SELECT a.entity_id, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id"
                " WHERE e.merged_into IS NULL ORDER BY a.entity_id, a.normalised"):
            aliases[entity_id].append(alias)
        for r in rows:
            r["aliases"] = tuple(aliases[r["id"]]) if r["id"] in aliases else ()
        return rows

    def mention_contexts(self, entity_id: int, limit: int | None = 3, width: int = 40, *,
                         offset: int = 0, spread: bool = False) -> list[dict[str, Any]]:
        """Mentions of an entity with ``width`` characters of article text either side.

        A coder decides whether two names are one actor by seeing where they are
        used, so the duplicate finder and the entity browser show these. The
        text is cut in SQL after the LIMIT, so an entity with 50,000 mentions
        costs one index range, not 50,000 article bodies. ``spread`` takes the
        first mention of each article before any second one (varied samples);
        otherwise mentions come in article and text order. A span several coders
        coded is one row (the first coder's mention). Each row: id, article_id,
        start, end, text, title, before, after.
        """
        order = "k, article_id, start" if spread else "article_id, start"
        # one row per place: two coders who coded the same span show one context, not two
        return list(self.db.query(
            "WITH places AS (SELECT min(m.id) AS id, m.article_id, m.start, m.\"end\", m.text"
            " FROM mentions m WHERE m.entity_id = :e GROUP BY m.article_id, m.start, m.\"end\"),"
            " picked AS (SELECT p.id, p.article_id, p.start, p.\"end\", p.text,"
            " row_number() OVER (PARTITION BY p.article_id ORDER BY p.start) AS k"
            f" FROM places p ORDER BY {order}"
            " LIMIT :limit OFFSET :offset)"
            " SELECT p.id, p.article_id, p.start, p.\"end\" AS \"end\", p.text, a.title,"
            " substr(a.body, max(p.start - :w, 0) + 1, p.start - max(p.start - :w, 0))"
            " AS before, substr(a.body, p.\"end\" + 1, :w) AS after"
            f" FROM picked p JOIN articles a ON a.id = p.article_id ORDER BY {order}",
            {"e": entity_id, "limit": -1 if limit is None else limit, "offset": offset,
             "w": width}))

    def find_entity(self, name: str, entity_type: str | None = None) -> Entity | None:
        """The live entity whose name or alias normalises like ``name`` (same type if given).

        This is what makes coding "Daesh" link to ISIL once "Daesh" is an alias.
        """
        norm = normalise(name)
        if not norm:
            return None
        type_clause, params = ("", [])
        if entity_type is not None:
            type_clause, params = " AND e.type = ?", [entity_type]
        row = self.db.execute(
            "SELECT e.id FROM entities e"
            f" WHERE e.merged_into IS NULL AND e.norm_name = ?{type_clause}"
            " UNION ALL SELECT e.id FROM aliases a JOIN entities e ON e.id = a.entity_id"
            f" WHERE e.merged_into IS NULL AND a.normalised = ?{type_clause} LIMIT 1",
            [norm, *params, norm, *params],
        ).fetchone()
        return self.entity(row[0]) if row else None

    def _add_entity(self, name: str, entity_type: str, note: str | None = None) -> dict[str, Any]:
        name = " ".join(name.split())
        if not name:
            raise ValueError("an entity needs a name")
        if not entity_type:
            raise ValueError("an entity needs a type")
        return self._insert("entities", {"name": name, "norm_name": normalise(name),
                                         "type": entity_type, "note": note})

    def add_entity(self, name: str, entity_type: str, note: str | None = None) -> Change:
        with self._changing():
            row = self._add_entity(name, entity_type, note)
        return Change("entities", "insert", row["id"], None, row)

    def resolve_entity(self, name: str, entity_type: str) -> tuple[int, bool]:
        """(entity id, created?) for a typed name: reuse a match of that type, else create."""
        found = self.find_entity(name, entity_type)
        if found:
            return found.id, False
        return self._add_entity(name, entity_type)["id"], True

    def rename_entity(self, entity_id: int, name: str,
                      expect: dict[str, Any] | None = None) -> Change:
        name = " ".join(name.split())
        if not name:
            raise ValueError("an entity needs a name")
        with self._changing():
            change = self._update("entities", entity_id, {"name": name}, expect)
            self.db.execute("UPDATE entities SET norm_name = ? WHERE id = ?",
                            [normalise(name), entity_id])
        return change

    def set_entity_type(self, entity_id: int, entity_type: str) -> Change:
        return self.update("entities", entity_id, type=entity_type)

    def delete_entity(self, entity_id: int) -> Change:
        """Delete an entity nothing refers to (an entity with mentions is kept)."""
        with self._changing():
            before = self._require("entities", entity_id)
            used = self.db.execute(
                "SELECT (SELECT count(*) FROM mentions WHERE entity_id = :e)"
                " + (SELECT count(*) FROM claims WHERE claimant_entity_id = :e"
                "    OR addressee_entity_id = :e)"
                " + (SELECT count(*) FROM attributions WHERE source_entity_id = :e)",
                {"e": entity_id}).fetchone()[0]
            if used:
                raise ValueError(f"entity {before['name']!r} is still used "
                                 f"{counted(used, 'time')}")
            aliases = [("aliases", r) for r in
                       self.db.query("SELECT * FROM aliases WHERE entity_id = ?", [entity_id])]
            self._delete_rows([*aliases, ("entities", before)])
        return Change("entities", "delete", entity_id, before, None, related=tuple(aliases))

    # -- aliases -------------------------------------------------------------
    def aliases(self, entity_id: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias", [entity_id])]

    def add_alias(self, entity_id: int, alias: str) -> Change:
        alias = " ".join(alias.split())
        norm = normalise(alias)
        if not norm:
            raise ValueError("an alias needs letters or digits")
        with self._changing():
            self._require("entities", entity_id)
            existing = self.db.execute(
                "SELECT id FROM aliases WHERE entity_id = ? AND normalised = ?",
                [entity_id, norm]).fetchone()
            if existing:
                return Change("aliases", "noop", existing[0])
            row = self._insert("aliases", {"entity_id": entity_id, "alias": alias,
                                           "normalised": norm})
        return Change("aliases", "insert", row["id"], None, row)

    def remove_alias(self, entity_id: int, alias: str) -> Change:
        with self._changing():
            row = self.db.execute(
                "SELECT id FROM aliases WHERE entity_id = ? AND normalised = ?",
                [entity_id, normalise(alias)]).fetchone()
            if row is None:
                raise KeyError(f"entity {entity_id} has no alias {alias!r}")
            before = self._require("aliases", row[0])
            self._delete_rows([("aliases", before)])
        return Change("aliases", "delete", row[0], before, None)
