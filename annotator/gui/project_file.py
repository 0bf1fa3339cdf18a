"""File ▸ Save a copy… and File ▸ Project information…, for the person who keeps the file.

A copy is made in a worker on a Store of its own, through SQLite's backup API,
so the window goes on coding while it runs and the copy is consistent anyway.
Project information says where the file is, how big, which schema and
codebook it has and how much it holds: what a research assistant is asked
before archiving a project or mailing it to a colleague.

Both dialogs are imported when first opened (the window's start-up does not
wait for their Qt classes).
"""

from __future__ import annotations

from pathlib import Path


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
        from annotator.gui.file_dialogs import save_file_name
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
        from annotator.gui.dialogs.project_info import ProjectInfoDialog
        self.project_info_dialog = ProjectInfoDialog(self.store.project_info(), self)
        self.project_info_dialog.show()
