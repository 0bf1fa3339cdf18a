"""Suggestions as a coder reviews them: dashed frames, A accepts, X rejects, Shift+A takes
all, each one undo step; nothing is stored until accepted."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store import Store
from tests.gui.test_popup_keys import open_e, press
from tests.gui.test_selection_keys import put_cursor

SHIFT = Qt.KeyboardModifier.ShiftModifier


def coded_once(window, qtbot, phrase: str = "ARA News", kind: str = "MEDIA") -> int:
    popup, start = open_e(window, qtbot, phrase)
    popup.type_combo.setCurrentIndex(popup.type_combo.findData(kind))
    qtbot.keyClick(popup.name, Qt.Key.Key_Return)
    qtbot.waitUntil(window.isActiveWindow)
    return next(m for m in window.store.mentions(window.article_id) if m.start == start).entity_id


def framed(window) -> list[str]:
    """The texts framed as mention suggestions (cues are framed too, see below)."""
    body = window.article_view.body
    shown = [body.text[a:b] for a, b in body._proposed]
    mentions = [p.text for p in window.suggestions.proposals]
    assert all(m in shown for m in mentions)
    return mentions


def second_ara(window, qtbot) -> None:
    put_cursor(window, qtbot, "ARA News that")


def test_a_accepts_the_suggestion_and_undo_takes_it_back(window, qtbot):
    store, aid = window.store, window.article_id
    ara = coded_once(window, qtbot)
    assert framed(window) == ["ARA News"]  # the second "ARA News", not coded yet
    assert len(store.mentions(aid)) == 1  # a suggestion is not a mention
    second_ara(window, qtbot)
    press(window, qtbot, Qt.Key.Key_A)
    accepted = [m for m in store.mentions(aid) if m.suggested]
    assert [(m.text, m.entity_id) for m in accepted] == [("ARA News", ara)]
    assert framed(window) == []
    window.undo_stack.undo()
    assert not [m for m in store.mentions(aid) if m.suggested]
    assert framed(window) == ["ARA News"]


def test_x_rejects_for_good_and_shift_a_accepts_all_in_one_step(window, qtbot):
    store, aid = window.store, window.article_id
    coded_once(window, qtbot)
    coded_once(window, qtbot, "Malayan", "GPE/LOC")  # named once: nothing more to suggest
    body = window.article_view.body
    assert framed(window) == ["ARA News"]
    second_ara(window, qtbot)
    press(window, qtbot, Qt.Key.Key_X)
    assert framed(window) == [] and not [m for m in store.mentions(aid) if m.suggested]
    window.open_article(aid)  # remembered: not offered again
    assert framed(window) == []
    window.undo_stack.undo()  # the rejection is undoable too
    assert framed(window) == ["ARA News"]
    before = (len(store.mentions(aid)), len(store.claims(aid)))
    cues = len(window.suggestions.cues)
    qtbot.keyClick(body, Qt.Key.Key_A, SHIFT)  # the mention and every cue, one step
    assert len(store.mentions(aid)) == before[0] + 1
    # a cue whose content another cue reports too is a second voice of one claim
    assert before[1] < len(store.claims(aid)) <= before[1] + cues
    assert f"Accepted {cues + 1} of {cues + 1} suggestions" in \
        window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert (len(store.mentions(aid)), len(store.claims(aid))) == before


def test_view_show_suggestions_hides_the_frames(window, qtbot):
    coded_once(window, qtbot)
    assert framed(window) == ["ARA News"]
    window.actions_by_name["show_suggestions"].trigger()
    assert framed(window) == [] and not window.actions_by_name["show_suggestions"].isChecked()
    assert window.article_view.body._proposed == []
    window.actions_by_name["show_suggestions"].trigger()
    assert framed(window) == ["ARA News"]


def test_a_on_a_suggested_cue_codes_the_claim_and_its_attribution_in_one_step(window, qtbot):
    store, aid = window.store, window.article_id
    cue = next(c for c in window.suggestions.cues if c.cue.text == "told")
    put_cursor(window, qtbot, "told", inside=1)
    press(window, qtbot, Qt.Key.Key_A)
    [claim] = store.claims(aid)
    [attribution] = store.attributions(aid)
    assert (claim.start, claim.end) == (cue.content.start, cue.content.end)
    assert attribution.claim_id == claim.id and attribution.cue_text == "told"
    assert attribution.source_text == "Eli Saddi" and attribution.kind == "indirect"
    assert "told" not in [c.cue.text for c in window.suggestions.cues]
    window.undo_stack.undo()  # one step takes both back
    assert store.claims(aid) == [] and store.attributions(aid) == []


def test_shift_a_nests_the_reporting_outlet_over_the_quoted_voice(qtbot, tmp_path, settings):
    from annotator.gui.main_window import MainWindow
    from annotator.model import ArticleDraft
    from annotator.store import Store
    from tests.gui.windows import show_active

    body = ("😀 “Our units liberated Karama,” the General Command said in a statement, "
            "ARA News reported.")
    store = Store(tmp_path / "chain.db", coder="ana")
    store.add_articles([ArticleDraft(title="Chain", body=body)])
    window = show_active(qtbot, MainWindow(store, settings))
    window.article_view.body.setFocus()
    aid = window.article_id
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_A, SHIFT)
    [claim] = store.claims(aid)
    assert claim.text.startswith("Our units liberated Karama")
    by_cue = {a.cue_text: a for a in store.attributions(aid)}
    said, reported = by_cue["said in a statement"], by_cue["reported"]
    assert said.kind == "direct_quote" and reported.kind == "indirect"
    assert said.parent_attribution_id == reported.id and reported.parent_attribution_id is None
    assert said.claim_id == reported.claim_id == claim.id
    window.undo_stack.undo()  # the whole chain was one step
    assert store.claims(aid) == [] and store.attributions(aid) == []
    window.close()
    store.close()


def test_x_on_a_cue_is_remembered_for_this_coder_and_undone_with_ctrl_z(window, qtbot):
    store, aid = window.store, window.article_id
    assert "told" in [c.cue.text for c in window.suggestions.cues]
    put_cursor(window, qtbot, "told", inside=1)
    press(window, qtbot, Qt.Key.Key_X)
    assert "told" not in [c.cue.text for c in window.suggestions.cues]
    window.open_article(aid)  # the rules run again: the rejection holds
    assert "told" not in [c.cue.text for c in window.suggestions.cues]
    assert store.claims(aid) == [] and store.attributions(aid) == []
    other = Store(store.path, coder="ben")  # another coder is still offered it
    assert (other.rejected_cues(aid)) == set()
    other.close()
    window.undo_stack.undo()
    assert "told" in [c.cue.text for c in window.suggestions.cues]


def according_to_the_command(qtbot, tmp_path, settings):
    """A window on an article whose cue ("According to") comes before its source's name,
    the name coded once before: (window, store, the name's entity id)."""
    from annotator.gui.main_window import MainWindow
    from annotator.model import ArticleDraft
    from tests.gui.windows import show_active

    body = ("😀 The General Command spoke on Friday.\n\nAccording to the General Command, "
            "more than 2,000 militants have been killed since October.")
    store = Store(tmp_path / "according.db", coder="ana")
    store.add_articles([ArticleDraft(title="According to", body=body)])
    window = show_active(qtbot, MainWindow(store, settings))
    return window, store, coded_once(window, qtbot, "General Command", "ORG")


def test_shift_a_links_a_source_to_the_name_it_accepts_after_the_cue(qtbot, tmp_path, settings):
    """Found coding the seed article under Xvfb: after Shift+A, "According to the Iraqi
    Army General Command, …" had an attribution whose source named no entity, because
    the cue was accepted before the Command's mention that follows it."""
    window, store, command = according_to_the_command(qtbot, tmp_path, settings)
    aid = window.article_id
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_A, SHIFT)
    [attribution] = store.attributions(aid)
    assert attribution.cue_text == "According to"
    assert attribution.source_entity_id == command
    [claim] = store.claims(aid)
    assert claim.claimant_entity_id == command  # the direct source claims it
    window.close()
    store.close()


