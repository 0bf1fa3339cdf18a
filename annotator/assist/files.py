"""Proposals for files on disk, as ``annotator suggest`` prints them.

Offsets index the article body as the importer reads it, so they can be
checked against an imported project; with ``whole_file`` they index the
file's whole decoded text instead, so they can be scored against brat
standoff offsets, which count from the file's first character.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from annotator.assist.attribution_proposal import AttributionProposal
from annotator.assist.attributions import propose_attributions
from annotator.assist.known_entities import KnownEntityMatcher
from annotator.importing import read_path
from annotator.importing.encoding import decode
from annotator.importing.errors import ReadError, ReadWarning


def file_proposals(paths: list[str], matcher: KnownEntityMatcher, *, whole_file: bool = False,
                   attributions: Callable[[str], list[AttributionProposal]] = propose_attributions
                   ) -> Iterator[dict[str, Any]]:
    """One dict per proposal (``kind``, ``file``, offsets, text, entity), and one
    ``{"kind": "error", "file", "message"}`` per file or record that cannot be read.
    ``attributions`` finds a text's attributions: the rules, or the rules reading a
    spaCy model's sentences and parse (``assist.parsed``)."""
    for path in paths:
        try:
            if whole_file:
                with open(path, "rb") as handle:
                    texts = [decode(handle.read()).text]
            else:
                texts = []
                for item in read_path(path):
                    if isinstance(item, ReadError):
                        yield {"kind": "error", "file": path, "message": str(item)}
                    elif not isinstance(item, ReadWarning):
                        texts.append(item.body)
        except (OSError, ReadError, UnicodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            yield {"kind": "error", "file": path, "message": reason}
            continue
        for record, text in enumerate(texts):
            where = {"file": os.fspath(path)} | ({"record": record} if len(texts) > 1 else {})
            for p in matcher.propose(text):
                yield {"kind": "mention", **where, "start": p.start, "end": p.end,
                       "text": p.text, "entity_id": p.entity_id, "entity_type": p.entity_type,
                       "matched": p.matched}
            for a in attributions(text):
                yield {"kind": "attribution", **where, "cue": _span(a.cue),
                       "source": _span(a.source), "content": _span(a.content),
                       "attribution_kind": a.kind}


def _span(span) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}
