"""The start screen: what ``annotator`` shows when no project is named.

A research assistant or coder who double-clicks the program should not need to
know a path: New project…, Open project…, Open demo, and the recent projects
(File ▸ Open Recent's list, from QSettings). The list has the keyboard: arrows
choose, Enter opens, Delete removes. A project that has gone (moved, deleted,
an unplugged drive) stays listed, marked missing, until it is removed: it may
come back. Opening a project closes this screen; the project's window is a
window of its own (``app.open_project_window``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.gui.recent import RecentProjects

PATH_ROLE = Qt.ItemDataRole.UserRole
MISSING_ROLE = Qt.ItemDataRole.UserRole + 1


class StartScreen(QWidget):
    """New, open, demo and the recent projects; closes once a project window is open.

    ``open_path(path)``, ``open_demo()`` and ``new_project()`` are the three ways
    out; each returns the window it opened, or None (a cancelled coder prompt, a
    file that is not a project), and the screen stays.
    """

    def __init__(self, settings: QSettings, default_project: Path | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.recent = RecentProjects(settings)
        if default_project is not None:  # where `annotator` with no argument used to go
            self.recent.add_last(default_project)
        self.setWindowTitle("Annotator")
        self._build()
        self.fill()

    def _build(self) -> None:
        title = QLabel(f"<h1 style='margin-bottom:0'>Annotator</h1>"
                       f"<p style='color:#555'>version {__version__}</p>", self)
        icon = QLabel(self)
        icon.setPixmap(QApplication.windowIcon().pixmap(72, 72))
        self.new_button = QPushButton("&New project…", self)
        self.open_button = QPushButton("&Open project…", self)
        self.demo_button = QPushButton("Open the &demo", self)
        self.new_button.setToolTip("A new project file: its codebook and your coder name (Ctrl+N)")
        self.open_button.setToolTip("A project file you have (Ctrl+O)")
        self.demo_button.setToolTip("A throw-away copy of five sample articles, to try things")
        self.new_button.clicked.connect(self.new_project)
        self.open_button.clicked.connect(self.open_project)
        self.demo_button.clicked.connect(self.open_demo)
        left = QVBoxLayout()
        head = QHBoxLayout()
        head.addWidget(icon)
        head.addWidget(title, 1)
        left.addLayout(head)
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setMinimumHeight(36)
            left.addWidget(button)
        left.addStretch(1)

        self.list = QListWidget(self)
        self.list.setAlternatingRowColors(True)
        self.list.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        self.list.itemActivated.connect(lambda item: self.open_item(item))
        self.list.installEventFilter(self)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.remove_button = QPushButton("&Remove from list", self)
        self.remove_button.setToolTip("Forget this project here (Delete); the file stays")
        self.remove_button.clicked.connect(self.remove_current)
        self.clear_button = QPushButton("C&lear list", self)
        self.clear_button.clicked.connect(self.clear_list)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        right = QVBoxLayout()
        heading = QLabel("<b>Recent projects</b> — ↑ ↓ to choose, Enter to open", self)
        heading.setBuddy(self.list)
        right.addWidget(heading)
        right.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        right.addLayout(buttons)
        right.addWidget(self.message)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(24)
        layout.addLayout(left, 0)
        layout.addLayout(right, 1)
        for keys, slot in (("Ctrl+N", self.new_project), ("Ctrl+O", self.open_project),
                           ("Ctrl+Q", self.close)):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _c=False, s=slot: s())
            self.addAction(action)
        self.resize(820, 460)

    # -- the list -------------------------------------------------------------------------
    def fill(self) -> None:
        """(Re)read the recent projects; the first one is current, so Enter opens it."""
        self.list.clear()
        for path in self.recent.paths():
            missing = not Path(path).exists()
            name, folder = Path(path).name, str(Path(path).parent)
            item = QListWidgetItem(f"{name}{'  — missing' if missing else ''}\n{folder}")
            item.setData(PATH_ROLE, path)
            item.setData(MISSING_ROLE, missing)
            item.setToolTip(f"{path} is not there any more (moved, deleted, or on a drive "
                            "that is not plugged in)" if missing else path)
            if missing:
                item.setForeground(QBrush(QColor("#8a8a8a")))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.list.addItem(QListWidgetItem("No recent projects yet: make a new one, or "
                                              "open the demo to try things."))
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.list.setFocus()
        self._update_buttons()

    def paths_shown(self) -> list[tuple[str, bool]]:
        """(path, missing) of every listed project, in order."""
        return [(self.list.item(i).data(PATH_ROLE), bool(self.list.item(i).data(MISSING_ROLE)))
                for i in range(self.list.count()) if self.list.item(i).data(PATH_ROLE)]

    def _update_buttons(self) -> None:
        item = self.list.currentItem()
        self.remove_button.setEnabled(item is not None and bool(item.data(PATH_ROLE)))
        self.clear_button.setEnabled(bool(self.recent.paths()))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """Enter opens and Delete removes the current project, whatever the platform."""
        if watched is self.list and event.type() == event.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.open_item(self.list.currentItem())
                return True
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_current()
                return True
        return super().eventFilter(watched, event)

    def remove_current(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.data(PATH_ROLE):
            return
        row, path = self.list.currentRow(), item.data(PATH_ROLE)
        self.recent.remove(path)
        self.fill()  # the item is deleted now: only ``path`` is used below
        if self.paths_shown():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.message.setText(f"Removed {Path(path).name} from the list "
                             "(the file itself is untouched).")

    def clear_list(self) -> None:
        self.recent.clear()
        self.fill()
        self.message.setText("The list is empty; no project file was touched.")

    # -- the ways out ---------------------------------------------------------------------
    def open_item(self, item: QListWidgetItem | None):
        if item is None or not item.data(PATH_ROLE):
            return None
        path = item.data(PATH_ROLE)
        if not Path(path).exists():
            self.message.setText(f"{path} is missing. Plug in its drive, or remove it from "
                                 "the list (Delete).")
            return None
        return self.open_path(path)

    def open_path(self, path: str | Path):
        from annotator.gui.app import open_project_window
        window = open_project_window(path, self.settings, self)
        return self._opened(window)

    def open_project(self):
        from annotator.gui.file_dialogs import open_project_names
        chosen = open_project_names(self, self.settings)
        return self.open_path(chosen[0]) if chosen else None

    def new_project(self):
        from annotator.gui.dialogs.new_project import new_project
        return self._opened(new_project(self.settings, self))

    def open_demo(self):
        from annotator.gui.app import open_demo_window
        return self._opened(open_demo_window(self.settings, self))

    def _opened(self, window):
        """A project window is open: this screen has done its work."""
        if window is not None:
            self.close()
        return window
