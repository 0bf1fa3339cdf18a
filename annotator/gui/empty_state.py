"""What a project without articles shows: a friendly way in, not a blank pane."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """Shown instead of the article when the project has none yet."""

    def __init__(self, on_import, on_import_folder, parent=None) -> None:
        super().__init__(parent)
        text = QLabel("<h2>No articles yet</h2><p>Import scraped articles (text, HTML, "
                      "JSON lines, CSV: files or whole folders) to start coding.</p>", self)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        self.button = QPushButton("Import files…", self)
        self.button.clicked.connect(on_import)
        self.folder_button = QPushButton("Import a folder…", self)
        self.folder_button.clicked.connect(on_import_folder)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(text)
        layout.addLayout(buttons)
        layout.addStretch(2)
