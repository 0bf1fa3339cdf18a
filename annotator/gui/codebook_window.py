"""The window's side of the codebook: Edit ▸ Codebook…, and showing the scheme after a change.

A codebook edit is an undo command like any other (``CodebookCommand``); when
it, its undo or another program changes the codebook, the window re-reads it
and hands it to the panels, the highlights and an open editor, so labels,
colours, letters and tooltips follow at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.gui.commands import CodebookCommand, push

if TYPE_CHECKING:  # the editor's module loads with the editor, not before the first paint
    from annotator.codebook.edit import CodebookEdit


class CodebookWindowMixin:
    codebook_dialog = None

    def edit_codebook(self) -> None:
        """Edit ▸ Codebook…: one editor per window, non-modal, so coding can go on beside it."""
        from annotator.gui.dialogs.codebook import CodebookDialog
        if self.codebook_dialog is None:
            self.codebook_dialog = CodebookDialog(self)
        self.codebook_dialog.refresh()
        self.codebook_dialog.show()
        self.codebook_dialog.raise_()
        self.codebook_dialog.activateWindow()

    def change_codebook(self, edit: CodebookEdit) -> str | None:
        """Store an edit of the codebook as one undo step; the refusal as text, or None."""
        return push(self.undo_stack, CodebookCommand(self.context, edit))

    def apply_codebook(self) -> None:
        """Show the codebook the project holds now, everywhere the window uses it."""
        self.codebook = self.store.codebook()
        for model in (self.entities_model, self.claims_model, self.sources_model):
            model.set_codebook(self.codebook)
        if self.codebook_dialog is not None:
            self.codebook_dialog.refresh()

    def codebook_changed_outside(self) -> bool:
        """Whether another program changed the codebook since the window last read it."""
        return self.store.codebook_version() != self.codebook.version
