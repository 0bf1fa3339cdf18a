"""Attribution proposals by rule: a cue, the source before or after it, and what was said.

No model and no download: reporting verbs and nouns in every inflection
("said", "tells", "according to", "in a statement"), the colon that opens a
quotation, and quotation marks. For each cue, the source is the nearest name
or pronoun before it in the sentence (or just after it in "..., said the
minister"), the content is the quotation around or next to it, or else the
clause the cue reports ("that ..."), and the kind follows the pattern: a
quotation is a direct quote, "according to" its own kind, the rest indirect.

Precision comes before recall, as for entity identity: a coder rejects a
wrong proposal with one key, but a flood of them is noise. What the rules
reach on PolNeAR's test articles is measured in ``benchmarks/assist_polnear.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.selection import sentence_of

REPORTING = (
    "say tell add note write report announce claim argue insist explain warn state declare "
    "suggest predict acknowledge admit deny confirm describe tweet reply respond answer "
    "conclude believe think know feel hope expect fear promise vow pledge "
    "threaten urge demand propose accuse criticize criticise praise thank blame complain "
    "boast estimate reveal indicate agree disagree recall concede assert contend "
    "maintain stress emphasize emphasise signal hint charge allege question wonder "
    "forecast endorse ask call show find testify observe remark comment mention "
    "caution joke quip recount acknowledge seem appear decline refuse want cite support "
    "defend plan oppose seek see offer dismiss reject attack express back view insist"
).split()
"""Reporting verbs, as lemmas; every inflection is matched (``inflections``)."""

IRREGULAR = {"say": ["said"], "tell": ["told"], "write": ["wrote", "written"],
             "think": ["thought"], "know": ["knew", "known"], "feel": ["felt"],
             "find": ["found"], "show": ["shown"], "hold": ["held"], "seek": ["sought"],
             "see": ["saw", "seen"]}

PHRASES = ("according to", "in a statement",
           "points out", "pointed out", "pointing out", "referring to", "pointed to",
           "talking about", "reportedly")

#: Forms that are mostly something else in news text ("the United States", "a tweet"),
#: measured on PolNeAR train: each was a cue in fewer than a third of its uses.
NOT_CUES = frozenset((
    "add admit answering appear appearing ask attack attacking attacks back backed backing "
    "backs believed comments confirm decline defend demand demanded deny denying estimate "
    "expects feel feeling feels felt find finding hope knew know knowing maintain maintained "
    "maintains note offer offers opposing plan plans pledged reject remark remarks report "
    "reporting responding saw see seek seen showing signal state states stress support thanks "
    "think thinking thought tweet tweets view views want wanted wants write written "
).split())
"""Multi-word cues, matched as they are."""

_QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»"}
_PRONOUN = re.compile(r"\b(?:he|she|they|it|we|i|you)\b", re.IGNORECASE)
_NAME = re.compile(r"(?:\b(?:the|a|an)\s+)?(?:[A-Z][\w.’'-]*(?:\s+(?:of|for|de|al|bin|van)"
                   r"\s+)?)+(?:\s+[A-Z][\w.’'-]*)*")
_COMMON_NP = re.compile(r"\b(?i:the|a|an|his|her|their|its|one)\s+(?:[a-z][\w-]*\s+){0,2}"
                        r"[a-z][\w-]*\s*$")


def inflections(lemma: str) -> set[str]:
    """ "say" -> say, says, saying, said; "note" -> notes, noted, noting; "cry" -> cries..."""
    forms = {lemma, *IRREGULAR.get(lemma, [])}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    if lemma in IRREGULAR:
        forms.discard(lemma + "ed")
    return forms


_VERB_FORMS = sorted({f for lemma in REPORTING for f in inflections(lemma)} - NOT_CUES,
                     key=len, reverse=True)
_CUE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in PHRASES) + "|"
                  + "|".join(re.escape(f) for f in _VERB_FORMS) + r")\b", re.IGNORECASE)
_COLON_QUOTE = re.compile(r"(?<=[A-Za-z)])\s*:\s*(?=[“\"‘][A-Z])|(?<=[A-Za-z)]):\s*\n+(?=[“\"])")
_HEADLINE = re.compile(r"^(?P<source>[A-Z][^:\n]{1,40}): (?P<content>\S[^\n]+)$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class AttributionProposal:
    """A cue, and the source and content it probably joins (None when not found)."""

    cue: Span
    source: Span | None
    content: Span | None
    kind: str  # direct_quote, indirect or according_to (the default codebook's keys)


def propose_attributions(body: str) -> list[AttributionProposal]:
    """Every cue the rules find in ``body``, left to right, with source, content and kind."""
    out: list[AttributionProposal] = []
    quotes = _quotations(body)
    for m in _CUE.finditer(body):
        cue = Span(m.start(), m.end(), m.group())
        if not _is_reporting_use(body, m.start(), m.end(), quotes):
            continue
        out.append(_complete(body, cue, quotes))
    for m in _COLON_QUOTE.finditer(body):
        at = body.index(":", m.start())
        cue = Span(at, at + 1, ":")
        if any(p.cue.start <= cue.start < p.cue.end + 40 for p in out):
            continue  # "said:" already proposed
        out.append(_complete(body, cue, quotes))
    headline = _HEADLINE.match(body.split("\n", 1)[0])
    if headline:  # "Trump: Cruz Has 'To Come a Long Way'"
        colon = headline.end("source")
        out.append(AttributionProposal(
            Span(colon, colon + 1, ":"), Span(0, colon, headline["source"]),
            Span(headline.start("content"), headline.end("content"), headline["content"]),
            "direct_quote" if re.search(r"[‘“\"]", headline["content"]) else "indirect"))
    return _merged(sorted(out, key=lambda p: p.cue.start), body)


def _merged(found: list[AttributionProposal], body: str) -> list[AttributionProposal]:
    """One cue for "said in a statement": a phrase right after a verb joins its cue."""
    out: list[AttributionProposal] = []
    for p in found:
        last = out[-1] if out else None
        if last is not None and 0 <= p.cue.start - last.cue.end <= 2 \
                and not body[last.cue.end:p.cue.start].strip() \
                and p.cue.text.lower().startswith("in "):
            cue = Span(last.cue.start, p.cue.end, body[last.cue.start:p.cue.end])
            out[-1] = AttributionProposal(cue, last.source, last.content, last.kind)
            continue
        out.append(p)
    return out


def _quotations(body: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of every quotation, paired mark to mark."""
    spans = []
    i = 0
    while i < len(body):
        closing = _QUOTE_PAIRS.get(body[i])
        if closing is None:
            i += 1
            continue
        j = body.find(closing, i + 1)
        if j == -1 or "\n" in body[i:j]:
            i += 1
            continue
        spans.append((i + 1, j))
        i = j + 1
    return spans


