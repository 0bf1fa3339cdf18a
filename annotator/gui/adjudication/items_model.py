"""The list of one layer's items: verdict, A's version, B's version, what gold holds.

A thin adapter over the ``Item`` list ``annotator.team.adjudication.compare``
made: it keeps that list and answers Qt's questions about it, nothing more.
The last column is left empty for the per-row Accept buttons the dialog puts
there.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.team.adjudication import AGREE, DIFFER, ONLY_A, ONLY_B, Item, describe

Index = QModelIndex | QPersistentModelIndex

#: One colour per coder, used for the pane headers, the columns and the verdicts.
COLOUR_A = "#1864ab"
COLOUR_B = "#c2410c"
VERDICT_COLOURS = {AGREE: "#2b8a3e", DIFFER: "#a15c00", ONLY_A: COLOUR_A, ONLY_B: COLOUR_B}
VERDICT_BACKGROUNDS = {AGREE: "#ebfbee", DIFFER: "#fff4e0", ONLY_A: "#e7f0fa",
                       ONLY_B: "#fdeee6"}
GOLD_BACKGROUND = "#fff3bf"


class ItemsModel(QAbstractTableModel):
    VERDICT, A, B, GOLD, ACCEPT = range(5)

    def __init__(self, layer: str, parent=None) -> None:
        super().__init__(parent)
        self.layer = layer
        self.items: list[Item] = []
        self.coders = ("A", "B")

    def set_items(self, items: list[Item], coder_a: str, coder_b: str) -> None:
        self.beginResetModel()
        self.items, self.coders = list(items), (coder_a, coder_b)
        self.endResetModel()

    def item(self, row: int) -> Item | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def row_of(self, side: str, row_id: int) -> int | None:
        """The list row holding coder ``side``'s row ``row_id`` (a click on its highlight)."""
        for i, item in enumerate(self.items):
            row = item.row(side)
            if row is not None and row["id"] == row_id:
                return i
        return None

    # -- Qt -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return ("Verdict", f"A: {self.coders[0]}", f"B: {self.coders[1]}", "In gold",
                    "Accept into gold")[section]
        if role == Qt.ItemDataRole.ForegroundRole and section in (self.A, self.B):
            return QColor(COLOUR_A if section == self.A else COLOUR_B)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, col, 70)
        if role == Qt.ItemDataRole.ToolTipRole and col != self.ACCEPT:
            return self._text(item, col, 400) or None
        if col == self.VERDICT:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(VERDICT_COLOURS[item.status])
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(VERDICT_BACKGROUNDS[item.status])
        if col == self.GOLD and item.in_gold:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(GOLD_BACKGROUND)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return None

    def _text(self, item: Item, col: int, limit: int) -> str:
        if col == self.VERDICT:
            return item.verdict()
        if col in (self.A, self.B):
            return describe(self.layer, item.a if col == self.A else item.b, limit)
        if col == self.GOLD:
            return f"✓ {item.in_gold}" if item.in_gold else ""
        return ""
