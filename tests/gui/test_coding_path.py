"""A coder's path through the window, with real key presses on a project file.

Every span sits after an emoji and Arabic script, so UTF-16 (Qt) and code-point
(store) offsets differ and any slip in the conversion shows up as a wrong span.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QTextCursor

from annotator.gui.entity_picker import suggestion_label
from annotator.gui.models import ID_ROLE


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def select(window, phrase: str) -> tuple[int, int]:
    """Select ``phrase`` with a raw QTextCursor in UTF-16 units, as a mouse would."""
    body = window.article_view.body
    start = body.text.index(phrase)
    end = start + len(phrase)
    assert utf16(body.text, start) != start  # the test text really shifts offsets
    cursor = QTextCursor(body.document())
    cursor.setPosition(utf16(body.text, start))
    cursor.setPosition(utf16(body.text, end), QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)
    body.setFocus()
    return start, end


def code_entity(window, qtbot, phrase: str, name: str | None = None,
                entity_type: str | None = None) -> None:
    select(window, phrase)
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_E)
    popup = window.coding.popup
    assert popup.isVisible()
    if entity_type:
        popup.type_combo.setCurrentIndex(popup.type_combo.findData(entity_type))
    if name is not None:
        popup.name.selectAll()
        qtbot.keyClicks(popup.name, name)
    qtbot.keyClick(popup.name, Qt.Key.Key_Return)
    assert not popup.isVisible()


def test_mention_with_emoji_and_arabic_before_it(window, qtbot):
    store, aid = window.store, window.article_id
    start, end = select(window, "General Command")
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_E)
    popup = window.coding.popup
    popup.type_combo.setCurrentIndex(popup.type_combo.findData("ORG"))
    popup.name.selectAll()
    qtbot.keyClicks(popup.name, "Iraqi Army General Command")
    assert "New entity" in popup.list.currentItem().text()
    qtbot.keyClick(popup.name, Qt.Key.Key_Return)
    [mention] = store.mentions(aid)
    assert (mention.start, mention.end, mention.text) == (start, end, "General Command")
    entity = store.entity(mention.entity_id)
    assert (entity.name, entity.type) == ("Iraqi Army General Command", "ORG")
    # the panel shows it, the text paints it
    assert window.entities_model.rowCount() == 1
    assert [h.kind for h in window.article_view.body.index.at(start)] == ["mention"]


def test_suggestions_link_an_existing_entity(window, qtbot):
    store, aid = window.store, window.article_id
    code_entity(window, qtbot, "ARA News", entity_type="MEDIA")
    select(window, "ARA News that")  # the second mention, typed differently
    body = window.article_view.body
    body.select_span(body.text.index("ARA News that"), body.text.index("ARA News that") + 8)
    qtbot.keyClick(body, Qt.Key.Key_E)
    popup = window.coding.popup
    popup.name.selectAll()
    qtbot.keyClicks(popup.name, "ara")
    assert popup.list.currentItem().text().startswith("ARA News (MEDIA, 1 mention)")
    qtbot.keyClick(popup.name, Qt.Key.Key_Return)
    mentions = store.mentions(aid)
    assert len(mentions) == 2 and mentions[0].entity_id == mentions[1].entity_id


def test_escape_cancels_the_popup(window, qtbot):
    select(window, "Karama")
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_E)
    qtbot.keyClick(window.coding.popup.name, Qt.Key.Key_Escape)
    assert window.store.mentions(window.article_id) == []


def test_popup_labels_rank_and_show_the_alias_that_matched(project):
    """The popup lists what ``Store.suggest_entities`` ranks, labelled with counts."""
    army = project.add_entity("Iraqi Army", "ORG").row_id
    iraq = project.add_entity("Iraq", "GPE/LOC").row_id
    isil = project.add_entity("ISIL", "ARMED_GROUP").row_id
    project.add_alias(isil, "Daesh")
    assert [s.entity_id for s in project.suggest_entities("iraq")][:2] == [iraq, army]
    assert project.suggest_entities("army")[0].entity_id == army
    daesh = project.suggest_entities("daesh")[0]
    assert suggestion_label(daesh) == "ISIL (ARMED_GROUP, 0 mentions) — alias “Daesh”"
    assert suggestion_label(project.suggest_entities("Iraqi Army")[0]) == \
        "Iraqi Army (ORG, 0 mentions)"


def test_claim_then_nested_attribution_chain_undo_redo(window, qtbot):
    store, aid = window.store, window.article_id
    body = window.article_view.body
    code_entity(window, qtbot, "ARA News", entity_type="MEDIA")
    code_entity(window, qtbot, "General Command", entity_type="ORG")
    by_text = {m.text: m.entity_id for m in store.mentions(aid)}
    ara, gc = by_text["ARA News"], by_text["General Command"]

    # C: the claim
    claim_phrase = "our units liberated the neighbourhoods of Malayan and Karama"
    c_start, c_end = select(window, claim_phrase)
    qtbot.keyClick(body, Qt.Key.Key_C)
    popup = window.coding.popup
    popup.category.setCurrentIndex(popup.category.values.index("territorial_control"))
    qtbot.keyClick(popup.category, Qt.Key.Key_Return)
    [claim] = store.claims(aid)
    assert (claim.start, claim.end, claim.category) == (c_start, c_end, "territorial_control")

    # S: outer attribution, the selection is the cue "reported", source ARA News
    r_start, r_end = select(window, "reported")
    qtbot.keyClick(body, Qt.Key.Key_S)
    popup = window.coding.popup
    assert popup.claim.value() == claim.id and popup.as_cue.isChecked()
    popup.kind.select_value("indirect")
    popup.source.select_value(ara)
    qtbot.keyClick(popup.kind, Qt.Key.Key_Return)
    [outer] = store.attributions(aid)
    assert (outer.cue_start, outer.cue_end, outer.source_entity_id) == (r_start, r_end, ara)

    # S: inner attribution "said in a statement" by the General Command, nested in ARA News
    s_start, s_end = select(window, "said in a statement")
    qtbot.keyClick(body, Qt.Key.Key_S)
    popup = window.coding.popup
    popup.kind.select_value("indirect")
    popup.source.select_value(gc)
    assert popup.parent_attribution.select_value(outer.id)
    qtbot.keyClick(popup.kind, Qt.Key.Key_Return)
    inner = store.attributions(aid)[1]
    assert inner.parent_attribution_id == outer.id and inner.source_entity_id == gc
    assert (inner.cue_start, inner.cue_end) == (s_start, s_end)
    # the Sources panel shows the chain outermost first, the inner one indented
    model = window.sources_model
    assert [model.index(r, 1).data() for r in range(2)] == ["ARA News", "↳ General Command"]

    # undo each step, then redo each, with the same ids coming back
    snapshots = []
    for _ in range(5):
        snapshots.append((store.mentions(aid), store.claims(aid), store.attributions(aid)))
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (store.mentions(aid), store.claims(aid), store.attributions(aid)) == ([], [], [])
    assert store.find_entity("ARA News") is None  # the entity the mention created went too
    for expected in reversed(snapshots):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
        assert (store.mentions(aid), store.claims(aid), store.attributions(aid)) == expected
    assert window.sources_model.rowCount() == 2


def test_delete_key_removes_the_selected_row_and_undo_restores(window, qtbot):
    store, aid = window.store, window.article_id
    select(window, "2,000 militants were killed")
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_C)
    qtbot.keyClick(window.coding.popup.category, Qt.Key.Key_Return)
    [claim] = store.claims(aid)
    window.show_tab_1()
    assert window.claims_panel.select_id(claim.id)
    qtbot.keyClick(window.claims_panel.view, Qt.Key.Key_Delete)
    assert store.claims(aid) == []
    window.undo_stack.undo()
    assert store.claims(aid) == [claim]


def test_mark_done_jumps_to_next_and_undo_comes_back(window, qtbot):
    store = window.store
    first = window.article_id
    select(window, "Karama")
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_E)
    qtbot.keyClick(window.coding.popup.name, Qt.Key.Key_Return)
    assert store.status(first) == "in_progress"  # the first code starts the article
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert store.status(first) == "done"
    second = window.article_id
    assert second == store.neighbour_article_id(first, +1)
    assert window.article_list.progress.text().startswith("1 of 3 done")
    # undo reaches back across articles: the mention's article opens again
    window.undo_stack.undo()
    assert store.status(first) == "in_progress" and window.article_id == first
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.article_id == second
    window.undo_stack.undo()  # the mention, in the other article
    assert window.article_id == first and store.mentions(first) == []
    # the mention put the article in progress in the same step: nothing coded, to do again
    assert store.status(first) == "todo"
    assert window.article_list.model.index(0, 3).data() == "todo"
    window.undo_stack.redo()
    assert store.mentions(first) and store.status(first) == "in_progress"


def test_done_skips_articles_already_done(window, qtbot):
    store = window.store
    ids = [r["id"] for r in store.list_articles(0, 10)]
    store.set_status(ids[1], "done")
    window.open_article(ids[0])
    window.mark_done_and_next()
    assert window.article_id == ids[2]


def test_j_and_k_only_in_the_text(window, qtbot):
    first = window.article_id
    body = window.article_view.body
    qtbot.keyClick(body, Qt.Key.Key_J)
    assert window.article_id != first
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_K)
    assert window.article_id == first
    search = window.article_list.search
    search.setFocus()
    qtbot.keyClicks(search, "jk e")
    assert window.article_id == first and search.text() == "jk e"
    assert window.coding.popup is None


def test_a_refused_attribution_leaves_no_empty_undo_step(window, qtbot):
    """The attribution is pushed inside a macro (its chain, its claimant); when the store
    refuses it, Qt would keep the empty macro and Ctrl+Z would undo nothing."""
    stack = window.undo_stack
    code_entity(window, qtbot, "ARA News", entity_type="MEDIA")
    count, text = stack.count(), stack.undoText()
    window.coding.add_attribution({"claim_id": 424242, "kind": "indirect"}, (0, 3))
    assert "Not done" in window.statusBar().currentMessage()
    assert (stack.count(), stack.undoText()) == (count, text)
    assert window.store.attributions(window.article_id) == []


def painted_at(body, start: int) -> list[str]:
    """The background colours painted on the character at ``start`` (a code point)."""
    pos = utf16(body.text, start)
    block = body.document().findBlock(pos)
    rel = pos - block.position()
    return [r.format.background().color().name() for r in block.layout().formats()
            if r.start <= rel < r.start + r.length]


def test_undo_from_the_next_article_takes_the_highlight_away_too(window, qtbot):
    """Found by a tester: E on a name, J, Ctrl+Z: the article came back without the
    mention in the store or the panel, but its colour stayed until F5."""
    store, first = window.store, window.article_id
    select(window, "Karama")
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_E)
    qtbot.keyClick(window.coding.popup.name, Qt.Key.Key_Return)
    qtbot.waitUntil(window.isActiveWindow)
    [mention] = store.mentions(first)
    body = window.article_view.body
    assert painted_at(body, mention.start)  # the premise: coded, and painted
    qtbot.keyClick(body, Qt.Key.Key_J)
    assert window.article_id != first
    qtbot.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.article_id == first and store.mentions(first) == []
    qtbot.waitUntil(body.painting_done)
    assert painted_at(body, mention.start) == []


def test_deleting_an_outer_voice_keeps_the_voice_nested_in_it(window, qtbot):
    """Delete on "ARA News reported" removes that row only: the Command's voice stays,
    no longer nested; one Ctrl+Z brings the outer voice back with the chain."""
    store, aid, text = window.store, window.article_id, window.article_view.body.text
    start = text.index("our units liberated")
    claim = store.add_claim(aid, start, start + len("our units liberated")).row_id
    said = text.index("said in a statement")
    reported = text.index("reported")
    outer = store.add_attribution(claim, kind="indirect", source_text="ARA News",
                                  cue_span=(reported, reported + len("reported"))).row_id
    inner = store.add_attribution(claim, kind="direct_quote", source_text="the Command",
                                  cue_span=(said, said + len("said in a statement")),
                                  parent_attribution_id=outer).row_id
    window.reload_annotations()
    window.show_tab_2()
    assert window.sources_panel.select_id(outer)
    qtbot.keyClick(window.sources_panel.view, Qt.Key.Key_Delete)
    [left] = store.attributions(aid)
    assert (left.id, left.parent_attribution_id) == (inner, None)
    assert window.undo_stack.undoText() == "Delete source"  # one step, named for the row
    view = window.sources_panel.view  # the row left is current: F2 or Delete acts on it
    assert view.currentIndex().siblingAtColumn(0).data(ID_ROLE) == inner
    window.undo_stack.undo()
    nesting = {a.id: a.parent_attribution_id for a in store.attributions(aid)}
    assert nesting == {outer: None, inner: outer}
    # the row brought back is current: F2 edits it
    assert view.currentIndex().siblingAtColumn(0).data(ID_ROLE) == outer
    window.undo_stack.redo()
    assert [(a.id, a.parent_attribution_id) for a in store.attributions(aid)] == [(inner, None)]


def test_deleting_a_whole_chain_deletes_each_voice_once(window, qtbot):
    store, aid, text = window.store, window.article_id, window.article_view.body.text
    start = text.index("our units liberated")
    claim = store.add_claim(aid, start, start + len("our units liberated")).row_id
    ids = []
    for words in ("ARA News", "the Command", "an officer"):
        ids.append(store.add_attribution(claim, kind="indirect", source_text=words,
                                         parent_attribution_id=ids[-1] if ids else None
                                         ).row_id)
    window.reload_annotations()
    window.show_tab_2()
    panel = window.sources_panel
    panel.select_id(ids[0])  # the outer voice and, with Ctrl, the innermost
    panel.view.selectionModel().select(
        panel.model.find(ids[2]),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert sorted(panel.selected_ids()) == [ids[0], ids[2]]
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert [(a.id, a.parent_attribution_id) for a in store.attributions(aid)] == [(ids[1], None)]
    assert window.undo_stack.undoText() == "Delete 2 sources"
    window.undo_stack.undo()
    assert {a.id: a.parent_attribution_id for a in store.attributions(aid)} == {
        ids[0]: None, ids[1]: ids[0], ids[2]: ids[1]}
    # all three: each deleted once (the store takes the nested ones with the outer)
    for row_id in ids:
        panel.view.selectionModel().select(
            panel.model.find(row_id),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert store.attributions(aid) == []
