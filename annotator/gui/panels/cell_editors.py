"""The panels' cell editors: one delegate for every editable column, and its pickers.

A panel fits its columns to its width, so a cell is often narrower than its text:
the delegate opens editors wide enough to read, elides entity names in the
middle, shows a cut cell's text whole as its tooltip, pads each cell, and lets
Alt+Down or F4 open a choice cell's list as they open a combo box.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QStyledItemDelegate

from annotator.gui.entity_picker import EntityPicker
from annotator.gui.models import CHOICES_ROLE, ENTITY_ROLE, FreeText


def code_choices(codes, none: str | None = "—") -> list[tuple[str, Any, str | None]]:
    """Codebook codes as combo choices, each with its coding rule as the item's tooltip."""
    head = [(none, None, None)] if none is not None else []
    return head + [(c.label, c.key, c.description) for c in codes]


class ChoiceCombo(QComboBox):
    """A combo box that remembers the Python value of each item (None included).

    A choice is ``(label, value)`` or ``(label, value, tooltip)``: a codebook
    code's description shows over its item in the list and over the closed box.
    """

    def __init__(self, choices: list[tuple], parent=None) -> None:
        super().__init__(parent)
        self.values: list[Any] = []
        self.currentIndexChanged.connect(self._show_tip)
        self.set_choices(choices)

    def set_choices(self, choices: list[tuple]) -> None:
        """Replace the items (the first becomes current)."""
        self.clear()
        self.values = [choice[1] for choice in choices]
        for i, (label, _value, *tip) in enumerate(choices):
            self.addItem(label)
            if tip and tip[0]:
                self.setItemData(i, tip[0], Qt.ItemDataRole.ToolTipRole)
        self._show_tip(self.currentIndex())

    def _show_tip(self, index: int) -> None:
        tip = self.itemData(index, Qt.ItemDataRole.ToolTipRole) if index >= 0 else None
        self.setToolTip(tip or "")

    def select_value(self, value: Any) -> bool:
        for i, v in enumerate(self.values):
            if v == value:
                self.setCurrentIndex(i)
                return True
        return False

    def value(self) -> Any:
        """The chosen value; typed text matching no item comes back as FreeText."""
        if self.isEditable():
            text = self.currentText().strip()
            i = self.findText(text, Qt.MatchFlag.MatchFixedString)
            return self.values[i] if i >= 0 else FreeText(text)
        i = self.currentIndex()
        return self.values[i] if 0 <= i < len(self.values) else None


def make_picker(choices: list[tuple], free_text: bool = False,
                parent=None) -> ChoiceCombo:
    """A combo for a choice column; long lists get type-to-filter (contains, any case)."""
    combo = ChoiceCombo(choices, parent)
    if free_text or len(choices) > 12:
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
    return combo


