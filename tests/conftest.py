"""Shared test setup: Qt runs offscreen, and fresh projects in memory or on disk.

QT_QPA_PLATFORM must be set before anything imports Qt, hence at import time here.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from processes import mount_tmpfs, umount  # noqa: E402

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


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB filesystem of its own (skipped where tmpfs cannot be mounted)."""
    folder = tmp_path / "disk"
    if not mount_tmpfs(folder, "size=2m"):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield folder
    umount(folder)


def pytest_terminal_summary(terminalreporter, config):
    """Name the random order's seed even under -q, so a failing order can be run again."""
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int) and config.pluginmanager.has_plugin("randomly"):
        terminalreporter.write_line(f"random test order, seed {seed}: repeat it with "
                                    f"pytest -p randomly --randomly-seed={seed}")
