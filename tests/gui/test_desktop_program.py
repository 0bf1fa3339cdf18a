"""Behaving as a desktop program: version, no display, SIGTERM, icon, the .desktop file."""

from __future__ import annotations

import configparser
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from processes import REPO, start_python

from annotator import __version__
from annotator.codebook import resources_path
from annotator.gui.display import display_problem

NO_DISPLAY = {k: v for k, v in os.environ.items()
              if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}


def gui_script() -> list[str]:
    return [sys.executable, "-c", "from annotator.gui.app import main; main()"]


def test_annotator_gui_version():
    result = subprocess.run([*gui_script(), "--version"], capture_output=True, text=True,
                            timeout=60, cwd=REPO)
    assert result.returncode == 0 and result.stdout.strip() == f"annotator-gui {__version__}"


@pytest.mark.parametrize("command", ["gui", "cli"])
def test_no_display_is_one_line_not_an_abort(tmp_path, command):
    argv = gui_script() if command == "gui" else [
        sys.executable, "-c", "from annotator.cli import main; main()"]
    result = subprocess.run([*argv, str(tmp_path / "p.db")], capture_output=True, text=True,
                            timeout=60, cwd=REPO, env=NO_DISPLAY)
    assert result.returncode == 2  # Qt's abort was 134
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "offscreen" in lines[0]
    assert not (tmp_path / "p.db").exists()


def test_display_problem_reads_the_environment():
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert "no display" in display_problem({})
    assert "does not answer" in display_problem({"DISPLAY": "127.0.0.1:93"})
    assert "Wayland" in display_problem({"WAYLAND_DISPLAY": "wayland-93",
                                         "XDG_RUNTIME_DIR": "/nonexistent"})


def test_sigterm_removes_the_demo_folder(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    proc = start_python(
        "from PySide6.QtCore import QTimer\n"
        "from annotator.gui.app import application, run_window\n"
        "application()\n"
        "QTimer.singleShot(300, lambda: print('in loop', flush=True))\n"
        "raise SystemExit(run_window(demo=True))\n", env=env)
    try:
        assert proc.stdout.readline().strip() == "in loop", proc.stderr.read()
        [demo] = list(tmp_path.glob("annotator-demo-*"))
        assert (demo / "demo.db").exists()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, proc.stderr.read()
    assert not list(tmp_path.glob("annotator-demo-*"))


def test_window_icon_and_desktop_file_ship_with_the_package(qapp):
    from annotator.gui.app import application
    app = application()
    assert not app.windowIcon().isNull()
    assert app.windowIcon().pixmap(64, 64).width() == 64
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(resources_path("annotator.desktop"), encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"].split()[0] == "annotator-gui" and desktop["Icon"] == "annotator"
    assert desktop["Type"] == "Application" and app.desktopFileName() == "annotator"
    assert Path(resources_path("icons/annotator.svg")).exists()


def test_desktop_file_passes_desktop_file_validate():
    import shutil
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate (desktop-file-utils) is not installed")
    result = subprocess.run(["desktop-file-validate", str(resources_path("annotator.desktop"))],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_sigterm_while_the_coder_name_is_asked_ends_cleanly(tmp_path):
    """A modal dialog runs its own event loop: the signal closes it and the program ends."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    proc = start_python(
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from annotator.gui.app import application, run_window\n"
        "application()\n"
        "def asked():\n"
        "    print('asked' if QApplication.activeModalWidget() else 'no dialog', flush=True)\n"
        "QTimer.singleShot(1500, asked)\n"
        "raise SystemExit(run_window(sys.argv[1]))\n", str(tmp_path / "p.db"), env=env)
    try:
        assert proc.stdout.readline().strip() == "asked", proc.stderr.read()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 1, proc.stderr.read()  # no coder name: nothing opened