class ChoiceDelegate(QStyledItemDelegate):
    """Edits entity columns with a typeahead, choice columns with a combo, the rest as text.

    A panel fits its columns to its width, so a cell is often narrower than its
    text. An open editor is therefore at least ``EDITOR_WIDTH`` wide (or as wide
    as it asks, up to the panel's width) so that "Iraqi Army General Command" can
    be read while it is picked; an entity name is elided in the middle, so "Iraqi
    Army" and "Iraqi Army General Command" do not both read "Iraqi Army…"; and a
    cell whose text does not fit shows it whole as its tooltip.
    """

    EDITOR_WIDTH = 240
    #: The room a cell gives its text beyond the style's own margins: 2 px on either
    #: side and 3 above and below (what ``QTreeView::item { padding: 3px 2px }`` gave,
    #: without a style sheet: the style-sheet style drew every cell more slowly).
    PADDING = (4, 6)

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._list_keys = OpenListKeys(view)

    def sizeHint(self, option, index):  # noqa: N802 - Qt's name
        size = super().sizeHint(option, index)
        size.setWidth(size.width() + self.PADDING[0])
        size.setHeight(size.height() + self.PADDING[1])
        return size

    def updateEditorGeometry(self, editor, option, index) -> None:  # noqa: N802
        super().updateEditorGeometry(editor, option, index)
        room = editor.parentWidget().width() if editor.parentWidget() else option.rect.width()
        width = min(room, max(option.rect.width(), self.EDITOR_WIDTH,
                              editor.sizeHint().width()))
        rect = editor.geometry()
        rect.setWidth(width)
        if rect.right() >= room:  # near the right edge: open leftwards, still on screen
            rect.moveLeft(max(0, room - width))
        editor.setGeometry(rect)

    def helpEvent(self, event, view, option, index) -> bool:  # noqa: N802
        """The model's tooltip, headed by the cell's whole text when it is elided."""
        if event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        if isinstance(text, str) and text and self.elided(option, index) \
                and not (isinstance(tip, str) and tip.startswith(text)):
            from PySide6.QtWidgets import QToolTip  # with the first tooltip, not at start-up
            QToolTip.showText(event.globalPos(), f"{text}\n{tip}" if tip else text, view)
            return True
        return super().helpEvent(event, view, option, index)

    def elided(self, option, index) -> bool:
        """Whether the cell's text is wider than the room its column gives it."""
        from PySide6.QtWidgets import QStyleOptionViewItem  # with the first tooltip
        style_option = QStyleOptionViewItem(option)
        self.initStyleOption(style_option, index)
        return self.sizeHint(style_option, index).width() > option.rect.width()

    def createEditor(self, parent, option, index):  # noqa: N802
        field = index.data(ENTITY_ROLE)
        if field is not None:
            picker = EntityPicker(index.model().lookup, parent, none_label=field.none_label,
                                  free_text=field.free_text)
            picker.chosen.connect(lambda _id, p=picker: self._commit(p))
            return picker
        choices = index.data(CHOICES_ROLE)
        if choices is None:
            return super().createEditor(parent, option, index)
        combo = make_picker(choices, parent=parent)
        # Picking an item from the list is the whole edit: commit at once, no extra Enter.
        # Up/Down on the closed box only change the value (``eventFilter``): committing on
        # them closed the editor, and the next Down moved the view to another row.
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        combo.installEventFilter(self)
        return combo

    def eventFilter(self, editor, event) -> bool:  # noqa: N802
        if isinstance(editor, ChoiceCombo) and event.type() == QEvent.Type.KeyPress \
                and not editor.isEditable() and not editor.view().isVisible():
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(event.key())
            if step and not event.modifiers() & Qt.KeyboardModifier.AltModifier:  # opens
                editor.setCurrentIndex(max(0, min(editor.count() - 1,
                                                  editor.currentIndex() + step)))
                return True  # Enter, Tab or leaving the cell commits it
        return super().eventFilter(editor, event)

    def _commit(self, editor) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor, index) -> None:  # noqa: N802
        if isinstance(editor, EntityPicker):
            field = index.data(ENTITY_ROLE)
            editor.set_current(*(field.current or (None, "")))
            if field.current is None and field.text:
                editor.setText(field.text)  # the anonymous source's words, to edit
                editor.selectAll()
            return
        if not isinstance(editor, ChoiceCombo):
            super().setEditorData(editor, index)
            return
        if not editor.select_value(index.data(Qt.ItemDataRole.EditRole)) and editor.isEditable():
            editor.setEditText(index.data(Qt.ItemDataRole.DisplayRole) or "")

    def setModelData(self, editor, model, index) -> None:  # noqa: N802
        if isinstance(editor, ChoiceCombo | EntityPicker):
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


def opens_a_list(event) -> bool:
    """Alt+Down or F4: the keys that open a combo box's list, on a cell as in the box."""
    if event.type() != QEvent.Type.KeyPress:
        return False
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (event.key() == Qt.Key.Key_Down and modifiers == Qt.KeyboardModifier.AltModifier) \
        or (event.key() == Qt.Key.Key_F4 and modifiers == Qt.KeyboardModifier.NoModifier)



class NameDelegate(ChoiceDelegate):
    """The delegate of a column of entity names, elided in the middle ("Iraqi Army…Command").

    Only these columns have it (``PanelModel.NAME_COLUMNS``): a Python
    ``initStyleOption`` runs for every cell painted, and on every cell it asked the
    model for the entity as well, which doubled the cost of the Entities tab's paint
    after each edit in a big article (25 ms of 58).
    """

    def initStyleOption(self, option, index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle

class OpenListKeys(QObject):
    """Alt+Down or F4 on a choice cell (type, category, kind…) opens its editor with the
    list shown, as they open a combo box; a view's own keys only open an editor with F2
    and would have taken Alt+Down for a plain Down. Watches the view's key presses."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        view.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is not self.view or not opens_a_list(event):
            return False
        index = self.view.currentIndex()
        if not index.isValid() or index.data(CHOICES_ROLE) is None \
                or not index.flags() & Qt.ItemFlag.ItemIsEditable:
            return False
        self.view.edit(index)
        editor = self.view.indexWidget(index)
        if isinstance(editor, QComboBox):
            editor.showPopup()
        return True


#: What an empty panel says when no article is open (a new, empty project).
