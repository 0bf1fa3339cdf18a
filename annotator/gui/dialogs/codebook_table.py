"""The pieces of the codebook editor: one table of codes per section, and the remap question.

A :class:`CodeTable` shows a section's codes (key, label, colour and letter for
entity types, description, how many annotations use each) and reports each
edited cell as ``edited(key, field, value)``; it never changes the codebook
itself: the editor turns the report into an undoable edit. :class:`RemapDialog`
asks where the annotations of a code being removed go.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from annotator.codebook import SECTION_NOUNS, Code
from annotator.codebook.edit import named
from annotator.spans import counted

#: Columns of each table: (field of Code, header, width); "uses" is the count, read only.
ENTITY_COLUMNS = (("key", "Key", 130), ("label", "Label", 150), ("colour", "Colour", 100),
                  ("letter", "Letter", 55), ("description", "Description (tooltip)", 0),
                  ("uses", "In use", 70))
CODE_COLUMNS = (("key", "Key", 140), ("label", "Label", 280),
                ("description", "Description (tooltip)", 0), ("uses", "In use", 70))
TIPS = {"key": "What the data files hold; renaming it recodes every annotation that uses it",
        "label": "What coders read in the popups and panels",
        "colour": "Highlight colour in the article, like #f4a261",
        "letter": "The key that picks this type in the E popup (Tab, then the letter)",
        "description": "The coding rule, shown as a tooltip while coding",
        "uses": "Rows coded with it: entities for a type, claims or attributions otherwise"}


#: the letter the E popup takes from a type's label when the type has none of its own
AUTO_LETTER_ROLE = Qt.ItemDataRole.UserRole + 1


class AutoLetterDelegate(QStyledItemDelegate):
    """Shows a type's automatic letter greyed in its empty Letter cell.

    The cell's own text stays empty, so typing that same letter is a change the
    editor saves (the letter is then the type's own and no longer moves when
    another type is added or removed); a cell that held the letter as its text
    took the same letter typed as no change at all.
    """

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        auto = index.data(AUTO_LETTER_ROLE)
        if not option.text and auto:
            option.text = auto
            option.palette.setColor(QPalette.ColorRole.Text, QColor("#888"))


def swatch(colour: str | None) -> QPixmap | None:
    if not colour or not QColor(colour).isValid():
        return None
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return pixmap


class CodeTable(QTableWidget):
    """One section's codes; ``edited(key, field, value)`` after the coder changes a cell.

    Signals:
        edited(str, str, str): the code's key, the field (key, label, ...), the new text.
    """

    edited = Signal(str, str, str)

    def __init__(self, section: str, parent=None) -> None:
        self.section = section
        self.columns = ENTITY_COLUMNS if section == "entity_types" else CODE_COLUMNS
        super().__init__(0, len(self.columns), parent)
        self.setObjectName(f"codes_{section}")
        self.setHorizontalHeaderLabels([header for _, header, _ in self.columns])
        header = self.horizontalHeader()
        for col, (field, _, width) in enumerate(self.columns):
            self.horizontalHeaderItem(col).setToolTip(TIPS[field])
            if width:
                header.resizeSection(col, width)
            else:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            if field == "letter":
                self.setItemDelegateForColumn(col, AutoLetterDelegate(self))
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.keys: list[str] = []
        self.itemChanged.connect(self._on_item_changed)

    def fill(self, codes: tuple[Code, ...], usage: dict[tuple[str, str], int],
             letters: list[str] | None = None) -> None:
        """Show ``codes``; the current row stays on the same key when it still exists, and
        moves to a code that has just appeared (added, or brought back by an undo: the
        coder sees what came back, not the row that slid into its place)."""
        current, before = self.current_key(), set(self.keys)
        self.blockSignals(True)
        self.setRowCount(len(codes))
        self.keys = [c.key for c in codes]
        for row, code in enumerate(codes):
            for col, (field, _, _) in enumerate(self.columns):
                self.setItem(row, col, self._item(code, field, usage, letters, row))
        self.blockSignals(False)
        appeared = [k for k in self.keys if k not in before]
        if before and len(appeared) == 1:
            current = appeared[0]
        if current in self.keys:
            self.selectRow(self.keys.index(current))

    def _item(self, code: Code, field: str, usage, letters, row: int) -> QTableWidgetItem:
        if field == "uses":
            item = QTableWidgetItem(f"{usage.get((self.section, code.key), 0):,}")
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return item
        value = getattr(code, field) or ""
        item = QTableWidgetItem(value)
        if field == "letter" and not value and letters and letters[row]:
            # the letter the E popup takes from the label, shown greyed (AutoLetterDelegate)
            item.setData(AUTO_LETTER_ROLE, letters[row])
            item.setToolTip(f"No letter of its own: {letters[row].upper()} comes from the "
                            "label and may change as types come and go. Type a letter (this "
                            "one too) to fix it.")
        elif field == "colour" and (pixmap := swatch(value)) is not None:
            item.setData(Qt.ItemDataRole.DecorationRole, pixmap)
        elif field == "description" and value:
            item.setToolTip(value)
        return item

    def current_key(self) -> str | None:
        row = self.currentRow()
        return self.keys[row] if 0 <= row < len(self.keys) else None

    def select_key(self, key: str) -> None:
        if key in self.keys:
            self.setCurrentCell(self.keys.index(key), 0)

    def cell_of(self, key: str, field: str) -> QTableWidgetItem:
        """The item showing ``field`` of the code ``key`` (for tests and editing at once)."""
        col = [f for f, _, _ in self.columns].index(field)
        return self.item(self.keys.index(key), col)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.row() < len(self.keys):
            field = self.columns[item.column()][0]
            self.edited.emit(self.keys[item.row()], field, item.text())


class RemapDialog(QDialog):
    """Asks where the annotations of a code being removed go; ``destination()`` after OK.

    An entity type's entities must get another type; any other code may be
    cleared ("no code"). Cancel removes nothing.
    """

    NONE = "(no code: leave them uncoded)"

    def __init__(self, section: str, key: str, uses: int, others: list[Code],
                 parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Remove {named(section, key)}")
        noun = "entity" if section == "entity_types" else (
            "claim" if section in ("claim_categories", "certainty") else "attribution")
        text = QLabel(f"{counted(uses, noun)} {'is' if uses == 1 else 'are'} coded {key}. "
                      f"Before {SECTION_NOUNS[section]} {key} goes, say what "
                      f"{'it gets' if uses == 1 else 'they get'} instead:", self)
        text.setWordWrap(True)
        self.combo = QComboBox(self)
        for code in others:
            self.combo.addItem(f"{code.label} ({code.key})", code.key)
        if section != "entity_types":
            self.combo.addItem(self.NONE, None)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Remove and recode")
        # nothing chosen for the coder: the first code in the list was taken by an Enter
        self.combo.setPlaceholderText("Choose what it gets…" if uses == 1 else
                                      "Choose what they get…")
        self.combo.setCurrentIndex(-1)
        ok.setEnabled(False)
        self.combo.currentIndexChanged.connect(lambda i: ok.setEnabled(i >= 0))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.combo)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def destination(self) -> str | None:
        return self.combo.currentData()
