"""SPSS (``.sav``) and Stata (``.dta``) files of the tables, with the codebook inside them.

Through ``pyreadstat`` (ReadStat), which both packages' users rely on. What an
analyst would otherwise rebuild by hand comes with the file:

- **value labels**: ``position`` keeps its numbers -1/0/+1, labelled from the
  codebook; coded text columns (category, kind, the entity types, certainty,
  status) become integer codes 1..n in codebook order, each labelled with its
  key, so ``tab category`` and SPSS's FREQUENCIES show the scheme. A value a
  project holds that its codebook lacks (an imported label) gets the next code
  and its own text as label, so nothing is lost.
- **variable labels**: what each column means (:mod:`annotator.exporting.labels`).
- ``published`` as a real date.

Not streamed: ReadStat writes from a data frame, so one table is in memory at
a time. SPSS holds at most 32,767 bytes in a text value: a longer one is cut
with the xlsx marker and counted in a warning; Stata's strL holds it whole.
"""

from __future__ import annotations

from typing import Any

from annotator.codebook import Codebook
from annotator.exporting.labels import CODED_COLUMNS, COLUMN_LABELS, STATUSES
from annotator.exporting.xlsx import cut_marker
from annotator.spans import counted

SPSS_MAX_BYTES = 32_767
#: the codebook is inside the files as value labels; a table of it would repeat them
SKIPPED = ("codebook",)


def scheme(book: Codebook) -> dict[str, list[str]]:
    return {"entity_type": book.entity_type_keys(),
            "claim_category": [c.key for c in book.claim_categories],
            "attribution_kind": [c.key for c in book.attribution_kinds],
            "certainty": list(book.certainty)}


def code_column(values: list[Any], keys: list[str]) -> tuple[list[float | None], dict[int, str]]:
    """Text values as codes 1..n (codebook order first, then unknown values as they come)."""
    codes = {key: number for number, key in enumerate(keys, 1)}
    for value in values:
        if value is not None and value not in codes:
            codes[value] = len(codes) + 1
    return ([None if v is None else codes[v] for v in values],
            {number: str(key) for key, number in codes.items()})


def _cut_utf8(text: str) -> tuple[str, bool]:
    if len(text) * 4 <= SPSS_MAX_BYTES or len(text.encode("utf-8")) <= SPSS_MAX_BYTES:
        return text, False
    marker = cut_marker(len(text))
    room = SPSS_MAX_BYTES - len(marker.encode("utf-8"))
    return text.encode("utf-8")[:room].decode("utf-8", errors="ignore") + marker, True


class _StatFormat:
    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    def names(self, tables: list[str]) -> list[str]:
        return [f"{name}.{self.suffix}" for name in tables if name not in SKIPPED]

    def write(self, store, files, tables, tick, report, *, excel: bool = False) -> None:
        import pandas as pd
        import pyreadstat

        book = store.codebook()
        codes = scheme(book) | {"status": list(STATUSES)}
        positions = {int(v): f"{int(v):+d} {label}".replace("+0", "0")
                     for v, label in book.positions}
        for table in tables:
            if table.name in SKIPPED:
                continue
            name = f"{table.name}.{self.suffix}"
            data: dict[str, list[Any]] = {c: [] for c in table.columns}
            for row in table.rows():
                for column in table.columns:
                    data[column].append(row.get(column))
                tick(table.name)
            value_labels: dict[str, dict[int, str]] = {}
            cut = 0
            for column, values in data.items():
                section = "status" if column == "status" and table.name == "article_status" \
                    else CODED_COLUMNS.get(column)
                if section is not None:
                    data[column], value_labels[column] = code_column(values, codes[section])
                elif column == "position":
                    value_labels[column] = positions
                elif self.suffix == "sav":
                    for i, value in enumerate(values):
                        if isinstance(value, str):
                            values[i], was_cut = _cut_utf8(value)
                            cut += was_cut
            frame = pd.DataFrame(data, columns=table.columns)
            for column in table.columns:
                frame[column] = _typed(pd, frame[column], column, coded=column in value_labels)
            labels = {c: COLUMN_LABELS.get(c, c) for c in table.columns}
            with files.path(name) as path:
                if self.suffix == "sav":
                    pyreadstat.write_sav(frame, path, column_labels=labels,
                                         variable_value_labels=value_labels,
                                         file_label=f"Annotator export: {table.name}")
                else:
                    pyreadstat.write_dta(frame, path, column_labels=labels, version=14,
                                         variable_value_labels=value_labels,
                                         file_label=f"Annotator: {table.name}"[:80])
            if cut:
                report.warnings.append(
                    f"{report.outdir / name}: {counted(cut, 'text value')} over SPSS's "
                    f"{SPSS_MAX_BYTES:,} bytes cut, marked '[… cut: …]'; the CSV and the "
                    "dta export keep them whole")
            report.wrote(table.name, report.outdir / name, len(frame))
            tick.finished(table.name)


def _typed(pd, series, column: str, *, coded: bool):
    """Dates as dates, codes as numbers (also when all are missing), the rest as text or numbers."""
    if column == "published":
        return pd.to_datetime(series, format="%Y-%m-%d", errors="coerce")
    if coded:
        return pd.to_numeric(series, errors="coerce").astype("float64")
    if series.dtype == object:
        non_null = series.dropna()
        if non_null.empty:
            return series.astype("float64") if column.endswith(("_id", "id")) \
                else series.fillna("").astype(str)
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in non_null):
            return pd.to_numeric(series)
        return series.map(lambda v: "" if v is None else str(v))
    return series


SAV = _StatFormat("sav")
DTA = _StatFormat("dta")
