"""Make docs/find_duplicates.png and docs/entities_browser.png on the seed article.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_identity_screenshots.py [--seed DIR]

The seed article is imported and coded as in ``make_screenshot.py``; then a
few near-duplicate names are added the way they creep into a real project (a
coder types "the Iraqi army" instead of picking "Iraqi Army"; two spellings of
the Hashd al-Shaabi in two short sample articles written for this picture),
and the two entity dialogs are grabbed offscreen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_screenshot import SEED, coded_seed_project  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.model import ArticleDraft  # noqa: E402
from annotator.store import Store  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

#: Two short sample texts (not real reports) that use two spellings of one group.
SAMPLES = [
    ("Sample: Hashd al-Shaabi units move west of Mosul",
     "Units of the Hashd al-Shaabi moved towards Tal Afar on Thursday, a commander said. "
     "The Hashd al-Shaabi said its fighters had cut a road used by ISIL."),
    ("Sample: Hashed al-Shaabi fighters near Tal Afar",
     "Hashed al-Shaabi fighters reached the airport road, according to a statement. "
     "The Peshmerga forces held their lines north of the city."),
    ("Sample: Mirani on the CTS advance",
     "Mirani said the Counter-Terrorism Service had entered Mosul City from the east, and "
     "that Peshmergas held the road to Bashiqa. The CTS lost two vehicles."),
]


def add_variants(store: Store, seed_id: int) -> None:
    """Near-duplicates as a busy coding team makes them."""
    body = store.article(seed_id).body
    army = body.index("the Iraqi army bombed") + len("the ")
    for m in store.mentions(seed_id):
        if m.start == army:  # coded as a new entity instead of picking "Iraqi Army"
            new = store.add_entity("the Iraqi army", "ORG").row_id
            store.relink_mention(m.id, new)
    ids = store.add_articles([ArticleDraft(title=t, body=b, outlet="Sample text",
                                           published="2016-11-06") for t, b in SAMPLES]).inserted
    for aid, (_, text) in zip(ids, SAMPLES, strict=True):
        for phrase, name, etype in (("Hashd al-Shaabi", "Hashd al-Shaabi", "ARMED_GROUP"),
                                    ("Hashed al-Shaabi", "Hashed al-Shaabi", "ARMED_GROUP"),
                                    ("Peshmerga forces", "Peshmerga forces", "ARMED_GROUP"),
                                    ("ISIL", "ISIL", "ARMED_GROUP"),
                                    ("Mirani", "Mirani", "PERSON"), ("CTS", "CTS", "ORG"),
                                    ("Counter-Terrorism Service", "Counter-Terrorism Service",
                                     "ORG"),
                                    ("Mosul City", "Mosul City", "GPE/LOC"),
                                    ("Peshmergas", "Peshmergas", "ARMED_GROUP")):
            at = text.find(phrase)
            while at != -1:
                store.add_mention(aid, at, at + len(phrase), name=name, entity_type=etype)
                at = text.find(phrase, at + 1)


def settle(app: QApplication, until=lambda: True, rounds: int = 2000) -> None:
    for _ in range(rounds):
        app.processEvents()
        if until():
            break
    for _ in range(5):
        app.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--outdir", type=Path, default=REPO / "docs")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store, seed_id = coded_seed_project(Path(tmp), args.seed)
        add_variants(store, seed_id)
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings)
        window.show()
        window.open_article(seed_id)

        window.identity.find_duplicates()
        dialog = window.identity.duplicates
        settle(app, lambda: dialog.again_button.isEnabled())
        row = next((r for r, names in enumerate(dialog.group_names()) if "CTS" in names), 0)
        dialog.list.set_current_row(row)
        settle(app)
        dialog.grab().save(str(args.outdir / "find_duplicates.png"))
        print(f"wrote {args.outdir / 'find_duplicates.png'} "
              f"({len(dialog.group_names('likely'))} likely groups, "
              f"{len(dialog.group_names('possible'))} possible pairs)")
        # the coder merges "the Iraqi army" into "Iraqi Army", then browses
        army = next(e for e in store.entities() if e.name == "Iraqi Army")
        variant = next(e for e in store.entities() if e.name == "the Iraqi army")
        window.identity.merge(army.id, [variant.id])
        dialog.close()

        window.identity.browse_entities()
        browser = window.identity.browser
        browser.reload()
        browser.select_rows([browser.model.row_of(army.id)])
        settle(app)
        browser.grab().save(str(args.outdir / "entities_browser.png"))
        print(f"wrote {args.outdir / 'entities_browser.png'}")
        window.close()
        store.close()


if __name__ == "__main__":
    main()
