"""Qt item models: thin adapters over Store queries holding ids and a small row cache.

The article list is virtual: its size comes from counts the store keeps and
its rows are read a page at a time as the view paints them, so a project of a
million articles opens and scrolls as one of ten thousand does. The panel models
(in ``panels/``) share :class:`PanelModel`: they show one article's
:class:`ArticleAnnotations` and never write; an edit becomes an undo command
through the ``edit`` callback the window gives them.
"""

from __future__ import annotations

import bisect
from array import array
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from annotator.model import Article, Attribution, Claim, Entity, Mention
from annotator.store import ListLayout, Store

#: A list of (label, value) pairs: the choices of a combo-box editor.
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 1
#: The store id of the row.
ID_ROLE = Qt.ItemDataRole.UserRole + 2
#: [(start, end), ...] code-point spans of the row, to scroll to and flash.
SPANS_ROLE = Qt.ItemDataRole.UserRole + 3
#: An :class:`EntityField` when the column names a corpus-wide entity (typeahead editor).
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 4

STATUS_LABELS = {"todo": "todo", "in_progress": "in progress", "done": "done",
                 "skipped": "skipped"}
STATUS_COLOURS = {"todo": "#6c757d", "in_progress": "#b26b00", "done": "#2b8a3e",
                  "skipped": "#868e96"}

Index = QModelIndex | QPersistentModelIndex

#: The flags of a row's cells: every row can be selected, some cells edited.
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE_FLAGS = ROW_FLAGS | Qt.ItemFlag.ItemIsEditable


class FreeText(str):
    """Text typed into a picker that matches none of its choices (an anonymous source)."""


@dataclass(frozen=True)
class EntityField:
    """How a column that names an entity is edited: the typeahead's start and options.

    ``current`` is the entity shown (id, name) or None; ``none_label`` is what
    an empty field means ("— (anonymous)"); ``free_text`` lets typed text that
    names no entity through as :class:`FreeText` (a new name, a description).
    """

    current: tuple[int, str] | None
    none_label: str = ""
    free_text: bool = False


@dataclass
class ArticleAnnotations:
    """Everything coded in one article, read once per refresh: the panels' row cache."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    entities: dict[int, Entity] = field(default_factory=dict)
    #: Coder names by id, filled when several coders' work is shown (to say whose a row is).
    coders: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store, article_id: int,
             coder_id: int | None = None) -> ArticleAnnotations:
        """Read an article's annotations: one coder's, or every coder's when ``coder_id`` is None.

        A coder normally sees only their own work (blind double coding); the
        window passes None when the coder asks to see the others' too.
        """
        data = cls(store.article(article_id), store.mentions(article_id, coder_id),
                   store.claims(article_id, coder_id), store.attributions(article_id, coder_id))
        if coder_id is None:
            data.coders = {c["id"]: c["name"] for c in store.coders()}
        data.entities = store.entities_named(data.mentions, data.claims, data.attributions)
        return data

    def entity_name(self, entity_id: int | None) -> str:
        ent = self.entities.get(entity_id) if entity_id is not None else None
        return ent.name if ent else ""

    @property
    def all_coders(self) -> bool:
        """Whether rows may be other coders' (then each row says whose it is)."""
        return bool(self.coders)

    def coder_name(self, coder_id: int | None) -> str:
        return self.coders.get(coder_id, "") if coder_id is not None else ""

    def coded_by(self, coder_id: int | None) -> str:
        """A tooltip line naming the row's coder when several coders are shown, else ""."""
        name = self.coder_name(coder_id)
        return f"Coded by {name}" if name else ""

    def claim(self, claim_id: int) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)


