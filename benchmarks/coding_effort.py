"""How many keys and selections it takes to code the seed article in the real window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/coding_effort.py [--seed DIR]

A scripted coder drives the real window with Qt key events (QTest, the same
events pytest-qt sends; xdotool is not needed), and counts every key press
(a chord such as Ctrl+4 counts one), every mouse selection of a phrase, and
every character typed into a field. It codes DESIGN.md's example article
twice on fresh projects:

- **typing**: suggestions off; each mention is selected and coded with E,
  each claim with C, each source and cue with S, in reading order (a cue the
  source's name follows, "According to X", first);
- **suggestions**: the first mention of each entity is coded with E; wrong
  attribution proposals are rejected with X; Shift+A accepts the rest (every
  later mention of a known name, and the good cues as claim + attribution);
  what is left is coded by hand.

The coder decides as a person would, by looking at what the window shows
(the popup's list, the proposed frames), but it knows the target: the
coding of ``scripts/make_screenshot.py`` (entities, claims and source chains).
After each run the project is scored against that target, so a cheaper flow
that codes less is seen as such. Claim categories, positions and certainty are
left out of both flows (they cost the same keys in both).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from make_screenshot import ENTITIES, SEED, code_seed  # noqa: E402

from annotator.assist.attribution_proposal import AttributionProposal  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.importing import import_paths  # noqa: E402
from annotator.store import Store  # noqa: E402

TARGETS = {"selections": 12, "keys per annotation": 2, "keys": 70}


def overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a[0] < b[1] and b[0] < a[1]


# -- the target ------------------------------------------------------------------------

@dataclass
class Target:
    """The coding to reach, from the gold coding run through the store."""

    mentions: dict[tuple[int, int], tuple[str, str]]  # span -> (entity name, type)
    claims: list[tuple[int, int]]
    #: (claim span, source span or None, cue span or None, kind, parent's cue span or None)
    attributions: list[tuple]


def gold(seed_file: Path, folder: Path) -> tuple[Target, str]:
    store = Store(folder / "gold.db", coder="gold")
    aid = import_paths(store, [str(seed_file)]).article_ids[0]
    code_seed(store, aid)
    target = scored(store, aid)
    body = store.article(aid).body
    store.close()
    return target, body


def scored(store: Store, aid: int) -> Target:
    """What a project holds for the article, in the target's terms."""
    mentions = {}
    for m in store.mentions(aid):
        entity = store.entity(m.entity_id)
        mentions[(m.start, m.end)] = (entity.name, entity.type)
    claims = {c.id: (c.start, c.end) for c in store.claims(aid)}
    attributions = store.attributions(aid)
    cues = {a.id: (a.cue_start, a.cue_end) for a in attributions if a.cue_start is not None}
    attributions = [
        (claims[a.claim_id],
         (a.source_start, a.source_end) if a.source_start is not None else None,
         (a.cue_start, a.cue_end) if a.cue_start is not None else None,
         a.kind, cues.get(a.parent_attribution_id))
        for a in attributions]
    return Target(mentions, sorted(claims.values()), attributions)


def misses(target: Target, got: Target, body: str) -> list[str]:
    """What of the target the project lacks, for --verbose."""
    out = [f"mention {body[s:e]!r} at {s} as {t}: got {got.mentions.get((s, e))}"
           for (s, e), t in sorted(target.mentions.items())
           if got.mentions.get((s, e), (None, None))[1] != t[1]]
    def shown(a: tuple) -> str:
        return " / ".join(repr(body[x[0]:x[1]][:30]) if isinstance(x, tuple) else str(x)
                          for x in a)
    out += ["attribution " + shown(t) for t in target.attributions
            if t not in got.attributions]
    out += ["got attribution " + shown(g) for g in got.attributions
            if g not in target.attributions]
    return out


