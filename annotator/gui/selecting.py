"""Selection keys: grow and shrink the selection, jump to the next known name.

Alt+Up grows the selection to the word, the quotation, the clause, the
sentence and the paragraph around it, and no further (``annotator.selection``); Alt+Down walks
back the way it grew. ] and [ select the next and previous place the article
names an entity the project knows but nobody has coded there yet
(``Store.mention_proposals``), so E then Enter codes it: the exact name is the
popup's first suggestion.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.gui.suggestions import describe

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


class Selecting:
    """The window's selection keys (actions in the Code menu)."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self._grown: list[tuple[int, int]] = []  # the selections Alt+Up grew from

    def _body(self):
        return self.w.article_view.body

    def current(self) -> tuple[int, int]:
        body = self._body()
        span = body.selection_span()
        if span is not None:
            return span
        at = body.map.from_utf16(body.textCursor().position())
        return at, at

    def grow_selection(self) -> None:
        body = self._body()
        if not body.text:
            return
        now = self.current()
        if not self._grown or self._grown[-1][1] != now:
            self._grown = []  # the coder selected something else since: start afresh
        from annotator.selection import grow  # its patterns compile at the first Alt+Up
        bigger = grow(body.text, *now)
        if bigger != now:
            self._grown.append((now, bigger))
            body.select_span(*bigger)
        elif now[1] > now[0]:
            self.w.show_message("The whole paragraph is selected: Alt+Down shrinks it back.")

    def shrink_selection(self) -> None:
        now = self.current()
        if self._grown and self._grown[-1][1] == now:
            before, _ = self._grown.pop()
            self._body().select_span(*before)

    def next_known(self) -> None:
        self._jump(forward=True)

    def previous_known(self) -> None:
        self._jump(forward=False)

    def _jump(self, forward: bool) -> None:
        if self.w.article_id is None:
            return
        found = self.w.suggestions.proposals if self.w.suggestions.shown else \
            self.w.store.mention_proposals(self.w.article_id, self.w.known_matcher())
        if self.w.suggestions.shown:
            found = sorted(found + [_AtCue(c) for c in self.w.suggestions.cues],
                           key=lambda p: p.start)
        start, end = self.current()
        ahead = [p for p in found if p.start >= end] if forward else \
            [p for p in found if p.end <= start]
        if not ahead:
            self.w.show_message("No other known entity name in this article that is not "
                                "coded yet.")
            return
        target = ahead[0] if forward else ahead[-1]
        self._body().select_span(target.start, target.end)
        self._body().ensureCursorVisible()
        self.w.show_message(describe(target.proposal if isinstance(target, _AtCue) else target,
                                     self.w.store))


class _AtCue:
    """An attribution suggestion as ] and [ step through it: its cue."""

    def __init__(self, proposal) -> None:
        self.start, self.end, self.text = proposal.cue.start, proposal.cue.end, proposal.cue.text
        self.proposal = proposal
