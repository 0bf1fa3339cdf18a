"""A window on a fresh project file, with settings kept in the test's folder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from windows import show_active

from annotator.model import ArticleDraft
from annotator.store import Store

#: Emoji (astral, two UTF-16 units) and Arabic script before every coded span.
BODY = ("😀🇮🇶 مرحبا بالعالم. Subsequent to clashes, our units liberated the "
        "neighbourhoods of Malayan and Karama, the General Command said in a statement, "
        "ARA News reported.\n\nAn officer, Eli Saddi, told ARA News that 2,000 militants "
        "were killed.")


def drafts(n: int = 3) -> list[ArticleDraft]:
    return [ArticleDraft(title=f"Article {i}", body=BODY + f" ({i})", outlet="Test Wire",
                         published=f"2016-11-0{i % 9 + 1}") for i in range(n)]


@pytest.fixture
def project(tmp_path):
    store = Store(tmp_path / "p.db", coder="ana")
    store.add_articles(drafts())
    yield store
    store.close()


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, project, settings):
    from annotator.gui.main_window import MainWindow
    win = show_active(qtbot, MainWindow(project, settings))
    win.article_view.body.setFocus()
    return win