def test_after_a_or_x_the_status_bar_names_the_suggestion_now_selected(window, qtbot):
    """Found under Xvfb: after A the status bar still named the accepted suggestion while
    the selection had moved on to the next one."""
    coded_once(window, qtbot)
    put_cursor(window, qtbot, "Subsequent")
    press(window, qtbot, Qt.Key.Key_BracketRight)
    body = window.article_view.body
    first = body.textCursor().selectedText()
    assert first in window.statusBar().currentMessage()
    press(window, qtbot, Qt.Key.Key_A)
    now = body.textCursor().selectedText()
    assert now and now != first
    assert window.statusBar().currentMessage().startswith(f"“{now}”")
    press(window, qtbot, Qt.Key.Key_X)
    after = body.textCursor().selectedText()
    assert after and window.statusBar().currentMessage().startswith(f"“{after}”")


def test_a_on_a_cue_links_its_source_to_a_known_name_not_coded_there_yet(
        qtbot, tmp_path, settings):
    """The source phrase names a known entity that is only suggested there: A on the cue
    links the source to that entity, as it does when the name is coded."""
    window, store, command = according_to_the_command(qtbot, tmp_path, settings)
    aid = window.article_id
    put_cursor(window, qtbot, "According to", inside=0)
    press(window, qtbot, Qt.Key.Key_A)
    [attribution] = store.attributions(aid)
    assert attribution.cue_text == "According to"
    assert attribution.source_entity_id == command
    assert len(store.mentions(aid)) == 1  # the name itself is still only suggested
    window.close()
    store.close()


