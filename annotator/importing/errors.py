"""The one exception every reader raises, and the record the import report keeps.

Readers raise (or, for a single bad line of a multi-record file, yield)
:class:`ReadError`; :func:`annotator.importing.import_paths` turns each into an
:class:`ImportIssue` so that one bad file or line never stops the rest of an
import, and the coder gets a message naming the file and line. A record that
imports but not quite as written (a character replaced, an annotation left
out) yields a :class:`ReadWarning` instead: the coder hears of it, and the
import's exit status stays a success.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

#: What a record's or a file's own content can make storing it raise: text that
#: cannot be encoded, an extra field JSON cannot write, a value SQLite will not
#: bind or a constraint refuses, an annotation the store rejects (a name of
#: only spaces). Anything else, above all a failure of the store itself (a full
#: disk, a lock held too long, a read-only file: an OperationalError or the
#: store's own error), propagates, since going on would lose articles silently.
CONTENT_ERRORS = (ValueError, TypeError, OverflowError, RecursionError, LookupError,
                  sqlite3.IntegrityError, sqlite3.InterfaceError)


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


class NotAnArticle(Exception):
    """A file that is part of a corpus but holds no article (a README, a labelling config).

    It is skipped with a note, not counted as a failure.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ReadWarning:
    """Something a reader changed or left out while the record itself imported.

    Yielded (never raised) before the draft it concerns; ``line`` as in
    :class:`ReadError`.
    """

    reason: str
    line: int | None = None


@dataclass(frozen=True)
class ImportIssue:
    """One file or line that was skipped (an error) or imported with a caveat (a warning)."""

    path: str
    line: int | None
    reason: str
    severity: str = "error"

    @classmethod
    def warning(cls, path: str, line: int | None, reason: str) -> ImportIssue:
        return cls(path, line, reason, "warning")

    @classmethod
    def note(cls, path: str, reason: str) -> ImportIssue:
        """A file skipped on purpose, or read for what it says about others."""
        return cls(path, None, reason, "note")

    def format(self) -> str:
        """``error: PATH[:LINE]: reason`` (or ``warning:``, ``note:``), the shape compilers use.

        Editors and terminals turn that shape into a link to the file and line.
        """
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{self.severity}: {where}: {self.reason}"
