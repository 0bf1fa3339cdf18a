"""Make docs/adjudication.png: Team ▸ Compare coders on a PolNeAR training article.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_adjudication_screenshot.py \
        [--corpus DIR] [--article 2] [--coders 4b22,4e07] [--out docs/adjudication.png]

The brat folder is imported into a throw-away project (coders from the
``<doc>_<coder>.ann`` suffixes), the compare window is opened on one article,
two items are accepted into gold so the "In gold" column shows, and a row
whose coders differ is selected. Only the picture is kept; the corpus text
never enters the repository otherwise.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.importing import import_paths  # noqa: E402
from annotator.store import Store  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/polnear/annotator-training"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--article", type=int, default=2)
    parser.add_argument("--coders", default="4b22,4e07")
    parser.add_argument("--layer", type=int, default=2, help="0 mentions, 1 claims, 2 sources")
    parser.add_argument("--row", type=int, default=5, help="the row to select")
    parser.add_argument("--out", type=Path, default=Path("docs/adjudication.png"))
    args = parser.parse_args()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "polnear.db", coder="lead")
        import_paths(store, [str(args.corpus)])
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        win = MainWindow(store, settings)
        win.show()
        win.open_article(args.article)
        win.compare_coders()
        dialog = win.compare_dialog
        coder_a, coder_b = args.coders.split(",")
        dialog.coder_a.setCurrentText(coder_a)
        dialog.coder_b.setCurrentText(coder_b)
        dialog.tabs.setCurrentIndex(args.layer)
        table = dialog.current_table()
        for row, side in ((0, "b"), (1, "a")):
            table.selectRow(row)
            dialog.accept_current(side)
        table.selectRow(args.row)
        for _ in range(5):
            app.processEvents()
        dialog.grab().save(str(args.out))
        print(f"wrote {args.out} ({dialog.width()}×{dialog.height()})")
        win.close()
        store.close()


if __name__ == "__main__":
    main()
