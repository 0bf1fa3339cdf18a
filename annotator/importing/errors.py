"""The one exception every reader raises, and the record the import report keeps.

Readers raise (or, for a single bad line of a multi-record file, yield)
:class:`ReadError`; :func:`annotator.importing.import_paths` turns each into an
:class:`ImportIssue` so that one bad file or line never stops the rest of an
import, and the coder gets a message naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass


class ReadError(Exception):
    """A file (or one line of it) could not be read as an article.

    ``reason`` is written for the coder ("binary file", "no body"), not for a
    programmer; ``line`` is the 1-based line where the bad record starts, or
    None when the whole file is at fault.
    """

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason if line is None else f"line {line}: {reason}")
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class ImportIssue:
    """One file or line that was skipped, with why, for the report and the CLI."""

    path: str
    line: int | None
    reason: str

    def format(self) -> str:
        """``error: PATH[:LINE]: reason``, the shape compilers and linters use.

        Editors and terminals turn that shape into a link to the file and line.
        """
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"error: {where}: {self.reason}"
