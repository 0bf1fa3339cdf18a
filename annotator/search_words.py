"""What a coder typed into the search box, read as search terms (no SQL, no Qt).

One reading serves both the full-text query (``annotator.store.articles.fts_query``)
and the words framed in an opened article (``annotator.spans.word_hits``), so
what is framed is what was found.

- Words are runs of letters and digits; every other character (``-``, ``:``,
  ``*``, ``^``, brackets, a lone quote) separates words, so nothing the coder
  types can be an FTS5 syntax error.
- Words are whole words, except the last one while it is being typed: the
  search box searches as the coder types, so "gov" finds "government". A
  word is being typed when nothing follows it (a space or a closing quote
  ends it) and it has at least :data:`MIN_PREFIX` characters: a one-letter
  prefix matches nearly every article and costs a merge of thousands of hit
  lists, so a single letter is a whole word ("2" in "world war 2").
- ``"human rights"`` in double quotes is a phrase (the closing quote may be
  still to come); ``OR`` and ``NOT`` in capitals between two terms are the
  operators; any other pair of terms must both occur (``AND`` may be written).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: The shortest word searched as a prefix while typed (shorter ones are whole words).
MIN_PREFIX = 2

_WORD = re.compile(r"\w+", re.UNICODE)
_PIECE = re.compile(r'"(?P<phrase>[^"]*)(?P<closed>"?)|(?P<word>\w+)', re.UNICODE)
_OPERATORS = ("OR", "NOT")


@dataclass(frozen=True)
class Term:
    """Words that must occur in this order (one word, or a quoted phrase).

    ``prefix``: the last word may be the start of a longer one. ``operator``:
    "OR" or "NOT" joins this term to the one before it; "" means both.
    """

    words: tuple[str, ...]
    prefix: bool = False
    operator: str = ""


def search_terms(text: str) -> list[Term]:
    """The terms of a search, in order (empty when it holds no word)."""
    terms: list[Term] = []
    operator = ""
    for m in _PIECE.finditer(text):
        if m["word"] is not None and m["word"] in (*_OPERATORS, "AND"):
            operator = m["word"] if terms and m["word"] != "AND" else ""
            continue
        words = tuple(_WORD.findall(m["phrase"])) if m["phrase"] is not None else (m["word"],)
        if not words:
            continue
        # open: the term runs to the end of the text (a phrase whose quote is still to come)
        open_ = m.end() == len(text) and not (m["phrase"] is not None and m["closed"])
        terms.append(Term(words, open_ and len(words[-1]) >= MIN_PREFIX, operator))
        operator = ""
    return terms


def fts5_expression(terms: list[Term],
                    words_starting: Callable[[str], list[str] | None] | None = None) -> str | None:
    """The terms as an FTS5 query: each quoted (so its words are words), prefixes with ``*``.

    ``words_starting(prefix)``, when given, may name every indexed word a typed
    prefix begins (None: it cannot say). The prefix is then searched as those
    words joined by OR, which finds the same articles: FTS5 answers a prefix its
    prefix index does not cover by merging all their hit lists before the first
    row, but it walks an OR of words lazily, so a page of hits stops early.
    """
    parts: list[str] = []
    for term in terms:
        quoted, grouped = _quoted(term, words_starting)
        if term.operator:
            parts.append(f"{term.operator} {quoted}")
        elif parts and (grouped or parts[-1].endswith(")")):
            parts.append(f"AND {quoted}")  # FTS5 takes no implicit AND beside brackets
        else:
            parts.append(quoted)
    return " ".join(parts) or None


def _quoted(term: Term, words_starting) -> tuple[str, bool]:
    """(the term in FTS5 syntax, whether it is a bracketed OR of words)."""
    phrase = '"' + " ".join(term.words) + '"'
    if not term.prefix:
        return phrase, False
    words = words_starting(term.words[-1]) if words_starting is not None else None
    if not words:  # unknown (or no word starts so: the prefix itself finds nothing, cheaply)
        return phrase + "*", False
    head = term.words[:-1]
    phrases = ['"' + " ".join((*head, word)) + '"' for word in words]
    if len(phrases) == 1:
        return phrases[0], False
    return "(" + " OR ".join(phrases) + ")", True


def highlight_pattern(terms: list[Term]) -> re.Pattern[str] | None:
    """A regex finding the words the search found (not those after NOT), any case."""
    alternatives = []
    for term in terms:
        if term.operator == "NOT":
            continue
        *whole, last = term.words
        words = [rf"{re.escape(w)}\b" for w in whole] + [
            rf"{re.escape(last)}\w*" if term.prefix else rf"{re.escape(last)}\b"]
        alternatives.extend(words)
    if not alternatives:
        return None
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
