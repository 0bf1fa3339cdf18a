"""The coding flow between the keys: what stays selected after C.

Each was a detour found coding the seed article with the keys alone."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.model import ArticleDraft
from annotator.store import Store
from tests.gui.test_coding_path import select
from tests.gui.test_popup_keys import focused, mark_claim, open_e, open_s, press
from tests.gui.windows import show_active

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


# -- S and A take a source phrase's entity by one rule -----------------------------------

MIRANI = ("😀 Peshmerga fighters swept down from the Northeast.\n\nAccording to Peshmerga "
          "officer Nechirvan Mirani, his comrades are now only 7 km away from the city.")


def code_at(window, qtbot, start: int, end: int, kind: str) -> int:
    """E on [start, end), a new entity of ``kind``, Enter: its entity id."""
    window.article_view.body.select_span(start, end)
    press(window, qtbot, Qt.Key.Key_E)
    popup = window.coding.popup
    qtbot.waitUntil(popup.isActiveWindow)
    popup.type_combo.setCurrentIndex(popup.type_combo.findData(kind))
    qtbot.keyClick(popup.name, RETURN)
    qtbot.waitUntil(window.isActiveWindow)
    return next(m for m in window.store.mentions(window.article_id)
                if m.start == start).entity_id


def mirani_window(qtbot, tmp_path, settings):
    """A window on MIRANI with "Peshmerga" and "Nechirvan Mirani" coded inside the source
    phrase "Peshmerga officer Nechirvan Mirani": (window, store, Mirani's entity id)."""
    from annotator.gui.main_window import MainWindow
    store = Store(tmp_path / "mirani.db", coder="ana")
    store.add_articles([ArticleDraft(title="Mirani", body=MIRANI)])
    window = show_active(qtbot, MainWindow(store, settings))
    window.article_view.body.setFocus()
    at = MIRANI.index("Peshmerga officer")
    code_at(window, qtbot, at, at + len("Peshmerga"), "ARMED_GROUP")
    at = MIRANI.index("Nechirvan Mirani")
    return window, store, code_at(window, qtbot, at, at + len("Nechirvan Mirani"), "PERSON")


def test_s_on_a_source_phrase_takes_the_name_it_ends_with(qtbot, tmp_path, settings):
    window, store, mirani = mirani_window(qtbot, tmp_path, settings)
    mark_claim(window, qtbot, "his comrades are now only 7 km away from the city")
    popup, _ = open_s(window, qtbot, "Peshmerga officer Nechirvan Mirani")
    assert popup.role() == "source" and popup.source.value() == mirani  # not the Peshmerga
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    window.close()
    store.close()


def test_a_on_the_cue_takes_the_same_name_as_s(qtbot, tmp_path, settings):
    from tests.gui.test_selection_keys import put_cursor
    window, store, mirani = mirani_window(qtbot, tmp_path, settings)
    put_cursor(window, qtbot, "According to", inside=0)
    press(window, qtbot, Qt.Key.Key_A)
    [voice] = store.attributions(window.article_id)
    assert voice.cue_text == "According to" and voice.source_entity_id == mirani
    window.close()
    store.close()