class RowsTableModel(QAbstractTableModel):
    """A flat table over a list of rows: counts, columns and headers, once for every model.

    Subclasses name their ``COLUMNS`` and say how many rows they show in
    :meth:`shown_rows` (a filter may show fewer than they hold).
    """

    COLUMNS: tuple[str, ...] = ()

    def shown_rows(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.shown_rows()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None


class ArticleListModel(RowsTableModel):
    """The article list: title, date, outlet and this coder's status, read by the page.

    A virtual list: :meth:`rowCount` is the whole filtered total from the
    start, and only the pages the view paints are read from the store and
    kept, the last :attr:`CACHE_PAGES` of them. Scrolling, Ctrl+End and
    dragging the scroll bar to row 900,000 each read one or two pages, as
    at row 10; the view never lays out rows it does not show.

    Without a search the total is exact and free: the store keeps counts per
    block of ids (:class:`~annotator.store.ListLayout`). A search (or a
    coder's assignments) is listed by its ids, read :attr:`COUNT_CAP` at a
    time: past the first chunk :attr:`capped` is set (the window says
    "10,000+"), and when the view reaches the end the next chunk comes
    (``fetchMore``) until one comes back short; a common word then costs
    one chunk of ids, not a count of every article it is in.
    """

    COLUMNS = ("Title", "Date", "Outlet", "Status")
    PAGE = 100
    COUNT_CAP = 10_000
    CACHE_PAGES = 40

    def __init__(self, store: Store, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self._layout: ListLayout | None = None
        self._ids = array("q")
        self._more = False
        self._pages: OrderedDict[int, list[ListRow]] = OrderedDict()
        self._last: tuple[int, list[ListRow]] = (-1, [])
        self.status_filter: str | None = None
        self.search: str | None = None
        self.reload()

    # -- loading -------------------------------------------------------------
    def set_filter(self, status: str | None, search: str | None) -> None:
        self.status_filter, self.search = status or None, (search or "").strip() or None
        self.reload()

    def reload(self) -> None:
        """Read the list's size again and forget every page (a filter change, an import)."""
        self.beginResetModel()
        self._pages.clear()
        self._last = (-1, [])
        self._layout = None if self.search else self.store.list_layout(self.status_filter)
        self._ids, self._more = array("q"), False
        if self._layout is None:
            self._ids.extend(self._next_ids())
        self.endResetModel()

    def _next_ids(self) -> list[int]:
        """The next chunk of the listed ids; sets :attr:`capped` when more follow it."""
        ids = self.store.list_article_ids(status=self.status_filter, search=self.search,
                                          after_id=self._ids[-1] if self._ids else None,
                                          limit=self.COUNT_CAP + 1)
        self._more = len(ids) > self.COUNT_CAP
        return ids[:self.COUNT_CAP]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        """The next chunk of a search's hits, when the view has reached the last one."""
        if not self._more:
            return
        added = self._next_ids()
        if added:
            self.beginInsertRows(QModelIndex(), len(self._ids), len(self._ids) + len(added) - 1)
            self._ids.extend(added)
            self.endInsertRows()

    def _page(self, number: int) -> list[ListRow]:
        """One page of rows, from the cache or the store; the oldest page goes past the cap."""
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        first = number * self.PAGE
        if self._layout is not None:
            found = self.store.list_rows_at(self._layout, first, self.PAGE)
        else:
            found = self.store.list_rows_of(self._ids[first:first + self.PAGE])
        rows = self._pages[number] = [ListRow(r) for r in found]
        while len(self._pages) > self.CACHE_PAGES:
            self._pages.popitem(last=False)
        return rows

    def _row(self, row: int) -> ListRow | None:
        """The row's cells; the page last read is kept at hand, since a paint asks for the
        same page some hundreds of times in a row."""
        number, offset = divmod(row, self.PAGE)
        if number != self._last[0]:
            if not 0 <= row < self.total:
                return None
            self._last = (number, self._page(number))
        rows = self._last[1]
        return rows[offset] if offset < len(rows) else None  # the project shrank meanwhile

    @property
    def cached_rows(self) -> int:
        """Rows held in memory now (at most ``CACHE_PAGES * PAGE``)."""
        return sum(len(rows) for rows in self._pages.values())

    @property
    def total(self) -> int:
        """Rows matching the filter; when :attr:`capped`, only those listed so far."""
        return self._layout.total if self._layout is not None else len(self._ids)

    @property
    def capped(self) -> bool:
        """Whether more rows match than are listed yet (the total is then "at least")."""
        return self._more

    def row_of(self, article_id: int) -> int | None:
        """The row of an article, None when the filter leaves it out (or past the listed hits)."""
        if self._layout is not None:
            return self.store.list_row_of(self._layout, article_id)
        at = bisect.bisect_left(self._ids, article_id)
        return at if at < len(self._ids) and self._ids[at] == article_id else None

    def article_id(self, row: int) -> int | None:
        found = self._row(row)
        return found.id if found else None

    def set_status(self, article_id: int, status: str) -> None:
        """Show a new status in place (the row stays even if the filter no longer fits)."""
        for number, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == article_id:
                    row.set_status(status)
                    at = number * self.PAGE + offset
                    self.dataChanged.emit(self.index(at, 3), self.index(at, 3))
                    return

    # -- the Qt model API -------------------------------------------------------
    def shown_rows(self) -> int:
        return self.total

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _LIST_ROLES:  # most of a paint's questions: answered first
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()]
        if role == ID_ROLE:
            return row.id
        col = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return row.title
        if role == Qt.ItemDataRole.ForegroundRole and col == 3:
            return row.colour
        return None


_LIST_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                         Qt.ItemDataRole.ForegroundRole, ID_ROLE})


