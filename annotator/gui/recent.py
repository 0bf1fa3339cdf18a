"""File ▸ Open project… and File ▸ Open Recent: other projects in windows of their own.

The recent projects are kept in QSettings, newest first. A file that has gone
(moved, deleted, an unplugged drive) stays in the list, marked missing and
disabled, until the coder removes the missing ones: it may come back.
Each project opens in a window of its own with its own Store; closing that
window closes its file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

RECENT_KEY = "recent/projects"
#: The coder name last chosen on this machine (New project… offers it): whoever opened a
#: project or made one last, not the system's user name.
LAST_CODER_KEY = "new_project/coder"
MAX_RECENT = 10
#: The demo's throw-away folders (``tempfile.mkdtemp(prefix=...)``): never worth recalling.
DEMO_FOLDER_PREFIX = "annotator-demo-"


class RecentProjects:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def paths(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):  # QSettings gives one string for a list of one
            value = [value]
        return [str(v) for v in value or []]

    def add(self, path: str | Path) -> None:
        """Put a project first; the demo's copy is left out (it is gone once closed)."""
        resolved = Path(path).resolve()
        if resolved.parent.name.startswith(DEMO_FOLDER_PREFIX):
            return
        self._save([str(resolved)] + [p for p in self.paths() if p != str(resolved)])

    def add_last(self, path: str | Path) -> None:
        """Keep an existing project in the list without putting it first."""
        resolved = str(Path(path).resolve())
        if Path(resolved).exists() and resolved not in self.paths():
            self._save(self.paths() + [resolved])

    def remove(self, path: str) -> None:
        self._save([p for p in self.paths() if p != path])

    def clear(self) -> None:
        self._save([])

    def remove_missing(self) -> None:
        self._save([p for p in self.paths() if Path(p).exists()])

    def _save(self, paths: list[str]) -> None:
        self.settings.setValue(RECENT_KEY, paths[:MAX_RECENT])


class RecentMixin:
    """Open project… and the Open Recent submenu (needs ``settings``, ``store``)."""

    def install_recent_menu(self) -> None:
        self.recent = RecentProjects(self.settings)
        if self.store.path is not None:
            self.recent.add(self.store.path)
        file_menu = self.menuBar().actions()[0].menu()
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.insertMenu(self.actions_by_name["import"], self.recent_menu)
        file_menu.insertSeparator(self.actions_by_name["import"])
        self._fill_recent()

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = self.recent.paths()
        for n, path in enumerate(paths, 1):
            missing = not Path(path).exists()
            label = f"&{n % 10} {Path(path).name} — {Path(path).parent}"
            action = menu.addAction(label + ("  (missing)" if missing else ""))
            action.setEnabled(not missing)
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_project_file(p))
        if not paths:
            menu.addAction("No recent projects").setEnabled(False)
        menu.addSeparator()
        remove = menu.addAction("Remove missing projects")
        remove.setEnabled(any(not Path(p).exists() for p in paths))
        remove.triggered.connect(lambda: (self.recent.remove_missing(), self._fill_recent()))

    def new_project(self) -> None:
        """File ▸ New project…: a new project in a window of its own."""
        from annotator.gui.dialogs.new_project import new_project
        new_project(self.settings, self)

    def quit_all(self) -> None:
        """File ▸ Quit: every window, not only this one (New project… and Open project…
        open windows of their own). A window that refuses to close (a task still
        running) stops it there, as each window's own close would."""
        from PySide6.QtWidgets import QApplication
        QApplication.closeAllWindows()

    def open_project(self) -> None:
        from annotator.gui.file_dialogs import open_project_names
        chosen = open_project_names(self, self.settings)
        if chosen:
            self.open_project_file(chosen[0])

    def open_project_file(self, path: str) -> None:
        """Open a project in a window of its own (this one, if it is this project)."""
        from annotator.gui.app import open_project_window
        if self.store.path is not None and Path(path).resolve() == Path(self.store.path).resolve():
            self.activateWindow()
            self.show_message("That project is open in this window.")
            return
        window = open_project_window(path, self.settings, parent_window=self)
        if window is not None:
            self.recent.add(path)
