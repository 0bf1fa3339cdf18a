"""Which words are attribution cues, by weights learned from PolNeAR's train articles.

A list of reporting verbs cannot tell "the United States" from "she states",
nor reach the cues PolNeAR's coders marked that are no reporting verb at all
("wants", "is expected", "a statement", "WALLACE:" in a transcript). Here every
word whose lemma was a cue at least twice and in 1% of its uses in PolNeAR train
is scored by a logistic regression over its lemma, its form and its
neighbours (the words, their shapes and the punctuation on either side,
whether it stands in a quotation, how far it is into its line), and over
features of no word at all (the inflection, what stands before it as its source
and what opens after it as its content), which carry what the common cues taught
over to the rare ones. The weights
and the table of word forms come from ``scripts/build_cue_weights.py``, run on
PolNeAR ``train/`` only, and ship as ``resources/cue_weights.tsv``: features
seen at least a few times, named by lemma and neighbouring word, and their
weights; no sentence of the corpus.

A cue is a run of adjacent scored words above a low threshold, kept when one
of its content words (not "has", "to", "also") reaches the high threshold:
"has said", "according to" and "is expected" come out as one cue, as the
coders marked them. No model download and no tagger: a dictionary look-up and
a dot product per candidate word.
"""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache

from annotator.codebook import resources_path

TOKEN = re.compile(r"[A-Za-z]+(?:[’'][a-z]+)?|:|―|—|--")
"""Words, the colon of "WALLACE:" and "Pence: ...", and dashes (as neighbours only: no
dash was a cue often enough in train to be scored)."""

FUNCTION_WORDS = frozenset(
    "to has have had is are was were be been of a an the in on for about also not did does do "
    "with at by as from that will would could can may might".split())
"""Words that join a cue ("has said", "according to") but never make one alone."""

ARTICLES = frozenset("a an the".split())
"""Function words that may join a cue but never end one."""

LOW, HIGH, JOIN = 0.2, 0.6, 0.5
"""Probabilities a content word needs to be in a cue, a cue's best word needs, and a
function word needs to join the cue it touches; chosen on PolNeAR dev (``HIGH`` 0.6 keeps
dev precision where 0.5 had it before the features of no word, with more recall)."""

_PRONOUNS = frozenset("he she they it we i you".split())
_MARKS = ",“”\"‘’.:;—()"


@lru_cache(maxsize=1)
def weights() -> tuple[dict[str, str], dict[str, float], float]:
    """(word form -> lemma of every candidate cue word, feature -> weight, bias)."""
    lemmas: dict[str, str] = {}
    table: dict[str, float] = {}
    bias = 0.0
    text = resources_path("cue_weights.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, key, value = line.split("\t")
        if kind == "form":
            lemmas[key] = value
        elif kind == "w":
            table[key] = float(value)
        elif kind == "bias":
            bias = float(value)
    return lemmas, table, bias


def shape(word: str) -> str:
    """A word's class for the context features: pronoun, ALLCAPS, Capitalised, lower, mark."""
    if not word:
        return "-"
    if word.lower() in _PRONOUNS:
        return "pr"
    if word.isupper() and len(word) > 1:
        return "XX"
    if word[0].isupper():
        return "Xx"
    return "x" if word[0].isalpha() else word


_QUOTE_EVENT = re.compile(r"[“”\"\n]")


class QuoteMask:
    """Whether a position stands inside quotation marks (reset at each line), by bisection
    over the marks: a text has far fewer of them than characters."""

    def __init__(self, body: str) -> None:
        self.at: list[int] = []
        self.inside: list[bool] = []
        state = False
        for m in _QUOTE_EVENT.finditer(body):
            ch = m.group()
            state = (ch == "“") if ch != '"' else not state
            self.at.append(m.start())
            self.inside.append(state)

    def __getitem__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.at, pos) - 1
        return k >= 0 and self.inside[k]


def _marks(text: str) -> str:
    return "".join(sorted({c for c in text if c in _MARKS})) or "_"


_QUOTE_MARK = re.compile(r"[“”\"‘’]")
_SENTENCE_END = re.compile(r"[.!?\n]")
_AUXILIARIES = frozenset(
    "has have had is are was were be been also not did does do will would could can may "
    "might then later again already still just never previously repeatedly publicly".split())


