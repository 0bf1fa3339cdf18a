"""Another coder's project file, opened strictly read-only for a merge.

A merge must never change the files it reads from: they are someone's work.
So a source is checked without writing (``inspect_project``), never migrated,
and read through a ``mode=ro`` connection; a file that is not a project, is
damaged, or has another schema version is refused with a message naming it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.migrations import known_migration_names
from annotator.store.errors import ProjectError, StoreError, damaged
from annotator.store.opening import inspect_project

#: Follows ``merged_into`` to the live entity: (id, root) for every entity.
LIVE_ENTITIES = (
    "WITH RECURSIVE live(id, root) AS ("
    " SELECT id, id FROM entities WHERE merged_into IS NULL"
    " UNION ALL SELECT e.id, live.root FROM entities e JOIN live ON e.merged_into = live.id)"
)


class ReadOnlyProject:
    """Rows of a project file that is only read: coders, articles, entities, annotations."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise ProjectError(f"{self.path}: no such project file")
        is_new, applied = inspect_project(self.path)
        if is_new:
            raise ProjectError(f"{self.path}: an empty file, not an Annotator project")
        if applied != known_migration_names():
            raise ProjectError(
                f"{self.path}: an older project schema; open it once with this version of "
                "Annotator (which upgrades it, keeping a backup), then merge")
        uri = f"file:{self.path.resolve().as_posix()}?mode=ro"
        try:
            self.conn = sqlite3.connect(uri, uri=True)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(damaged(self.path, str(exc))) from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ReadOnlyProject:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        try:
            return [dict(r) for r in self.conn.execute(sql, params or [])]
        except sqlite3.DatabaseError as exc:
            raise StoreError(damaged(self.path, str(exc))) from exc

    # -- whole tables (small) ---------------------------------------------------------
    def coders(self) -> dict[int, str]:
        return {r["id"]: r["name"] for r in self._query("SELECT id, name FROM coders")}

    def entities(self) -> dict[int, dict[str, Any]]:
        """Every entity with its live root (after merges) and its aliases' normalised forms."""
        rows = {r["id"]: r for r in self._query(
            f"{LIVE_ENTITIES} SELECT e.id, e.name, e.norm_name, e.type, e.note, l.root"
            " FROM entities e LEFT JOIN live l ON l.id = e.id")}
        for row in rows.values():
            row["aliases"] = []
            if row["root"] is None:  # a broken merge chain: treat the entity as live
                row["root"] = row["id"]
        for a in self._query("SELECT entity_id, alias, normalised FROM aliases ORDER BY id"):
            if a["entity_id"] in rows:
                rows[a["entity_id"]]["aliases"].append((a["alias"], a["normalised"]))
        return rows

    def statuses(self) -> list[dict[str, Any]]:
        return self._query("SELECT * FROM article_status")

    def assignments(self) -> list[dict[str, Any]]:
        return self._query("SELECT article_id, coder_id FROM assignments")

    def dismissed_pairs(self) -> list[tuple[int, int]]:
        return [(r["entity_a"], r["entity_b"])
                for r in self._query("SELECT entity_a, entity_b FROM dismissed_pairs")]

    def codebook_text(self) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = 'codebook'")
        return rows[0]["value"] if rows else None

    def code_count(self, table: str, column: str, key: str) -> int:
        """How many rows of ``table`` carry the code ``key`` in ``column``."""
        return self._query(f'SELECT count(*) AS n FROM {table} WHERE "{column}" = ?',
                           [key])[0]["n"]

    # -- streamed or per article -----------------------------------------------------
    def articles(self) -> Iterator[dict[str, Any]]:
        """Every article, bodies included, streamed so a large source keeps memory flat."""
        try:
            cur = self.conn.execute("SELECT * FROM articles ORDER BY id")
            while batch := cur.fetchmany(200):
                yield from (dict(r) for r in batch)
        except sqlite3.DatabaseError as exc:
            raise StoreError(damaged(self.path, str(exc))) from exc

    def annotated_article_ids(self) -> list[int]:
        return [r["article_id"] for r in self._query(
            "SELECT article_id FROM mentions UNION SELECT article_id FROM claims"
            " UNION SELECT article_id FROM attributions ORDER BY 1")]

    def annotations(self, article_id: int) -> dict[str, list[dict[str, Any]]]:
        """The mentions, claims and attributions of one article, all coders."""
        return {table: self._query(f"SELECT * FROM {table} WHERE article_id = ? ORDER BY id",
                                   [article_id])
                for table in ("mentions", "claims", "attributions")}
