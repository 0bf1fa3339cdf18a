"""Showing a window the way a coder gets it: on screen, exposed, active.

The coding keys (E, C, S, Ctrl+Enter) are the window's shortcuts, which Qt
delivers only to the active window; a test that presses them before the
window is active would press them into nothing.
"""

from __future__ import annotations


def show_active(qtbot, win):
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win