def _inside(spans: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    return next(((s, e) for s, e in spans if s <= at < e), None)


def _is_reporting_use(body: str, start: int, end: int, quotes) -> bool:
    """Leave out cue words inside a quotation (the speaker's own "said") and nouns
    ("the call", "a show"): a reporting use has a subject or a quotation next to it."""
    if _inside(quotes, start):
        return False
    before = body[max(0, start - 40):start]
    word = body[start:end].lower()
    if re.search(r"\b(?:the|a|an|this|that|his|her|their|its)\s+$", before, re.IGNORECASE):
        return False  # "the call", "a report", "their show"
    if word in ("call", "calls", "show", "shows", "report", "reports", "charge", "charges",
                "question", "questions", "answer", "answers", "comment", "comments") and \
            not re.search(r"[”\"]\s*,?\s*$|\b(?:he|she|they|it|we|I)\s+$|[A-Z]\w+\s+$", before):
        return False
    return True


def _complete(body: str, cue: Span, quotes) -> AttributionProposal:
    sentence = sentence_of(body, cue.start, cue.end)
    content, kind = _content(body, cue, quotes, sentence)
    if cue.text.lower() == "according to":
        kind = "according_to"
    source = _source(body, cue, sentence, content)
    return AttributionProposal(cue, source, content, kind)


def _content(body: str, cue: Span, quotes, sentence) -> tuple[Span | None, str]:
    near = [q for q in quotes if sentence[0] - 2 <= q[0] and q[1] <= sentence[1] + 2]
    after = [q for q in near if q[0] >= cue.end]
    before = [q for q in near if q[1] <= cue.start]
    chosen = (after[0] if after and after[0][0] - cue.end < 12 else
              before[-1] if before else after[0] if after else None)
    if chosen is not None:
        return Span(chosen[0], chosen[1], body[chosen[0]:chosen[1]]), "direct_quote"
    rest_start = cue.end
    m = re.match(r"\s*(?:that\s+)?", body[rest_start:])
    rest_start += m.end() if m else 0
    rest_end = sentence[1]
    while rest_end > rest_start and body[rest_end - 1] in ".!?”\" ":
        rest_end -= 1
    if rest_end - rest_start >= 8:
        return Span(rest_start, rest_end, body[rest_start:rest_end]), "indirect"
    return None, "indirect"


def _source(body: str, cue: Span, sentence, content: Span | None) -> Span | None:
    """The nearest name or pronoun before the cue in its sentence (outside the content),
    else the one right after it ("..., said the minister")."""
    left = body[sentence[0]:cue.start]
    common = _COMMON_NP.search(left)
    if common:  # "the officer said", "a spokesman told"
        start = sentence[0] + common.start()
        text = common.group().strip()
        return Span(start, start + len(text), text)
    best = None
    for m in list(_NAME.finditer(left)) + list(_PRONOUN.finditer(left)):
        start, end = sentence[0] + m.start(), sentence[0] + m.end()
        if content is not None and content.start <= start < content.end:
            continue
        if best is None or end > best[1]:
            best = (start, end)
    if best is not None and cue.start - best[1] <= 60:
        text = body[best[0]:best[1]].strip()
        return Span(best[0], best[0] + len(text), text)
    right = body[cue.end:min(sentence[1], cue.end + 80)]
    m = _NAME.match(right.lstrip()) or _PRONOUN.match(right.lstrip())
    if m:
        start = cue.end + (len(right) - len(right.lstrip())) + m.start()
        text = m.group().strip()
        return Span(start, start + len(text), text)
    return None
