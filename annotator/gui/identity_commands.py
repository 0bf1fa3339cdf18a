"""Undoable entity-identity edits: merge, split, "different", aliases.

Like :mod:`annotator.gui.commands`, each command calls Store methods for redo
and undo and reports every Change to the window, which re-reads what it shows.
They sit on the window's one QUndoStack, so Ctrl+Z after a merge in the
Find duplicates dialog undoes that merge, in the order the coder did things.
"""

from __future__ import annotations

from itertools import combinations

from annotator.gui.commands import CommandContext, StoreCommand
from annotator.model import Change


class MergeCommand(StoreCommand):
    """Fold entities into a kept one; optionally give the kept one a new canonical name.

    Redo merges again (new merge records, same effect); undo splits exactly the
    records this command made, then puts the old name back. A new canonical
    name keeps the old one as an alias, so coding the old spelling still finds it.
    """

    def __init__(self, ctx: CommandContext, text: str, kept_id: int, merged_ids: list[int],
                 new_name: str | None = None) -> None:
        super().__init__(ctx, text)
        self.kept_id, self.merged_ids = kept_id, list(merged_ids)
        self.new_name = " ".join((new_name or "").split()) or None
        self.merge: Change | None = None
        self.old_name: str | None = None
        self.alias_added = False

    def _do(self) -> Change:
        store = self.ctx.store
        self.merge = store.merge_entities(self.kept_id, self.merged_ids)
        old = store.entity(self.kept_id).name
        if self.new_name and self.new_name != old:
            self.old_name = old
            store.rename_entity(self.kept_id, self.new_name)
            self.alias_added = store.add_alias(self.kept_id, old).action == "insert"
        return self.merge

    def _undo(self) -> Change:
        store = self.ctx.store
        if self.old_name is not None:
            if self.alias_added:
                store.remove_alias(self.kept_id, self.old_name)
            store.rename_entity(self.kept_id, self.old_name)
            self.old_name, self.alias_added = None, False
        store.undo_merge(self.merge)
        return Change("entity_merges", "split", self.merge.row_id)


class SplitCommand(StoreCommand):
    """Split one past merge; undo merges the two again (as a new merge record)."""

    def __init__(self, ctx: CommandContext, text: str, merge_id: int) -> None:
        super().__init__(ctx, text)
        self.merge_id = merge_id
        self.kept_id: int | None = None
        self.merged_id: int | None = None

    def _do(self) -> Change:
        change = self.ctx.store.split_merge(self.merge_id)
        self.kept_id = change.before["kept_entity_id"]
        self.merged_id = change.before["merged_entity_id"]
        return change

    def _undo(self) -> Change:
        change = self.ctx.store.merge_entities(self.kept_id, [self.merged_id])
        self.merge_id = change.after["merge_ids"][0]  # the next redo splits this one
        return change


class DismissCommand(StoreCommand):
    """"These are different": dismiss every pair of a group, so none is proposed again."""

    def __init__(self, ctx: CommandContext, text: str, entity_ids: list[int]) -> None:
        super().__init__(ctx, text)
        self.pairs = list(combinations(sorted(set(entity_ids)), 2))
        self.new_pairs: list[tuple[int, int]] = []

    def _do(self) -> Change:
        store = self.ctx.store
        if not self.pairs:
            raise ValueError("choose at least two entities")
        known = store.dismissed_pairs()
        self.new_pairs = [p for p in self.pairs if p not in known]  # undo leaves older ones
        change = None
        for a, b in self.new_pairs:
            change = store.dismiss_pair(a, b)
        return change or Change("dismissed_pairs", "noop", None)

    def _undo(self) -> Change:
        change = None
        for a, b in self.new_pairs:
            change = self.ctx.store.undismiss_pair(a, b)
        return change or Change("dismissed_pairs", "noop", None)


class AliasCommand(StoreCommand):
    """Add (``add=True``) or remove one alias of an entity; undo does the opposite."""

    def __init__(self, ctx: CommandContext, text: str, entity_id: int, alias: str,
                 add: bool = True) -> None:
        super().__init__(ctx, text)
        self.entity_id, self.alias, self.add = entity_id, alias, add

    def _change(self, add: bool) -> Change:
        store = self.ctx.store
        if add:
            change = store.add_alias(self.entity_id, self.alias)
            if change.action == "noop":
                raise ValueError(f"“{self.alias}” is already an alias")
            return change
        return store.remove_alias(self.entity_id, self.alias)

    def _do(self) -> Change:
        return self._change(self.add)

    def _undo(self) -> Change:
        return self._change(not self.add)
