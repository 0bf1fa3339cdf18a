"""CSV and JSON lines: one file per table, streamed row by row so memory stays flat.

The default CSV keeps every text exactly (``body[start:end] == text`` in R,
pandas and Stata); ``excel=True`` is the spreadsheet route: a BOM so Excel
reads UTF-8, and the formula guard of :mod:`annotator.exporting.cells`.
"""

from __future__ import annotations

import json

from annotator.exporting.cells import SafeCsvWriter


class _TextFormat:
    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    def names(self, tables: list[str]) -> list[str]:
        return [f"{name}.{self.suffix}" for name in tables]

    def write(self, store, files, tables, tick, report, *, excel: bool = False) -> None:
        csv_route = self.suffix == "csv"
        encoding = "utf-8-sig" if excel and csv_route else "utf-8"
        for table in tables:
            name = f"{table.name}.{self.suffix}"
            with files.open(name, encoding=encoding, newline="" if csv_route else "\n") as fh:
                if csv_route:
                    rows = _write_csv(fh, table, tick, guard=excel)
                else:
                    rows = _write_jsonl(fh, table, tick)
            report.wrote(table.name, report.outdir / name, rows)
            tick.finished(table.name)


def _write_csv(fh, table, tick, *, guard: bool) -> int:
    writer = SafeCsvWriter(fh, guard=guard)
    writer.writerow(table.columns)
    count = 0
    if table.batches is not None:
        for batch in table.batches():
            writer.writerows(batch)
            count += len(batch)
            tick.many(table.name, len(batch))
        return count
    for row in table.rows():
        writer.writerecord(row, table.columns)
        count += 1
        tick(table.name)
    return count


def _write_jsonl(fh, table, tick) -> int:
    count = 0
    for row in table.rows():
        fh.write(json.dumps({c: row.get(c) for c in table.columns}, ensure_ascii=False))
        fh.write("\n")
        count += 1
        tick(table.name)
    return count


CSV = _TextFormat("csv")
JSONL = _TextFormat("jsonl")
