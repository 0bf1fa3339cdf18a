"""The ``annotator`` script opens the window without the command line's parser, and means the same.

``annotator.launch`` takes the arguments that can only open the window past
click (a tenth of the start-up); these tests hold it to click's reading of the
same arguments, so a coder gets the same window either way, and everything else
still reaches click.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from annotator import launch
from annotator.cli import main


def test_the_launcher_knows_every_command():
    assert launch.COMMANDS == set(main.commands)


def clicks_window(monkeypatch, args):
    """What click's ``open`` passes to the window for ``args`` (None: it opens none)."""
    opened = []
    monkeypatch.setattr("annotator.gui.app.run_window",
                        lambda db, coder=None, demo=False: opened.append(
                            {"db": db, "coder": coder, "demo": demo}) or 0)
    result = CliRunner().invoke(main, args)
    return opened[0] if result.exit_code == 0 and opened else None


@pytest.mark.parametrize("args", [
    [], ["--demo"], ["team.db"], ["open"], ["open", "team.db"], ["open", "stats"],
    ["--demo", "--coder", "ana"], ["--coder=ana", "team.db"], ["team.db", "--coder", "bo"],
    ["--coder", "ana", "stats"], ["sub/new"], ["./newproject"],
])
def test_window_arguments_are_read_as_click_reads_them(monkeypatch, tmp_path, args):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    fast = launch.window_arguments(args)
    assert fast is not None
    assert fast == clicks_window(monkeypatch, args)


@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["--version"], ["stats", "x.db"], ["stat"], ["exprot", "x"],
    ["--coder"], ["--coder", "--demo"], ["--demo", "--demo"], ["a.db", "b.db"],
    ["--frobnicate"], ["sub"], ["--coder", "a", "--coder", "b"], ["--", "x.db"],
    ["open", "--help"], ["import", "x.db", "y.txt"],
])
def test_everything_else_goes_to_click(monkeypatch, tmp_path, args):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    assert launch.window_arguments(args) is None


def test_opening_the_window_does_not_import_the_command_line():
    code = ("import sys\n"
            "import annotator.gui.app as app\n"
            "app.run_window = lambda db, coder=None, demo=False: print(db, coder, demo) or 0\n"
            "sys.argv = ['annotator', '--coder', 'ana', 'team.db']\n"
            "from annotator import launch\n"
            "try:\n    launch.main()\nexcept SystemExit as exit:\n    print('exit', exit.code)\n"
            "print('click' in sys.modules, 'annotator.cli' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[:3] == ["team.db ana False", "exit 0", "False False"]


def test_the_script_still_answers_version_and_refuses_a_typo(tmp_path):
    version = subprocess.run([sys.executable, "-m", "annotator", "--version"],
                             capture_output=True, text=True, check=True).stdout
    assert version.startswith("annotator, version ")
    typo = subprocess.run([sys.executable, "-m", "annotator", "stat"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert typo.returncode == 2 and "No such command 'stat'" in typo.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("mode", ["bash_source", "zsh_source", "fish_source"])
def test_the_shell_completion_line_prints_a_script_not_the_window(mode):
    """README: ``eval "$(_ANNOTATOR_COMPLETE=bash_source annotator)"`` in ~/.bashrc. With
    no arguments the launcher would open the window at every shell start."""
    code = ("import sys\n"
            "import annotator.gui.app as app\n"
            "app.run_window = lambda db, coder=None, demo=False: print('WINDOW') or 0\n"
            "sys.argv = ['annotator']\n"
            "from annotator import launch\n"
            "try:\n    launch.main()\nexcept SystemExit as exit:\n    print('exit', exit.code)\n")
    env = {**os.environ, "_ANNOTATOR_COMPLETE": mode}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert "WINDOW" not in out
    assert "annotator" in out and ("complete" in out or "compdef" in out), out


def test_a_completion_request_is_answered_by_click():
    """``annotator ex<TAB>``: the shell runs the script with no arguments."""
    code = ("import sys\n"
            "import annotator.gui.app as app\n"
            "app.run_window = lambda db, coder=None, demo=False: print('WINDOW') or 0\n"
            "sys.argv = ['annotator']\n"
            "from annotator import launch\n"
            "try:\n    launch.main()\nexcept SystemExit:\n    pass\n")
    env = {**os.environ, "_ANNOTATOR_COMPLETE": "bash_complete", "COMP_WORDS": "annotator ex",
           "COMP_CWORD": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert "WINDOW" not in out and "plain,export" in out.splitlines()
