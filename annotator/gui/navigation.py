"""Moving through the articles: next and previous, "mark done, next", the coder's progress.

Every move walks the list the coder sees (``ArticleListModel.neighbour``): their
assigned articles, the status filter and the search, in the list's order, so J
on ana's #3 never opens ben's #4. A mixin of MainWindow, kept apart so the
window module stays about layout and what an edit shows; needs ``store``,
``article_id``, ``undo_stack``, ``context``, ``article_list``, ``open_article``
and ``show_message``.
"""

from __future__ import annotations

from annotator.gui.commands import StatusCommand, push


class NavigationMixin:
    def _step(self, step: int, skip_done: bool = False) -> int | None:
        if self.article_id is None:
            return None
        return self.article_list.model.neighbour(self.article_id, step, skip_done=skip_done)

    def next_article(self) -> None:
        target = self._step(+1)
        if target is None:
            self.show_message("This is the last article of the list.")
        else:
            self.open_article(target)

    def previous_article(self) -> None:
        target = self._step(-1)
        if target is None:
            self.show_message("This is the first article of the list.")
        else:
            self.open_article(target)

    def _mark_and_next(self, status: str, text: str) -> None:
        if self.article_id is None:
            return
        error = push(self.undo_stack, StatusCommand(self.context, text, self.article_id, status))
        if error:
            self.show_message(f"Not done: {error}")
            return
        target = self._step(+1, skip_done=True) or self.article_list.model.first(skip_done=True)
        if target is None:
            self.show_message("Every article of the list is done or skipped.")
        else:
            self.open_article(target)

    def mark_done_and_next(self) -> None:
        self._mark_and_next("done", "Mark done")

    def mark_skipped_and_next(self) -> None:
        self._mark_and_next("skipped", "Mark skipped")

    def mark_todo(self) -> None:
        if self.article_id is not None:
            push(self.undo_stack, StatusCommand(self.context, "Mark to do", self.article_id,
                                                "todo"))
