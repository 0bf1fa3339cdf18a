"""Long jobs (import, export) in a worker thread, so the window never freezes.

The worker opens its OWN Store on the same project file: an SQLite connection
must not cross threads, and WAL mode lets the window keep reading while the
worker writes. Progress and the result come back as queued signals.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from annotator.exporting.fileset import FileSetError
from annotator.store import ProjectError, Store

#: job(store, progress, cancel) -> result; progress(done, total, text); cancel() -> bool
Job = Callable[[Store, Callable[[int, int, str], None], Callable[[], bool]], Any]


class Worker(QObject):
    """Runs one job on its own Store; lives in a QThread.

    Signals:
        progress(int, int, str): done, total, what is being worked on.
        finished(object): the job's result.
        failed(str): the error, when the job raised.
    """

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, db_path: str | Path, coder: str | None, job: Job) -> None:
        super().__init__()
        self.db_path, self.coder, self.job = db_path, coder, job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            with Store(self.db_path, coder=self.coder) as store:
                result = self.job(store, self._report, self._cancel.is_set)
        except (ProjectError, FileSetError) as exc:  # a file's fault (full disk, read-only)
            self.failed.emit(str(exc))
            return
        except OSError as exc:
            where = exc.filename or self.db_path
            self.failed.emit(f"{where}: {exc.strerror or exc}")
            return
        except Exception as exc:  # noqa: BLE001 - shown to the coder, never lost
            traceback.print_exc()
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.finished.emit(result)

    def _report(self, done: int, total: int, text: str = "") -> None:
        self.progress.emit(int(done), int(total), str(text))


class TaskThread(QThread):
    """A QThread that owns one Worker and quits when the job ends."""

    def __init__(self, worker: Worker, parent=None) -> None:
        super().__init__(parent)
        self.worker = worker
        worker.moveToThread(self)
        self.started.connect(worker.run)
        worker.finished.connect(self.quit)
        worker.failed.connect(self.quit)
