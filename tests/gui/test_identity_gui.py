"""The coder's path through entity identity: typeahead with counts, Find duplicates, the browser.

Every decision goes through the window's undo stack, so each test also walks
back with undo and forward with redo and checks the store, not just the screen.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.gui.entity_picker import EntityPicker
from annotator.model import ArticleDraft

TEXT = ("The Hashd al-Shaabi entered Tal Afar on Monday. Hashed al-Shaabi fighters said "
        "the Iraqi Army General Command had asked the Iraqi Army to wait. ISIL, also called "
        "Daesh, withdrew. Later the Hashd al-Shaabi returned.")

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def coded(window):
    """An article with near-duplicate names coded, open in the window; entity ids by name."""
    store = window.store
    aid = store.add_articles([ArticleDraft(title="Tal Afar", body=TEXT)]).inserted[0]
    ids: dict[str, int] = {}

    def mark(phrase: str, name: str, etype: str, after: int = 0) -> None:
        start = TEXT.index(phrase, after)
        change = store.add_mention(aid, start, start + len(phrase), name=name, entity_type=etype)
        ids[name] = change.after["entity_id"]

    mark("Hashd al-Shaabi", "Hashd al-Shaabi", "ARMED_GROUP")
    mark("Hashd al-Shaabi", "Hashd al-Shaabi", "ARMED_GROUP", after=TEXT.index("Later"))
    mark("Hashed al-Shaabi", "Hashed al-Shaabi", "ARMED_GROUP")
    mark("Iraqi Army General Command", "Iraqi Army General Command", "ORG")
    mark("Iraqi Army", "Iraqi Army", "ORG", after=TEXT.index("asked"))
    mark("ISIL", "ISIL", "ARMED_GROUP")
    store.add_alias(ids["ISIL"], "Daesh")
    window.article_list.reload()
    window.open_article(aid)
    return aid, ids


def open_duplicates(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL_SHIFT)
    dialog = window.identity.duplicates
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
    qtbot.waitUntil(lambda: dialog.again_button.isEnabled(), timeout=20000)
    return dialog


def listed_groups(dialog) -> list[str]:
    return dialog.group_names("likely")


def test_typeahead_shows_counts_and_finds_through_an_alias(window, coded, qtbot):
    store, (aid, ids) = window.store, coded
    body = window.article_view.body
    start = TEXT.index("Daesh")
    body.select_span(start, start + 5)
    qtbot.keyClick(body, Qt.Key.Key_E)
    popup = window.coding.popup
    assert popup.list.item(0).text() == "ISIL (ARMED_GROUP, 1 mention) — alias “Daesh”"
    popup.name.selectAll()
    qtbot.keyClicks(popup.name, "hashd")
    assert popup.list.item(0).text() == "Hashd al-Shaabi (ARMED_GROUP, 2 mentions)"
    popup.name.selectAll()
    qtbot.keyClicks(popup.name, "Daesh")
    qtbot.keyClick(popup.name, Qt.Key.Key_Return)
    daesh = next(m for m in store.mentions(aid) if m.text == "Daesh")
    assert daesh.entity_id == ids["ISIL"]  # linked, no new entity "Daesh"
    # the same suggestions in a panel's entity field: re-link a mention by typing
    window.show_tab_0()
    view, model = window.entities_panel.view, window.entities_model
    hashed = model.find(ids["Hashed al-Shaabi"], kind="entity")
    child = model.index(0, 0, hashed)
    view.setCurrentIndex(child)
    view.edit(child)
    editor = view.indexWidget(child)
    assert isinstance(editor, EntityPicker)
    qtbot.keyClicks(editor, "iraqi ar")
    labels = [editor.suggestions.index(r).data() for r in range(editor.suggestions.rowCount())]
    assert labels[:2] == ["Iraqi Army (ORG, 1 mention)", "Iraqi Army General Command (ORG, "
                          "1 mention)"]
    qtbot.keyClick(editor.completer_.popup(), Qt.Key.Key_Escape)
    assert not editor.popup_visible()


def test_find_duplicates_proposes_spelling_variants_only(window, coded, qtbot):
    dialog = open_duplicates(window, qtbot)
    groups = listed_groups(dialog)
    assert len(groups) == 1
    assert "Hashd al-Shaabi" in groups[0] and "Hashed al-Shaabi" in groups[0]
    assert not any("Iraqi Army" in g for g in groups)
    # the detail shows counts and where each name is used
    texts = " ".join(label.text() for label in dialog.view.labels())
    assert "2 mentions" in texts and "<b>Hashed al-Shaabi</b> fighters" in texts
    assert dialog.view.canonical.text() == "Hashd al-Shaabi"  # the most mentioned is kept
    assert dialog.list.topLevelItem(0).text(4) == "3"  # mentions at stake
    # the row names the type: two groups of one spelling may differ only in it
    assert dialog.list.topLevelItem(0).text(5) == "ARMED_GROUP"


def test_merge_from_the_dialog_then_undo_and_redo(window, coded, qtbot):
    store, (aid, ids) = window.store, coded
    hashd, hashed = ids["Hashd al-Shaabi"], ids["Hashed al-Shaabi"]
    dialog = open_duplicates(window, qtbot)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    on = {m.text: m.entity_id for m in store.mentions(aid)}
    assert on["Hashed al-Shaabi"] == hashd == on["Hashd al-Shaabi"]
    assert store.entity(hashed).merged_into == hashd
    assert "Hashed al-Shaabi" in store.aliases(hashd)
    assert listed_groups(dialog) == [] and "No more" in dialog.status.text()
    # the panel refreshed: one entity row with all three mentions
    model = window.entities_model
    row = model.find(hashd, kind="entity")
    assert model.index(row.row(), 2).data() == "3"
    assert not model.find(hashed, kind="entity").isValid()
    window.undo_stack.undo()
    on = {m.text: m.entity_id for m in store.mentions(aid)}
    assert on["Hashed al-Shaabi"] == hashed and store.entity(hashed).merged_into is None
    assert store.aliases(hashd) == []
    assert window.entities_model.find(hashed, kind="entity").isValid()
    window.undo_stack.redo()
    assert {m.entity_id for m in store.mentions(aid) if "Shaabi" in m.text} == {hashd}


def test_merge_checked_with_a_new_canonical_name(window, coded, qtbot):
    store, (_, ids) = window.store, coded
    third = store.add_entity("Hashd al Shaabi", "ARMED_GROUP").row_id
    dialog = open_duplicates(window, qtbot)
    [title] = listed_groups(dialog)
    assert "Hashd al Shaabi" in title
    members = [e["id"] for e in dialog.current_group()["entities"]]
    dialog.view.checks[members.index(third)].setChecked(False)
    dialog.view.canonical.setText("Popular Mobilization Forces")
    qtbot.mouseClick(dialog.merge_checked_button, Qt.MouseButton.LeftButton)
    kept = store.entity(ids["Hashd al-Shaabi"])
    assert kept.name == "Popular Mobilization Forces"
    assert set(store.aliases(kept.id)) == {"Hashd al-Shaabi", "Hashed al-Shaabi"}
    assert store.entity(third).merged_into is None
    # the unchecked name stays to be decided, now against the renamed kept entity
    assert {e["id"] for e in dialog.current_group()["entities"]} == {kept.id, third}
    assert "Popular Mobilization Forces" in listed_groups(dialog)[0]
    window.undo_stack.undo()
    assert store.entity(kept.id).name == "Hashd al-Shaabi" and store.aliases(kept.id) == []


def test_different_is_remembered_and_undoable(window, coded, qtbot):
    store, (_, ids) = window.store, coded
    pair = tuple(sorted((ids["Hashd al-Shaabi"], ids["Hashed al-Shaabi"])))
    dialog = open_duplicates(window, qtbot)
    qtbot.mouseClick(dialog.different_button, Qt.MouseButton.LeftButton)
    assert store.dismissed_pairs() == {pair}
    dialog.search()
    qtbot.waitUntil(lambda: dialog.again_button.isEnabled(), timeout=20000)
    assert listed_groups(dialog) == []  # a rerun does not propose them again
    window.undo_stack.undo()
    assert store.dismissed_pairs() == set()
    dialog.search()
    qtbot.waitUntil(lambda: dialog.again_button.isEnabled(), timeout=20000)
    assert len(listed_groups(dialog)) == 1


def test_cancel_stops_the_search(window, coded, qtbot):
    from annotator.gui.dialogs.duplicates import duplicates_job
    assert duplicates_job(window.store, lambda *a: None, lambda: True) is None
    window.identity.find_duplicates()
    dialog = window.identity.duplicates
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.again_button.isEnabled(), timeout=20000)
    assert "cancelled" in dialog.status.text() or dialog.list.count() <= 1


def test_browser_filters_renames_adds_alias_merges_and_splits(window, coded, qtbot):
    store, (aid, ids) = window.store, coded
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL_SHIFT)
    browser = window.identity.browser
    assert browser.isVisible() and browser.model.rowCount() == 5
    qtbot.keyClicks(browser.filter, "daesh")  # aliases count as names
    assert browser.model.rowCount() == 1 and browser.model.index(0, 0).data() == "ISIL"
    assert browser.model.index(0, 3).data() == "Daesh"
    # rename in place
    browser.table.edit(browser.model.index(0, 0))
    editor = browser.table.indexWidget(browser.model.index(0, 0))
    editor.selectAll()
    qtbot.keyClicks(editor, "Islamic State of Iraq and the Levant")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits in a queued call
    qtbot.waitUntil(lambda: store.entity(ids["ISIL"]).name != "ISIL")
    assert store.entity(ids["ISIL"]).name == "Islamic State of Iraq and the Levant"
    assert browser.add_alias("ISIL")
    assert set(store.aliases(ids["ISIL"])) == {"Daesh", "ISIL"}
    window.undo_stack.undo()
    assert store.aliases(ids["ISIL"]) == ["Daesh"]
    # merge two selected entities, keeping the busier one, then split the merge again
    browser.filter.clear()
    browser.type_filter.setCurrentIndex(browser.type_filter.findData("ARMED_GROUP"))
    qtbot.waitUntil(lambda: browser.model.rowCount() == 3)
    rows = [browser.model.row_of(ids[n]) for n in ("Hashd al-Shaabi", "Hashed al-Shaabi")]
    browser.select_rows(rows)
    assert browser.merge_selected(kept_id=ids["Hashd al-Shaabi"])
    assert store.entity(ids["Hashed al-Shaabi"]).merged_into == ids["Hashd al-Shaabi"]
    browser.reload()
    assert browser.merges.rowCount() == 1
    assert browser.merges.item(0, 1).text() == "Hashed al-Shaabi"
    browser.merges.setCurrentCell(0, 0)
    assert browser.split_selected()
    assert store.entity(ids["Hashed al-Shaabi"]).merged_into is None
    hashed = next(m for m in store.mentions(aid) if m.text == "Hashed al-Shaabi")
    assert hashed.entity_id == ids["Hashed al-Shaabi"]
    window.undo_stack.undo()  # undoing the split merges them again
    assert store.entity(ids["Hashed al-Shaabi"]).merged_into == ids["Hashd al-Shaabi"]
    window.undo_stack.redo()
    assert store.entity(ids["Hashed al-Shaabi"]).merged_into is None


def test_browser_mentions_jump_to_the_article_and_span(window, coded, qtbot):
    store, (aid, ids) = window.store, coded
    window.identity.browse_entities()
    browser = window.identity.browser
    window.open_article(store.neighbour_article_id(0, +1))  # elsewhere
    browser.select_rows([browser.model.row_of(ids["Hashd al-Shaabi"])])
    browser.show_mentions()
    assert browser.mentions.rowCount() == 2
    assert "<b>Hashd al-Shaabi</b> entered" in browser.mentions.index(0, 1).data()
    assert browser.tabs.tabText(0) == "Mentions of “Hashd al-Shaabi” (2)"
    browser.open_mention(1)
    assert window.article_id == aid
    later = TEXT.index("Hashd al-Shaabi", TEXT.index("Later"))
    assert window.article_view.body.selection_span() == (later, later + len("Hashd al-Shaabi"))


def test_renaming_to_an_existing_entity_in_the_panel_merges(window, coded, qtbot):
    store, (_, ids) = window.store, coded
    model = window.entities_model
    hashed = model.find(ids["Hashed al-Shaabi"], kind="entity")
    assert model.setData(hashed, ids["Hashd al-Shaabi"])  # what picking a suggestion does
    assert store.entity(ids["Hashed al-Shaabi"]).merged_into == ids["Hashd al-Shaabi"]
    window.undo_stack.undo()
    assert store.entity(ids["Hashed al-Shaabi"]).merged_into is None


def test_panel_name_field_renames_on_enter_and_merges_on_a_chosen_suggestion(window, coded,
                                                                            qtbot):
    store, (_, ids) = window.store, coded
    hashed, hashd = ids["Hashed al-Shaabi"], ids["Hashd al-Shaabi"]
    window.show_tab_0()
    view, model = window.entities_panel.view, window.entities_model

    def edit_name() -> EntityPicker:
        index = model.find(hashed, kind="entity")
        view.setCurrentIndex(index)
        view.edit(index)
        editor = view.indexWidget(index)
        assert isinstance(editor, EntityPicker) and editor.text() == "Hashed al-Shaabi"
        editor.selectAll()
        return editor

    editor = edit_name()
    qtbot.keyClicks(editor, "Hashd")  # a prefix of another entity: shown, not taken
    assert editor.popup_visible() and not editor.completer_.popup().currentIndex().isValid()
    assert editor.suggestions.index(0).data() == "Hashd al-Shaabi (ARMED_GROUP, 2 mentions)"
    qtbot.keyClick(editor.completer_.popup(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: store.entity(hashed).name == "Hashd")  # Enter: the typed name
    window.undo_stack.undo()
    assert store.entity(hashed).name == "Hashed al-Shaabi"
    editor = edit_name()
    qtbot.keyClicks(editor, "Hashd")
    popup = editor.completer_.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # choosing the suggestion says "the same actor"
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: store.entity(hashed).merged_into == hashd)
    assert "Merged into “Hashd al-Shaabi”" in window.statusBar().currentMessage()


def test_source_picker_keeps_a_typed_description(window, coded, qtbot):
    store, (aid, ids) = window.store, coded
    start = TEXT.index("Hashed al-Shaabi fighters said")
    claim = store.add_claim(aid, start, start + 30).row_id
    store.add_attribution(claim, kind="indirect", source_entity_id=ids["Hashed al-Shaabi"])
    window.reload_annotations()
    window.show_tab_2()
    view, model = window.sources_panel.view, window.sources_model
    index = model.index(0, 1)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, "Hashed fighters")
    qtbot.keyClick(editor.completer_.popup() if editor.popup_visible() else editor,
                   Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: store.attributions(aid)[0].source_text == "Hashed fighters")
    assert store.attributions(aid)[0].source_entity_id is None


def test_typeahead_offers_the_iraqi_army_for_iraqi_forces_but_enter_keeps_the_new_name(
        window, coded, qtbot):
    store, (aid, ids) = window.store, coded
    body = window.article_view.body
    start = TEXT.index("Tal Afar")
    body.select_span(start, start + len("Tal Afar"))
    qtbot.keyClick(body, Qt.Key.Key_E)
    popup = window.coding.popup
    popup.name.selectAll()
    qtbot.keyClicks(popup.name, "Iraqi forces")
    shown = [popup.list.item(r).text() for r in range(popup.list.count())]
    assert shown[0].startswith("Iraqi Army (ORG")  # the shorter name first
    assert any(t.startswith("Iraqi Army General Command") for t in shown)
    assert popup.list.currentItem().text().startswith("＋ New entity “Iraqi forces”")
    qtbot.keyClick(popup.name, Qt.Key.Key_Return)
    mention = next(m for m in store.mentions(aid) if m.start == start)
    assert mention.entity_id not in ids.values()  # a guess is never taken by Enter
    assert store.entity(mention.entity_id).name == "Iraqi forces"


def test_ctrl_z_in_the_dialog_brings_the_undone_group_back_to_its_list(window, coded, qtbot):
    """Found by a QA pass: after Ctrl+Z the project was restored but the list still said
    "No more duplicates proposed" until Search again."""
    dialog = open_duplicates(window, qtbot)
    [title] = listed_groups(dialog)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert listed_groups(dialog) == []
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: listed_groups(dialog) == [title], timeout=20000)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: dialog.again_button.isEnabled(), timeout=20000)
    assert listed_groups(dialog) == []  # redone: merged again, nothing to propose
