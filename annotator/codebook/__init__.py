"""The coding scheme: entity types, claim categories, attribution kinds, certainty levels.

A codebook is a TOML file. The default one ships in ``resources/``; a team may
point at its own. The text is copied into each project so that a project file
carries the scheme it was coded with, even if the file on disk changes later.
Edit ▸ Codebook… changes it in the window (``codebook.edit``), and
``codebook.toml_file`` writes it back as the same TOML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Levels Krippendorff's α knows (the ``krippendorff`` package computes all four).
LEVELS = ("nominal", "ordinal", "interval", "ratio")
#: Variables a codebook may give a level, as the agreement report names them.
VARIABLES = ("type", "entity", "category", "position", "certainty", "claimant", "source",
             "cue", "kind", "role")
#: Position (−1/0/+1) and certainty are ordered scales; everything else is a category.
DEFAULT_LEVELS = (("position", "ordinal"), ("certainty", "ordinal"))
#: The lists of codes a codebook holds, in the order the editor and the printed page show them.
SECTIONS = ("entity_types", "claim_categories", "attribution_kinds", "certainty")
#: What one code of each section is called in messages ("entity type EVENT").
SECTION_NOUNS = {"entity_types": "entity type", "claim_categories": "claim category",
                 "attribution_kinds": "attribution kind", "certainty": "certainty level"}


OUTLET_KIND = "unattributed"
"""The attribution kind of a claim the outlet itself makes ("ISIL militants are now
spread thin"): no one is quoted, so the attribution has no source and no cue."""


def is_outlet_voice(kind: str | None, source: object) -> bool:
    """Whether an attribution stands for the outlet's own voice: kind ``unattributed``
    and no source (entity or text). The window, ``claims_flat`` and agreement show it
    as a claim without attribution: no source, chain depth 0."""
    return kind == OUTLET_KIND and not source


class CodebookError(ValueError):
    """A codebook file that cannot be used; the message names the file."""


class CodebookDiffers(CodebookError):
    """A codebook file given to set up a project that already has another codebook.

    Replacing a project's codebook is a change of its own (``codebook import``,
    Edit ▸ Codebook…), with its recodes and a new version; a file meant to set
    up a new project must not do it on the way.
    """


@dataclass(frozen=True)
class Code:
    """One code: the ``key`` stored in annotations, the ``label`` coders read.

    ``description`` is the coding rule, shown as a tooltip while coding;
    ``letter`` (entity types only) is the key that picks the type in the E popup.
    """

    key: str
    label: str
    colour: str | None = None
    description: str | None = None
    letter: str | None = None


@dataclass(frozen=True)
class Codebook:
    """A project's coding scheme: its codes by section, positions, levels and version.

    ``source_text`` is the TOML it was read from (what the project stores and exports).
    """

    name: str
    entity_types: tuple[Code, ...]
    claim_categories: tuple[Code, ...]
    attribution_kinds: tuple[Code, ...]
    positions: tuple[tuple[int, str], ...]
    certainty: tuple[str, ...]
    source_text: str
    #: Level of measurement of each coded variable (``[levels]`` in the TOML); a variable
    #: not named there is nominal. Reliability is computed at this level (team/levels.py).
    levels: tuple[tuple[str, str], ...] = DEFAULT_LEVELS
    #: Rises with every change made to a project's codebook; recorded with each annotation.
    version: int = 1
    #: The certainty levels as codes (label, description); ``certainty`` holds their keys.
    certainty_codes: tuple[Code, ...] = ()

    def codes(self, section: str) -> tuple[Code, ...]:
        """The codes of one of :data:`SECTIONS`."""
        if section == "certainty":
            return self.certainty_codes or tuple(Code(c, c) for c in self.certainty)
        if section not in SECTIONS:
            raise KeyError(f"no codebook section {section!r}")
        return getattr(self, section)

    def code(self, section: str, key: str | None) -> Code | None:
        return next((c for c in self.codes(section) if c.key == key), None)

    def description_of(self, section: str, key: str | None) -> str | None:
        """The coding rule of a code, for tooltips; None when it has none."""
        code = self.code(section, key)
        return code.description if code else None

    def level_of(self, variable: str) -> str:
        return dict(self.levels).get(variable, "nominal")

    def entity_type_keys(self) -> list[str]:
        return [c.key for c in self.entity_types]

    def colour_of(self, entity_type: str) -> str:
        for code in self.entity_types:
            if code.key == entity_type and code.colour:
                return code.colour
        return "#d3d3d3"


def type_letters(codes: tuple[Code, ...]) -> list[str]:
    """One letter per entity type for the E popup: the type's own ``letter``, else the first
    letter of its label no other type has ("Person" p, "Place" l, "Other" t); "" if none is left."""
    explicit = {c.letter for c in codes if c.letter}
    taken: list[str] = []
    for code in codes:
        if code.letter:
            taken.append(code.letter)
            continue
        free = [c for c in code.label.lower() if c.isalpha() and c not in taken
                and c not in explicit]
        taken.append(free[0] if free else "")
    return taken


def default_codebook_text() -> str:
    """The TOML of the shipped default codebook (``resources/codebook.toml``)."""
    return resources_path("codebook.toml").read_text(encoding="utf-8")


def resources_path(name: str) -> Path:
    """Path of a file in the installed ``resources/`` folder.

    ``resources/`` installs as the package ``annotator.resources`` so that
    ``pip install .`` carries it, and the package's folder is wherever it landed
    (an editable install, a wheel, the PyInstaller bundle). Read from the package's
    ``__path__``, as ``importlib.resources.files`` would for a package on disk,
    without that module's import: about 5 ms of the first paint (benchmarks/startup.py).
    """
    import annotator.resources as package
    return Path(package.__path__[0]) / name


def parse_codebook(text: str, origin: str = "<codebook>") -> Codebook:
    """Parse codebook TOML, refusing incomplete schemes with a message naming ``origin``."""
    import tomllib  # not at start-up: an opened project's codebook is read from JSON (parsed_form)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CodebookError(f"{origin}: not valid TOML: {exc}") from exc

    def codes(section: str) -> tuple[Code, ...]:
        items = data.get(section)
        if not items:
            raise CodebookError(f"{origin}: section [[{section}]] is missing or empty")
        return _codes(items, section, origin)

    raw_positions = data.get("positions", {"-1": "negative", "0": "neutral", "1": "positive"})
    try:
        positions = tuple(sorted((int(k), str(v)) for k, v in raw_positions.items()))
    except ValueError as exc:
        raise CodebookError(f"{origin}: [positions] keys must be integers") from exc
    certainty = _codes(data.get("certainty", []), "certainty", origin)
    return Codebook(
        levels=_levels(data.get("levels", {}), origin),
        name=str(data.get("name", origin)),
        entity_types=codes("entity_types"),
        claim_categories=codes("claim_categories"),
        attribution_kinds=codes("attribution_kinds"),
        positions=positions,
        certainty=tuple(c.key for c in certainty),
        certainty_codes=certainty,
        source_text=text,
        version=_version(data.get("version", 1), origin),
    )


def _codes(items: object, section: str, origin: str) -> tuple[Code, ...]:
    """A list of code tables; certainty may also be a plain list of strings."""
    if not isinstance(items, list):
        raise CodebookError(f"{origin}: {section} must be a list")
    out = []
    for i, item in enumerate(items, 1):
        if isinstance(item, str) and section == "certainty":
            item = {"key": item}
        if not isinstance(item, dict) or not item.get("key"):
            raise CodebookError(f"{origin}: entry {i} of [[{section}]] has no key")
        letter = item.get("letter")
        if letter is not None and not (isinstance(letter, str) and len(letter) == 1
                                       and letter.isalpha()):
            raise CodebookError(f"{origin}: entry {i} of [[{section}]]: letter must be one "
                                f"letter, not {letter!r}")
        out.append(Code(key=str(item["key"]), label=str(item.get("label", item["key"])),
                        colour=item.get("colour"), description=item.get("description"),
                        letter=letter.lower() if letter else None))
    return tuple(out)


def _version(raw: object, origin: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise CodebookError(f"{origin}: version must be a whole number from 1, not {raw!r}")
    return raw


def _levels(raw: object, origin: str) -> tuple[tuple[str, str], ...]:
    """``[levels]`` over the defaults, refusing unknown variables or levels by name."""
    if not isinstance(raw, dict):
        raise CodebookError(f"{origin}: [levels] must be a table like position = \"ordinal\"")
    levels = dict(DEFAULT_LEVELS)
    for variable, level in raw.items():
        if variable not in VARIABLES:
            raise CodebookError(f"{origin}: [levels] names an unknown variable {variable!r} "
                                f"(known: {', '.join(VARIABLES)})")
        if level not in LEVELS:
            raise CodebookError(f"{origin}: [levels] {variable} = {level!r} is not a level "
                                f"of measurement (use one of {', '.join(LEVELS)})")
        levels[variable] = level
    return tuple(sorted(levels.items()))


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load a codebook file, or the shipped default when ``path`` is None."""
    if path is None:
        return parse_codebook(default_codebook_text(), "resources/codebook.toml")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError(f"{path}: cannot read codebook: {exc}") from exc
    return parse_codebook(text, str(path))
