"""Making a new project from the window: where, which codebook, which coder.

New project… (annotator/gui/dialogs/new_project.py) asks three things; this
module checks them and builds the project, without Qt, so the rules are the
same for every caller and testable without a display. The research assistant
who sets up a project is the person least likely to read a traceback, so
every refusal is one sentence naming the file (and, for TOML, the line).

An existing project file is never overwritten: a project holds weeks of
coding, and "replace?" is one Enter away from losing it. An empty file (a
``touch``) is not a project and may be used, as ``Store`` already allows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from annotator.codebook import (
    Codebook,
    CodebookError,
    load_codebook,
    parse_codebook,
    resources_path,
)
from annotator.store import ProjectError, Store
from annotator.store.opening import codebook_text_of

#: The extension New project… gives a name typed without one (the project's own default).
DEFAULT_SUFFIX = ".db"

#: Where a codebook comes from: the shipped default, an example, a TOML file, a project.
DEFAULT, EXAMPLE, TOML_FILE, PROJECT = "default", "example", "toml", "project"


@dataclass(frozen=True)
class CodebookChoice:
    """One way to get a codebook; ``path`` is the example, TOML file or project file."""

    kind: str
    path: str | None = None

    def load(self) -> Codebook:
        """The codebook this choice names; CodebookError/ProjectError name the file."""
        if self.kind == DEFAULT:
            return load_codebook(None)
        if not self.path:
            raise CodebookError("choose a file for the codebook")
        if self.kind in (EXAMPLE, TOML_FILE):
            return load_codebook(self.path)
        if self.kind == PROJECT:
            return parse_codebook(codebook_text_of(self.path), f"{self.path}: its codebook")
        raise ValueError(f"unknown codebook choice {self.kind!r}")


def example_codebooks() -> list[tuple[str, Path]]:
    """(name, path) of the example codebooks that ship in ``resources/codebooks/``."""
    folder = resources_path("codebooks")
    out = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        try:
            out.append((load_codebook(path).name, path))
        except CodebookError:
            continue  # a broken example is left out, not offered
    return out


def project_path(text: str) -> Path:
    """The file a typed name means: ``~`` expanded, ``.db`` added when no extension."""
    path = Path(os.path.expanduser(text.strip()))
    if not path.suffix:
        path = path.with_name(path.name + DEFAULT_SUFFIX)
    return path.absolute()


def problem_with_path(path: Path) -> str | None:
    """Why a new project cannot be made at ``path``, or None."""
    if path.is_dir():
        return f"{path} is a folder: type a file name for the project"
    if path.exists() and path.stat().st_size > 0:
        return (f"{path} already exists. A new project never replaces a file: choose "
                "another name, or open that project with Open project…")
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist"
    if not os.access(path.parent, os.W_OK):
        return f"The folder {path.parent} cannot be written to: choose another folder"
    return None


def create_project(path: Path, choice: CodebookChoice, coder: str) -> Path:
    """Build the project with its codebook and first coder; return its path.

    Raises ProjectError or CodebookError with a message fit to show as it is.
    """
    coder = coder.strip()
    if not coder:
        raise ProjectError("Type your name as a coder: it is recorded with every annotation")
    problem = problem_with_path(path)
    if problem:
        raise ProjectError(problem)
    book = choice.load()  # a bad codebook creates no file
    with Store(path, coder=coder, codebook=book):
        pass
    return path
