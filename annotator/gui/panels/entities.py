"""The Entities panel: the article's mentions grouped by the entity they name.

A top row is one corpus-wide entity (rename it, change its type: that changes
it in every article; picking an existing entity in its name field merges the
two); its children are this article's mentions of it, each of which can be
re-linked to another entity. Both name fields suggest existing entities with
their mention counts as the coder types. The tree keeps plain ids: the
internal id of a child index is its entity's id, 0 for top rows, so a child's
persistent index (selection, expansion) keeps its parent when an edit moves
the entity rows around.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from annotator.codebook import Codebook
from annotator.gui.models import (
    CHOICES_ROLE,
    ENTITY_ROLE,
    ID_ROLE,
    SPANS_ROLE,
    EntityField,
    FreeText,
    Index,
    PanelModel,
    row_id,
    splice_rows,
)
from annotator.gui.panels.base import PanelView
from annotator.gui.panels.cell_editors import code_choices
from annotator.model import Mention

#: Marks what a row of the tree is, for the window's Delete action.
KIND_ROLE = Qt.ItemDataRole.UserRole + 10


def group_id(group: tuple[int, list[Mention]]) -> int:
    return group[0]


class EntitiesModel(PanelModel):
    COLUMNS = ("Entity / mention", "Type", "Mentions")
    TABLES = ("mentions",)

    def __init__(self, codebook: Codebook, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[tuple[int, list[Mention]]] = []
        self._row_of: dict[int, int] = {}  # entity id -> top row
        self.set_codebook(codebook)

    def set_codebook(self, book: Codebook) -> None:
        self.codebook = book
        self.types = code_choices(book.entity_types, none=None)

    # -- shape -----------------------------------------------------------------
    def shape(self, data):
        return [(eid, [m.id for m in ms]) for eid, ms in self._group(data)]

    @staticmethod
    def _group(data) -> list[tuple[int, list[Mention]]]:
        """Mentions by entity, entities by their first mention in the text.

        ``data.mentions`` is in text order (start, end, id) as the store lists
        them and as ``annotation_changes`` keeps them, so no sort is needed.
        """
        groups: dict[int, list[Mention]] = {}
        for m in data.mentions:
            groups.setdefault(m.entity_id, []).append(m)
        return list(groups.items())

    def rebuild(self) -> None:
        self._set_groups(self._group(self.data_) if self.data_ else [])

    def _set_groups(self, groups: list[tuple[int, list[Mention]]]) -> None:
        self.groups = groups
        self._row_of = {eid: r for r, (eid, _) in enumerate(groups)}

    def sync(self, data, touched) -> None:
        """Follow an edit: entity rows and mention rows inserted, removed or repainted."""
        if self.data_ is None:
            return self.load(data)
        self.data_ = data
        old, new = self.groups, self._group(data)
        # Entities present before and after keep their old mentions until their own
        # children are spliced below, so Qt never sees a child count change unannounced.
        kept = {eid: ms for eid, ms in old}
        splice_rows(self, QModelIndex(), old,
                    [(eid, kept.get(eid, ms)) for eid, ms in new], group_id, self._set_groups)
        last = self.columnCount() - 1
        for r, (eid, mentions) in enumerate(new):
            before = self.groups[r][1]
            parent = self.index(r, 0)
            if [m.id for m in before] != [m.id for m in mentions]:
                splice_rows(self, parent, before, mentions, row_id,
                            lambda ms, r=r, eid=eid: self._set_children(r, eid, ms))
                self.dataChanged.emit(parent, self.index(r, last))
            else:
                self._set_children(r, eid, mentions)
            if eid in touched.entities:
                self.dataChanged.emit(parent, self.index(r, last))
                if mentions:
                    self.dataChanged.emit(self.index(0, 0, parent),
                                          self.index(len(mentions) - 1, last, parent))
                continue
            for c, m in enumerate(mentions):
                if m.id in touched.mentions:
                    self.dataChanged.emit(self.index(c, 0, parent), self.index(c, last, parent))
        return None

    def _set_children(self, row: int, eid: int, mentions: list[Mention]) -> None:
        self.groups[row] = (eid, mentions)

    # -- tree plumbing ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.groups[parent.row()][1])
        return 0

    def _group_row(self, index: Index) -> int:
        """The top row of a child index (its internal id is its entity's id)."""
        return self._row_of[index.internalId()]

    def index(self, row: int, column: int,
              parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, self.groups[parent.row()][0])

    def parent(self, child: Index | None = None):  # type: ignore[override]
        if child is None:
            return QObject.parent(self)
        if not child.isValid() or child.internalId() not in self._row_of:
            return QModelIndex()
        return self.createIndex(self._group_row(child), 0, 0)

    def _item(self, index: Index) -> tuple[int, Any]:
        """("entity", entity_id) for a top row, ("mention", Mention) for a child."""
        if index.internalId() == 0:
            return 0, self.groups[index.row()][0]
        return 1, self.groups[self._group_row(index)][1][index.row()]

    # -- data ------------------------------------------------------------------
    def is_editable(self, index: Index) -> bool:
        level, _ = self._item(index)
        return index.column() in (0, 1) if level == 0 else index.column() == 0

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.data_ is None:
            return None
        level, item = self._item(index)
        col = index.column()
        if level == 0:
            return self._entity_data(item, col, role, self.groups[index.row()][1])
        return self._mention_data(item, col, role)

    def _entity_data(self, entity_id: int, col: int, role: int, mentions: list[Mention]) -> Any:
        ent = self.data_.entities.get(entity_id)
        if role == ID_ROLE:
            return entity_id
        if role == KIND_ROLE:
            return "entity"
        if role == SPANS_ROLE:
            return [(m.start, m.end) for m in mentions]
        if ent is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return ent.name
            if col == 1:
                if role == Qt.ItemDataRole.EditRole:
                    return ent.type
                return next((label for label, key, _ in self.types if key == ent.type),
                            ent.type)
            return str(len(mentions)) if role == Qt.ItemDataRole.DisplayRole else None
        if role == ENTITY_ROLE and col == 0:
            return EntityField((entity_id, ent.name), free_text=True)
        if role == CHOICES_ROLE and col == 1:
            return self.types
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return QColor(self.codebook.colour_of(ent.type))
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return self.codebook.description_of("entity_types", ent.type)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return (f"{ent.name} ({ent.type}): double-click to rename everywhere in the corpus,"
                    " or pick an existing entity to merge this one into it")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _mention_data(self, m: Mention, col: int, role: int) -> Any:
        if role == ID_ROLE:
            return m.id
        if role == KIND_ROLE:
            return "mention"
        if role == SPANS_ROLE:
            return [(m.start, m.end)]
        if col != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            coder = self.data_.coder_name(m.coder_id)  # set only while others' work is shown
            return f"“{m.text}” · {coder}" if coder else f"“{m.text}”"
        if role == Qt.ItemDataRole.EditRole:
            return m.entity_id
        if role == ENTITY_ROLE:
            return EntityField((m.entity_id, self.data_.entity_name(m.entity_id)))
        if role == Qt.ItemDataRole.ToolTipRole:
            body = self.data_.article.body
            context = " ".join(body[max(0, m.start - 40):m.end + 40].split())
            lines = [f"…{context}…", self.data_.coded_by(m.coder_id),
                     "Double-click to link this mention to another entity."]
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#495057"))
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or value is None:
            return False
        level, item = self._item(index)
        col = index.column()
        if level == 0:
            ent = self.data_.entities.get(item)
            if ent is None:
                return False
            if col == 0 and isinstance(value, int) and value != item:
                # the coder named an entity that exists: this one is a duplicate of it
                self.edit("entity_merges", item, {"kept": value}, "Merge entity")
                return True
            if col == 0 and isinstance(value, str) and value.strip() \
                    and " ".join(value.split()) != ent.name:
                self.edit("entities", item, {"name": str(value)}, "Rename entity")
                return True
            if col == 1 and not isinstance(value, FreeText) and value != ent.type:
                self.edit("entities", item, {"type": value}, "Change entity type")
                return True
            return False
        if col == 0 and not isinstance(value, FreeText) and value != item.entity_id:
            self.edit("mentions", item.id, {"entity_id": value}, "Re-link mention")
            return True
        return False

    def find(self, row_id: int, kind: str = "mention") -> QModelIndex:
        """The row of a mention (default) or of an entity."""
        for r, (eid, mentions) in enumerate(self.groups):
            if kind == "entity" and eid == row_id:
                return self.index(r, 0)
            for c, m in enumerate(mentions):
                if kind == "mention" and m.id == row_id:
                    return self.index(c, 0, self.index(r, 0))
        return QModelIndex()


class EntitiesPanel(PanelView):
    """The Entities tab."""

    WIDTHS = (230, 130, 70)
    CODES = (1,)
    EMPTY_HINT = "No entities in this article yet.\nSelect a name in the article and press E."

    def __init__(self, model: EntitiesModel, parent=None) -> None:
        super().__init__(model, parent)
        # names elided in the middle as in the other panels' name columns, but by the
        # view: its type labels are kept whole and its counts short, and a delegate of
        # Python painting thousands of rows is what an edit in a big article waits for
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)

    def selected_items(self) -> list[tuple[str, int]]:
        """("entity" or "mention", id) for each selected row."""
        return [(i.data(KIND_ROLE), i.data(ID_ROLE)) for i in self.selected_indexes()]