class ListRow:
    """One article of the list as the view shows it, its cells worked out once per read."""

    __slots__ = ("cells", "colour", "id", "title")

    def __init__(self, row: dict[str, Any]) -> None:
        self.id, self.title = row["id"], row["title"]
        self.cells = [row["title"] or f"(untitled #{row['id']})", (row["published"] or "")[:10],
                      row["outlet"] or "", ""]
        self.set_status(row["status"])

    def set_status(self, status: str) -> None:
        self.cells[3] = STATUS_LABELS.get(status, status)
        self.colour = QColor(STATUS_COLOURS.get(status, "#000000"))


class PanelModel(QAbstractItemModel):
    """Base of the panel models: one article's annotations, edits routed to ``edit``.

    ``edit(table, row_id, fields, text)`` is the window's way of turning an
    in-place edit into an undo command. ``lookup`` (an ``EntityLookup``) is what
    the entity pickers ask for suggestions when an editor opens.
    """

    COLUMNS: tuple[str, ...] = ()
    #: The tables whose rows this panel shows something of (an edit elsewhere leaves it be).
    TABLES: tuple[str, ...] = ()

    def __init__(self, edit: Callable[[str, int, dict[str, Any], str], None],
                 lookup: Any = None, parent=None) -> None:
        super().__init__(parent)
        self.edit = edit
        self.lookup = lookup
        self.data_: ArticleAnnotations | None = None

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def load(self, data: ArticleAnnotations | None, fresh: bool = False) -> None:
        """Show new annotations; keep views' editors and selection when only values changed.

        ``fresh`` (an article just opened) resets the rows at once: there is no
        selection to keep, and a reset costs less than repainting every row.
        """
        same_shape = not fresh and self.data_ is not None and data is not None and \
            self.shape(self.data_) == self.shape(data)
        if same_shape:
            self.data_ = data
            self.refresh_values()
        else:
            self.beginResetModel()
            self.data_ = data
            self.rebuild()
            self.endResetModel()

    def sync(self, data: ArticleAnnotations, touched: Any) -> None:
        """Follow one edit (``touched``: an ``annotation_changes.Touched``) row by row.

        Rows that came are inserted, rows that went are removed and rows that
        changed are repainted, so the view keeps its selection, expansion and
        scroll position, and an edit costs what it touches. By default: ``load``.
        """
        self.load(data)

    def shape(self, data: ArticleAnnotations) -> Any:
        """What decides rows and their order; equal shapes only need a repaint."""
        raise NotImplementedError

    def rebuild(self) -> None:
        """Recompute the row list from ``self.data_`` (inside a model reset)."""

    def refresh_values(self) -> None:
        self.rebuild()
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, self.columnCount() - 1))
            for r in range(rows):  # children of a tree
                parent = self.index(r, 0)
                kids = self.rowCount(parent)
                if kids:
                    self.dataChanged.emit(self.index(0, 0, parent),
                                          self.index(kids - 1, self.columnCount() - 1, parent))

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Qt asks for every visible cell on each repaint and row removal: constants, since
        # or-ing enum members in Python costs more than the rest of the call
        return EDITABLE_FLAGS if index.isValid() and self.is_editable(index) else ROW_FLAGS

    def is_editable(self, index: Index) -> bool:
        return False

    def find(self, row_id: int) -> QModelIndex:
        """The index of a row id (for selecting a row when its span is clicked)."""
        for r in range(self.rowCount()):
            idx = self.index(r, 0)
            if idx.data(ID_ROLE) == row_id:
                return idx
        return QModelIndex()


