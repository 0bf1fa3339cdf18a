"""The quick reading of common English dates agrees with dateparser's, which it spares."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.importing.dates import _dateparser, common_form, date_line

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def forms(when: dt.datetime) -> list[str]:
    month, day = MONTHS[when.month - 1], DAYS[when.weekday()]
    clock = when.strftime("%H:%M:%S")
    return [f"{day[:3]} {month[:3]} {when.day}, {when.year} {clock}",  # the seed's form
            f"{month} {when.day}, {when.year}", f"{when.day} {month} {when.year}",
            f"{day}, {when.day} {month[:3]} {when.year}", f"{when.day} {month} {when.year} "
            f"{when.strftime('%H:%M')}", when.date().isoformat(),
            when.strftime("%Y-%m-%d %H:%M:%S")]


@settings(max_examples=40, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2035, 12, 31)))
def test_common_forms_read_as_dateparser_reads_them(when):
    for text in forms(when.replace(microsecond=0)):
        quick = common_form(text)
        assert quick is not None, text
        assert quick == _dateparser(text, strict=True) == _dateparser(text, strict=False), text


@pytest.mark.parametrize("text", ["Marching 5, 2016", "Nov 31, 2016", "5 Brumaire 2016",
                                  "2016-13-01", "Sat Nov 5 2016 at noon", "5 novembre 2016"])
def test_anything_else_is_left_to_dateparser(text):
    assert common_form(text) is None


def test_the_date_lines_of_the_demo_and_the_seed():
    assert date_line("Sat Nov 5, 2016 19:34:14") == "2016-11-05T19:34:14"
    assert date_line("12 May 2023") == "2023-05-12"
    assert date_line("Published: 5 novembre 2016") == "2016-11-05"  # dateparser still there
