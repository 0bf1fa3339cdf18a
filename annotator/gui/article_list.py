"""The left pane: progress ("312 of 2,225 done"), a status filter, full-text search, the list.

Search waits for a short pause in typing before it asks the FTS5 index, so
typing stays smooth on a 100,000-article project.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.models import STATUS_LABELS, ArticleListModel
from annotator.store import Store

SEARCH_DELAY_MS = 250


class ArticleListPane(QWidget):
    """Signals:
        article_chosen(int): the coder picked an article in the list.
    """

    article_chosen = Signal(int)

    def __init__(self, store: Store, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.progress = QLabel(self)
        self.progress.setStyleSheet("font-weight: 600;")
        self.status = QComboBox(self)
        self.status.addItem("All", None)
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label.capitalize(), key)
        self.status.setToolTip("Show only articles with this status (yours)")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search title and text…")
        self.search.setClearButtonEnabled(True)
        self.model = ArticleListModel(store, self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 78), (2, 66), (3, 76)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        filters = QHBoxLayout()
        filters.addWidget(self.status)
        filters.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.addWidget(self.progress)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.status.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self._quiet = False
        self.refresh_progress()

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.status.currentData(), self.search.text())

    def reload(self) -> None:
        """After an import: counts and rows from the store again."""
        self.model.reload()
        self.refresh_progress()

    def refresh_progress(self) -> None:
        counts = self.store.status_counts()
        total = sum(counts.values())
        text = f"{counts['done']:,} of {total:,} done"
        if counts["skipped"]:
            text += f" · {counts['skipped']:,} skipped"
        self.progress.setText(text)

    def show_status(self, article_id: int, status: str) -> None:
        self.model.set_status(article_id, status)
        self.refresh_progress()

    def select_article(self, article_id: int) -> None:
        """Show the current article in the list without re-opening it."""
        row = self.model.row_of(article_id)
        selection = self.view.selectionModel()
        self._quiet = True
        try:
            if row is None:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
                return
            index = self.model.index(row, 0)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(index)
        finally:
            self._quiet = False

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        article_id = self.model.article_id(current.row())
        if article_id is not None:
            self.article_chosen.emit(article_id)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
