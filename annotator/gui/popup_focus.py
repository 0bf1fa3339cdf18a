"""The focus frame of a popup worked from the keyboard (the E, C and S popups).

Fusion draws a focus frame only where the keyboard moved the focus (Tab, a
shortcut); a field the program focused looks like any other, so the S popup's
Kind box gave no sign that the keys went to it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication


class KeyboardFocusShown(QObject):
    """A popup worked from the keyboard shows its first field's focus frame, as a Tab
    would: Fusion draws none on a combo box the program focused, so the S popup's Kind
    box looked like any other. Qt clears the window's keyboard-focus flag as it gives a
    field the focus on activation, so the flag is set once the first field has it,
    whichever field that is (the Kind box is disabled for the outlet's own voice)."""

    def __init__(self, popup) -> None:
        super().__init__(popup)
        self.popup = popup
        self.watching = True
        QApplication.instance().focusChanged.connect(self._focused)
        popup.finished.connect(lambda _result: self._stop())

    def _focused(self, _old, new) -> None:
        if new is None or new.window() is not self.popup:
            return
        self._stop()
        self.popup.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        new.update()

    def _stop(self) -> None:
        if self.watching:
            self.watching = False
            QApplication.instance().focusChanged.disconnect(self._focused)
