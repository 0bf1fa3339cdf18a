"""The coding flow between the keys: what stays selected after C.

Each was a detour found coding the seed article with the keys alone."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.test_coding_path import select
from tests.gui.test_popup_keys import focused, mark_claim, open_e, press

RETURN = Qt.Key.Key_Return
CLAIM = "our units liberated the neighbourhoods of Malayan and Karama"


def selected(window) -> tuple[int, int] | None:
    return window.article_view.body.selection_span()


# -- 1: after C the claim stays selected -------------------------------------------------

def test_after_c_the_claims_words_stay_selected_so_s_codes_its_voice(window, qtbot):
    store, aid = window.store, window.article_id
    span = select(window, CLAIM)
    claim = mark_claim(window, qtbot, CLAIM)
    qtbot.waitUntil(window.isActiveWindow)
    assert selected(window) == span  # no Alt+Up twice to get the claim back
    press(window, qtbot, Qt.Key.Key_S)  # the coder's very next key, on the kept selection
    popup = window.coding.popup
    qtbot.waitUntil(popup.isActiveWindow)
    assert popup.role() == "outlet" and popup.claim.value() == claim.id
    qtbot.keyClick(focused(), RETURN)
    [voice] = store.attributions(aid)
    assert (voice.claim_id, voice.kind) == (claim.id, "unattributed")


def test_alt_up_after_c_grows_from_the_claim_not_from_the_cursor(window, qtbot):
    body = window.article_view.body
    mark_claim(window, qtbot, CLAIM)
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(body, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    start, end = selected(window)
    assert body.text[start:end].startswith("Subsequent to clashes, our units liberated")


def test_after_e_the_selection_still_collapses_so_the_new_highlight_shows(window, qtbot):
    popup, _ = open_e(window, qtbot, "General Command")
    qtbot.keyClick(popup.name, RETURN)
    qtbot.waitUntil(window.isActiveWindow)
    assert selected(window) is None
