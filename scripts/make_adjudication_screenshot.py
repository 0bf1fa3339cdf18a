"""Make docs/adjudication.png: Team ▸ Compare coders on the project's own demo article.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_adjudication_screenshot.py \
        [--out docs/adjudication.png]

Two coders, "ana" and "ben", code the demo article ``001_river_crossing.txt``
(fictional, written for this project) with some agreements and some
differences; the compare window is opened on it, two items are accepted into
gold so the "In gold" column shows, and a row whose coders differ is selected.
Corpus texts are not used, so the picture carries no copyrighted news.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.codebook import resources_path  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.importing import import_paths  # noqa: E402
from annotator.store import Store  # noqa: E402

#: (coder, mentions as (text, type), claims as (text, category, position),
#:  attributions as (claim text, source text, cue text, kind))
CODING = {
    "ana": (
        [("Government forces", "ORG"), ("Ministry of Defence", "ORG"), ("Tal Hamra", "GPE/LOC"),
         ("Red Crescent", "ORG"), ("Popular Defence Brigades", "ARMED_GROUP"),
         ("Northern Star agency", "MEDIA"), ("Deir Salim", "GPE/LOC")],
        [("Government forces have retaken the old river crossing north of Tal Hamra",
          "territorial_control", 1),
         ("at least 40 civilians were treated for injuries", "humanitarian", 0),
         ("more than 300 families had returned to the area", "humanitarian", 1)],
        [("Government forces have retaken", "Ministry of Defence", "said", "indirect"),
         ("at least 40 civilians", "Red Crescent", "According to", "according_to"),
         ("more than 300 families", "Local officials", "said", "indirect")],
    ),
    "ben": (
        [("Government forces", "ORG"), ("Ministry of Defence", "ORG"), ("Tal Hamra", "GPE/LOC"),
         ("Red Crescent", "OTHER"), ("Popular Defence Brigades", "ARMED_GROUP"),
         ("Northern Star", "MEDIA"), ("al-Karama", "GPE/LOC")],
        [("Government forces have retaken the old river crossing north of Tal Hamra",
          "military_action", 1),
         ("at least 40 civilians were treated for injuries in the town's only clinic",
          "humanitarian", 0),
         ("the group had withdrawn", "military_action", -1)],
        [("Government forces have retaken", "Ministry of Defence", "said", "indirect"),
         ("at least 40 civilians", "Red Crescent", "According to", "direct_quote"),
         ("the group had withdrawn", "A spokesman", "denied", "indirect")],
    ),
}


def at(body: str, text: str) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


def code(store: Store, article_id: int) -> None:
    body = store.article(article_id).body
    for coder, (mentions, claims, attributions) in CODING.items():
        with store.acting_as(coder):
            for text, kind in mentions:
                store.add_mention(article_id, *at(body, text), entity_type=kind)
            claim_ids = {}
            for text, category, position in claims:
                claim_ids[text] = store.add_claim(article_id, *at(body, text), category=category,
                                                  position=position).row_id
            for claim_start, source, cue, kind in attributions:
                claim = next(i for t, i in claim_ids.items() if t.startswith(claim_start))
                entity = store.find_entity(source)
                store.add_attribution(claim, kind=kind, source_span=at(body, source),
                                      cue_span=at(body, cue),
                                      source_entity_id=entity.id if entity else None)
            store.set_status(article_id, "done")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layer", type=int, default=1, help="0 mentions, 1 claims, 2 sources")
    parser.add_argument("--row", type=int, default=0, help="the row to select")
    parser.add_argument("--out", type=Path, default=Path("docs/adjudication.png"))
    args = parser.parse_args()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo.db", coder="lead")
        report = import_paths(store, [str(resources_path("demo") / "001_river_crossing.txt")])
        article_id = report.article_ids[0]
        code(store, article_id)
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        win = MainWindow(store, settings)
        win.resize(1400, 900)
        win.show()
        win.open_article(article_id)
        win.compare_coders()
        dialog = win.compare_dialog
        dialog.coder_a.setCurrentText("ana")
        dialog.coder_b.setCurrentText("ben")
        dialog.tabs.setCurrentIndex(args.layer)
        table = dialog.current_table()
        for row, side in ((1, "b"), (2, "a")):
            table.selectRow(row)
            dialog.accept_current(side)
        table.selectRow(args.row)
        for _ in range(5):
            app.processEvents()
        dialog.grab().save(str(args.out))
        print(f"wrote {args.out} ({dialog.width()}×{dialog.height()})")
        win.close()
        store.close()


if __name__ == "__main__":
    main()
