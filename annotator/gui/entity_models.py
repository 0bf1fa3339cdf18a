"""Item models of the entity dialogs, thin adapters over Store queries, and context snippets.

:class:`EntityTableModel` holds the rows of ``Store.entity_summaries()`` (ids,
names, counts, aliases: the row cache) and filters them in Python, which for
100,000 entities is a few milliseconds per keystroke and needs no query.
:class:`MentionsModel` holds one page of ``Store.mention_contexts``. Neither
writes: an in-place edit goes to the ``edit`` callback, which makes it an
undo command.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from annotator.codebook import Codebook
from annotator.gui.models import CHOICES_ROLE, ID_ROLE, Index, RowsTableModel
from annotator.identity.normalise import normalise

_SPACE = re.compile(r"\s+")


def snippet(row: dict[str, Any], width: int) -> tuple[str, str, str]:
    """(before, mention, after) of a ``mention_contexts`` row, on one line, cut at words.

    Line breaks become spaces (a context spans paragraphs), and a word cut in
    half at either edge is dropped, so the coder reads whole words.
    """
    before = _SPACE.sub(" ", row["before"] or "")
    after = _SPACE.sub(" ", row["after"] or "")
    if row["start"] > width and " " in before.strip():
        before = "…" + before.split(" ", 1)[1]
    if len(row["after"] or "") >= width and " " in after.strip():
        after = after.rsplit(" ", 1)[0].rstrip()
        after += "\u00a0…" if after.endswith((".", "!", "?", "…")) else "…"
    return before, _SPACE.sub(" ", row["text"]), after


def snippet_html(row: dict[str, Any], width: int) -> str:
    """The snippet with the mention in bold, for labels and the HTML delegate."""
    before, text, after = snippet(row, width)
    return f"{html.escape(before)}<b>{html.escape(text)}</b>{html.escape(after)}"


class HtmlDelegate(QStyledItemDelegate):
    """Paints a column's DisplayRole as rich text (the mention in bold), one line."""

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        top = opt.rect.top() + max(0, (opt.rect.height() - doc.size().height()) / 2)
        painter.translate(opt.rect.left(), top)
        painter.setClipRect(QRectF(0, 0, opt.rect.width(), opt.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))

    @staticmethod
    def _document(opt: QStyleOptionViewItem) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(3)
        doc.setHtml(opt.text)
        return doc


