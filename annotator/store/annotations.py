"""Mentions, claims and source attributions: the spans a coder marks in an article.

Each span stores its text as well as its offsets, and the offsets are checked
against the immutable article body, so an export can always be verified.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any, TypeVar

from annotator.model import (
    Attribution,
    Change,
    Claim,
    Fragments,
    Mention,
    fragments_json,
    from_stored_rows,
)
from annotator.store.base import StoreBase

T = TypeVar("T")

MENTION_COLUMNS = 'id, article_id, entity_id, start, "end", text, coder_id'


class AnnotationsMixin(StoreBase):
    # -- helpers ---------------------------------------------------------------
    def _span_text(self, article_id: int, start: int, end: int) -> str:
        body = self.db.execute("SELECT body FROM articles WHERE id = ?", [article_id]).fetchone()
        if body is None:
            raise KeyError(f"no article with id {article_id}")
        if not 0 <= start < end <= len(body[0]):
            raise ValueError(f"span [{start}, {end}) is outside the article ({len(body[0])} chars)")
        return body[0][start:end]

    def _records(self, cls: type[T], table: str, article_id: int,
                 coder_id: int | None = None, where: str = "", params: tuple = ()) -> list[T]:
        """An article's rows of ``table`` as ``cls``; one coder's only when ``coder_id`` is given.

        The filter lets a coder see only their own work in a project that holds
        several coders' (after a merge or a brat import), so reliability coding
        stays blind; None keeps every coder's rows, as before. The columns are
        named after the dataclass's fields and the values built from them by
        position (``from_stored_rows``): opening an article with 5,000 annotations
        built a dict per row, then each value through its constructor, which took
        twice as long as the query itself.
        """
        mine = " AND coder_id = ?" if coder_id is not None else ""
        mine += f" AND ({where})" if where else ""
        order = 'start, "end", id' if table != "attributions" else "id"
        args = [article_id] + ([coder_id] if coder_id is not None else []) + list(params)
        columns = ", ".join(f'"{f.name}"' for f in fields(cls))
        cursor = self.db.execute(
            f"SELECT {columns} FROM {table} WHERE article_id = ?{mine} ORDER BY {order}", args)
        return from_stored_rows(cls, cursor)

    def annotation_counts(self, article_id: int,
                          coder_id: int | None = None) -> tuple[int, int, int]:
        """How many mentions, claims and attributions an article has (of one coder when
        ``coder_id`` is given): counted on the article's index, nothing read."""
        mine = " AND coder_id = ?" if coder_id is not None else ""
        args = [article_id] + ([coder_id] if coder_id is not None else [])
        return tuple(self.db.execute(f"SELECT count(*) FROM {table} WHERE article_id = ?{mine}",
                                     args).fetchone()[0]
                     for table in ("mentions", "claims", "attributions"))

    def spans_before(self, article_id: int, offset: int, coder_id: int | None = None
                     ) -> tuple[list[Mention], list[Claim], list[Attribution]]:
        """The article's mentions, claims and attributions that begin before ``offset``
        (an attribution by its source or its cue), ordered as :meth:`mentions` and the
        others order them: all that is painted at the top of a long article."""
        return (self._records(Mention, "mentions", article_id, coder_id, "start < ?", (offset,)),
                self._records(Claim, "claims", article_id, coder_id, "start < ?", (offset,)),
                self._records(Attribution, "attributions", article_id, coder_id,
                              "source_start < ? OR cue_start < ?", (offset, offset)))

    def claims_by_id(self, article_id: int, claim_ids: list[int]) -> list[Claim]:
        """Some of an article's claims, by id (the claims that attributions quote)."""
        return self._records(Claim, "claims", article_id, None,
                             "id IN (SELECT value FROM json_each(?))", (json.dumps(claim_ids),))

    def _delete_with(self, table: str, row_id: int,
                     dependants: list[tuple[str, dict[str, Any]]]) -> Change:
        with self._changing():
            row = self._require(table, row_id)
            self._delete_rows([*dependants, (table, row)])
        return Change(table, "delete", row_id, row, None, row["article_id"], tuple(dependants))

    # -- mentions ---------------------------------------------------------------
    def add_mention(self, article_id: int, start: int, end: int, *,
                    entity_id: int | None = None, name: str | None = None,
                    entity_type: str | None = None,
                    fragments: Fragments | None = None, suggested: bool = False) -> Change:
        """Mark a span as naming an entity, given by id or by name and type.

        A name resolves to an existing entity of that type (by normalised name or
        alias) or creates one; a created entity is listed in ``related`` so that
        undoing the mention removes it too. ``fragments`` are the pieces of a
        discontinuous span from ``start`` to ``end`` (brat's ``3 8;12 20``);
        ``suggested`` records that the coder accepted it from a suggestion.
        """
        with self._changing():
            text = self._span_text(article_id, start, end)
            pieces = fragments_json(fragments, start, end)
            related: tuple[tuple[str, dict[str, Any]], ...] = ()
            if entity_id is None:
                if not entity_type:
                    raise ValueError("a new mention needs an entity id or a type")
                entity_id, created = self.resolve_entity(name or text, entity_type)
                if created:
                    related = (("entities", self._require("entities", entity_id)),)
            else:
                self._require("entities", entity_id)
            row = self._insert("mentions", {
                "article_id": article_id, "entity_id": entity_id, "start": start, "end": end,
                "text": text, "coder_id": self.coder_id, "fragments": pieces,
                "suggested": int(bool(suggested))})
        return Change("mentions", "insert", row["id"], None, row, article_id, related)

    def mentions(self, article_id: int, coder_id: int | None = None) -> list[Mention]:
        """The article's mentions, of one coder when ``coder_id`` is given (None: all)."""
        return self._records(Mention, "mentions", article_id, coder_id)

    def relink_mention(self, mention_id: int, entity_id: int) -> Change:
        self._require("entities", entity_id)
        return self.update("mentions", mention_id, entity_id=entity_id)

    def delete_mention(self, mention_id: int) -> Change:
        return self._delete_with("mentions", mention_id, [])

    # -- claims ------------------------------------------------------------------
    def add_claim(self, article_id: int, start: int, end: int, **fields: Any) -> Change:
        """Mark a span as a claim; ``fields`` may set claimant, category, position ...

        and ``fragments``, the pieces of a discontinuous span, as for a mention.
        """
        bad = set(fields) - {"claimant_entity_id", "addressee_entity_id", "category",
                             "position", "certainty", "note", "fragments"}
        if bad:
            raise ValueError(f"unknown claim field(s): {', '.join(sorted(bad))}")
        with self._changing():
            text = self._span_text(article_id, start, end)
            if "fragments" in fields:
                fields["fragments"] = fragments_json(fields["fragments"], start, end)
            row = self._insert("claims", {"article_id": article_id, "start": start, "end": end,
                                          "text": text, **fields, "coder_id": self.coder_id})
        return Change("claims", "insert", row["id"], None, row, article_id)

    def claims(self, article_id: int, coder_id: int | None = None) -> list[Claim]:
        """The article's claims, of one coder when ``coder_id`` is given (None: all)."""
        return self._records(Claim, "claims", article_id, coder_id)

    def delete_claim(self, claim_id: int) -> Change:
        """Delete a claim with its attributions (kept in ``related`` for undo)."""
        deps = [("attributions", r) for r in self.db.query(
            "SELECT * FROM attributions WHERE claim_id = ? ORDER BY id DESC", [claim_id])]
        return self._delete_with("claims", claim_id, deps)

    # -- attributions -----------------------------------------------------------
    def add_attribution(self, claim_id: int, *, kind: str | None = None,
                        source_entity_id: int | None = None,
                        source_span: tuple[int, int] | None = None,
                        cue_span: tuple[int, int] | None = None,
                        source_text: str | None = None,
                        parent_attribution_id: int | None = None,
                        source_fragments: Fragments | None = None,
                        cue_fragments: Fragments | None = None) -> Change:
        """Attribute a claim to a source (an entity, or an anonymous description) via a cue.

        ``source_text`` without a span describes an anonymous source
        ("a military official"); ``parent_attribution_id`` nests this attribution
        inside another one of the same article (ARA News reported that ...).
        """
        with self._changing():
            claim = self._require("claims", claim_id)
            article_id = claim["article_id"]
            values: dict[str, Any] = {"article_id": article_id, "claim_id": claim_id,
                                      "kind": kind, "source_entity_id": source_entity_id,
                                      "source_text": source_text,
                                      "parent_attribution_id": parent_attribution_id,
                                      "coder_id": self.coder_id}
            if source_span:
                values.update(source_start=source_span[0], source_end=source_span[1],
                              source_text=self._span_text(article_id, *source_span),
                              source_fragments=fragments_json(source_fragments, *source_span))
            if cue_span:
                values.update(cue_start=cue_span[0], cue_end=cue_span[1],
                              cue_text=self._span_text(article_id, *cue_span),
                              cue_fragments=fragments_json(cue_fragments, *cue_span))
            if parent_attribution_id is not None:
                parent = self._require("attributions", parent_attribution_id)
                if parent["article_id"] != article_id:
                    raise ValueError("a parent attribution must belong to the same article")
            row = self._insert("attributions", values)
        return Change("attributions", "insert", row["id"], None, row, article_id)

    def attributions(self, article_id: int, coder_id: int | None = None) -> list[Attribution]:
        """The article's attributions, of one coder when ``coder_id`` is given (None: all)."""
        return self._records(Attribution, "attributions", article_id, coder_id)

    def set_attribution_parent(self, attribution_id: int, parent_id: int | None,
                               expect: dict[str, Any] | None = None) -> Change:
        """Nest an attribution in another, refusing a chain that would loop."""
        seen = {attribution_id}
        cursor = parent_id
        while cursor is not None:
            if cursor in seen:
                raise ValueError("that parent would make the source chain loop")
            seen.add(cursor)
            cursor = self._require("attributions", cursor)["parent_attribution_id"]
        return self.update("attributions", attribution_id, expect=expect,
                           parent_attribution_id=parent_id)

    def delete_attribution(self, attribution_id: int) -> Change:
        """Delete an attribution and the ones nested inside it (kept for undo)."""
        deps = list(self.db.query(
            "WITH RECURSIVE sub(id) AS (SELECT id FROM attributions WHERE parent_attribution_id = ?"
            " UNION SELECT a.id FROM attributions a JOIN sub ON a.parent_attribution_id = sub.id)"
            " SELECT * FROM attributions WHERE id IN (SELECT id FROM sub) ORDER BY id DESC",
            [attribution_id]))
        return self._delete_with("attributions", attribution_id,
                                 [("attributions", r) for r in deps])
