"""Suggestions in the window: known entity names shown as dashed frames, accepted with a key.

The assist layer proposes every uncoded place an article names a known entity
(``Store.mention_proposals``) and every attribution cue its rules find
(``assist.attributions``); the window frames them faintly (View ▸ Show
suggestions, on by default, kept per project: ``shown_key``) and nothing is stored until
the coder says so:

- A accepts the suggestion at the cursor or selection (else the next one): a
  mention of its entity, marked as suggested, or for a cue the claim (its
  content) and its attribution (cue, source, kind) in one undo step; then it
  moves to the next;
- Shift+A accepts every suggestion in the article, as one undo step;
- X rejects it: this coder is never offered that entity (or that cue) on that span again.

Each is one step on the window's undo stack.

Opening an article computes its suggestions just after the window has painted
it (:meth:`Suggestions.refresh_later`, ``AfterPaint``: a zero timer ran before
the first paint of a window just shown): matching every known name in an
article with 5,000 annotations, and the cue rules with the cue model's weights
(loaded at the first cues), took longer than showing its text. Whatever asks for
them sooner (a key, ] and [) computes them at once, and a later article opened
before they ran is the one computed.
"""

from __future__ import annotations

from heapq import merge
from typing import TYPE_CHECKING

from annotator.gui.after_paint import AfterPaint
from annotator.gui.commands import InsertCommand, UpdateCommand, macro, nest_voice, push_or_say
from annotator.spans import SpanSet, counted

if TYPE_CHECKING:
    from annotator.assist.article_proposals import ArticleProposals
    from annotator.assist.attribution_proposal import AttributionProposal
    from annotator.assist.known_entities import MentionProposal
    from annotator.gui.main_window import MainWindow
    from annotator.model import Change

def shown_key(store) -> str:
    """Where View ▸ Show suggestions is kept: under the project's own settings group.

    It was one value for every project ("view/show_suggestions"), so turning the
    suggestions off for a project coded without them (a reliability sample) turned
    them off in the next project opened too. Whether a coder sees them is part of a
    project's protocol, so each project keeps its own, on until turned off there;
    the old shared value is not read.
    """
    from annotator.gui.place import project_key
    return f"{project_key(store)}/show_suggestions"