class EntityTableModel(RowsTableModel):
    """Every live entity: name, type, mentions, aliases; filtered by text and type."""

    COLUMNS = ("Name", "Type", "Mentions", "Aliases")

    def __init__(self, load: Callable[[], list[dict[str, Any]]],
                 edit: Callable[[str, int, Any], None], codebook: Codebook,
                 parent=None) -> None:
        super().__init__(parent)
        self.load, self.edit, self.codebook = load, edit, codebook
        self.types = [(c.label, c.key) for c in codebook.entity_types]
        self._labels = {key: label for label, key in self.types}
        self.rows: list[dict[str, Any]] = []
        self.visible: list[int] = []
        self._haystacks: list[str] = []
        self.text_filter, self.type_filter = "", None
        self._sort = (2, Qt.SortOrder.DescendingOrder)

    def reload(self) -> None:
        self.rows = self.load()
        self._haystacks = ["\n".join(normalise(n) for n in (r["name"], *r["aliases"]))
                           for r in self.rows]
        self._refilter()

    def set_filter(self, text: str, entity_type: str | None) -> None:
        self.text_filter, self.type_filter = normalise(text), entity_type or None
        self._refilter()

    def _refilter(self) -> None:
        needle, kind = self.text_filter, self.type_filter
        self.beginResetModel()
        self.visible = [i for i, hay in enumerate(self._haystacks)
                        if needle in hay and (kind is None or self.rows[i]["type"] == kind)]
        self._sort_visible()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-sort, moving the persistent indexes (the selection, the current row) with
        their entities: without that they stayed on their row numbers, so after a click
        on a header the selected row held another entity and Rename renamed that one."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        held = [self.visible[i.row()] for i in before]
        self._sort = (column, order)
        self._sort_visible()
        row_of = {entity: row for row, entity in enumerate(self.visible)}
        self.changePersistentIndexList(
            before, [self.index(row_of[h], i.column()) for h, i in zip(held, before, strict=True)])
        self.layoutChanged.emit()

    def _sort_visible(self) -> None:
        """Sort by the chosen column; while a filter is typed, the entities it names
        exactly (by name, then by an alias) come first, whatever the column says."""
        column, order = self._sort
        key = {0: lambda r: r["name"].casefold(), 1: lambda r: (r["type"], r["name"].casefold()),
               2: lambda r: (r["mentions"], r["name"].casefold()),
               3: lambda r: (len(r["aliases"]), r["name"].casefold())}[column]
        self.visible.sort(key=lambda i: key(self.rows[i]),
                          reverse=order == Qt.SortOrder.DescendingOrder)
        if self.text_filter:
            self.visible.sort(key=self._exactness)  # stable: the column's order within

    def _exactness(self, i: int) -> int:
        """0 when the filter is the entity's name, 1 when it is one of its aliases, else 2."""
        names = self._haystacks[i].split("\n")
        return 0 if names[0] == self.text_filter else 1 if self.text_filter in names[1:] else 2

    def exact_match(self) -> int | None:
        """The id of the entity the filter names exactly, listed first; else None."""
        if not self.text_filter or not self.visible or self._exactness(self.visible[0]) == 2:
            return None
        return self.rows[self.visible[0]]["id"]

    # -- look-ups --------------------------------------------------------------------------
    def row_data(self, row: int) -> dict[str, Any] | None:
        return self.rows[self.visible[row]] if 0 <= row < len(self.visible) else None

    def row_of(self, entity_id: int) -> int | None:
        return next((r for r, i in enumerate(self.visible) if self.rows[i]["id"] == entity_id),
                    None)

    # -- the Qt model API --------------------------------------------------------------------
    def shown_rows(self) -> int:
        return len(self.visible)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in (0, 1) else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.row_data(index.row()) if index.isValid() else None
        if r is None:
            return None
        col = index.column()
        if role == ID_ROLE:
            return r["id"]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return r["name"]
            if col == 1:
                if role == Qt.ItemDataRole.EditRole:
                    return r["type"]
                return self._labels.get(r["type"], r["type"])
            if col == 2:
                return f"{r['mentions']:,}" if role == Qt.ItemDataRole.DisplayRole else None
            return ", ".join(r["aliases"])
        if role == CHOICES_ROLE and col == 1:
            return self.types
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return QColor(self.codebook.colour_of(r["type"]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return f"{r['name']} ({r['type']}): double-click to rename everywhere"
            if col == 3 and r["aliases"]:
                return "\n".join(r["aliases"])
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        r = self.row_data(index.row()) if index.isValid() else None
        if r is None or role != Qt.ItemDataRole.EditRole or value is None:
            return False
        if index.column() == 0 and str(value).strip():
            self.edit("name", r["id"], str(value))
            return True
        if index.column() == 1 and value in {key for _, key in self.types}:
            self.edit("type", r["id"], value)
            return True
        return False


class MentionsModel(RowsTableModel):
    """One entity's mentions (first ``limit``): article and context; rich text in column 1."""

    COLUMNS = ("Article", "Context")
    WIDTH = 45

    def __init__(self, load: Callable[[int, int], list[dict[str, Any]]], parent=None) -> None:
        super().__init__(parent)
        self.load = load  # (entity_id, limit) -> mention_contexts rows
        self.rows: list[dict[str, Any]] = []
        self.entity_id: int | None = None

    def show_entity(self, entity_id: int | None, limit: int = 500) -> None:
        self.beginResetModel()
        self.entity_id = entity_id
        self.rows = self.load(entity_id, limit) if entity_id is not None else []
        self.endResetModel()

    def mention(self, row: int) -> dict[str, Any] | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def shown_rows(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.mention(index.row()) if index.isValid() else None
        if m is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return f"#{m['article_id']} {m['title'] or '(untitled)'}"
            return snippet_html(m, self.WIDTH)
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 0:
                return m["title"]
            before, text, after = snippet(m, self.WIDTH)
            return f"{before}{text}{after}\n\nDouble-click to open the article at this mention."
        if role == ID_ROLE:
            return m["id"]
        return None
