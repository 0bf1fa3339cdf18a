"""New project…: the file, the codebook (default, example, TOML, another project's), the coder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from annotator.codebook import load_codebook
from annotator.model import ArticleDraft
from annotator.project_setup import EXAMPLE, PROJECT, TOML_FILE, example_codebooks
from annotator.store import Store


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def dialog(qtbot, settings):
    from annotator.gui.dialogs.new_project import NewProjectDialog
    dlg = NewProjectDialog(settings)
    qtbot.addWidget(dlg)
    return dlg


def fill(dlg, path, coder="bea"):
    dlg.file.setText(str(path))
    dlg.coder.setText(coder)


def test_examples_ship_and_parse():
    names = [name for name, _ in example_codebooks()]
    assert "Example: election coverage" in names and "Example: minimal" in names


def test_new_project_with_an_example_codebook_opens_on_the_empty_state(qtbot, settings,
                                                                       tmp_path, monkeypatch):
    from annotator.gui import app
    from annotator.gui.dialogs import new_project as module
    [(name, example)] = [e for e in example_codebooks() if e[0] == "Example: minimal"]

    def answer(dlg):
        fill(dlg, tmp_path / "study", "bea")  # no extension: .db is added
        dlg.select_codebook(EXAMPLE, str(example))
        assert "3 entity types" in dlg.codebook_summary.text()
        qtbot.mouseClick(dlg.create_button, Qt.MouseButton.LeftButton)
        return dlg.result()

    monkeypatch.setattr(module.NewProjectDialog, "exec", answer)
    window = module.new_project(settings)
    try:
        assert window is app.OPEN_WINDOWS[0] and window.store.path == tmp_path / "study.db"
        assert window.centre.currentWidget() is window.empty  # offers Import files…
        assert window.empty.button.text() == "Import files…"
        assert window.store.coder_name == "bea" and "coder: bea" in window.windowTitle()
        assert window.codebook.name == name
        assert window.codebook.entity_type_keys() == ["PERSON", "ORG", "LOC"]
    finally:
        window.close()
        qtbot.waitUntil(lambda: not app.OPEN_WINDOWS)
    with Store(tmp_path / "study.db") as store:
        assert [c["name"] for c in store.coders()] == ["bea"]
        assert store.codebook().source_text == example.read_text(encoding="utf-8")
    assert settings.value("new_project/coder") == "bea"


def test_a_toml_file_becomes_the_codebook(dialog, tmp_path):
    book = tmp_path / "mine.toml"
    book.write_text(load_codebook().source_text.replace(
        'name = "Annotator default codebook"', 'name = "Our study"'), encoding="utf-8")
    fill(dialog, tmp_path / "p.db")
    dialog.select_codebook(TOML_FILE, str(book))
    dialog.create()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with Store(dialog.created) as store:
        assert store.codebook().name == "Our study"


def test_a_bad_toml_file_is_named_with_its_line_and_makes_no_project(dialog, tmp_path):
    book = tmp_path / "broken.toml"
    book.write_text('name = "x"\n[[entity_types]\nkey = "A"\n', encoding="utf-8")
    fill(dialog, tmp_path / "p.db")
    dialog.select_codebook(TOML_FILE, str(book))
    assert str(book) in dialog.codebook_summary.text()
    assert "line 2" in dialog.codebook_summary.text()
    dialog.create()
    assert str(book) in dialog.problem.text() and "line 2" in dialog.problem.text()
    assert dialog.created is None and not (tmp_path / "p.db").exists()


def test_a_copy_of_another_projects_codebook_leaves_that_project_as_it_was(dialog, tmp_path):
    [(_name, example)] = [e for e in example_codebooks() if e[0] == "Example: election coverage"]
    other = tmp_path / "other.db"
    Store(other, coder="ana", codebook=example).close()
    before = other.stat().st_mtime_ns
    fill(dialog, tmp_path / "second.db")
    dialog.select_codebook(PROJECT, str(other))
    assert "Example: election coverage" in dialog.codebook_summary.text()
    dialog.create()
    with Store(dialog.created) as store:
        assert store.codebook().source_text == example.read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == before


def test_an_existing_project_file_is_never_overwritten(dialog, tmp_path):
    existing = tmp_path / "coded.db"
    with Store(existing, coder="ana") as store:
        store.add_articles([ArticleDraft("Kept", "Weeks of coding.")])
    fill(dialog, existing)
    dialog.create()
    assert "already exists" in dialog.problem.text() and str(existing) in dialog.problem.text()
    assert dialog.created is None and dialog.result() != QDialog.DialogCode.Accepted
    with Store(existing) as store:
        assert store.count_articles(assigned_only=False) == 1


def test_typing_another_name_clears_the_problem_said_about_the_last(dialog, qtbot, tmp_path):
    """Found under Xvfb: "…already exists" stayed in red while a new name was typed."""
    existing = tmp_path / "coded.db"
    Store(existing, coder="ana").close()
    fill(dialog, existing)
    dialog.create()
    assert "already exists" in dialog.problem.text()
    dialog.file.setFocus()
    dialog.file.selectAll()
    qtbot.keyClicks(dialog.file, str(tmp_path / "new.db"))
    assert dialog.problem.text() == ""
    dialog.create()
    assert dialog.created == tmp_path / "new.db"


def test_the_codebook_is_counted_in_words_that_agree(dialog):
    """Not "1 claim categories": each count has its noun in the right number."""
    for name, path in example_codebooks():
        dialog.select_codebook(EXAMPLE, str(path))
        book, text = load_codebook(path), dialog.codebook_summary.text()
        for n, one, many in ((len(book.entity_types), "entity type", "entity types"),
                             (len(book.claim_categories), "claim category", "claim categories"),
                             (len(book.attribution_kinds), "attribution kind",
                              "attribution kinds")):
            assert f"{n} {one if n == 1 else many}" in text, (name, text)


def test_the_coder_offered_is_the_last_one_chosen_on_this_machine(qtbot, settings, tmp_path):
    """Not the system's user name: the coder who opened a project here last."""
    from annotator.gui.app import choose_coder
    from annotator.gui.dialogs.new_project import NewProjectDialog
    with Store(tmp_path / "p.db", coder="tester") as store:
        assert choose_coder(store, settings, "tester") == "tester"
    dlg = NewProjectDialog(settings)
    qtbot.addWidget(dlg)
    assert dlg.coder.text() == "tester"


