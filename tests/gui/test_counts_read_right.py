"""Counts read right where a coder meets them: "1 entity", "1 mention", not "1 entities".

Found driving the window: the Entities browser of a project with one entity said
"1 entities", and the merge chooser "(ORG, 1 mentions)".
"""

# ruff: noqa: F811  (the tests take the imported ``coded`` fixture as an argument)
from __future__ import annotations

from PySide6.QtWidgets import QRadioButton

from annotator.gui.dialogs.entity_browser import KeptChooser
from annotator.model import ArticleDraft
from tests.gui.test_entity_browser_keys import open_browser
from tests.gui.test_identity_gui import coded  # noqa: F401  (a fixture)


def test_the_browser_counts_one_entity_in_the_singular(window, qtbot):
    store = window.store
    aid = store.add_articles([ArticleDraft(title="One", body="ISIL fighters fled.")]).inserted[0]
    store.add_mention(aid, 0, 4, name="ISIL", entity_type="ARMED_GROUP")
    window.article_list.reload()
    window.open_article(aid)
    browser = open_browser(window, qtbot)
    assert browser.count.text() == "1 entity"
    qtbot.keyClicks(browser.filter, "nothing like it")
    qtbot.waitUntil(lambda: browser.count.text() == "0 of 1 entity")


def test_the_browser_counts_many_in_the_plural(window, coded, qtbot):
    browser = open_browser(window, qtbot)
    total = browser.model.rowCount()
    assert total > 1 and browser.count.text() == f"{total} entities"
    qtbot.keyClicks(browser.filter, "hash")
    qtbot.waitUntil(lambda: browser.count.text() == f"2 of {total} entities")


def test_the_merge_chooser_says_one_mention_and_two_mentions(window, coded, qtbot):
    browser = open_browser(window, qtbot)
    qtbot.keyClicks(browser.filter, "hash")
    qtbot.waitUntil(lambda: browser.model.rowCount() == 2)
    rows = list(browser.model.rows)  # the browser's own rows, as merge_selected passes them
    chooser = KeptChooser([r for r in rows if "al-Shaabi" in r["name"]], browser)
    qtbot.addWidget(chooser)
    labels = sorted(b.text() for b in chooser.findChildren(QRadioButton))
    assert labels == ["Hashd al-Shaabi  (ARMED_GROUP, 2 mentions)",
                      "Hashed al-Shaabi  (ARMED_GROUP, 1 mention)"]
