"""Team ▸ Reliability…: the reliability report in the window, hot spots one click from the article.

The page is the very HTML ``annotator agreement --report`` writes
(``team/report_html.py``), shown by a QTextBrowser: the plots are the same PNG
bytes, added as document resources; each disagreement hot spot is a link that
opens Team ▸ Compare coders at that article with the two coders who differ
most there. The figures are computed in a worker thread on a Store of its own
(``gui/workers.py``), so a 10,000-sample bootstrap never freezes the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
)

from annotator.gui.label_look import grey
from annotator.gui.workers import TaskThread, Worker
from annotator.team.bootstrap import DEFAULT_SAMPLES, DEFAULT_SEED

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow
    from annotator.store import Store
    from annotator.team.methods import Reliability


def reliability_of(store: Store, units: str, samples: int, seed: int):
    """(Reliability, article titles) of every coder of the project: what the page shows."""
    from annotator.team.agreement import compute_agreement
    from annotator.team.methods import assess
    report = compute_agreement(store)
    if not report.articles:
        return None, {}
    return (assess(report, store.codebook(), units=units, samples=samples, seed=seed),
            store.article_titles(report.article_ids))


def parse_compare_link(url: QUrl) -> tuple[int, str, str] | None:
    """``compare:<article>?a=<coder>&b=<coder>`` as (article id, coder a, coder b)."""
    if url.scheme() != "compare":
        return None
    query = parse_qs(url.query(), keep_blank_values=True)
    try:
        return (int(url.path()), unquote(query["a"][0]), unquote(query["b"][0]))
    except (KeyError, ValueError, IndexError):
        return None


class ReliabilityDialog(QDialog):
    """The settings (units, bootstrap samples, seed) above the report; recomputes on change."""

    computed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.window_ = window
        self.reliability: Reliability | None = None
        self.thread: TaskThread | None = None
        self._again = False
        self.titles: dict[int, str] = {}
        self.setWindowTitle("Reliability — Annotator")
        self.units = QComboBox(self)
        self.units.addItem("pooled over all units", "pooled")
        self.units.addItem("per article, averaged", "article")
        self.samples = QSpinBox(self, minimum=0, maximum=1_000_000, singleStep=1000,
                                value=DEFAULT_SAMPLES, groupSeparatorShown=True)
        self.seed = QSpinBox(self, minimum=0, maximum=2**31 - 1, value=DEFAULT_SEED)
        self.compute_button = QPushButton("&Compute", self)
        self.compute_button.clicked.connect(self.compute)
        self.units.currentIndexChanged.connect(self.compute)
        self.status = QLabel(self)
        grey(self.status)
        self.page = QTextBrowser(self)
        self.page.setOpenLinks(False)  # hot spot links open the comparison, not a browser
        self.page.anchorClicked.connect(self.open_link)
        controls = QHBoxLayout()
        for label, widget in (("α units", self.units), ("Bootstrap samples", self.samples),
                              ("Seed", self.seed)):
            controls.addWidget(QLabel(label, self))
            controls.addWidget(widget)
            controls.addSpacing(10)
        controls.addWidget(self.compute_button)
        controls.addStretch(1)
        self.save_button = QPushButton("&Save report…", self, enabled=False,
                                       toolTip="The same page as an HTML file, plots included")
        self.save_button.clicked.connect(self.save_report)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.page, 1)
        layout.addLayout(bottom)
        self.resize(1180, 900)

    def settings(self) -> tuple[str, int, int]:
        return self.units.currentData(), self.samples.value(), self.seed.value()

    def compute(self) -> None:
        """Compute the figures again with the current settings (in a worker thread)."""
        if self.thread is not None:
            self._again = True  # one at a time: the newest settings run when this one ends
            return
        units, samples, seed = self.settings()
        self.status.setText(f"Computing (bootstrap of {samples:,} samples)…")
        store = self.window_.store
        if store.path is None:  # an in-memory project has no file for a second connection
            self._show(reliability_of(store, units, samples, seed))
            return
        worker = Worker(store.path, store.coder_name,
                        lambda s, _progress, _cancel: reliability_of(s, units, samples, seed))
        worker.finished.connect(self._show)
        worker.failed.connect(self._failed)
        self.thread = TaskThread(worker, self)
        self.thread.finished.connect(self._thread_ended)
        self.thread.start()

    def _thread_ended(self) -> None:
        self.thread = None
        if self._again:
            self._again = False
            self.compute()

    def _failed(self, message: str) -> None:
        self.status.setText(f"Could not compute the figures: {message}")

    def _show(self, result) -> None:
        from annotator.team.methods_text import units_statement
        from annotator.team.report_html import render
        self.reliability, titles = result
        self.titles = titles
        self.save_button.setEnabled(self.reliability is not None)
        if self.reliability is None:
            self.page.setHtml("<p>No article is coded by two or more coders yet: there is "
                              "nothing to compare.</p>")
            self.status.setText("")
        else:
            document = self.page.document()

            def image(name: str, png: bytes) -> str:
                url = f"plot:{name}"
                document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(url),
                                     QImage.fromData(png, "PNG"))
                return url

            self.page.setHtml(render(self.reliability, titles=titles, image=image, links=True))
            self.status.setText(f"{units_statement(self.reliability)}. Click an article under "
                                "Disagreement hot spots to compare its coders.")
        self.computed.emit()

    def save_report(self) -> None:
        """Save the page shown as the HTML file ``annotator agreement --report`` writes."""
        from annotator.gui.file_dialogs import save_file_name
        from annotator.team.report_html import write_report
        if self.reliability is None:
            return
        store = self.window_.store
        suggested = str(store.path.with_name(f"{store.path.stem}-reliability.html")) \
            if store.path else "reliability.html"
        path = save_file_name(self, "Save the reliability report", suggested,
                              "HTML files (*.html)")
        if not path:
            return
        try:
            write_report(self.reliability, path, titles=self.titles)
        except OSError as exc:
            self.status.setText(f"{path}: cannot write the report: {exc.strerror or exc}")
            return
        self.status.setText(f"Saved {path}")

    def open_link(self, url: QUrl) -> None:
        """A hot spot: open Team ▸ Compare coders on its article with its two coders."""
        from annotator.gui.adjudication.dialog import open_compare
        target = parse_compare_link(url)
        if target is None:
            return
        article_id, a, b = target
        self.window_.open_article(article_id)
        dialog = open_compare(self.window_)
        if dialog is not None:
            dialog.show_coders(a, b)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.thread is not None:
            self.thread.wait()
        super().closeEvent(event)


def open_reliability(window: MainWindow) -> ReliabilityDialog:
    """Team ▸ Reliability…: open (or bring back) the report and compute it."""
    dialog = getattr(window, "reliability_dialog", None)
    if dialog is None:
        dialog = window.reliability_dialog = ReliabilityDialog(window)
        dialog.compute()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