def test_an_opened_articles_cues_are_framed_after_it_paints_or_when_asked(window, qtbot):
    """The cue rules (and the cue model's weights) wait until the opened article has been
    painted, so the window shows its text first; a key that needs them finds them at once."""
    aid = window.article_id
    window.open_article(window.store.neighbour_article_id(aid, +1))
    window.open_article(aid)
    body = window.article_view.body
    told = body.text.index(" told ") + 1

    def cue_framed() -> bool:
        return any(a <= told < b for a, b in body._proposed)

    assert not cue_framed()  # the text is there, its cue frames not yet
    qtbot.waitUntil(cue_framed)
    window.open_article(window.store.neighbour_article_id(aid, +1))
    window.open_article(aid)
    assert not cue_framed()
    assert "told" in [c.cue.text for c in window.suggestions.cues]  # asked: found now
    assert cue_framed()


def test_accepting_in_a_fresh_article_starts_it_and_undo_makes_it_to_do_again(window, qtbot):
    store = window.store
    coded_once(window, qtbot)  # "ARA News" is known now
    fresh = store.neighbour_article_id(window.article_id, +1)
    window.open_article(fresh)
    assert store.status(fresh) == "todo"
    put_cursor(window, qtbot, "ARA News reported")
    press(window, qtbot, Qt.Key.Key_A)
    assert [m.text for m in store.mentions(fresh)] == ["ARA News"]
    assert store.status(fresh) == "in_progress"  # as coding it by hand would
    window.undo_stack.undo()  # one step: the mention and the article's progress
    assert store.mentions(fresh) == [] and store.status(fresh) == "todo"


