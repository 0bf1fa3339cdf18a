"""Team ▸ Reliability…: the report's figures in the window; a hot spot opens the comparison."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from windows import show_active

from annotator.gui.main_window import MainWindow
from annotator.team.agreement import compute_agreement
from annotator.team.methods import assess
from annotator.team.methods_text import number

QtLeft = Qt.MouseButton.LeftButton


def span(store, aid: int, text: str) -> tuple[int, int]:
    start = store.article(aid).body.index(text)  # after emoji: code points, not UTF-16
    return start, start + len(text)


@pytest.fixture
def team_window(qtbot, project, settings):
    """ana, ben and cem code two articles; ben types "ARA News" differently in the second."""
    first, second = [r["id"] for r in project.list_articles(0, 2)]
    for coder in ("ana", "ben", "cem"):
        with project.acting_as(coder):
            for aid in (first, second):
                wrong = coder == "ben" and aid == second
                project.add_mention(aid, *span(project, aid, "General Command"),
                                    name="General Command", entity_type="ORG")
                project.add_mention(aid, *span(project, aid, "ARA News"), name="ARA News",
                                    entity_type="ORG" if wrong else "MEDIA")
                project.add_claim(aid, *span(project, aid, "2,000 militants were killed"),
                                  category="casualties", position=0 if wrong else -1,
                                  certainty="probable")
    win = show_active(qtbot, MainWindow(project, settings))
    win.open_article(first)
    return win, first, second


def anchor_cursor(document: QTextDocument, href_start: str) -> QTextCursor:
    """A cursor on the first link whose target starts with ``href_start``."""
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref().startswith(href_start):
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + 1)
                return cursor
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href_start}")


def test_reliability_window_and_hot_spot_click(qtbot, team_window):
    win, _first, second = team_window
    QTest.keySequence(win, "Ctrl+Shift+R")  # Team ▸ Reliability…
    dialog = win.reliability_dialog
    qtbot.waitExposed(dialog)
    dialog.samples.setValue(300)  # small, to keep the test fast
    qtbot.mouseClick(dialog.compute_button, QtLeft)  # runs after the first (10,000) ends
    qtbot.waitUntil(lambda: dialog.reliability is not None and dialog.reliability.samples == 300
                    and dialog.thread is None, timeout=60_000)
    shown = dialog.reliability
    assert shown.samples == 300 and shown.units == "pooled"

    # the page shows the figures the library computes with the same settings
    expected = assess(compute_agreement(win.store), win.store.codebook(), samples=300,
                      seed=dialog.seed.value())
    text = dialog.page.toPlainText()
    position = expected.variable("claims_position")
    assert position.level == "ordinal"
    assert shown.variable("claims_position").alpha == pytest.approx(position.alpha)
    assert f"claim position ordinal {position.units} " in " ".join(text.split())
    assert number(expected.variable("mentions_type").alpha) in text
    assert "Methods paragraph" in text and "Reliability was assessed on 2 articles" in text
    image = dialog.page.document().resource(QTextDocument.ResourceType.ImageResource,
                                            QUrl("plot:alpha"))
    assert image is not None and image.width() > 300  # the plot matplotlib drew

    # per-article units: chosen in the window, stated on the page
    with qtbot.waitSignal(dialog.computed, timeout=60_000):
        dialog.units.setCurrentIndex(1)
    assert dialog.reliability.units == "article"
    assert "averaged over the articles" in dialog.page.toPlainText()

    # a click on the hot spot (the second article, where ben differs) opens the comparison
    cursor = anchor_cursor(dialog.page.document(), f"compare:{second}?")
    dialog.page.setTextCursor(cursor)
    dialog.page.ensureCursorVisible()
    QApplication.processEvents()
    where = dialog.page.cursorRect(cursor).center()
    qtbot.mouseClick(dialog.page.viewport(), QtLeft, pos=where)
    compare = win.compare_dialog
    qtbot.waitUntil(compare.isVisible)
    assert compare.article_id == second and win.article_id == second
    assert "ben" in (compare.coder_a.currentText(), compare.coder_b.currentText())
    dialog.close()


def test_reliability_without_double_coding_says_so(qtbot, window):
    window.actions_by_name["reliability"].trigger()
    dialog = window.reliability_dialog
    qtbot.waitUntil(lambda: "nothing to compare" in dialog.page.toPlainText(), timeout=30_000)
    dialog.close()


def test_save_report_writes_the_page_shown(qtbot, team_window, tmp_path, monkeypatch):
    win, _first, _second = team_window
    win.actions_by_name["reliability"].trigger()
    dialog = win.reliability_dialog
    dialog.samples.setValue(200)
    qtbot.mouseClick(dialog.compute_button, QtLeft)
    qtbot.waitUntil(lambda: dialog.reliability is not None and dialog.reliability.samples == 200
                    and dialog.thread is None, timeout=60_000)
    target = tmp_path / "rel.html"
    asked = []
    # the file dialog is the platform's; what the coder would type in it is the path
    monkeypatch.setattr("annotator.gui.file_dialogs.save_file_name",
                        lambda _parent, caption, suggested, _filter: asked.append(suggested)
                        or str(target))
    qtbot.mouseClick(dialog.save_button, QtLeft)
    assert asked and asked[0].endswith("p-reliability.html")
    html = target.read_text(encoding="utf-8")
    assert "200 bootstrap samples" in html and "data:image/png;base64," in html
    assert f"Saved {target}" == dialog.status.text()
    blocked = tmp_path / "missing" / "rel.html"
    monkeypatch.setattr("annotator.gui.file_dialogs.save_file_name",
                        lambda *_args: str(blocked))
    qtbot.mouseClick(dialog.save_button, QtLeft)
    assert dialog.status.text().startswith(f"{blocked}: cannot write the report")
    dialog.close()
