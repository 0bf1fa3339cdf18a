"""File ▸ New project… and the start screen's New project…: file, codebook, coder.

The three questions a research assistant answers before anyone codes. The
codebook line says at once what the chosen scheme holds, or why it cannot be
used (a TOML mistake names the file and line), so a bad codebook is seen before
Create, not after. Checks and creation are ``annotator.project_setup``'s; this
dialog only asks and shows its answers.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook import CodebookError
from annotator.gui.file_dialogs import NEW_PROJECT_FOLDER, open_file_names, save_file_name
from annotator.gui.label_look import ERROR_RED, coloured, grey
from annotator.gui.recent import LAST_CODER_KEY
from annotator.project_setup import (
    DEFAULT,
    PROJECT,
    TOML_FILE,
    CodebookChoice,
    create_project,
    example_codebooks,
    problem_with_path,
    project_path,
)
from annotator.spans import counted
from annotator.store import ProjectError

#: QSettings: the folder the last new project went into, and the last coder's name typed.
FOLDER_KEY = NEW_PROJECT_FOLDER
PROJECT_FILTER = "Annotator projects (*.db *.annotator *.sqlite *.sqlite3);;All files (*)"


def default_folder(settings: QSettings, beside: str | Path | None = None) -> Path:
    """Where a new project goes: the folder of the last one made, else the folder of the
    project open in the window asking (``beside``), else Documents, else home."""
    remembered = settings.value(FOLDER_KEY)
    if remembered and Path(str(remembered)).is_dir():
        return Path(str(remembered))
    if beside is not None and Path(beside).resolve().parent.is_dir():
        return Path(beside).resolve().parent
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def free_name(folder: Path, stem: str = "project", suffix: str = ".db") -> Path:
    """``project.db``, else ``project-2.db``, … : a suggestion that is not taken."""
    candidate, n = folder / f"{stem}{suffix}", 2
    while candidate.exists():
        candidate, n = folder / f"{stem}-{n}{suffix}", n + 1
    return candidate


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container), no login name
        return ""


class NewProjectDialog(QDialog):
    """Asks where, which codebook and who; ``created`` is the new file after Create."""

    def __init__(self, settings: QSettings, parent=None, *,
                 beside: str | Path | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.created: Path | None = None
        self.setWindowTitle("New project")
        self.setMinimumWidth(620)

        self.file = QLineEdit(str(free_name(default_folder(settings, beside))), self)
        self.file.setToolTip("The project file: one SQLite file holding the articles, the "
                             "codebook and every annotation")
        choose_file = QPushButton("Choose…", self)
        choose_file.clicked.connect(self._choose_file)

        self.codebook = QComboBox(self)
        self.codebook.addItem("The default codebook (news about armed conflict)",
                              CodebookChoice(DEFAULT))
        for name, path in example_codebooks():
            self.codebook.addItem(name, CodebookChoice("example", str(path)))
        self.codebook.addItem("A codebook file (TOML)…", CodebookChoice(TOML_FILE))
        self.codebook.addItem("A copy of another project's codebook…", CodebookChoice(PROJECT))
        self.codebook_file = QLineEdit(self)
        self.codebook_file.setPlaceholderText("the TOML file or project to take it from")
        self.choose_codebook = QPushButton("Choose…", self)
        self.choose_codebook.clicked.connect(self._choose_codebook_file)
        self.codebook_summary = QLabel(self)
        self.codebook_summary.setWordWrap(True)

        self.coder = QLineEdit(str(settings.value(LAST_CODER_KEY) or _user_name()), self)
        self.coder.setPlaceholderText("e.g. ana")
        self.coder.setToolTip("Your name as a coder: recorded with every annotation you make")

        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        coloured(self.problem, ERROR_RED)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.create_button = buttons.addButton("Create", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setDefault(True)
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Project &file:", _row(self, self.file, choose_file))
        form.addRow("&Codebook:", self.codebook)
        form.addRow("", _row(self, self.codebook_file, self.choose_codebook))
        form.addRow("", self.codebook_summary)
        form.addRow("Your &name:", self.coder)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>A new, empty project</b>: import articles into it next.",
                                self))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

        # a problem with the file said before goes once the name is changed
        self.file.textEdited.connect(lambda _text: self.problem.clear())
        self.codebook.currentIndexChanged.connect(self._codebook_changed)
        self.codebook_file.editingFinished.connect(self._describe_codebook)
        self._codebook_changed()

    # -- the codebook ---------------------------------------------------------------------
    def choice(self) -> CodebookChoice:
        choice: CodebookChoice = self.codebook.currentData()
        if choice.kind in (TOML_FILE, PROJECT):
            return CodebookChoice(choice.kind, self.codebook_file.text().strip() or None)
        return choice

    def select_codebook(self, kind: str, path: str | None = None) -> None:
        """Pick a codebook source (and its file), as the coder would in the form."""
        for i in range(self.codebook.count()):
            data = self.codebook.itemData(i)
            if data.kind == kind and (kind in (TOML_FILE, PROJECT) or path in (None, data.path)):
                self.codebook.setCurrentIndex(i)
                break
        if path is not None and kind in (TOML_FILE, PROJECT):
            self.codebook_file.setText(str(path))
        self._describe_codebook()

    def _codebook_changed(self) -> None:
        needs_file = self.codebook.currentData().kind in (TOML_FILE, PROJECT)
        self.codebook_file.setEnabled(needs_file)
        self.choose_codebook.setEnabled(needs_file)
        if not needs_file:
            self.codebook_file.clear()
        self._describe_codebook()

    def _describe_codebook(self) -> None:
        """What the chosen codebook holds, or why it cannot be used."""
        choice = self.choice()
        if choice.kind in (TOML_FILE, PROJECT) and not choice.path:
            self.codebook_summary.setText("Choose the file to take the codebook from.")
            grey(self.codebook_summary)
            return
        try:
            book = choice.load()
        except (CodebookError, ProjectError) as exc:
            self.codebook_summary.setText(str(exc))
            coloured(self.codebook_summary, ERROR_RED)
            return
        self.codebook_summary.setText(
            f"{book.name}: {counted(len(book.entity_types), 'entity type')}, "
            f"{counted(len(book.claim_categories), 'claim category')}, "
            f"{counted(len(book.attribution_kinds), 'attribution kind')}.")
        coloured(self.codebook_summary, "#2d6a4f")

    def _choose_codebook_file(self) -> None:
        kind = self.codebook.currentData().kind
        caption = "A codebook (TOML)" if kind == TOML_FILE else "The project to copy it from"
        chosen = open_file_names(self, caption, str(default_folder(self.settings)))
        if chosen:
            self.codebook_file.setText(chosen[0])
            self._describe_codebook()

    # -- the file -------------------------------------------------------------------------
    def _choose_file(self) -> None:
        chosen = save_file_name(self, "New project", self.file.text(), PROJECT_FILTER,
                                confirm_overwrite=False)
        if chosen:
            self.file.setText(str(project_path(chosen)))
            problem = problem_with_path(project_path(chosen))
            self.problem.setText(problem or "")

    # -- Create ---------------------------------------------------------------------------
    def create(self) -> None:
        """Build the project; on a problem, say it here and stay open."""
        if not self.file.text().strip():
            self.problem.setText("Type a file name for the project.")
            return
        path = project_path(self.file.text())
        try:
            self.created = create_project(path, self.choice(), self.coder.text())
        except (ProjectError, CodebookError) as exc:
            self.problem.setText(str(exc))
            return
        self.settings.setValue(FOLDER_KEY, str(path.parent))
        self.settings.setValue(LAST_CODER_KEY, self.coder.text().strip())
        self.accept()

    def coder_name(self) -> str:
        return self.coder.text().strip()


def _row(parent, *widgets) -> QWidget:
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for n, widget in enumerate(widgets):
        row.addWidget(widget, 1 if n == 0 else 0)
    return box


def new_project(settings: QSettings, parent=None):
    """Ask, create, open the new project's window (its empty state offers Import…).

    Returns the window, or None when the coder cancelled.
    """
    from annotator.gui.app import open_project_window
    store = getattr(parent, "store", None)  # from a project's window: beside that project
    dialog = NewProjectDialog(settings, parent, beside=getattr(store, "path", None))
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.created is None:
        return None
    return open_project_window(dialog.created, settings, parent, coder=dialog.coder_name())
