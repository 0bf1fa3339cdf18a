"""Merging entities that name one actor, splitting them again, and remembering "different".

A merge records exactly which rows it re-pointed, so a split months later puts
each mention, claim and attribution back on the entity it belonged to, even
after other work in between.
"""

from __future__ import annotations

import json
from typing import Any

from annotator.identity.normalise import normalise
from annotator.model import Change
from annotator.store.base import StoreBase, now_iso

#: (table, column) pairs that point at an entity and follow it into a merge.
ENTITY_REFERENCES = (
    ("mentions", "entity_id"),
    ("claims", "claimant_entity_id"),
    ("claims", "addressee_entity_id"),
    ("attributions", "source_entity_id"),
)


class IdentityMixin(StoreBase):
    def merge_entities(self, kept_id: int, merged_ids: list[int]) -> Change:
        """Fold ``merged_ids`` into ``kept_id`` in one transaction; return the merge record ids.

        Every reference is re-pointed, the merged entity keeps ``merged_into``,
        and its name and aliases become aliases of the kept entity.
        """
        merged_ids = [m for m in dict.fromkeys(merged_ids) if m != kept_id]
        if not merged_ids:
            raise ValueError("choose at least one other entity to merge")
        with self._changing():
            kept = self._require("entities", kept_id)
            if kept["merged_into"] is not None:
                raise ValueError(f"{kept['name']!r} was itself merged away")
            records = []
            for merged_id in merged_ids:
                records.append(self._merge_one(kept, self._require("entities", merged_id)))
        return Change("entity_merges", "merge", records[0]["id"], None,
                      {"kept": kept_id, "merged": merged_ids,
                       "merge_ids": [r["id"] for r in records]})

    def _merge_one(self, kept: dict[str, Any], merged: dict[str, Any]) -> dict[str, Any]:
        if merged["merged_into"] is not None:
            raise ValueError(f"{merged['name']!r} is already merged")
        if merged["type"] != kept["type"]:
            raise ValueError(f"cannot merge {merged['type']} {merged['name']!r} into "
                             f"{kept['type']} {kept['name']!r}")
        moved: dict[str, list[int]] = {}
        for table, column in ENTITY_REFERENCES:
            ids = [r[0] for r in self.db.execute(
                f"SELECT id FROM {table} WHERE {column} = ?", [merged["id"]])]
            if ids:
                self.db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?",
                                [kept["id"], merged["id"]])
            moved[f"{table}.{column}"] = ids
        moved["aliases_moved"] = [r[0] for r in self.db.execute(
            "SELECT id FROM aliases WHERE entity_id = ? AND normalised NOT IN"
            " (SELECT normalised FROM aliases WHERE entity_id = ?)", [merged["id"], kept["id"]])]
        self.db.execute(f"UPDATE aliases SET entity_id = ? WHERE id IN "
                        f"({','.join('?' * len(moved['aliases_moved']))})",
                        [kept["id"], *moved["aliases_moved"]])
        moved["aliases_added"] = []
        norm = normalise(merged["name"])
        exists = self.db.execute(
            "SELECT 1 FROM aliases WHERE entity_id = ? AND normalised = ?",
            [kept["id"], norm]).fetchone()
        if norm and norm != kept["norm_name"] and not exists:
            alias = self._insert("aliases", {"entity_id": kept["id"], "alias": merged["name"],
                                             "normalised": norm})
            moved["aliases_added"].append(alias["id"])
        self.db.execute("UPDATE entities SET merged_into = ? WHERE id = ?",
                        [kept["id"], merged["id"]])
        record = self._insert("entity_merges", {
            "kept_entity_id": kept["id"], "merged_entity_id": merged["id"], "at": now_iso(),
            "coder_id": self.coder_id, "moved": json.dumps(moved)})
        return record

    def split_merge(self, merge_id: int) -> Change:
        """Undo one merge, also long after: each moved row goes back to its old entity.

        Rows a coder re-linked to some other entity since the merge stay where
        they are; only rows still on the kept entity (or on whatever the kept
        entity was merged into later) move back.
        """
        with self._changing():
            record = self._require("entity_merges", merge_id)
            if record["undone_at"]:
                raise ValueError(f"merge {merge_id} was already split")
            moved = json.loads(record["moved"])
            kept, merged = record["kept_entity_id"], record["merged_entity_id"]
            holders = self._merge_descendants(kept)
            # Rows and aliases move back from whichever of these holds them now.
            self.entity_changes.touch([merged, *holders])
            marks = ",".join("?" * len(holders))
            for table, column in ENTITY_REFERENCES:
                ids = moved.get(f"{table}.{column}", [])
                for start in range(0, len(ids), 500):
                    chunk = ids[start:start + 500]
                    self.db.execute(
                        f"UPDATE {table} SET {column} = ? WHERE id IN "
                        f"({','.join('?' * len(chunk))}) AND {column} IN ({marks})",
                        [merged, *chunk, *holders])
            for alias_id in moved.get("aliases_added", []):
                self.db.execute("DELETE FROM aliases WHERE id = ?", [alias_id])
            for alias_id in moved.get("aliases_moved", []):
                self.db.execute("UPDATE aliases SET entity_id = ? WHERE id = ?", [merged, alias_id])
            self.db.execute("UPDATE entities SET merged_into = NULL WHERE id = ?", [merged])
            self.db.execute("UPDATE entity_merges SET undone_at = ? WHERE id = ?",
                            [now_iso(), merge_id])
            self._log("entity_merges", merge_id, "split", record, None)
        return Change("entity_merges", "split", merge_id, record, None)

    def _merge_descendants(self, entity_id: int) -> list[int]:
        """The entity and every entity it was merged into, transitively."""
        chain, cursor = [], entity_id
        while cursor is not None and cursor not in chain:
            chain.append(cursor)
            cursor = self._require("entities", cursor)["merged_into"]
        return chain

    def merges(self, *, include_undone: bool = False) -> list[dict[str, Any]]:
        where = "" if include_undone else " WHERE m.undone_at IS NULL"
        return list(self.db.query(
            "SELECT m.id, m.kept_entity_id, k.name AS kept_name, m.merged_entity_id,"
            " g.name AS merged_name, m.at, m.undone_at FROM entity_merges m"
            " JOIN entities k ON k.id = m.kept_entity_id"
            f" JOIN entities g ON g.id = m.merged_entity_id{where} ORDER BY m.id DESC"))

    def undo_merge(self, change: Change) -> None:
        """Split every record a :meth:`merge_entities` call made, newest first."""
        with self._changing():
            for merge_id in reversed(change.after["merge_ids"]):
                self.split_merge(merge_id)

    # -- "these two are different" ------------------------------------------------
    def dismiss_pair(self, a: int, b: int) -> Change:
        """Remember that two entities are different, so they are never proposed again."""
        low, high = sorted((a, b))
        if low == high:
            raise ValueError("an entity cannot differ from itself")
        with self._changing():
            self.db.execute(
                "INSERT OR IGNORE INTO dismissed_pairs(entity_a, entity_b, at, coder_id)"
                " VALUES (?, ?, ?, ?)", [low, high, now_iso(), self.coder_id])
            self._log("dismissed_pairs", None, "insert", None, {"a": low, "b": high})
        return Change("dismissed_pairs", "insert", None, None, {"a": low, "b": high})

    def undismiss_pair(self, a: int, b: int) -> Change:
        low, high = sorted((a, b))
        with self._changing():
            self.db.execute("DELETE FROM dismissed_pairs WHERE entity_a = ? AND entity_b = ?",
                            [low, high])
            self._log("dismissed_pairs", None, "delete", {"a": low, "b": high}, None)
        return Change("dismissed_pairs", "delete", None, {"a": low, "b": high}, None)

    def dismissed_pairs(self) -> set[tuple[int, int]]:
        return {(a, b) for a, b in self.db.execute(
            "SELECT entity_a, entity_b FROM dismissed_pairs")}
