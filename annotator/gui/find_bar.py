"""Find in the article (Ctrl+F): a bar under the body that marks every match.

Typing selects the first match after where the find began (the current match,
as in a browser), so Enter goes to the next one and Shift+Enter to the previous
one, both wrapping; Esc closes the bar and returns focus to the text with the
current match selected, so coding can go on from it (Ctrl+F, a name, Esc, E).
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
        self.origin = QTextCursor(text.document())  # where the find began: restored when
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
        cursor = self.text.textCursor()
        self.origin = QTextCursor(cursor)  # nothing typed matches: the cursor goes back here
        selected = cursor.selectedText()
        if selected and len(selected) < 80 and "\u2029" not in selected:
            self.edit.setText(selected)
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self.refresh()

    def _typed_now(self, needle: str) -> None:
        """Select the first match at or after where the find began (or the match Enter
        last stepped to), as the letters come.

        Searching from there, not from the match the last letter selected, keeps "s",
        "sa", "said" on one match; a text that matches nothing puts the cursor back as
        it was, so Esc then moves nothing. Only the coder's keys (``textEdited``)
        select: a new article refreshes the marks alone.
        """
        start = QTextCursor(self.origin)
        start.setPosition(self.origin.selectionStart())
        self.text.setTextCursor(start)
        if not needle or not self._find(False):
            self.text.setTextCursor(QTextCursor(self.origin))

    def close_bar(self) -> None:
        """Back to the article with the current match selected.

        The focus moves to the text *before* the bar hides: hiding the focused
        field first hands the focus to the next widget in the chain, a panel,
        whose current row then selected its own span and dropped the match.
        """
        self.text.setFocus()
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

    def _find(self, backward: bool) -> bool:
        """Select the next (or previous) match after the selection, wrapping at the end
        of the article; False, the cursor left alone, if there is none."""
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        needle = self.edit.text()
        if not needle:
            return False
        if self.text.find(needle, flags):
            return True
        edge = QTextCursor(self.text.document())  # wrap: from the other end of the article
        edge.movePosition(QTextCursor.MoveOperation.End if backward
                          else QTextCursor.MoveOperation.Start)
        wrapped = self.text.document().find(needle, edge, flags)
        if wrapped.isNull():
            return False
        self.text.setTextCursor(wrapped)
        return True

    def find_next(self) -> None:
        self._step(False)

    def find_previous(self) -> None:
        self._step(True)

    def _step(self, backward: bool) -> None:
        """Enter or Shift+Enter: the match stepped to is where more letters search from."""
        if self._find(backward):
            self.origin = self.text.textCursor()
