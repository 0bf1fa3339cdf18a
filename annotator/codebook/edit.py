"""Changes to a codebook, worked out without Qt or SQL: the editor's model.

Each operation takes the current :class:`~annotator.codebook.Codebook` and
returns a :class:`CodebookEdit`: the codebook after the change, where the
annotations of a renamed or removed code go (``recode``), and the text the
undo stack shows. The store applies an edit in one transaction
(``Store.change_codebook``), refusing one that would leave annotations with a
code the new codebook lacks; the window pushes it as one undo step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from annotator.codebook import (
    LEVELS,
    SECTION_NOUNS,
    SECTIONS,
    VARIABLES,
    Code,
    Codebook,
    CodebookError,
)
from annotator.codebook.toml_file import codebook_toml, rebuilt

_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


@dataclass(frozen=True)
class Recode:
    """The annotations coded ``old`` in ``section`` get ``new`` (None: no code at all)."""

    section: str
    old: str
    new: str | None


@dataclass(frozen=True)
class CodebookEdit:
    """One change of the scheme: the codebook after it, the recoding, and its name."""

    book: Codebook
    recode: tuple[Recode, ...] = ()
    text: str = "Edit the codebook"


class CodebookMismatch(ValueError):
    """Two projects' codebooks differ so that folding one into the other would lose codes."""


def named(section: str, key: str | None) -> str:
    """"entity type EVENT", for messages and undo texts."""
    return f"{SECTION_NOUNS[section]} {key}" if key is not None else "no code"


def same_scheme(a: Codebook, b: Codebook) -> bool:
    """Whether two codebooks say the same (their versions and comments aside)."""
    return codebook_toml(replace(a, version=1)) == codebook_toml(replace(b, version=1))


def check(book: Codebook) -> None:
    """Refuse a codebook a coder could not use, naming what is wrong.

    Keys unique and without surrounding spaces in each section; colours as
    ``#rrggbb``; each entity type letter a single letter used once.
    """
    for section in SECTIONS:
        seen: set[str] = set()
        for code in book.codes(section):
            if not code.key or code.key != code.key.strip():
                raise CodebookError(f"a {SECTION_NOUNS[section]} needs a key without spaces "
                                    f"around it, not {code.key!r}")
            if code.key in seen:
                raise CodebookError(f"two {SECTION_NOUNS[section]}s have the key {code.key}")
            seen.add(code.key)
            if code.colour and not _COLOUR.fullmatch(code.colour):
                raise CodebookError(f"{named(section, code.key)}: colour {code.colour!r} is "
                                    "not like #f4a261")
    letters = [c.letter for c in book.entity_types if c.letter]
    for letter in letters:
        if len(letter) != 1 or not letter.isalpha():
            raise CodebookError(f"an entity type's key letter must be one letter, not {letter!r}")
        if letters.count(letter) > 1:
            raise CodebookError(f"two entity types have the key letter {letter.upper()}")


def _with_codes(book: Codebook, section: str, codes: list[Code]) -> Codebook:
    field = "certainty_codes" if section == "certainty" else section
    new = rebuilt(book, **{field: tuple(codes)})
    check(new)
    return new


def _index(book: Codebook, section: str, key: str) -> int:
    for i, code in enumerate(book.codes(section)):
        if code.key == key:
            return i
    raise CodebookError(f"the codebook has no {named(section, key)}")


#: Highlight colours a new entity type takes, in order, skipping those in use: light
#: enough for black text on them, and apart from each other and from the shipped ones.
NEW_TYPE_COLOURS = ("#90be6d", "#f9c74f", "#4cc9f0", "#f28482", "#b5838d", "#a3c4f3",
                    "#ffafcc", "#84a59d", "#e9c46a", "#bde0fe", "#c77dff", "#ffb703")


def new_type_colour(book: Codebook) -> str | None:
    """The first of :data:`NEW_TYPE_COLOURS` no entity type has (None: all are taken)."""
    used = {(c.colour or "").lower() for c in book.entity_types}
    return next((c for c in NEW_TYPE_COLOURS if c not in used), None)


def add_code(book: Codebook, section: str, key: str, label: str | None = None,
             **fields: str | None) -> CodebookEdit:
    """A new code at the end of its section; a new entity type gets a colour of its own,
    so its highlights are not taken for another type's (the fallback grey is OTHER's)."""
    key = key.strip()
    if section == "entity_types" and not fields.get("colour"):
        fields["colour"] = new_type_colour(book)
    code = Code(key, (label or "").strip() or key, **_clean(fields))
    new = _with_codes(book, section, [*book.codes(section), code])
    return CodebookEdit(new, (), f"Add {named(section, key)}")


