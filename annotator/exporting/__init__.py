"""Export a project as analysis-ready CSV (or JSON lines) that R, pandas, SPSS read as they are.

Files are streamed row by row from store cursors, so memory stays flat on
large projects. They are written as one :class:`~annotator.exporting.fileset.FileSet`:
into a staging folder beside OUTDIR, and moved into OUTDIR only when every
file is complete, so a failed, cancelled or killed export leaves the previous
export in OUTDIR whole (fileset.py says exactly what is guaranteed).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.codebook import Codebook
from annotator.exporting.cells import SafeCsvWriter
from annotator.exporting.fileset import FileSet
from annotator.exporting.flat import FLAT_COLUMNS, claims_flat

FORMATS = ("csv", "jsonl")
TABLES = ("articles", "entities", "mentions", "claims", "attributions", "claims_flat", "codebook")
CODEBOOK_COLUMNS = ["section", "key", "label", "colour", "description"]

ProgressFn = Callable[[int, int, str], None]


class ExportCancelled(Exception):
    """The coder cancelled; OUTDIR keeps the previous export, nothing of this one is left."""


@dataclass
class ExportReport:
    outdir: Path
    files: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


def codebook_rows(book: Codebook) -> Iterator[dict[str, Any]]:
    """The scheme as rows, so a reader of the CSV knows what every code means."""
    for section, codes in (("entity_type", book.entity_types),
                           ("claim_category", book.claim_categories),
                           ("attribution_kind", book.attribution_kinds)):
        for code in codes:
            yield {"section": section, "key": code.key, "label": code.label,
                   "colour": code.colour, "description": code.description}
    for value, label in book.positions:
        yield {"section": "position", "key": value, "label": label}
    for value in book.certainty:
        yield {"section": "certainty", "key": value, "label": value}


def export_names(fmt: str) -> set[str]:
    """Every file name an export of this format writes: the set that replaces the previous one."""
    return {f"{name}.{fmt}" for name in TABLES}


def _write(fh, columns: list[str], rows: Iterable[dict[str, Any]], *, fmt: str,
           tick: Callable[[], None]) -> int:
    """Stream rows into an open file; return the number of rows."""
    count = 0
    if fmt == "csv":
        writer = SafeCsvWriter(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerecord(row, columns)
            count += 1
            tick()
    else:
        for row in rows:
            fh.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False))
            fh.write("\n")
            count += 1
            tick()
    return count


def export_project(store, outdir: str | Path, *, fmt: str = "csv", excel: bool = False,
                   tables: Iterable[str] = TABLES, progress: ProgressFn | None = None,
                   cancel: Callable[[], bool] | None = None) -> ExportReport:
    """Write each table to ``outdir`` as ``NAME.csv`` (or ``NAME.jsonl``).

    ``progress(done_rows, total_rows, table)`` is called every few hundred rows;
    ``cancel()`` returning True stops between rows with ExportCancelled. The
    files replace the previous export in ``outdir`` only once all are written;
    a write that fails (a full disk) raises FileSetError, one line naming the file.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    outdir = Path(outdir)
    tables = list(tables)
    sources = {
        name: (store.export_columns(name), lambda n=name: store.export_rows(n),
               store.export_count(name))
        for name in tables if name not in ("claims_flat", "codebook")
    }
    if "claims_flat" in tables:
        sources["claims_flat"] = (
            FLAT_COLUMNS,
            lambda: claims_flat(store.export_rows("claims_flat_claims"),
                                store.export_rows("attributions")),
            store.export_count("claims_flat_claims"),
        )
    if "codebook" in tables:
        book_rows = list(codebook_rows(store.codebook()))
        sources["codebook"] = (CODEBOOK_COLUMNS, lambda: iter(book_rows), len(book_rows))
    total = sum(n for _, _, n in sources.values())
    done = 0
    report = ExportReport(outdir)
    with FileSet(outdir, export_names(fmt)) as files:
        for name in tables:
            columns, rows, _ = sources[name]

            def tick(name: str = name) -> None:
                nonlocal done
                done += 1
                if done % 500 == 0:
                    if cancel is not None and cancel():
                        raise ExportCancelled(f"export cancelled while writing {name}")
                    if progress is not None:
                        progress(done, total, name)

            encoding = "utf-8-sig" if excel and fmt == "csv" else "utf-8"
            with files.open(f"{name}.{fmt}", encoding=encoding,
                            newline="" if fmt == "csv" else "\n") as fh:
                report.rows[name] = _write(fh, columns, rows(), fmt=fmt, tick=tick)
            report.files[name] = outdir / f"{name}.{fmt}"
            if progress is not None:
                progress(done, max(total, done), name)
    return report
