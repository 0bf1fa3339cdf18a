"""The installed PySide6 must not leak references to None, True and False.

PySide6-Essentials 6.12.0 on Python < 3.12 drops one reference to ``None`` on
every void call and to ``True``/``False`` on every ``Signal.emit``; after a
minute of coding the interpreter aborts with "none_dealloc". pyproject.toml
keeps 6.12 off Python 3.11; this test catches a wheel that brings it back,
by counting references instead of waiting for the crash.
"""

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget


class Emitter(QObject):
    fired = Signal(int)


def test_void_calls_and_emits_keep_their_references(qapp):
    widget = QWidget()
    emitter = Emitter()
    emitter.fired.connect(lambda _v: None)
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2_000):
        widget.setWindowTitle("x")
        emitter.fired.emit(1)
    assert sys.getrefcount(None) >= before_none - 100
    assert sys.getrefcount(True) >= before_true - 100
    assert widget.windowTitle() == "x"
