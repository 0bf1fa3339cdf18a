"""Cell values that spreadsheets open safely and statistics packages read as they are."""

from __future__ import annotations

from typing import Any

#: A text cell starting with one of these is read as a formula by Excel,
#: LibreOffice and Google Sheets (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a formula-looking text cell with ``'`` so spreadsheets show it as text.

    Only ``str`` values are touched: ints and floats pass through, so a
    position of -1 stays the number -1. A text cell that is itself a plain
    number ("-1", "+3.5") is left alone too, as OWASP's guidance allows,
    because quoting it would corrupt numeric data such as phone-like codes.
    """
    if not isinstance(value, str) or not value or not value.startswith(FORMULA_TRIGGERS):
        return value
    if value[0] in "+-" and _is_number(value):
        return value
    return "'" + value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cell(value: Any) -> Any:
    """A value ready for csv.writer: None becomes an empty cell, text is neutralised."""
    if value is None:
        return ""
    return neutralise(value)
