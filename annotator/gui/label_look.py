"""Grey and semibold labels through the palette and the font, not a style sheet.

A widget given a style sheet is drawn by Qt's style-sheet style, which is built
for it, re-polishes it and its children and is slower to paint: the five style
sheets of the window's labels and panels cost about 5 ms of its first paint
(benchmarks/startup.py). A label's colour and weight need none of that.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

#: The grey of secondary text (an article's date and file, a hint).
SECONDARY = "#555555"
#: The red of a problem said in a dialog (a name taken, a codebook that does not parse).
ERROR_RED = "#b00020"


def grey(widget: QWidget, colour: str = SECONDARY) -> None:
    """Draw ``widget``'s text in a grey (secondary text: a date, a hint, a count)."""
    coloured(widget, colour)


def coloured(widget: QWidget, colour: str) -> None:
    """Draw ``widget``'s text in ``colour`` (a problem in red, a parsed codebook in green)."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    widget.setPalette(palette)


def muted(widget: QWidget) -> None:
    """Draw ``widget``'s text in the palette's mid tone (what ``palette(mid)`` gave)."""
    widget.setForegroundRole(QPalette.ColorRole.Mid)


def italic(widget: QWidget) -> None:
    """``widget``'s font in italics (a quotation of the selected words)."""
    font = widget.font()
    font.setItalic(True)
    widget.setFont(font)


def quotation(widget: QWidget) -> None:
    """Grey italics: how a popup quotes the words it codes."""
    grey(widget)
    italic(widget)


def semibold(widget: QWidget) -> None:
    """``widget``'s font at weight 600, as ``font-weight: 600`` set it."""
    font = widget.font()
    font.setWeight(QFont.Weight.DemiBold)
    widget.setFont(font)