def score(target: Target, got: Target) -> dict[str, str]:
    """Matched / wanted, and what was coded beyond the target."""
    names = {}  # an entity is right when all its target mentions point to one entity
    right_mentions = 0
    for span, (name, etype) in target.mentions.items():
        if span in got.mentions and got.mentions[span][1] == etype:
            if names.setdefault(name, got.mentions[span][0]) == got.mentions[span][0]:
                right_mentions += 1
    claims_hit = [c for c in target.claims if any(overlaps(c, g) for g in got.claims)]
    unattributed = [a for a in target.attributions if a[3] == "unattributed"]
    wanted = [a for a in target.attributions if a[3] != "unattributed"]

    def same(t, g) -> bool:
        return (overlaps(t[0], g[0]) and overlaps(t[1], g[1]) and overlaps(t[2], g[2])
                and t[3] == g[3] and overlaps(t[4], g[4]))
    hit = [t for t in wanted if any(same(t, g) for g in got.attributions)]
    # the outlet's own voice: the claim is there and nobody is named as its source
    hit += [t for t in unattributed
            if not any(overlaps(t[0], g[0]) and g[3] != "unattributed" for g in got.attributions)
            and any(overlaps(t[0], g) for g in got.claims)]
    extra = len(got.mentions) - right_mentions + len(got.claims) - len(claims_hit)
    return {"mentions": f"{right_mentions}/{len(target.mentions)}",
            "claims": f"{len(claims_hit)}/{len(target.claims)}",
            "attributions": f"{len(hit)}/{len(target.attributions)}",
            "extra": str(max(extra, 0))}


# -- the coder at the keyboard ---------------------------------------------------------

@dataclass
class Counts:
    selections: int = 0
    keys: int = 0
    typed: int = 0
    log: list[str] = field(default_factory=list)


