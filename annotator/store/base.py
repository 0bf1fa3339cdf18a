"""The store's foundation: one connection, one coder, one transaction per change.

Every public method that changes data goes through :meth:`StoreBase._changing`,
which opens one transaction, writes the ``edit_log`` row(s) and commits before
returning, so killing the program never leaves a half-written edit.

The transaction starts with ``BEGIN IMMEDIATE``: it takes the file's write
lock first and waits (up to the busy timeout) while another connection holds
it. A deferred transaction that reads and then writes cannot wait: in WAL
mode its upgrade fails at once with "database is locked" when another writer
committed meanwhile. So the window, its worker threads, the CLI and a second
window all queue for the lock instead of failing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.codebook import (
    Codebook,
    CodebookDiffers,
    CodebookError,
    load_codebook,
    parse_codebook,
)
from annotator.codebook.parsed_form import codebook_from_json, codebook_json
from annotator.model import Change
from annotator.spans import singular
from annotator.sqlite_db import Database
from annotator.store.entity_changes import EntityChanges
from annotator.store.errors import StoreError, damaged, is_fault, store_error
from annotator.store.name_grams import FOLD_AFTER, fold_name_grams
from annotator.store.name_index import recount_entity_names, refresh_entity_names
from annotator.store.opening import open_database

#: Columns a caller may change through the generic update path, per table.
EDITABLE = {
    "entities": {"name", "type", "note"},
    "mentions": {"entity_id", "start", "end", "text"},
    "claims": {
        "start", "end", "text", "claimant_entity_id", "addressee_entity_id",
        "category", "position", "certainty", "note",
    },
    "attributions": {
        "claim_id", "source_entity_id", "source_text", "source_start", "source_end",
        "cue_text", "cue_start", "cue_end", "kind", "parent_attribution_id",
    },
}

RESTORABLE = {"entities", "aliases", "mentions", "claims", "attributions", "rejected_suggestions",
              "rejected_cues"}

#: Columns a row keeps from its creation, as far as anyone else is concerned (this coder's
#: own later steps change some of them, but undo takes those back first). Ids of deleted
#: rows come again (SQLite gives the next row the highest id + 1), so a row an undo step
#: finds under its id with other values here is another coder's, made since: never touched.
IDENTITY = {
    "entities": ("norm_name", "type"),
    "mentions": ("article_id", "coder_id", "start", "end"),
    "claims": ("article_id", "coder_id", "start", "end"),
    "attributions": ("article_id", "coder_id", "claim_id"),
}

#: Annotations record the codebook version they were coded under (migration m009).
VERSIONED = {"mentions", "claims", "attributions"}

#: Changes to these tables invalidate caches built over the entity list.
ENTITY_TABLES = {"entities", "aliases", "entity_merges"}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class StoreBase:
    """Connection, coder identity, codebook and the transaction/logging helpers."""

    #: Name rows counted from memory beside the file's trigram postings before a write
    #: folds them in (``store.name_grams``; None: ``FOLD_AFTER``).
    typeahead_max_delta: int | None = None
    #: Whether the open write transaction rewrote rows of the name index.
    _names_rewritten = False

    def __init__(self, path: str | Path | None = None, *, coder: str | None = None,
                 codebook: str | Path | Codebook | None = None, check: bool = False) -> None:
        self.path = None if path is None or str(path) == ":memory:" else Path(path)
        # a parsed Codebook (New project… copying another project's), else a file;
        # a bad codebook file creates no project. An existing project keeps its own, so
        # opening one reads no codebook file (nor imports a TOML parser: parsed_form)
        book = codebook if isinstance(codebook, Codebook) else None
        if book is None and (codebook is not None or self.path is None
                             or not self.path.exists()):
            book = load_codebook(codebook)

        def fill_new(db: Database) -> None:
            nonlocal book
            book = book or load_codebook(None)  # an existing but empty file
            for key, value in (("codebook", book.source_text), ("created_at", now_iso()),
                               ("codebook_json", codebook_json(book)),
                               ("codebook_version", str(book.version))):
                db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key)"
                           " DO UPDATE SET value = excluded.value", [key, value])

        opened = open_database(path, fill_new)
        self.db: Database = opened.db
        self.backup_path = opened.backup
        #: A read-only file or medium: everything reads, every change fails.
        self.read_only = opened.read_only
        if check:
            self.check_quickly()
        self.coder_id: int | None = None
        self.coder_name: str | None = None
        #: Bumped on every change to entities or aliases made through this Store.
        self.entity_generation = 0
        #: Which entities those changes touched, until the name index in the file has
        #: them (same transaction). Nothing else keeps a copy of the names to follow
        #: them: the typeahead reads everything from the file (``store.typeahead``).
        self.unindexed = EntityChanges()
        self.entity_changes = self.unindexed
        if coder:
            self.set_coder(coder)
        if not opened.created and codebook is not None:
            try:
                self._keep_own_codebook(book, codebook)
            except BaseException:
                self.db.close()
                raise

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def check_quickly(self) -> None:
        """Raise a StoreError naming the file if SQLite finds it damaged.

        ``PRAGMA quick_check`` reads every page (about a second per GB here),
        so a damaged page an ordinary command would never touch is still
        found before anything is written next to it. The CLI checks every
        project it opens; the window checks in the background.
        """
        try:
            problems = [r[0] for r in self.db.execute("PRAGMA quick_check(5)").fetchall()]
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        if problems != ["ok"]:
            self.db.close()
            raise StoreError(damaged(self.path, "; ".join(problems)))

    def outside_version(self) -> int:
        """A number that changes whenever *another* connection commits to the file.

        SQLite's ``data_version`` ignores this connection's own commits, so the
        window can notice a second window, a worker or the CLI writing, and
        re-read what it shows.
        """
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    # -- meta and codebook ---------------------------------------------------
    def _set_meta(self, key: str, value: str) -> None:
        with self._changing():
            self.db.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def codebook(self) -> Codebook:
        """The project's codebook, with the version the project has reached."""
        text = self.meta("codebook")
        if not text:
            raise CodebookError(f"{self.path}: project carries no codebook")
        book = (codebook_from_json(self.meta("codebook_json"), text)
                or parse_codebook(text, f"{self.path}:codebook"))
        return replace(book, version=self.codebook_version())

    def codebook_version(self) -> int:
        """Rises with every change of the codebook (``store/codebook.py``); 1 at the start."""
        return int(self.meta("codebook_version") or 1)

    def _keep_own_codebook(self, book: Codebook, given: str | Path | Codebook) -> None:
        """A codebook given for an existing project: the same scheme opens it, another
        is refused (:class:`CodebookDiffers`): it sets up new projects only, and
        replacing a codebook in use goes through ``change_codebook`` with its recodes."""
        from annotator.codebook.edit import same_scheme  # only when a codebook is given
        current = self.codebook()
        if same_scheme(book, current):
            return
        what = book.name if isinstance(given, Codebook) else str(given)
        raise CodebookDiffers(
            f"{self.path} already has a codebook ({current.name}, version "
            f"{self.codebook_version()}) and {what} differs from it: a codebook file only "
            "sets up a new project, it never replaces a project's codebook on the way")

    def schema_version(self) -> int:
        return self.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]

    # -- coders ----------------------------------------------------------------
    def ensure_coder(self, name: str) -> int | None:
        """The coder's id, added if new; None for a new name in a read-only project."""
        name = name.strip()
        if not name:
            raise ValueError("a coder needs a name")
        row = self.db.execute("SELECT id FROM coders WHERE name = ?", [name]).fetchone()
        if row:
            return row[0]
        if self.read_only:
            return None
        with self._changing():
            # Asked again under the write lock: another program opening the
            # project as the same new coder may have added the name meanwhile.
            row = self.db.execute("SELECT id FROM coders WHERE name = ?", [name]).fetchone()
            if row:
                return row[0]
            cur = self.db.execute("INSERT INTO coders(name) VALUES (?)", [name])
            self._log("coders", cur.lastrowid, "insert", None, {"name": name})
            return cur.lastrowid

    def set_coder(self, name: str) -> int | None:
        self.coder_id = self.ensure_coder(name)
        self.coder_name = name.strip()
        return self.coder_id

    def coders(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT id, name FROM coders ORDER BY name"))

    # -- transactions and the edit log ------------------------------------------
    @contextmanager
    def _changing(self) -> Iterator[None]:
        """One write transaction around a change; nested uses join the outer one.

        A failure of the file or the machine (full disk, read-only file, a lock
        held past the timeout, damage) rolls the whole change back and comes
        out as a :class:`StoreError` naming the file.
        """
        conn = self.db.conn
        if conn.in_transaction:  # a savepoint inside the outer transaction
            conn.execute("SAVEPOINT nested_change")
            try:
                yield
            except BaseException:
                if conn.in_transaction:  # unless the failure ended the whole transaction
                    conn.execute("ROLLBACK TO nested_change")
                    conn.execute("RELEASE nested_change")
                raise
            conn.execute("RELEASE nested_change")
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise store_error(self.path, exc) from exc
        try:
            yield
            self.index_entity_names()
            if self._names_rewritten:
                limit = self.typeahead_max_delta
                fold_name_grams(conn, FOLD_AFTER if limit is None else limit)
            conn.commit()
        except BaseException as exc:
            if conn.in_transaction:
                conn.rollback()
            self.unindexed.clear()
            if is_fault(exc):
                raise store_error(self.path, exc) from exc
            raise
        finally:
            self._names_rewritten = False

    def index_entity_names(self) -> None:
        """Bring the name index (``store.name_index``) up to the entities changed so far.

        Called before each write transaction commits, and by the typeahead
        inside an open one (a rollback then takes the index rows back too).
        """
        pending = self.unindexed
        if not pending:
            return
        self._names_rewritten = True
        if pending.unknown:
            refresh_entity_names(self.db.conn, None)
        else:
            if pending.changed:
                refresh_entity_names(self.db.conn, pending.changed)
            if pending.recounted - pending.changed:
                recount_entity_names(self.db.conn, pending.recounted - pending.changed)
        pending.clear()

    def _log(self, table: str, row_id: int | None, action: str,
             before: dict | None, after: dict | None) -> None:
        if table in ENTITY_TABLES:
            self.entity_generation += 1
        self.entity_changes.note_log(table, row_id, before, after)
        self.db.execute(
            "INSERT INTO edit_log(at, coder_id, table_name, row_id, action, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [now_iso(), self.coder_id, table, row_id, action,
             None if before is None else json.dumps(before, ensure_ascii=False),
             None if after is None else json.dumps(after, ensure_ascii=False)],
        )

    def edit_log(self, limit: int = 100) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM edit_log ORDER BY id DESC LIMIT ?", [limit]))

    # -- generic row helpers -------------------------------------------------------
    def _row(self, table: str, row_id: int) -> dict[str, Any] | None:
        cur = self.db.execute(f"SELECT * FROM {quote(table)} WHERE id = ?", [row_id])
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row))

    def _require(self, table: str, row_id: int) -> dict[str, Any]:
        row = self._row(table, row_id)
        if row is None:
            raise KeyError(f"no {singular(table)} with id {row_id}")
        return row

    def _insert(self, table: str, values: dict[str, Any]) -> dict[str, Any]:
        if table in VERSIONED and values.get("codebook_version") is None:
            # the scheme this annotation is coded under; a restored row keeps its own
            values = {**values, "codebook_version": self.codebook_version()}
        cols = ", ".join(quote(c) for c in values)
        marks = ", ".join("?" for _ in values)
        cur = self.db.execute(
            f"INSERT INTO {quote(table)} ({cols}) VALUES ({marks})", list(values.values())
        )
        row = self._require(table, cur.lastrowid)
        self._log(table, row["id"], "insert", None, row)
        return row

    def _update(self, table: str, row_id: int, fields: dict[str, Any],
                expect: dict[str, Any] | None = None) -> Change:
        """Change some columns of one row; the caller holds the transaction.

        ``expect``: the values the row must still hold (an undo step's "as I left
        it"); a row changed since by anyone else is refused, not overwritten.
        """
        allowed = EDITABLE[table]
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"cannot edit {', '.join(sorted(bad))} of {table}")
        before = self._require(table, row_id)
        if expect and any(before.get(k) != v for k, v in expect.items()):
            raise ValueError(f"the {singular(table)} was changed since, by another coder or "
                             "program; it was left as they made it")
        if fields:
            sets = ", ".join(f"{quote(c)} = ?" for c in fields)
            self.db.execute(
                f"UPDATE {quote(table)} SET {sets} WHERE id = ?", [*fields.values(), row_id]
            )
        after = self._require(table, row_id)
        self._log(table, row_id, "update", before, after)
        return Change(table, "update", row_id, before, after, before.get("article_id"))

    def update(self, table: str, row_id: int, *, expect: dict[str, Any] | None = None,
               **fields: Any) -> Change:
        """Edit columns of an entity, mention, claim or attribution in one transaction
        (``expect``: see :meth:`_update`)."""
        with self._changing():
            return self._update(table, row_id, fields, expect)

    def restore(self, change: Change) -> Change:
        """Put back a deleted row and what was deleted with it, with the same ids.

        Used to undo a delete and to redo an insert, so ids held by undo
        commands and panels stay valid.
        """
        row = change.before if change.action == "delete" else change.after
        if change.table not in RESTORABLE or row is None:
            raise ValueError(f"cannot restore a {change.action} of {change.table}")
        with self._changing():
            # Related rows may reference each other in any order (attribution
            # chains, a new entity); check the foreign keys once, at commit.
            self.db.execute("PRAGMA defer_foreign_keys = ON")
            for table, related in [*change.related, (change.table, row)]:
                if self._row(table, related["id"]) is not None:
                    raise ValueError(
                        f"its {singular(table)} cannot come back: another coder or program "
                        "has stored one in its place since; nothing was changed")
            for table, related in change.related:
                self._insert(table, related)
            self._insert(change.table, row)
        return Change(change.table, "insert", row["id"], None, row, row.get("article_id"),
                      change.related)

    def _same_row(self, table: str, made: dict[str, Any]) -> dict[str, Any]:
        """The row stored under ``made``'s id, if it is still the one that was made
        (:data:`IDENTITY`); else a refusal, so an undo never removes another's row."""
        row = self._require(table, made["id"])
        if any(row.get(c) != made.get(c) for c in IDENTITY.get(table, ()) if c in made):
            raise ValueError(f"the {singular(table)} it made is gone; another coder or program "
                             "has stored one in its place since, which was left alone")
        return row

    def _delete_rows(self, rows: list[tuple[str, dict[str, Any]]]) -> None:
        """Delete rows (dependants first) and log each; the caller holds the transaction."""
        for table, row in rows:
            self.db.execute(f"DELETE FROM {quote(table)} WHERE id = ?", [row["id"]])
            self._log(table, row["id"], "delete", row, None)

    def undo_insert(self, change: Change) -> Change:
        """Remove a row an insert (or restore) made, and what was created with it."""
        with self._changing():
            row = self._same_row(change.table, change.after)
            for table, related in change.related:
                self._same_row(table, related)
            self._delete_rows([(change.table, row), *reversed(change.related)])
        return Change(change.table, "delete", change.row_id, row, None, row.get("article_id"),
                      change.related)
