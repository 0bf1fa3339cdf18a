"""How fast the entity fields and dialogs feel on a big project.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/identity_gui.py [--n 100000]

Builds a throw-away project with N synthetic entities (some with aliases) and
one entity mentioned 20,000 times, then prints (median of repeated runs):

- the typeahead index: its full build on a project's first keystroke (beside
  the old way, entity_summaries + SuggestionIndex, which every entity change
  used to cost), and the first keystroke after each kind of entity change,
  which now updates the index in place;
- ``Store.suggest_entities`` per keystroke;
- one keystroke in an :class:`EntityPicker` (store query, popup model, popup);
- Entities browser: open/reload, and one keystroke in its filter;
- ``Store.mention_contexts``: 3 spread samples and a 500-row page of the
  entity with 20,000 mentions.

Figures only, no asserts (machines differ). The design's target for a
keystroke is that it feels instant: well under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from timing import median_ms as timed  # noqa: E402

from annotator.gui.entity_picker import EntityLookup, EntityPicker  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.identity.typeahead import SuggestionIndex  # noqa: E402
from annotator.model import ArticleDraft  # noqa: E402
from annotator.store import Store  # noqa: E402
from annotator.store.name_grams import FOLD_AFTER, grams_through, newer_names  # noqa: E402

SYLLABLES = ["al", "ba", "dar", "ka", "mir", "nas", "ra", "sha", "ta", "zu", "qa", "hus", "lim"]
KINDS = ["Brigade", "Forces", "Council", "Party", "Front", "Movement", "Army", "Ministry"]
TYPES = ["ORG", "ARMED_GROUP", "PERSON", "GPE/LOC"]
QUERIES = ["ira", "iraqi ar", "hashd", "shaba", "kar", "brigade", "nasr forces", "zu", "peshm"]


def build(store: Store, n: int, rng: random.Random) -> int:
    """N entities, a few aliases, and one entity with 20,000 mentions; returns its id."""
    body = "The Iraqi Army advanced. " * 10
    with store._changing():  # one transaction: the public methods join it
        for i in range(n):
            name = (f"{''.join(rng.choices(SYLLABLES, k=3)).capitalize()} "
                    f"{rng.choice(KINDS)} {i}")
            row = store.add_entity(name, rng.choice(TYPES))
            if i % 10 == 0:
                store.add_alias(row.row_id, f"{name} alias")
        army = store.add_entity("Iraqi Army", "ORG").row_id
        ids = store.add_articles([ArticleDraft(title=f"Report {i}", body=body + str(i))
                                  for i in range(2000)]).inserted
        for aid in ids:
            for k in range(10):
                start = k * 25 + 4
                store.add_mention(aid, start, start + 10, entity_id=army)
    return army


def bench_typeahead(store: Store, army: int, path: Path) -> None:
    """The typeahead's index: built once per project, then kept up to date per change."""
    fresh = []
    for _ in range(3):  # a project just opened: the first keystroke builds the index
        with Store(path, coder="bench") as other:
            t0 = time.perf_counter()
            other.suggest_entities("iraq", 8)
            fresh.append((time.perf_counter() - t0) * 1000)
    full = statistics.median(fresh)
    old_way = timed(lambda: SuggestionIndex(store.entity_summaries()), 3)
    aid = store.list_articles(0, 1, assigned_only=False)[0]["id"]
    store.suggest_entities("", 8)
    counter = iter(range(10**6))
    edits = {
        "code a new entity (E)": lambda: store.add_mention(
            aid, 4, 14, name=f"Nasr Brigade {next(counter)}", entity_type="ORG"),
        "code a known entity (count changes)": lambda: store.add_mention(
            aid, 4, 14, entity_id=army),
        "rename an entity": lambda: store.rename_entity(army, f"Iraqi Army {next(counter)}"),
        "add an alias": lambda: store.add_alias(army, f"IA {next(counter)}"),
        "merge two entities": lambda: store.merge_entities(
            store.add_entity(f"Iraqi Army {next(counter)}", "ORG").row_id,
            [store.add_entity(f"Iraqi Army {next(counter)}", "ORG").row_id]),
    }
    print(f"typeahead on {len(store.entities()):,} entities: a project's first keystroke "
          f"{full:7.1f} ms from the name index in the file (before: entity_summaries + "
          f"SuggestionIndex {old_way:7.1f} ms, {old_way / full:.1f}x)")
    for label, edit in edits.items():
        def change_then_key(edit=edit):
            edit()
            t0 = time.perf_counter()
            store.suggest_entities("iraqi ar", 8)
            return (time.perf_counter() - t0) * 1000
        ms = statistics.median(change_then_key() for _ in range(15))
        print(f"  first keystroke after: {label:36} {ms:6.2f} ms  "
              f"({old_way / ms:5.0f}x less than the rebuild every change cost before)")
    store.suggest_entities("iraqi amry", 8)  # the fuzzy tier: postings in the file
    through = grams_through(store.db.conn)
    with store._changing():  # names above the postings' mark, up to the limit of a fold
        for _ in range(FOLD_AFTER - len(newer_names(store.db.conn, through)) - 1):
            store.add_entity(f"Filler {next(counter)}", "ORG")
    store.suggest_entities("fil", 8)
    rename = edits["rename an entity"]  # each rename puts one more row above the mark
    at_max = statistics.median(timed(lambda: (rename(), store.suggest_entities("zu fr", 8)), 1)
                               for _ in range(15))
    print(f"  ... with ~{FOLD_AFTER:,} names above the file's trigram postings (the most before "
          f"a write folds them in), a change then a fuzzy query: {at_max:6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "big.db", coder="bench")
        t0 = time.perf_counter()
        army = build(store, args.n, random.Random(5))
        print(f"built {args.n:,} entities, 20,000 mentions in {time.perf_counter() - t0:.1f} s")

        queries = iter(QUERIES * 50)
        bench_typeahead(store, army, Path(tmp) / "big.db")
        per_key = timed(lambda: store.suggest_entities(next(queries), 8), 200)
        print(f"suggest_entities: {per_key:6.2f} ms per keystroke")

        picker = EntityPicker(EntityLookup.of(store))
        picker.show()

        def keystroke():
            picker.setText(next(queries))
            picker.refresh_suggestions()
            app.processEvents()
        key_ms = timed(keystroke, 100)
        print(f"EntityPicker keystroke (query, popup model, popup): {key_ms:6.2f} ms")
        picker.close()

        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings)
        window.identity.browse_entities()
        browser = window.identity.browser
        reload = timed(browser.reload, 5)
        words = iter(["ba", "bri", "brig", "iraqi", "alias", "zu", "x"] * 10)

        def filter_key():
            browser.filter.setText(next(words))
            app.processEvents()
        print(f"Entities browser: reload {reload:7.1f} ms; filter keystroke "
              f"{timed(filter_key, 20):6.1f} ms")
        window.close()

        samples = timed(lambda: store.mention_contexts(army, 3, 55, spread=True), 20)
        page = timed(lambda: store.mention_contexts(army, 500, 45), 20)
        print(f"mention_contexts of a 20,000-mention entity: 3 samples {samples:6.2f} ms; "
              f"500-row page {page:6.2f} ms")
        store.close()


if __name__ == "__main__":
    main()
