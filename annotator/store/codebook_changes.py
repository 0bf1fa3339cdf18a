"""Changing a project's codebook, with the annotations that use its codes, in one transaction.

Renaming a key rewrites every entity, claim and attribution coded with it;
removing a code moves its annotations to another code (or to none) only when
told to: a change that would leave annotations with a code the codebook no
longer has is refused, naming the codes and how often they are used. Each
change raises the codebook version (``meta.codebook_version``), which new
annotations record (``StoreBase._insert``), and writes the edit log: one row per
recoded annotation and one for the codebook. The returned Change holds the ids
that moved, so :meth:`CodebookMixin.revert_codebook_change` puts exactly those back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from annotator.codebook import Codebook, CodebookError, parse_codebook
from annotator.codebook.parsed_form import codebook_json
from annotator.codebook.toml_file import codebook_toml
from annotator.model import Change
from annotator.spans import counted
from annotator.store.base import StoreBase, quote

if TYPE_CHECKING:
    from annotator.codebook.edit import CodebookEdit

#: Where each codebook section's codes are stored: (table, column).
CODED = {"entity_types": ("entities", "type"), "claim_categories": ("claims", "category"),
         "attribution_kinds": ("attributions", "kind"), "certainty": ("claims", "certainty")}
#: What the rows of each table are called in messages.
ROW_NOUNS = {"entities": "entity", "claims": "claim", "attributions": "attribution"}


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


class CodebookMixin(StoreBase):
    def code_usage(self) -> dict[tuple[str, str], int]:
        """How many rows carry each code: ``{(section, key): n}`` (entities counted whole)."""
        usage: dict[tuple[str, str], int] = {}
        for section, (table, column) in CODED.items():
            for value, n in self.db.execute(
                    f"SELECT {quote(column)}, count(*) FROM {quote(table)}"
                    f" WHERE {quote(column)} IS NOT NULL GROUP BY 1"):
                usage[(section, value)] = n
        return usage

    def usage_text(self, section: str, key: str, n: int) -> str:
        from annotator.codebook.edit import named  # the editor's module, not at start-up
        return f"{named(section, key)} ({counted(n, ROW_NOUNS[CODED[section][0]])})"

    def change_codebook(self, edit: CodebookEdit) -> Change | None:
        """Apply one edit of the codebook and recode its annotations; None if nothing changed."""
        from annotator.codebook.edit import named, same_scheme
        with self._changing():
            current = self.codebook()
            book = edit.book
            recode = {(r.section, r.old): r.new for r in edit.recode}
            for r in edit.recode:
                if r.new is not None and book.code(r.section, r.new) is None:
                    raise CodebookError(f"cannot move {named(r.section, r.old)} to {r.new}: "
                                        "the codebook has no such code")
                if r.new is None and r.section == "entity_types" and \
                        self._ids_coded(r.section, r.old):
                    raise CodebookError(f"the entities of type {r.old} need another type")
            if same_scheme(book, current) and not any(
                    self._ids_coded(r.section, r.old) for r in edit.recode):
                return None  # a recode of a code nothing uses moves nothing either
            orphans = [self.usage_text(s, k, n) for (s, k), n in self.code_usage().items()
                       if book.code(s, k) is None and (s, k) not in recode]
            if orphans:
                raise CodebookError(
                    "these codes are in use and the new codebook lacks them: "
                    + ", ".join(orphans) + "; say which code their annotations get instead")
            moved = [self._recode(r.section, r.old, r.new) for r in edit.recode]
            return self._write_codebook(current, book, moved, edit.text)

    def revert_codebook_change(self, change: Change) -> Change:
        """Undo a change: the recoded rows get their old codes back, the old scheme returns.

        The version rises again (it never goes back): annotations made under
        the undone scheme keep saying so.
        """
        with self._changing():
            current = self.codebook()
            moved = []
            for m in reversed(change.after["moved"]):
                table, column = CODED[m["section"]]
                for chunk in _chunks(m["ids"]):
                    marks = ",".join("?" * len(chunk))
                    self.db.execute(f"UPDATE {quote(table)} SET {quote(column)} = ?"
                                    f" WHERE id IN ({marks})", [m["old"], *chunk])
                for row_id in m["ids"]:
                    self._log(table, row_id, "recode", {column: m["new"]}, {column: m["old"]})
                moved.append({**m, "old": m["new"], "new": m["old"]})
            old = parse_codebook(change.before["codebook"], "the codebook before the change")
            return self._write_codebook(current, old, moved, f"Undo: {change.after['text']}")

    # -- helpers ----------------------------------------------------------------------------
    def _ids_coded(self, section: str, key: str) -> list[int]:
        table, column = CODED[section]
        return [r[0] for r in self.db.execute(
            f"SELECT id FROM {quote(table)} WHERE {quote(column)} = ? ORDER BY id", [key])]

    def _recode(self, section: str, old: str, new: str | None) -> dict[str, Any]:
        """Give every row coded ``old`` the code ``new``; log each; return what moved."""
        table, column = CODED[section]
        ids = self._ids_coded(section, old)
        if ids:
            self.db.execute(f"UPDATE {quote(table)} SET {quote(column)} = ?"
                            f" WHERE {quote(column)} = ?", [new, old])
        for row_id in ids:
            self._log(table, row_id, "recode", {column: old}, {column: new})
        return {"section": section, "old": old, "new": new, "ids": ids}

    def _write_codebook(self, current: Codebook, book: Codebook, moved: list[dict[str, Any]],
                        text: str) -> Change:
        version = current.version + 1
        source = codebook_toml(replace(book, version=version))
        before = {"codebook": current.source_text, "version": current.version}
        after = {"codebook": source, "version": version, "moved": moved, "text": text}
        stored = parse_codebook(source, "the edited codebook")  # what a reader of the TOML gets
        for key, value in (("codebook", source), ("codebook_json", codebook_json(stored)),
                           ("codebook_version", str(version))):
            self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key)"
                            " DO UPDATE SET value = excluded.value", [key, value])
        self._log("meta", None, "change_codebook", before,
                  {**after, "moved": [{**m, "ids": len(m["ids"])} for m in moved]})
        return Change("codebook", "update", None, before, after)
