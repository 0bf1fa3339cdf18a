"""View ▸ Suggestions from a spaCy model…: the window's suggested cues read by a model.

The cue suggestions come from the built-in rules (``assist.attributions``). A
coder who has installed a spaCy model names it here (or picks its folder); the
choice belongs to the machine, not to a project (a model is installed on one
computer), so it is kept in the application's settings and every window uses
it. The model is loaded when first needed, after an article has painted, and
once per process; a model that no longer loads (uninstalled, moved) is said
once in the status bar and the rules serve in its place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from annotator.gui.file_dialogs import existing_directory

if TYPE_CHECKING:
    from annotator.assist.attribution_proposal import AttributionProposal
    from annotator.gui.main_window import MainWindow

SETTING = "assist/spacy_model"

_loaded: dict[str, object] = {}  # model name -> its pipeline, one per process


def _pipeline(name: str):
    """The pipeline of ``name``, loaded once per process (``PipelineError`` if it cannot)."""
    if name not in _loaded:
        from annotator.assist.parsed import load_pipeline
        _loaded[name] = load_pipeline(name)
    return _loaded[name]


class AttributionReader:
    """Finds an article's attributions for the window: the rules, or the rules reading the
    spaCy model named in the settings."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self._failed: set[str] = set()  # models said not to load, not said again

    @property
    def model(self) -> str:
        return str(self.w.settings.value(SETTING, "") or "")

    def __call__(self, text: str) -> list[AttributionProposal]:
        from annotator.assist.attributions import propose_attributions
        name = self.model
        if not name or name in self._failed:
            return propose_attributions(text)
        from annotator.assist.parsed import PipelineError, propose_with_pipeline
        try:
            nlp = _pipeline(name)
        except PipelineError as exc:
            self._failed.add(name)
            self.w.show_message(f"{exc}. The suggestions use the built-in rules.")
            return propose_attributions(text)
        return propose_with_pipeline(text, nlp)


class SpacyModelDialog(QDialog):
    """A model's name or folder; OK loads it (and says why not) before keeping it."""

    def __init__(self, parent, current: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggestions from a spaCy model")
        self.chosen: str | None = None
        self.description = ""
        explain = QLabel(
            "The suggested cues come from the built-in rules. With a spaCy model installed"
            " (for example: python -m spacy download en_core_web_sm), its sentences and"
            " its parse choose each cue's source and content.\n\n"
            "Name an installed model, or choose a model folder. Leave it empty for the"
            " built-in rules alone.")
        explain.setWordWrap(True)
        self.name = QLineEdit(current)
        self.name.setPlaceholderText("en_core_web_sm")
        self.name.setClearButtonEnabled(True)
        folder = QPushButton("&Folder…")
        folder.setAutoDefault(False)
        folder.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _choose_folder(self) -> None:
        folder = existing_directory(self, "The spaCy model's folder")
        if folder:
            self.name.setText(folder)

    def _try(self) -> None:
        name = self.name.text().strip()
        if name:
            from annotator.assist.parsed import PipelineError, describe
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.description = describe(_pipeline(name))
            except PipelineError as exc:
                QApplication.restoreOverrideCursor()
                QMessageBox.warning(self, "spaCy model", str(exc))
                self.name.setFocus()
                return
            QApplication.restoreOverrideCursor()
        self.chosen = name
        self.accept()


def choose_spacy_model(window: MainWindow) -> None:
    """View ▸ Suggestions from a spaCy model…: ask, load, keep, and show its cues."""
    reader = window.suggestions.reader
    dialog = SpacyModelDialog(window, reader.model)
    accepted = dialog.exec() and dialog.chosen is not None
    window.focus_article()
    if not accepted:
        return
    window.settings.setValue(SETTING, dialog.chosen)
    reader._failed.discard(dialog.chosen)
    window.suggestions.forget_rules()
    window.show_message(f"Suggested cues read by {dialog.description}." if dialog.chosen
                        else "Suggested cues come from the built-in rules.")