class Coder:
    """Presses keys into whatever has the keyboard focus, as a person would, and counts."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        self.app, self.w = app, window
        self.body = window.article_view.body
        self.counts = Counts()

    def settle(self) -> None:
        for _ in range(3):
            self.app.processEvents()
        QTest.qWait(5)
        self.app.processEvents()

    def focus(self):
        popup = self.w.coding.popup
        if popup is not None and popup.isVisible():
            return popup.focusWidget() or popup
        self.w.activateWindow()
        return self.app.focusWidget() or self.body

    def key(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier, why: str = "") -> None:
        self.counts.keys += 1
        if why:
            self.counts.log.append(why)
        QTest.keyClick(self.focus(), key, modifier)
        self.settle()

    def type(self, text: str) -> None:
        self.counts.typed += len(text)
        self.counts.keys += len(text)
        QTest.keyClicks(self.focus(), text)
        self.settle()

    def select(self, start: int, end: int) -> None:
        """One mouse drag over the span (Qt positions in UTF-16 units)."""
        self.counts.selections += 1
        self.counts.log.append(f"select {self.body.text[start:end]!r}")
        self.body.select_span(start, end)
        self.body.setFocus()
        self.settle()

    def tab_to(self, widget) -> None:
        """Tab through the popup until ``widget`` (or a child of it) has the focus."""
        for _ in range(12):
            now = self.app.focusWidget()
            if now is widget or (now is not None and widget.isAncestorOf(now)):
                return
            self.key(Qt.Key.Key_Tab)
        raise RuntimeError(f"Tab never reached {widget!r}")

    def choose(self, combo, value) -> None:
        """Up/Down in a closed combo box until it shows ``value``."""
        self.tab_to(combo)
        values = getattr(combo, "values", None)
        want = values.index(value) if values and value in values else combo.findData(value)
        if want < 0:
            raise RuntimeError(f"{value!r} is not offered")
        while combo.currentIndex() != want:
            step = Qt.Key.Key_Down if combo.currentIndex() < want else Qt.Key.Key_Up
            self.key(step)


# -- what the coder does ---------------------------------------------------------------

def code_mention(c: Coder, span: tuple[int, int], name: str, etype: str) -> None:
    store = c.w.store
    c.select(*span)
    c.key(Qt.Key.Key_E, why="E")
    popup = c.w.coding.popup
    known = [e for e in store.entities() if e.name == name]
    if known:  # pick the existing entity: Enter if it is preselected, else Down to it
        for _ in range(popup.list.count()):
            item = popup.list.currentItem()
            s = item.data(Qt.ItemDataRole.UserRole) if item else None
            if s is not None and s.entity_id == known[0].id:
                break
            c.key(Qt.Key.Key_Down)
        else:
            c.type(name)
    else:  # a new entity: its name unless the selection says it, its type by Ctrl+digit
        if popup.name.text() != name:
            c.type(name)  # the field's text is selected: typing replaces it
        if popup.type_combo.currentData() != etype:
            digit = popup.type_combo.findData(etype) + 1
            c.key(Qt.Key(Qt.Key.Key_0 + digit), Qt.KeyboardModifier.ControlModifier)
        while True:  # past similar names, to "New entity" (the last row)
            item = popup.list.currentItem()
            if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
                break
            c.key(Qt.Key.Key_Up if popup.list.currentRow() == 0 else Qt.Key.Key_Down)
    c.key(Qt.Key.Key_Return)


def code_claim(c: Coder, span: tuple[int, int]) -> None:
    c.select(*span)
    c.key(Qt.Key.Key_C, why="C")
    c.key(Qt.Key.Key_Return)


def code_attribution(c: Coder, target: Target, attribution: tuple) -> None:
    """S on the source and S on the cue in reading order (the second popup completes
    the same attribution); no second S when the first coded the source already (S on
    "According to" proposes the name after it, span and all)."""
    claim_span, source, cue, kind, parent_cue = attribution
    if kind == "unattributed":
        return  # a claim with no source is the outlet's own voice: nothing to mark
    claims = {(k.start, k.end): k.id for k in c.w.annotations.claims}
    claim_id = next(i for s, i in claims.items() if overlaps(s, claim_span))
    first = True
    for span in sorted(s for s in (source, cue) if s is not None):
        if not first and span == source and any(
                a.claim_id == claim_id and overlaps((a.source_start, a.source_end), source)
                and a.source_entity_id is not None for a in c.w.annotations.attributions
                if a.source_start is not None):
            break  # the window shows the voice whole: its source is coded
        c.select(*span)
        c.key(Qt.Key.Key_S, why="S")
        popup = c.w.coding.popup
        if popup.claim.value() != claim_id:
            c.choose(popup.claim, claim_id)
        if first:
            if popup.kind.value() != kind:
                c.choose(popup.kind, kind)
            if parent_cue is not None:
                parent = next(a.id for a in c.w.annotations.attributions
                              if (a.cue_start, a.cue_end) == parent_cue)
                if popup.parent_attribution.value() != parent:
                    c.choose(popup.parent_attribution, parent)
        c.key(Qt.Key.Key_Return)
        first = False


def attributions_in_chain_order(target: Target) -> list[tuple]:
    """Outer voices first, so that "Nested in" can offer them."""
    done, order = set(), []
    pending = list(target.attributions)
    while pending:
        for a in list(pending):
            if a[4] is None or a[4] in done:
                order.append(a)
                done.add(a[2])
                pending.remove(a)
    return order


def by_typing(c: Coder, target: Target) -> None:
    for span in sorted(target.mentions):
        code_mention(c, span, *target.mentions[span])
    for span in target.claims:
        code_claim(c, span)
    for a in attributions_in_chain_order(target):
        code_attribution(c, target, a)


def proposal_is_right(p: AttributionProposal, target: Target) -> tuple | None:
    """The target attribution this cue proposal codes correctly, if any."""
    source = (p.source.start, p.source.end) if p.source else None
    content = (p.content.start, p.content.end) if p.content else None
    for t in target.attributions:
        if (overlaps(t[2], (p.cue.start, p.cue.end)) and overlaps(t[1], source)
                and content is not None and overlaps(t[0], content) and t[3] == p.kind):
            return t
    return None


def with_suggestions(c: Coder, target: Target) -> None:
    seen: set[str] = set()
    for span in sorted(target.mentions):  # the first mention of each entity by hand
        name, etype = target.mentions[span]
        proposed = any((p.start, p.end) == span for p in c.w.suggestions.proposals)
        if proposed:
            continue
        text = c.body.text[span[0]:span[1]]
        if name not in seen or text != name and text not in seen:
            code_mention(c, span, name, etype)
            seen.update({name, text})
    for p in list(c.w.suggestions.cues):  # look at each framed cue: X the wrong ones
        if proposal_is_right(p, target) is None:
            c.select(p.cue.start, p.cue.end)
            c.key(Qt.Key.Key_X, why="X")
    c.key(Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier, why="Shift+A")
    got = scored(c.w.store, c.w.article_id)
    for span, (name, etype) in sorted(target.mentions.items()):
        if got.mentions.get(span, (None, None))[1] != etype:
            code_mention(c, span, name, etype)
    got = scored(c.w.store, c.w.article_id)
    for span in target.claims:
        if not any(overlaps(span, g) for g in got.claims):
            code_claim(c, span)
    got = scored(c.w.store, c.w.article_id)
    for a in attributions_in_chain_order(target):
        right = any(overlaps(a[0], g[0]) and overlaps(a[2], g[2]) and a[3] == g[3]
                    for g in got.attributions)
        if not right:
            code_attribution(c, target, a)


FLOWS = {"typing": (by_typing, False), "suggestions": (with_suggestions, True)}


def run(flow: str, seed_file: Path, target: Target, folder: Path, app,
        verbose: bool = False) -> dict:
    store = Store(folder / f"{flow}.db", coder="ana")
    aid = import_paths(store, [str(seed_file)]).article_ids[0]
    settings = QSettings(str(folder / f"{flow}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings)
    window.resize(1600, 1000)
    window.show()
    window.open_article(aid)
    coder, (code, shown) = Coder(app, window), FLOWS[flow]
    window.suggestions.set_shown(shown)
    window.activateWindow()
    coder.settle()
    code(coder, target)
    got = scored(store, aid)
    if verbose:
        body = store.article(aid).body
        print(f"{flow}: missed", *misses(target, got, body), sep="\n  ")
        print("  did:", " · ".join(coder.counts.log))
    counts = coder.counts
    annotations = len(got.mentions) + len(got.claims) + len(got.attributions)
    per_annotation = counts.keys / max(annotations, 1)
    row = {"flow": flow, "selections": counts.selections, "keys": counts.keys,
           "typed": counts.typed, "annotations": annotations,
           "keys per annotation": f"{per_annotation:.2f}",
           **score(target, got)}
    window.close()
    store.close()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--verbose", action="store_true", help="say what each flow missed")
    args = parser.parse_args()
    seed_file = next(args.seed.glob("*.txt"), None) if args.seed.is_dir() else args.seed
    if seed_file is None or not seed_file.exists():
        sys.exit(f"no seed article under {args.seed} (../shared/seed)")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        target, _body = gold(seed_file, Path(tmp))
        rows = [run(flow, seed_file, target, Path(tmp), app, args.verbose) for flow in FLOWS]
    columns = list(rows[0])
    print(f"target: {len(target.mentions)} mentions, {len(target.claims)} claims, "
          f"{len(target.attributions)} attributions ({', '.join(e[0] for e in ENTITIES[:3])}…)")
    print(" | ".join(columns))
    print(" | ".join("---" for _ in columns))
    for row in rows:
        print(" | ".join(str(row[c]) for c in columns))
    print(f"goals with suggestions: <= {TARGETS['selections']} selections, "
          f"<= {TARGETS['keys per annotation']} keys per annotation after its selection, "
          f"<= {TARGETS['keys']} keys")


if __name__ == "__main__":
    main()
