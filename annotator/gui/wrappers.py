"""Giving a widget that Qt made its Python wrapper without PySide6's type search.

A Qt call that returns a ``QWidget*`` of a widget made in C++ (a scroll
area's viewport) has PySide6 find which Python class wraps it, and the first
time that creates the Python class of every QWidget subclass it knows (about
70, each with its enums: some 20 ms of the window's start-up, before its
first paint). ``findChild`` with the class named wraps the widget as that
class at once; Qt's later calls return that same wrapper.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

#: The object name QAbstractScrollArea gives the viewport it makes itself.
VIEWPORT_NAME = "qt_scrollarea_viewport"


def wrap_viewport(area: QAbstractScrollArea) -> None:
    """Wrap ``area``'s own viewport as the plain QWidget it is; call before ``viewport()``.

    A viewport set with ``setViewport`` (or renamed) is left to ``viewport()``
    as before, which still works, only slower the first time.
    """
    area.findChild(QWidget, VIEWPORT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
