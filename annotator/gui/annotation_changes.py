"""Following one store Change in the open article's annotations, in memory.

After an edit the window used to read the whole article back from the store
and rebuild every highlight and panel row: a second in an article with 5,000
annotations. A Change already holds the rows it touched (``before``,
``after`` and ``related``), so the annotations in memory are updated from it,
and the window repaints and refreshes only the rows named in the
:class:`Touched` it returns. A Change this cannot follow (a merge, a new
alias, another article) returns None, and the window reloads as before.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from annotator.gui.models import ArticleAnnotations
from annotator.model import Attribution, Change, Claim, Entity, Mention

ROW_TYPES = {"mentions": Mention, "claims": Claim, "attributions": Attribution}


def _span_order(row) -> tuple:
    return (row.start, row.end, row.id)


def _id_order(row) -> tuple:
    return (row.id,)


#: The order the store lists an article's rows in (``AnnotationsMixin._rows``).
ORDER: dict[str, Callable[[Any], tuple]] = {
    "mentions": _span_order, "claims": _span_order, "attributions": _id_order}


@dataclass
class Touched:
    """The ids of the rows one Change added, removed or altered in the open article."""

    mentions: set[int] = field(default_factory=set)
    claims: set[int] = field(default_factory=set)
    attributions: set[int] = field(default_factory=set)
    #: Entities renamed or retyped: every row naming them shows the new name.
    entities: set[int] = field(default_factory=set)

    def of(self, table: str) -> set[int]:
        return getattr(self, table)

    def __bool__(self) -> bool:
        return bool(self.mentions or self.claims or self.attributions or self.entities)


def apply_change(data: ArticleAnnotations, change: Change,
                 entity: Callable[[int], Entity], coder_id: int | None) -> Touched | None:
    """Update ``data`` (the article's annotations) as ``change`` changed the store.

    ``entity`` reads an entity by id (for one the article did not name yet);
    ``coder_id`` is whose rows are shown (None: everyone's), so a change to a
    row the view hides stays hidden, as a reload would keep it. Returns what
    was touched, or None when only a full reload can show the change.
    """
    touched = Touched()
    if change.table == "entities" and change.action == "update" and not change.related:
        if change.row_id in data.entities:
            data.entities[change.row_id] = entity(change.row_id)
            touched.entities.add(change.row_id)
        return touched
    if change.table not in ROW_TYPES or change.action not in ("insert", "delete", "update"):
        return None
    rows = [(change.table, change.before, change.after)]
    for table, row in change.related:
        if table in ROW_TYPES:
            rows.append((table, row, None) if change.action == "delete" else (table, None, row))
        elif table != "entities":
            return None
    for table, before, after in rows:
        for row, remove in ((before, True), (after, False)):
            if row is None or (coder_id is not None and row.get("coder_id") != coder_id):
                continue
            if row.get("article_id") != data.article.id:
                return None  # a row of another article: let the window decide
            if remove:
                _remove(data, table, row)
            else:
                _insert(data, table, ROW_TYPES[table](**row))
            touched.of(table).add(row["id"])
    for table, _before, after in rows:  # the entities a row now names must be known
        if after is not None:
            for eid in _entity_ids(table, after):
                if eid not in data.entities:
                    data.entities[eid] = entity(eid)
    if change.action == "delete":
        for table, row in change.related:
            if table == "entities":
                data.entities.pop(row["id"], None)
    return touched


def _entity_ids(table: str, row: dict[str, Any]) -> list[int]:
    names = {"mentions": ("entity_id",), "claims": ("claimant_entity_id", "addressee_entity_id"),
             "attributions": ("source_entity_id",)}[table]
    return [row[n] for n in names if row.get(n) is not None]


def _rows_of(data: ArticleAnnotations, table: str) -> list:
    return getattr(data, table)


def _insert(data: ArticleAnnotations, table: str, obj) -> None:
    insort(_rows_of(data, table), obj, key=ORDER[table])


def _remove(data: ArticleAnnotations, table: str, row: dict[str, Any]) -> None:
    """Drop the row with this id; its stored order finds it without a scan."""
    rows, key = _rows_of(data, table), ORDER[table]
    probe = ROW_TYPES[table](**row)
    i = bisect_left(rows, key(probe), key=key)
    if i < len(rows) and rows[i].id == row["id"]:
        del rows[i]
        return
    for i, obj in enumerate(rows):  # not where its old values say: look for its id
        if obj.id == row["id"]:
            del rows[i]
            return


def affected_rows(data: ArticleAnnotations, touched: Touched) -> dict[str, list]:
    """The rows whose highlights must be painted again, as they are now.

    An attribution's tooltip quotes its claim, and every row that names a
    renamed entity says its new name, so those come along.
    """
    mentions = [m for m in data.mentions if m.id in touched.mentions
                or m.entity_id in touched.entities]
    claims = [c for c in data.claims if c.id in touched.claims
              or c.claimant_entity_id in touched.entities]
    attributions = [a for a in data.attributions if a.id in touched.attributions
                    or a.claim_id in touched.claims or a.source_entity_id in touched.entities]
    return {"mentions": mentions, "claims": claims, "attributions": attributions}


def row_keys(touched: Touched, now: dict[str, list]) -> set[tuple[str, int]]:
    """Every (table, id) whose old highlights go: the touched rows and those repainted."""
    keys = {(t, i) for t in ROW_TYPES for i in touched.of(t)}
    keys |= {(t, r.id) for t, rows in now.items() for r in rows}
    return keys
