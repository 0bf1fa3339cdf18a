"""The E and C popups from the keyboard: Tab goes where the form says, a key picks a type,
Enter accepts from every field (issue 9's detours, found by driving the real window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.gui.models import ID_ROLE
from tests.gui.test_coding_path import select

TAB, RETURN = Qt.Key.Key_Tab, Qt.Key.Key_Return


def focused():
    return QApplication.focusWidget()


def press(window, qtbot, key) -> None:
    """A coding key in the article, once the window is active again after a popup."""
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.article_view.body, key)


def open_e(window, qtbot, phrase: str):
    start, end = select(window, phrase)
    press(window, qtbot, Qt.Key.Key_E)
    popup = window.coding.popup
    qtbot.waitUntil(popup.isActiveWindow)  # where the coder's keys go from now on
    return popup, start


def new_entity_of(window, start: int):
    mention = next(m for m in window.store.mentions(window.article_id) if m.start == start)
    return window.store.entity(mention.entity_id)


def test_tab_goes_to_the_type_box_a_letter_picks_its_type_and_enter_accepts(window, qtbot):
    popup, start = open_e(window, qtbot, "General Command")
    assert focused() is popup.name
    qtbot.keyClick(popup.name, TAB)
    assert focused() is popup.type_combo  # one Tab, not two (the list takes no focus)
    combo = popup.type_combo
    qtbot.keyClick(combo, Qt.Key.Key_A)
    assert combo.currentData() == "ARMED_GROUP"
    qtbot.keyClick(combo, Qt.Key.Key_O)  # the type whose letter is o, not "the next o"
    assert combo.currentData() == "ORG"
    assert combo.currentText().startswith("2 O")  # the keys are shown in the box
    qtbot.keyClick(combo, RETURN)
    assert not popup.isVisible()
    entity = new_entity_of(window, start)
    assert (entity.name, entity.type) == ("General Command", "ORG")


def test_a_digit_in_the_type_box_and_ctrl_digit_in_the_name_pick_the_type(window, qtbot):
    popup, start = open_e(window, qtbot, "General Command")
    qtbot.keyClick(popup.name, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert popup.type_combo.currentData() == "GPE/LOC"
    assert popup.name.text() == "General Command"  # nothing typed into the name
    qtbot.keyClick(popup.name, TAB)
    qtbot.keyClick(popup.type_combo, Qt.Key.Key_4)
    assert popup.type_combo.currentData() == "ARMED_GROUP"
    qtbot.keyClick(popup.type_combo, Qt.Key.Key_Enter)
    assert new_entity_of(window, start).type == "ARMED_GROUP"


def test_tab_in_the_claim_popup_follows_the_form(window, qtbot):
    select(window, "General Command")
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_C)
    popup = window.coding.popup
    qtbot.waitUntil(popup.isActiveWindow)
    assert focused() is popup.category
    order = []
    for _ in range(5):
        qtbot.keyClick(focused(), TAB)
        order.append(focused())
    assert order[:5] == [popup.claimant, popup.addressee, popup.position, popup.certainty,
                         popup.note]
    wide = popup.claimant.fontMetrics().horizontalAdvance("Iraqi Army General Command")
    assert popup.claimant.width() >= wide
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_s_on_the_cue_completes_the_attribution_whose_source_was_marked(window, qtbot):
    store, aid = window.store, window.article_id
    select(window, "our units liberated the neighbourhoods of Malayan and Karama")
    press(window, qtbot, Qt.Key.Key_C)
    qtbot.waitUntil(window.coding.popup.isActiveWindow)
    qtbot.keyClick(focused(), RETURN)
    popup, _ = open_e(window, qtbot, "General Command")
    qtbot.keyClick(popup.name, RETURN)
    select(window, "General Command")
    press(window, qtbot, Qt.Key.Key_S)
    source = window.coding.popup
    qtbot.waitUntil(source.isActiveWindow)
    assert source.role() == "source" and source.completes() is None  # nothing to complete
    qtbot.keyClick(focused(), RETURN)
    [first] = store.attributions(aid)
    assert first.source_text == "General Command" and first.cue_start is None
    cue_start, cue_end = select(window, "said in a statement")
    press(window, qtbot, Qt.Key.Key_S)
    cue = window.coding.popup
    qtbot.waitUntil(cue.isActiveWindow)
    assert cue.role() == "cue" and cue.completes() == first.id  # preselected: complete it
    assert "give it this cue" in cue.target.currentText()
    qtbot.keyClick(focused(), RETURN)
    [same] = store.attributions(aid)  # one attribution holds its source and its cue
    assert same.id == first.id
    assert (same.cue_start, same.cue_end, same.cue_text) == (cue_start, cue_end,
                                                             "said in a statement")
    assert same.source_text == "General Command"
    window.undo_stack.undo()
    [back] = store.attributions(aid)
    assert back.cue_start is None and back.source_text == "General Command"


def test_nested_in_offers_this_claims_voices_first_labelled_and_preselects_the_outer_one(
        window, qtbot):
    store, aid = window.store, window.article_id
    body = window.article_view.body.text
    first = store.add_claim(aid, body.index("our units"), body.index(", the General")).row_id
    second = store.add_claim(aid, body.index("2,000"), body.index(" were killed")).row_id
    outer = store.add_attribution(first, kind="indirect", source_text="ARA News",
                                  cue_span=(body.index("ARA News reported") + 9,
                                            body.index("ARA News reported") + 17)).row_id
    other = store.add_attribution(second, kind="indirect", source_text="Eli Saddi").row_id
    window.open_article(aid)  # shows what was stored outside the popups
    select(window, "the General Command")  # nearer the claim's words than "reported"
    press(window, qtbot, Qt.Key.Key_S)
    popup = window.coding.popup
    qtbot.waitUntil(popup.isActiveWindow)
    popup.claim.select_value(first)
    combo = popup.parent_attribution
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert combo.values[:2] == [None, outer]  # the outlet, then this claim's own voices
    assert combo.values[2] == other and "— of “2,000 militants" in labels[2]
    assert popup.parent_attribution.value() == outer  # ARA News reports the Command's words
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_a_type_picked_for_the_typed_name_makes_it_new_not_a_longer_known_name(window, qtbot):
    """Found driving the window under Xvfb: "Iraqi Army", Ctrl+2, Enter coded the mention as
    the known "Iraqi Army General Command", whose name the typed one begins."""
    window.store.add_entity("ARA News Agency", "MEDIA")
    popup, start = open_e(window, qtbot, "ARA News")
    assert popup.list.currentItem().text().startswith("ARA News Agency")  # a prefix match
    qtbot.keyClick(popup.name, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # MEDIA
    qtbot.keyClick(popup.name, RETURN)
    entity = new_entity_of(window, start)
    assert (entity.name, entity.type) == ("ARA News", "MEDIA")
    second = window.article_view.body.text.index("ARA News", start + 1)
    popup, _ = open_e(window, qtbot, "ARA News that")
    qtbot.keyClick(popup.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(popup.name, "ARA News")
    qtbot.keyClick(popup.name, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(popup.name, RETURN)  # the name typed exactly: that entity, not a third
    assert new_entity_of(window, second).id == entity.id


def test_s_on_the_outer_cue_after_the_inner_voice_nests_the_inner_one_in_it(window, qtbot):
    """Found coding the seed's chain by hand under Xvfb: the Command's "said in a statement"
    first, then "reported" (ARA News), left two unnested voices; Shift+A nests them."""
    store, aid = window.store, window.article_id
    select(window, "our units liberated the neighbourhoods of Malayan and Karama")
    press(window, qtbot, Qt.Key.Key_C)
    qtbot.waitUntil(window.coding.popup.isActiveWindow)
    qtbot.keyClick(focused(), RETURN)
    for cue in ("said in a statement", "reported"):
        select(window, cue)
        press(window, qtbot, Qt.Key.Key_S)
        qtbot.waitUntil(window.coding.popup.isActiveWindow)
        assert window.coding.popup.completes() is None  # a new voice each time
        qtbot.keyClick(focused(), RETURN)
    by_cue = {a.cue_text: a for a in store.attributions(aid)}
    said, reported = by_cue["said in a statement"], by_cue["reported"]
    assert said.parent_attribution_id == reported.id and reported.parent_attribution_id is None
    panel = window.sources_panel  # the voice just coded is the row current, not another
    assert panel.view.currentIndex().siblingAtColumn(0).data(ID_ROLE) == reported.id
    window.undo_stack.undo()  # the new voice and the nesting are one step
    [left] = store.attributions(aid)
    assert left.id == said.id and left.parent_attribution_id is None


def test_add_to_shows_the_completed_voices_kind_and_a_new_one_frees_kind_and_nesting(
        window, qtbot):
    """Found under Xvfb: completing an "Indirect" attribution, the greyed Kind said "Direct
    quote" and Nested in named the attribution itself; choosing "＋ a new attribution" in
    Add to left Kind and Nested in greyed, so the new voice's kind could not be set."""
    store, aid = window.store, window.article_id
    body = window.article_view.body.text
    claim = store.add_claim(aid, body.index("our units"), body.index(", the General")).row_id
    ara = body.index("ARA News reported")
    store.add_attribution(claim, kind="indirect", source_text="ARA News",
                          source_span=(ara, ara + 8))
    window.open_article(aid)
    select(window, "reported")
    press(window, qtbot, Qt.Key.Key_S)
    popup = window.coding.popup
    qtbot.waitUntil(popup.isActiveWindow)
    assert popup.completes() is not None
    assert not popup.kind.isEnabled() and popup.kind.value() == "indirect"
    assert popup.parent_attribution.value() is None  # the outlet, not itself
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Add to
    assert focused() is popup.target
    qtbot.keyClick(popup.target, Qt.Key.Key_End)  # ＋ a new attribution
    assert popup.completes() is None
    assert popup.kind.isEnabled() and popup.parent_attribution.isEnabled()
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_enter_on_a_whole_name_makes_it_new_unless_the_longer_one_only_describes_it(
        window, qtbot):
    """Found driving the window under Xvfb: "Iraqi Army" typed whole, then Enter, coded
    the mention as the known "Iraqi Army General Command", whose name the typed one
    begins; while a word is still being typed ("Iraqi Ar"), Enter takes the known one."""
    command = window.store.add_entity("Iraqi Army General Command", "ORG").row_id
    window.store.add_entity("ARA News Agency", "MEDIA")
    popup, start = open_e(window, qtbot, "General Command")
    qtbot.keyClick(popup.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(popup.name, "Iraqi Army")
    assert popup.list.item(0).text().startswith("Iraqi Army General Command")  # offered
    assert popup.list.currentItem().text().startswith("＋ New entity")  # but not taken
    qtbot.keyClick(popup.name, RETURN)
    army = new_entity_of(window, start)
    assert army.name == "Iraqi Army" and army.id != command

    popup, start = open_e(window, qtbot, "Eli Saddi")
    qtbot.keyClick(popup.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(popup.name, "Iraqi Army Gen")  # inside a word: the name being typed
    qtbot.keyClick(popup.name, RETURN)
    assert new_entity_of(window, start).id == command

    popup, start = open_e(window, qtbot, "ARA News that")
    qtbot.keyClick(popup.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(popup.name, "ARA News")  # what it leaves out only describes it
    qtbot.keyClick(popup.name, RETURN)
    assert new_entity_of(window, start).name == "ARA News Agency"


def mark_claim(window, qtbot, phrase: str):
    select(window, phrase)
    press(window, qtbot, Qt.Key.Key_C)
    qtbot.waitUntil(window.coding.popup.isActiveWindow)
    qtbot.keyClick(focused(), RETURN)
    return next(c for c in window.store.claims(window.article_id) if c.text == phrase)


def open_s(window, qtbot, phrase: str):
    span = select(window, phrase)
    press(window, qtbot, Qt.Key.Key_S)
    popup = window.coding.popup
    qtbot.waitUntil(popup.isActiveWindow)
    return popup, span


def test_s_on_a_name_not_yet_coded_after_the_cue_gives_that_voice_its_source(window, qtbot):
    """The cue first offers the words the rules read as its source; a coder who clears
    them codes the cue alone, and S on the words then completes that voice."""
    store, aid = window.store, window.article_id
    mark_claim(window, qtbot, "our units liberated the neighbourhoods of Malayan and Karama")
    cue, _ = open_s(window, qtbot, "said in a statement")
    assert cue.role() == "cue"
    assert cue.kind.value() == "indirect"  # no quote marks around the claim: reported speech
    cue.source.clear()  # not the words offered: the cue alone
    qtbot.keyClick(focused(), RETURN)
    [first] = store.attributions(aid)
    assert first.source_text is None and first.source_start is None
    source, (start, end) = open_s(window, qtbot, "the General Command")  # no entity yet
    assert source.role() == "source" and source.completes() == first.id
    qtbot.keyClick(focused(), RETURN)  # S, Enter: the same voice, not a second one
    [same] = store.attributions(aid)
    assert same.id == first.id and same.cue_text == "said in a statement"
    assert (same.source_start, same.source_end, same.source_text) == (
        start, end, "the General Command")


def test_s_on_the_claims_own_words_codes_the_outlets_voice_with_no_span(window, qtbot,
                                                                       tmp_path):
    from annotator.exporting import export_project
    store, aid = window.store, window.article_id
    claim = mark_claim(window, qtbot, "2,000 militants were killed")
    popup, _ = open_s(window, qtbot, "2,000 militants were killed")
    assert popup.role() == "outlet"
    assert popup.source.value() is None and not popup.source.isEnabled()
    assert popup.kind.value() == "unattributed"
    qtbot.keyClick(focused(), RETURN)
    [att] = store.attributions(aid)
    assert (att.claim_id, att.kind) == (claim.id, "unattributed")
    assert (att.cue_start, att.source_start, att.source_entity_id, att.source_text) == (
        None, None, None, None)  # no span: nobody is quoted
    row = window.sources_model.rows.index(next(a for a in window.sources_model.rows
                                                if a.id == att.id))
    assert window.sources_model.index(row, 1).data() == "(the outlet itself)"
    export_project(store, tmp_path / "out")
    import csv
    with open(tmp_path / "out" / "claims_flat.csv", encoding="utf-8-sig") as f:
        [flat] = [r for r in csv.DictReader(f) if r["claim_id"] == str(claim.id)]
    assert (flat["kind"], flat["chain_depth"], flat["chain"], flat["outer_source_name"],
            flat["source_name"], flat["cue_text"]) == ("unattributed", "0", "", "", "", "")
    window.undo_stack.undo()
    assert store.attributions(aid) == []


def test_the_outlet_role_frees_its_guesses_again_when_the_coder_picks_cue(window, qtbot):
    mark_claim(window, qtbot, "2,000 militants were killed")
    popup, _ = open_s(window, qtbot, "2,000 militants were killed")
    qtbot.keyClick(focused(), Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: popup.role() == "cue")  # a mnemonic clicks after its animation
    assert popup.kind.isEnabled() and popup.source.isEnabled()
    assert popup.kind.value() == popup.kind.values[0]  # not left on "unattributed"
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_tab_in_the_source_popup_follows_the_form(window, qtbot):
    mark_claim(window, qtbot, "2,000 militants were killed")
    popup, _ = open_s(window, qtbot, "told")
    assert focused() is popup.kind
    order = []
    for _ in range(3):
        qtbot.keyClick(focused(), TAB)
        order.append(focused())
    assert order == [popup.source, popup.parent_attribution, popup.ok]
    popup.claim.setFocus()
    qtbot.keyClick(focused(), TAB)
    assert focused() is popup.as_cue  # the checked role: one stop for the three
    qtbot.keyClick(focused(), TAB)
    assert focused() is popup.target
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_the_popups_first_field_shows_its_focus_frame(window, qtbot):
    """Focused by the program, Fusion drew the S popup's Kind box like any other: the
    coder could not see where the keys go. It is drawn as a Tab would focus it."""
    mark_claim(window, qtbot, "2,000 militants were killed")
    popup, _ = open_s(window, qtbot, "told")
    assert focused() is popup.kind
    framed = popup.kind.grab().toImage()
    popup.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)
    plain = popup.kind.grab().toImage()
    assert framed != plain  # the frame is what the keyboard focus adds
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    # the outlet's own voice (S on the claim's words): the Kind box is disabled, and the
    # field that has the keys shows it all the same
    popup, _ = open_s(window, qtbot, "2,000 militants were killed")
    assert popup.role() == "outlet" and not popup.kind.isEnabled()
    assert popup.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    assert focused() is not None and focused().window() is popup
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_s_on_a_coded_source_makes_it_the_claimant_of_a_claim_that_has_none(window, qtbot):
    store, aid = window.store, window.article_id
    claim = mark_claim(window, qtbot, "our units liberated the neighbourhoods of Malayan and "
                                      "Karama")
    popup, start = open_e(window, qtbot, "General Command")
    qtbot.keyClick(popup.name, RETURN)
    command = new_entity_of(window, start).id
    source, _ = open_s(window, qtbot, "General Command")
    assert source.role() == "source" and source.source.value() == command
    qtbot.keyClick(focused(), RETURN)
    [claim] = store.claims_by_id(aid, [claim.id])
    assert claim.claimant_entity_id == command
    window.undo_stack.undo()  # the source and the claimant it gave: one step
    assert store.attributions(aid) == []
    assert store.claims_by_id(aid, [claim.id])[0].claimant_entity_id is None


def test_coding_a_name_inside_an_anonymous_source_makes_it_that_source(window, qtbot):
    """Found under Xvfb: ARA News coded as an entity on the source span of the "ARA News
    reported" attribution left that attribution anonymous and the claim without claimant."""
    store, aid = window.store, window.article_id
    body = window.article_view.body.text
    c = body.index("2,000 militants were killed")
    claim = store.add_claim(aid, c, c + 27).row_id
    s = body.index("Eli Saddi")
    voice = store.add_attribution(claim, kind="indirect", source_span=(s, s + 9)).row_id
    window.open_article(aid)
    popup, start = open_e(window, qtbot, "Eli Saddi")
    qtbot.keyClick(popup.name, RETURN)
    saddi = new_entity_of(window, start).id
    [a] = store.attributions(aid)
    assert (a.id, a.source_entity_id) == (voice, saddi)
    assert store.claims_by_id(aid, [claim])[0].claimant_entity_id == saddi
    window.undo_stack.undo()  # the mention, the source it named and the claimant: one step
    [a] = store.attributions(aid)
    assert a.source_entity_id is None and store.mentions(aid) == []
    assert store.claims_by_id(aid, [claim])[0].claimant_entity_id is None


def test_s_on_a_known_name_not_coded_here_takes_that_entity_as_the_source(window, qtbot):
    store, aid = window.store, window.article_id
    other = store.neighbour_article_id(aid, +1)
    body = window.article_view.body.text
    g = body.index("General Command")
    command = store.add_mention(other, g, g + 15, name="General Command",
                                entity_type="ORG").after["entity_id"]
    window.refresh()  # F5: what another program stored (the name, known now)
    mark_claim(window, qtbot, "our units liberated the neighbourhoods of Malayan and Karama")
    popup, _ = open_s(window, qtbot, "the General Command")
    assert popup.role() == "source" and popup.source.value() == command
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_e_preselects_the_type_the_words_say_else_the_last_one(window, qtbot):
    """Found under Xvfb: E, Enter on "Eli Saddi" right after an organisation made him one."""
    popup, _ = open_e(window, qtbot, "General Command")
    popup.type_combo.setCurrentIndex(popup.type_combo.findData("ORG"))
    qtbot.keyClick(popup.name, RETURN)
    popup, start = open_e(window, qtbot, "Eli Saddi")  # "An officer, Eli Saddi"
    assert popup.type_combo.currentData() == "PERSON"
    qtbot.keyClick(popup.name, RETURN)
    assert new_entity_of(window, start).type == "PERSON"
    popup, _ = open_e(window, qtbot, "Malayan")  # nothing says: the type chosen last
    assert popup.type_combo.currentData() == "PERSON"
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_the_row_just_coded_is_current_in_its_panel(window, qtbot):
    """Found under Xvfb: after C the Claims panel still marked the previous claim."""
    from annotator.gui.models import ID_ROLE

    def current(panel):
        return panel.view.currentIndex().siblingAtColumn(0).data(ID_ROLE)

    store, aid = window.store, window.article_id
    first = mark_claim(window, qtbot, "our units liberated the neighbourhoods of Malayan and "
                                      "Karama")
    assert current(window.claims_panel) == first.id
    second = mark_claim(window, qtbot, "2,000 militants were killed")
    assert current(window.claims_panel) == second.id
    popup, _ = open_s(window, qtbot, "told")
    qtbot.keyClick(focused(), RETURN)
    [voice] = store.attributions(aid)
    assert current(window.sources_panel) == voice.id
    qtbot.waitUntil(window.article_view.body.hasFocus)  # the keys go back to the article


def test_e_enter_again_on_a_coded_span_adds_no_second_identical_mention(window, qtbot):
    """Found under Xvfb: Ctrl+F landed on a name coded already, and E, Enter coded it twice."""
    store, aid = window.store, window.article_id
    popup, start = open_e(window, qtbot, "General Command")
    qtbot.keyClick(popup.name, RETURN)
    [mention] = store.mentions(aid)
    popup, _ = open_e(window, qtbot, "General Command")  # the known entity, preselected
    qtbot.keyClick(popup.name, RETURN)
    assert store.mentions(aid) == [mention]  # no second identical row
    assert "coded already" in window.statusBar().currentMessage()


def test_the_cue_first_then_s_on_its_source_fills_the_claimant(window, qtbot):
    """Found under Xvfb: "According to" with S, then S on the Command (Add to preselected)
    completed the voice but left the claim's Claimant empty."""
    store, aid = window.store, window.article_id
    claim = mark_claim(window, qtbot, "2,000 militants were killed")
    popup, start = open_e(window, qtbot, "Eli Saddi")
    qtbot.keyClick(popup.name, RETURN)
    saddi = new_entity_of(window, start).id
    cue, _ = open_s(window, qtbot, "told")
    assert cue.source.value() == saddi  # proposed from the rules' reading of the cue
    cue.source.select_value(None)  # the coder codes the cue alone, the source after
    qtbot.keyClick(focused(), RETURN)
    source, _ = open_s(window, qtbot, "Eli Saddi")
    assert source.completes() is not None
    qtbot.keyClick(focused(), RETURN)
    [voice] = store.attributions(aid)
    assert voice.source_entity_id == saddi and voice.cue_text == "told"
    assert store.claims_by_id(aid, [claim.id])[0].claimant_entity_id == saddi


def open_new_article(window, body: str) -> int:
    """A new article of ``body`` in the window's project, opened; its id."""
    from annotator.model import ArticleDraft
    [aid] = window.store.add_articles([ArticleDraft(title="New", body=body)]).inserted
    window.article_list.reload()
    window.open_article(aid)
    return aid


def test_s_on_a_voice_that_relays_a_quote_guesses_reported_speech(window, qtbot):
    """The quoted claim makes the Command's "said" a direct quote; ARA News, which only
    relays the Command, reports it: Indirect, as Shift+A codes it."""
    open_new_article(window, "😀 “Our units liberated Karama,” the General Command said in a "
                             "statement, ARA News reported.")
    mark_claim(window, qtbot, "Our units liberated Karama")
    said, _ = open_s(window, qtbot, "said in a statement")
    assert said.kind.value() == "direct_quote"
    qtbot.keyClick(focused(), RETURN)
    outer, _ = open_s(window, qtbot, "reported")
    assert outer.kind.value() == "indirect"
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_the_popups_are_loaded_soon_after_the_window_paints(window, qtbot):
    """So the first E opens at once and the letters typed right after it reach the name
    (found under Xvfb: "aqi Army" for "Iraqi Army" in a fresh window)."""
    qtbot.waitUntil(lambda: window.coding.warmed, timeout=3000)
    popup, _ = open_e(window, qtbot, "General Command")
    qtbot.keyClicks(popup.name, "Iraqi Army")
    assert popup.name.text() == "Iraqi Army"
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_e_on_words_linked_before_in_this_article_offers_that_entity_first(window, qtbot):
    """Found under Xvfb: the second "ARA News"-like phrase ("Iraqi forces" coded as the
    Iraqi Army) preselected a new entity of those words; Enter now takes the linked one."""
    store, aid = window.store, window.article_id
    popup, start = open_e(window, qtbot, "ARA News")
    popup.name.setText("ARA News agency")  # the coder names the entity otherwise
    qtbot.keyClick(popup.name, RETURN)
    agency = new_entity_of(window, start).id
    body = window.article_view.body.text
    second = body.index("ARA News", start + 1)
    cursor_start, _ = second, second + 8
    window.article_view.body.select_span(second, second + 8)
    press(window, qtbot, Qt.Key.Key_E)
    popup = window.coding.popup
    qtbot.waitUntil(popup.isActiveWindow)
    chosen = popup.list.currentItem().data(Qt.ItemDataRole.UserRole)
    assert chosen is not None and chosen.entity_id == agency
    qtbot.keyClick(popup.name, RETURN)
    assert [m.entity_id for m in store.mentions(aid) if m.start == cursor_start] == [agency]


def test_a_type_picked_for_a_name_known_with_another_type_makes_an_entity_of_that_type(
        window, qtbot):
    """Found by a tester: "New York Post", 5 (Media), Enter went to the known "The New York
    Post" of type OTHER, an exact match once "the" is set aside: the key pressed lost."""
    other = window.store.add_entity("The ARA News", "OTHER").row_id
    popup, start = open_e(window, qtbot, "ARA News")
    first = popup.list.item(0).data(Qt.ItemDataRole.UserRole)
    assert (first.entity_id, first.how) == (other, "exact")  # the premise
    qtbot.keyClick(popup.name, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # MEDIA
    qtbot.keyClick(popup.name, RETURN)
    entity = new_entity_of(window, start)
    assert (entity.name, entity.type) == ("ARA News", "MEDIA") and entity.id != other
    # the same name with the same type as a known one still links that one
    second = window.article_view.body.text.index("ARA News", start + 1)
    popup, _ = open_e(window, qtbot, "ARA News that")
    qtbot.keyClick(popup.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(popup.name, "ARA News")
    qtbot.keyClick(popup.name, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(popup.name, RETURN)
    assert new_entity_of(window, second).id == entity.id


LIBERATED = "our units liberated the neighbourhoods of Malayan and Karama"


def test_s_on_the_coded_name_gives_a_typed_source_its_span(window, qtbot):
    """Found coding the seed by keys: "told" coded with S and the source typed (no span),
    then S on the words naming him offered a new attribution nested in that one, and
    Enter made the source a voice inside itself. The voice lacking the span is completed."""
    store, aid = window.store, window.article_id
    claim = mark_claim(window, qtbot, LIBERATED)
    popup, _ = open_e(window, qtbot, "General Command")
    qtbot.keyClick(popup.name, RETURN)
    [mention] = store.mentions(aid)
    text = window.article_view.body.text
    cue = text.index("said in a statement")
    store.add_attribution(claim.id, kind="indirect", source_entity_id=mention.entity_id,
                          cue_span=(cue, cue + len("said in a statement")))
    window.open_article(aid)  # shows what was stored outside the popups
    [first] = store.attributions(aid)
    source, (start, end) = open_s(window, qtbot, "General Command")
    assert source.role() == "source" and source.completes() == first.id
    assert "give it this source" in source.target.currentText()
    qtbot.keyClick(focused(), RETURN)
    [same] = store.attributions(aid)  # still one voice, now with the span of its name
    assert same.id == first.id and same.parent_attribution_id is None
    assert (same.source_start, same.source_end) == (start, end)
    assert same.source_entity_id == mention.entity_id
    window.undo_stack.undo()
    [back] = store.attributions(aid)
    assert back.source_start is None and back.source_entity_id == mention.entity_id


def test_s_on_another_name_does_not_take_over_a_voice_with_its_own_source(window, qtbot):
    store, aid = window.store, window.article_id
    claim = mark_claim(window, qtbot, LIBERATED)
    popup, _ = open_e(window, qtbot, "General Command")
    qtbot.keyClick(popup.name, RETURN)
    other = store.add_mention(aid, 0, 4, name="Someone else", entity_type="PERSON")
    text = window.article_view.body.text
    cue = text.index("said in a statement")
    store.add_attribution(claim.id, kind="indirect",
                          source_entity_id=other.after["entity_id"],
                          cue_span=(cue, cue + len("said in a statement")))
    window.open_article(aid)
    source, _ = open_s(window, qtbot, "General Command")
    assert source.role() == "source" and source.completes() is None  # a new voice


def test_s_on_a_suggested_cue_proposes_the_name_the_rules_read_as_its_source(window, qtbot):
    """Found coding the seed by keys: S on "told" proposed no source though "Eli Saddi" was
    coded just before it, so the coder typed the name and the source got no span."""
    store, aid = window.store, window.article_id
    mark_claim(window, qtbot, "2,000 militants were killed")
    popup, _ = open_e(window, qtbot, "Eli Saddi")
    qtbot.keyClick(popup.name, RETURN)
    saddi = next(m for m in store.mentions(aid) if m.text == "Eli Saddi")
    cue, (start, end) = open_s(window, qtbot, "told")
    assert cue.role() == "cue" and cue.source.value() == saddi.entity_id
    qtbot.keyClick(focused(), RETURN)
    [voice] = store.attributions(aid)
    assert voice.source_entity_id == saddi.entity_id
    assert (voice.source_start, voice.source_end) == (saddi.start, saddi.end)
    assert (voice.cue_start, voice.cue_end) == (start, end)
    claim = next(c for c in store.claims(aid) if c.text == "2,000 militants were killed")
    assert claim.claimant_entity_id == saddi.entity_id  # the voice's source, as A does


def test_another_claim_chosen_in_the_s_popup_brings_its_own_kind(window, qtbot):
    """Found coding the seed by keys: S on a cue guessed Direct quote for the quoted claim;
    the coder chose the unquoted claim (Alt+L, an arrow) and the kind stayed a quote."""
    open_new_article(window, "😀 “Our units liberated Karama,” the General Command said "
                             "in a statement. The army bombed the depot.")
    quoted = mark_claim(window, qtbot, "Our units liberated Karama")
    bombing = mark_claim(window, qtbot, "The army bombed the depot")
    said, _ = open_s(window, qtbot, "said in a statement")
    assert said.claim.value() == bombing.id  # the nearer one, two characters on
    assert said.kind.value() == "indirect"
    qtbot.keyClick(said, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(focused(), Qt.Key.Key_Up)
    assert said.claim.value() == quoted.id
    assert said.kind.value() == "direct_quote"  # the quoted claim's voice quotes it
    said.kind.select_value("according_to")  # a kind the coder chose stays
    said.claim.select_value(bombing.id)
    assert said.kind.value() == "according_to"
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_down_enter_on_a_claimant_suggestion_fills_the_field_and_keeps_the_popup(window,
                                                                                qtbot):
    """Found under Xvfb: Down, Enter on "ISIL" in the claimant's list stored the claim and
    closed the popup, so its position and certainty had to be set in the panel."""
    store, aid, text = window.store, window.article_id, window.article_view.body.text
    ara = text.index("ARA News")
    store.add_mention(aid, ara, ara + len("ARA News"), name="ARA News", entity_type="ORG")
    window.reload_annotations()
    select(window, "2,000 militants were killed")
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_C)
    popup = window.coding.popup
    qtbot.waitUntil(popup.isActiveWindow)
    qtbot.keyClick(focused(), TAB)
    assert focused() is popup.claimant
    qtbot.keyClicks(popup.claimant, "ARA News")  # the whole name: its row is highlighted
    qtbot.waitUntil(popup.claimant.popup_visible)
    names = popup.claimant.completer_.popup()  # where the keys go while it is open
    qtbot.keyClick(names, Qt.Key.Key_Down)
    qtbot.keyClick(names, RETURN)
    assert popup.isVisible() and store.claims(aid) == []  # the name is filled in, no more
    assert popup.claimant.text() == "ARA News" and isinstance(popup.claimant.value(), int)
    qtbot.keyClick(focused(), TAB)
    assert focused() is popup.addressee
    qtbot.keyClick(focused(), RETURN)  # Enter in any other field accepts the popup
    qtbot.waitUntil(lambda: not popup.isVisible())
    [claim] = store.claims(aid)
    assert claim.claimant_entity_id == popup.claimant.value()


def test_s_on_a_suggested_cue_offers_the_uncoded_words_the_rules_read_as_its_source(
        window, qtbot):
    """Found under Xvfb: S on "said in a statement" before the Command was coded left
    Source empty, where A on the same cue fills "the General Command" with its span."""
    store, aid = window.store, window.article_id
    mark_claim(window, qtbot, "our units liberated the neighbourhoods of Malayan and Karama")
    qtbot.waitUntil(lambda: any(p.source is not None for p in window.suggestions.cues))
    popup, (start, end) = open_s(window, qtbot, "said in a statement")
    assert popup.role() == "cue" and popup.source.text() == "the General Command"
    qtbot.keyClick(focused(), RETURN)
    [voice] = store.attributions(aid)
    text = window.article_view.body.text
    words = text.index("the General Command")
    assert voice.source_entity_id is None and voice.source_text == "the General Command"
    assert (voice.source_start, voice.source_end) == (words, words + len("the General Command"))
    assert (voice.cue_start, voice.cue_end) == (start, end)
