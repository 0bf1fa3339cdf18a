"""Schema versions of a project file, applied with ``sqlite_utils.Migrations``.

The versions are listed here as plain functions and handed to sqlite-utils only
when a file is created or upgraded (:func:`schema_migrations`): opening a project
that is up to date compares names and never imports sqlite-utils (``sqlite_db``).

Every table of the data model exists from the first version, so later features
add behaviour rather than tables. A new schema change is a new function in the
module of its kind (``tables``, ``views``, ``indexes``), appended to
:data:`SCHEMA_VERSIONS`; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from annotator.sqlite_db import Migrations

if TYPE_CHECKING:
    from annotator.sqlite_db import Database

MIGRATION_SET = "annotator"

#: Every schema version, in the order they apply (the order they were written in).
SCHEMA_VERSIONS: list[Callable[[Database], None]] = []


def schema_version(function: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register ``function`` as the next schema version (its name is the version's)."""
    SCHEMA_VERSIONS.append(function)
    return function


def schema_migrations():
    """sqlite-utils' ``Migrations`` of every version in :data:`SCHEMA_VERSIONS`."""
    migrations = Migrations(MIGRATION_SET)
    for function in SCHEMA_VERSIONS:
        migrations(name=function.__name__)(function)
    return migrations


from annotator.migrations import indexes, tables, views  # noqa: E402 - they need nothing above
from annotator.migrations.indexes import FTS_PREFIXES, LIST_BLOCK_BITS  # noqa: E402
from annotator.migrations.tables import APPLICATION_ID  # noqa: E402

SCHEMA_VERSIONS.extend([
    tables.m001_initial_schema,
    tables.m002_fts_filled_per_batch,
    tables.m003_span_fragments,
    views.m004_browsable_views,
    tables.m005_suggestions,
    indexes.m008_entity_name_index,
    views.m009_codebook_versions,
    tables.m010_rejected_cues,
    indexes.m006_status_counts,
    indexes.m007_search_prefix_index,
    indexes.m011_name_index_trigrams,
    indexes.m012_assignments_by_coder,
])


def known_migration_names() -> list[str]:
    """Names of every schema version this program knows, oldest first."""
    return [function.__name__ for function in SCHEMA_VERSIONS]


__all__ = ["APPLICATION_ID", "FTS_PREFIXES", "LIST_BLOCK_BITS", "MIGRATION_SET", "SCHEMA_VERSIONS",
           "known_migration_names", "schema_migrations", "schema_version"]
