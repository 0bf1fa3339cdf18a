"""The Compare coders window: A's and B's readings side by side over the list to adjudicate.

A separate, non-modal window so the adjudicator can keep it beside the main
window. It edits only through undo commands on the main window's stack, and it
re-reads the store whenever that stack moves (an accept, an undo here or in the
main window, any edit), so it never shows a stale verdict. Navigating here opens
the same article in the main window, where undo would take the coder anyway.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
)

from annotator.gui.adjudication.accept import accept
from annotator.gui.adjudication.items_model import COLOUR_A, COLOUR_B
from annotator.gui.adjudication.panes import SideBySide, highlights_of
from annotator.gui.adjudication.table import ItemsTable
from annotator.gui.label_look import grey
from annotator.team.adjudication import (
    AGREE,
    DEFAULT_GOLD,
    DIFFER,
    LAYER_TITLES,
    LAYERS,
    ONLY_A,
    ONLY_B,
    Comparison,
    compare,
    spans_of,
)

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

HINT = ("Select a row, then press A or B (or click Accept) to copy that version into gold; "
        "Ctrl+Z undoes; Alt+1-3 switch layers, Alt+Left/Right articles.")


class CompareDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.window_ = window
        self.store = window.store
        self.article_id: int | None = None
        self.comparison: Comparison | None = None
        self._shared: list[int] = []
        self._refreshing = False
        self.setWindowTitle("Compare coders — Annotator")
        self._build()
        window.undo_stack.indexChanged.connect(self._on_stack_moved)
        window.installEventFilter(self)  # close with the main window (and its project)
        self.resize(1440, 920)

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.previous = QPushButton("◀ Previous", self,
                                    toolTip="Previous article both coded (Alt+Left)")
        self.next = QPushButton("Next ▶", self, toolTip="Next article both coded (Alt+Right)")
        self.previous.clicked.connect(lambda: self._step(-1))
        self.next.clicked.connect(lambda: self._step(+1))
        # The main window's keys, so the keyboard never has to leave the items table
        # (whose Tab walks its cells): Alt+Left/Right step articles, Alt+1-3 pick a layer.
        for key, step in (("Alt+Left", -1), ("Alt+Right", +1)):
            self._shortcut(key, lambda s=step: self._step(s))
        self.coder_a, self.coder_b = QComboBox(self), QComboBox(self)
        self.gold = QLineEdit(DEFAULT_GOLD, self)
        self.gold.setMaximumWidth(140)
        self.match = QComboBox(self)
        self.match.addItem("overlapping spans", False)
        self.match.addItem("identical spans", True)
        self.match.setToolTip("How items are paired, as in the agreement report "
                              "(overlap F1 or exact F1)")
        self.linked = QCheckBox("Scroll together", self, checked=True)
        for combo in (self.coder_a, self.coder_b, self.match):
            combo.currentIndexChanged.connect(self.refresh)
        self.gold.editingFinished.connect(self.refresh)
        self.linked.toggled.connect(self._on_linked)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.previous)
        top.addWidget(self.next)
        controls = QHBoxLayout()
        for label, widget in ((f"<b style='color:{COLOUR_A}'>Coder A</b>", self.coder_a),
                              (f"<b style='color:{COLOUR_B}'>Coder B</b>", self.coder_b),
                              ("Gold coder", self.gold), ("Pair items by", self.match)):
            controls.addWidget(QLabel(label, self))
            controls.addWidget(widget)
            controls.addSpacing(12)
        controls.addStretch(1)
        controls.addWidget(self.linked)
        self.panes = SideBySide((COLOUR_A, COLOUR_B), self)
        for side in ("a", "b"):
            self.panes.pane(side).highlight_clicked.connect(
                lambda h, s=side: self._on_highlight_clicked(s, h))
        self.tabs = QTabWidget(self)
        self.tables: dict[str, ItemsTable] = {}
        for layer in LAYERS:
            table = ItemsTable(layer, self)
            table.accept_requested.connect(self.accept_current)
            table.current_item_changed.connect(
                lambda item, t=table: self._on_item_chosen(t, item))
            self.tables[layer] = table
            self.tabs.addTab(table, LAYER_TITLES[layer])
            self._shortcut(f"Alt+{len(self.tables)}",
                           lambda t=table: self._show_layer(t))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.panes)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([520, 340])
        splitter.setChildrenCollapsible(False)
        self.message = QLabel(HINT, self)
        grey(self.message)
        # A long verdict must not widen the window: the label gives way, the tooltip has it all.
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        stack = self.window_.undo_stack
        for action, keys in ((stack.createUndoAction(self, "Undo"), ("Ctrl+Z",)),
                             (stack.createRedoAction(self, "Redo"), ("Ctrl+Shift+Z", "Ctrl+Y"))):
            action.setShortcuts([QKeySequence(k) for k in keys])
            self.addAction(action)
            button = QToolButton(self)
            button.setDefaultAction(action)  # keeps the live "Undo Accept ..." text
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bottom.addWidget(button)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.panes.a.set_point_size(self.window_.article_view.point_size - 1)
        self.panes.b.set_point_size(self.window_.article_view.point_size - 1)

    def _shortcut(self, key: str, slot) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)

    def _show_layer(self, table: ItemsTable) -> None:
        self.tabs.setCurrentWidget(table)
        table.setFocus()
        if not table.currentIndex().isValid() and table.items_model.rowCount():
            table.selectRow(0)

    # -- what is shown ------------------------------------------------------------------
    def show_article(self, article_id: int) -> None:
        """Compare the coders of another article (keeping A and B if they coded it too)."""
        self.article_id = article_id
        coders = self.store.article_coders(article_id)
        gold = self.gold.text().strip() or DEFAULT_GOLD
        picks = [c for c in coders if c != gold] or coders
        for combo, fallback in ((self.coder_a, 0), (self.coder_b, 1)):
            keep = combo.currentText()
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItems(coders)
                if keep in coders:
                    combo.setCurrentText(keep)
                elif picks:
                    combo.setCurrentText(picks[min(fallback, len(picks) - 1)])
        # an article one coder coded alone left A and B on that coder: the next one that
        # two coded compares two people, not the one with themselves
        other = next((c for c in picks if c != self.coder_a.currentText()), None)
        if self.coder_a.currentText() == self.coder_b.currentText() and other is not None:
            with QSignalBlocker(self.coder_b):
                self.coder_b.setCurrentText(other)
        article = self.store.article(article_id)
        self.title.setText(f"#{article.id}  {article.title or '(untitled)'}")
        self.refresh(new_text=article.body)

    def show_coders(self, a: str, b: str) -> None:
        """Compare coders ``a`` and ``b`` (a reliability hot spot names the pair)."""
        for combo, name in ((self.coder_a, a), (self.coder_b, b)):
            if combo.findText(name) >= 0:
                with QSignalBlocker(combo):
                    combo.setCurrentText(name)
        self.refresh()

    def refresh(self, *_args, new_text: str | None = None, navigate: bool = True) -> None:
        """Re-read A's, B's and gold's rows, pair them again and repaint (scroll stays)."""
        if self.article_id is None:
            return
        a, b = self.coder_a.currentText(), self.coder_b.currentText()
        gold = self.gold.text().strip() or DEFAULT_GOLD
        rows = {name: self.store.annotations_by_coder(self.article_id, name)
                for name in {a, b, gold}}
        self.comparison = compare(rows[a], rows[b], rows[gold], coder_a=a, coder_b=b,
                                  gold_name=gold, exact=bool(self.match.currentData()))
        codebook = self.window_.codebook
        for side, name in (("a", a), ("b", b)):
            self.panes.pane(side).show_coder(name or "—", rows[name],
                                             highlights_of(rows[name], codebook), new_text)
        self._refreshing = True
        try:
            for layer, table in self.tables.items():
                table.show_items(self.comparison.items[layer], a, b)
        finally:
            self._refreshing = False
        for layer in LAYERS:
            counts = self.comparison.counts(layer)
            parts = [f"{counts[k]} {w}" for k, w in ((AGREE, "agree"), (DIFFER, "differ"),
                                                      (ONLY_A, "only A"), (ONLY_B, "only B"))
                     if counts[k]]
            self.tabs.setTabText(LAYERS.index(layer), f"{LAYER_TITLES[layer]} "
                                 f"({', '.join(parts) or 'none'})")
        if navigate:  # not after every edit: it reads every coder's annotations
            self._shared = self.store.shared_articles(a, b) if a and b else []
        self.previous.setEnabled(any(i < self.article_id for i in self._shared))
        self.next.setEnabled(any(i > self.article_id for i in self._shared))
        if self.coder_a.count() < 2:
            self.show_message("Fewer than two coders coded this article: nothing to compare.")
        elif a == b:
            self.show_message("Coder A and coder B are the same person: pick two coders.")
        elif self.message.text().startswith(("Coder A and coder B", "Fewer than two")):
            self.show_message("")  # said of the pair or the article before, not of this one

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.window_ and event.type() == QEvent.Type.Close:
            self.close()
        return False

    def _on_stack_moved(self, _index: int) -> None:
        if self.isVisible():
            self.refresh(navigate=False)

    def _step(self, step: int) -> None:
        if self.article_id is None:
            return
        ahead = [i for i in self._shared if (i - self.article_id) * step > 0]
        if ahead:
            target = min(ahead) if step > 0 else max(ahead)
            self.window_.open_article(target)
            self.show_article(target)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setToolTip(text)

    # -- accepting -----------------------------------------------------------------------
    def current_table(self) -> ItemsTable:
        return self.tabs.currentWidget()

    def accept_current(self, side: str) -> None:
        """Accept ``side``'s version of the selected row (the A and B keys, the buttons)."""
        table = self.current_table()
        item = table.current_item()
        if item is None or self.comparison is None:
            self.show_message("Select a row first.")
            return
        coder = self.comparison.coder_a if side == "a" else self.comparison.coder_b
        error = accept(self.window_.undo_stack, self.window_.context, item, side, coder,
                       self.comparison.gold)
        self.show_message(error or f"Accepted {coder}'s version into "
                                   f"{self.comparison.gold}. " + HINT)
        table.setFocus()

    # -- following the selection -----------------------------------------------------------
    def _on_item_chosen(self, table: ItemsTable, item) -> None:
        """Flash the chosen row's spans in both panes (not while a refresh re-selects rows)."""
        if self._refreshing or table is not self.current_table():
            return
        if item is not None:  # the verdict in full: the column may cut it short
            self.show_message(f"{item.verdict()[0].upper()}{item.verdict()[1:]}."
                              + ("" if item.in_gold else "  " + HINT))
        for side in ("a", "b"):
            row = item.row(side) if item is not None else None
            if row is not None:
                self.panes.pane(side).body.flash(spans_of(item.layer, row))

    def _on_tab_changed(self, _index: int) -> None:
        table = self.current_table()
        self._on_item_chosen(table, table.current_item())

    def _on_highlight_clicked(self, side: str, highlight) -> None:
        table = self.tables[highlight.table]
        self.tabs.setCurrentWidget(table)
        table.select(side, highlight.row_id)
        table.setFocus()  # so A or B accepts it at once

    def _on_linked(self, on: bool) -> None:
        self.panes.linked = on


def open_compare(window: MainWindow) -> CompareDialog | None:
    """Team ▸ Compare coders: open (or bring back) the window on the current article."""
    if window.article_id is None:
        window.show_message("Open an article to compare its coders.")
        return None
    dialog = getattr(window, "compare_dialog", None)
    if dialog is None:
        dialog = window.compare_dialog = CompareDialog(window)
    dialog.show_article(window.article_id)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.current_table().setFocus()
    return dialog

