"""Shared test setup: Qt runs offscreen, and fresh projects in memory or on disk.

QT_QPA_PLATFORM must be set before anything imports Qt, hence at import time here.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from annotator.store import Store  # noqa: E402


@pytest.fixture
def store():
    """An in-memory project with coder "ana"."""
    s = Store(None, coder="ana")
    yield s
    s.close()


@pytest.fixture
def file_store(tmp_path):
    """A project file on disk (WAL, like a coder's), with coder "ana"."""
    s = Store(tmp_path / "project.db", coder="ana")
    yield s
    s.close()
