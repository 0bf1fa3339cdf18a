"""Team ▸ Compare coders: two coders' versions listed, one accepted into gold, undo and redo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.team.adjudication import AGREE, DIFFER


def span(store, aid: int, text: str) -> tuple[int, int]:
    start = store.article(aid).body.index(text)  # code points: the emoji before count one each
    return start, start + len(text)


@pytest.fixture
def two_coders(qtbot, project, settings):
    """ana and ben agree on "General Command" and differ on the type of "ARA News"."""
    aid = project.list_articles(0, 1)[0]["id"]
    assert project.article(aid).body.startswith("😀🇮🇶")  # astral characters before the spans
    command = project.add_entity("General Command", "ORG").row_id
    gc, ara = span(project, aid, "General Command"), span(project, aid, "ARA News")
    for coder, ara_type in (("ana", "MEDIA"), ("ben", "ORG")):
        with project.acting_as(coder):
            project.add_mention(aid, *gc, entity_id=command)
            project.add_mention(aid, *ara, name="ARA News", entity_type=ara_type)
    win = MainWindow(project, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.open_article(aid)
    return win, aid


def gold_mentions(store, aid):
    return store.annotations_by_coder(aid, "gold")["mentions"]


def test_compare_accept_b_undo_redo(qtbot, two_coders):
    win, aid = two_coders
    win.actions_by_name["compare_coders"].trigger()
    dialog = win.compare_dialog
    qtbot.waitExposed(dialog)
    assert (dialog.coder_a.currentText(), dialog.coder_b.currentText()) == ("ana", "ben")
    assert dialog.gold.text() == "gold"
    table = dialog.tables["mentions"]
    items = table.items_model.items
    assert [i.status for i in items] == [AGREE, DIFFER]
    assert items[1].verdict() == "differ (type MEDIA vs ORG)"
    assert "1 agree, 1 differ" in dialog.tabs.tabText(0)
    assert "2 mentions · 0 claims · 0 attributions" in dialog.panes.a.header.text()
    # both panes paint their coder's two mentions, at the right UTF-16 positions
    ara = span(win.store, aid, "ARA News")
    assert [h.kind for h in dialog.panes.a.body.index.at(ara[0])] == ["mention"]

    table.setFocus()
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_B)
    rows = gold_mentions(win.store, aid)
    assert [(r["start"], r["end"], r["entity_type"]) for r in rows] == [(*ara, "ORG")]
    assert rows[0]["entity_id"] == items[1].b["entity_id"]
    item = table.items_model.items[1]
    assert item.in_gold == "B"
    assert not table.indexWidget(table.model().index(1, 4)).findChild(
        type(dialog.next), "accept_b").isEnabled()
    assert "Accept ben's mention" in win.undo_stack.undoText()

    win.undo_stack.undo()
    assert gold_mentions(win.store, aid) == []
    assert table.items_model.items[1].in_gold == ""
    win.undo_stack.redo()
    assert [r["id"] for r in gold_mentions(win.store, aid)] == [rows[0]["id"]]
    assert table.items_model.items[1].in_gold == "B"


def test_accepting_the_other_version_replaces_it_in_one_step(qtbot, two_coders):
    win, aid = two_coders
    win.compare_coders()
    # the coder's keys go to the compare window, not to the article text behind it
    win.compare_dialog.activateWindow()
    qtbot.waitUntil(win.compare_dialog.isActiveWindow)
    table = win.compare_dialog.tables["mentions"]
    table.setFocus()
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_B)
    button = table.indexWidget(table.model().index(1, 4)).findChild(
        type(win.compare_dialog.next), "accept_a")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert [r["entity_type"] for r in gold_mentions(win.store, aid)] == ["MEDIA"]
    assert table.items_model.items[1].in_gold == "A"
    win.undo_stack.undo()  # back to B's version, not to nothing
    assert [r["entity_type"] for r in gold_mentions(win.store, aid)] == ["ORG"]
    qtbot.keyClick(table, Qt.Key.Key_A)
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_A)
    assert table.items_model.items[0].in_gold == "A = B"
    assert len(gold_mentions(win.store, aid)) == 2


def test_verdict_in_full_and_stepping_to_the_next_shared_article(qtbot, two_coders):
    win, aid = two_coders
    other = win.store.list_articles(0, 3)[2]["id"]
    for coder in ("ana", "ben"):
        with win.store.acting_as(coder):
            win.store.set_status(other, "done")  # coded, nothing found
    win.compare_coders()
    dialog = win.compare_dialog
    dialog.tables["mentions"].selectRow(1)
    assert dialog.message.text().startswith("Differ (type MEDIA vs ORG).")
    assert not dialog.previous.isEnabled() and dialog.next.isEnabled()
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    assert dialog.article_id == win.article_id == other
    assert dialog.tables["mentions"].items_model.items == []
    assert dialog.previous.isEnabled() and not dialog.next.isEnabled()
    win.close()  # the compare window goes with the main window (and its project)
    assert not dialog.isVisible()


def test_layers_and_articles_by_keys_from_the_items_table(qtbot, two_coders):
    """In the items table Tab walks cells, so layers and articles need keys of their own."""
    win, aid = two_coders
    other = win.store.list_articles(0, 3)[2]["id"]
    for coder in ("ana", "ben"):
        with win.store.acting_as(coder):
            win.store.set_status(other, "done")
    win.compare_coders()
    dialog = win.compare_dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(dialog.isActiveWindow)
    table = dialog.tables["mentions"]
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget() is dialog.tables["claims"]
    qtbot.keyClick(dialog.tables["claims"], Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget() is table and table.hasFocus()
    assert table.currentIndex().row() == 0  # a row is current, so A or B works at once
    qtbot.keyClick(table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert dialog.article_id == win.article_id == other
    qtbot.keyClick(table, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert dialog.article_id == win.article_id == aid


def test_after_an_article_one_coder_coded_alone_the_next_compares_two(qtbot, two_coders):
    """Found by a tester: Compare coders opened with A = B = ben, "the same person" stayed
    after picking ana. An article only ben coded leaves both boxes on ben."""
    win, aid = two_coders
    alone = win.store.list_articles(0, 3)[1]["id"]
    with win.store.acting_as("ben"):
        start = win.store.article(alone).body.index("ARA News")
        win.store.add_mention(alone, start, start + 8, name="ARA News", entity_type="ORG")
    win.open_article(alone)
    win.compare_coders()
    dialog = win.compare_dialog
    assert dialog.coder_a.currentText() == dialog.coder_b.currentText() == "ben"
    dialog.show_article(aid)  # ana and ben coded this one
    assert {dialog.coder_a.currentText(), dialog.coder_b.currentText()} == {"ana", "ben"}
    assert "same person" not in dialog.message.text()
    dialog.coder_b.setCurrentText(dialog.coder_a.currentText())
    assert "same person" in dialog.message.text()
    dialog.coder_b.setCurrentText({"ana", "ben"}.difference([dialog.coder_a.currentText()]).pop())
    assert "same person" not in dialog.message.text()
    win.close()
