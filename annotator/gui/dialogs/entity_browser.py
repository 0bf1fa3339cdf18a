"""Entities ▸ Browse entities…: every entity of the project, its names, and its past merges.

A coder cleans the corpus-wide entity list here: filters it by name, alias or
type, renames and retypes in place, adds and removes aliases, merges the
selected entities into one, and splits a merge made earlier (by anyone, also
long ago). "Mentions" lists where the current entity is used, with context;
double-clicking one opens that article at that span in the main window.

The browser reads through the Store and writes through :class:`Identity`
(undo commands on the window's stack). After any step on that stack (an
edit here, a mention coded in the window, an undo) it re-reads the list.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.debounce import Debounce
from annotator.gui.entity_models import EntityTableModel, HtmlDelegate, MentionsModel
from annotator.gui.label_look import coloured, grey
from annotator.gui.models import ID_ROLE
from annotator.gui.panels.cell_editors import ChoiceDelegate
from annotator.spans import counted


class EntityBrowser(QDialog):
    """The browser window (not modal: the coder keeps coding beside it)."""

    def __init__(self, identity, parent=None) -> None:
        super().__init__(parent)
        self.identity = identity
        self.store = identity.store
        self.setWindowTitle("Entities")
        self.resize(1040, 720)
        book = identity.w.codebook
        types = [(c.label, c.key) for c in book.entity_types]
        self.model = EntityTableModel(self.store.entity_summaries, self._edit, book, self)
        self.mentions = MentionsModel(
            lambda eid, limit: self.store.mention_contexts(eid, limit, MentionsModel.WIDTH), self)
        self._build(types)
        self.reload_timer = Debounce(self, 150, self.reload)
        identity.w.undo_stack.indexChanged.connect(lambda _i: self._schedule_reload())
        for name in ("undo", "redo"):
            self.addAction(identity.w.actions_by_name[name])

    # -- layout --------------------------------------------------------------------------
    def _build(self, types) -> None:
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by name or alias…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _t: self.apply_filter())
        self.type_filter = QComboBox(self)
        self.type_filter.addItem("All types", None)
        for label, key in types:
            self.type_filter.addItem(label, key)
        self.type_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.count = QLabel(self)
        grey(self.count)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.type_filter)
        top.addWidget(self.count)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegate(ChoiceDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        for col, width in enumerate((300, 170, 90)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._show_mentions_of(current.row()))

        self.rename_button = self._button("&Rename", self.rename_current, "Rename (F2)")
        self.alias_add_button = self._button("Add &alias…", self.add_alias,
                                             "Another name of the current entity")
        self.alias_remove_button = self._button("Remo&ve alias…", self.remove_alias)
        self.merge_button = self._button("&Merge selected…", self.merge_selected,
                                         "Fold the selected entities into one you choose")
        self.mentions_button = self._button("Show men&tions", self.show_mentions)
        self.notice = QLabel(self)  # why a button did nothing, said where the coder looks
        coloured(self.notice, "#a40000")
        actions = QHBoxLayout()
        for b in (self.rename_button, self.alias_add_button, self.alias_remove_button,
                  self.merge_button):
            actions.addWidget(b)
        actions.addWidget(self.notice, 1)
        actions.addWidget(self.mentions_button)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addLayout(actions)

        self.tabs = QTabWidget(self)
        self.mention_view = QTableView(self)
        self.mention_view.setModel(self.mentions)
        self.mention_view.setItemDelegateForColumn(1, HtmlDelegate(self.mention_view))
        self.mention_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mention_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mention_view.verticalHeader().hide()
        self.mention_view.verticalHeader().setDefaultSectionSize(26)
        self.mention_view.horizontalHeader().resizeSection(0, 260)
        self.mention_view.horizontalHeader().setStretchLastSection(True)
        self.mention_view.doubleClicked.connect(lambda index: self.open_mention(index.row()))
        self.tabs.addTab(self.mention_view, "Mentions")
        self.merges = QTableWidget(0, 3, self)
        self.merges.setHorizontalHeaderLabels(["Kept", "Merged into it", "When"])
        self.merges.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.merges.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.merges.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.merges.verticalHeader().hide()
        self.merges.horizontalHeader().resizeSection(0, 280)
        self.merges.horizontalHeader().resizeSection(1, 280)
        self.merges.horizontalHeader().setStretchLastSection(True)
        self.split_button = self._button("S&plit", self.split_selected,
                                         "Undo the selected merge: each mention goes back")
        merges_tab = QWidget(self)
        merges_layout = QVBoxLayout(merges_tab)
        merges_layout.addWidget(self.merges, 1)
        split_row = QHBoxLayout()
        split_row.addStretch(1)
        split_row.addWidget(self.split_button)
        merges_layout.addLayout(split_row)
        self.tabs.addTab(merges_tab, "Merges")

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(self.tabs)
        splitter.setSizes([440, 260])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _button(self, text: str, slot, tip: str = "") -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        if tip:
            button.setToolTip(tip)
        return button

    def present(self) -> None:
        """Show (or raise) the browser re-read, with the keys in the filter and the filter
        selected: typing a name replaces the last one, and the list stays filtered as it
        was until then."""
        self.reload()
        self.show()
        self.raise_()
        self.activateWindow()
        self.filter.setFocus()
        self.filter.selectAll()

    def say(self, text: str) -> None:
        """A sentence under the list (empty: none), in the dialog the coder is looking at;
        the window's status bar is hidden behind it."""
        self.notice.setText(text)

    # -- reading -----------------------------------------------------------------------------
    def _schedule_reload(self) -> None:
        if self.isVisible():
            self.reload_timer.start()

    def reload(self) -> None:
        """Re-read entities and merges; the current entity stays current if it still exists."""
        keep = self.current_id()
        self.model.reload()
        self._after_filter(keep)
        self._reload_merges()

    def apply_filter(self) -> None:
        """Filter; the entity the text names exactly becomes current (listed first, so
        Alt+R or Alt+A act on the name typed), else the current one stays if listed."""
        keep = self.current_id()
        self.say("")
        self.model.set_filter(self.filter.text(), self.type_filter.currentData())
        exact = self.model.exact_match()
        self._after_filter(exact if exact is not None else keep)

    def _after_filter(self, keep: int | None) -> None:
        total, shown = len(self.model.rows), self.model.rowCount()
        self.count.setText(f"{shown:,} of {counted(total, 'entity')}" if shown != total
                           else counted(total, 'entity'))
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and shown:
            row = 0
        if row is not None:
            self.select_rows([row])
        else:
            self._show_mentions_of(-1)

    def _reload_merges(self) -> None:
        merges = self.store.merges()
        self.merges.setRowCount(len(merges))
        for r, m in enumerate(merges):
            for c, text in enumerate((m["kept_name"], m["merged_name"],
                                      (m["at"] or "")[:16].replace("T", " "))):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, m["id"])
                self.merges.setItem(r, c, item)
        self.split_button.setEnabled(bool(merges))

    def current_id(self) -> int | None:
        r = self.model.row_data(self.table.currentIndex().row())
        return r["id"] if r else None

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.row_data(r)["id"] for r in rows]

    def select_rows(self, rows: list[int]) -> None:
        sel = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        sel.setCurrentIndex(self.model.index(rows[0], 0), flags.ClearAndSelect | flags.Rows)
        for r in rows[1:]:
            sel.select(self.model.index(r, 0), flags.Select | flags.Rows)
        self.table.scrollTo(self.model.index(rows[0], 0))
        self._show_mentions_of(rows[0])

    def _show_mentions_of(self, row: int) -> None:
        r = self.model.row_data(row)
        self.mentions.show_entity(r["id"] if r else None)
        shown = len(self.mentions.rows)
        label = "Mentions"
        if r is not None:
            more = f", first {shown:,}" if shown < r["mentions"] else ""
            label = f"Mentions of “{r['name']}” ({r['mentions']:,}{more})"
        self.tabs.setTabText(0, label)

    # -- edits (all through Identity, so they are undoable) ---------------------------------
    def _edit(self, what: str, entity_id: int, value) -> None:
        if what == "name":
            self.identity.rename(entity_id, value)
        else:
            self.identity.set_type(entity_id, value)

    def acted_on(self, doing: str) -> int | None:
        """The one entity Rename and the alias buttons act on: the row the coder sees
        selected, made current.

        That is the current row when it is selected (the usual case), else the one
        selected row (Ctrl+arrows move the focus frame alone, and Rename used to edit
        the row under the frame); with nothing selected, the current row or the only
        row listed. Otherwise nothing is done, and the dialog says why.
        """
        selected = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        current, shown = self.table.currentIndex().row(), self.model.rowCount()
        if current in selected or (not selected and current >= 0):
            row = current
        elif len(selected) == 1 or (not selected and shown == 1):
            row = selected[0] if selected else 0
        else:
            self.say(self._why_none(doing, len(selected), shown))
            return None
        self.say("")
        if row != current or row not in selected:
            self.select_rows([row])
        return self.model.row_data(row)["id"]

    def _why_none(self, doing: str, selected: int, shown: int) -> str:
        if selected:
            return f"Select one entity to {doing}: {selected:,} are selected."
        if shown:
            return f"Select the entity to {doing}."
        text, kind = self.filter.text().strip(), self.type_filter.currentData()
        if not text and kind is None:
            return f"No entity to {doing}: the project has none yet."
        of_type = f" of type {self.type_filter.currentText()}" if kind is not None else ""
        matches = f" matches “{text}”" if text else " is listed"
        return f"No entity to {doing}: none{of_type}{matches}."

    def rename_current(self) -> None:
        entity_id = self.acted_on("rename")
        if entity_id is not None:
            self.table.edit(self.model.index(self.model.row_of(entity_id), 0))

    def add_alias(self, alias: str | None = None) -> bool:
        entity_id = self.acted_on("add an alias to")
        if entity_id is None:
            return False
        if alias is None:
            ask = QInputDialog(self)
            ask.setWindowTitle("Add alias")
            ask.setLabelText(f"Another name of “{self.identity.name(entity_id)}”:")
            ask.resize(max(420, ask.sizeHint().width()), ask.sizeHint().height())  # whole title
            if not ask.exec():
                return False
            alias = ask.textValue()
        return self.identity.add_alias(entity_id, alias)

    def remove_alias(self, alias: str | None = None) -> bool:
        entity_id = self.acted_on("remove an alias from")
        if entity_id is None:
            return False
        if alias is None:
            aliases = self.store.aliases(entity_id)
            if not aliases:
                self.say(f"“{self.identity.name(entity_id)}” has no aliases.")
                return False
            alias, ok = QInputDialog.getItem(self, "Remove alias", "Alias to remove:",
                                             aliases, 0, False)
            if not ok:
                return False
        return self.identity.remove_alias(entity_id, alias)

    def merge_selected(self, kept_id: int | None = None, name: str | None = None) -> bool:
        """Merge the selected entities; asks which one is kept unless ``kept_id`` is given."""
        ids = self.selected_ids()
        if len(ids) < 2:
            self.say("Select two or more entities to merge.")
            return False
        if kept_id is None:
            rows = [r for r in self.model.rows if r["id"] in set(ids)]
            chooser = KeptChooser(rows, self)
            if chooser.exec() != QDialog.DialogCode.Accepted:
                return False
            kept_id, name = chooser.choice()
        kept_name = self.identity.name(kept_id)
        new_name = name if name and " ".join(name.split()) != kept_name else None
        return self.identity.merge(kept_id, [i for i in ids if i != kept_id], new_name)

    def split_selected(self, merge_id: int | None = None) -> bool:
        if merge_id is None:
            item = self.merges.item(self.merges.currentRow(), 0)
            merge_id = item.data(ID_ROLE) if item else None
        return merge_id is not None and self.identity.split(merge_id)

    def show_mentions(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.mention_view.setFocus()
        if self.mentions.rowCount():
            self.mention_view.selectRow(0)

    def open_mention(self, row: int) -> None:
        m = self.mentions.mention(row)
        if m is not None:
            self.identity.show_mention(m["article_id"], m["start"], m["end"])


class KeptChooser(QDialog):
    """Which of the selected entities stays (the others fold into it), and its name."""

    def __init__(self, rows: list[dict], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge entities")
        self.rows = rows
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Keep this entity; the others are merged into it and their "
                                "names become its aliases:", self))
        best = max(range(len(rows)), key=lambda i: rows[i]["mentions"])
        for i, r in enumerate(rows):
            mentions = counted(r["mentions"], "mention")
            radio = QRadioButton(f"{r['name']}  ({r['type']}, {mentions})", self)
            self.group.addButton(radio, i)
            radio.setChecked(i == best)
            layout.addWidget(radio)
        self.name = QLineEdit(rows[best]["name"], self)
        self.group.idToggled.connect(self._on_toggled)
        row = QHBoxLayout()
        row.addWidget(QLabel("Canonical name", self))
        row.addWidget(self.name, 1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _on_toggled(self, i: int, on: bool) -> None:
        if on and self.name.text() in {r["name"] for r in self.rows}:
            self.name.setText(self.rows[i]["name"])

    def choice(self) -> tuple[int, str]:
        return self.rows[max(self.group.checkedId(), 0)]["id"], self.name.text()
