"""The Sources panel: who each claim is attributed to, through which cue, nested how.

Rows follow the claims' order and, within a claim, the source chain from the
outermost attribution inwards ("ARA News reported" before "the General
Command said"), indented by depth, so a chain reads the way the article tells it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from annotator.codebook import Codebook, is_outlet_voice
from annotator.gui.models import (
    CHOICES_ROLE,
    ENTITY_ROLE,
    ID_ROLE,
    SPANS_ROLE,
    EntityField,
    FlatPanelModel,
    FreeText,
    Index,
)
from annotator.gui.panels.base import PanelView
from annotator.gui.panels.cell_editors import code_choices
from annotator.model import Attribution
from annotator.spans import attribution_depths, short

FIELDS = ("claim_id", "source_entity_id", None, "kind", "parent_attribution_id")
#: The last column: whose attribution it is, shown only while other coders' work is shown.
CODER_COLUMN = len(FIELDS)


def chain_order(attributions: list[Attribution], claim_order: list[int]) -> list[Attribution]:
    """Attributions grouped by claim, each chain parent-first (depth-first)."""
    children: dict[int | None, list[Attribution]] = {}
    ids = {a.id for a in attributions}
    for a in attributions:
        parent = a.parent_attribution_id if a.parent_attribution_id in ids else None
        children.setdefault(parent, []).append(a)
    out: list[Attribution] = []
    seen: set[int] = set()

    def walk(a: Attribution) -> None:
        if a.id in seen:
            return
        seen.add(a.id)
        out.append(a)
        for child in children.get(a.id, []):
            walk(child)

    rank = {cid: i for i, cid in enumerate(claim_order)}
    for root in sorted(children.get(None, []), key=lambda a: (rank.get(a.claim_id, 1 << 30), a.id)):
        walk(root)
    out.extend(a for a in attributions if a.id not in seen)  # safety: never hide a row
    return out


def source_label(a: Attribution, entity_name) -> str:
    if a.source_entity_id is not None:
        return entity_name(a.source_entity_id)
    if is_outlet_voice(a.kind, a.source_text):
        return "(the outlet itself)"
    return a.source_text or "(anonymous)"


class SourcesModel(FlatPanelModel):
    COLUMNS = ("Claim", "Source", "Cue", "Kind", "Parent", "Coder")
    NAME_COLUMNS = (FIELDS.index("source_entity_id"),)
    TABLES = ("attributions", "claims")

    def __init__(self, codebook: Codebook, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_codebook(codebook)
        self.depth: dict[int, int] = {}
        self._source_of: dict[int, int | None] | None = None  # each row's source entity

    def set_codebook(self, book: Codebook) -> None:
        self.codebook = book
        self.kinds = code_choices(book.attribution_kinds)
        # the column shows the label without its explanation: "Indirect (reported speech)"
        self.short_kinds = {key: label.split(" (")[0] for label, key, _ in self.kinds if key}

    def shape(self, data):
        return [(a.id, a.parent_attribution_id, a.claim_id) for a in data.attributions] + \
            [c.id for c in data.claims]

    def rebuild(self) -> None:
        self._source_of = None
        if self.data_ is None:
            self.rows, self.depth = [], {}
            return
        self.rows = self.ordered_rows()
        self.depth = attribution_depths(self.rows)

    def ordered_rows(self) -> list:
        return chain_order(self.data_.attributions, [c.id for c in self.data_.claims])

    def after_sync(self) -> None:
        self._old_depth, self.depth = self.depth, attribution_depths(self.rows)
        self._source_of = None

    def shows_entity(self, a: Attribution, entity_ids: set[int]) -> bool:
        """Its source, or its parent's source (the Parent column names it)."""
        if self._source_of is None:
            self._source_of = {r.id: r.source_entity_id for r in self.rows}
        return a.source_entity_id in entity_ids or \
            self._source_of.get(a.parent_attribution_id) in entity_ids

    def changed(self, a: Attribution, touched) -> bool:
        """Its own fields, its claim's text, its parent's label or its depth changed."""
        return a.id in touched.attributions or a.claim_id in touched.claims \
            or a.parent_attribution_id in touched.attributions \
            or self._old_depth.get(a.id) != self.depth.get(a.id)

    def is_editable(self, index: Index) -> bool:
        return index.column() < CODER_COLUMN and FIELDS[index.column()] is not None

    def label(self, a: Attribution) -> str:
        """How an attribution is named in pickers and in the Parent column."""
        cue = f" “{short(a.cue_text, 30)}”" if a.cue_text else ""
        return f"#{a.id} {source_label(a, self.data_.entity_name)}{cue}"

    def parent_choices(self, a: Attribution) -> list[tuple[str, Any]]:
        """Other attributions of the article that would not make the chain loop."""
        below = {a.id}
        changed = True
        while changed:
            changed = False
            for other in self.rows:
                if other.parent_attribution_id in below and other.id not in below:
                    below.add(other.id)
                    changed = True
        return [("— (the outlet itself)", None)] + \
            [(self.label(o), o.id) for o in self.rows if o.id not in below]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        a = self.row_item(index)
        if a is None:
            return None
        col = index.column()
        if role == ID_ROLE:
            return a.id
        if role == SPANS_ROLE:
            spans = [(s, e) for s, e in ((a.source_start, a.source_end), (a.cue_start, a.cue_end))
                     if s is not None and e is not None]
            claim = self.data_.claim(a.claim_id)
            return spans or ([(claim.start, claim.end)] if claim else [])
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(a, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            claim = self.data_.claim(a.claim_id)
            lines = [claim.text if claim else "", self.data_.coded_by(a.coder_id)]
            return "\n".join(x for x in lines if x) or None
        if col == CODER_COLUMN:
            return None
        field = FIELDS[col]
        if field is None:
            return None
        if role == Qt.ItemDataRole.EditRole:
            return getattr(a, field)
        if role == Qt.ItemDataRole.ToolTipRole and field == "kind":
            return self.codebook.description_of("attribution_kinds", a.kind)
        if role == ENTITY_ROLE and field == "source_entity_id":
            eid = a.source_entity_id
            current = (eid, self.data_.entity_name(eid)) if eid is not None else None
            return EntityField(current, "— (anonymous), or describe the source",
                               free_text=True, text=a.source_text or "")
        if role == CHOICES_ROLE and field != "source_entity_id":
            if field == "claim_id":
                return [(short(c.text, 60), c.id) for c in self.data_.claims]
            if field == "kind":
                return self.kinds
            return self.parent_choices(a)
        return None

    def _display(self, a: Attribution, col: int) -> str:
        if col == 0:
            claim = self.data_.claim(a.claim_id)
            return short(claim.text, 50) if claim else f"#{a.claim_id}"
        if col == 1:
            return "↳ " * self.depth.get(a.id, 0) + source_label(a, self.data_.entity_name)
        if col == 2:
            return a.cue_text or ""
        if col == 3:
            return self.short_kinds.get(a.kind, a.kind or "")
        if col == CODER_COLUMN:
            return self.data_.coder_name(a.coder_id)
        parent = next((o for o in self.rows if o.id == a.parent_attribution_id), None)
        return self.label(parent) if parent else ""

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        a = self.row_item(index)
        field = FIELDS[index.column()] if a is not None and self.is_editable(index) else None
        if field is None or role != Qt.ItemDataRole.EditRole:
            return False
        if field == "source_entity_id" and isinstance(value, FreeText):
            text = str(value).strip()
            if not text or text == (a.source_text or ""):
                return False
            # An anonymous description replaces the source; its old span no longer fits.
            self.edit("attributions", a.id, {"source_entity_id": None, "source_text": text,
                                             "source_start": None, "source_end": None},
                      "Make source anonymous")
            return True
        if isinstance(value, FreeText) or value == getattr(a, field):
            return False
        text = {"claim_id": "Move source to claim", "source_entity_id": "Set source",
                "kind": "Set source kind", "parent_attribution_id": "Nest source"}[field]
        self.edit("attributions", a.id, {field: value}, text)
        return True


class SourcesPanel(PanelView):
    """The Sources tab."""

    WIDTHS = (110, 140, 85, 100, 90, 70)
    CODES = (3,)
    EMPTY_HINT = ("No sources yet.\nSelect a cue (“said”, “according to”) or a source"
                  " near a claim and press S.")

    def __init__(self, model: SourcesModel, parent=None) -> None:
        super().__init__(model, parent)
        self.view.setRootIsDecorated(False)
