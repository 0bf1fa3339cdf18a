"""Which row is current in the panels: the one whose span was clicked, the one just coded,
the one an undo brought back.

A mixin of MainWindow (the window module stays about layout and what an edit
shows); needs ``entities_panel``, ``claims_panel``, ``sources_panel``, ``tabs`` and
``context``. The row is made current quietly: its span is not flashed back.
"""

from __future__ import annotations


class CurrentRowMixin:
    def _on_highlight_clicked(self, highlight) -> None:
        self.select_row(highlight.table, highlight.row_id, show_panel=True)

    def select_row(self, table: str, row_id: int, *, show_panel: bool = False) -> None:
        """Make a mention's, claim's or attribution's row current in its panel (a click on
        its span, or the row just coded), quietly: its span is not flashed back."""
        panel, kind = {"mentions": (self.entities_panel, "mention"),
                       "claims": (self.claims_panel, None),
                       "attributions": (self.sources_panel, None)}[table]
        if show_panel:
            self.tabs.setCurrentWidget(panel)
        if kind:
            panel.select_id(row_id, kind=kind)
        else:
            panel.select_id(row_id)

    def _show_brought_back(self) -> None:
        """A row a Ctrl+Z (or Ctrl+Y) brought back is current in its panel, as one just
        coded is, so F2 edits it and not the row that happened to be current."""
        row, self.context.brought_back = self.context.brought_back, None
        if row is not None:
            self.select_row(*row)