def _clean(fields: dict[str, str | None]) -> dict[str, str | None]:
    """Empty texts become None; a letter is kept in lower case."""
    out = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in fields.items()}
    if out.get("letter"):
        out["letter"] = out["letter"].lower()
    return out


def edit_code(book: Codebook, section: str, key: str, **fields: str | None) -> CodebookEdit:
    """Change a code's fields (label, colour, description, letter); ``new_key`` renames it,
    and its annotations follow."""
    codes = list(book.codes(section))
    i = _index(book, section, key)
    fields = _clean(fields)
    new_key = fields.pop("new_key", None) or key
    if "label" in fields and not fields["label"]:
        fields["label"] = new_key
    codes[i] = replace(codes[i], key=new_key, **fields)
    new = _with_codes(book, section, codes)
    if new_key != key:
        return CodebookEdit(new, (Recode(section, key, new_key),),
                            f"Rename {named(section, key)} to {new_key}")
    what = ", ".join(fields) or "nothing"
    return CodebookEdit(new, (), f"Change the {what} of {named(section, key)}")


def remove_code(book: Codebook, section: str, key: str,
                move_to: str | None = None) -> CodebookEdit:
    """Drop a code; its annotations get ``move_to`` (another code of the section, or None).

    An entity cannot be without a type, so an entity type's entities must move
    to another type.
    """
    codes = list(book.codes(section))
    del codes[_index(book, section, key)]
    if move_to is not None and move_to not in {c.key for c in codes}:
        raise CodebookError(f"cannot move {named(section, key)} to {move_to}: no such code")
    if move_to is None and section == "entity_types":
        raise CodebookError(f"the entities of type {key} need another type to move to")
    new = _with_codes(book, section, codes)
    where = f", moving its annotations to {move_to}" if move_to else ""
    return CodebookEdit(new, (Recode(section, key, move_to),),
                        f"Remove {named(section, key)}{where}")


def move_code(book: Codebook, section: str, key: str, step: int) -> CodebookEdit:
    """Move a code up (-1) or down (+1) its section: the order of menus and scales."""
    codes = list(book.codes(section))
    i = _index(book, section, key)
    j = max(0, min(len(codes) - 1, i + step))
    codes.insert(j, codes.pop(i))
    return CodebookEdit(_with_codes(book, section, codes), (),
                        f"Move {named(section, key)} {'up' if step < 0 else 'down'}")


def set_level(book: Codebook, variable: str, level: str) -> CodebookEdit:
    """The level of measurement the reliability report uses for one variable."""
    if variable not in VARIABLES or level not in LEVELS:
        raise CodebookError(f"cannot make {variable!r} {level!r}: variables are "
                            f"{', '.join(VARIABLES)}; levels {', '.join(LEVELS)}")
    levels = dict(book.levels) | {variable: level}
    return CodebookEdit(rebuilt(book, levels=tuple(sorted(levels.items()))), (),
                        f"Make {variable} {level}")


def rename_codebook(book: Codebook, name: str) -> CodebookEdit:
    name = name.strip()
    if not name:
        raise CodebookError("a codebook needs a name")
    return CodebookEdit(rebuilt(book, name=name), (), f"Rename the codebook to {name}")


def replace_codebook(book: Codebook, new: Codebook,
                     recode: tuple[Recode, ...] = ()) -> CodebookEdit:
    """Take another codebook whole (an imported TOML file), recoding as given."""
    check(new)
    return CodebookEdit(rebuilt(new, version=book.version), recode,
                        f"Import the codebook {new.name}")


def missing_codes(source: Codebook, target: Codebook) -> list[tuple[str, str]]:
    """``(section, key)`` of every code ``source`` has and ``target`` lacks.

    Folding ``source``'s annotations into a project with ``target``'s codebook
    would leave those annotations with codes the target does not know.
    Labels, descriptions and order may differ: nothing is lost by that.
    """
    return [(section, code.key) for section in SECTIONS for code in source.codes(section)
            if target.code(section, code.key) is None]


def parse_recode(spec: str) -> Recode:
    """``type:EVENT=OTHER`` (or ``category:foo=`` for none), as ``--recode`` takes it."""
    short = {"type": "entity_types", "category": "claim_categories",
             "kind": "attribution_kinds", "certainty": "certainty"}
    where, _, rest = spec.partition(":")
    old, eq, new = rest.partition("=")
    section = short.get(where, where)
    if section not in SECTIONS or not old or not eq:
        raise CodebookError(f"{spec!r}: write SECTION:OLD=NEW (SECTION one of "
                            f"{', '.join(short)}; NEW empty for no code)")
    return Recode(section, old, new or None)
