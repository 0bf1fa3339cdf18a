"""Suggestions in the window: known entity names shown as dashed frames, accepted with a key.

The assist layer proposes every uncoded place an article names a known entity
(``Store.mention_proposals``); the window frames them faintly (View ▸ Show
suggestions, on by default) and nothing is stored until the coder says so:

- A accepts the suggestion at the cursor or selection (else the next one) as a
  mention of its entity, marked as suggested, and moves to the next;
- Shift+A accepts every suggestion in the article, as one undo step;
- X rejects it: this coder is never offered that entity on that span again.

Each is one step on the window's undo stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.gui.commands import InsertCommand, push_or_say

if TYPE_CHECKING:
    from annotator.assist.known_entities import MentionProposal
    from annotator.gui.main_window import MainWindow

SHOW_SUGGESTIONS_KEY = "view/show_suggestions"


class Suggestions:
    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.shown = True
        self.proposals: list[MentionProposal] = []

    # -- what is shown ---------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the open article's suggestions (after it opens and after each edit)."""
        body = self.w.article_view.body
        if not self.shown or self.w.article_id is None:
            self.proposals = []
        else:
            self.proposals = self.w.store.mention_proposals(self.w.article_id,
                                                            self.w.known_matcher())
        body.set_proposals([(p.start, p.end) for p in self.proposals])

    def set_shown(self, shown: bool) -> None:
        self.shown = bool(shown)
        self.w.settings.setValue(SHOW_SUGGESTIONS_KEY, self.shown)
        self.w.actions_by_name["show_suggestions"].setChecked(self.shown)
        self.refresh()

    # -- the coder's keys --------------------------------------------------------------
    def _target(self) -> MentionProposal | None:
        """The suggestion under the selection or cursor, else the next one after it."""
        start, end = self.w.selecting.current()
        for p in self.proposals:
            if p.start <= start and end <= p.end or (start <= p.start and p.end <= end):
                return p
        return next((p for p in self.proposals if p.start >= end), None)

    def _nothing(self) -> None:
        self.w.show_message("No suggestion here: ] and [ move between them."
                            if self.shown else "Suggestions are hidden (View ▸ Show suggestions).")

    def accept(self) -> None:
        target = self._target()
        if target is None:
            return self._nothing()
        if self._accept(target):
            self._select_next(target.end)

    def accept_all(self) -> None:
        todo = list(self.proposals)
        if not todo:
            return self._nothing()
        stack = self.w.undo_stack
        stack.beginMacro(f"Accept {len(todo)} suggestions")
        accepted = sum(self._accept(p) for p in todo)
        stack.endMacro()
        self.w.show_message(f"Accepted {accepted} of {len(todo)} suggestions; Ctrl+Z undoes "
                            "them together.")

    def reject(self) -> None:
        target = self._target()
        if target is None:
            return self._nothing()
        store, aid = self.w.store, self.w.article_id
        command = InsertCommand(self.w.context, "Reject suggestion",
                                lambda: store.reject_suggestion(aid, target.start, target.end,
                                                                target.entity_id))
        if push_or_say(self.w.undo_stack, command, self.w.show_message):
            self._select_next(target.end)

    def _accept(self, p: MentionProposal) -> bool:
        store, aid = self.w.store, self.w.article_id
        command = InsertCommand(self.w.context, f"Accept “{p.text}”", lambda: store.add_mention(
            aid, p.start, p.end, entity_id=p.entity_id, suggested=True))
        return push_or_say(self.w.undo_stack, command, self.w.show_message)

    def _select_next(self, after: int) -> None:
        following = next((p for p in self.proposals if p.start >= after), None)
        body = self.w.article_view.body
        if following is None:
            body.select_span(after, after)
            self.w.show_message("That was the last suggestion in this article.")
        else:
            body.select_span(following.start, following.end)
            body.ensureCursorVisible()
