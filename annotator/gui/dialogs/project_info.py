"""File ▸ Project information…: one table of facts about the project file.

Imported when first opened (annotator/gui/project_file.py).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from annotator.gui.project_file import size_text


class ProjectInfoDialog(QDialog):
    """One table of facts about the project file; Close (or Esc) returns to the article."""

    def __init__(self, info: dict, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Project information")
        counts = info["counts"]
        rows = [("File", info["path"] or "in memory (not saved)"),
                ("Size on disk", size_text(info["size"])),
                ("Schema version", str(info["schema_version"])),
                ("Codebook", f"{info['codebook']}"
                 + (f", version {info['codebook_version']}" if info["codebook_version"] else "")),
                *((name.capitalize(), f"{n:,}") for name, n in counts.items())]
        if info["read_only"]:
            rows.append(("Access", "read-only: the window does not write to this file"))
        html = "<table cellspacing='0' cellpadding='3'>" + "".join(
            f"<tr><td style='color:#555'>{escape(k)}</td><td><b>{escape(v)}</b></td></tr>"
            for k, v in rows) + "</table>"
        self.table = QLabel(html, self)
        self.table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.table.text()
