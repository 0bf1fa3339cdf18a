"""Make docs/xlsx_libreoffice.png: the coded seed article's xlsx export in LibreOffice Calc.

    .venv/bin/python scripts/make_xlsx_screenshot.py [--seed DIR]

Codes the seed article as scripts/make_screenshot.py does (in a throw-away
project, never copied into the repository), exports ``--format xlsx``, opens
the workbook in LibreOffice Calc under Xvfb (Debian: ``xvfb``,
``libreoffice-calc``) and grabs the screen with Qt's xcb platform.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from make_screenshot import SEED, code_seed  # noqa: E402

from annotator.exporting import export_project  # noqa: E402
from annotator.importing import import_paths  # noqa: E402
from annotator.store import Store  # noqa: E402

DISPLAY = ":97"
GRAB = ("from PySide6.QtWidgets import QApplication\n"
        "import sys\n"
        "app = QApplication([])\n"
        "app.primaryScreen().grabWindow(0).save(sys.argv[1])\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "xlsx_libreoffice.png")
    parser.add_argument("--wait", type=float, default=25.0, help="seconds for Calc to open")
    args = parser.parse_args()
    if not (shutil.which("soffice") and shutil.which("Xvfb")):
        print("needs soffice and Xvfb: apt-get install libreoffice-calc xvfb", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with Store(tmp / "seed.db", coder="ana") as store:
            import_paths(store, sorted(args.seed.glob("*.txt")))
            code_seed(store, 1)
            report = export_project(store, tmp / "out", fmt="xlsx")
        print(report.rows)
        env = {**os.environ, "DISPLAY": DISPLAY, "QT_QPA_PLATFORM": "xcb"}
        xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1920x420x24",
                                 "-nolisten", "tcp"])
        calc = None
        try:
            time.sleep(2)
            calc = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{tmp}/lo",
                                     "--calc", "--norestore", "--nologo",
                                     str(tmp / "out" / "tables.xlsx")], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(args.wait)
            subprocess.run([sys.executable, "-c", GRAB, str(args.out)], env=env, check=True,
                           timeout=60)
        finally:
            if calc is not None:
                calc.terminate()
                calc.wait(timeout=30)
            xvfb.terminate()
            xvfb.wait(timeout=30)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
