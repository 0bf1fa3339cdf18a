"""One layer's list in the Compare window: a table with Accept A / Accept B on every row.

Keyboard first, as in the main window: arrow to a row, press A or B. The
buttons are index widgets, rebuilt after each refresh (a few dozen rows per
article, so this stays cheap); a version already in gold shows a disabled,
ticked button instead.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QWidget,
)

from annotator.gui.adjudication.items_model import COLOUR_A, COLOUR_B, ItemsModel
from annotator.team.adjudication import Item

KEYS = {Qt.Key.Key_A: "a", Qt.Key.Key_B: "b"}


class ItemsTable(QTableView):
    """The items of one layer.

    Signals:
        accept_requested(str): "a" or "b" for the current row (key or button).
        current_item_changed(object): the ``Item`` now current, or None.
    """

    accept_requested = Signal(str)
    current_item_changed = Signal(object)

    def __init__(self, layer: str, parent=None) -> None:
        super().__init__(parent)
        self.items_model = ItemsModel(layer, self)
        self.setModel(self.items_model)
        self.setObjectName(f"items_{layer}")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(30)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ItemsModel.A, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ItemsModel.B, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ItemsModel.ACCEPT, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(ItemsModel.VERDICT, 260)
        self.setColumnWidth(ItemsModel.GOLD, 80)
        self.setColumnWidth(ItemsModel.ACCEPT, 190)
        self.selectionModel().currentRowChanged.connect(self._on_current_row)

    def show_items(self, items: list[Item], coder_a: str, coder_b: str) -> None:
        """Show a new list, keeping the selected row where it was."""
        row = self.currentIndex().row()
        self.items_model.set_items(items, coder_a, coder_b)
        for i, item in enumerate(items):
            self.setIndexWidget(self.items_model.index(i, ItemsModel.ACCEPT),
                                self._buttons(item))
        if items:
            self.selectRow(max(0, min(row, len(items) - 1)) if row >= 0 else 0)

    def _buttons(self, item: Item) -> QWidget:
        box = QWidget(self)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(4, 1, 4, 1)
        layout.setSpacing(4)
        for side, colour in (("a", COLOUR_A), ("b", COLOUR_B)):
            letter = side.upper()
            done = item.gold_of(side) is not None
            button = QPushButton(f"✓ {letter} in gold" if done else f"Accept {letter}", box)
            button.setObjectName(f"accept_{side}")
            button.setEnabled(item.row(side) is not None and not done)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays on the list
            button.setStyleSheet(f"QPushButton:enabled {{ color: {colour}; }}")
            button.setToolTip(f"Copy {letter}'s version into gold ({letter})")
            button.clicked.connect(lambda _c=False, it=item, s=side: self._accept(it, s))
            layout.addWidget(button)
        return box

    def _accept(self, item: Item, side: str) -> None:
        row = self.items_model.items.index(item)
        self.selectRow(row)
        self.accept_requested.emit(side)

    def current_item(self) -> Item | None:
        index = self.currentIndex()
        return self.items_model.item(index.row()) if index.isValid() else None

    def select(self, side: str, row_id: int) -> None:
        """Make current the row holding coder ``side``'s row ``row_id``."""
        row = self.items_model.row_of(side, row_id)
        if row is not None:
            self.selectRow(row)
            self.scrollTo(self.items_model.index(row, 0))

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_item_changed.emit(self.items_model.item(current.row())
                                       if current.isValid() else None)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        side = KEYS.get(Qt.Key(event.key()))
        if side and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.accept_requested.emit(side)
            return
        super().keyPressEvent(event)
