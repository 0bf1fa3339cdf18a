"""Make docs/start_screen.png: what ``annotator`` shows when no project is named.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_start_screen_screenshot.py \
        [--out docs/start_screen.png]

Real projects in a temporary folder (two with the demo articles, one deleted
afterwards so the list shows a missing project), settings in that folder, so
the coder's own recent list is neither shown nor changed.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402

from annotator.gui.app import application  # noqa: E402
from annotator.gui.recent import RecentProjects  # noqa: E402
from annotator.gui.start_screen import StartScreen  # noqa: E402
from annotator.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/start_screen.png"))
    args = parser.parse_args()
    app = application()
    folder = Path(tempfile.mkdtemp(prefix="annotator-shot-"))
    settings = QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)
    recent = RecentProjects(settings)
    for name in ("pilot-2016.db", "mosul-offensive.db", "election-coverage.db"):
        (folder / "studies").mkdir(exist_ok=True)
        Store(folder / "studies" / name, coder="ana").close()
        recent.add(folder / "studies" / name)
    (folder / "studies" / "pilot-2016.db").unlink()
    screen = StartScreen(settings)
    screen.show()
    app.processEvents()
    screen.grab().save(str(args.out))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
