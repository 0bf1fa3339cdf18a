"""The window shares its project file: its own import, a second window, outside writers, faults.

The coder's path throughout: select text, press E, type a name, Enter; every
other party is real (a worker thread, another process, a read-only mount).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from processes import (
    damage,
    hold_write_lock,
    read_only_folder,
    run_python,
    start_python,
    write_articles,
)
from PySide6.QtCore import Qt
from test_coding_path import code_entity, select
from windows import show_active

from annotator.gui.main_window import MainWindow
from annotator.model import ArticleDraft
from annotator.store import Store

HERE = Path(__file__).resolve().parent


def test_the_windows_own_import_while_the_coder_keeps_coding(window, qtbot, tmp_path):
    from annotator.gui.dialogs.import_export import TaskDialog, import_job, summarise_import
    store, aid = window.store, window.article_id
    titles = write_articles(tmp_path / "in", 1500)
    dialog = TaskDialog("Import", store.path, "ana", import_job([str(tmp_path / "in")]),
                        summarise_import, window)
    window.run_task(dialog)
    coded = 0
    while dialog.running():
        code_entity(window, qtbot, "General Command", name=f"Unit {coded}", entity_type="ORG")
        coded += 1
        qtbot.wait(20)
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=60000)
    report = dialog.result_value
    assert report.imported == len(titles) and report.failed == 0
    assert coded >= 3  # the coder really coded while the import ran
    names = {store.entity(m.entity_id).name for m in store.mentions(aid)}
    assert names == {f"Unit {i}" for i in range(coded)}
    assert window.entities_model.rowCount() >= coded
    assert window.alert_bar.text() == ""
    dialog.close()


def test_two_windows_in_two_processes_code_at_once_and_see_each_other(window, qtbot):
    store, aid = window.store, window.article_id
    other = start_python(open(HERE / "window_process.py").read(), str(store.path), "ben", "8",
                         "ARA News", "8")
    for i in range(8):
        code_entity(window, qtbot, "General Command", name=f"ana entity {i}",
                    entity_type="ORG")
        qtbot.wait(30)
    made = json.loads(other.stdout.readline())
    assert made["alert"] == "" and len(made["made"]) == 8
    window.set_show_others(True)
    # the window's own poll brings ben's committed work in
    qtbot.waitUntil(lambda: sum(1 for m in window.annotations.mentions
                                if m.coder_id != store.coder_id) == 8, timeout=10000)
    saw = json.loads(other.stdout.readline())
    other.wait(timeout=60)
    assert other.returncode == 0, other.stderr.read()
    assert saw["saw_others"] == 8
    every = store.mentions(aid)  # nobody's work was lost
    assert len(every) == 16
    assert {m.id for m in every} >= set(made["made"])
    assert window.alert_bar.text() == ""


def test_a_commit_by_another_process_shows_without_a_refresh(window, qtbot):
    store, aid = window.store, window.article_id
    assert window.entities_model.rowCount() == 0
    done = run_python(
        "import sys\nfrom annotator.store import Store\n"
        "with Store(sys.argv[1], coder='ana') as s:\n"
        "    s.add_mention(int(sys.argv[2]), 0, 2, name='Someone', entity_type='PERSON')\n",
        str(store.path), str(aid))
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: window.entities_model.rowCount() == 1, timeout=6000)
    assert [h.kind for h in window.article_view.body.index.at(0)] == ["mention"]


def test_f5_refreshes_at_once(window, qtbot):
    store, aid = window.store, window.article_id
    run_python("import sys\nfrom annotator.store import Store\n"
               "with Store(sys.argv[1], coder='ana') as s:\n"
               "    s.add_mention(int(sys.argv[2]), 0, 2, name='X', entity_type='PERSON')\n",
               str(store.path), str(aid))
    window.outside.stop()  # no automatic poll: the key alone must do it
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_F5)
    assert window.entities_model.rowCount() == 1


def fill_one_article(folder):
    with Store(folder / "p.db", coder="ana") as store:
        store.add_articles([ArticleDraft(title="Mosul", body="😀 مرحبا. The General Command "
                                         "said in a statement, ARA News reported.")])


@pytest.fixture
def read_only_window(qtbot, tmp_path, settings):
    with read_only_folder(tmp_path / "ro", fill_one_article) as folder:
        store = Store(folder / "p.db", coder="ana")
        win = show_active(qtbot, MainWindow(store, settings))
        yield win
        win.close()
        store.close()


def test_a_read_only_project_says_so_and_a_refused_edit_is_not_shown(read_only_window, qtbot):
    win = read_only_window
    assert "read-only" in win.alert_bar.text()
    win.alert_bar.dismiss()
    # E, C and S say so before their popup opens (found by a tester: the refusal came
    # only after the popup was filled in)
    for key in (Qt.Key.Key_E, Qt.Key.Key_C, Qt.Key.Key_S):
        select(win, "General Command")
        qtbot.keyClick(win.article_view.body, key)
        assert win.coding.popup is None or not win.coding.popup.isVisible()
        assert "read-only: nothing can be coded" in win.statusBar().currentMessage()
    assert win.store.mentions(win.article_id) == []
    assert win.entities_model.rowCount() == 0
    assert win.undo_stack.count() == 0  # nothing to undo: nothing was done


def test_importing_into_a_read_only_project_says_why_in_the_task_dialog(read_only_window,
                                                                       qtbot, tmp_path):
    from annotator.gui.dialogs.import_export import TaskDialog, import_job, summarise_import
    win = read_only_window
    write_articles(tmp_path / "in", 3)
    dialog = TaskDialog("Import", win.store.path, "ana", import_job([str(tmp_path / "in")]),
                        summarise_import, win)
    with qtbot.waitSignal(dialog.done, timeout=20000):
        win.run_task(dialog)
    assert "stopped" in dialog.status.text()
    assert "read-only" in dialog.errors.toPlainText()
    assert win.store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    dialog.close()


def test_an_export_that_cannot_be_written_says_so_in_one_line(read_only_window, qtbot):
    from annotator.gui.dialogs.import_export import TaskDialog, export_job, summarise_export
    win = read_only_window
    chosen = win.store.path.parent / "export"  # on the read-only medium too
    dialog = TaskDialog("Export", win.store.path, "ana", export_job(str(chosen)),
                        summarise_export, win)
    with qtbot.waitSignal(dialog.done, timeout=20000):
        win.run_task(dialog)
    text = dialog.status.text()
    assert text.startswith(f"Stopped: {chosen}")
    assert "nothing was written" in text
    assert "Error" not in text and ".tmp" not in text  # no class name, no staging folder
    assert not chosen.exists()


def test_a_lock_held_by_another_program_refuses_the_edit_visibly(window, qtbot):
    holder = hold_write_lock(window.store.path, 30)
    try:
        code_entity(window, qtbot, "General Command", name="Blocked", entity_type="ORG")
    finally:
        holder.kill()
        holder.wait()
    assert "locked" in window.alert_bar.text()
    assert window.undo_stack.count() == 0
    code_entity(window, qtbot, "General Command", name="Free again", entity_type="ORG")
    assert [window.store.entity(m.entity_id).name
            for m in window.store.mentions(window.article_id)] == ["Free again"]


def test_a_full_disk_refuses_the_edit_visibly_and_coding_goes_on_with_room(small_disk,
                                                                           qtbot, settings):
    db = small_disk / "p.db"
    with Store(db, coder="ana") as store:
        store.add_articles([ArticleDraft(title="Mosul", body="😀 مرحبا. The General Command "
                                         "said in a statement, ARA News reported.")])
    store = Store(db, coder="ana")
    win = show_active(qtbot, MainWindow(store, settings))
    filler = small_disk / "filler"
    with filler.open("wb", buffering=0) as fh:  # another program fills the disk (unbuffered:
        # a write cut short leaves nothing for the close to flush onto the full disk)
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    code_entity(win, qtbot, "General Command", name="Iraqi Army General Command",
                entity_type="ORG")
    assert "disk is full" in win.alert_bar.text()
    assert win.store.mentions(win.article_id) == [] and win.undo_stack.count() == 0
    filler.unlink()
    code_entity(win, qtbot, "General Command", name="Iraqi Army General Command",
                entity_type="ORG")
    assert len(win.store.mentions(win.article_id)) == 1
    assert win.alert_bar.text() == ""  # stored again: the bar about the refusal went
    win.close()
    store.close()


def test_a_damaged_project_is_reported_by_the_background_check(qtbot, tmp_path, settings):
    db = tmp_path / "p.db"
    with Store(db, coder="ana") as store:
        store.add_articles([ArticleDraft(title=f"A{i}", body=f"Body {i} " * 300)
                            for i in range(400)])
    damage(db, at_end=True)
    store = Store(db, coder="ana")  # what the window reads first is sound: it opens
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: "damaged" in win.alert_bar.text(), timeout=20000)
    win.close()
    store.close()


def unshown_window(qtbot, tmp_path, settings):
    """A window on a sound one-article project, built and not yet shown."""
    db = tmp_path / "p.db"
    with Store(db, coder="ana") as store:
        store.add_articles([ArticleDraft(title="A", body="Body text.")])
    store = Store(db, coder="ana")
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    return win, store


def test_the_background_check_waits_for_the_first_paint(qtbot, tmp_path, settings):
    """Reading every page of the file on the other core must not hold up the first frame."""
    win, store = unshown_window(qtbot, tmp_path, settings)
    assert not win.health.isRunning() and not win.health.isFinished()  # built, not started
    win.show()
    qtbot.waitUntil(win.health.isFinished, timeout=5000)
    assert win.health.result == ["ok"]
    win.close()
    store.close()


def test_a_window_closed_before_painting_never_checks_the_file(qtbot, tmp_path, settings):
    win, store = unshown_window(qtbot, tmp_path, settings)
    win.close()
    qtbot.wait(400)  # past the fallback that starts it when no paint comes
    assert not win.health.isRunning() and win.health.result is None
    store.close()


def test_closing_the_window_stops_its_watchers(window, qtbot):
    window.close()
    window.store.close()
    qtbot.wait(2500)  # past the poll interval: a live timer would query a closed store
    assert not window.outside.timer.isActive()
