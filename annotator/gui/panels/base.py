"""What the three panels share: a tree view over a panel model and a picker delegate.

Every editable column either takes text (the default line edit), names a
corpus-wide entity (``ENTITY_ROLE``: a typeahead over the store, with counts),
or offers choices the model lists under ``CHOICES_ROLE`` (categories, kinds,
parents). One delegate serves them all (``cell_editors``), so a new choice column
needs only a model change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.debounce import Debounce
from annotator.gui.models import (
    ID_ROLE,
    SPANS_ROLE,
    PanelModel,
)
from annotator.gui.panels.cell_editors import (
    ChoiceDelegate,
    NameDelegate,
)
from annotator.gui.panels.columns import CODE, FIXED, TEXT, Column, fit_widths
from annotator.gui.wrappers import wrap_viewport

__all__ = ["PanelView"]


NO_ARTICLE_HINT = "No article open.\nImport articles (Ctrl+I) to start coding."


class HintTreeView(QTreeView):
    """A tree view that says what to do while it is empty, instead of showing white space.

    An empty panel is where a new coder looks for what to do next, so the hint
    names the key that fills it.
    """

    hint = ""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        wrap_viewport(self)  # before the panel's first viewport() (annotator/gui/wrappers.py)

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: N802 - Qt's name
        """Left and Right move between the cells of a row, so F2 reaches every field.

        A tree that selects whole rows uses them only to expand, collapse and scroll
        sideways, which left the keyboard on the first column. A collapsed group still
        opens with Right, and Left on the first column still closes it or goes to its
        parent.
        """
        cursor = QAbstractItemView.CursorAction
        current = self.currentIndex()
        if action in (cursor.MoveLeft, cursor.MoveRight) and current.isValid():
            first = current.siblingAtColumn(0)
            opens = action == cursor.MoveRight and self.model().hasChildren(first) \
                and not self.isExpanded(first)
            cell = None if opens else self._next_cell(current, +1 if action ==
                                                      cursor.MoveRight else -1)
            if cell is not None:
                return cell
        return super().moveCursor(action, modifiers)

    def _next_cell(self, index: QModelIndex, step: int) -> QModelIndex | None:
        """The next shown cell of the row in the order the header shows the columns."""
        header = self.header()
        visual = header.visualIndex(index.column()) + step
        while 0 <= visual < header.count():
            column = header.logicalIndex(visual)
            if not header.isSectionHidden(column):
                return index.siblingAtColumn(column)
            visual += step
        return None

    def shown_hint(self) -> str:
        """What the empty view says: how to code its first row, or (an empty project, no
        article shown) that there is nothing to code yet; "" when it has rows."""
        model = self.model()
        if not self.hint or model is None or model.rowCount() > 0:
            return ""
        return self.hint if getattr(model, "data_", True) is not None else NO_ARTICLE_HINT

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        hint = self.shown_hint()
        if not hint:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        rect = self.viewport().rect().adjusted(16, 24, -16, -16)
        painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                         | Qt.TextFlag.TextWordWrap, hint)
        painter.end()


class PanelView(QWidget):
    """A panel: one tree view over a panel model, reporting the spans of the current row.

    Signals:
        spans_selected(list): [(start, end), ...] of the row the coder selected,
            for the article view to scroll to and flash.
    """

    spans_selected = Signal(list)
    #: What the empty panel says (each panel names its key).
    EMPTY_HINT = ""
    #: Each column's preferred width (see ``columns.py``): a narrow one (``NARROW`` or
    #: less) keeps it, the others take what their cells need up to about it.
    WIDTHS: tuple[int, ...] = ()
    #: Columns of codebook labels (type, category, kind), kept whole before the text.
    CODES: tuple[int, ...] = ()
    #: The column the coder reads (the name, the claim): it takes the width left over.
    READING = 0
    MIN_WIDTH = 44
    NARROW = 80
    #: What the cells need is read from the first rows (an article's, or the top of a big
    #: one's): Qt's ``sizeHintForColumn`` read 200 rows, 260 ms in an article of 1,250
    #: claims, or only those on screen, of a view just shown none or two.
    NEED_ROWS = 60
    #: A claim's first words are enough to know it is wider than any panel.
    NEED_CHARS = 120
    #: The pause after the rows change before the needs are read again (a burst of
    #: edits reads once, and an edit does not wait for it: 25 ms in a big Entities tab).
    REFIT_MS = 200

    def __init__(self, model: PanelModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = HintTreeView(self)
        self.view.hint = self.EMPTY_HINT
        self.view.setModel(model)
        self.view.setItemDelegate(ChoiceDelegate(self.view))
        for column in model.NAME_COLUMNS:
            self.view.setItemDelegateForColumn(column, NameDelegate(self.view))
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        header = self.view.header()
        header.setStretchLastSection(False)  # the reading column takes the rest instead
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        model.rowsRemoved.connect(self._select_current)
        self._silent = False
        self.view.viewport().installEventFilter(self)
        # What the cells need changes with the rows: read it again once the view has them.
        self._needs: dict[int, int] = {}
        self._refit = Debounce(self, self.REFIT_MS, self.fit_columns)
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged,
                       model.layoutChanged, self.view.expanded, self.view.collapsed):
            signal.connect(lambda *_args: self._refit.start())
        model.modelReset.connect(self._on_reset)
        self.fit_columns()

    def _on_reset(self) -> None:
        """Another article: fit to its rows at once if shown (no jump a moment after it
        opens), else when the panel's tab is shown."""
        if self.isVisible():
            self.fit_columns()
        else:
            self._needs = {}
            self._refit.start()  # held while hidden: runs at once when shown (showEvent)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._refit.isActive() or not self._needs:
            self.fit_columns()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and obj is self.view.viewport():
            self._share_width()  # the needs read last: a splitter drag reads no cells
        return super().eventFilter(obj, event)

    def fit_columns(self) -> None:
        """The shown columns fill the panel's width, so no field a coder edits sits past
        a sideways scroll, and each gets what its cells need before the claim or name
        the coder reads takes the rest (``columns.fit_widths`` says how)."""
        self._refit.stop()
        self._needs = {}
        self._share_width()

    def _share_width(self) -> None:
        header = self.view.header()
        shown = [c for c in range(min(len(self.WIDTHS), header.count()))
                 if not header.isSectionHidden(c)]
        room = self.view.viewport().width()
        if not shown or room <= 0:
            return
        missing = [c for c in shown if c not in self._needs]
        rows = self._first_rows() if missing else []
        for c in missing:
            self._needs[c] = self._need(c, rows)
        columns = [Column(self.WIDTHS[c], self._needs[c],
                          FIXED if self.WIDTHS[c] <= self.NARROW else
                          CODE if c in self.CODES else TEXT, header.sectionSizeHint(c))
                   for c in shown]
        reading = shown.index(self.READING) if self.READING in shown else 0
        for c, width in zip(shown, fit_widths(room, columns, reading, self.MIN_WIDTH),
                            strict=True):
            header.resizeSection(c, width)

    def _need(self, column: int, rows: list[tuple[QModelIndex, int]]) -> int:
        """The width the column's header and its widest cell of ``rows`` ask for (a narrow
        column keeps its own width whatever its cells ask: they are not read).

        The widest text is found by the font alone; only that cell is sized by the
        delegate (margins, a type's swatch, padding): sizing every cell took a quarter
        of a millisecond each."""
        if self.WIDTHS[column] <= self.NARROW:
            return self.WIDTHS[column]
        header = self.view.header().sectionSizeHint(column)
        metrics, indent = self.view.fontMetrics(), self.view.indentation()
        widest, most = None, -1
        for index, depth in rows:  # the widest text by the font: cheap
            cell = index.siblingAtColumn(column)
            text = cell.data(Qt.ItemDataRole.DisplayRole)
            text = text[:self.NEED_CHARS] if isinstance(text, str) else ""  # wider: no matter
            # the branch and the indentation come before the first cell
            before = indent * (depth + self.view.rootIsDecorated()) if column == 0 else 0
            width = before + metrics.horizontalAdvance(text)
            if width > most:
                widest, most = (cell, before), width
        if widest is None:
            return header
        cell, before = widest  # the delegate sizes that one cell: margins, icon, padding
        option = QStyleOptionViewItem()
        self.view.initViewItemOption(option)
        return max(header, before + self.view.itemDelegate().sizeHint(option, cell).width())

    def _first_rows(self) -> list[tuple[QModelIndex, int]]:
        """Up to ``NEED_ROWS`` rows as shown from the top: (first cell, depth), the rows
        of an expanded entity group after it."""
        rows, model = [], self.model
        for r in range(model.rowCount()):
            top = model.index(r, 0)
            rows.append((top, 0))
            if self.view.isExpanded(top):
                rows += [(model.index(c, 0, top), 1) for c in range(model.rowCount(top))]
            if len(rows) >= self.NEED_ROWS:
                return rows[:self.NEED_ROWS]
        return rows

    def _select_current(self, *_removed) -> None:
        """After a Delete the row that took the deleted one's place is selected, not only
        framed, so a second Delete removes it instead of asking to select a row."""
        current, selection = self.view.currentIndex(), self.view.selectionModel()
        if current.isValid() and not selection.hasSelection():
            selection.select(current, QItemSelectionModel.SelectionFlag.ClearAndSelect
                             | QItemSelectionModel.SelectionFlag.Rows)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        spans = current.siblingAtColumn(0).data(SPANS_ROLE) if current.isValid() else None
        if spans and not self._silent:
            self.spans_selected.emit(list(spans))

    def select_id(self, row_id: int, *, quiet: bool = True, **find) -> bool:
        """Make a row current (after a click on its span); ``quiet`` avoids a flash back."""
        index = self.model.find(row_id, **find)
        if not index.isValid():
            return False
        if index.parent().isValid():
            self.view.expand(index.parent())
        self._silent = quiet
        try:
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(index)
        finally:
            self._silent = False
        return True

    def show_coder_column(self, show: bool) -> None:
        """Show the model's "Coder" column (if it has one) only while others' work is shown.

        With one coder's rows it would repeat the coder's own name on every row.
        The column is the model's last (so no field's column number moves) but
        is shown second, beside the item it names, not scrolled out of sight.
        """
        if "Coder" not in self.model.COLUMNS:
            return
        column, header = self.model.COLUMNS.index("Coder"), self.view.header()
        if header.visualIndex(column) != 1:
            header.moveSection(header.visualIndex(column), 1)
        self.view.setColumnHidden(column, not show)
        self.fit_columns()

    def selected_ids(self) -> list[int]:
        return [r.data(ID_ROLE) for r in self.selected_indexes() if r.data(ID_ROLE) is not None]

    def selected_indexes(self) -> list[QModelIndex]:
        """The selected rows; with none selected, the current row (framed, where the keys
        act: Alt+3 then Delete showed "Select a row" over the row the frame was on)."""
        rows = self.view.selectionModel().selectedRows(0)
        current = self.view.currentIndex()
        return rows or ([current.siblingAtColumn(0)] if current.isValid() else [])
