"""Qt item models: thin adapters over Store queries holding ids and a small row cache.

The article list's model is ``article_list_model``. The panel models
(in ``panels/``) share :class:`PanelModel`: they show one article's
:class:`ArticleAnnotations` and never write; an edit becomes an undo command
through the ``edit`` callback the window gives them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from annotator.model import Article, Attribution, Claim, Entity, Mention
from annotator.store import Store

#: A list of (label, value) pairs: the choices of a combo-box editor.
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 1
#: The store id of the row.
ID_ROLE = Qt.ItemDataRole.UserRole + 2
#: [(start, end), ...] code-point spans of the row, to scroll to and flash.
SPANS_ROLE = Qt.ItemDataRole.UserRole + 3
#: An :class:`EntityField` when the column names a corpus-wide entity (typeahead editor).
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 4

Index = QModelIndex | QPersistentModelIndex

#: The flags of a row's cells: every row can be selected, some cells edited.
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE_FLAGS = ROW_FLAGS | Qt.ItemFlag.ItemIsEditable


class FreeText(str):
    """Text typed into a picker that matches none of its choices (an anonymous source)."""


class EntityField(NamedTuple):
    """How a column that names an entity is edited: the typeahead's start and options.

    ``current`` is the entity shown (id, name) or None; ``none_label`` is what
    an empty field means ("— (anonymous)"); ``free_text`` lets typed text that
    names no entity through as :class:`FreeText` (a new name, a description), and
    ``text`` is the description shown when no entity is.
    A NamedTuple: made before the window's first paint, where a frozen dataclass
    costs about 1.5 ms to create (benchmarks/startup.py).
    """

    current: tuple[int, str] | None
    none_label: str = ""
    free_text: bool = False
    #: The description shown when no entity is (an anonymous source's "the officer"),
    #: so the editor opens on it, not empty.
    text: str = ""


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


class PanelModel(QAbstractItemModel):
    """Base of the panel models: one article's annotations, edits routed to ``edit``.

    ``edit(table, row_id, fields, text)`` is the window's way of turning an
    in-place edit into an undo command. ``lookup`` (an ``EntityLookup``) is what
    the entity pickers ask for suggestions when an editor opens.
    """

    COLUMNS: tuple[str, ...] = ()
    #: The columns that hold entity names (elided in the middle:
    #: ``panels.cell_editors.NameDelegate``).
    NAME_COLUMNS: tuple[int, ...] = ()
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
