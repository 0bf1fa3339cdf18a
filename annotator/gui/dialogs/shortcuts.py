"""F1: every shortcut on one sheet, read from the window's own actions.

Built from the live QActions, so the sheet can never disagree with the keys
that actually work; then the keys a widget handles itself (a panel's cells,
the find bar, the E popup), each tested on the coder's path in tests/gui.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

#: Keys handled inside one widget, not by a window action: (where, what, keys).
WIDGET_KEYS = (
    ("In a panel", "Move between cells", "←, →, ↑, ↓"),
    ("In a panel", "Edit the cell", "F2, Enter"),
    ("In a panel", "Change a list cell's value", "↑, ↓ (in the open cell)"),
    ("In a panel", "Delete the row", "Del"),
    ("In a panel", "Leave the cell as it was", "Esc"),
    ("Find bar", "Next / previous match", "Enter, Shift+Enter"),
    ("Find bar", "Close it, the match selected", "Esc"),
    ("E popup", "Choose an entity", "↑, ↓"),
    ("E popup", "Pick the type", "Ctrl+1 … Ctrl+9; Tab, then its digit or letter"),
    ("Popups", "Accept / cancel", "Enter / Esc"),
)


def shortcut_rows(groups: list[tuple[str, list[QAction]]]) -> list[tuple[str, str, str]]:
    """(group, action, keys) for every action that has a shortcut, then :data:`WIDGET_KEYS`."""
    rows = []
    for group, actions in groups:
        for action in actions:
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                             for k in action.shortcuts())
            if keys:
                rows.append((group, action.text().replace("&", ""), keys))
    return rows + list(WIDGET_KEYS)


class ShortcutSheet(QDialog):
    def __init__(self, groups: list[tuple[str, list[QAction]]], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(groups)
        table = QTableWidget(len(rows), 3, self)
        table.setHorizontalHeaderLabels(["", "Action", "Keys"])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        self.resize(560, 640)
