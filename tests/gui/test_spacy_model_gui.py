"""View ▸ Suggestions from a spaCy model…: a coder names a model, the suggested cues read it.

The model is a real spaCy pipeline saved to a folder (a blank English one with a
sentencizer: no trained model can be downloaded here). Its sentences do not end at
"Mass.", so the cue's suggested source is "the Mass. National Guard", where the
built-in rules, whose sentences (sentencex's) end there, take "National Guard".
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from annotator.gui.spacy_model import SETTING, SpacyModelDialog
from annotator.model import ArticleDraft
from annotator.store import Store
from tests.gui.test_popup_keys import press
from tests.gui.test_selection_keys import put_cursor
from tests.gui.windows import show_active

spacy = pytest.importorskip("spacy")

BODY = ("A unit of the Mass. National Guard said that the bridge over the river fell on Friday.\n\n"
        "Nothing else happened.")


@pytest.fixture
def model_folder(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "en_sentences")
    return tmp_path / "en_sentences"


@pytest.fixture
def army_window(qtbot, tmp_path, settings):
    from annotator.gui.main_window import MainWindow
    store = Store(tmp_path / "army.db", coder="ana")
    store.add_articles([ArticleDraft(title="Bridge", body=BODY, outlet="Wire",
                                     published="2016-11-04")])
    window = show_active(qtbot, MainWindow(store, settings))
    window.article_view.body.setFocus()
    yield window
    window.close()
    store.close()


def answer_dialog(typed: str, then_escape: bool = False, warnings: list | None = None) -> None:
    """Type ``typed`` into the model dialog and press Enter; a warning that comes is noted
    and closed with Enter, and with ``then_escape`` the dialog is left with Esc."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox):
            warnings.append(dialog.text())
            QTest.keyClick(dialog, Qt.Key.Key_Return)
            QTimer.singleShot(20, look)
            return
        if not isinstance(dialog, SpacyModelDialog):
            QTimer.singleShot(20, look)
            return
        field = dialog.findChild(QLineEdit)
        if then_escape and warnings:
            QTest.keyClick(field, Qt.Key.Key_Escape)
            return
        field.selectAll()
        QTest.keyClicks(field, typed)
        if then_escape:  # before Enter: the warning's own loop runs inside the key press
            QTimer.singleShot(20, look)
        QTest.keyClick(field, Qt.Key.Key_Return)
    QTimer.singleShot(20, look)


def sources(window) -> list[str]:
    return [c.source.text for c in window.suggestions.cues if c.source is not None]


def test_a_named_model_reads_the_cues_and_a_accepts_its_source(army_window, qtbot,
                                                               model_folder):
    window = army_window
    assert sources(window) == ["National Guard"]  # the rules' sentence begins after "Mass."
    answer_dialog(str(model_folder))
    window.actions_by_name["spacy_model"].trigger()
    assert window.settings.value(SETTING) == str(model_folder)
    assert sources(window) == ["the Mass. National Guard"]
    assert "sentencizer" in window.statusBar().currentMessage()
    assert window.focusWidget() is window.article_view.body  # the coder goes on there
    put_cursor(window, qtbot, "said", inside=1)
    press(window, qtbot, Qt.Key.Key_A)
    [attribution] = window.store.attributions(window.article_id)
    assert attribution.source_text == "the Mass. National Guard"
    window.undo_stack.undo()
    assert window.store.attributions(window.article_id) == []


def test_a_model_that_does_not_load_is_named_and_the_setting_stays(army_window, qtbot):
    window = army_window
    warnings: list[str] = []
    answer_dialog("en_no_such_model", then_escape=True, warnings=warnings)
    window.actions_by_name["spacy_model"].trigger()
    assert len(warnings) == 1 and "en_no_such_model" in warnings[0]
    assert not window.settings.value(SETTING)
    assert sources(window) == ["National Guard"]


def test_a_model_gone_since_it_was_named_is_said_once_and_the_rules_serve(
        qtbot, tmp_path, settings):
    from annotator.gui.main_window import MainWindow
    settings.setValue(SETTING, str(tmp_path / "uninstalled_model"))
    store = Store(tmp_path / "army.db", coder="ana")
    store.add_articles([ArticleDraft(title="Bridge", body=BODY, outlet="Wire",
                                     published="2016-11-04")])
    window = show_active(qtbot, MainWindow(store, settings))
    assert sources(window) == ["National Guard"]
    message = window.statusBar().currentMessage()
    assert "uninstalled_model" in message and "built-in rules" in message
    window.close()
    store.close()
