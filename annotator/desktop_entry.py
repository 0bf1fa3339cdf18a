"""Put Annotator in the desktop's application menu: the .desktop file and icon that ship with it.

``pip install`` cannot write outside the environment, so the package carries
``resources/annotator.desktop`` and ``resources/icons/annotator.svg`` and
``annotator install-desktop`` copies them where freedesktop.org menus look
(``$XDG_DATA_HOME``, by default ``~/.local/share``), with ``Exec`` pointing at
this installation's ``annotator-gui`` so the entry works from a venv too.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from annotator.codebook import resources_path

DESKTOP_FILE = "annotator.desktop"
ICON = "icons/annotator.svg"


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def gui_command() -> str:
    """This installation's ``annotator-gui``, by full path when it sits beside the interpreter."""
    beside = Path(sys.executable).with_name("annotator-gui")
    return str(beside) if beside.exists() else "annotator-gui"


def install_desktop_entry(home: Path | None = None) -> list[Path]:
    """Write the menu entry and the icon; return the files written."""
    home = home or data_home()
    entry = home / "applications" / DESKTOP_FILE
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / "annotator.svg"
    text = resources_path(DESKTOP_FILE).read_text(encoding="utf-8")
    command = gui_command()
    quoted = f'"{command}"' if " " in command else command
    lines = [f"Exec={quoted} %f" if line.startswith("Exec=") else
             f"TryExec={command}" if line.startswith("TryExec=") else line
             for line in text.splitlines()]
    entry.parent.mkdir(parents=True, exist_ok=True)
    icon.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copyfile(resources_path(ICON), icon)
    return [entry, icon]