class Suggestions:
    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.shown = True
        self._proposals: list[MentionProposal] = []
        self._cues: list[AttributionProposal] = []
        #: What the open article's proposals depend on, followed edit by edit.
        self.state: ArticleProposals | None = None
        self._from_state: list | None = None  # the state's answer the frames show
        self._rules: tuple[str, list[AttributionProposal]] | None = None  # (text, its cues)
        self._items: list | None = None  # proposals and cues in text order, kept till they change
        self._open: tuple[tuple, list[AttributionProposal]] | None = None  # last _open_cues
        #: From an article's opening until its suggestions are computed.
        self._waiting = False
        self._after_paint: AfterPaint | None = None
        self._reader = None  # gui.spacy_model.AttributionReader, made when cues are first read

    # -- what is shown ---------------------------------------------------------------
    @property
    def proposals(self) -> list[MentionProposal]:
        """The known names framed in the open article (computed now if still waiting)."""
        self._settle()
        return self._proposals

    @property
    def cues(self) -> list[AttributionProposal]:
        """The attribution cues framed in the open article (computed now if still waiting)."""
        self._settle()
        return self._cues

    def waiting(self) -> bool:
        """Whether the open article's suggestions are still to be computed."""
        return self._waiting

    def _settle(self) -> None:
        if self._waiting:
            self.refresh()

    def refresh_later(self) -> None:
        """After an article opened: show none now, compute them once the window has
        painted (the text's own frames were cleared with the text). The timer reads
        the article open when it runs, so a quick switch computes only the last one
        (the kept state, another article's now, is only the start it builds on)."""
        self._show([], [])
        if not self._waiting:
            self._waiting = True
            if self._after_paint is None:
                self._after_paint = AfterPaint(self.w.article_view.body.viewport())
            self._after_paint.call(self._settle)

    def stop(self) -> None:
        """The window closes: what still waits is not computed (its store closes next)."""
        self._waiting = False
        if self._after_paint is not None:
            self._after_paint.cancel()

    def refresh(self) -> None:
        """Recompute the open article's suggestions from the store (after it opens,
        after a change :meth:`follow` cannot follow)."""
        self._waiting = False
        if not self.shown or self.w.article_id is None:
            self.state = None
            self._show([], [])
            return
        self.state = self.w.store.article_proposals(self.w.article_id, like=self.state)
        self._show_state()

    def follow(self, change: Change) -> None:
        """After an edit in the open article: tell the kept state what it coded or
        uncoded, so only the matches it touched are chosen again (a full refresh
        when the state cannot follow it). While they wait to be computed, there is
        nothing to follow: they are read after the change."""
        if self._waiting:
            return
        state = self.state
        if state is None or state.article_id != self.w.article_id or \
                not state.follow(change, self._entity_type):
            self.refresh()
        else:
            self._show_state()

    def _entity_type(self, entity_id: int) -> str | None:
        """The type a mention of this entity links its name as (None: merged away)."""
        entity = self.w.store.entity(entity_id)
        return entity.type if entity.merged_into is None else None

    def _show_state(self) -> None:
        proposals = self.state.proposals(self.w.known_matcher())
        cues = self._open_cues(self.w.article_view.body.text)
        changes = self.state.changes
        if changes is None or cues is not self._cues or self._proposals is not self._from_state:
            self._show(proposals, cues)
        elif proposals is not self._proposals:  # an edit: redraw the frames it changed
            self._proposals, self._items = proposals, None
            self.w.article_view.body.change_proposals(
                [(p.start, p.end) for p in changes[0]], [(p.start, p.end) for p in changes[1]])
        self._from_state = proposals

    def _show(self, proposals: list[MentionProposal], cues: list[AttributionProposal]) -> None:
        """Frame these suggestions; nothing is repainted when they did not change
        (an edit of a claim's note, a mention covering no suggestion's cluster)."""
        if proposals is self._proposals and cues is self._cues:
            return
        self._proposals, self._cues = proposals, cues
        self._items = None
        # two runs in text order: the view's sort merges them
        self.w.article_view.body.set_proposals([(p.start, p.end) for p in proposals]
                                               + [(c.cue.start, c.cue.end) for c in cues])

    def _open_cues(self, text: str) -> list[AttributionProposal]:
        """The rules' cues nobody has coded yet. A cue whose content is already a claim
        stays: it is another voice of that claim ("..., ARA News reported")."""
        data = self.w.annotations
        cue_spans = [(a.cue_start, a.cue_end) for a in data.attributions
                     if a.cue_start is not None]
        rejected = self.w.store.rejected_cues(self.w.article_id)
        key = (text, cue_spans, rejected)
        if self._open is not None and self._open[0] == key:
            return self._open[1]  # a mention or claim edit: no cue changed
        coded = SpanSet(cue_spans)
        cues = [a for a in self._rule_cues(text)
                if a.content is not None and (a.cue.start, a.cue.end) not in rejected
                and not coded.overlaps(a.cue.start, a.cue.end)]
        self._open = (key, cues)
        return cues

    def _rule_cues(self, text: str) -> list[AttributionProposal]:
        """The rules' cues of the shown text, found once per article (the text never
        changes, and the rules read all of it)."""
        if self._rules is None or self._rules[0] != text:
            from annotator.assist.chains import chained  # after the paint
            self._rules = (text, chained(self.reader(text)))
        return self._rules[1]

    @property
    def reader(self):
        """What finds the cues: the rules, or the rules reading the spaCy model the coder
        named (View ▸ Suggestions from a spaCy model…, ``gui.spacy_model``)."""
        if self._reader is None:
            from annotator.gui.spacy_model import AttributionReader
            self._reader = AttributionReader(self.w)
        return self._reader

    def choose_spacy_model(self) -> None:
        """View ▸ Suggestions from a spaCy model… (``gui.spacy_model``, loaded when asked)."""
        from annotator.gui.spacy_model import choose_spacy_model
        choose_spacy_model(self.w)

    def forget_rules(self) -> None:
        """What finds the cues changed: find the open article's again, now."""
        self._rules = self._open = None
        self.refresh()

    def items(self) -> list:
        """Every suggestion of the article, mentions and cues, left to right."""
        self._settle()
        if self._items is None:  # each list is in text order already
            self._items = list(merge(self._proposals, self._cues, key=span_of))
        return self._items

    def restore(self) -> None:
        """The project's own setting, as the window opens on it (``shown_key``)."""
        self.shown = self.w.settings.value(shown_key(self.w.store), True, type=bool)
        self.w.actions_by_name["show_suggestions"].setChecked(self.shown)

    def set_shown(self, shown: bool) -> None:
        """View ▸ Show suggestions (Ctrl+Shift+G) for this project: kept under its key,
        and every window open on it (two can be, opened from another project's window)
        shows it and ticks its menu so, while other projects' windows keep theirs."""
        shown = bool(shown)
        self.w.settings.setValue(shown_key(self.w.store), shown)
        for window in self._windows_on_this_project():
            window.suggestions.shown = shown
            window.actions_by_name["show_suggestions"].setChecked(shown)
            window.suggestions.refresh()

    def _windows_on_this_project(self) -> list:
        """This window and any other open one on the same project file and settings."""
        from PySide6.QtWidgets import QApplication
        key, settings = shown_key(self.w.store), self.w.settings.fileName()
        others = [w for w in QApplication.topLevelWidgets()
                  if w is not self.w and w.isVisible() and isinstance(
                      getattr(w, "suggestions", None), Suggestions)
                  and w.settings.fileName() == settings and shown_key(w.store) == key]
        return [self.w, *others]

    # -- the coder's keys --------------------------------------------------------------
    def _target(self):
        """The suggestion under the selection or cursor, else the next one after it."""
        start, end = self.w.selecting.current()
        items = self.items()
        for p in items:
            a, b = span_of(p)
            if a <= start and end <= b or (start <= a and b <= end):
                return p
        return next((p for p in items if span_of(p)[0] >= end), None)

    def _nothing(self) -> None:
        self.w.show_message("No suggestion here: ] and [ move between them."
                            if self.shown else "Suggestions are hidden (View ▸ Show suggestions).")

    def accept(self) -> None:
        target = self._target()
        if target is None:
            return self._nothing()
        if self._accept(target):
            self._select_next(span_of(target)[1])

    def accept_all(self) -> None:
        """Every suggestion, names before cues: an attribution links its source to the
        mention inside it, so "According to the Command, …" finds the Command's mention
        only if that name, which follows the cue, is coded first."""
        todo = sorted(self.items(), key=is_cue)
        if not todo:
            return self._nothing()
        with macro(self.w.undo_stack, f"Accept {counted(len(todo), 'suggestion')}"):
            accepted = sum(self._accept(p) for p in todo)
        self.w.show_message(f"Accepted {accepted} of {counted(len(todo), 'suggestion')}; "
                            "Ctrl+Z undoes them together.")

    def reject(self) -> None:
        target = self._target()
        if target is None:
            return self._nothing()
        store, aid = self.w.store, self.w.article_id
        if is_cue(target):
            cue = target.cue
            command = InsertCommand(self.w.context, f"Reject cue “{cue.text}”",
                                    lambda: store.reject_cue(aid, cue.start, cue.end))
        else:
            command = InsertCommand(self.w.context, "Reject suggestion",
                                    lambda: store.reject_suggestion(
                                        aid, target.start, target.end, target.entity_id))
        if push_or_say(self.w.undo_stack, command, self.w.show_message):
            self._select_next(span_of(target)[1])

    def _accept(self, p) -> bool:
        if is_cue(p):
            return self._accept_attribution(p)
        store, aid = self.w.store, self.w.article_id
        with macro(self.w.undo_stack, f"Accept “{p.text}”"):
            command = InsertCommand(self.w.context, f"Accept “{p.text}”",
                                    lambda: store.add_mention(aid, p.start, p.end,
                                                              entity_id=p.entity_id,
                                                              suggested=True))
            if not self.w.coding.push_coded(command):
                return False
            self.w.coding.link_waiting_sources(p.start, p.end, p.entity_id)
            return True

    def _accept_attribution(self, p: AttributionProposal) -> bool:
        """The claim (unless its content is coded already) and its attribution, nested in
        the claim's chain of voices by distance from the content, as one undo step. A voice
        of that claim coded without its cue, whose source is this cue's, gets the cue
        instead: A after S on "Nechirvan Mirani" completes that attribution, not a second
        one nesting it."""
        from annotator.assist.chains import place, voices_of
        store, aid, ctx, data = self.w.store, self.w.article_id, self.w.context, self.w.annotations
        content = (p.content.start, p.content.end)
        claim = next((c for c in data.claims if c.start < content[1] and content[0] < c.end),
                     None)
        source, entity = self._source_of(p)
        stack = self.w.undo_stack
        with macro(stack, f"Accept attribution “{p.cue.text}”"):
            if claim is None:
                insert = InsertCommand(ctx, "Accept claim",
                                       lambda: store.add_claim(aid, *content))
                if not self.w.coding.push_coded(insert):
                    return False
                claim_id, voices = insert.change.row_id, []
            else:
                claim_id, content = claim.id, (claim.start, claim.end)
                waiting = self._waiting_for_cue(claim_id, p, entity)
                if waiting is not None:
                    return self._give_cue(waiting, p, source, entity)
                voices = voices_of(data.attributions, claim_id)
            placed = place((p.cue.start, p.cue.end), content, voices)
            kind = "indirect" if placed.outer and p.kind == "direct_quote" else p.kind
            values = {"kind": kind, "cue_span": (p.cue.start, p.cue.end),
                      "parent_attribution_id": placed.parent_id}
            if source is not None:
                values["source_span"] = source
                if entity is not None:
                    values["source_entity_id"] = entity
            attribution = InsertCommand(ctx, "Accept attribution", lambda: store.add_attribution(
                claim_id, **values))
            if not self.w.coding.push_coded(attribution):
                return False
            if placed.renest is not None and not nest_voice(
                    stack, ctx, self.w.show_message, placed.renest, attribution.change.row_id):
                return False
            self.w.coding.follow_claimant(claim_id, values.get("source_entity_id"), placed)
            return True

    def _source_of(self, p: AttributionProposal) -> tuple[tuple[int, int] | None, int | None]:
        """Where a proposal's source is coded, and the entity it names (or None for each).

        The rules take a source as PolNeAR's coders mark it, the whole phrase ("Peshmerga
        officer Nechirvan Mirani", "the Iraqi Army General Command"). Its entity is the
        name the phrase ends with (``Coding.named_in``: a coded mention inside it, else a
        known name suggested there, A on "According to the Command" before the Command is
        coded), and that name's span is the source, as S on the name codes it by hand:
        the whole phrase was wider than the coding of DESIGN.md's example. A phrase that
        names no entity ("the officer") is the source as it stands."""
        if p.source is None:
            return None, None
        name = self.w.coding.named_in(p.source.start, p.source.end, self.proposals)
        if name is None:
            return (p.source.start, p.source.end), None
        return (name.start, name.end), name.entity_id

    def _waiting_for_cue(self, claim_id: int, p: AttributionProposal, entity: int | None):
        """The claim's attribution coded without a cue whose source is the proposal's."""
        for a in self.w.annotations.attributions:
            if a.claim_id != claim_id or a.cue_start is not None:
                continue
            same_span = p.source is not None and a.source_start is not None \
                and a.source_start < p.source.end and p.source.start < a.source_end
            if same_span or (entity is not None and a.source_entity_id == entity):
                return a
        return None

    def _give_cue(self, a, p: AttributionProposal, source: tuple[int, int] | None,
                  entity: int | None) -> bool:
        """Complete a coded voice with the proposal's cue and kind (and its source's span
        and entity, ``_source_of``, where the voice lacks them), inside the caller's macro."""
        fields = {"cue_start": p.cue.start, "cue_end": p.cue.end, "cue_text": p.cue.text,
                  "kind": p.kind}
        if a.source_start is None and source is not None:
            fields.update(source_start=source[0], source_end=source[1],
                          source_text=self.w.article_view.body.text[source[0]:source[1]])
        if a.source_entity_id is None and entity is not None:
            fields["source_entity_id"] = entity
        if not self.w.coding.run(UpdateCommand(self.w.context, "Accept cue", "attributions",
                                               a.id, fields)):
            return False
        self.w.coding.follow_claimant_of(a.id, fields.get("source_entity_id",
                                                          a.source_entity_id))
        return True

    def _select_next(self, after: int) -> None:
        following = next((p for p in self.items() if span_of(p)[0] >= after), None)
        body = self.w.article_view.body
        if following is None:
            body.select_span(after, after)
            self.w.show_message("That was the last suggestion in this article.")
        else:
            body.select_span(*span_of(following))
            body.ensureCursorVisible()
            self.w.show_message(describe(following, self.w.store))  # not the one accepted


