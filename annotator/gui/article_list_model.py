"""The article list's model: virtual, its rows read from the store a page at a time.

Its size comes from counts the store keeps and its rows are read a page at a
time as the view paints them (keyset queries, a bounded cache of pages), so a
project of a million articles opens and scrolls as one of ten thousand does.
"""

from __future__ import annotations

import bisect
from array import array
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.gui.models import ID_ROLE, Index, RowsTableModel
from annotator.store import ListLayout, Store

STATUS_LABELS = {"todo": "todo", "in_progress": "in progress", "done": "done",
                 "skipped": "skipped"}
STATUS_COLOURS = {"todo": "#6c757d", "in_progress": "#b26b00", "done": "#2b8a3e",
                  "skipped": "#868e96"}


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

    def fetch_through(self, article_id: int) -> None:
        """List a search's hits up to ``article_id``, so that next and previous, which may
        step past the hits listed so far, find the article they opened in the list."""
        while self._layout is None and self._more and self._ids and self._ids[-1] < article_id:
            self.fetchMore()

    # -- moving through the list ----------------------------------------------------
    def neighbour(self, article_id: int, step: int, *, skip_done: bool = False) -> int | None:
        """The article after (+1) or before (-1) ``article_id`` in this list, as the view
        shows it: the coder's assignments, the status filter and the search, in id
        order. Asked of the store (one seek), not of the rows read so far, which a
        search or a scrolled million-row list holds only in part."""
        return self.store.neighbour_article_id(article_id, step, skip_done=skip_done,
                                               status=self.status_filter, search=self.search)

    def first(self, *, skip_done: bool = False) -> int | None:
        """The list's first article (the first not done or skipped, with ``skip_done``)."""
        return self.neighbour(0, +1, skip_done=skip_done)

    def holds(self, article_id: int) -> bool:
        """Whether the list (every row of it, listed yet or not) has this article."""
        return self.neighbour(article_id - 1, +1) == article_id

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
