"""The Claims panel: each claim of the article with claimant, addressee and codes.

Claimant and addressee are picked from the corpus-wide entities (typeahead
with mention counts); category,
position and certainty come from the project's codebook. Edits become undo
commands through the model's ``edit`` callback.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from annotator.codebook import Codebook
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
from annotator.spans import short

FIELDS = (None, "claimant_entity_id", "addressee_entity_id", "category", "position",
          "certainty", "note")
ENTITY_FIELDS = {"claimant_entity_id", "addressee_entity_id"}
FIELD_NAMES = {"claimant_entity_id": "claimant", "addressee_entity_id": "addressee"}
#: The last column: whose claim it is, shown only while other coders' work is shown.
CODER_COLUMN = len(FIELDS)


def position_choices(book: Codebook) -> list[tuple[str, Any]]:
    signs = {-1: "−1", 0: "0", 1: "+1"}
    return [("—", None)] + [(f"{signs.get(k, k)}  {label}", k) for k, label in book.positions]


class ClaimsModel(FlatPanelModel):
    NAME_COLUMNS = tuple(i for i, f in enumerate(FIELDS) if f in ENTITY_FIELDS)
    COLUMNS = ("Claim", "Claimant", "Addressee", "Category", "Position", "Certainty", "Note",
               "Coder")
    TABLES = ("claims",)

    def __init__(self, codebook: Codebook, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_codebook(codebook)

    def set_codebook(self, book: Codebook) -> None:
        self.codebook = book
        self._fixed = {
            "category": code_choices(book.claim_categories),
            "position": position_choices(book),
            "certainty": code_choices(book.codes("certainty")),
        }
        self._sections = {"category": "claim_categories", "certainty": "certainty"}

    def shape(self, data):
        return [c.id for c in data.claims]

    def rebuild(self) -> None:
        self.rows = self.ordered_rows() if self.data_ else []

    def ordered_rows(self) -> list:
        return list(self.data_.claims)

    def changed(self, row, touched) -> bool:
        return row.id in touched.claims

    def shows_entity(self, row, entity_ids: set[int]) -> bool:
        return row.claimant_entity_id in entity_ids or row.addressee_entity_id in entity_ids

    def is_editable(self, index: Index) -> bool:
        return 0 < index.column() < CODER_COLUMN

    def _choices(self, field: str) -> list[tuple[str, Any]]:
        return self._fixed[field]

    def _label(self, field: str, value: Any) -> str:
        if value is None:
            return ""
        if field in ENTITY_FIELDS:
            return self.data_.entity_name(value)
        for label, v, *_ in self._fixed.get(field, ()):
            if v == value:
                return label
        return str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        claim = self.row_item(index)
        if claim is None:
            return None
        field = FIELDS[index.column()] if index.column() < CODER_COLUMN else None
        if role == ID_ROLE:
            return claim.id
        if role == SPANS_ROLE:
            return [(claim.start, claim.end)]
        if index.column() == CODER_COLUMN:
            return self.data_.coder_name(claim.coder_id) \
                if role == Qt.ItemDataRole.DisplayRole else None
        if field is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return short(claim.text, 80)
            if role == Qt.ItemDataRole.ToolTipRole:
                by = self.data_.coded_by(claim.coder_id)
                return f"{claim.text}\n{by}" if by else claim.text
            return None
        value = getattr(claim, field)
        if role == Qt.ItemDataRole.DisplayRole:
            # the sign alone fits the narrow column; its words are the tooltip
            return self._label(field, value).split("  ")[0] if field == "position" \
                else self._label(field, value)
        if role == Qt.ItemDataRole.ToolTipRole and field == "position" and value is not None:
            return self._label(field, value)
        if role == Qt.ItemDataRole.EditRole:
            return value if field != "note" else (value or "")
        if role == Qt.ItemDataRole.ToolTipRole and field in self._sections:
            return self.codebook.description_of(self._sections[field], value)
        if role == ENTITY_ROLE and field in ENTITY_FIELDS:
            current = (value, self.data_.entity_name(value)) if value is not None else None
            return EntityField(current, none_label="— (none)")
        if role == CHOICES_ROLE and field != "note" and field not in ENTITY_FIELDS:
            return self._choices(field)
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        claim = self.row_item(index)
        field = FIELDS[index.column()] if claim is not None and self.is_editable(index) else None
        if field is None or role != Qt.ItemDataRole.EditRole:
            return False
        if isinstance(value, FreeText):
            if field != "note":  # a name that matches no entity: nothing to set
                return False
            value = str(value)
        if field == "note":
            value = (value or "").strip() or None
        if value == getattr(claim, field):
            return False
        name = FIELD_NAMES.get(field, field)
        self.edit("claims", claim.id, {field: value}, f"Set claim {name}")
        return True


class ClaimsPanel(PanelView):
    """The Claims tab."""

    WIDTHS = (210, 160, 110, 120, 64, 76, 90, 70)
    CODES = (3,)
    EMPTY_HINT = "No claims in this article yet.\nSelect what the article reports and press C."

    def __init__(self, model: ClaimsModel, parent=None) -> None:
        super().__init__(model, parent)
        self.view.setRootIsDecorated(False)
        self.view.setWordWrap(False)

    def current_claim_id(self) -> int | None:
        index: QModelIndex = self.view.currentIndex()
        return index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None