def is_cue(p) -> bool:
    """Whether the suggestion ``p`` is a cue's (an attribution), not a known name's.

    The proposal classes load with the first suggestions, just after the window's
    first paint, not with this module, which loads before it (benchmarks/startup.py).
    """
    from annotator.assist.attribution_proposal import AttributionProposal
    return isinstance(p, AttributionProposal)


def describe(p, store=None) -> str:
    """What the status bar says of the suggestion the selection is on, and its keys.

    A name suggestion says the entity it links by the entity's name, read from
    ``store`` when given: the phrase it matched may be only what a coder linked in
    this article ("Iraqi forces", coded as the Iraqi Army)."""
    if is_cue(p):
        return (f"“{p.cue.text}”: a cue of an attribution; A accepts it with its claim and "
                "source, X rejects it (not offered to you here again).")
    name = p.matched
    if store is not None:
        try:
            name = store.entity(p.entity_id).name
        except KeyError:  # merged or deleted since the suggestions were made
            pass
    return (f"“{p.text}”: {name} ({p.entity_type}) is known; A accepts it, X rejects "
            "it, E then Enter codes it.")


def span_of(p) -> tuple[int, int]:
    """Where a suggestion sits in the text: a mention's span, an attribution's cue."""
    return (p.cue.start, p.cue.end) if is_cue(p) else (p.start, p.end)
