"""File dialogs that never open the files they list.

Qt's file dialog finds each listed file's icon and type by its content: it
opens ``project.db``, ``project.db-wal`` and ``project.db-shm`` and closes
them again. On Linux and macOS closing *any* descriptor of a file drops every
POSIX lock the process holds on it, the window's SQLite locks included; the
next program to close the project (``sqlite3``, ``annotator stats``) then
believes it is the last and deletes the write-ahead log under the window,
whose later edits are lost on a crash (DESIGN.md, "The project file is shared
safely"). The dialog is listed in the project's own folder whenever a coder
starts ``annotator`` there, so this is the ordinary case, not a corner.

So every dialog of the program is Qt's own (not the platform's, which may
sniff content in this process too) with an icon provider that answers from
the file's name alone. Windows locks per handle, where this cannot happen,
and keeps its native dialogs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFileIconProvider,
    QHeaderView,
    QStyle,
    QTreeView,
)

#: Native dialogs are safe only where closing a descriptor leaves other locks alone.
NATIVE_IS_SAFE = sys.platform == "win32"


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from the file's name and kind, never from its bytes."""

    def icon(self, which):  # noqa: D102 - QFileIconProvider's two overloads
        style = QApplication.style()
        if isinstance(which, QFileInfo):
            pixmap = QStyle.StandardPixmap.SP_DirIcon if which.isDir() \
                else QStyle.StandardPixmap.SP_FileIcon
            return style.standardIcon(pixmap)
        return super().icon(which)

    def type(self, info: QFileInfo) -> str:  # noqa: A003 - Qt's name
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


def safe_dialog(parent, caption: str, folder: str = "") -> QFileDialog:
    """A QFileDialog that lists a folder without opening any file in it."""
    dialog = QFileDialog(parent, caption, folder)
    if not NATIVE_IS_SAFE:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        provider = NameOnlyIconProvider()
        dialog.setIconProvider(provider)
        dialog._icon_provider = provider  # the dialog does not own it: keep it alive
        _fit_details(dialog)
    return dialog


def _fit_details(dialog: QFileDialog) -> None:
    """Room for the detail view's columns: Qt's own dialog opens small, with a Size column
    that reads "26....KiB"; the name takes what the size, type and date leave."""
    dialog.resize(900, 560)
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is None:
        return
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def open_file_names(parent, caption: str, folder: str = "") -> list[str]:
    """Like QFileDialog.getOpenFileNames, without touching the listed files."""
    dialog = safe_dialog(parent, caption, folder)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return dialog.selectedFiles() if dialog.exec() else []


def existing_directory(parent, caption: str, folder: str = "") -> str:
    """Like QFileDialog.getExistingDirectory, without touching the listed files."""
    dialog = safe_dialog(parent, caption, folder)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def save_file_name(parent, caption: str, path: str = "", filter_: str = "",
                   confirm_overwrite: bool = True) -> str:
    """Like QFileDialog.getSaveFileName, without touching the listed files.

    ``confirm_overwrite=False`` where the caller refuses existing files itself
    (New project…): a "replace?" it would then refuse anyway only confuses.
    """
    dialog = safe_dialog(parent, caption, path)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, not confirm_overwrite)
    if filter_:
        dialog.setNameFilter(filter_)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


#: Where a file dialog opens, by what it chooses: the folder last chosen in
#: (QSettings, all projects), so a coder importing a week's files one day at a
#: time, or opening the team's projects, starts where they were, not in the
#: folder the program happened to be started from.
PROJECTS_FOLDER = "folders/projects"
IMPORT_FOLDER = "folders/import"
NEW_PROJECT_FOLDER = "new_project/folder"  # where New project… made the last one


def remembered_folder(settings, key: str, fallback: str | Path | None = None) -> str:
    """The folder last chosen in for ``key``, else ``fallback``, else the home folder."""
    folder = settings.value(key)
    if folder and Path(str(folder)).is_dir():
        return str(folder)
    if fallback is not None and Path(fallback).is_dir():
        return str(fallback)
    return str(Path.home())


def remember_folder(settings, key: str, chosen: list[str] | str) -> None:
    """Keep the folder of what was chosen (a folder itself, or a file's folder)."""
    first = (chosen[0] if chosen else "") if isinstance(chosen, list) else chosen
    if first:  # nothing chosen (cancelled): the folder stays as it was
        path = Path(first)
        settings.setValue(key, str(path if path.is_dir() else path.parent))


def open_project_names(parent, settings) -> list[str]:
    """File ▸ Open project…: opens where the last project was opened or made."""
    chosen = open_file_names(parent, "Open a project", remembered_folder(
        settings, PROJECTS_FOLDER, settings.value(NEW_PROJECT_FOLDER)))
    remember_folder(settings, PROJECTS_FOLDER, chosen)
    return chosen
