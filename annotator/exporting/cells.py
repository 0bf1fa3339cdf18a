"""Cell values that statistics packages read exactly, and spreadsheets open safely when asked.

:class:`SafeCsvWriter` is the one way the program writes CSV (the export, the
agreement report). Two routes, because one file cannot serve both readers:

- **exact** (``guard=False``, the export's default): every text as stored, so
  ``body[start:end] == text`` holds in R, pandas and Stata. A prefixed ``'``
  would break that for every span or body that starts with ``-``, ``@`` or ``=``.
- **guarded** (``guard=True``, ``annotator export --excel`` and the agreement
  report): formula-looking text gets a leading ``'`` so a spreadsheet shows it
  as text instead of evaluating it.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

#: A text cell starting with one of these is read as a formula by Excel,
#: LibreOffice and Google Sheets (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: A signed decimal number as spreadsheets read one: "-1", "+3.5", "-.5", "-2e3".
#: Not float()'s wider idea of a number: "-inf", "-nan" or "-1_0" are formulas there.
_SIGNED_NUMBER = re.compile(r"[+-](?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """Prefix a formula-looking text cell with ``'`` so spreadsheets show it as text.

    Only ``str`` values are touched: ints and floats pass through, so a
    position of -1 stays the number -1. A text cell that is itself a plain
    number ("-1", "+3.5") is left alone too, as OWASP's guidance allows,
    because quoting it would corrupt numeric data such as phone-like codes.
    """
    if not isinstance(value, str) or not value or not value.startswith(FORMULA_TRIGGERS):
        return value
    if value[0] in "+-" and _SIGNED_NUMBER.fullmatch(value):
        return value
    return "'" + value


def csv_cell(value: Any, guard: bool = True) -> Any:
    """A value ready for csv.writer: None and NaN become an empty cell; with ``guard``,
    formula-looking text is neutralised.

    Called for every cell of an export, so the common cases come first.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value) if guard and value.startswith(FORMULA_TRIGGERS) else value
    if isinstance(value, float) and math.isnan(value):
        return ""  # an undefined figure: R reads NA, SPSS a missing value
    return value


class SafeCsvWriter:
    """An RFC 4180 csv.writer (CRLF row ends) that passes every cell through :func:`csv_cell`.

    Header cells too: a coder or entity name can be a column name. ``guard``
    says which route (module docstring): True for files meant for spreadsheets.
    """

    def __init__(self, fh: IO[str], *, guard: bool = True) -> None:
        writer = csv.writer(fh, lineterminator="\r\n")
        self._writerow, self._writerows = writer.writerow, writer.writerows
        self._guard = guard

    def writerows(self, rows: Sequence[Sequence[Any]]) -> None:
        """Rows as SQLite gives them. Unguarded they go to csv.writer as they are: it
        writes None as an empty cell, and SQLite holds no NaN (it stores NULL)."""
        if self._guard:
            guard = self._guard
            rows = [[csv_cell(v, guard) for v in row] for row in rows]
        self._writerows(rows)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writerow([csv_cell(v, self._guard) for v in row])

    def writerecord(self, record: Mapping[str, Any], columns: Sequence[str]) -> None:
        """One row of ``record``'s values in ``columns`` order (missing keys: empty cells)."""
        guard = self._guard
        self._writerow([csv_cell(record.get(c), guard) for c in columns])
