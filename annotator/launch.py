"""The ``annotator`` script's first step: open the window at once, or hand over to the command line.

Most launches open the window (``annotator``, ``annotator project.db``,
``annotator --demo --coder ana``). Those need none of the command line's parser:
importing click and the commands' modules costs about a tenth of the window's
time to its first paint (benchmarks/startup.py). So arguments that can only mean
"open the window" go straight to it, and everything else, help and errors
included, goes to ``annotator.cli`` exactly as before: the window is reached
with the same arguments either way, and whatever click would refuse still
reaches click and is refused there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: what a project file is called, so ``annotator team.db`` opens it even before it exists
PROJECT_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".annotator")
#: the commands of ``annotator.cli.main`` (a test keeps the two in step)
COMMANDS = frozenset({"agreement", "assign", "codebook", "dedupe", "export", "import",
                      "install-desktop", "merge", "open", "stats", "suggest"})


def names_a_project(arg: str) -> bool:
    """Whether a first argument that is no command means "open this project file".

    An option (``--demo``), a file that exists, a path with a folder in it, or a
    name ending like a project file. Anything else (``annotator stat``) is a
    misspelt command, refused as click refuses one, not a new project called
    ``stat`` opened in a window.
    """
    path = Path(arg)
    separators = [s for s in (os.sep, os.altsep) if s]
    return (arg.startswith("-") or path.exists() or any(s in arg for s in separators)
            or path.suffix.lower() in PROJECT_SUFFIXES)


def window_arguments(args: list[str]) -> dict | None:
    """The window's ``db``, ``coder`` and ``demo`` when ``args`` only open it; else None.

    Accepted: an optional leading ``open``, ``--demo``, ``--coder NAME`` (or
    ``--coder=NAME``) once each, and one project file that is no command.
    Anything more (``--help``, ``--version``, an unknown option, a second file,
    ``--`` or a missing value) is left for click to parse or refuse.
    """
    explicit = args[:1] == ["open"]
    rest = list(args[1:] if explicit else args)
    found: dict = {"db": None, "coder": None, "demo": False}
    for position, arg in enumerate(rest):
        if arg is None:  # the value of the --coder before it
            continue
        if arg == "--demo" and not found["demo"]:
            found["demo"] = True
        elif arg == "--coder" and found["coder"] is None and position + 1 < len(rest) \
                and not rest[position + 1].startswith("-"):
            found["coder"], rest[position + 1] = rest[position + 1], None
        elif arg.startswith("--coder=") and found["coder"] is None and len(arg) > 8:
            found["coder"] = arg[8:]
        elif (arg and not arg.startswith("-") and found["db"] is None
              and not Path(arg).is_dir()  # click refuses a folder as the project file
              and (explicit or position > 0 or (arg not in COMMANDS and names_a_project(arg)))):
            found["db"] = arg
        else:
            return None
    return found


def completing() -> bool:
    """Whether the shell asks for completions (``_ANNOTATOR_COMPLETE=bash_source annotator``,
    ``annotator ex<TAB>``): those come with no arguments, which alone would open the
    window, and only click answers them (its variable is named after the program)."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "annotator"
    names = {"_ANNOTATOR_COMPLETE", f"_{program}_COMPLETE".replace("-", "_").upper()}
    return any(os.environ.get(name) for name in names)


def main() -> None:
    """The ``annotator`` script: the window when that is all the arguments ask, else the CLI."""
    window = None if completing() else window_arguments(sys.argv[1:])
    if window is not None:
        from annotator import startup_gc
        startup_gc.pause()  # until the window has painted (startup_gc)
        from annotator.gui.app import run_window  # Qt loads only when a window is wanted
        sys.exit(run_window(window["db"], coder=window["coder"], demo=window["demo"]))
    from annotator.cli import main as command_line
    command_line()


def gui_main() -> None:
    """The ``annotator-gui`` script: the window alone, the collector paused as for ``main``."""
    from annotator import startup_gc
    startup_gc.pause()
    from annotator.gui.app import main as window_main
    window_main()
