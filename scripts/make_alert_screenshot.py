"""Make docs/alert_bar.png: the window refusing an edit while another program holds the lock.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_alert_screenshot.py \
        [--out docs/alert_bar.png]

A real fault, not a mock-up: a second process takes the project's write lock
and keeps it; the coder marks an entity in the demo article (fictional,
written for this project), the edit waits the 5 s busy timeout, is refused,
and the red bar says so. The refused mention is not highlighted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.codebook import resources_path  # noqa: E402
from annotator.gui.dialogs.mention_popup import MentionChoice  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.importing import import_paths  # noqa: E402
from annotator.store import Store  # noqa: E402

HOLD_THE_LOCK = ("import sqlite3, sys, time\n"
                 "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                 "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(60)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/alert_bar.png"))
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="annotator-shot-"))
    store = Store(folder / "project.db", coder="ana")
    import_paths(store, [str(resources_path("demo") / "001_river_crossing.txt")])
    window = MainWindow(store, QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1500, 720)
    window.show()
    app.processEvents()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(store.path)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    try:
        text = window.article_view.body.text
        start = text.index("Government forces")
        window.coding.add_mention(start, start + len("Government forces"),
                                  MentionChoice(None, "Government forces", "ORG"))
        app.processEvents()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.out))
    finally:
        holder.kill()
        holder.wait()
    print(f"wrote {args.out}: {window.alert_bar.text()}")
    window.close()
    store.close()


if __name__ == "__main__":
    main()
