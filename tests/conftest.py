"""Shared fixtures. Qt runs offscreen so GUI tests need no display."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "corpora"
SEED = SHARED / "seed" / "000_75dea042fe9fdb9a.txt"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent")


@pytest.fixture
def store():
    """An in-memory project with coder 'ana'."""
    from annotator.store import Store

    s = Store(None, coder="ana")
    yield s
    s.close()


@pytest.fixture
def file_store(tmp_path):
    """A project file on disk (WAL mode) with coder 'ana'."""
    from annotator.store import Store

    s = Store(tmp_path / "project.db", coder="ana")
    yield s
    s.close()
