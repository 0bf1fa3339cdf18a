"""Undoable edits: each QUndoCommand calls Store methods for redo and for undo.

A command runs its first ``perform()`` *before* it is pushed, so a store error
(a span outside the text, a looping source chain) reaches the coder as a
message and never leaves a dead command on the stack. Every Change a command
produces goes to ``notify``; the window decides whether to navigate to the
article it touched (undo after moving on) or just refresh what is shown.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.gui.annotation_changes import ROW_TYPES
from annotator.model import Change
from annotator.store import ProjectError, Store

if TYPE_CHECKING:  # the editor's module loads with the editor, not before the first paint
    from annotator.codebook.edit import CodebookEdit

#: Errors a store call raises for a refused edit (as opposed to a program bug).
#: ProjectError covers the file's faults (full disk, read-only, locked, damaged).
EDIT_ERRORS = (ValueError, KeyError, sqlite3.IntegrityError, ProjectError)


def lowered(text: str) -> str:
    """ "Mark “Iraqi Army”" -> "mark “Iraqi Army”": a sentence's start, names kept as typed."""
    return text[:1].lower() + text[1:]


class CommandContext:
    """What every command needs: the store, where to report changes and failures.

    ``alert`` hears the failures of the file itself: the edit was not stored,
    and the coder must see that until they dismiss it.
    """

    def __init__(self, store: Store, notify: Callable[[Change], None],
                 report_error: Callable[[str], None],
                 alert: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.notify = notify
        self.report_error = report_error
        self.alert = alert or report_error
        #: the last row an undo or redo brought back (table, id), for the window to make
        #: current once the step is done: one row, however many a step holds
        self.brought_back: tuple[str, int] | None = None

    def refused(self, what: str, exc: BaseException) -> str:
        """Report a refused edit; a fault of the file goes to the alert as well."""
        text = str(exc).strip("'\"")
        if isinstance(exc, ProjectError):
            self.alert(f"Not stored: {what}. {text}")
        return text


class StoreCommand(QUndoCommand):
    """Base: the first redo() is skipped because perform() already did the work."""

    def __init__(self, ctx: CommandContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx

    def perform(self) -> None:
        """Do the edit for the first time; raises EDIT_ERRORS when the store refuses."""
        self.ctx.notify(self._do())
        self._skip_redo = True

    def redo(self) -> None:
        if getattr(self, "_skip_redo", False):  # QUndoStack.push() calls redo() at once
            self._skip_redo = False
        elif getattr(self, "_done_once", False):
            self._guard(self._redo, "redo")
        else:  # pushed without perform()
            self._guard(self._do, "redo")
        self._done_once = True

    def undo(self) -> None:
        self._guard(self._undo, "undo")

    def _guard(self, step: Callable[[], Change], verb: str) -> None:
        try:
            change = step()
            self.ctx.notify(change)
            if change.action == "insert" and change.table in ROW_TYPES:
                self.ctx.brought_back = (change.table, change.row_id)
        except EDIT_ERRORS as exc:  # the data changed under us (another program, a bug)
            what = f"{verb} “{lowered(self.text())}”"
            text = self.ctx.refused(what, exc)
            self.ctx.report_error(f"Could not {what}: {text}")
            # A step that failed leaves the stack (Qt drops an obsolete command once it
            # has run): kept, Ctrl+Y would run it again over rows that are no longer
            # what it knew, and the steps before it are checked the same way.
            self.setObsolete(True)

    def _do(self) -> Change:
        raise NotImplementedError

    def _redo(self) -> Change:
        return self._do()

    def _undo(self) -> Change:
        raise NotImplementedError


class InsertCommand(StoreCommand):
    """Add a mention, claim or attribution; undo removes it (and an entity it created)."""

    def __init__(self, ctx: CommandContext, text: str, make: Callable[[], Change]) -> None:
        super().__init__(ctx, text)
        self._make = make
        self.change: Change | None = None

    def _do(self) -> Change:
        self.change = self._make()
        return self.change

    def _redo(self) -> Change:
        # Same ids as the first time, so later commands on this row stay valid.
        return self.ctx.store.restore(self.change)

    def _undo(self) -> Change:
        return self.ctx.store.undo_insert(self.change)


class DeleteCommand(StoreCommand):
    """Delete a row (with what hangs on it); undo puts all of it back with the same ids,
    and redo removes exactly what undo put back (if it is still there as it was)."""

    def __init__(self, ctx: CommandContext, text: str, delete: Callable[[], Change]) -> None:
        super().__init__(ctx, text)
        self._delete = delete
        self.change: Change | None = None
        self._restored: Change | None = None

    def _do(self) -> Change:
        self.change = self._delete()
        return self.change

    def _redo(self) -> Change:
        if self._restored is None:
            return self._do()
        self.change = self.ctx.store.undo_insert(self._restored)
        return self.change

    def _undo(self) -> Change:
        self._restored = self.ctx.store.restore(self.change)
        return self._restored


class UpdateCommand(StoreCommand):
    """Change some fields of one row; holds old and new values (orange-canvas style)."""

    def __init__(self, ctx: CommandContext, text: str, table: str, row_id: int,
                 fields: dict[str, Any]) -> None:
        super().__init__(ctx, text)
        self.table, self.row_id, self.new = table, row_id, dict(fields)
        self.old: dict[str, Any] | None = None

    def _apply(self, fields: dict[str, Any], expect: dict[str, Any] | None) -> Change:
        """Write ``fields``; ``expect`` holds the values the row must still have (what
        the last run left), so an undo never overwrites what someone else wrote since."""
        store, rest = self.ctx.store, dict(fields)
        expect = dict(expect or {})
        changes = []
        # Names and source chains have their own store methods (normalised
        # name, loop check); everything else goes through the generic update.
        if self.table == "entities" and "name" in rest:
            changes.append(store.rename_entity(self.row_id, rest.pop("name"),
                                               _only(expect, "name")))
        if self.table == "attributions" and "parent_attribution_id" in rest:
            changes.append(store.set_attribution_parent(
                self.row_id, rest.pop("parent_attribution_id"),
                _only(expect, "parent_attribution_id")))
        if rest or not changes:
            changes.append(store.update(self.table, self.row_id, expect=expect or None, **rest))
        if self.old is None:  # the first run learns the values that undo puts back
            self.old = {k: v for c in changes for k, v in (c.before or {}).items()
                        if k in self.new}
        #: what this run left in the row, as stored (a name comes back normalised in space)
        self.left = {k: v for c in changes for k, v in (c.after or {}).items() if k in self.new}
        return changes[-1]

    def _do(self) -> Change:  # a redo expects what the undo left
        return self._apply(self.new, getattr(self, "left", None))

    def _undo(self) -> Change:
        return self._apply(self.old, self.left)


def _only(expect: dict[str, Any], key: str) -> dict[str, Any] | None:
    """Take ``key``'s expected value out of ``expect``, for a store method of its own."""
    return {key: expect.pop(key)} if key in expect else None


class StatusCommand(StoreCommand):
    """Record this coder's progress on an article; undo restores the previous status."""

    def __init__(self, ctx: CommandContext, text: str, article_id: int, status: str) -> None:
        super().__init__(ctx, text)
        self.article_id, self.status = article_id, status
        self.old: str | None = None

    def _do(self) -> Change:
        if self.old is None:
            self.old = self.ctx.store.status(self.article_id)
        return self.ctx.store.set_status(self.article_id, self.status)

    def _undo(self) -> Change:
        return self.ctx.store.set_status(self.article_id, self.old)


class CodebookCommand(StoreCommand):
    """One change of the codebook with the annotations it recodes; undo puts both back.

    Redo applies the same edit again (the same recoding of the same codes);
    every run raises the codebook version, as any change of the scheme does.
    """

    def __init__(self, ctx: CommandContext, edit: CodebookEdit) -> None:
        super().__init__(ctx, edit.text)
        self.edit = edit
        self.change: Change | None = None

    def _do(self) -> Change:
        change = self.ctx.store.change_codebook(self.edit)
        if change is None:
            raise ValueError("the codebook is already like that")
        self.change = change
        return change

    def _undo(self) -> Change:
        return self.ctx.store.revert_codebook_change(self.change)


def push(stack: QUndoStack, command: StoreCommand) -> str | None:
    """Execute and push a command; return the store's refusal as text, or None."""
    try:
        command.perform()
    except EDIT_ERRORS as exc:
        return command.ctx.refused(lowered(command.text()), exc)
    stack.push(command)
    return None


@contextmanager
def macro(stack: QUndoStack, text: str) -> Iterator[None]:
    """The commands pushed inside as one undo step; when the store refused every one of
    them, no empty step is left behind (Qt would keep one, and Ctrl+Z would undo nothing).
    Inside another macro it only groups: the outer one decides."""
    before = stack.index()
    stack.beginMacro(text)
    try:
        yield
    finally:
        stack.endMacro()
        if stack.index() == before + 1 and stack.command(before).childCount() == 0:
            stack.command(before).setObsolete(True)
            stack.undo()  # an obsolete command leaves the stack when undone


def push_coded(stack: QUndoStack, command: StoreCommand, say: Callable[[str], object],
               article_id: int | None) -> bool:
    """Push the insert of an annotation; the first one in a to-do article also puts the
    article in progress, in the same undo step, so undoing the only mention puts the
    article back to "todo" instead of leaving it "in progress" with nothing coded.
    A refusal from the store becomes a message."""
    try:
        command.perform()
    except EDIT_ERRORS as exc:
        say(f"Not done: {command.ctx.refused(lowered(command.text()), exc)}")
        return False
    ctx = command.ctx
    if article_id is None or ctx.store.status(article_id) != "todo":
        stack.push(command)
        return True
    with macro(stack, command.text()):
        stack.push(command)
        error = push(stack, StatusCommand(ctx, "Mark in progress", article_id, "in_progress"))
    if error:
        say(f"Coded, but not stored: the article's progress. {error}")
    return True


def push_or_say(stack: QUndoStack, command: StoreCommand,
                say: Callable[[str], object]) -> bool:
    """Push a command; a refusal from the store becomes a message, never an exception."""
    error = push(stack, command)
    if error:
        say(f"Not done: {error}")
        return False
    return True


def nest_voice(stack: QUndoStack, ctx: CommandContext, say: Callable[[str], object],
               inner: int, outer: int) -> bool:
    """Nest a coded voice in the one just added that reports it (ARA News > the Command),
    inside the caller's macro, so the chain and the new voice are one undo step."""
    return push_or_say(stack, UpdateCommand(ctx, "Nest the inner voice", "attributions", inner,
                                            {"parent_attribution_id": outer}), say)
