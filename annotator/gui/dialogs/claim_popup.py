"""The C popup: code the selected text as a claim, optionally with its codes.

Every field is optional so that Enter right away just marks the claim; the
codes can also be filled in later in the Claims panel. Claimant and addressee
suggest existing entities with their mention counts as the coder types.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from annotator.codebook import Codebook
from annotator.gui.entity_picker import EntityLookup, EntityPicker
from annotator.gui.label_look import quotation
from annotator.gui.models import FreeText
from annotator.gui.panels.cell_editors import ChoiceCombo, code_choices
from annotator.gui.panels.claims import position_choices
from annotator.spans import short


class ClaimPopup(QDialog):
    """Window-modal; after ``accepted``, ``fields()`` gives the add_claim keywords."""

    def __init__(self, selected_text: str, lookup: EntityLookup,
                 book: Codebook, claimant_id: int | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Claim")
        self.setModal(True)
        quote = QLabel(f"“{short(selected_text, 200)}”", self)
        quote.setWordWrap(True)
        quotation(quote)
        quote.setMaximumWidth(460)
        self.claimant = EntityPicker(lookup, self, none_label="— (none)")
        self.claimant.select_value(claimant_id)
        self.addressee = EntityPicker(lookup, self, none_label="— (none)")
        self.category = ChoiceCombo(code_choices(book.claim_categories), self)
        self.position = ChoiceCombo(position_choices(book), self)
        self.certainty = ChoiceCombo(code_choices(book.codes("certainty")), self)
        self.note = QLineEdit(self)
        form = QFormLayout()
        form.addRow("&Category", self.category)
        form.addRow("C&laimant", self.claimant)
        form.addRow("&Addressee", self.addressee)
        form.addRow("&Position", self.position)
        form.addRow("Cer&tainty", self.certainty)
        form.addRow("&Note", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(quote)
        layout.addLayout(form)
        layout.addWidget(buttons)
        for picker in (self.claimant, self.addressee):  # "Iraqi Army General Command" fits
            picker.setMinimumWidth(picker.fontMetrics().horizontalAdvance("M" * 30))
        chain = [self.category, self.claimant, self.addressee, self.position, self.certainty,
                 self.note, buttons.button(QDialogButtonBox.StandardButton.Ok)]
        for first, second in zip(chain, chain[1:]):  # the order of the form, not of creation
            self.setTabOrder(first, second)
        self.category.setFocus()

    def fields(self) -> dict[str, Any]:
        """Only the fields the coder set, as ``Store.add_claim`` keywords."""
        out = {}
        for name, combo in (("claimant_entity_id", self.claimant),
                            ("addressee_entity_id", self.addressee),
                            ("category", self.category), ("position", self.position),
                            ("certainty", self.certainty)):
            value = combo.value()
            if value is not None and not isinstance(value, FreeText):
                out[name] = value
        if self.note.text().strip():
            out["note"] = self.note.text().strip()
        return out