def test_a_folder_that_is_not_there_is_said(dialog, tmp_path):
    fill(dialog, tmp_path / "nowhere" / "p.db")
    dialog.create()
    assert f"The folder {tmp_path / 'nowhere'} does not exist" in dialog.problem.text()


def test_a_folder_that_cannot_be_written_is_said(dialog, small_disk):
    from processes import make_read_only
    make_read_only(small_disk)  # root: a read-only mount; anyone else: chmod
    fill(dialog, small_disk / "p.db")
    dialog.create()
    assert f"The folder {small_disk} cannot be written to" in dialog.problem.text()
    assert dialog.created is None and not (small_disk / "p.db").exists()


def test_no_coder_name_no_project(dialog, tmp_path):
    fill(dialog, tmp_path / "p.db", coder="  ")
    dialog.create()
    assert "name as a coder" in dialog.problem.text() and not (tmp_path / "p.db").exists()


def test_file_new_project_is_ctrl_n_in_the_window(window, qtbot, monkeypatch):
    from annotator.gui.dialogs import new_project as module
    asked = []
    monkeypatch.setattr(module, "new_project", lambda settings, parent=None: asked.append(parent))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert asked == [window]


def test_from_a_projects_window_the_new_file_is_offered_beside_that_project(
        window, qtbot, monkeypatch):
    """Found under Xvfb: File ▸ New project… in /tmp/work/project.db's window offered
    /root/project.db (the home folder) before any project had been made."""
    from annotator.gui.dialogs.new_project import NewProjectDialog
    offered = []
    monkeypatch.setattr(NewProjectDialog, "exec", lambda self: offered.append(
        self.file.text()) or QDialog.DialogCode.Rejected)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert offered == [str(window.store.path.parent / "project.db")]
