"""The window's first paint loads none of the heavy libraries (benchmarks/startup.py times it)."""

from __future__ import annotations

import os
import subprocess
import sys

from processes import REPO

#: Loaded when first used: import readers, identity matching, statistics, plots, and
#: sqlite-utils (a project that is up to date is read through sqlite3 alone: sqlite_db).
LAZY = ("trafilatura", "dateparser", "numpy", "pandas", "scipy", "sklearn", "matplotlib",
        "rapidfuzz", "nameparser", "jellyfish", "krippendorff", "irrCAC", "cassis", "lxml",
        "sqlite_utils", "pycountry")

PROBE = f"""
import sys
from annotator.gui.app import run_window
status = run_window(demo=True)
print("status", status)
print("loaded", ",".join(m for m in {LAZY!r} if m in sys.modules))
"""


def test_the_demo_window_paints_without_the_heavy_libraries(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "ANNOTATOR_QUIT_AFTER_FIRST_PAINT": "1"}
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=120, cwd=REPO, env=env)
    lines = dict(line.split(" ", 1) if " " in line else (line, "")
                 for line in done.stdout.splitlines())
    assert "first" in lines and lines["first"].startswith("paint "), done.stderr
    assert lines["status"] == "0", done.stderr
    assert lines["loaded"] == "", f"imported before the first paint: {lines['loaded']}"


#: Not needed for the first frame, so loaded just after it or when first used: the
#: TOML parser (an opened project's codebook is read from JSON), OpenSSL's hashlib,
#: importlib.resources, the cue rules' proposal types and voice chains, the codebook
#: editor, the team workflow, the search words and the selection patterns.
AFTER_PAINT = ("tomllib", "hashlib", "importlib.resources", "annotator.assist.attribution_proposal",
               "annotator.assist.chains", "annotator.codebook.edit", "annotator.team.workflow",
               "annotator.search_words", "annotator.selection")

PROBE_AT_PAINT = f"""
import sys
import annotator.gui.app as app
seen = {{}}
original = app.FirstPaint.eventFilter
def at_paint(self, watched, event):
    was = self.seen
    result = original(self, watched, event)
    if self.seen and not was:
        import PySide6.QtWidgets as widgets
        seen["modules"] = [m for m in {AFTER_PAINT!r} if m in sys.modules]
        import PySide6.QtGui as gui
        seen["qstyle"] = "QStyle" in vars(widgets)  # PySide6 makes a class on its first use
        seen["formats"] = [name for name in ("QTextCharFormat", "QTextLayout", "QPen")
                           if name in vars(gui)]
    return result
app.FirstPaint.eventFilter = at_paint
status = app.run_window(demo=True)
print("status", status)
print("at_paint", ",".join(seen["modules"]))
print("qstyle", seen["qstyle"])
print("formats", ",".join(seen["formats"]))
from annotator.gui.paragraph_formats import char_format
from annotator.spans import Style
char_format(Style(background="#fde68a", underline="wave", underline_colour="#b91c1c", bold=True))
print("formats_later", ",".join(n for n in ("QTextCharFormat", "QTextLayout", "QPen")
                                if n in vars(sys.modules["PySide6.QtGui"])))
print("later", "QStyle" in vars(sys.modules["PySide6.QtWidgets"]))
"""


def test_the_first_frame_waits_for_nothing_it_does_not_show(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "ANNOTATOR_QUIT_AFTER_FIRST_PAINT": "1"}
    done = subprocess.run([sys.executable, "-c", PROBE_AT_PAINT], capture_output=True,
                          text=True, timeout=120, cwd=REPO, env=env)
    lines = dict(line.split(" ", 1) if " " in line else (line, "")
                 for line in done.stdout.splitlines())
    assert lines.get("status") == "0", done.stderr
    assert lines["at_paint"] == "", f"loaded before the first paint: {lines['at_paint']}"
    assert lines["qstyle"] == "False", "the style's class was made before the first paint"
    # the demo opens on an article with nothing coded: no highlight, so no text format
    assert lines["formats"] == "", f"made before the first paint: {lines['formats']}"
    assert lines["formats_later"] == "QTextCharFormat,QPen", lines["formats_later"]
    assert lines["later"] == "True", "the toolbar's standard icons never came"


def test_pyside_import_hook_reads_no_sources_and_answers_as_its_scan_did():
    """annotator.gui puts pyside_startup.holds_pyside in place of PySide6's source scan.

    If a PySide6 release moves the hook, the first assert says so (start-up then pays
    the scan again, about 20 ms); the rest hold the answers equal where they matter:
    every module of the window that imports PySide6 at its top, and modules that don't.
    """
    import importlib
    import inspect

    import annotator.gui  # noqa: F401 - applies the replacement
    from annotator.gui.pyside_startup import holds_pyside
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is holds_pyside
    names = ["annotator.gui.main_window", "annotator.gui.article_view", "annotator.gui.actions",
             "annotator.gui.panels.base", "json", "sqlite3", "annotator.store", "annotator.model"]
    for name in names:
        module = importlib.import_module(name)
        assert holds_pyside(module) == ("PySide6" in inspect.getsource(module)), name
