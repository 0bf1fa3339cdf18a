"""One mapping file format for every annotated import: other tools' labels to our codebook.

brat, doccano, Label Studio, WebAnno TSV and XMI readers all return spans and
relations in their tool's own labels; a :class:`LabelMapping` says what each
label means here (an entity type, a source, a cue, a claim, an attribution
link, an identity link). Labels are matched without regard to case, since the
same scheme is written ``PERSON``, ``Person`` and ``person`` by different tools.

The built-in default reads every corpus in ``../shared/corpora`` as it is;
``resources/mappings/*.toml`` are the per-corpus defaults written out, to copy
and edit. ``--mapping NAME`` takes a shipped one by name (``gum``, ``polnear``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from annotator.codebook import resources_path


def _default_entities() -> dict[str, str]:
    return {
        # CoNLL, brat tutorials, Label Studio's NER template
        "PER": "PERSON", "PERSON": "PERSON", "ORG": "ORG", "Organization": "ORG",
        "Organisation": "ORG", "LOC": "GPE/LOC", "Location": "GPE/LOC", "GPE": "GPE/LOC",
        "MISC": "OTHER",
        # spaCy / OntoNotes labels (doccano exports made with spaCy suggestions)
        "NORP": "ORG", "FAC": "GPE/LOC", "EVENT": "EVENT",
        # GUM (WebAnno TSV)
        "place": "GPE/LOC",
    }


@dataclass(frozen=True)
class LabelMapping:
    """Which labels mean what; every field may be set from a dict or a TOML file.

    ``entities`` and ``sources`` map a span label to an entity type; ``cues``
    and ``claims`` are span labels; ``attributions`` are event or relation
    types that tie a source and a cue to a claim; ``equivalences`` are the
    relation (or brat ``*`` group) types whose ends name one entity (coreference);
    ``ignore`` are labels left out without a mention in the report.
    """

    entities: Mapping[str, str] = field(default_factory=_default_entities)
    sources: Mapping[str, str] = field(default_factory=lambda: {"Source": "OTHER"})
    cues: frozenset[str] = frozenset({"Cue"})
    claims: frozenset[str] = frozenset({"Content"})
    attributions: frozenset[str] = frozenset({"Attribution", "Attribution-no-source"})
    equivalences: frozenset[str] = frozenset({"Alias", "Equiv", "coref", "appos", "ana",
                                              "cata"})
    ignore: frozenset[str] = frozenset()
    kinds: Mapping[str, str] = field(default_factory=dict)
    infer_kind: bool = True
    claimant_from_source: bool = True

    @cached_property
    def _folded(self) -> dict[str, Any]:
        def fold(values):
            if isinstance(values, Mapping):
                return {k.casefold(): v for k, v in values.items()}
            return frozenset(v.casefold() for v in values)
        return {f.name: fold(getattr(self, f.name)) for f in fields(self)
                if f.name not in ("infer_kind", "claimant_from_source")}

    def entity_type(self, label: str) -> str | None:
        return self._folded["entities"].get(label.casefold())

    def source_type(self, label: str) -> str | None:
        return self._folded["sources"].get(label.casefold())

    def is_cue(self, label: str) -> bool:
        return label.casefold() in self._folded["cues"]

    def is_claim(self, label: str) -> bool:
        return label.casefold() in self._folded["claims"]

    def is_attribution(self, label: str) -> bool:
        return label.casefold() in self._folded["attributions"]

    def is_equivalence(self, label: str) -> bool:
        return label.casefold() in self._folded["equivalences"]

    def is_ignored(self, label: str) -> bool:
        return label.casefold() in self._folded["ignore"]

    def kind_for(self, link_type: str) -> str | None:
        return self._folded["kinds"].get(link_type.casefold())


#: The folder of the shipped per-corpus mappings.
MAPPINGS_FOLDER = "mappings"


def shipped_mappings() -> dict[str, Path]:
    """Name -> file of the mappings that install with the program."""
    folder = resources_path(MAPPINGS_FOLDER)
    return {p.stem: p for p in sorted(folder.glob("*.toml"))} if folder.is_dir() else {}


def load_mapping(mapping: LabelMapping | Mapping[str, Any] | str | os.PathLike | None
                 ) -> LabelMapping:
    """A mapping from a LabelMapping, a dict, a TOML file or a shipped mapping's name.

    Keys given replace the defaults. TOML example::

        infer_kind = false
        cues = ["Cue", "Speech-verb"]
        [sources]
        Source = "PERSON"

    A shipped mapping's name wins over a folder of that name (``--mapping gum`` run
    beside the ``gum/`` it imports). Raises ValueError (unknown key, wrong value, no
    such file or name) or OSError (a file that cannot be read).
    """
    if mapping is None or isinstance(mapping, LabelMapping):
        return mapping or LabelMapping()
    if not isinstance(mapping, Mapping):
        path = Path(mapping)
        shipped = shipped_mappings()
        if not path.is_file() and str(mapping) in shipped:
            path = shipped[str(mapping)]  # "--mapping gum" beside a folder gum/ of files
        elif not path.exists():
            raise ValueError(f"no such file, nor a mapping that comes with Annotator "
                             f"(those are: {', '.join(shipped) or 'none'})")
        try:
            with open(path, "rb") as fh:
                mapping = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"not valid TOML: {exc}") from None
    known = {f.name for f in fields(LabelMapping)}
    unknown = set(mapping) - known
    if unknown:
        plural = "" if len(unknown) == 1 else "s"
        raise ValueError(f"unknown mapping key{plural}: {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(sorted(known))})")
    defaults = LabelMapping()
    values: dict[str, Any] = {}
    for key, value in mapping.items():
        default = getattr(defaults, key)
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise ValueError(f"{key} must be true or false")
        elif isinstance(default, frozenset):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{key} must be a list of labels")
            value = frozenset(value)
        elif not isinstance(value, Mapping) or not all(
                isinstance(v, str) for v in value.values()):
            raise ValueError(f"{key} must be a table of label = \"type\"")
        values[key] = value
    return replace(defaults, **values)


def mapping_error(mapping: object, exc: Exception) -> tuple[str, None, str]:
    """(where, no line, reason) of a mapping that cannot be used, for one error line."""
    where = os.fspath(mapping) if isinstance(mapping, str | os.PathLike) else "mapping"
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return where, None, f"mapping not usable: {reason}"
