"""Who is coding: asked once per project, then remembered in QSettings.

Reliability statistics compare coders, so every mention, claim and status
carries the coder; a team member picks their own name from the list the
project already knows, or types a new one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout


class CoderDialog(QDialog):
    def __init__(self, project: str, known: list[str], current: str | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is coding?")
        label = QLabel(f"Your name as a coder of\n{project}\n\nEvery annotation records who "
                       "coded it, so that coders can be compared; Cancel leaves the project "
                       "closed.", self)
        label.setWordWrap(True)
        # wide enough for the title bar's "Who is coding?" and a project's path
        self.setMinimumWidth(max(440, label.fontMetrics().horizontalAdvance(project) + 40))
        self.name = QComboBox(self)
        self.name.setEditable(True)
        self.name.addItems(known)
        self.name.setEditText(current or (known[0] if len(known) == 1 else ""))
        self.name.lineEdit().setPlaceholderText("e.g. ana")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name.editTextChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        self.ok.setEnabled(bool(self.name.currentText().strip()))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.name)
        layout.addWidget(buttons)

    def coder(self) -> str:
        return self.name.currentText().strip()


def ask_coder(project: str, known: list[str], current: str | None = None,
              parent=None) -> str | None:
    """The coder's name, or None if they cancelled."""
    dialog = CoderDialog(project, known, current, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.coder():
        return dialog.coder()
    return None
