"""Import and export from the window: file pickers, then a TaskDialog over a worker.

A mixin of MainWindow, kept apart so the window module stays about layout and
navigation. The work itself runs in :mod:`annotator.gui.workers` on a Store of
its own; the window only refreshes its list when the task ends. The file
pickers and dialogs are imported when first used, not at the window's start-up.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_export_folder(project: Path) -> Path:
    """``<project>-export`` beside the project, or in the home folder when the project's is
    read-only. Named after the project: an export replaces the previous set in its folder,
    so two projects in one folder must not share one."""
    project = Path(project).resolve()  # a project opened by a relative name says where
    folder = project.parent if os.access(project.parent, os.W_OK) else Path.home()
    return folder / f"{project.stem}-export"


class TasksMixin:
    """Import…, Export… and the task dialog they share (needs ``store``, ``article_list``)."""

    def import_files(self) -> None:
        from annotator.gui.file_dialogs import IMPORT_FOLDER, open_file_names, remember_folder
        paths = open_file_names(self, "Import articles", self._import_folder())
        remember_folder(self.settings, IMPORT_FOLDER, paths)
        self.import_paths(paths)

    def import_folder(self) -> None:
        from annotator.gui.file_dialogs import IMPORT_FOLDER, existing_directory, remember_folder
        folder = existing_directory(self, "Import a folder of articles", self._import_folder())
        if folder:  # the folder above it: the next folder is likely its sibling
            remember_folder(self.settings, IMPORT_FOLDER, str(Path(folder).parent))
        self.import_paths([folder] if folder else [])

    def _import_folder(self) -> str:
        """Where Import opens: the folder last imported from, else the project's."""
        from annotator.gui.file_dialogs import IMPORT_FOLDER, remembered_folder
        project = Path(self.store.path).parent if self.store.path is not None else None
        return remembered_folder(self.settings, IMPORT_FOLDER, project)

    def import_paths(self, paths: list[str]) -> None:
        """Import files or folders in a worker thread, with progress and Cancel."""
        from annotator.gui.dialogs.import_export import TaskDialog, import_job, summarise_import
        if not paths:
            return
        if self.store.path is None:
            self.show_message("An in-memory project cannot import in the background.")
            return
        self.run_task(TaskDialog("Import", self.store.path, self.store.coder_name,
                                 import_job(paths), summarise_import, self))

    def export_project(self) -> None:
        from annotator.gui.dialogs.import_export import (
            ExportOptions,
            TaskDialog,
            export_job,
            summarise_export,
        )
        if self.store.path is None:
            return
        options = ExportOptions(str(default_export_folder(self.store.path)), self)
        if options.exec() != options.DialogCode.Accepted:
            return
        folder, fmt, excel = options.options()
        if folder:
            self.run_task(TaskDialog("Export", self.store.path, self.store.coder_name,
                                     export_job(folder, fmt, excel), summarise_export, self))

    def run_task(self, dialog) -> None:
        """Show a task dialog (import or export); refresh the list when it ends."""
        self.task_dialog = dialog
        dialog.done.connect(lambda _result: self._after_task())
        dialog.finished.connect(lambda _code: self._back_from_task())
        dialog.show()
        dialog.start()

    def _back_from_task(self) -> None:
        """The summary closed: the keyboard belongs to the article again."""
        self.activateWindow()
        self.focus_article()

    def _after_task(self) -> None:
        self.article_list.reload()
        if self.article_id is None:
            self.open_first()
