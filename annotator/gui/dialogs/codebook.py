"""Edit ▸ Codebook…: the project's coding scheme, edited in the window.

A tab per section (entity types, claim categories, attribution kinds,
certainty levels) and one for the levels of measurement. Every cell edit,
addition, removal or move is one undoable edit on the window's undo stack
(``CodebookCommand``), stored at once like every other edit: there is nothing
to save. Removing a code that annotations use first asks where they go
(:class:`~annotator.gui.dialogs.codebook_table.RemapDialog`); the store
refuses the rest. Import and export as TOML and the printable HTML page are
buttons at the bottom.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook import LEVELS, SECTIONS, CodebookError, load_codebook, type_letters
from annotator.codebook.edit import (
    CodebookEdit,
    add_code,
    edit_code,
    move_code,
    remove_code,
    rename_codebook,
    replace_codebook,
    same_scheme,
    set_level,
)
from annotator.codebook.html_page import codebook_html
from annotator.codebook.toml_file import codebook_toml
from annotator.gui import file_dialogs
from annotator.gui.dialogs.codebook_table import CodeTable, RemapDialog
from annotator.gui.label_look import coloured, grey

TAB_TITLES = {"entity_types": "Entity types", "claim_categories": "Claim categories",
              "attribution_kinds": "Attribution kinds", "certainty": "Certainty levels"}
#: What each variable of the reliability report is, beside its level.
VARIABLE_HINTS = {"type": "entity type of a mention", "entity": "entity a span names",
                  "category": "claim category", "position": "claim position −1/0/+1",
                  "certainty": "certainty (in the order of its tab)",
                  "claimant": "claimant entity", "source": "source entity",
                  "cue": "attribution cue", "kind": "attribution kind",
                  "role": "role of a span"}


class CodebookDialog(QDialog):
    """The codebook editor of one window; refreshed by the window after every change."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Codebook")
        self.setObjectName("codebook_dialog")
        self.name = QLineEdit(self)
        self.name.editingFinished.connect(self._rename_book)
        self.version = QLabel(self)
        self.tabs = QTabWidget(self)
        self.tables: dict[str, CodeTable] = {}
        for section in SECTIONS:
            self.tabs.addTab(self._section_tab(section), TAB_TITLES[section])
        self.levels: dict[str, QComboBox] = {}
        self.tabs.addTab(self._levels_tab(), "Levels of measurement")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        coloured(self.message, "#a0281e")
        head = QHBoxLayout()
        head.addWidget(QLabel("&Name", self, buddy=self.name))
        head.addWidget(self.name, 1)
        head.addWidget(self.version)
        for action in (window.actions_by_name["undo"], window.actions_by_name["redo"]):
            button = QToolButton(self)
            button.setDefaultAction(action)
            head.addWidget(button)
            self.addAction(action)  # Ctrl+Z works here too
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(self._file_buttons())
        self.resize(1000, 520)
        self._tab_keys()
        self.refresh()
        first = self.tables[SECTIONS[0]]  # the keys start on the codes, not the book's name
        first.setFocus()
        if first.rowCount():
            first.selectRow(0)

    def _tab_keys(self) -> None:
        """Ctrl+Tab / Ctrl+Shift+Tab (and Ctrl+PgDown / PgUp) switch tabs from anywhere in
        the editor: a code table takes Tab for its cells, and the keys never reached the
        tabs from inside one."""
        for keys, step in ((("Ctrl+Tab", "Ctrl+PgDown"), +1),
                           (("Ctrl+Shift+Tab", "Ctrl+Shift+Backtab", "Ctrl+PgUp"), -1)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(lambda step=step: self.tabs.setCurrentIndex(
                    (self.tabs.currentIndex() + step) % self.tabs.count()))

    # -- building ---------------------------------------------------------------------------
    def _section_tab(self, section: str) -> QWidget:
        page = QWidget(self)
        table = CodeTable(section, page)
        table.edited.connect(lambda key, field, value, s=section: self._edit_cell(
            s, key, field, value))
        self.tables[section] = table
        buttons = QHBoxLayout()
        for text, slot in (("&Add", self.add), ("&Remove…", self.remove),
                           ("Move &up", lambda: self.move(-1)),
                           ("Move &down", lambda: self.move(+1))):
            button = QPushButton(text, page)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = QLabel("Double-click a cell or press F2 to edit it. Hover over a column's title for "
                      "what it means.", page)
        grey(hint, "#666666")
        buttons.addWidget(hint)
        layout = QVBoxLayout(page)
        layout.addWidget(table, 1)
        layout.addLayout(buttons)
        return page

    def _levels_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        intro = QLabel("The level of measurement of each variable: the reliability report "
                       "(Team ▸ Reliability, annotator agreement) computes Krippendorff's α "
                       "at this level.", page)
        intro.setWordWrap(True)
        form.addRow(intro)
        for variable, hint in VARIABLE_HINTS.items():
            combo = QComboBox(page)
            combo.addItems(LEVELS)
            combo.setToolTip(hint)
            combo.currentTextChanged.connect(lambda level, v=variable: self._set_level(v, level))
            self.levels[variable] = combo
            form.addRow(f"{variable} ({hint})", combo)
        return page

    def _file_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot, tip in (
                ("&Import TOML…", self.import_toml,
                 "Take a codebook file whole (what annotator import --codebook reads)"),
                ("&Export TOML…", self.export_toml, "Write this codebook as a TOML file"),
                ("&Printable page…", self.export_html,
                 "Write the codebook as an HTML page for the coders' manual")):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton("&Close", self)  # Alt+C; a button's own shortcut would replace it
        close.clicked.connect(self.close)
        closing = QShortcut(self)  # the platform's Close keys, and Ctrl+W as the window's
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Close)
        closing.setKeys(keys + [QKeySequence("Ctrl+W")] * (QKeySequence("Ctrl+W") not in keys))
        closing.activated.connect(self.close)
        row.addWidget(close)
        return row

    # -- showing ----------------------------------------------------------------------------
    @property
    def book(self):
        return self.window_.codebook

    def refresh(self) -> None:
        """Show the window's codebook as it is now (after an edit, an undo, another program)."""
        book, usage = self.book, self.window_.store.code_usage()
        self.name.setText(book.name)
        self.version.setText(f"version {book.version}")
        for section, table in self.tables.items():
            letters = type_letters(book.entity_types) if section == "entity_types" else None
            table.fill(book.codes(section), usage, letters)
        for variable, combo in self.levels.items():
            combo.blockSignals(True)
            combo.setCurrentText(book.level_of(variable))
            combo.blockSignals(False)

    def current_section(self) -> str | None:
        index = self.tabs.currentIndex()
        return SECTIONS[index] if index < len(SECTIONS) else None

    # -- edits ------------------------------------------------------------------------------
    def apply(self, edit: CodebookEdit) -> bool:
        """Push one edit on the window's undo stack; a refusal is shown here, nothing changes."""
        if not edit.recode and same_scheme(edit.book, self.book):
            return False
        error = self.window_.change_codebook(edit)
        self.message.setText(f"Not changed: {error}" if error else "")
        if error:
            self.refresh()  # the cell goes back to what is stored
        return error is None

    def _attempt(self, make) -> bool:
        try:
            edit = make()
        except CodebookError as exc:
            self.message.setText(f"Not changed: {exc}")
            self.refresh()
            return False
        return self.apply(edit)

    def _edit_cell(self, section: str, key: str, field: str, value: str) -> None:
        fields = {"new_key" if field == "key" else field: value.strip()}
        self._attempt(lambda: edit_code(self.book, section, key, **fields))

    def _rename_book(self) -> None:
        if self.name.text().strip() != self.book.name:
            self._attempt(lambda: rename_codebook(self.book, self.name.text()))

    def _set_level(self, variable: str, level: str) -> None:
        if self.book.level_of(variable) != level:
            self._attempt(lambda: set_level(self.book, variable, level))

    def add(self) -> None:
        """A new code with a key to rename: the key cell opens for typing at once."""
        section = self.current_section()
        if section is None:
            return
        taken = {c.key for c in self.book.codes(section)}
        key = next(k for k in (f"new_{n}" if n else "new" for n in range(len(taken) + 1))
                   if k not in taken)
        if self._attempt(lambda: add_code(self.book, section, key, "New code")):
            table = self.tables[section]
            table.select_key(key)
            table.editItem(table.cell_of(key, "key"))

    def remove(self) -> None:
        section = self.current_section()
        key = self.tables[section].current_key() if section else None
        if key is None:
            self.message.setText("Select the code to remove first.")
            return
        uses = self.window_.store.code_usage().get((section, key), 0)
        move_to = None
        if uses:
            others = [c for c in self.book.codes(section) if c.key != key]
            dialog = RemapDialog(section, key, uses, others, self)
            if not self.ask(dialog):
                return
            move_to = dialog.destination()
        self._attempt(lambda: remove_code(self.book, section, key, move_to))

    def ask(self, dialog: RemapDialog) -> bool:
        """Run the remap question (a method of its own so that tests can answer it)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def move(self, step: int) -> None:
        section = self.current_section()
        key = self.tables[section].current_key() if section else None
        if key is not None:
            self._attempt(lambda: move_code(self.book, section, key, step))

    # -- files ------------------------------------------------------------------------------
    def _folder(self) -> str:
        path = self.window_.store.path
        return str(path.parent) if path else ""

    def import_toml(self) -> None:
        names = file_dialogs.open_file_names(self, "Import a codebook (TOML)", self._folder())
        if not names:
            return
        try:
            book = load_codebook(names[0])
        except CodebookError as exc:
            self.message.setText(f"Not imported: {exc}")
            return
        self._attempt(lambda: replace_codebook(self.book, book))

    def export_toml(self) -> None:
        self._write("Export the codebook (TOML)", ".toml", "TOML (*.toml)", codebook_toml)

    def export_html(self) -> None:
        self._write("Printable codebook (HTML)", ".html", "HTML (*.html)", codebook_html)

    def _write(self, caption: str, suffix: str, filter_: str, render) -> None:
        suggested = Path(self._folder()) / f"codebook{suffix}"
        target = file_dialogs.save_file_name(self, caption, str(suggested), filter_)
        if not target:
            return
        try:
            Path(target).write_text(render(self.book), encoding="utf-8")
        except OSError as exc:
            self.message.setText(f"Not written: {target}: {exc.strerror or exc}")
            return
        self.message.setText("")
        self.window_.show_message(f"Wrote {target}")
