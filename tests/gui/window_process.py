"""A second coder's window in a process of its own, driven by key presses.

``python window_process.py PROJECT CODER N PHRASE`` opens the real window
(offscreen) on PROJECT as CODER, codes N entity mentions of PHRASE with the
keys a coder uses (select, E, type the name, Enter), prints one JSON line with
the ids it made, then waits until the window shows ``WAIT_FOR`` mentions of
other coders (View ▸ Show other coders' annotations, refreshed by the window
itself) and prints what it saw.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def select(window, phrase: str) -> None:
    body = window.article_view.body
    start = body.text.index(phrase)
    cursor = QTextCursor(body.document())
    cursor.setPosition(utf16(body.text, start))
    cursor.setPosition(utf16(body.text, start + len(phrase)), QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)
    body.setFocus()


def code_entity(app, window, phrase: str, name: str) -> None:
    select(window, phrase)
    QTest.keyClick(window.article_view.body, Qt.Key.Key_E)
    popup = window.coding.popup
    popup.name.selectAll()
    QTest.keyClicks(popup.name, name)
    QTest.keyClick(popup.name, Qt.Key.Key_Return)
    app.processEvents()


def main() -> None:
    project, coder, n, phrase, wait_for = sys.argv[1:6]
    from annotator.gui.main_window import MainWindow
    from annotator.store import Store

    app = QApplication.instance() or QApplication([])
    store = Store(project, coder=coder)
    settings = QSettings(os.path.join(os.path.dirname(project), f"{coder}.ini"),
                         QSettings.Format.IniFormat)
    window = MainWindow(store, settings)
    window.show()
    window.activateWindow()
    deadline = time.monotonic() + 5
    while not window.isActiveWindow() and time.monotonic() < deadline:
        QTest.qWait(20)  # the coding keys are the window's shortcuts: it must be active
    before = {m.id for m in store.mentions(window.article_id, store.coder_id)}
    for i in range(int(n)):
        code_entity(app, window, phrase, f"{coder} entity {i}")
        QTest.qWait(30)
    made = sorted({m.id for m in store.mentions(window.article_id, store.coder_id)} - before)
    print(json.dumps({"made": made, "alert": window.alert_bar.text()}), flush=True)
    window.set_show_others(True)
    deadline = time.monotonic() + 60
    others = 0
    while time.monotonic() < deadline:
        QTest.qWait(100)  # the window's own poll notices the other process's commits
        rows = window.annotations.mentions if window.annotations else []
        others = sum(1 for m in rows if m.coder_id != store.coder_id)
        if others >= int(wait_for):
            break
    print(json.dumps({"saw_others": others}), flush=True)
    window.close()
    store.close()


if __name__ == "__main__":
    main()