def _suffix(low: str) -> str:
    """The inflection a word shows ("wants" s, "found" 0): what a lemma never seen as a
    cue in train shares with the ones that were."""
    return next((s for s in ("ing", "ed", "s") if low.endswith(s)), "0")


def subject(body: str, toks: list[re.Match], i: int) -> str:
    """What stands just before word ``i`` in its sentence, past auxiliaries and adverbs
    ("Trump has also said"): a pronoun, a capitalised word, a relative, a mark, a lower
    word, or nothing. A cue mostly has its source right before it."""
    j = i - 1
    while j >= 0 and toks[j].group().lower() in _AUXILIARIES \
            and not _SENTENCE_END.search(body, toks[j].end(), toks[j + 1].start()):
        j -= 1
    if j < 0 or _SENTENCE_END.search(body, toks[j].end(), toks[j + 1].start()):
        return "none"
    if body[toks[j].end():toks[j + 1].start()].strip():
        return "mark"
    word = toks[j].group()
    if word.lower() in _PRONOUNS:
        return "pr"
    if word.lower() in ("who", "which", "that"):
        return "rel"
    return "Xx" if word[0].isupper() else "x"


def content_after(body: str, toks: list[re.Match], i: int) -> str:
    """What opens within five words after word ``i``: a quotation, a "that", an
    infinitive ("wants to"), a colon, the sentence's end, or none of them. A cue mostly
    has its content right after it."""
    for k in range(i + 1, min(len(toks), i + 6)):
        gap = body[toks[k - 1].end():toks[k].start()]
        if _SENTENCE_END.search(gap):
            return "end"
        if _QUOTE_MARK.search(gap):
            return f"q{min(k - i, 3)}"
        word = toks[k].group().lower()
        if word == "that":
            return f"that{min(k - i, 3)}"
        if word == "to" and k == i + 1:
            return "to"
        if word == ":":
            return "colon"
    return "none"


def features(body: str, toks: list[re.Match], i: int, lemma: str, in_quote: bool,
             line_pos: int) -> list[str]:
    """The features of word ``i`` (whose lemma is ``lemma``), as the build script trains them.

    ``l...`` features belong to a lemma, ``w...`` to a word form; the ``g...`` ones to
    no word at all (the neighbours' shapes and marks, the suffix, the source before and
    the content after): they carry what train taught about the common cues over to the
    rare ones ("Trump wants to ...", "she found that ...")."""
    m = toks[i]
    word, low, lm = m.group(), m.group().lower(), lemma
    prev_word = toks[i - 1].group() if i else ""
    next_word = toks[i + 1].group() if i + 1 < len(toks) else ""
    prev = prev_word.lower() or "<s>"
    prev2 = toks[i - 2].group().lower() if i > 1 else "<s>"
    nxt = next_word.lower() or "</s>"
    before = body[toks[i - 1].end():m.start()] if i else ""
    after = body[m.end():toks[i + 1].start()] if next_word else ""
    bc, ac = _marks(before), _marks(after)
    prev_cap = bool(i and prev_word[0].isupper() and not re.search(r"[.!?\n]", before))
    ps, ns = shape(prev_word), shape(next_word)
    headline = body.find("\n", 0, m.start()) == -1  # no slice: O(headline), not O(body)
    lo, hi = toks[max(0, i - 3)].start(), toks[min(len(toks) - 1, i + 3)].end()
    near = f"{bool(_QUOTE_MARK.search(body, lo, m.start()))}|" \
           f"{bool(_QUOTE_MARK.search(body, m.end(), hi))}"
    sf, sj, ca = _suffix(low), subject(body, toks, i), content_after(body, toks, i)
    return ["l=" + lm, "w=" + low, f"l|p={lm}|{prev}", f"l|n={lm}|{nxt}",
            f"l|pp={lm}|{prev2}|{prev}", f"l|bc={lm}|{bc}", f"l|ac={lm}|{ac}",
            f"l|q={lm}|{in_quote}", f"l|pcap={lm}|{prev_cap}", f"w|cap={low}|{word[0].isupper()}",
            f"l|nn={lm}|{nxt}|{ac}", f"l|lp={lm}|{min(line_pos, 4)}", f"l|ps={lm}|{ps}",
            f"l|ns={lm}|{ns}", f"l|psn={lm}|{ps}|{ns}", f"l|hl={lm}|{headline}",
            f"g|ps={ps}", f"g|ns={ns}", f"g|psn={ps}|{ns}", f"g|bc={bc}", f"g|ac={ac}",
            f"g|q={in_quote}", f"g|p={prev}", f"g|n={nxt}", f"g|sf={sf}|{ps}",
            f"g|sfn={sf}|{nxt}", f"g|sfac={sf}|{ac}", f"g|qba={near}", f"l|qba={lm}|{near}",
            f"g|sfq={sf}|{near}|{in_quote}", f"g|sj={sj}", f"l|sj={lm}|{sj}", f"g|ca={ca}",
            f"l|ca={lm}|{ca}", f"g|sjca={sj}|{ca}", f"l|sjca={lm}|{sj}|{ca}",
            f"g|sfsjca={sf}|{sj}|{ca}"]