def test_the_claimant_follows_the_innermost_voice_whichever_cue_is_accepted_first(
        qtbot, tmp_path, settings):
    """A on "reported" first makes ARA News the claimant; A on "said in a statement" then
    nests the Command's voice inside and makes the Command the claimant. A claimant the
    coder chose stays."""
    from annotator.gui.main_window import MainWindow
    from annotator.model import ArticleDraft
    from tests.gui.windows import show_active

    body = ("😀 “Our units liberated Karama,” the General Command said in a statement, "
            "ARA News reported.")
    store = Store(tmp_path / "chain.db", coder="ana")
    [aid] = store.add_articles([ArticleDraft(title="Chain", body=body)]).inserted
    ids = {name: store.add_mention(aid, body.index(name), body.index(name) + len(name),
                                   name=name, entity_type=kind).after["entity_id"]
           for name, kind in (("General Command", "ORG"), ("ARA News", "MEDIA"))}
    window = show_active(qtbot, MainWindow(store, settings))
    window.article_view.body.setFocus()
    put_cursor(window, qtbot, "reported", inside=1)
    press(window, qtbot, Qt.Key.Key_A)
    [claim] = store.claims(aid)
    assert claim.claimant_entity_id == ids["ARA News"]
    put_cursor(window, qtbot, "said in", inside=1)
    press(window, qtbot, Qt.Key.Key_A)
    [claim] = store.claims(aid)
    assert claim.claimant_entity_id == ids["General Command"]
    window.undo_stack.undo()  # the inner voice and its claimant are one step
    assert store.claims(aid)[0].claimant_entity_id == ids["ARA News"]
    store.update("claims", claim.id, claimant_entity_id=None)
    chosen = store.resolve_entity("Iraqi Army", "ORG")[0]
    store.update("claims", claim.id, claimant_entity_id=chosen)
    window.reload_annotations()
    put_cursor(window, qtbot, "said in", inside=1)
    press(window, qtbot, Qt.Key.Key_A)
    assert store.claims(aid)[0].claimant_entity_id == chosen  # the coder's choice stays
    window.close()
    store.close()


def test_a_on_a_cue_completes_the_voice_coded_with_its_source_only(window, qtbot):
    """Found under Xvfb: S on "Nechirvan Mirani", then A on its "According to", made a
    second attribution and nested the first inside it ("Mirani > Mirani" in the export)."""
    store, aid = window.store, window.article_id
    body = window.article_view.body.text
    c = body.index("2,000 militants were killed")
    claim = store.add_claim(aid, c, c + len("2,000 militants were killed")).row_id
    s = body.index("Eli Saddi")
    saddi = store.add_attribution(claim, kind="direct_quote", source_span=(s, s + 9)).row_id
    window.open_article(aid)
    assert "told" in [p.cue.text for p in window.suggestions.cues]
    put_cursor(window, qtbot, "told", inside=1)
    press(window, qtbot, Qt.Key.Key_A)
    [voice] = store.attributions(aid)  # the same one, completed
    assert voice.id == saddi and voice.cue_text == "told" and voice.parent_attribution_id is None
    assert voice.kind != "direct_quote"  # the cue's pattern: reported speech, not a quote
    window.undo_stack.undo()
    [back] = store.attributions(aid)
    assert back.cue_start is None and back.kind == "direct_quote"


def test_the_status_names_the_entity_a_phrase_linked_here_suggests(tmp_path):
    """Found coding the seed: the second "Iraqi forces", suggested as the Iraqi Army the
    first was coded as, said "Iraqi forces (ORG) is known", not which entity it links."""
    from annotator.assist.known_entities import MentionProposal
    from annotator.gui.suggestions import describe
    from annotator.model import ArticleDraft
    body = "Iraqi forces advanced. Iraqi forces held."
    store = Store(tmp_path / "p.db", coder="ana")
    [aid] = store.add_articles([ArticleDraft(title="t", body=body)]).inserted
    army = store.add_mention(aid, 0, 12, name="Iraqi Army", entity_type="ORG").after["entity_id"]
    second = body.index("Iraqi forces", 5)
    p = MentionProposal(second, second + 12, "Iraqi forces", army, "ORG", "Iraqi forces")
    assert describe(p, store).startswith("“Iraqi forces”: Iraqi Army (ORG) is known")
    assert describe(p).startswith("“Iraqi forces”: Iraqi forces (ORG) is known")  # no store
    gone = MentionProposal(0, 12, "Iraqi forces", army + 99, "ORG", "Iraqi forces")
    assert "Iraqi forces (ORG) is known" in describe(gone, store)  # merged away since
    store.close()
