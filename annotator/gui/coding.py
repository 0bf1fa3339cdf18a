"""Keyboard coding: E, C, S and Delete, and in-place panel edits, as undo commands.

Kept apart from the window so that the window only lays things out and
navigates; everything that changes annotations passes through here and then
through ``commands.push``.

The popups (E, C, S) are imported a moment after the window's first paint, or when
first opened if sooner: at start-up they would build their modules and Qt classes
before the first paint, and at the first E a coder typing at once lost letters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from annotator.gui.after_paint import AfterPaint
from annotator.gui.commands import (
    DeleteCommand,
    InsertCommand,
    UpdateCommand,
    macro,
    nest_voice,
    push_coded,
    push_or_say,
)
from annotator.gui.entity_picker import EntityLookup
from annotator.gui.identity_commands import MergeCommand
from annotator.gui.popup_focus import KeyboardFocusShown
from annotator.spans import nearest_claim, short

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


def has_source(a) -> bool:
    """Whether an attribution names its source: a span, an entity or a description."""
    return a.source_start is not None or a.source_entity_id is not None or bool(a.source_text)


def source_done(a, entity_id: int | None) -> bool:
    """Whether S on a source naming ``entity_id`` has nothing to give attribution ``a``:
    it has its source's span, or names another entity or a description of its own. A
    voice coded from its cue with its source's entity picked ("told", Eli Saddi) still
    lacks the span of the words naming him."""
    if a.source_start is not None:
        return True
    if a.source_entity_id is not None:
        return a.source_entity_id != entity_id
    return bool(a.source_text)


WARM_UP_MS = 300
"""How long after the first paint the popups are loaded (the window settles first)."""


class Coding:
    """Turns the coder's keys and edits into commands on the window's undo stack."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.popup = None  # the open popup, for tests and to keep it alive
        self.last_type: str | None = None
        #: What every entity name field asks as the coder types (store.suggest_entities).
        self.lookup = EntityLookup.of(window.store)
        self.warmed = False
        AfterPaint(window).call(lambda: QTimer.singleShot(WARM_UP_MS, self._warm_up))

    def _warm_up(self) -> None:
        """Load the popups and their guesses once the window has settled after its first
        paint: built at the first E they took long enough that a coder typing at once
        lost the first letters ("aqi Army" for "Iraqi Army", found under Xvfb)."""
        import annotator.assist.entity_type
        import annotator.assist.roles
        import annotator.gui.dialogs.claim_popup
        import annotator.gui.dialogs.mention_popup
        import annotator.gui.dialogs.source_popup
        import annotator.gui.popup_place  # noqa: F401 - imported to be ready
        self.warmed = True

    @property
    def store(self):
        return self.w.store

    # -- shared helpers ----------------------------------------------------------

    def run(self, command) -> bool:
        return push_or_say(self.w.undo_stack, command, self.w.show_message)

    def edit(self, table: str, row_id: int, fields: dict[str, Any], text: str) -> None:
        """An in-place edit in a panel.

        ``("entity_merges", merged_id, {"kept": kept_id})`` is the one edit that
        is not a field update: naming an existing entity in an entity's name
        field says the two are one actor, so it merges them (undoable).
        """
        if table == "entity_merges":
            kept = fields["kept"]
            if self.run(MergeCommand(self.w.context, text, kept, [row_id])):
                self.w.show_message(f"Merged into “{self.store.entity(kept).name}”; "
                                    "Ctrl+Z undoes it.")
            return
        source = fields.get("source_entity_id") if table == "attributions" else None
        if not isinstance(source, int):
            self.run(UpdateCommand(self.w.context, text, table, row_id, fields))
            return
        # A voice's source picked in the panel fills the claim's Claimant as S and A do
        # (the direct voice's source, when the claim has none), in the same undo step.
        with macro(self.w.undo_stack, text):
            if self.run(UpdateCommand(self.w.context, text, table, row_id, fields)):
                self.follow_claimant_of(row_id, source)

    def _selection(self) -> tuple[int, int, str] | None:
        """The selection E, C and S code; None (and why) where there is nothing to code,
        or where nothing coded could be stored: a read-only project says so before the
        popup, not after the coder has filled it in."""
        if self.store.read_only:
            self.w.show_message(f"{self.store.path} is read-only: nothing can be coded in it. "
                                "To code, open a copy in a folder you can write to.")
            return None
        data = self.w.annotations
        span = self.w.article_view.body.selection_span()
        if data is None or span is None:
            self.w.show_message("Select some text in the article first.")
            return None
        return span[0], span[1], self.w.article_view.body.text[span[0]:span[1]]

    def _open(self, popup, on_accept, *, keep_selection: bool = False) -> None:
        """Show ``popup`` beside the selection (``popup_place``: centred on the window,
        it covered the sentence being coded) and run ``on_accept`` when accepted."""
        from annotator.gui.popup_place import place_popup
        self.popup = popup
        place_popup(popup, self.w.article_view.body, self.w)
        popup.accepted.connect(on_accept)
        popup.finished.connect(lambda accepted: self._back_to_article(
            accepted, keep_selection=keep_selection))
        KeyboardFocusShown(popup)
        popup.open()

    def _back_to_article(self, accepted: int, *, keep_selection: bool = False) -> None:
        """Give the keyboard back to the article, and show what was just coded.

        The window is re-activated because some window managers (and none at
        all, under Xvfb) leave the focus nowhere when a popup closes. After an
        accepted E or S the selection is collapsed, so the new highlight shows
        instead of being hidden under the selection colour. After C it is kept
        (``keep_selection``): a claim's next step is its voice, and S on the kept
        claim codes the outlet's own voice, and Alt+Up grows from the claim towards
        its sentence, where the source and cue are; collapsed, the coder needed
        Alt+Up twice to get the claim back. The new claim's row is current in the
        Claims panel, so it shows as coded under the selection colour too.
        """
        body = self.w.article_view.body
        self.w.activateWindow()
        body.setFocus()
        if accepted and not keep_selection:
            cursor = body.textCursor()
            cursor.clearSelection()
            body.setTextCursor(cursor)

    def _inserted(self, text: str, make) -> bool:
        insert = InsertCommand(self.w.context, text, make)
        if not self.push_coded(insert):
            return False
        self.show_coded(insert)
        return True

    def push_coded(self, insert: InsertCommand) -> bool:
        """An annotation's insert; the article's first also puts it in progress (one step)."""
        return push_coded(self.w.undo_stack, insert, self.w.show_message, self.w.article_id)

    def show_coded(self, insert: InsertCommand) -> None:
        """After a popup: the row just coded becomes current in its panel, so the panel
        shows it and F2 edits it (not after Shift+A: finding each of hundreds of rows in
        a long article's panel would cost more than the accepting)."""
        if insert.change is not None:
            self.w.select_row(insert.change.table, insert.change.row_id)

    def follow_claimant_of(self, attribution_id: int, source_id: int | None) -> None:
        """``follow_claimant`` for a voice already stored (given its cue, or its source's
        entity just now): placed among the claim's other voices as it sits."""
        from annotator.assist.chains import place, voices_of
        attributions = self.store.attributions(self.w.article_id)
        a = next((x for x in attributions if x.id == attribution_id), None)
        [claim] = self.store.claims_by_id(self.w.article_id, [a.claim_id]) if a else [None]
        at = (a.cue_start, a.cue_end) if a and a.cue_start is not None else \
            (a.source_start, a.source_end) if a else (None, None)
        if claim is None or at[0] is None:
            return
        others = [v for v in voices_of(attributions, a.claim_id) if v.attribution_id != a.id]
        self.follow_claimant(a.claim_id, source_id, place(at, (claim.start, claim.end), others))

    def link_waiting_sources(self, start: int, end: int, entity_id: int) -> None:
        """A mention just coded inside an attribution's source span that names no entity
        ("ARA News" in a source marked before it was an entity) becomes that source, and
        its claim's claimant where it is the direct source; inside the caller's macro."""
        for a in list(self.w.annotations.attributions):  # in memory: this runs on every E
            if a.source_entity_id is None and a.source_start is not None \
                    and a.source_start <= start and end <= a.source_end:
                if self.run(UpdateCommand(self.w.context, "Link the source", "attributions",
                                          a.id, {"source_entity_id": entity_id})):
                    self.follow_claimant_of(a.id, entity_id)

    def follow_claimant(self, claim_id: int, source_id: int | None, placed) -> None:
        """Give the claim its new direct source as claimant (``assist.chains.claimant_after``),
        inside the caller's undo macro, so S or A on "the Command said" fills Claimant."""
        from annotator.assist.chains import claimant_after
        aid = self.w.article_id
        [claim] = self.store.claims_by_id(aid, [claim_id]) or [None]
        if claim is None:
            return
        claimant = claimant_after(claim.claimant_entity_id, source_id, placed,
                                  self.store.attributions(aid))
        if claimant is not None:
            self.run(UpdateCommand(self.w.context, "Set claim claimant", "claims", claim_id,
                                   {"claimant_entity_id": claimant}))

    # -- E: entity mention ---------------------------------------------------------
    def mark_entity(self) -> None:
        sel = self._selection()
        if sel is None:
            return
        start, end, text = sel
        from annotator.assist.entity_type import guess_entity_type
        from annotator.gui.dialogs.mention_popup import MentionPopup  # when first opened: start-up
        guess = guess_entity_type(self.w.article_view.body.text, start, end)
        # the type the words say, if the codebook has it; else the one chosen last
        known = {c.key for c in self.w.codebook.entity_types}
        default = guess if guess in known else self.last_type
        mine = (None, self.store.coder_id)
        linked = {" ".join(m.text.casefold().split()): m.entity_id
                  for m in self.w.annotations.mentions if m.coder_id in mine and m.text}
        popup = MentionPopup(text, self.lookup, self.w.codebook, default, self.w, linked=linked)
        self._open(popup, lambda: self.add_mention(start, end, popup.choice))

    def add_mention(self, start: int, end: int, choice) -> None:
        aid = self.w.article_id
        self.last_type = choice.entity_type
        coded = next((m for m in self.w.annotations.mentions
                      if (m.start, m.end) == (start, end) and m.entity_id == choice.entity_id
                      and m.coder_id in (None, self.store.coder_id)), None)
        if choice.entity_id is not None and coded is not None:
            # E, Enter twice on one span made two identical mentions
            self.w.select_row("mentions", coded.id)
            self.w.show_message(f"“{short(self.w.article_view.body.text[start:end], 40)}” is "
                                f"coded already as {choice.name}: nothing added (its row is "
                                "selected in the Entities panel).")
            return
        text = f"Mark “{short(choice.name, 30)}”"
        with macro(self.w.undo_stack, text):
            insert = InsertCommand(self.w.context, text, lambda: self.store.add_mention(
                aid, start, end, entity_id=choice.entity_id, name=choice.name,
                entity_type=choice.entity_type))
            if self.push_coded(insert):
                self.link_waiting_sources(start, end, insert.change.after["entity_id"])
                self.show_coded(insert)

    # -- C: claim --------------------------------------------------------------------
    def mark_claim(self) -> None:
        sel = self._selection()
        if sel is None:
            return
        start, end, text = sel
        from annotator.gui.dialogs.claim_popup import ClaimPopup  # when first opened: start-up
        popup = ClaimPopup(text, self.lookup, self.w.codebook, parent=self.w)
        self._open(popup, lambda: self.add_claim(start, end, popup.fields()),
                   keep_selection=True)

    def add_claim(self, start: int, end: int, fields: dict[str, Any]) -> None:
        aid = self.w.article_id
        self._inserted("Mark claim", lambda: self.store.add_claim(aid, start, end, **fields))

    # -- S: source attribution -------------------------------------------------------
    def mark_source(self) -> None:
        from annotator.assist.chains import place, voices_of  # with the first S, not at start-up
        from annotator.assist.roles import selection_role, source_after_cue
        sel = self._selection()
        if sel is None:
            return
        start, end, text = sel
        from annotator.gui.dialogs.source_popup import OpenAttribution, SourcePopup  # start-up
        data = self.w.annotations
        claim = nearest_claim(data.claims, start, end, self.w.article_view.body.text)
        role = selection_role(
            self.w.article_view.body.text, (start, end),
            mentions=[(m.start, m.end) for m in data.mentions],
            claim=(claim.start, claim.end) if claim else None,
            voice_lacks_source=claim is not None and any(
                a.claim_id == claim.id and a.cue_start is not None and not has_source(a)
                for a in data.attributions))
        # the name a source selection ends with; for a cue that opens its source's phrase
        # ("According to the Command, …") the name that phrase ends with, span and all
        after = source_after_cue(self.w.article_view.body.text, (start, end)) \
            if role == "cue" else None
        if role == "cue" and after is None:
            after = self._rules_source(start, end)
        named = self.named_in(start, end) if role == "source" else \
            self.named_in(*after) if after is not None else None
        source_entity = None if named is None else named.entity_id
        source_span = (named.start, named.end) if after is not None and named else None
        source_words = None  # the rules' source where it names no entity: "the officer"
        if after is not None and named is None:
            source_span, source_words = after, self.w.article_view.body.text[after[0]:after[1]]
        parents = [("— (the outlet itself)", None)] + [
            (self.w.sources_model.label(a), a.id) for a in self.w.sources_model.rows]
        open_ones = [OpenAttribution(self.w.sources_model.label(a), a.id, a.claim_id,
                                     source_done(a, source_entity), a.cue_start is not None,
                                     a.cue_start,
                                     a.kind, a.parent_attribution_id)
                     for a in self.w.sources_model.rows]
        popup = SourcePopup(text, (start, end),
                            [(short(c.text, 70), c.id) for c in data.claims],
                            claim.id if claim else None, self.lookup, parents,
                            self.w.codebook, role=role,
                            kind=self._kind_of(start, end, role, claim),
                            kind_for=lambda cid: self._kind_of(  # only if another is chosen
                                start, end, role, next(c for c in data.claims if c.id == cid)),
                            source_entity_id=source_entity, source_span=source_span,
                            source_text=source_words,
                            open_attributions=open_ones,
                            likely_parents={c.id: place((start, end), (c.start, c.end),
                                                        voices_of(data.attributions, c.id))
                                            .parent_id for c in data.claims},
                            parent=self.w)
        self._open(popup, lambda: self._attribute(popup, (start, end), text))

    def _kind_of(self, start: int, end: int, role: str, claim) -> str:
        """The kind S preselects: the pattern's (``assist.roles.selection_kind``), but a
        voice that relays another voice of the claim reports it: indirect ("ARA News
        reported" outside the Command's quote)."""
        from annotator.assist.chains import place, voices_of
        from annotator.assist.roles import selection_kind
        span = None if claim is None else (claim.start, claim.end)
        kind = selection_kind(self.w.article_view.body.text, (start, end), role, span)
        if kind == "direct_quote" and claim is not None and place(
                (start, end), span, voices_of(self.w.annotations.attributions, claim.id)).outer:
            return "indirect"
        return kind

    def named_in(self, start: int, end: int, proposals=None):
        """The name a phrase of the article ends with (``assist.naming.name_ending``): a
        coded mention ("Peshmerga officer Nechirvan Mirani" is Mirani), else a known name
        not coded there yet (S on "the Iraqi Army General Command" framed as a
        suggestion), or None. ``proposals`` are the known names' places in the open
        article, when the caller has them (the suggestions shown); else the store
        finds them. The mention or proposal itself, so its span goes with its entity."""
        from annotator.assist.naming import name_ending
        name = name_ending(start, end, self.w.annotations.mentions)
        if name is None:
            if proposals is None:
                proposals = self.store.mention_proposals(self.w.article_id,
                                                         self.w.known_matcher())
            name = name_ending(start, end, proposals)
        return name

    def _rules_source(self, start: int, end: int) -> tuple[int, int] | None:
        """The source the rules read for the cue selected ("An officer, Eli Saddi, told"),
        from the suggestions framed in the article: S on a cue then proposes the name coded
        in it, as A on the suggestion would. None where no suggestion is on the cue."""
        for proposal in self.w.suggestions.cues:
            cue = proposal.cue
            if proposal.source is not None and cue.start < end and start < cue.end:
                return proposal.source.start, proposal.source.end
        return None

    def _attribute(self, popup, span: tuple[int, int], text: str) -> None:
        """A new attribution, or the selection's role given to the one being completed."""
        target = popup.completes()
        if popup.role() == "outlet":
            if popup.outlet_kind is None:
                self.w.show_message("A claim with no attribution is the outlet's own voice: "
                                    "nothing to add (this codebook has no “unattributed” kind).")
                return
            self.add_attribution(popup.attribution())
            return
        if target is None:
            self.add_attribution(popup.attribution(), span)
            return
        role = popup.role()
        # the target lacks this role, so it has no fragments of it to clear
        fields: dict[str, Any] = {f"{role}_start": span[0], f"{role}_end": span[1],
                                  f"{role}_text": text}
        if role == "source":
            value = popup.attribution()
            if "source_entity_id" in value:
                fields["source_entity_id"] = value["source_entity_id"]
        with macro(self.w.undo_stack, f"Set the {role}"):
            if self.run(UpdateCommand(self.w.context, f"Set the {role}", "attributions", target,
                                      fields)):
                self.w.select_row("attributions", target)
                if fields.get("source_entity_id") is not None:  # the cue first, then who
                    self.follow_claimant_of(target, fields["source_entity_id"])

    def add_attribution(self, values: dict[str, Any],
                        span: tuple[int, int] | None = None) -> None:
        """A new attribution; given the selection's ``span``, a voice of the claim that it
        reports ("reported" after the Command's "said") is nested in it in the same undo
        step, as accepting the suggestions does, so the chain comes out whichever voice
        is coded first."""
        from annotator.assist.chains import place, voices_of
        values = dict(values)
        claim_id = values.pop("claim_id")
        if claim_id is None:
            self.w.show_message("Not done: mark the claim first (select it, press C).")
            return
        make = lambda: self.store.add_attribution(claim_id, **values)  # noqa: E731
        claim = next((c for c in self.w.annotations.claims if c.id == claim_id), None)
        placed = None if span is None or claim is None else \
            place(span, (claim.start, claim.end), voices_of(self.w.annotations.attributions,
                                                          claim_id))
        stack, ctx = self.w.undo_stack, self.w.context
        with macro(stack, "Attribute source"):
            insert = InsertCommand(ctx, "Attribute source", make)
            if not self.push_coded(insert):
                return
            if placed is not None and values.get("parent_attribution_id") == placed.parent_id:
                if placed.renest is not None:
                    nest_voice(stack, ctx, self.w.show_message, placed.renest,
                               insert.change.row_id)
                self.follow_claimant(claim_id, values.get("source_entity_id"), placed)
            self.show_coded(insert)  # after the nesting, which redraws the chain's rows

    # -- Delete --------------------------------------------------------------------------
    def delete_selected(self) -> None:
        """Delete what is selected in the visible panel (mentions of a selected entity)."""
        panel = self.w.current_panel()
        store, ctx = self.store, self.w.context
        commands = []
        label = None  # the undo step's name, when it is not "Delete N items"
        if panel is self.w.entities_panel:
            mention_ids: list[int] = []
            for kind, row_id in panel.selected_items():
                if kind == "mention":
                    mention_ids.append(row_id)
                else:  # an entity row: its mentions in this article (the entity stays)
                    mention_ids += [m.id for m in self.w.annotations.mentions
                                    if m.entity_id == row_id]
            commands = [DeleteCommand(ctx, "Delete mention",
                                      lambda i=i: store.delete_mention(i))
                        for i in dict.fromkeys(mention_ids)]
        elif panel is self.w.claims_panel:
            commands = [DeleteCommand(ctx, "Delete claim", lambda i=i: store.delete_claim(i))
                        for i in panel.selected_ids()]
        elif panel is self.w.sources_panel:
            ids = panel.selected_ids()
            # Only the rows selected go: a voice nested in one of them (the Command's,
            # inside "ARA News reported") stays, nested in what held the deleted one.
            moves, nested = self._renest_around(ids)
            commands = [*moves, *(DeleteCommand(ctx, "Delete source",
                                                lambda i=i: store.delete_attribution(i))
                                  for i in ids if i not in nested)]  # each chain once
            label = "Delete source" if len(ids) == 1 else f"Delete {len(ids)} sources"
        if not commands:
            self.w.show_message("Select a row in the panel to delete it.")
            return
        if len(commands) == 1:
            self.run(commands[0])
            return
        with macro(self.w.undo_stack, label or f"Delete {len(commands)} items"):
            for command in commands:
                self.run(command)

    def _renest_around(self, ids: list[int]) -> tuple[list[UpdateCommand], set[int]]:
        """The moves of the voices nested in a deleted one but not deleted themselves, each
        to the nearest voice around it that stays (or none: then it is the outer one); and
        the deleted voices right inside another deleted one (the store deletes those with
        it: once the moves are made, nothing else hangs under a deleted voice)."""
        parent = {a.id: a.parent_attribution_id for a in self.w.annotations.attributions}
        going, moves = set(ids), []
        nested = {i for i in going if parent.get(i) in going}
        for inner, outer in parent.items():
            if inner in going or outer not in going:
                continue
            while outer in going:
                outer = parent.get(outer)
            moves.append(UpdateCommand(self.w.context, "Delete source", "attributions", inner,
                                       {"parent_attribution_id": outer}))
        return moves, nested
