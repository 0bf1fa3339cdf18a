"""Accepting a coder's version into gold, as one undo step on the window's stack.

If gold already holds the *other* coder's version of the item (the
adjudicator changed their mind), that version is removed in the same step,
so gold never ends up with both; undo puts it back. Removing a gold claim
removes the gold attributions hanging on it too (undo restores them), as
deleting a claim does anywhere in the program.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from annotator.gui.commands import CommandContext, StoreCommand, push
from annotator.model import Change
from annotator.team.adjudication import Item

SINGULAR = {"mentions": "mention", "claims": "claim", "attributions": "attribution"}


class AcceptCommand(StoreCommand):
    """Copy one row into the gold coder (replacing gold's other version, if any)."""

    def __init__(self, ctx: CommandContext, text: str, table: str, row_id: int, gold: str, *,
                 claim_id: int | None = None, replaces: int | None = None) -> None:
        super().__init__(ctx, text)
        self.table, self.row_id, self.gold = table, row_id, gold
        self.claim_id, self.replaces = claim_id, replaces
        self.removed: Change | None = None
        self.copy: Change | None = None

    def _delete(self) -> Change:
        store = self.ctx.store
        return {"mentions": store.delete_mention, "claims": store.delete_claim,
                "attributions": store.delete_attribution}[self.table](self.replaces)

    def _do(self) -> Change:
        store = self.ctx.store
        with store.transaction():  # both halves or neither
            if self.replaces is not None:
                self.removed = self._delete()
            self.copy = store.copy_to_coder(self.table, self.row_id, self.gold,
                                            claim_id=self.claim_id)
        return self.copy

    def _redo(self) -> Change:
        store = self.ctx.store
        with store.transaction():
            if self.removed is not None:
                self._delete()  # the same row, restored with its id by the undo
            return store.restore(self.copy)

    def _undo(self) -> Change:
        store = self.ctx.store
        with store.transaction():
            change = store.undo_insert(self.copy)
            if self.removed is not None:
                change = store.restore(self.removed)
        return change


def accept(stack: QUndoStack, ctx: CommandContext, item: Item, side: str, coder: str,
           gold: str) -> str | None:
    """Accept ``side``'s ("a" or "b") version of ``item`` into ``gold``.

    Returns a message for the coder when nothing was done (no such version,
    already in gold, or the store refused), None when the copy was made.
    """
    row = item.row(side)
    if row is None:
        return f"{coder} has no version of this {SINGULAR[item.layer]}."
    if item.gold_of(side) is not None:
        return f"{coder}'s version is already in {gold}."
    other = item.gold_of("b" if side == "a" else "a")
    text = f"Accept {coder}'s {SINGULAR[item.layer]}"
    command = AcceptCommand(ctx, text, item.layer, row["id"], gold,
                            claim_id=item.gold_claim_of(side) if item.layer == "attributions"
                            else None, replaces=other)
    error = push(stack, command)
    return f"Not accepted: {error}" if error else None
