"""Write a codebook back as the TOML that ``parse_codebook`` (and ``--codebook``) reads.

The window's codebook editor changes a parsed :class:`~annotator.codebook.Codebook`;
the project stores the scheme as TOML text, and a research assistant exports it
to hand to another project. So the writer must round-trip exactly:
``parse_codebook(codebook_toml(book))`` gives the same codes, levels and
version. Strings are written as TOML basic strings through ``json.dumps``: every
escape JSON produces (``\\"``, ``\\\\``, ``\\n``, ``\\uXXXX``) means the same in TOML.
"""

from __future__ import annotations

import json
from dataclasses import replace

from annotator.codebook import Code, Codebook, parse_codebook

HEADER = """\
# An Annotator codebook (Edit > Codebook... in the window writes it; File > New project,
# `annotator import --codebook FILE` and `annotator codebook import` read it).
# Each code: key (stored in the annotations), label (what coders read), description (the
# coding rule, shown as a tooltip while coding); entity types also a colour and the letter
# that picks the type in the E popup.
"""


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _code_lines(section: str, code: Code) -> list[str]:
    lines = [f"[[{section}]]", f"key = {_string(code.key)}", f"label = {_string(code.label)}"]
    for field in ("colour", "letter", "description"):
        value = getattr(code, field)
        if value:
            lines.append(f"{field} = {_string(value)}")
    return lines + [""]


def codebook_toml(book: Codebook) -> str:
    """The codebook as TOML text, with its name and version first."""
    lines = [HEADER, f"name = {_string(book.name)}", f"version = {book.version}"]
    certainty = book.codes("certainty")
    plain = all(c.label == c.key and not c.description for c in certainty)
    if plain:  # a top-level key: it must come before the first [[table]]
        lines.append("certainty = [" + ", ".join(_string(c.key) for c in certainty) + "]")
    lines.append("")
    for section in ("entity_types", "claim_categories", "attribution_kinds"):
        for code in book.codes(section):
            lines += _code_lines(section, code)
    if not plain:  # a label or a rule of its own: one table per level, in scale order
        for code in certainty:
            lines += _code_lines("certainty", code)
    lines.append("[positions]")
    lines += [f"{value} = {_string(label)}" for value, label in book.positions]
    lines += ["", "# Level of measurement of each variable, for Krippendorff's alpha "
                  "(nominal, ordinal, interval, ratio); a variable not named is nominal.",
              "[levels]"]
    lines += [f"{variable} = {_string(level)}" for variable, level in book.levels]
    return "\n".join(lines) + "\n"


def rebuilt(book: Codebook, **changes) -> Codebook:
    """``book`` with ``changes`` applied and its ``source_text`` written anew to match."""
    new = replace(book, **changes)
    if "certainty_codes" in changes:
        new = replace(new, certainty=tuple(c.key for c in new.certainty_codes))
    if not new.certainty_codes:
        new = replace(new, certainty_codes=new.codes("certainty"))
    return parse_codebook(codebook_toml(new), "the edited codebook")
