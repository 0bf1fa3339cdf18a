"""The left pane: progress ("312 of 2,225 done"), a status filter, full-text search, the list.

Search waits for a short pause in typing before it asks the FTS5 index, so
typing stays smooth on a 100,000-article project. While a filter is on, the
number of matching articles shows beside the progress: exact for a status
filter (the store keeps the counts), and for a search past the list model's
cap "10,000+ articles", exact once the list has been scrolled to its end.

The list is a table view with fixed row heights over a virtual model: a
``QTreeView`` lays out every row on each reset (seconds at a million rows),
a table view only the ones it paints.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.article_list_model import STATUS_LABELS, ArticleListModel
from annotator.gui.debounce import Debounce
from annotator.gui.label_look import muted, semibold
from annotator.store import Store

SEARCH_DELAY_MS = 250


def match_text(total: int, capped: bool) -> str:
    """The count beside the progress: "45 articles", "1 article", "10,000+ articles"."""
    if capped:
        return f"{total:,}+ articles"
    if total == 0:
        return "no articles"
    return "1 article" if total == 1 else f"{total:,} articles"


class ArticleTable(QTableView):
    """The list's view: whole rows, one height for all, Home and End go to the first and
    last article (a table's own Home and End go to the first and last column)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setCornerButtonEnabled(False)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(1)
        rows.setDefaultSectionSize(self.row_height())

    def row_height(self) -> int:
        """One line of text, as high as a tree's row: what the style's item view gives it.

        Qt's Fusion style sizes an item view's one-line row as the font's line height,
        rounded up (a test holds the two equal over fonts and sizes); asking the style
        itself would create PySide6's QStyle class and its enums, about 11 ms of the
        window's first paint (benchmarks/startup.py).
        """
        return math.ceil(QFontMetricsF(self.font()).height())

    def moveCursor(self, action, modifiers):  # noqa: N802
        cursor = QAbstractItemView.CursorAction
        if action in (cursor.MoveHome, cursor.MoveEnd):
            model = self.model()
            row = 0 if action == cursor.MoveHome else model.rowCount() - 1
            return model.index(row, max(self.currentIndex().column(), 0))
        return super().moveCursor(action, modifiers)


class ArticleListPane(QWidget):
    """Signals:
        article_chosen(int): the coder picked an article in the list.
        hit_opened(): Enter in the search box opened the first hit, Enter in the list the
            current article, or Esc left the search box: the text takes the keys.
        search_changed(): the search words changed (or were cleared), so the article
            shown marks the new words' hits, or none.
    """

    article_chosen = Signal(int)
    hit_opened = Signal()
    search_changed = Signal()

    def __init__(self, store: Store, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.progress = QLabel(self)
        semibold(self.progress)
        self.scope = QLabel(self)
        self.scope.setWordWrap(True)
        muted(self.scope)
        self.matches = QLabel(self)
        self.matches.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.matches.setToolTip("Articles that match the status filter and the search")
        self.status = QComboBox(self)
        self.status.addItem("All", None)
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label.capitalize(), key)
        self.status.setToolTip("Show only articles with this status (yours)")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search title and text…")
        self.search.setClearButtonEnabled(True)
        self.model = ArticleListModel(store, self)
        self.view = ArticleTable(self)
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
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
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.matches)
        layout.addLayout(top)
        layout.addWidget(self.scope)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        self.search_timer = Debounce(self, SEARCH_DELAY_MS, self.apply_filter)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        self.search.returnPressed.connect(self.open_first_hit)
        self.search.installEventFilter(self)
        self.status.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        # The arrows open each article as they pass it; Enter says "this one": code it.
        self.view.activated.connect(lambda _index: self.hit_opened.emit())
        self.model.modelReset.connect(self.show_matches)
        self.model.rowsInserted.connect(self.show_matches)
        self._quiet = False
        self._scope_seen: tuple[str | None, int | None] | None = None
        self.refresh_progress()
        self.show_matches()

    def apply_filter(self) -> None:
        self.search_timer.stop()
        before = self.model.search
        self.model.set_filter(self.status.currentData(), self.search.text())
        if self.model.search != before:
            self.search_changed.emit()

    def reload(self) -> None:
        """After an import: counts and rows from the store again."""
        self.model.reload()
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """The progress line over the coder's list (their assignments, when they have
        any: ``Store.status_counts``), and what the list holds. When the assignments
        changed meanwhile (``annotator assign`` run while the window is open), the list
        is read again, so that it holds what the progress counts."""
        scope = self.show_scope()
        counts = self.store.status_counts()
        total = sum(counts.values())
        seen = (scope, total if scope == "own" else None)
        if self._scope_seen is not None and seen != self._scope_seen:
            self.model.reload()
        self._scope_seen = seen
        text = f"{counts['done']:,} of {total:,} done"
        if counts["skipped"]:
            text += f" · {counts['skipped']:,} skipped"
        self.progress.setText(text)

    def show_scope(self) -> str | None:
        """Say whose articles the list holds, once a project has assignments: the coder's
        own, or every article for a coder assigned none (a PI, the gold coder), who
        would otherwise wonder why the list is not what a teammate sees."""
        scope, coder = self.store.assignment_scope(), self.store.coder_name or "you"
        if scope == "own":
            self.scope.setText(f"Articles assigned to {coder}")
        elif scope == "unassigned":
            self.scope.setText(f"No articles are assigned to {coder}: listing all articles")
        self.scope.setVisible(scope is not None)
        return scope

    def show_matches(self) -> None:
        """How many articles the filter lets through; nothing when no filter is on."""
        filtered = self.model.status_filter is not None or self.model.search is not None
        self.matches.setText(match_text(self.model.total, self.model.capped) if filtered else "")

    def show_status(self, article_id: int, status: str) -> None:
        self.model.set_status(article_id, status)
        self.refresh_progress()

    def select_article(self, article_id: int) -> None:
        """Show the current article in the list without re-opening it."""
        self.model.fetch_through(article_id)
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

    def open_first_hit(self) -> None:
        """Enter in the search box: search now, open the first hit, read it."""
        self.apply_filter()
        if self.model.rowCount():
            self.view.setFocus()
            self.view.setCurrentIndex(self.model.index(0, 0))
            self.hit_opened.emit()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        """Down in the search box walks into the hits (each one opens as it becomes current);
        Esc goes back to the article, the search kept, as Esc in the find bar does."""
        if obj is self.search and event.type() == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Escape:
            self.hit_opened.emit()
            return True
        if obj is self.search and event.type() == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Down and self.model.rowCount():
            self.apply_filter()
            self.view.setFocus()
            self.view.setCurrentIndex(self.model.index(0, 0))
            return True
        return super().eventFilter(obj, event)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
