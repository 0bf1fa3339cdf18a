"""Code points no project can store, replaced by U+FFFD so that the article still imports.

A lone surrogate (U+D800..U+DFFF standing alone) is not a character: UTF-8
cannot encode one, so hashing or saving a text that holds one fails, and
before this step it failed a whole batch of other files' articles with it.
They arrive two ways, and both end here:

- JSON may write one as an escape (``"\\ud800"``), and ``json.loads`` keeps it;
- bytes that are not valid in a file's encoding, found past the sample the
  encoding was guessed from, are decoded by the :data:`MARK` error handler to a
  lone surrogate rather than stopping the file.

Each one becomes U+FFFD, one code point for one, so every offset into the text
(a brat span, a line number) stays what it was; the caller reports a warning
naming the file and line.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import fields, replace
from typing import Any

from annotator.model import ArticleDraft
from annotator.spans import counted

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"

#: Name of the codec error handler that marks undecodable bytes with a lone surrogate.
MARK = "annotator.mark"

_TEXT_FIELDS = [f.name for f in fields(ArticleDraft) if f.name != "extra"]


def _mark(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "\udcff", exc.end


codecs.register_error(MARK, _mark)


def first_lone_surrogate(text: str) -> int | None:
    """Index of the first lone surrogate in ``text``, or None (ASCII text is not scanned)."""
    if text.isascii():
        return None
    found = LONE_SURROGATE.search(text)
    return None if found is None else found.start()


def replace_lone_surrogates(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate replaced by U+FFFD, and how many there were."""
    if first_lone_surrogate(text) is None:
        return text, 0
    return LONE_SURROGATE.subn(REPLACEMENT, text)


def replaced_reason(count: int) -> str:
    """The warning's words, shared by every reader."""
    return (f"{counted(count, 'invalid character')} (lone surrogates, or bytes not valid in the "
            "file's encoding) replaced by U+FFFD")


def clean_draft(draft: ArticleDraft) -> tuple[ArticleDraft, int]:
    """The draft with lone surrogates replaced in every text field and in ``extra``."""
    changes: dict[str, Any] = {}
    total = 0
    for name in _TEXT_FIELDS:
        value = getattr(draft, name)
        if isinstance(value, str):
            cleaned, count = replace_lone_surrogates(value)
            if count:
                changes[name], total = cleaned, total + count
    extra, count = _clean_value(draft.extra)
    if count:
        changes["extra"], total = extra, total + count
    return (replace(draft, **changes) if changes else draft), total


def _clean_value(value: Any) -> tuple[Any, int]:
    """A JSON-like value (keys too) with lone surrogates replaced; nested values recurse."""
    if isinstance(value, str):
        return replace_lone_surrogates(value)
    if isinstance(value, dict):
        total, out = 0, {}
        for key, item in value.items():
            new_key, n_key = _clean_value(key)
            new_item, n_item = _clean_value(item)
            out[new_key] = new_item
            total += n_key + n_item
        return (out, total) if total else (value, 0)
    if isinstance(value, list | tuple):
        pairs = [_clean_value(item) for item in value]
        total = sum(n for _, n in pairs)
        return ([item for item, _ in pairs], total) if total else (value, 0)
    return value, 0
