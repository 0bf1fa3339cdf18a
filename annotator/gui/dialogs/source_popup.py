"""The S popup: attribute a claim to a source, with the selection as cue or source.

The claim at or nearest the selection is preselected, and the selection's role
as ``assist.roles`` guesses it: the source span (a coded mention gives its entity
as the source), the cue ("said in a statement"), or the claim's own words, which
make it the outlet's own voice: an attribution of kind ``unattributed`` with no
span and no source. The parent picker nests this attribution in another ("ARA
News reported that ...").

One attribution holds its source and its cue: when the claim already has an
attribution that lacks the selection's role (the source was marked, not yet
the cue), "Add to" offers it, preselected, so S on the cue completes it
instead of making a second attribution.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook import OUTLET_KIND, Codebook
from annotator.gui.entity_picker import EntityLookup, EntityPicker
from annotator.gui.label_look import quotation
from annotator.gui.models import FreeText
from annotator.gui.panels.cell_editors import ChoiceCombo, code_choices
from annotator.spans import short


@dataclass(frozen=True)
class OpenAttribution:
    """An attribution of the article, as "Add to" offers it."""

    label: str
    attribution_id: int
    claim_id: int
    has_source: bool
    has_cue: bool
    cue_start: int | None = None
    kind: str | None = None
    parent_id: int | None = None


class SourcePopup(QDialog):
    """Window-modal; after ``accepted``, ``attribution()`` gives add_attribution's arguments."""

    def __init__(self, selected_text: str, span: tuple[int, int],
                 claim_choices: list[tuple[str, int]], claim_id: int | None,
                 lookup: EntityLookup, parent_choices: list[tuple[str, Any]],
                 book: Codebook, *, role: str = "cue", kind: str | None = None,
                 source_entity_id: int | None = None,
                 source_span: tuple[int, int] | None = None,
                 source_text: str | None = None,
                 open_attributions: list[OpenAttribution] = (),
                 likely_parents: dict[int, int | None] | None = None,
                 kind_for: Callable[[int], str] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Source attribution")
        self.setModal(True)
        self.span = span
        quote = QLabel(f"Selection: “{short(selected_text, 90)}”", self)
        quotation(quote)
        self.claim = ChoiceCombo(claim_choices, self)
        self.claim.select_value(claim_id)
        self.as_cue = QRadioButton("c&ue (said, reported …)", self)
        self.as_source = QRadioButton("s&ource (who says it)", self)
        self.as_outlet = QRadioButton("clai&m itself (the outlet's own voice)", self)
        self.as_outlet.setToolTip("No one is quoted: the outlet says it. Stored as kind "
                                  "“unattributed”, with no cue and no source.")
        self.outlet_kind = OUTLET_KIND if any(k.key == OUTLET_KIND
                                              for k in book.attribution_kinds) else None
        group = QButtonGroup(self)
        roles = QHBoxLayout()
        for button in (self.as_cue, self.as_source, self.as_outlet):
            group.addButton(button)
            roles.addWidget(button)
        {"source": self.as_source, "outlet": self.as_outlet}.get(role, self.as_cue) \
            .setChecked(True)
        self.kind = ChoiceCombo(code_choices(book.attribution_kinds, none=None), self)
        if kind is not None and role != "outlet":
            self.kind.select_value(kind)  # a kind the codebook lacks leaves the first
        self.guessed_kind = self.kind.value()
        #: the kind guessed for the selection with a claim: another claim chosen in the
        #: popup brings its own guess (an unquoted claim's voice is no direct quote)
        self.kind_for = kind_for
        self.source = EntityPicker(lookup, self, free_text=True,
                                   none_label="entity, or describe an anonymous source")
        self.guessed_source = source_entity_id
        #: Where the guessed source is named, for a cue selection ("According to" and the
        #: name after it): the new voice gets that span with the entity, so one S codes it.
        self.guessed_source_span = source_span
        #: The words the rules read as the source where they name no known entity ("the
        #: officer"): offered as an anonymous source, with their span.
        self.guessed_source_text = source_text if source_entity_id is None else None
        self._guess_source()
        self.parent_attribution = ChoiceCombo(parent_choices, self)
        self.open_attributions = list(open_attributions)
        self.likely_parents = dict(likely_parents or {})
        self.target = ChoiceCombo([("＋ a new attribution", None)], self)
        form = QFormLayout()
        form.addRow("C&laim", self.claim)
        form.addRow("The selection is the", roles)
        form.addRow("&Add to", self.target)
        form.addRow("&Kind", self.kind)
        form.addRow("Sou&rce", self.source)
        form.addRow("&Nested in", self.parent_attribution)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setDefault(True)
        self.ok.setEnabled(bool(claim_choices))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(quote)
        if not claim_choices:
            layout.addWidget(QLabel("Mark a claim first (select its text, press C).", self))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.claim_texts = dict((v, t) for t, v in claim_choices)
        self.claim.currentIndexChanged.connect(lambda _i: self._follow_claim_kind())
        self.claim.currentIndexChanged.connect(lambda _i: self._offer_targets())
        self.claim.currentIndexChanged.connect(lambda _i: self._offer_parents())
        self.as_cue.toggled.connect(lambda _on: self._offer_targets())
        self.as_outlet.toggled.connect(lambda _on: self._offer_targets())
        self.target.currentIndexChanged.connect(lambda _i: self._follow_target())
        if self.open_attributions:
            self._offer_parents()
        self._offer_targets()
        self._tab_order()
        self.kind.setFocus()

    def _tab_order(self) -> None:
        """Tab follows the form from top to bottom (the fields were made in another order,
        so Tab went from Nested in back up to Add to); the roles are one stop, the arrows
        move between them."""
        chain = [self.claim, self.as_cue, self.as_source, self.as_outlet, self.target,
                 self.kind, self.source, self.parent_attribution, self.ok]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _follow_claim_kind(self) -> None:
        """Another claim chosen: its guessed kind, unless the coder chose a kind."""
        claim = self.claim.value()
        if self.kind_for is None or claim is None or self.kind.value() != self.guessed_kind \
                or not self.kind.isEnabled():
            return
        self.kind.select_value(self.kind_for(claim))
        self.guessed_kind = self.kind.value()

    def role(self) -> str:
        """``"source"``, ``"cue"`` or ``"outlet"`` (the claim is the outlet's own voice)."""
        if self.as_outlet.isChecked():
            return "outlet"
        return "source" if self.as_source.isChecked() else "cue"

    def _offer_targets(self) -> None:
        """The chosen claim's attributions that lack the selection's role, newest first
        and preselected: the one the coder is completing."""
        claim, role = self.claim.value(), self.role()
        missing = [] if role == "outlet" else [
            a for a in reversed(self.open_attributions)
            if a.claim_id == claim and not (a.has_source if role == "source" else a.has_cue)]
        self.target.blockSignals(True)
        self.target.set_choices([(f"{a.label} (give it this {role})", a.attribution_id)
                                 for a in missing] + [("＋ a new attribution", None)])
        self.target.blockSignals(False)
        self._follow_target()

    def _follow_target(self) -> None:
        """Kind and Nested in belong to the attribution being completed: greyed, showing
        its own values; for a new attribution (also when chosen in Add to) they are free."""
        target = next((a for a in self.open_attributions
                       if a.attribution_id == self.completes()), None)
        completing = target is not None
        was_completing = not self.kind.isEnabled()
        outlet = self.role() == "outlet"
        for widget in (self.kind, self.parent_attribution):
            widget.setEnabled(not (completing or outlet))
        self.target.setEnabled(not outlet)
        # a completed voice's source is set; the outlet's own voice has none
        self.source.setEnabled(not (completing and self.role() == "cue") and not outlet)
        if outlet:
            self.kind.select_value(self.outlet_kind)
            self.parent_attribution.select_value(None)
            self.source.select_value(None)
        elif completing:
            if target.kind is not None:
                self.kind.select_value(target.kind)
            self.parent_attribution.select_value(target.parent_id)
        elif was_completing:  # back to a new voice: the guesses made for it
            self.parent_attribution.select_value(self.likely_parents.get(self.claim.value()))
            if self.kind.value() == self.outlet_kind:
                self.kind.select_value(self.guessed_kind)
            if self.source.value() is None:
                self._guess_source()

    def _guess_source(self) -> None:
        self.source.select_value(self.guessed_source)
        if self.guessed_source_text:
            self.source.setText(self.guessed_source_text)  # Tab into it selects it: retype

    def _offer_parents(self) -> None:
        """Who may be the outer voice of this claim: its own attributions first, then the
        others, each labelled with its claim; preselected, the voice of this claim just
        farther from its words than the selection (``assist.chains``): "ARA News" for
        the Command in "..., the Command said, ARA News reported" and in "ARA News
        reported that the Command said ..." alike."""
        claim = self.claim.value()
        own = [a for a in self.open_attributions if a.claim_id == claim]
        other = [a for a in self.open_attributions if a.claim_id != claim]
        choices = [("— (the outlet itself)", None)] + [(a.label, a.attribution_id) for a in own]
        choices += [(f"{a.label} — of “{short(self.claim_texts.get(a.claim_id, ''), 40)}”",
                     a.attribution_id) for a in other]
        self.parent_attribution.set_choices(choices)
        likely = self.likely_parents.get(claim)
        if likely is not None:
            self.parent_attribution.select_value(likely)

    def completes(self) -> int | None:
        """The attribution this selection completes, or None for a new one."""
        return self.target.value()

    def attribution(self) -> dict[str, Any]:
        """``{"claim_id": ..., **add_attribution keywords}`` from the coder's choices."""
        if self.role() == "outlet":
            return {"claim_id": self.claim.value(), "kind": self.outlet_kind,
                    "parent_attribution_id": None}
        value = self.source.value()
        out: dict[str, Any] = {"claim_id": self.claim.value(), "kind": self.kind.value(),
                               "parent_attribution_id": self.parent_attribution.value()}
        if isinstance(value, FreeText):
            if str(value):
                out["source_text"] = str(value)
        elif value is not None:
            out["source_entity_id"] = value
        key = "source_span" if self.as_source.isChecked() else "cue_span"
        out[key] = self.span
        guessed = str(value) == self.guessed_source_text if isinstance(value, FreeText) \
            else value is not None and value == self.guessed_source
        if key == "cue_span" and self.guessed_source_span is not None and guessed:
            out["source_span"] = self.guessed_source_span  # the words the cue opened on
        return out
