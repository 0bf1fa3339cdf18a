"""The word a coder is typing, searched as the indexed words it begins.

The search index keeps prefix indexes of 2 to 4 characters (migration m007),
so "gov" reads one hit list. A longer prefix ("gover") has none: FTS5 merges
the hit lists of every word that starts so, whole, before it returns a row,
and "government" is in most articles: 30-60 ms a keystroke at 1M articles,
ten times the cost at 100k (``benchmarks/scale_search.py``). Searched as
``("government" OR "governor" ...)`` it finds the same articles, and FTS5
walks an OR lazily, so a page of hits or a capped count stops early (under
1 ms at 1M).

The words come from an ``fts5vocab`` table over the index (in the temp
schema: nothing is written to the project file, and a read-only file works
too). Reading it costs about what one merge does (it counts each word's
articles), so it is done once per typed word: as the word grows, the words
it begins are filtered from the last answer, until the project changes.
"""

from __future__ import annotations

from annotator.migrations import FTS_PREFIXES
from annotator.store.base import StoreBase

#: The longest prefix the index answers from a prefix index of its own.
LONGEST_INDEXED_PREFIX = max(int(n) for n in FTS_PREFIXES.split())
#: More words than this and the prefix is left to FTS5 (a rare, very short family).
MOST_WORDS = 200


class TypedPrefixMixin(StoreBase):
    def match_expression(self, search: str) -> str | None:
        """What a coder typed as an FTS5 query (None when it holds no word)."""
        from annotator.search_words import fts5_expression, search_terms  # at the first search
        return fts5_expression(search_terms(search), self.indexed_words_starting)

    def indexed_words_starting(self, prefix: str) -> list[str] | None:
        """Every word of the search index that begins with ``prefix``, or None when
        the prefix index answers it as cheaply, or there are too many, or the
        prefix is not plain ASCII letters and digits (the index folds others)."""
        folded = prefix.lower()
        if len(folded) <= LONGEST_INDEXED_PREFIX or not (folded.isascii() and folded.isalnum()):
            return None
        version = (self.db.conn.total_changes,
                   self.db.execute("PRAGMA data_version").fetchone()[0])
        last = getattr(self, "_typed_prefix_words", None)
        if last is not None and last[1] == version and folded.startswith(last[0]):
            words = [w for w in last[2] if w.startswith(folded)]
        else:
            self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_fts_words"
                            " USING fts5vocab(main, 'articles_fts', 'row')")
            after = folded[:-1] + chr(ord(folded[-1]) + 1)
            words = [r[0] for r in self.db.execute(
                "SELECT term FROM temp.articles_fts_words WHERE term >= ? AND term < ?"
                " LIMIT ?", [folded, after, MOST_WORDS + 1])]
            if len(words) > MOST_WORDS:
                self._typed_prefix_words = None
                return None
        self._typed_prefix_words = (folded, version, words)
        return words
