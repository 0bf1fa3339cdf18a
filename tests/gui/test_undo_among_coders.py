"""Undo never touches another coder's row that took the id of one this window removed.

SQLite gives a new row the highest id + 1, so when a coder deletes their newest row
(or undoes its insert) and another process stores one, the new row has the old id.
Undo and redo act on ids: before each step checks the row is still the one it made,
an undo here deleted the other coder's claim. Real keys in a real window, and the
other coder in another process on the same file.
"""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt
from test_coding_path import select

OTHER_CODER = """
import sys
from annotator.store import Store
with Store(sys.argv[1], coder="ben") as store:
    article = store.article(store.article_ids()[1])
    start = article.body.index("2,000")
    print(store.add_claim(article.id, start, start + 5).row_id)
"""


def ben_stores_a_claim(path) -> int:
    done = subprocess.run([sys.executable, "-c", OTHER_CODER, str(path)], capture_output=True,
                          text=True, timeout=60, check=True)
    return int(done.stdout)


def ben_claims(store) -> list:
    return [c for a in store.article_ids() for c in store.claims(a)
            if c.coder_id != store.coder_id]


def undo(window, qtbot, shift=False) -> None:
    mods = Qt.KeyboardModifier.ControlModifier
    if shift:
        mods |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_Z, mods)


def code_a_claim(window, qtbot):
    """Select the claim's words, C, Enter: the claim the window stored."""
    select(window, "2,000 militants were killed")
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_C)
    qtbot.keyClick(window.coding.popup.category, Qt.Key.Key_Return)
    [claim] = window.store.claims(window.article_id)
    return claim


def test_undo_after_another_coder_took_the_id_leaves_their_claim_alone(window, qtbot):
    store, aid = window.store, window.article_id
    claim = code_a_claim(window, qtbot)
    window.show_tab_1()
    assert window.claims_panel.select_id(claim.id)
    qtbot.keyClick(window.claims_panel.view, Qt.Key.Key_Delete)
    assert store.claims(aid) == []

    theirs = ben_stores_a_claim(store.path)
    assert theirs == claim.id  # the premise: the id came again
    [before] = ben_claims(store)

    window.article_view.body.setFocus()
    undo(window, qtbot)  # the delete's undo: its id is taken
    assert "cannot come back" in window.statusBar().currentMessage()
    assert ben_claims(store) == [before] and store.claims(aid) == []
    undo(window, qtbot)  # the claim's insert: the row under its id is ben's
    assert "another coder or program" in window.statusBar().currentMessage()
    assert ben_claims(store) == [before]
    for _ in range(3):  # redo: the failed steps left the stack, the rest refuses again
        undo(window, qtbot, shift=True)
    assert ben_claims(store) == [before] and store.claims(aid) == []
    for _ in range(3):
        undo(window, qtbot)
    assert ben_claims(store) == [before]


def test_undo_of_an_edit_that_someone_changed_since_keeps_their_value(window, qtbot):
    store, aid = window.store, window.article_id
    claim = code_a_claim(window, qtbot)
    from annotator.gui.commands import UpdateCommand, push
    assert push(window.undo_stack, UpdateCommand(window.context, "Set the note", "claims",
                                                 claim.id, {"note": "mine"})) is None
    # another program (a second window, a script) writes the same field since
    from annotator.store import Store
    with Store(store.path, coder="ben") as other:
        other.update("claims", claim.id, note="theirs")
    undo(window, qtbot)
    assert "changed since" in window.statusBar().currentMessage()
    assert store.claims(aid)[0].note == "theirs"
