"""Make docs/reliability_report.png and docs/reliability_window.png from a demo team project.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_reliability_screenshot.py \
        [--project PROJECT.db] [--docs docs] [--samples 10000]

Without ``--project`` it builds a demo team project: the five demo articles
(fictional, written for this project), each coded by three coders "ana", "ben"
and "cem" with seeded, scripted coding: every capitalised name a mention, every
sentence with a cue word a claim with category, position and certainty, each
coder departing from a common reading now and then (and skipping a span
sometimes). Then it writes the HTML report (``annotator agreement --report``),
screenshots it with headless Chromium when one is installed
(``chromium-headless-shell`` or ``chromium``), and grabs Team ▸ Reliability… of
the window. Corpus texts are not used, so the pictures carry no copyrighted news.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.codebook import resources_path  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.importing import import_paths  # noqa: E402
from annotator.store import Store  # noqa: E402

NAME = re.compile(r"\b[A-Z][a-z]+(?: (?:of |al-)?[A-Z][a-z]+)*")
CUES = re.compile(r"\b(said|told|reported|according to|denied|claimed)\b", re.I)
TYPES = ["ORG", "PERSON", "GPE/LOC", "ARMED_GROUP", "MEDIA"]
CATEGORIES = ["military_action", "casualties", "territorial_control", "humanitarian",
              "political"]
CERTAINTY = ["certain", "probable", "possible", "denied"]
#: how often a coder departs from the common reading, per coder
NOISE = {"ana": 0.10, "ben": 0.18, "cem": 0.28}


def build_team_project(path: Path, seed: int = 7) -> Path:
    """The demo articles coded by three coders, each with their own share of departures."""
    files = sorted(str(p) for p in resources_path("demo").glob("*.txt"))
    with Store(path, coder="ana") as store:
        import_paths(store, files)
        common = random.Random(seed)
        articles = [r["id"] for r in store.list_articles(0, 100)]
        reading = {}
        for aid in articles:
            body = store.article(aid).body
            names = [(m.start(), m.end(), common.choice(TYPES)) for m in NAME.finditer(body)
                     if m.start() > 0 and len(m.group()) > 3][:14]
            sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.\n]+[.]", body)
                         if CUES.search(m.group())][:6]
            claims = [(s, e, common.choice(CATEGORIES), common.choice([-1, 0, 0, 1]),
                       common.choice(CERTAINTY[:3])) for s, e in sentences]
            reading[aid] = (names, claims)
        for coder, noise in NOISE.items():
            rng = random.Random(f"{seed}-{coder}")
            store.set_coder(coder)
            for aid in articles:
                names, claims = reading[aid]
                for start, end, etype in names:
                    if rng.random() < noise / 2:
                        continue  # overlooked
                    if rng.random() < noise:
                        etype = rng.choice(TYPES)
                    text = store.article(aid).body[start:end]
                    store.add_mention(aid, start, end, name=text, entity_type=etype)
                for start, end, category, position, certainty in claims:
                    if rng.random() < noise / 3:
                        continue
                    if rng.random() < noise:
                        category = rng.choice(CATEGORIES)
                    if rng.random() < noise:
                        position = max(-1, min(1, position + rng.choice([-1, 1])))
                    if rng.random() < noise:
                        certainty = rng.choice(CERTAINTY)
                    store.add_claim(aid, start, end, category=category, position=position,
                                    certainty=certainty)
                store.set_status(aid, "done")
    return path


def chromium_screenshot(html: Path, png: Path, height: int) -> bool:
    browser = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    if browser is None:
        print("no headless Chromium installed: the report screenshot is skipped")
        return False
    subprocess.run([browser, "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size=1280,{height}", f"--screenshot={png}", html.as_uri()],
                   check=True, capture_output=True, timeout=120)
    return True


def wait_for(app: QApplication, dialog) -> None:
    """Until the dialog's worker has computed and shown the figures."""
    done = []
    dialog.computed.connect(lambda: done.append(True))
    while not done:
        app.processEvents()
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", type=Path)
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    parser.add_argument("--samples", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    project = args.project or build_team_project(folder / "team.db")
    report = folder / "report.html"
    subprocess.run([sys.executable, "-m", "annotator", "agreement", str(project), "--bootstrap",
                    str(args.samples), "--report", str(report)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"wrote {report}")
    args.docs.mkdir(parents=True, exist_ok=True)
    shot = args.docs / "reliability_report.png"
    if chromium_screenshot(report, shot.resolve(), 1900):
        print(f"wrote {shot}")
    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    with Store(project, coder="ana") as store:
        win = MainWindow(store, settings)
        win.show()
        win.actions_by_name["reliability"].trigger()
        dialog = win.reliability_dialog
        wait_for(app, dialog)
        if dialog.samples.value() != args.samples:
            dialog.samples.setValue(args.samples)
            dialog.compute()
            wait_for(app, dialog)
        dialog.resize(1180, 980)
        app.processEvents()
        out = args.docs / "reliability_window.png"
        dialog.grab().save(str(out))
        print(f"wrote {out}")
        dialog.close()
        win.close()


if __name__ == "__main__":
    main()
