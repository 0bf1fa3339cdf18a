"""The parsed codebook kept beside its TOML in the project, so opening one needs no TOML parser.

A project stores its scheme as TOML text (``meta.codebook``), the form a research
assistant reads and exports. Parsing it when the window opens meant importing
``tomllib`` (its regular expressions and parser, about 8 ms) and parsing (about
1 ms per call), a share of the first paint (benchmarks/startup.py). So the store
also writes the parsed codebook as JSON (``meta.codebook_json``) whenever it
writes the TOML, and reads that back. The JSON carries the TOML it was made
from: if the two differ (a project written by an older version, or by hand), the
JSON is ignored and the TOML parsed, so it can never be stale.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from annotator.codebook import Code, Codebook


def codebook_json(book: Codebook) -> str:
    """``book`` as JSON, with the TOML text it stands for."""
    return json.dumps(asdict(book), ensure_ascii=False)


def codebook_from_json(stored: str | None, toml_text: str) -> Codebook | None:
    """The codebook ``stored`` holds, if it was made from ``toml_text``; else None."""
    if not stored:
        return None
    try:
        data = json.loads(stored)
        if data.get("source_text") != toml_text:
            return None

        def codes(name: str) -> tuple[Code, ...]:
            return tuple(Code(**code) for code in data[name])

        return Codebook(
            name=data["name"], entity_types=codes("entity_types"),
            claim_categories=codes("claim_categories"),
            attribution_kinds=codes("attribution_kinds"),
            positions=tuple((int(value), label) for value, label in data["positions"]),
            certainty=tuple(data["certainty"]), source_text=toml_text,
            levels=tuple((variable, level) for variable, level in data["levels"]),
            version=int(data["version"]), certainty_codes=codes("certainty_codes"))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # damaged or from another layout: the TOML is the record
