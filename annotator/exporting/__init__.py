"""Export a project: exact CSV for R/pandas/Stata, spreadsheets, SPSS/Stata, annotation tools.

Each format is one writer module. The table formats (CSV, JSON lines, xlsx,
sav, dta) write the same tables (:mod:`annotator.exporting.tables`); the
annotation tools' formats (brat, doccano, Label Studio, XMI) write each
coder's documents (:mod:`annotator.exporting.documents`). Files are written as one
:class:`~annotator.exporting.fileset.FileSet`: into a staging folder beside
OUTDIR, and moved into OUTDIR only when every file is complete, so a failed,
cancelled or killed export leaves the previous export in OUTDIR whole
(fileset.py says exactly what is guaranteed).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path

from annotator.exporting.fileset import FileSet, Pattern
from annotator.exporting.progress import ExportCancelled, ExportReport, Ticker
from annotator.exporting.tables import TABLES, export_tables

__all__ = ["FORMATS", "TABLES", "ExportCancelled", "ExportReport", "export_names",
           "export_project"]

ProgressFn = Callable[[int, int, str], None]


#: Format name -> (writer module, its writer), imported late and only the one asked for:
#: a CSV export loaded xlsxwriter, pandas' readers and urllib before (0.1-0.2 s).
_WRITERS = {"csv": ("textfiles", "CSV"), "jsonl": ("textfiles", "JSONL"),
            "xlsx": ("xlsx", "XLSX"), "sav": ("statfiles", "SAV"), "dta": ("statfiles", "DTA"),
            "brat": ("brat", "BRAT"), "doccano": ("doccano", "DOCCANO"),
            "label-studio": ("label_studio", "LABEL_STUDIO"), "xmi": ("xmi", "XMI")}


FORMATS = ("csv", "jsonl", "xlsx", "sav", "dta", "brat", "doccano", "label-studio", "xmi")


def export_names(fmt: str) -> set[str] | Pattern:
    """Every file name an export of this format writes: the set that replaces the previous one
    (a :class:`Pattern` of names for the formats with a file per document)."""
    names = _writer(fmt).names(list(TABLES))
    return names if isinstance(names, Pattern) else set(names)


def _writer(fmt: str):
    if fmt not in _WRITERS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    module, name = _WRITERS[fmt]
    return getattr(importlib.import_module(f"annotator.exporting.{module}"), name)


def export_project(store, outdir: str | Path, *, fmt: str = "csv", excel: bool = False,
                   tables: Iterable[str] = TABLES, progress: ProgressFn | None = None,
                   cancel: Callable[[], bool] | None = None) -> ExportReport:
    """Write the tables to ``outdir`` in format ``fmt``.

    CSV keeps every text exactly unless ``excel`` asks for the spreadsheet
    route (BOM and formula guard). ``progress(done_rows, total_rows, table)``
    is called every few hundred rows; ``cancel()`` returning True stops between
    rows with ExportCancelled. The files replace the previous export in
    ``outdir`` only once all are written; a write that fails (a full disk)
    raises FileSetError, one line naming the file. Cells a format cannot hold
    whole (xlsx's 32,767 characters) are reported in ``report.warnings``.
    """
    writer = _writer(fmt)
    outdir = Path(outdir)
    chosen = export_tables(store, tables)
    report = ExportReport(outdir)
    ticker = Ticker(sum(t.count for t in chosen), progress, cancel)
    with FileSet(outdir, writer.names(list(TABLES))) as files:
        writer.write(store, files, chosen, ticker, report, excel=excel)
    return report
