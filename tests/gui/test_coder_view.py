"""View ▸ Show other coders' annotations: a coder sees only their own work unless asked."""

from __future__ import annotations

import pytest

from annotator.gui.main_window import SHOW_OTHERS_KEY, MainWindow
from annotator.gui.panels.claims import CODER_COLUMN


def span(store, aid: int, text: str) -> tuple[int, int]:
    start = store.article(aid).body.index(text)  # code points: the emoji before count one each
    return start, start + len(text)


def mention_rows(win) -> list[str]:
    model = win.entities_model
    rows = []
    for r in range(model.rowCount()):
        entity = model.index(r, 0)
        rows += [model.index(c, 0, entity).data() for c in range(model.rowCount(entity))]
    return sorted(rows)


def open_window(qtbot, store, settings) -> MainWindow:
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def coded(project):
    """ana and ben both coded the first article: one mention and one claim each."""
    aid = project.list_articles(0, 1)[0]["id"]
    for coder, name in (("ana", "General Command"), ("ben", "ARA News")):
        with project.acting_as(coder):
            project.add_mention(aid, *span(project, aid, name), entity_type="ORG")
            project.add_claim(aid, *span(project, aid, "2,000 militants were killed"))
    return project, aid


def test_own_annotations_only_until_the_toggle(qtbot, coded, settings):
    store, aid = coded
    win = open_window(qtbot, store, settings)
    toggle = win.actions_by_name["show_others"]
    assert win.article_id == aid and toggle.isCheckable() and not toggle.isChecked()
    assert mention_rows(win) == ["“General Command”"]
    assert win.claims_model.rowCount() == 1
    assert win.claims_panel.view.isColumnHidden(CODER_COLUMN)
    assert win.counts.text().endswith("1 mention · 1 claim · 0 sources (yours)")

    toggle.trigger()  # Ctrl+Shift+O
    assert toggle.isChecked() and settings.value(SHOW_OTHERS_KEY, type=bool) is True
    assert mention_rows(win) == ["“ARA News” · ben", "“General Command” · ana"]
    assert win.claims_model.rowCount() == 2
    assert not win.claims_panel.view.isColumnHidden(CODER_COLUMN)
    assert {win.claims_model.index(r, CODER_COLUMN).data() for r in range(2)} == {"ana", "ben"}
    assert "(all coders)" in win.counts.text()
    ara = span(store, aid, "ARA News")
    assert win.article_view.body.index.at(ara[0])[0].label.endswith("· ben")

    toggle.trigger()
    assert not toggle.isChecked() and settings.value(SHOW_OTHERS_KEY, type=bool) is False
    assert mention_rows(win) == ["“General Command”"]
    assert win.article_view.body.index.at(ara[0]) == []


def test_the_choice_is_remembered(qtbot, coded, settings):
    store, _aid = coded
    first = open_window(qtbot, store, settings)
    first.actions_by_name["show_others"].trigger()
    first.close()
    again = open_window(qtbot, store, settings)
    assert again.actions_by_name["show_others"].isChecked()
    assert len(mention_rows(again)) == 2


def test_editing_another_coders_item_says_whose_and_undo_reopens(qtbot, coded, settings):
    store, aid = coded
    win = open_window(qtbot, store, settings)
    win.set_show_others(True)
    ben = next(m for m in store.mentions(aid) if m.text == "ARA News")
    win.tabs.setCurrentWidget(win.entities_panel)
    assert win.entities_panel.select_id(ben.id, kind="mention")
    win.coding.delete_selected()
    assert [m.text for m in store.mentions(aid)] == ["General Command"]
    assert win.statusBar().currentMessage() == "Changed ben's mention."

    win.set_show_others(False)
    win.next_article()
    assert win.article_id != aid
    win.undo_stack.undo()  # reaches back to the first article, whose row this view hides
    assert win.article_id == aid and ben in store.mentions(aid)
    assert mention_rows(win) == ["“General Command”"]
    assert "Changed ben's mention (hidden" in win.statusBar().currentMessage()