class _Scorer:
    """The probability of each candidate word of one text, computed when first asked."""

    def __init__(self, body: str, lemmas: dict[str, str], table: dict[str, float],
                 bias: float) -> None:
        self.body, self.table, self.bias = body, table, bias
        self.toks = list(TOKEN.finditer(body))
        self.lemmas = [lemmas.get(m.group().lower()) for m in self.toks]
        self.line_pos, start = [], 0
        for i, m in enumerate(self.toks):
            if i and "\n" in body[self.toks[i - 1].end():m.start()]:
                start = i
            self.line_pos.append(i - start)
        self._mask: QuoteMask | None = None
        self._p: dict[int, float] = {}

    def is_function_word(self, i: int) -> bool:
        return self.toks[i].group().lower() in FUNCTION_WORDS

    def features(self, i: int) -> list[str]:
        if self._mask is None:
            self._mask = QuoteMask(self.body)
        return features(self.body, self.toks, i, self.lemmas[i],
                        self._mask[self.toks[i].start()], self.line_pos[i])

    def p(self, i: int) -> float:
        """0 for a word that is no candidate, else the model's probability that it is a cue."""
        if i not in self._p:
            if self.lemmas[i] is None:
                self._p[i] = 0.0
            else:
                z = self.bias + sum(self.table.get(f, 0.0) for f in self.features(i))
                self._p[i] = 1 / (1 + math.exp(-z))
        return self._p[i]

    def joined(self, i: int, j: int) -> bool:
        """Whether words i < j are neighbours with only space between them."""
        return j == i + 1 and not self.body[self.toks[i].end():self.toks[j].start()].strip()


def cue_spans(body: str, low: float = LOW, high: float = HIGH,
              join: float = JOIN) -> list[tuple[int, int]]:
    """(start, end) of every cue in ``body``, left to right.

    The content words are scored first; a function word is scored only when it
    touches a run, which it may then extend ("has said", "according to").
    """
    lemmas, table, bias = weights()
    s = _Scorer(body, lemmas, table, bias)
    heads = [i for i, lemma in enumerate(s.lemmas)
             if lemma is not None and not s.is_function_word(i) and s.p(i) > low]
    runs: list[list[int]] = []  # [first word, last word, 1 when a head passes ``high``]
    for i in heads:
        strong = int(s.p(i) > high)
        if runs and runs[-1][1] >= i - 1 and s.joined(runs[-1][1], i):
            runs[-1][1], runs[-1][2] = i, max(runs[-1][2], strong)
            continue
        first = i
        while first > 0 and (not runs or runs[-1][1] < first - 1) \
                and s.is_function_word(first - 1) and s.joined(first - 1, first) \
                and s.p(first - 1) > join:
            first -= 1
        runs.append([first, i, strong])
    out = []
    for k, (first, last, strong) in enumerate(runs):
        if not strong:
            continue
        stop = runs[k + 1][0] if k + 1 < len(runs) else len(s.toks)
        while last + 1 < stop and s.is_function_word(last + 1) \
                and s.joined(last, last + 1) and s.p(last + 1) > join:
            last += 1
        while last > first and s.toks[last].group().lower() in ARTICLES:
            last -= 1  # "said in a" of "said in a statement" whose noun scored low
        out.append((s.toks[first].start(), s.toks[last].end()))
    return out
