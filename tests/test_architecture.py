"""The architecture rules of DESIGN.md, checked: Qt only in annotator.gui, no SQL elsewhere."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_are_kept():
    """Runs the import-linter contracts of pyproject.toml (Qt stays in annotator.gui)."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run([exe, "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_core_imports_without_qt():
    """The CLI and the core load in a fresh interpreter without pulling PySide6 in."""
    code = ("import sys, annotator.cli, annotator.store, annotator.importing, "
            "annotator.exporting, annotator.identity.candidates, "
            "annotator.team.agreement, annotator.spans; "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_sql_runs_only_in_the_store():
    # a call handing SQL text (a string literal or a variable named sql) to a connection;
    # sqlite_db.py is the store's connection, which hands the store's SQL to sqlite3
    calls = re.compile(r"\.(execute|executemany|executescript|query)\(\s*(f?[\"']|sql\b)")
    offenders = [
        str(path.relative_to(REPO)) for path in (REPO / "annotator").rglob("*.py")
        if calls.search(path.read_text(encoding="utf-8"))
        and not (path.name == "sqlite_db.py"
                 or {"store", "migrations"} & set(path.relative_to(REPO).parts))
    ]
    assert offenders == []
