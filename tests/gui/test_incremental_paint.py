"""An edit repaints only what it touched, and what it shows equals a full repaint.

After a sequence of edits, undos and redos through the window's coding path,
every paragraph's formats, every tooltip and every panel row must be what a
window that opens the article afresh shows. The text has an emoji and Arabic
before every span (UTF-16 positions differ from code points), the spans
overlap and nest, and one is discontinuous.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from windows import show_active

from annotator.gui.dialogs.mention_popup import MentionChoice
from annotator.gui.main_window import MainWindow
from annotator.model import ArticleDraft
from annotator.store import Store

PARAGRAPHS = [
    "😀🇮🇶 مرحبا. Subsequent to clashes, the Iraqi Army liberated Malayan and Karama, "
    "the General Command said in a statement, ARA News reported.",
    "An officer, Eli Saddi 👍, told ARA News that 2,000 ISIL militants were killed near "
    "Mosul, and the Iraqi Army said it was 7 km away.",
    "𝔐𝔬𝔰𝔲𝔩 residents fled. ISIL denied it, according to Peshmerga officer Nechirvan Mirani.",
]
BODY = "\n\n".join(PARAGRAPHS)


def span(text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = BODY.index(text, start + 1)
    return start, start + len(text)


def formats(window) -> list[list[tuple]]:
    """Every paragraph's format ranges as plain values (UTF-16 positions)."""
    window.article_view.body.paint_all()  # the paragraphs the idle painting has not reached
    return block_formats(window.article_view.body)


def block_formats(body) -> list[list[tuple]]:
    out, block = [], body.document().begin()
    while block.isValid():
        ranges = []
        for r in block.layout().formats():
            f = r.format
            ranges.append((r.start, r.length, f.background().color().name()
                           if f.background().style() != Qt.BrushStyle.NoBrush else None,
                           f.foreground().color().name()
                           if f.foreground().style() != Qt.BrushStyle.NoBrush else None,
                           f.underlineStyle(), f.underlineColor().name(),
                           f.textOutline().style()))
        out.append(ranges)
        block = block.next()
    return out


def panel_rows(model, parent=None) -> list:
    """Every row of a panel (children too) as the view reads it."""
    parent = parent if parent is not None else QModelIndex()
    rows = []
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        rows.append(([model.index(r, c, parent).data() for c in range(model.columnCount())],
                     panel_rows(model, index)))
    return rows


def shown(window) -> tuple:
    body = window.article_view.body
    tips = [body.index.tooltip(i) for i in range(len(body.text))]
    return (formats(window), tips, panel_rows(window.entities_model),
            panel_rows(window.claims_model), panel_rows(window.sources_model))


def fresh(qtbot, store, settings) -> MainWindow:
    return show_active(qtbot, MainWindow(store, settings))


def test_edits_and_undos_paint_what_a_fresh_window_paints(qtbot, tmp_path, settings):
    store = Store(tmp_path / "p.db", coder="ana")
    [aid] = store.add_articles([ArticleDraft(title="One", body=BODY)]).inserted
    army = store.add_mention(aid, *span("Iraqi Army"), name="Iraqi Army",
                             entity_type="ORG").row_id
    claim = store.add_claim(aid, span("the Iraqi Army liberated")[0],
                            span("Karama")[1]).row_id
    window = fresh(qtbot, store, settings)
    resets = []
    for model in (window.entities_model, window.claims_model, window.sources_model):
        model.modelReset.connect(lambda m=model: resets.append(m))
    coding, stack = window.coding, window.undo_stack
    army_entity = store.mentions(aid)[0].entity_id

    # a nested mention inside the claim, a second mention of the same entity, a new one
    coding.add_mention(*span("Iraqi Army", 1), MentionChoice(army_entity, "Iraqi Army", "ORG"))
    coding.add_mention(*span("ARA News"), MentionChoice(None, "ARA News", "MEDIA"))
    coding.add_mention(*span("Eli Saddi"), MentionChoice(None, "Eli Saddi", "PERSON"))
    # a claim over two paragraphs' worth of spans, overlapping the first claim
    coding.add_claim(span("Karama")[0], span("ARA News reported")[1], {})
    second_claim = store.claims(aid)[-1].id
    coding.add_attribution({"claim_id": claim, "kind": "indirect",
                            "cue_span": span("said in a statement"),
                            "source_span": span("the General Command")})
    # a discontinuous mention (two pieces), straight through the store's command path
    first, last = span("Nechirvan"), span("Mirani")
    coding._inserted("Mark", lambda: store.add_mention(
        aid, first[0], last[1], name="Nechirvan Mirani", entity_type="PERSON",
        fragments=[first, last]))
    eli = next(m for m in store.mentions(aid) if m.text == "Eli Saddi")
    coding.edit("mentions", eli.id, {"entity_id": army_entity}, "Re-link mention")
    coding.edit("entities", army_entity, {"type": "ARMED_GROUP"}, "Change entity type")
    coding.edit("claims", second_claim, {"category": None, "note": "nested"}, "Set claim note")
    stack.undo()  # the note
    stack.undo()  # the type
    stack.redo()  # the type again
    window.tabs.setCurrentWidget(window.entities_panel)
    window.entities_panel.select_id(army, kind="mention")
    coding.delete_selected()
    stack.undo()
    stack.undo()  # the re-link
    stack.redo()
    assert not resets  # every edit came as rows, never as a reset

    mine = shown(window)
    assert any(mine[0])  # something is painted at all
    window.close()
    other = fresh(qtbot, store, settings)
    assert other.article_id == aid
    assert shown(other) == mine


