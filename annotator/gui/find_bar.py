"""Find in the article (Ctrl+F): a bar under the body that marks every match.

Enter goes to the next match, Shift+Enter to the previous one, Esc closes the
bar and returns focus to the text, so coding can go on from the match.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QToolButton, QWidget

MAX_MARKED = 2000


class FindBar(QWidget):
    def __init__(self, text: QPlainTextEdit, parent=None) -> None:
        super().__init__(parent)
        self.text = text
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setMinimumWidth(80)
        prev_button = QToolButton(self, text="▲", toolTip="Previous match (Shift+Enter)")
        next_button = QToolButton(self, text="▼", toolTip="Next match (Enter)")
        close_button = QToolButton(self, text="✕", toolTip="Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        for button in (prev_button, next_button, close_button):
            layout.addWidget(button)
        self.edit.textChanged.connect(self.refresh)
        self.edit.textEdited.connect(self._typed_now)  # the coder's keys, not setText
        self.typed = False  # typed since the bar opened: Esc then takes the first match
        self.edit.returnPressed.connect(self.find_next)
        prev_button.clicked.connect(self.find_previous)
        next_button.clicked.connect(self.find_next)
        close_button.clicked.connect(self.close_bar)
        QShortcut(QKeySequence("Shift+Return"), self.edit, self.find_previous,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Escape"), self, self.close_bar,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def open_bar(self) -> None:
        """Show the bar, seeded with the selected text if there is a short one."""
        selected = self.text.textCursor().selectedText()
        if selected and len(selected) < 80 and "\u2029" not in selected:
            self.edit.setText(selected)
        self.typed = False
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self.refresh()

    def _typed_now(self, _text: str) -> None:
        self.typed = True

    def close_bar(self) -> None:
        """Back to the article with the match selected: the one Enter stepped to, or, when
        the coder typed and pressed Esc at once, the first one after the cursor.

        The focus moves to the text *before* the bar hides: hiding the focused
        field first hands the focus to the next widget in the chain, a panel,
        whose current row then selected its own span and dropped the match.
        """
        self.text.setFocus()
        needle = self.edit.text()
        if self.typed and needle and \
                self.text.textCursor().selectedText().lower() != needle.lower():
            self._find(False)  # typed, never stepped with Enter: the first match from here
        self.hide()
        self.text.set_found([])

    def refresh(self) -> None:
        """Mark every match of the current text (after typing or a new article)."""
        needle = self.edit.text()
        if not needle or self.isHidden():
            self.text.set_found([])
            self.count.setText("")
            return
        doc = self.text.document()
        found, cursor = [], QTextCursor(doc)
        while len(found) < MAX_MARKED:
            cursor = doc.find(needle, cursor)
            if cursor.isNull():
                break
            found.append(QTextCursor(cursor))
        self.text.set_found(found)
        self.count.setText(f"{len(found)} match" + ("" if len(found) == 1 else "es"))

    def _find(self, backward: bool) -> None:
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        needle = self.edit.text()
        if not needle:
            return
        if not self.text.find(needle, flags):  # wrap around
            cursor = self.text.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End if backward
                                else QTextCursor.MoveOperation.Start)
            self.text.setTextCursor(cursor)
            self.text.find(needle, flags)

    def find_next(self) -> None:
        self.typed = False  # stepped: Esc keeps this match
        self._find(False)

    def find_previous(self) -> None:
        self._find(True)
