"""Make docs/screenshot.png: the window on the seed article, coded as DESIGN.md describes.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_screenshot.py [--seed DIR]

The seed article is imported into a throw-away project (it is never copied
into the repository); its entities, claims and source chains are coded
through the store, and the window is grabbed offscreen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.importing import import_paths  # noqa: E402
from annotator.store import Store  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed"

ENTITIES = [  # (name, type, phrases that mention it); longer names first
    ("Iraqi Army General Command", "ORG", ["Iraqi Army General Command"]),
    ("Iraqi Army", "ORG", ["Iraqi army", "Iraqi Army", "Iraqi forces"]),
    ("Counter-Terrorism Units", "ORG", ["Counter-Terrorism Units"]),
    ("ISIL", "ARMED_GROUP", ["ISIL"]),
    ("Peshmerga", "ARMED_GROUP", ["Peshmerga"]),
    ("Mosul", "GPE/LOC", ["Mosul"]),
    ("al-Samah", "GPE/LOC", ["al-Samah"]),
    ("ARA News", "MEDIA", ["ARA News"]),
    ("Eli Saddi", "PERSON", ["Eli Saddi"]),
    ("Nechirvan Mirani", "PERSON", ["Nechirvan Mirani"]),
]


def find(body: str, phrase: str, after: int = 0) -> tuple[int, int]:
    start = body.index(phrase, after)
    return start, start + len(phrase)


def code_seed(store: Store, aid: int) -> None:
    """The coding of DESIGN.md's "The example article", through the store."""
    body = store.article(aid).body
    taken: list[tuple[int, int]] = []
    ids = {}
    for name, etype, phrases in ENTITIES:
        for phrase in phrases:
            pos = body.find(phrase)
            while pos != -1:
                span = (pos, pos + len(phrase))
                if not any(s < span[1] and span[0] < e for s, e in taken):
                    change = store.add_mention(aid, *span, name=name, entity_type=etype)
                    ids[name] = change.after["entity_id"]
                    taken.append(span)
                pos = body.find(phrase, pos + 1)
    for alias in ("ISIS", "Daesh"):
        store.add_alias(ids["ISIL"], alias)

    liberated = store.add_claim(aid, *find(body, "liberated the neighborhoods of Malayan, "
                                           "al-Samah, al-Khadraa, Karkukli, al-Quds and Karama"),
                                claimant_entity_id=ids["Iraqi Army General Command"],
                                addressee_entity_id=ids["ISIL"],
                                category="territorial_control", position=1,
                                certainty="certain").row_id
    ara = store.add_attribution(liberated, kind="indirect", source_entity_id=ids["ARA News"],
                                source_span=find(body, "ARA News"),
                                cue_span=find(body, "reported")).row_id
    store.add_attribution(liberated, kind="direct_quote",
                          source_entity_id=ids["Iraqi Army General Command"],
                          source_span=find(body, "Iraqi Army General Command"),
                          cue_span=find(body, "said in a statement"), parent_attribution_id=ara)

    bombed = store.add_claim(aid, *find(body, "bombed an ISIL explosives warehouse in the "
                                        "Hawija District and killed dozens of ISIL militants"),
                             claimant_entity_id=ids["Eli Saddi"], category="military_action",
                             position=1).row_id
    store.add_attribution(bombed, kind="indirect", source_entity_id=ids["Eli Saddi"],
                          source_span=find(body, "Eli Saddi"), cue_span=find(body, "told"))

    killed = store.add_claim(aid, *find(body, "more than 2,000 ISIL militants have been killed"),
                             claimant_entity_id=ids["Iraqi Army General Command"],
                             category="casualties", position=1, certainty="probable").row_id
    according = body.index("According to the Iraqi Army General Command")
    store.add_attribution(killed, kind="according_to",
                          source_entity_id=ids["Iraqi Army General Command"],
                          source_span=find(body, "Iraqi Army General Command", according),
                          cue_span=(according, according + len("According to")))

    km = store.add_claim(aid, *find(body, "now only 7 km away from the city of Mosul"),
                         claimant_entity_id=ids["Nechirvan Mirani"],
                         category="territorial_control", position=1).row_id
    mirani = body.index("According to Peshmerga officer")
    store.add_attribution(km, kind="according_to", source_entity_id=ids["Nechirvan Mirani"],
                          source_span=find(body, "Nechirvan Mirani"),
                          cue_span=(mirani, mirani + len("According to")))

    thin = store.add_claim(aid, *find(body, "ISIL militants are now spread thin across three "
                                      "dynamic fronts"), addressee_entity_id=ids["ISIL"],
                           category="military_action", position=-1).row_id
    store.add_attribution(thin, kind="unattributed")
    store.set_status(aid, "in_progress")


def coded_seed_project(folder: Path, seed: Path) -> tuple[Store, int]:
    """A throw-away project in ``folder`` holding the seed article, coded: (store, article id)."""
    store = Store(folder / "seed.db", coder="ana")
    report = import_paths(store, [str(seed)])
    if not report.article_ids:
        sys.exit(f"nothing imported from {seed}: {report.format()}")
    code_seed(store, report.article_ids[0])
    return store, report.article_ids[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshot.png")
    parser.add_argument("--tab", type=int, default=2, help="panel to show: 0, 1 or 2")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        store, aid = coded_seed_project(Path(tmp), args.seed)
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings)
        window.resize(1600, 1000)
        window.splitter.setSizes([340, 680, 580])
        window.show()
        window.open_article(aid)
        window.tabs.setCurrentIndex(args.tab)
        panel = window.tabs.currentWidget()
        panel.view.setCurrentIndex(panel.model.index(1, 0))
        window.article_view.body._end_flash()  # a calm picture, not mid-flash
        for _ in range(5):
            app.processEvents()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.out))
        print(f"wrote {args.out}")
        window.close()
        store.close()


if __name__ == "__main__":
    main()
