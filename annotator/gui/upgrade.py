"""Opening a project of an older schema: the upgrade runs in a worker, with a window.

Store() migrates a project made by an older Annotator before it returns, in one
transaction after a backup copy. Most upgrades take milliseconds, but one that
rebuilds an index takes a minute at 100,000 articles (m007) and ten seconds at
a million names (m011); done in the window's thread, the program would look
hung, with no word of what it does. So the window's own Store is opened only
after a worker's Store has done the upgrade, while a progress window says what
is happening and that the old file is kept.

Qt is imported where an upgrade runs: every launch opens a project through
:func:`open_store`, and few upgrade it.
"""

from __future__ import annotations

from pathlib import Path

from annotator.store import ProjectError, Store, needs_upgrade


def open_store(path: str | Path, parent=None) -> Store:
    """``Store(path)``, upgraded first in a worker (with progress) when it is older."""
    if needs_upgrade(path):
        upgrade_with_progress(Path(path), parent)
    return Store(path)


def upgrade_with_progress(path: Path, parent=None) -> None:
    """Migrate ``path`` on a worker's own Store while a busy window says so; raise the
    ProjectError the worker met (a full disk, a read-only file), naming the file."""
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QProgressDialog

    from annotator.gui.workers import TaskThread, Worker

    dialog = QProgressDialog(
        f"Upgrading {path.name} for this version of Annotator…\n"
        "A copy of the file as it was is kept beside it (….bak).", "", 0, 0, parent)
    dialog.setWindowTitle("Upgrading the project")
    dialog.setCancelButton(None)  # one transaction: it finishes, or leaves the file as it was
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(480)
    worker = Worker(path, None, lambda store, progress, cancelled: None)
    thread = TaskThread(worker, dialog)
    loop = QEventLoop()
    failure: list[str] = []
    worker.failed.connect(failure.append)
    thread.finished.connect(loop.quit)
    dialog.show()
    thread.start()
    loop.exec()
    thread.wait()
    dialog.close()
    if failure:
        raise ProjectError(failure[0])
