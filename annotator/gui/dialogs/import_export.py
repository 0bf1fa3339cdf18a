"""Import… and Export…: a progress dialog over a worker thread, with Cancel.

The dialog only shows progress and the outcome; the work is
``annotator.importing.import_paths`` / ``annotator.exporting.export_project``
run by :mod:`annotator.gui.workers` on a Store of its own. At the end the
dialog lists every file (and line) that failed or imported with a warning, one
per line, so the coder can fix them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.workers import Job, TaskThread, Worker

Summary = Callable[[Any], tuple[str, list[str]]]


def import_job(paths: list[str]) -> Job:
    def job(store, progress, cancel):
        from annotator.importing import import_paths
        return import_paths(store, paths, progress=progress, cancel=cancel)
    return job


def summarise_import(report) -> tuple[str, list[str]]:
    """The summary line, one line per tool whose annotations came along (``doccano: 5
    files ... ignored: type DATE 3``), and one ``note:``, ``warning:`` or ``error:
    PATH[:LINE]: reason`` line per issue."""
    lines = report.annotation_summaries() + [issue.format() for issue in report.issues()]
    if report.stopped:
        lines.append(f"Error: {report.stopped}. The articles counted above are stored; "
                     "importing again skips them.")
    summary = report.summary()  # capitalize() would lower a path or an error's own capitals
    return summary[:1].upper() + summary[1:] + ".", lines


def export_job(outdir: str, fmt: str = "csv", excel: bool = False) -> Job:
    def job(store, progress, cancel):
        from annotator.exporting import ExportCancelled, export_project
        try:
            return export_project(store, outdir, progress=progress, cancel=cancel,
                                  excel=excel, fmt=fmt)
        except ExportCancelled as exc:
            return exc
    return job


#: what the Export dialog offers, in the words of the people who use each format
EXPORT_CHOICES = [
    ("CSV, exact (R, pandas, Stata)", "csv"),
    ("Excel / LibreOffice workbook (.xlsx)", "xlsx"),
    ("SPSS (.sav, codebook as value labels)", "sav"),
    ("Stata (.dta, codebook as value labels)", "dta"),
    ("JSON lines", "jsonl"),
    ("brat standoff (annotations)", "brat"),
    ("doccano JSONL (annotations)", "doccano"),
    ("Label Studio tasks (annotations)", "label-studio"),
    ("INCEpTION / UIMA CAS XMI (annotations)", "xmi"),
]


def summarise_export(report) -> tuple[str, list[str]]:
    if isinstance(report, Exception):
        return f"Export cancelled ({report}); the folder keeps its previous files.", []
    rows = ", ".join(f"{name} {n:,}" for name, n in report.rows.items())
    return (f"Exported to {Path(report.outdir).resolve()}: {rows}.",
            [f"warning: {w}" for w in report.warnings])


class TaskDialog(QDialog):
    """Runs one job with a progress bar; Cancel asks the worker to stop at a safe point.

    Signals:
        done(object): the job's result (also after a cancel), once, in the GUI thread.
    """

    done = Signal(object)

    def __init__(self, title: str, db_path: str | Path, coder: str | None, job: Job,
                 summarise: Summary, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.summarise = summarise
        self.result_value: Any = None
        self.status = QLabel("Starting…", self)
        self.status.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.errors = QPlainTextEdit(self)
        self.errors.setReadOnly(True)
        self.errors.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.bar, self.errors, self.buttons):
            layout.addWidget(widget)
        self.worker = Worker(db_path, coder, job)
        self.thread_ = TaskThread(self.worker, self)
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)

    def start(self) -> None:
        self.thread_.start()

    def running(self) -> bool:
        return self.thread_.isRunning()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.status.setText(f"{done:,} of {total:,}  {Path(text).name if text else ''}")

    def _end(self, summary: str, errors: list[str]) -> None:
        self.thread_.wait()
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.status.setText(summary)
        if errors:
            self.errors.setPlainText("\n".join(errors))
            self.errors.show()
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self._fit_height()
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)  # Enter or Esc dismisses the summary; the keys go back to
        close.setFocus()        # the article (``TasksMixin.run_task``)

    def _fit_height(self) -> None:
        """Grow to show the summary whole: a shown window keeps the height it first had
        (one line, "Starting…"), and a summary that wraps would be cut."""
        layout = self.layout()
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _on_finished(self, result: Any) -> None:
        self.result_value = result
        summary, errors = self.summarise(result)
        self._end(summary, errors)
        self.done.emit(result)

    def _on_failed(self, message: str) -> None:
        self._end(f"Stopped: {message}", [])
        self.bar.setValue(0)  # not done: an empty bar, not a full one
        self.done.emit(None)

    def reject(self) -> None:
        if self.running():  # first ask the worker to stop; the dialog closes when it has
            self.worker.cancel()
            self.status.setText("Cancelling after the current file…")
            return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.running():
            self.worker.cancel()
            event.ignore()
            return
        super().closeEvent(event)


class ExportOptions(QDialog):
    """Where and how to export; the job itself runs in a TaskDialog."""

    def __init__(self, default_dir: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.folder = QLineEdit(default_dir, self)
        # the folder offered reads whole (up to 100 characters), not its last 30
        metrics = self.folder.fontMetrics()
        self.folder.setMinimumWidth(metrics.horizontalAdvance(
            max(default_dir[:100], "x" * 64, key=metrics.horizontalAdvance)) + 12)
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._browse)
        row = QWidget(self)
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.folder, 1)
        row_layout.addWidget(browse)
        self.fmt = QComboBox(self)
        for label, key in EXPORT_CHOICES:
            self.fmt.addItem(label, key)
        self.excel = QCheckBox("CSV for Excel (BOM, formulas shown as text)", self)
        self.fmt.currentIndexChanged.connect(
            lambda: self.excel.setEnabled(self.fmt.currentData() == "csv"))
        form = QFormLayout()
        form.addRow("Folder", row)
        form.addRow("Format", self.fmt)
        form.addRow("", self.excel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        from annotator.gui.file_dialogs import existing_directory
        chosen = existing_directory(self, "Export to folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def options(self) -> tuple[str, str, bool]:
        return self.folder.text().strip(), self.fmt.currentData(), self.excel.isChecked()
