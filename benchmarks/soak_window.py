"""The window half of ``soak.py``: a real MainWindow (offscreen) coding with key presses.

``python soak_window.py PROJECT IMPORT_FOLDER SEED`` opens the window on
PROJECT as coder "soak", starts Import… of IMPORT_FOLDER in its worker
thread, and codes until it is killed: entity mentions (select, E, a name,
Enter), claims (select, C, Enter), Ctrl+Z / Ctrl+Shift+Z, and Ctrl+Enter
(mark done, next). Each action is journalled on stdout as JSON lines:
``{"begin": n, "article": id, "action": kind}`` before it, and after it what the screen
then shows for that article (the mention and claim ids in the panels' row
cache, the status), with how long the action took. ``soak.py`` compares the
file with the last journalled screen after every kill.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def say(**record) -> None:
    print(json.dumps(record), flush=True)


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def select_words(window, rng: random.Random) -> bool:
    body = window.article_view.body
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", body.text)]
    if len(words) < 3:
        return False
    first = rng.randrange(len(words) - 2)
    start, end = words[first][0], words[first + rng.randrange(1, 3)][1]
    cursor = QTextCursor(body.document())
    cursor.setPosition(utf16(body.text, start))
    cursor.setPosition(utf16(body.text, end), QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)
    body.setFocus()
    return True


def shown(window) -> dict:
    data = window.annotations
    if data is None:
        return {"article": None}
    return {"article": data.article.id,
            "mentions": sorted(m.id for m in data.mentions),
            "claims": sorted(c.id for c in data.claims),
            "status": window.store.status(data.article.id)}


ACTIONS = (("entity", 0.45), ("claim", 0.20), ("undo", 0.13), ("redo", 0.10), ("done", 0.12))


def choose(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for name, share in ACTIONS:
        total += share
        if roll < total:
            return name
    return ACTIONS[-1][0]


def act(app, window, rng: random.Random, action: str, n: int) -> None:
    body = window.article_view.body
    if action == "entity" and select_words(window, rng):
        QTest.keyClick(body, Qt.Key.Key_E)
        popup = getattr(window.coding, "popup", None)
        if popup is None or not popup.isVisible():
            return
        popup.name.selectAll()
        QTest.keyClicks(popup.name, f"Soak entity {n % 40}")
        QTest.keyClick(popup.name, Qt.Key.Key_Return)
    elif action == "claim" and select_words(window, rng):
        QTest.keyClick(body, Qt.Key.Key_C)
        popup = getattr(window.coding, "popup", None)
        if popup is not None and popup.isVisible():
            QTest.keyClick(popup, Qt.Key.Key_Return)
    elif action == "undo":
        QTest.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    elif action == "redo":
        QTest.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
    elif action == "done":
        QTest.keyClick(body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    app.processEvents()


def main() -> None:
    project, folder, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    from annotator.gui.app import report_faults_in
    from annotator.gui.dialogs.import_export import TaskDialog, import_job, summarise_import
    from annotator.gui.main_window import MainWindow
    from annotator.store import Store

    app = QApplication.instance() or QApplication([])
    rng = random.Random(seed)
    store = Store(project, coder="soak")
    settings = QSettings(os.path.join(os.path.dirname(project), "soak.ini"),
                         QSettings.Format.IniFormat)
    window = MainWindow(store, settings)
    report_faults_in(window)
    window.show()
    window.activateWindow()
    deadline = time.monotonic() + 5
    while not window.isActiveWindow() and time.monotonic() < deadline:
        QTest.qWait(20)  # the coding keys are the window's shortcuts: it must be active
    dialog = TaskDialog("Import", store.path, "soak", import_job([folder]), summarise_import,
                        window)
    dialog.done.connect(lambda report: say(import_done=report.imported,
                                           duplicates=report.duplicates,
                                           failed=report.failed))
    window.run_task(dialog)
    n = 0
    while True:
        before = window.article_id
        action = choose(rng)
        say(begin=n, article=before, action=action)
        began = time.perf_counter()
        act(app, window, rng, action, n)
        took = time.perf_counter() - began
        touched = {before, window.article_id} - {None}
        for aid in sorted(touched):
            if aid == window.article_id:
                say(done=n, ms=round(1000 * took, 1), alert=window.alert_bar.text(),
                    **shown(window))
            else:  # Ctrl+Enter moved on: the status of the article it marked
                say(done=n, ms=round(1000 * took, 1), alert=window.alert_bar.text(),
                    article=aid, status=store.status(aid))
        n += 1
        QTest.qWait(rng.randrange(5, 40))


if __name__ == "__main__":
    main()
