"""File ▸ Save a copy… and File ▸ Project information…, for the person who keeps the file.

A copy is made in a worker on a Store of its own, through SQLite's backup API,
so the window goes on coding while it runs and the copy is consistent anyway.
Project information says where the file is, how big, which schema and
codebook it has and how much it holds: what a research assistant is asked
before archiving a project or mailing it to a colleague.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from annotator.gui.file_dialogs import save_file_name


def copy_job(destination: str):
    def job(store, progress, cancel):
        return store.save_copy(destination, progress=lambda done, total: progress(
            done, total, f"page {done:,} of {total:,}"))
    return job


def summarise_copy(path) -> tuple[str, list[str]]:
    return f"Saved a copy of the project as {path}.", []


def size_text(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{size:,.1f} GB"


class ProjectFileMixin:
    """Save a copy… and Project information… (needs ``store`` and ``run_task``)."""

    def save_copy(self) -> None:
        from annotator.gui.dialogs.import_export import TaskDialog
        if self.store.path is None:
            self.show_message("An in-memory project has no file to copy.")
            return
        project = Path(self.store.path)
        suggested = project.with_name(f"{project.stem}-copy{project.suffix}")
        target = save_file_name(self, "Save a copy of the project", str(suggested),
                                "Annotator projects (*.db);;All files (*)")
        if not target:
            return
        if Path(target).resolve() == project.resolve():
            self.show_message("That is this project itself: choose another name for the copy.")
            return
        self.run_task(TaskDialog("Save a copy", self.store.path, self.store.coder_name,
                                 copy_job(target), summarise_copy, self))

    def show_project_info(self) -> None:
        self.project_info_dialog = ProjectInfoDialog(self.store.project_info(), self)
        self.project_info_dialog.show()


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
