"""The panels' columns share the width so that what a coder reads is whole.

Found on the seed article at 1500×900: the Sources panel cut its Claim and Kind
while an empty Parent column took the spare width, and the Entities panel cut a
long name while its Mentions count stretched over the free space.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStyleOptionViewItem

from annotator.gui.panels.columns import CODE, FIXED, Column, fit_widths

GENERAL_COMMAND = "Iraqi Army General Command of the Joint Operations"  # a long name


def coded_article(window):
    """Claims with sources of three kinds (none nested), a long entity name, in the window."""
    store, aid, text = window.store, window.article_id, window.article_view.body.text
    command = text.index("the General Command")
    store.add_mention(aid, command, command + len("the General Command"),
                      name=GENERAL_COMMAND, entity_type="ORG")
    for phrase, kind in (("our units liberated", "according_to"),
                         ("2,000 militants were killed", "unattributed")):
        start = text.index(phrase)
        claim = store.add_claim(aid, start, start + len(phrase)).row_id
        cue = text.index("said in a statement")
        store.add_attribution(claim, kind=kind, cue_span=None if kind == "unattributed"
                              else (cue, cue + len("said in a statement")))
    window.reload_annotations()


def cut_cells(panel, column: int) -> list[str]:
    """The texts of the column's cells that do not fit their cell (shown elided)."""
    view, model, cut = panel.view, panel.model, []
    for row in range(model.rowCount()):
        index = model.index(row, column)
        option = QStyleOptionViewItem()
        option.rect, option.font, option.widget = view.visualRect(index), view.font(), view
        if view.itemDelegate().elided(option, index):
            cut.append(index.data())
    return cut


def shown(window, tab: int, qtbot):
    window.tabs.setCurrentIndex(tab)
    panel = window.tabs.currentWidget()
    qtbot.waitUntil(lambda: panel.view.viewport().width() > 0)
    qtbot.waitUntil(lambda: not panel._refit.isActive())  # fitted to the rows just read
    return panel


def test_at_1500_by_900_the_kind_and_the_names_are_whole_and_empty_columns_small(window,
                                                                               qtbot):
    window.resize(1500, 900)
    coded_article(window)
    sources = shown(window, 2, qtbot)
    header = sources.view.header()
    kind, parent = sources.model.COLUMNS.index("Kind"), sources.model.COLUMNS.index("Parent")
    assert cut_cells(sources, kind) == []
    assert header.sectionSize(parent) <= header.sectionSizeHint(parent)  # empty: its title
    assert header.sectionSize(0) > sources.WIDTHS[0]  # the claim has the width Parent gave
    shown_columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    assert sum(header.sectionSize(c) for c in shown_columns) == sources.view.viewport().width()

    entities = shown(window, 0, qtbot)
    assert cut_cells(entities, 0) == []  # the long name is whole
    assert entities.view.header().sectionSize(2) == entities.WIDTHS[2]  # the count: no more


def test_a_narrow_panel_cuts_text_before_codes_and_titles_before_nothing():
    claim, source = Column(110, 600), Column(140, 210, header=60)
    kind, count = Column(100, 95, CODE, header=40), Column(64, 64, FIXED)
    wide = fit_widths(700, [claim, source, kind, count], 0, 44)
    assert sum(wide) == 700 and wide[2:] == [95, 64]  # a code its need, a count its own
    assert 110 < wide[0] and 140 < wide[1] <= 210  # the spare shared by the two cut ones
    narrow = fit_widths(300, [claim, source, kind, count], 0, 44)
    assert narrow[2:] == [95, 64] and sum(narrow) == 300  # the kind whole, the text less
    assert narrow[1] >= 60  # not under its title while the claim can give
    tiny = fit_widths(150, [claim, source, kind, count], 0, 44)
    assert tiny == [44, 44, 44, 64]  # nothing under the least width; a count keeps its own


def test_a_narrower_panel_cuts_the_text_before_the_kind(window, qtbot):
    window.resize(1500, 900)
    window.splitter.setSizes([300, 800, 400])  # the coder widened the article
    coded_article(window)
    sources = shown(window, 2, qtbot)
    kind = sources.model.COLUMNS.index("Kind")
    assert cut_cells(sources, kind) == []  # "According to" whole, as the codes in a row
    assert sources.view.horizontalScrollBar().maximum() == 0


def test_rows_keep_their_padding_without_a_style_sheet(window, qtbot):
    """The rows are as roomy as the style sheet made them (3 px above and below the text,
    2 px either side), and no panel carries one: the style-sheet style is built for it."""
    coded_article(window)
    for panel in (window.entities_panel, window.claims_panel, window.sources_panel):
        view = panel.view
        assert view.styleSheet() == ""
        option = QStyleOptionViewItem()
        option.font, option.widget = view.font(), view
        index = panel.model.index(0, 0)
        delegate = view.itemDelegate()
        padded = delegate.sizeHint(option, index)
        plain = super(type(delegate), delegate).sizeHint(option, index)
        assert (padded.width() - plain.width(), padded.height() - plain.height()) == (4, 6)
        assert padded.height() >= view.fontMetrics().height() + 6