def test_an_edit_leaves_other_paragraphs_formats_alone(window, qtbot):
    """Adding a mention in the last paragraph re-sets no other paragraph's formats."""
    store, aid = window.store, window.article_id
    body = window.article_view.body
    text = body.text
    start = text.index("Eli Saddi")
    window.coding.add_mention(start, start + 9, MentionChoice(None, "Eli Saddi", "PERSON"))
    before = formats(window)
    layouts = []
    block = body.document().begin()
    while block.isValid():
        layouts.append(block)
        block = block.next()
    painted = []
    original = body._paint_block
    body._paint_block = lambda block, number: (painted.append(number), original(block, number))
    ara = text.index("ARA News", start)
    window.coding.add_mention(ara, ara + 8, MentionChoice(None, "ARA News", "MEDIA"))
    assert painted == [body.index.block_of(ara)]
    after = formats(window)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == painted
    assert store.mentions(aid)[-1].text == "ARA News"


def long_article(tmp_path) -> tuple[Store, int, str]:
    """An article of 400 paragraphs, each with a mention of the Iraqi Army."""
    body = "\n\n".join(f"😀 Paragraph {i}: the Iraqi Army said ISIL left." for i in range(400))
    store = Store(tmp_path / "long.db", coder="ana")
    [aid] = store.add_articles([ArticleDraft(title="Long", body=body)]).inserted
    pos = body.find("Iraqi Army")
    while pos != -1:
        store.add_mention(aid, pos, pos + 10, name="Iraqi Army", entity_type="ORG")
        pos = body.find("Iraqi Army", pos + 1)
    return store, aid, body


def test_a_long_article_is_painted_while_idle_and_where_it_is_seen_first(qtbot, tmp_path,
                                                                       settings):
    """Off-screen paragraphs get their formats a slice at a time; one scrolled into view
    before that is painted before it is drawn; in the end all equal an eager paint."""
    store, _, _ = long_article(tmp_path)
    window = fresh(qtbot, store, settings)
    view = window.article_view.body
    highlights = view.index.highlights()
    view.set_highlights([])
    view.paint_all()
    assert not any(block_formats(view))
    view.set_highlights(highlights)  # no events processed: only the top is painted yet
    assert not view.painting_done()
    last = view.document().lastBlock()
    assert not last.layout().formats()
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    view.viewport().repaint()
    assert last.layout().formats()  # on screen: painted before it was drawn
    qtbot.waitUntil(view.painting_done)
    lazily = block_formats(view)
    assert all(lazily[i] for i in range(0, len(lazily), 2))  # every paragraph has its mention
    view.set_highlights(highlights)
    view.paint_all()
    assert block_formats(view) == lazily


def test_many_highlights_given_at_once_paint_the_screen_first_and_end_as_an_eager_paint(
        qtbot, tmp_path, settings):
    """More than SCREEN_FIRST highlights shown at once (a 10,000-word article with 575 of
    them): the screen is painted from those that begin before its end, every highlight
    is bucketed while idle, and the formats end as setting them all at once gives."""
    from annotator.gui.article_view import SCREEN_FIRST
    store, aid, body = long_article(tmp_path)
    window = fresh(qtbot, store, settings)
    view = window.article_view.body
    highlights = view.index.highlights()
    assert len(highlights) > SCREEN_FIRST
    view.set_highlights(highlights)
    view.paint_all()
    eager = block_formats(view)
    window.article_view.show_article(store.article(aid), highlights)
    assert view._whole is not None  # shown from the highlights before the screen's end
    first = view.document().firstBlock()
    assert first.layout().formats()  # the top is painted at once
    last = view.document().lastBlock()
    assert not last.layout().formats()
    qtbot.waitUntil(view.painting_done)
    assert block_formats(view) == eager
    assert sorted(map(repr, view.index.highlights())) == sorted(map(repr, highlights))


def test_suggestion_frames_on_screen_are_converted_to_utf16(window):
    """Frames are kept in code points and converted only for the lines being painted."""
    body = window.article_view.body
    text = body.text
    spans = [(text.index("ARA News"), text.index("ARA News") + 8),
             (text.index("Eli Saddi"), text.index("Eli Saddi") + 9)]
    body.set_proposals(spans)
    utf16 = [(len(text[:a].encode("utf-16-le")) // 2, len(text[:b].encode("utf-16-le")) // 2)
             for a, b in spans]
    assert utf16[0][0] != spans[0][0]  # the emoji before them shifts UTF-16 positions
    assert body._proposed_between(0, body.document().characterCount()) == utf16
    assert body._proposed_between(utf16[1][0], utf16[1][1]) == utf16[1:]


def test_frames_start_from_the_line_their_span_starts_on(window):
    """The frame rectangles are those of a walk over every line of the paragraph."""
    body = window.article_view.body
    body.resize(260, 400)  # narrow: the paragraphs wrap onto several lines
    body.viewport().repaint()
    offset = body.contentOffset()

    def every_line(start, end):
        rects, block = [], body.document().findBlock(start)
        while block.isValid() and block.position() < end:
            top = body.blockBoundingGeometry(block).translated(offset).top()
            layout = block.layout()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                a = max(start - block.position(), line.textStart())
                b = min(end - block.position(), line.textStart() + line.textLength())
                if a < b:
                    x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
                    rects.append((min(x1, x2) - 1, top + line.y(), abs(x2 - x1) + 2))
            block = block.next()
        return rects

    length = body.document().characterCount() - 1
    for start in range(0, length - 12, 7):
        rects = body._line_rects(start, start + 12, offset)
        assert [(r.x(), r.y(), r.width()) for r in rects] == every_line(start, start + 12)
    assert len(body._line_rects(0, length, offset)) > 4  # several lines, several frames
