"""A bar across the top of the window for what the coder must not miss.

A refused edit (full disk, read-only or damaged project, a lock held too
long) is not a passing status-bar message: the coder has to know that what
they just did was not stored. The bar stays until dismissed (its button or
Esc while it has focus) or until the next edit is stored.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

#: A red bar: what went wrong stays in view until dismissed.
STYLE = ("#alert_bar { background: #fdecea; border-bottom: 1px solid #e0a39b; }"
         " #alert_bar QLabel { color: #7a1d12; }")


class AlertBar(QFrame):
    """Signals:
        dismissed(): the coder closed the bar.
    """

    dismissed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("alert_bar")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.until_stored = False
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QPushButton("Dismiss", self)
        self.close_button.setToolTip("Hide this message")
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_alert(self, text: str, *, until_stored: bool = False) -> None:
        """Show ``text``; ``until_stored``: a refused edit, gone once an edit is stored."""
        if not self.styleSheet():  # styled when first shown: hidden, it is not painted
            self.setStyleSheet(STYLE)
        self.label.setText(text)
        self.until_stored = until_stored
        self.show()

    def edit_stored(self) -> None:
        """An edit reached the file: a refusal's message no longer holds."""
        if self.until_stored:
            self.until_stored = False
            self.dismiss()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.dismissed.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)
