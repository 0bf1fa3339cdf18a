"""Entities ▸ Find duplicates… and Browse entities…: who is who across the corpus.

Kept apart from the window, like :mod:`annotator.gui.coding`: this object opens
the two entity dialogs and turns what the coder decides in them (merge, split,
"different", rename, retype, aliases) into commands on the window's undo
stack. The dialogs never write; they call these methods, so Ctrl+Z in the
main window undoes a merge made in a dialog, and every change reaches the
window's ``_on_change``, which refreshes the panels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.gui.commands import UpdateCommand, push_or_say
from annotator.gui.identity_commands import (
    AliasCommand,
    DismissCommand,
    MergeCommand,
    SplitCommand,
)
from annotator.spans import short

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


class Identity:
    """The Entities menu of a window: its two dialogs and their undoable edits."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.duplicates = None  # the Find duplicates dialog, once opened
        self.browser = None  # the Entities browser, once opened

    @property
    def store(self):
        return self.w.store

    # -- the menu ------------------------------------------------------------------------
    def find_duplicates(self) -> None:
        """Open (or raise) Find duplicates and start a fresh search in a worker thread."""
        from annotator.gui.dialogs.duplicates import DuplicatesDialog
        if self.duplicates is None:
            self.duplicates = DuplicatesDialog(self, self.w)
        self.duplicates.show()
        self.duplicates.raise_()
        self.duplicates.activateWindow()
        if not self.duplicates.running():
            self.duplicates.search()

    def browse_entities(self) -> None:
        """Open (or raise) the Entities browser."""
        from annotator.gui.dialogs.entity_browser import EntityBrowser
        if self.browser is None:
            self.browser = EntityBrowser(self, self.w)
        self.browser.present()

    def close_dialogs(self) -> None:
        """With the window: a running search is cancelled, nothing reads a closed store."""
        for dialog in (self.duplicates, self.browser):
            if dialog is not None:
                dialog.close()

    # -- edits ------------------------------------------------------------------------------
    def run(self, command) -> bool:
        return push_or_say(self.w.undo_stack, command, self.w.show_message)

    def name(self, entity_id: int) -> str:
        return self.store.entity(entity_id).name

    def merge(self, kept_id: int, merged_ids: list[int], new_name: str | None = None) -> bool:
        """Fold ``merged_ids`` into ``kept_id`` (and rename it), one undo step."""
        merged_ids = [m for m in merged_ids if m != kept_id]
        if not merged_ids:
            self.w.show_message("Not done: check at least one other entity to merge.")
            return False
        names = ", ".join(f"“{short(self.name(m), 30)}”" for m in merged_ids[:3])
        more = f" and {len(merged_ids) - 3} more" if len(merged_ids) > 3 else ""
        kept = short(new_name or self.name(kept_id), 30)
        ok = self.run(MergeCommand(self.w.context, f"Merge {names}{more} into “{kept}”",
                                   kept_id, merged_ids, new_name))
        if ok:
            self.w.show_message(f"Merged {names}{more} into “{kept}”. Ctrl+Z undoes it.")
        return ok

    def split(self, merge_id: int) -> bool:
        record = next((m for m in self.store.merges() if m["id"] == merge_id), None)
        what = f" “{short(record['merged_name'], 30)}”" if record else ""
        return self.run(SplitCommand(self.w.context, f"Split{what} off again", merge_id))

    def dismiss(self, entity_ids: list[int]) -> bool:
        """Mark a group as different actors: none of its pairs is proposed again."""
        return self.run(DismissCommand(self.w.context, "Mark entities as different",
                                       entity_ids))

    def rename(self, entity_id: int, name: str) -> bool:
        name = " ".join(name.split())
        if not name or name == self.name(entity_id):
            return False
        return self.run(UpdateCommand(self.w.context, "Rename entity", "entities", entity_id,
                                      {"name": name}))

    def set_type(self, entity_id: int, entity_type: str) -> bool:
        if entity_type == self.store.entity(entity_id).type:
            return False
        return self.run(UpdateCommand(self.w.context, "Change entity type", "entities",
                                      entity_id, {"type": entity_type}))

    def add_alias(self, entity_id: int, alias: str) -> bool:
        alias = " ".join(alias.split())
        return bool(alias) and self.run(AliasCommand(
            self.w.context, f"Add alias “{short(alias, 30)}”", entity_id, alias))

    def remove_alias(self, entity_id: int, alias: str) -> bool:
        return self.run(AliasCommand(self.w.context, f"Remove alias “{short(alias, 30)}”",
                                     entity_id, alias, add=False))

    # -- navigation -------------------------------------------------------------------------
    def show_mention(self, article_id: int, start: int, end: int) -> None:
        """Open the article in the main window with the mention selected and flashed."""
        w = self.w
        if w.article_id != article_id:
            w.open_article(article_id)
        body = w.article_view.body
        body.flash([(start, end)])
        body.select_span(start, end)
        w.raise_()
        w.activateWindow()