def splice_rows(model: QAbstractItemModel, parent: QModelIndex, old: list, new: list,
                key: Callable[[Any], Any], assign: Callable[[list], None]) -> None:
    """Turn ``old`` rows into ``new`` with one removal and one insertion at most.

    Rows equal by ``key`` at both ends stay; only the differing middle is
    removed and inserted (an edit changes a row or two, or moves one). Qt hears
    each step with the row list it describes, so persistent indexes (the
    selection, the current row, expanded rows) follow.
    """
    n, m = len(old), len(new)
    p = 0
    while p < n and p < m and key(old[p]) == key(new[p]):
        p += 1
    s = 0
    while s < n - p and s < m - p and key(old[n - 1 - s]) == key(new[m - 1 - s]):
        s += 1
    if n - p - s:
        model.beginRemoveRows(parent, p, n - s - 1)
        assign(old[:p] + old[n - s:])
        model.endRemoveRows()
    if m - p - s:
        model.beginInsertRows(parent, p, m - s - 1)
        assign(new)
        model.endInsertRows()
    else:
        assign(new)


def row_id(row: Any) -> int:
    return row.id


class FlatPanelModel(PanelModel):
    """A panel that is a plain table: ``self.rows`` holds one dataclass per row."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[Any] = []

    def sync(self, data: ArticleAnnotations, touched: Any) -> None:
        if self.data_ is None:
            return self.load(data)
        old = self.rows
        self.data_ = data
        own = any(touched.of(t) for t in self.TABLES)
        if own:
            splice_rows(self, QModelIndex(), old, self.ordered_rows(), row_id, self._assign)
            self.after_sync()
        # else only entities were renamed or retyped: the rows stay as they are
        last = self.columnCount() - 1
        if touched.entities and self.rows and \
                self.shows_entity(self.rows[0], touched.entities) is None:
            # a renamed entity may show on any row
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, last))
            return None
        for r, row in enumerate(self.rows):
            if (own and self.changed(row, touched)) or \
                    (touched.entities and self.shows_entity(row, touched.entities)):
                self.dataChanged.emit(self.index(r, 0), self.index(r, last))
        return None

    def shows_entity(self, row: Any, entity_ids: set[int]) -> bool | None:
        """Whether a row shows the name of one of these entities (None: it may, so a
        rename repaints every row). Qt checks every row a change names, so naming
        only the rows concerned keeps retyping an entity from costing the article."""
        return None

    def _assign(self, rows: list) -> None:
        self.rows = rows

    def ordered_rows(self) -> list:
        """The rows ``self.data_`` shows, in order (what ``rebuild`` puts in ``rows``)."""
        raise NotImplementedError

    def after_sync(self) -> None:
        """Recompute what the rows derive (depths) once the row list is current."""

    def changed(self, row: Any, touched: Any) -> bool:
        """Whether a row that stayed shows something an edit changed."""
        return False

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def index(self, row: int, column: int,
              parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self.rows)) \
                or not (0 <= column < len(self.COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index | None = None):  # type: ignore[override]
        if child is None:  # QObject.parent()
            return QObject.parent(self)
        return QModelIndex()

    def row_item(self, index: Index) -> Any:
        return self.rows[index.row()] if index.isValid() else None
