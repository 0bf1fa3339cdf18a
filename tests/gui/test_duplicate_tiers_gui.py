"""Find duplicates in two tiers, as a coder walks it with the keyboard.

Likely groups come first, then possible pairs with their evidence; a decision
made in the dialog trains the ranking, and the pairs still listed move at once.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.model import ArticleDraft

TEXT = ("Peshmerga and Peshmergas held the line while the Syrian Army and the Syrian Arab "
        "Army watched. CTS, the Counter-Terrorism Service, entered Mosul, also called Mosul "
        "City. The Free Army and the Free Syrian Army stayed out.")

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def coded(window):
    store = window.store
    aid = store.add_articles([ArticleDraft(title="Front", body=TEXT)]).inserted[0]
    ids: dict[str, int] = {}
    for phrase, kind in [("Peshmerga ", "ARMED_GROUP"), ("Peshmergas", "ARMED_GROUP"),
                         ("Syrian Army", "ORG"), ("Syrian Arab Army", "ORG"), ("CTS", "ORG"),
                         ("Counter-Terrorism Service", "ORG"), ("Mosul,", "GPE/LOC"),
                         ("Mosul City", "GPE/LOC"), ("Free Army", "ORG"),
                         ("Free Syrian Army", "ORG")]:
        name = phrase.strip(" ,")
        start = TEXT.index(phrase)
        ids[name] = store.add_mention(aid, start, start + len(name), name=name,
                                      entity_type=kind).after["entity_id"]
    window.article_list.reload()
    window.open_article(aid)
    return ids


def open_duplicates(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL_SHIFT)
    dialog = window.identity.duplicates
    qtbot.waitUntil(lambda: dialog.again_button.isEnabled(), timeout=20000)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def rows(dialog) -> list[tuple[str, str, str]]:
    """(tier, names in alphabetical order, why) of each listed row, as the coder reads them."""
    item = dialog.list.topLevelItem
    return [(item(r).text(0), " · ".join(sorted(item(r).text(2).split(" · "), key=str.casefold)),
             item(r).text(3)) for r in range(dialog.list.count())]


def position(dialog, names: str) -> int:
    return next(r for r, (_, listed, _) in enumerate(rows(dialog)) if listed == names)


def test_likely_groups_first_then_possible_pairs_with_their_evidence(window, coded, qtbot):
    dialog = open_duplicates(window, qtbot)
    listed = rows(dialog)
    likely = {names: text for tier, names, text in listed[:2] if tier == "Likely"}
    assert likely == {"Peshmerga · Peshmergas": "plural",
                      "Mosul · Mosul City": "“city” says what kind"}
    assert all(tier == "Possible" for tier, _, _ in listed[2:])
    why = {names: text for _, names, text in listed}
    assert "initials of Counter-Terrorism Service" in why["Counter-Terrorism Service · CTS"]
    assert "adds “arab”" in why["Syrian Arab Army · Syrian Army"]
    assert "Likely" not in [t for t, _, _ in listed[2:]]
    assert "2 likely groups and " in dialog.status.text()
    # the keyboard walks down to a possible pair, and its heading says why
    assert dialog.list.hasFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)  # the second likely group
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    assert dialog.current_group()["tier"] == "possible"
    assert "possibly one actor" in dialog.view.heading.text()


def test_different_on_a_possible_pair_is_stored_and_re_ranks_the_rest(window, coded, qtbot):
    store = window.store
    # five earlier decisions: acronyms were merged, one-more-word pairs were different
    for short, full, same in [("UN", "United Nations", True), ("EU", "European Union", True),
                              ("FSA", "Free Syrian Armed", True),
                              ("Kurdish Army", "Kurdish Peshmerga Army", False),
                              ("Iraqi Police", "Iraqi Federal Police", False)]:
        a = store.add_entity(short, "ORG").row_id
        b = store.add_entity(full, "ORG").row_id
        store.merge_entities(b, [a]) if same else store.dismiss_pair(a, b)
    dialog = open_duplicates(window, qtbot)
    syrian, cts = "Syrian Arab Army · Syrian Army", "Counter-Terrorism Service · CTS"
    assert position(dialog, syrian) < position(dialog, cts)  # the prior: one more word first
    free = position(dialog, "Free Army · Free Syrian Army")
    dialog.list.set_current_row(free)
    qtbot.mouseClick(dialog.different_button, Qt.MouseButton.LeftButton)
    a, b = coded["Free Army"], coded["Free Syrian Army"]
    assert (min(a, b), max(a, b)) in store.dismissed_pairs()
    assert "Free Army · Free Syrian Army" not in [n for _, n, _ in rows(dialog)]
    # the sixth decision trains the ranking: acronyms now come before one more word
    assert position(dialog, cts) < position(dialog, syrian)
    window.undo_stack.undo()
    assert (min(a, b), max(a, b)) not in store.dismissed_pairs()


def test_merging_a_possible_pair_drops_the_proposals_of_the_merged_entity(window, coded, qtbot):
    store = window.store
    dialog = open_duplicates(window, qtbot)
    dialog.list.set_current_row(position(dialog, "Counter-Terrorism Service · CTS"))
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    full, short = coded["Counter-Terrorism Service"], coded["CTS"]
    assert store.entity(short).merged_into == full or store.entity(full).merged_into == short
    assert not any("CTS" in n or "Counter-Terrorism" in n for _, n, _ in rows(dialog))
