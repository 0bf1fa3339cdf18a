"""The tables an export is made of, each a name, its columns and a fresh stream of its rows.

Every format (CSV, JSON lines, xlsx, sav, dta) writes the same tables from here,
so a column added once appears in all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from annotator.codebook import Codebook
from annotator.exporting.flat import FLAT_COLUMNS, claims_flat

TABLES = ("articles", "article_status", "entities", "mentions", "claims", "attributions",
          "claims_flat", "codebook")
CODEBOOK_COLUMNS = ["section", "key", "label", "colour", "description"]


@dataclass(frozen=True)
class Table:
    """One table of an export; ``rows()`` starts a new stream each call."""

    name: str
    columns: list[str]
    rows: Callable[[], Iterator[dict[str, Any]]]
    count: int
    #: The same rows as lists of tuples in ``columns`` order, where the store gives them
    #: so (CSV writes them as they come: a dict per row cost a third of its time).
    batches: Callable[[], Iterator[list[tuple[Any, ...]]]] | None = None


def codebook_rows(book: Codebook) -> Iterator[dict[str, Any]]:
    """The scheme as rows, so a reader of the export knows what every code means."""
    for section, codes in (("entity_type", book.entity_types),
                           ("claim_category", book.claim_categories),
                           ("attribution_kind", book.attribution_kinds)):
        for code in codes:
            yield {"section": section, "key": code.key, "label": code.label,
                   "colour": code.colour, "description": code.description}
    for value, label in book.positions:
        yield {"section": "position", "key": value, "label": label}
    for code in book.codes("certainty"):
        yield {"section": "certainty", "key": code.key, "label": code.label,
               "description": code.description}


def export_tables(store, names: Iterable[str] = TABLES) -> list[Table]:
    """The named tables of ``store`` in the order given; an unknown name is a ValueError."""
    tables = []
    for name in names:
        if name == "claims_flat":
            tables.append(Table(name, FLAT_COLUMNS, lambda: claims_flat(
                store.export_rows("claims_flat_claims"), store.export_rows("attributions")),
                store.export_count("claims_flat_claims")))
        elif name == "codebook":
            book_rows = list(codebook_rows(store.codebook()))
            tables.append(Table(name, CODEBOOK_COLUMNS, lambda r=book_rows: iter(r),
                                len(book_rows)))
        elif name in TABLES:
            tables.append(Table(name, store.export_columns(name),
                                lambda n=name: store.export_rows(n), store.export_count(name),
                                lambda n=name: store.export_batches(n)))
        else:
            raise ValueError(f"unknown table {name!r}; use some of {', '.join(TABLES)}")
    return tables
