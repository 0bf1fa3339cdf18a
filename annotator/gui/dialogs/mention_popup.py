"""The E popup: link the selected text to an entity, existing or new.

The name field starts with the selected text and suggests existing entities
as the coder types ("Iraqi Army (ORG, 214 mentions)"). The suggestions come
from ``Store.suggest_entities``, the same ranking every entity field uses
(names and aliases: exact, prefix, word, then fuzzy). The last row always
offers a new entity of the chosen type, so what Enter will do is visible
before it is pressed.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from annotator.codebook import Codebook, type_letters
from annotator.gui.entity_picker import MAX_SUGGESTIONS, EntityLookup, suggestion_label
from annotator.gui.label_look import grey, quotation
from annotator.identity.suggestions import takes_enter
from annotator.spans import short


@dataclass(frozen=True)
class MentionChoice:
    """What the coder accepted: an existing entity, or a name and type for a new one."""

    entity_id: int | None
    name: str
    entity_type: str


class MentionPopup(QDialog):
    """Small window-modal popup; ``accepted`` means ``choice`` is set."""

    def __init__(self, selected_text: str, lookup: EntityLookup, book: Codebook,
                 default_type: str | None = None, parent=None,
                 linked: dict[str, int] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Entity mention")
        self.setModal(True)
        self.lookup = lookup
        #: Words this coder linked in this article (folded) -> the entity: the second
        #: "Iraqi forces" is the Iraqi Army the first was coded as, taken by Enter.
        self.linked = dict(linked or {})
        self.choice: MentionChoice | None = None
        quote = QLabel(f"“{short(selected_text, 70)}”", self)
        quotation(quote)
        self.type_combo = QComboBox(self)
        self.type_keys = type_letters(book.entity_types)
        for n, (code, letter) in enumerate(zip(book.entity_types, self.type_keys), 1):
            digit = str(n) if n <= 9 else " "
            self.type_combo.addItem(f"{digit} {letter.upper()}   {code.label} ({code.key})",
                                    code.key)
            if code.description:  # the coding rule, while choosing
                self.type_combo.setItemData(n - 1, code.description,
                                            Qt.ItemDataRole.ToolTipRole)
        self.type_combo.installEventFilter(self)
        if default_type:
            i = self.type_combo.findData(default_type)
            self.type_combo.setCurrentIndex(max(i, 0))
        self.name = QLineEdit(" ".join(selected_text.split()), self)
        self.name.setPlaceholderText("Entity name")
        self.name.installEventFilter(self)
        self.name.returnPressed.connect(self.accept)
        self.list = QListWidget(self)
        self.list.setMinimumWidth(420)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # ↑↓ from the name; Tab goes to type
        self.list.itemActivated.connect(lambda _item: self.accept())
        hint = QLabel("↑↓ choose · Enter accept · Esc cancel · Tab, then a digit or letter: "
                      "type of a new entity (Ctrl+digit from the name)", self)
        hint.setWordWrap(True)
        grey(hint, "#777777")
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Type of a new entity", self.type_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(quote)
        layout.addLayout(form)
        layout.addWidget(self.list)
        layout.addWidget(hint)
        self.name.textChanged.connect(self._update)
        self.type_combo.currentIndexChanged.connect(lambda _i: self._update())
        self._update()
        self.name.setFocus()
        self.name.selectAll()

    def _update(self) -> None:
        """Refill the list for the typed name; pre-select what Enter should do."""
        typed = " ".join(self.name.text().split())
        suggestions = self.lookup.suggest(typed, MAX_SUGGESTIONS) if typed else []
        here = self._linked_here(typed)
        if here is not None:
            suggestions = [here] + [x for x in suggestions if x.entity_id != here.entity_id]
        self.list.clear()
        for s in suggestions:
            item = QListWidgetItem(suggestion_label(s))
            item.setData(Qt.ItemDataRole.UserRole, s)
            self.list.addItem(item)
        if typed:
            code = self.type_combo.currentData()
            item = QListWidgetItem(f"＋ New entity “{typed}” ({code})")
            item.setData(Qt.ItemDataRole.UserRole, None)
            self.list.addItem(item)
        if self.list.count():
            # A spelling that is merely similar ("Iran" for "Iraq"), an acronym, a
            # generic head set aside ("Iraqi forces") or a longer name the typed one
            # begins ("Iraqi Army General Command" for "Iraqi Army") is shown, never
            # taken by a bare Enter: then Enter makes the new entity.
            fuzzy_first = bool(suggestions) and here is None \
                and not takes_enter(suggestions[0], typed)
            self.list.setCurrentRow(self.list.count() - 1 if fuzzy_first else 0)
        rows = min(self.list.count(), MAX_SUGGESTIONS + 1)
        self.list.setFixedHeight(max(2, rows) * (self.list.sizeHintForRow(0) + 2) + 6)

    def _linked_here(self, typed: str):
        """The suggestion of the entity these words were linked to in this article."""
        entity_id = self.linked.get(" ".join(typed.casefold().split()))
        if entity_id is None:
            return None
        try:
            name = self.lookup.name_of(entity_id)
        except KeyError:
            return None
        return next((x for x in self.lookup.suggest(name, MAX_SUGGESTIONS)
                     if x.entity_id == entity_id), None)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        """Up/Down in the name field move through the suggestions; Ctrl+digit there, and a
        digit or the type's letter in the type box, choose the type; Enter accepts from both."""
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(obj, event)
        key, text = event.key(), event.text().lower()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if obj is self.name:
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(key)
            if step and self.list.count():
                row = (self.list.currentRow() + step) % self.list.count()
                self.list.setCurrentRow(row)
                return True
            if ctrl and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
                return self._choose_type(key - Qt.Key.Key_1)
        if obj is self.type_combo and not self.type_combo.view().isVisible():
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept()
                return True
            if text.isdigit() and text != "0":
                return self._choose_type(int(text) - 1)
            if text.isalpha() and len(text) == 1:  # never the "next item after" search
                return self._choose_type(self.type_keys.index(text)) \
                    if text in self.type_keys else True
        return super().eventFilter(obj, event)

    def _choose_type(self, index: int) -> bool:
        """The coder picked a type: Enter now links the entity the typed text names
        exactly *with that type*, else makes a new entity of it.

        Refilling the list pre-selects the first suggestion, and a longer name that the
        typed one begins ("Iraqi Army General Command" for "Iraqi Army") would take the
        mention; so would an exact name of another type ("The New York Post" stored as
        OTHER when the coder pressed 5 for Media): a chosen type is what the coder said.
        """
        if 0 <= index < self.type_combo.count():
            self.type_combo.setCurrentIndex(index)
        chosen = self.type_combo.currentData()
        for row in range(self.list.count()):
            suggestion = self.list.item(row).data(Qt.ItemDataRole.UserRole)
            if suggestion is not None and suggestion.how == "exact" \
                    and suggestion.type == chosen:
                self.list.setCurrentRow(row)
                return True
        self.list.setCurrentRow(self.list.count() - 1)
        return True

    def accept(self) -> None:
        item = self.list.currentItem()
        typed = " ".join(self.name.text().split())
        suggestion = item.data(Qt.ItemDataRole.UserRole) if item else None
        if suggestion is not None:
            self.choice = MentionChoice(suggestion.entity_id, suggestion.name, suggestion.type)
        elif typed:
            self.choice = MentionChoice(None, typed, self.type_combo.currentData())
        else:
            return  # nothing to accept yet
        super().accept()
