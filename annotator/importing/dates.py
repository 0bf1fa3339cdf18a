"""Publication dates: from what a scraper wrote to ISO 8601, without eating body text.

Two uses with different risks:

- :func:`date_line` decides whether a *line* of a scraped text file is a date
  line. A false yes would silently cut the first paragraph off the body, so it
  only accepts short lines that dateparser reads in strict mode (day, month
  and year all present; no relative dates such as "yesterday", no bare
  numbers read as timestamps).
- :func:`parse_date` reads a value from a column already named "date", so it
  may be more lenient; it still returns None rather than guess.

The ISO form keeps the time and offset when the source gave them, and is
date-only otherwise, so "5 November 2016" does not become a midnight that
nobody wrote.

The commonest English forms (``Sat Nov 5, 2016 19:34:14``, ``5 November 2016``,
``2016-11-05``) are read by :func:`common_form` without dateparser, whose import
and language data cost a second: the demo's import, and so the window's first
paint, need no dateparser at all. tests/test_dates.py checks that both readings
agree on these forms.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

#: Languages whose month and weekday names a date line may use. A fixed list:
#: dateparser's language detection is slow and finds dates in ordinary words.
LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pt"]

_STRICT = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}
_LENIENT = {
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],  # else dateparser fills in today's day
}

_MAX_LINE = 64
_MAX_WORDS = 10

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
_MONTHS = {**{name: n for n, name in enumerate(_MONTH_NAMES, 1)},
           **{name[:3]: n for n, name in enumerate(_MONTH_NAMES, 1)}, "sept": 9}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = "(?:(?:" + "|".join([*_WEEKDAYS, *(d[:3] for d in _WEEKDAYS)]) + r"),?\s+)?"
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_CLOCK = r"(?:,?\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
_COMMON = (
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}){_CLOCK}",
               re.IGNORECASE),
    re.compile(rf"{_WEEKDAY}(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{4}}){_CLOCK}",
               re.IGNORECASE),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
               r"(?:[ T](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"),
)
_LABEL = re.compile(
    r"^\s*(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified)(?:\s+on)?|date|on)"
    r"\s*[:\-\u2013|]?\s*",
    re.IGNORECASE,
)
_TIME = re.compile(r"\d{1,2}:\d{2}|\d\s*[ap]\.?m\b", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}\b")


def date_line(line: str) -> str | None:
    """ISO 8601 for a line that is only a date (perhaps labelled), else None."""
    raw = line.strip()
    if not raw or len(raw) > _MAX_LINE or len(raw.split()) > _MAX_WORDS:
        return None
    if not _YEAR.search(raw) or raw.endswith(("?", "!", ":")):
        return None
    return _parse(_LABEL.sub("", raw, count=1), strict=True)


def parse_date(raw: str | None) -> str | None:
    """ISO 8601 for the value of a date column or metadata field, None if unreadable."""
    if raw is None:
        return None
    text = str(raw).strip()
    if not text or not any(c.isdigit() for c in text):
        return None
    try:  # fast path: most exports write ISO already; dateparser costs milliseconds
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return _parse(text[:_MAX_LINE * 2], strict=False)
    if len(text) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat()


def common_form(text: str) -> str | None:
    """ISO 8601 for an English date in one of the commonest forms, else None (ask dateparser)."""
    text = text.strip()
    for pattern in _COMMON:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        parts = found.groupdict()
        month = parts["month"]
        month = int(month) if month.isdigit() else _MONTHS[month.lower()]
        try:
            day = date(int(parts["year"]), month, int(parts["day"]))
            if parts["hour"] is None:
                return day.isoformat()
            return datetime(day.year, day.month, day.day, int(parts["hour"]),
                            int(parts["minute"]), int(parts["second"] or 0)).isoformat()
        except ValueError:
            return None  # 30 February, hour 25: dateparser decides, as before
    return None


@lru_cache(maxsize=4096)
def _parse(text: str, *, strict: bool) -> str | None:
    quick = common_form(text)
    if quick:
        return quick
    return _dateparser(text, strict=strict)


def _dateparser(text: str, *, strict: bool) -> str | None:
    parser = _parser(strict)
    try:
        found = parser.get_date_data(text).date_obj
    except (ValueError, OverflowError, TypeError, KeyError, IndexError):
        return None  # dateparser raises on some odd inputs instead of returning None
    if found is None:
        return None
    if not _TIME.search(text):
        return date(found.year, found.month, found.day).isoformat()
    return found.isoformat()


@lru_cache(maxsize=2)
def _parser(strict: bool):
    """One parser per mode: building one loads language data (a tenth of a second)."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=LANGUAGES, settings=_STRICT if strict else _LENIENT)
