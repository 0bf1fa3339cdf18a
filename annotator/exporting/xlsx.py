"""One workbook, ``tables.xlsx``: a sheet per table, ``claims_flat`` first, for spreadsheet users.

Written with XlsxWriter in its constant-memory mode (rows stream to disk), and
every text cell with ``write_string``: no text is ever read as a formula, a
number or a date, so ``=HYPERLINK(…)`` stays text and an id like ``4e07`` stays
``4e07``. Numbers (ids, offsets, positions) stay numbers. Excel and LibreOffice
hold at most 32,767 characters in a cell and 1,048,576 rows in a sheet: a
longer text is cut with a visible marker, rows past the last are left out, and
both are counted in one warning per sheet (the CSV keeps everything).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

import xlsxwriter

from annotator.spans import counted

FILE = "tables.xlsx"
MAX_CELL = 32_767
MAX_ROWS = 1_048_576
#: a column is as wide as its header and the first rows need, within these bounds
MIN_WIDTH, MAX_WIDTH, SAMPLE_ROWS = 6, 42, 200


def cut_marker(length: int) -> str:
    return f" [… cut: {length:,} characters in all; the CSV export has the whole text]"


def fit(text: str) -> tuple[str, bool]:
    """``text`` as a cell can hold it, and whether it was cut."""
    if len(text) <= MAX_CELL:
        return text, False
    marker = cut_marker(len(text))
    return text[:MAX_CELL - len(marker)] + marker, True


def sheet_order(tables: list) -> list:
    """claims_flat first (the analyst's first sheet), then the others as given."""
    return sorted(tables, key=lambda t: t.name != "claims_flat")


def _width(value: Any) -> int:
    if value is None:
        return 0
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0) if "\n" in text \
        else len(text)


class _Xlsx:
    def names(self, tables: list[str]) -> list[str]:
        return [FILE]

    def write(self, store, files, tables, tick, report, *, excel: bool = False) -> None:
        with files.path(FILE) as path:
            book = xlsxwriter.Workbook(str(path), {"constant_memory": True,
                                                   "tmpdir": str(path.parent)})
            header = book.add_format({"bold": True, "bg_color": "#e8e8e8",
                                      "bottom": 1, "text_wrap": False})
            try:
                for table in sheet_order(tables):
                    rows = self._sheet(book, header, table, tick, report)
                    report.wrote(table.name, report.outdir / FILE, rows)
                    tick.finished(table.name)
            finally:
                book.close()

    def _sheet(self, book, header, table, tick, report) -> int:
        sheet = book.add_worksheet(table.name[:31])
        columns = table.columns
        stream: Iterator[dict[str, Any]] = iter(table.rows())
        sample = list(itertools.islice(stream, SAMPLE_ROWS))
        for col, name in enumerate(columns):
            widest = max([len(name)] + [_width(r.get(name)) for r in sample])
            # + 4: room for the autofilter button beside the header
            sheet.set_column(col, col, min(max(widest + 4, MIN_WIDTH), MAX_WIDTH))
        sheet.freeze_panes(1, 0)
        for col, name in enumerate(columns):
            sheet.write_string(0, col, name, header)
        cut: dict[str, int] = {}
        count = left_out = 0
        for record in itertools.chain(sample, stream):
            if count + 1 >= MAX_ROWS:
                left_out += 1
                continue
            count += 1
            for col, name in enumerate(columns):
                value = record.get(name)
                if value is None:
                    continue
                if isinstance(value, bool | int | float):
                    if isinstance(value, float) and math.isnan(value):
                        continue  # an undefined figure: an empty cell
                    sheet.write_number(count, col, value)
                    continue
                text, was_cut = fit(str(value))
                if was_cut:
                    cut[name] = cut.get(name, 0) + 1
                sheet.write_string(count, col, text)
            tick(table.name)
        sheet.autofilter(0, 0, max(count, 1), max(len(columns) - 1, 0))
        where = f"{report.outdir / FILE}, sheet {table.name}"
        if cut:
            columns_cut = ", ".join(f"{column}: {n}" for column, n in cut.items())
            report.warnings.append(
                f"{where}: {counted(sum(cut.values()), 'cell')} over {MAX_CELL:,} characters cut "
                f"({columns_cut}), marked '[… cut: …]'; the CSV export keeps them whole")
        if left_out:
            report.warnings.append(
                f"{where}: {counted(left_out, 'row')} past the sheet's limit of {MAX_ROWS:,} left "
                "out; the CSV export has them all")
        return count


XLSX = _Xlsx()
