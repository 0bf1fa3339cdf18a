"""The window's start-up runs without the cyclic collector, which comes back once it has painted.

``annotator.startup_gc``: the collector ran about 60 times before the demo's first
paint for almost no garbage; the entry points pause it and the first paint
freezes what start-up made and turns it on again.
"""

from __future__ import annotations

import os
import subprocess
import sys

from processes import REPO

PROBE = """
import gc, sys
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(1))
import builtins
say = builtins.print
def print(*args, **kwargs):
    if args and str(args[0]).startswith("first paint"):
        say("before", len(collections) - at_launch, gc.isenabled(), flush=True)
    say(*args, **kwargs)
builtins.print = print
sys.argv = ["annotator", {args}]
from annotator import launch
at_launch = len(collections)
try:
    launch.{entry}()
except SystemExit as exit:
    say("exit", exit.code)
say("after", gc.isenabled(), gc.get_freeze_count() > 0)
"""


def run(tmp_path, entry: str, args: str) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path), "ANNOTATOR_QUIT_AFTER_FIRST_PAINT": "1"}
    done = subprocess.run([sys.executable, "-c", PROBE.format(entry=entry, args=args)],
                          capture_output=True, text=True, timeout=120, cwd=REPO, env=env)
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert "first" in lines, done.stderr
    return lines


def test_the_demo_starts_without_collections_and_freezes_what_it_made(tmp_path):
    lines = run(tmp_path, "main", "'--demo'")
    assert lines["before"] == "0 False"  # no collection until the window painted
    assert lines["exit"] == "0"
    assert lines["after"] == "True True"  # on again, start-up's objects frozen


def test_the_start_screen_and_annotator_gui_do_the_same(tmp_path):
    assert run(tmp_path, "main", "")["before"] == "0 False"
    gui = run(tmp_path, "gui_main", "'--demo'")
    assert gui["before"] == "0 False" and gui["after"] == "True True"


def test_the_command_line_keeps_its_collector(tmp_path):
    code = ("import gc, sys\nsys.argv = ['annotator', '--version']\nfrom annotator import launch\n"
            "try:\n    launch.main()\nexcept SystemExit:\n    pass\nprint(gc.isenabled())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, cwd=REPO, check=True).stdout
    assert out.strip().endswith("True")
