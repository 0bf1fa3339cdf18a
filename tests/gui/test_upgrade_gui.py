"""A project of an older schema opens through a worker's upgrade, with a progress window
(an upgrade that rebuilds an index takes a minute at 100k articles), and the window then
opens on the upgraded file; an upgrade that cannot write says so and opens nothing."""

from __future__ import annotations

from processes import read_only_folder
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog
from sqlite_utils import Database

from annotator.codebook import load_codebook
from annotator.gui import app
from annotator.migrations import known_migration_names, schema_migrations
from annotator.store import Store, needs_upgrade


def old_project(path) -> None:
    """A project as the version before the last migration made it, with one article."""
    db = Database(path)
    schema_migrations().apply(db, stop_before=known_migration_names()[-1])
    db.execute("INSERT INTO meta(key, value) VALUES ('codebook', ?)",
               [load_codebook(None).source_text])
    db.execute("INSERT INTO articles(id, content_hash, title, body, imported_at)"
               " VALUES (1, 'h1', 'Old', 'The army said so.', '2020-01-01')")
    db.conn.commit()
    db.close()


def watch_for_progress(seen: list[str]) -> None:
    """Note the text of the upgrade's progress window while it is up."""
    dialog = next((w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QProgressDialog) and w.isVisible()), None)
    if dialog is not None and not seen:
        seen.append(dialog.labelText())
    if not seen:
        QTimer.singleShot(1, lambda: watch_for_progress(seen))


def test_an_old_project_is_upgraded_in_a_worker_with_progress_then_opens(qtbot, tmp_path,
                                                                      settings):
    path = tmp_path / "old.db"
    old_project(path)
    assert needs_upgrade(path)
    seen: list[str] = []
    QTimer.singleShot(0, lambda: watch_for_progress(seen))
    window = app.open_project_window(path, settings, coder="ana")
    try:
        assert window is not None and window.article_id == 1
        assert seen and seen[0].startswith("Upgrading old.db")
        assert not needs_upgrade(path)
        assert list(tmp_path.glob("old.db.v*.bak"))  # the file as it was, kept
    finally:
        window.close()
    with Store(path) as store:
        assert store.backup_path is None  # nothing left to upgrade at the next open


def test_an_upgrade_that_cannot_write_names_the_file_and_opens_nothing(qtbot, tmp_path,
                                                                       settings, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: said.append((title, text)))
    with read_only_folder(tmp_path / "ro", lambda folder: old_project(folder / "p.db")) \
            as folder:
        assert app.open_project_window(folder / "p.db", settings, coder="ana") is None
        assert needs_upgrade(folder / "p.db")  # left as it was
    [(title, text)] = said
    assert title == "Cannot open project" and "p.db" in text
