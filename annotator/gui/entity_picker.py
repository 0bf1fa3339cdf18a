"""Typeahead for entity names, shared by the panels' pickers and the C and S popups.

Wherever a coder names a corpus-wide entity, the candidates come from one
place, ``Store.suggest_entities`` (exact, prefix, word, then fuzzy matches over
names and aliases; about a millisecond per keystroke over 100,000 entities),
and are shown with their counts: "Iraqi Army (ORG, 214 mentions)". Seeing
that the corpus already has an "Iraqi Army" with 214 mentions is what keeps a
coder from creating "the Iraqi army" as a new entity. A match found through an
alias says so: "ISIL (ARMED_GROUP, 12 mentions) — alias “Daesh”".

:class:`EntityPicker` is a line edit with a completer popup. It answers like
the combo pickers it replaced (``value()``, ``select_value()``), so the
dialogs and the item delegate treat both alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from annotator.gui.models import FreeText, Index

if TYPE_CHECKING:  # the typeahead itself (numpy, rapidfuzz) loads at the first keystroke
    from annotator.identity.typeahead import Suggestion

MAX_SUGGESTIONS = 8


def suggestion_label(s: Suggestion) -> str:
    """"Iraqi Army (ORG, 214 mentions)", plus " — alias “Daesh”" when an alias matched."""
    plural = "" if s.mention_count == 1 else "s"
    label = f"{s.name} ({s.type}, {s.mention_count:,} mention{plural})"
    if s.matched and s.matched != s.name:
        label += f" — alias “{s.matched}”"
    return label


class EntityLookup(NamedTuple):
    """What a picker asks the store: suggestions for typed text, and the name of an id.

    Two callables rather than the Store itself, so item models and dialogs
    stay adapters that never hold the database. A NamedTuple, as EntityField.
    """

    suggest: Callable[..., list[Suggestion]]  # (query, limit) -> suggestions, best first
    name_of: Callable[[int], str]

    @classmethod
    def of(cls, store) -> EntityLookup:
        return cls(store.suggest_entities, lambda entity_id: store.entity(entity_id).name)


class SuggestionModel(QAbstractListModel):
    """The rows of a picker's popup: suggestions from the store, labelled with counts."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Suggestion] = []

    def set_rows(self, rows: list[Suggestion]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        s = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return suggestion_label(s)
        if role == Qt.ItemDataRole.EditRole:
            return s.name
        if role == Qt.ItemDataRole.UserRole:
            return s
        if role == Qt.ItemDataRole.ToolTipRole:
            return GUESSES.get(s.how, "").format(score=s.score, matched=s.matched) or None
        return None


GUESSES = {"fuzzy": "similar spelling ({score}% alike): “{matched}”",
           "acronym": "the initials of “{matched}”",
           "head": "a generic last word set aside: “{matched}”"}
"""What a coder is told about a suggestion that is a guess (Enter never takes one)."""


class EntityPicker(QLineEdit):
    """A name field that suggests existing entities as the coder types.

    ``value()`` is the chosen entity's id; None when the field is empty; the
    id of an entity whose name or alias is exactly the text; else the text as
    :class:`FreeText` (a new name, an anonymous source's description).

    Signals:
        chosen(object): the coder picked a suggestion (click, or Enter in the
            popup); carries the entity id. An item editor commits on it.
    """

    chosen = Signal(object)

    def __init__(self, lookup: EntityLookup, parent=None, *, none_label: str = "",
                 free_text: bool = False, limit: int = MAX_SUGGESTIONS) -> None:
        from PySide6.QtWidgets import QCompleter  # named at the first picker: start-up
        super().__init__(parent)
        self.lookup, self.free_text, self.limit = lookup, free_text, limit
        self._current: tuple[int, str] | None = None  # (id, name) the text stands for
        self.suggestions = SuggestionModel(self)
        self.completer_ = QCompleter(self.suggestions, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setMaxVisibleItems(limit)
        # Down on the last name stays on it: wrapping cleared the highlight, so Down,
        # Enter on a lone exact match ("ISIL") took the typed text and, in a popup,
        # Enter accepted the whole form before its other fields were set.
        self.completer_.setWrapAround(False)
        self.completer_.setWidget(self)
        self.completer_.activated[QModelIndex].connect(self._on_activated)
        self.setPlaceholderText(none_label or "type a name…")
        self.setClearButtonEnabled(True)
        self.textEdited.connect(self._on_edited)

    # -- the combo-like API ------------------------------------------------------------
    def set_current(self, entity_id: int | None, name: str = "") -> None:
        """Show an entity (or nothing) as the current value, without suggestions."""
        self._current = (entity_id, name) if entity_id is not None else None
        self.setText(name if entity_id is not None else "")
        self.selectAll()

    def select_value(self, value: Any) -> bool:
        """Like ``ChoiceCombo.select_value``: an entity id, or None for nothing."""
        if value is None:
            self.set_current(None)
            return True
        try:
            self.set_current(value, self.lookup.name_of(value))
        except KeyError:
            return False
        return True

    def text_value(self) -> str:
        return " ".join(self.text().split())

    def value(self) -> Any:
        text = self.text_value()
        if not text:
            return None
        if self._current and text == self._current[1]:
            return self._current[0]
        exact = [s for s in self.lookup.suggest(text, 3) if s.how == "exact"]
        if exact:
            return exact[0].entity_id
        return FreeText(text)

    # -- suggestions -------------------------------------------------------------------------
    def popup_visible(self) -> bool:
        return self.completer_.popup().isVisible()

    def _on_edited(self, _text: str) -> None:
        self.refresh_suggestions()

    def refresh_suggestions(self) -> None:
        """Ask the store for the typed text and show (or hide) the popup."""
        text = self.text_value()
        rows = self.lookup.suggest(text, self.limit) if text else []
        self.suggestions.set_rows(rows)
        popup = self.completer_.popup()
        if not rows:
            popup.hide()
            return
        popup.setMinimumWidth(max(self.width(), 420))
        self.completer_.complete()
        # In a field that only names entities, Enter takes the best match. Where
        # typed text is a value too (a new name, a source's description), Enter
        # keeps the text and a suggestion is taken with Down or a click.
        from annotator.identity.suggestions import takes_enter  # with the first keystroke
        if not self.free_text and takes_enter(rows[0], text):
            popup.setCurrentIndex(self.completer_.completionModel().index(0, 0))
        else:  # complete() highlights the first row by itself
            popup.selectionModel().clear()

    def _on_activated(self, index: QModelIndex) -> None:
        s = self.suggestions.data(self.suggestions.index(index.row()), Qt.ItemDataRole.UserRole)
        if s is not None:
            self._pick(s)

    def _pick(self, s: Suggestion) -> None:
        self._current = (s.entity_id, s.name)
        self.setText(s.name)
        self.completer_.popup().hide()
        self.chosen.emit(s.entity_id)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Enter with the popup open takes the highlighted suggestion, else the typed text.

        QCompleter hands the popup's keys straight to the field, past event
        filters and parents: an item delegate (which commits on Enter) and a
        dialog (whose default button takes Enter) would never see it. So with
        nothing highlighted, the key is sent again through the application once
        the popup is closed.
        """
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.popup_visible():
            current = self.completer_.popup().currentIndex()
            self.completer_.popup().hide()
            if current.isValid():
                self._pick(self.suggestions.rows[current.row()])
            else:
                QCoreApplication.sendEvent(self, QKeyEvent(event.type(), event.key(),
                                                           event.modifiers(), event.text()))
            event.accept()
            return
        super().keyPressEvent(event)
