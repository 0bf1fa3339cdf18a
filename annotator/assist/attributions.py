"""Attribution proposals: a cue, the source before or after it, and what was said.

No model download. The cues are the words that weights learned from PolNeAR
train score as cues in their context (``cue_model``: "said", "according to",
"is expected", "wants", "believes"), joined with "in a statement" after
them, the colon that opens a quotation, and a headline's "Name: ...". For
each cue, the source is the nearest name or pronoun before it in the
sentence (or just after it in "..., said the minister"), the content is the
quotation around or next to it, or else the clause the cue reports ("that
..."), without a lead-in of time or circumstance ("Also on Friday, "), and the
kind follows the pattern: a quotation is a direct quote, "according to" its own
kind, the rest indirect.

Precision comes before recall, as for entity identity: a coder rejects a
wrong proposal with one key, but a flood of them is noise. What the rules
reach on PolNeAR's test articles is measured in ``benchmarks/assist_polnear.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from annotator.assist.attribution_proposal import AttributionProposal, Span
from annotator.assist.cue_model import HIGH, cue_spans
from annotator.selection import sentence_of

PHRASES = ("in a statement", "in an interview")
"""Phrases that join the verb before them into one cue ("said in a statement")."""

_QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»"}
_QUOTE_OPENING = re.compile("[" + re.escape("".join(_QUOTE_PAIRS)) + "]")
_PRONOUN = re.compile(r"\b(?:he|she|they|it|we|i|you)\b", re.IGNORECASE)
_NAME = re.compile(r"(?:\b(?:the|a|an)\s+)?(?:[A-Z][\w.’'-]*(?:\s+(?:of|for|de|al|bin|van)"
                   r"\s+)?)+(?:\s+[A-Z][\w.’'-]*)*")
_COMMON_NP = re.compile(r"\b(?i:the|a|an|his|her|their|its|one)\s+(?:[a-z][\w-]*\s+){0,2}"
                        r"[a-z][\w-]*\s*$")
_STATEMENT = re.compile(r"(?i:(?:in\s+)?(?:an?\s+)?(?:statement|interview))")
_SAME_CLAUSE = re.compile(r"[^.,;:!?\n“”\"]{0,40}")
#: What a reporting verb reports starts after "that", past a short object ("told ARA News
#: that ...", "told reporters on Monday that ...").
_SPACES = re.compile(r"\s*")
_OBJECT_THAT = re.compile(r"\s*(?:[^\s,.;:!?“”\"]+\s+){0,4}?that\s+")
_PHRASE = re.compile(r"\s(?:" + "|".join(PHRASES) + r")\b")
_PHRASE_START = re.compile(r"\s+in$")
_COLON_QUOTE = re.compile(r"(?<=[A-Za-z)])\s*:\s*(?=[“\"‘][A-Z])|(?<=[A-Za-z)]):\s*\n+(?=[“\"])")
_HEADLINE = re.compile(r"^(?P<source>[A-Z][^:\n]{1,40}): (?P<content>\S[^\n]+)$")
#: What stands before a headline's colon and is no speaker: a series' label ("The Latest:",
#: "EXCLUSIVE:"), a phrase ("A Curious Plan to ...", "Big Win For Bernie", "Stealth Over
#: Health": a title-case word that joins, never found inside a name). Chosen on PolNeAR
#: train and dev: the rule's precision there 0.63 and 0.67 before, 0.73 and 1.0 after,
#: losing 3 of 81 and 2 of 10 right ones.
_NO_SPEAKER = re.compile(r"The Latest\b|(?:A|An)\s|[A-Z\s\W]{5,}$|.*,|(?:\S+\s+){5}"
                         r"|.*\s(?:Over|On|In|For|With|Against|After|Into|From|To|At|Under|Is"
                         r"|Are|Has|Have)\b")


#: (text, start, end) -> the (start, end) of the sentence around [start, end)
SentenceFinder = Callable[[str, int, int], tuple[int, int]]


def propose_attributions(body: str, threshold: float = HIGH,
                         sentence_at: SentenceFinder = sentence_of) -> list[AttributionProposal]:
    """Every cue found in ``body``, left to right, with source, content and kind.

    ``threshold`` is the probability a cue's head word needs: lower finds more cues
    and more wrong ones (``benchmarks/assist_polnear.py --threshold``).
    ``sentence_at`` bounds where a cue's source and content are looked for: the
    rules' own splitter, or a spaCy model's sentences (``assist.parsed``)."""
    quotes = _quotations(body)
    found: dict[int, AttributionProposal] = {}
    reached = -1  # where the last cue ended
    for start, end in cue_spans(body, high=threshold):
        if start < reached or (reached >= 0 and _STATEMENT.fullmatch(body, start, end)
                               and _SAME_CLAUSE.fullmatch(body, reached, start)):
            continue  # the "in a statement" of "said (on Monday) in a statement"
        tail = _PHRASE_START.search(body, start, end)  # the cue took the "in" of the phrase
        if tail and _PHRASE.match(body, tail.start()):
            end = tail.start()
        phrase = _PHRASE.match(body, end)  # "said in a statement" is one cue
        end = reached = phrase.end() if phrase else end
        found[start] = _complete(body, Span(start, end, body[start:end]), quotes,
                                  sentence_at)
    for m in _COLON_QUOTE.finditer(body):
        at = body.index(":", m.start())
        if not any(p.cue.start <= at < p.cue.end + 40 for p in found.values()):
            found[at] = _complete(body, Span(at, at + 1, ":"), quotes, sentence_at)  # not "said:"
    headline = _HEADLINE.match(body.split("\n", 1)[0])
    # "Trump: Cruz Has 'To Come a Long Way'": the speaker is the source
    if headline and not _NO_SPEAKER.match(headline["source"].strip()):
        colon = headline.end("source")
        found[colon] = AttributionProposal(
            Span(colon, colon + 1, ":"), Span(0, colon, headline["source"]),
            Span(headline.start("content"), headline.end("content"), headline["content"]),
            "direct_quote" if re.search(r"[‘“\"]", headline["content"]) else "indirect")
    return [found[at] for at in sorted(found)]


def _quotations(body: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of every quotation, paired mark to mark, within a
    paragraph. The opening marks are found by a regex, not a step per character: on a
    10,000-word article the loop over every character took 20 ms."""
    spans = []
    opening = _QUOTE_OPENING.search(body)
    while opening is not None:
        i = opening.start()
        j = body.find(_QUOTE_PAIRS[body[i]], i + 1)
        if j == -1 or body.find("\n", i, j) != -1:
            opening = _QUOTE_OPENING.search(body, i + 1)
            continue
        spans.append((i + 1, j))
        opening = _QUOTE_OPENING.search(body, j + 1)
    return spans


def _complete(body: str, cue: Span, quotes, sentence_at: SentenceFinder
              ) -> AttributionProposal:
    sentence = sentence_at(body, cue.start, cue.end)
    if cue.text.lower() == "according to":
        return _according_to(body, cue, quotes, sentence)
    content, kind = _content(body, cue, quotes, sentence)
    if content is None or content.start >= cue.end and _trails(body, cue, sentence):
        before = _clause_before(body, cue, sentence)  # "..., army officer Eli Saddi told ARA News."
        if before is not None:
            content, kind = before, "indirect"
    source = _source(body, cue, sentence, content)  # the lead-in's names are no source
    return AttributionProposal(cue, source, _without_lead_in(body, content), kind)


def _according_to(body: str, cue: Span, quotes, sentence) -> AttributionProposal:
    """"According to X, ...": X is the source up to the comma, the rest (or its quotation)
    the content; "..., according to X." the other way round."""
    comma = body.find(",", cue.end, min(sentence[1], cue.end + 90))
    quoted, _ = _content(body, cue, quotes, sentence)
    if comma != -1:
        source = _trimmed(body, cue.end, comma)
        rest = quoted if quoted is not None and quoted.start > comma else \
            _trimmed(body, comma + 1, sentence[1], ".!?”\" ")
    else:  # at the end: "... 2,000 were killed, according to the ministry."
        source = _trimmed(body, cue.end, sentence[1], ".!?”\" ")
        rest = _clause_before(body, cue, sentence, at_cue=True)
    return AttributionProposal(cue, source, rest, "according_to")


_LEAD_IN = re.compile(
    r"(?i:also|meanwhile|however|earlier|later|subsequent\s+to|following|after|before|"
    r"during|since|on|in|at|last|yesterday|today|tonight|separately|finally)\b"
    r"[^,“”\"\n]{0,60},\s+")


def _without_lead_in(body: str, content: Span | None) -> Span | None:
    """The content without the time or circumstance that opens it and ends at a comma
    ("Also on Friday, ", "Subsequent to clashes with ISIL terrorists, ", "In the meantime,
    "): the claim is what follows, as coders code it (DESIGN.md's example), and the
    rest of a clause of at least four words is kept; a lead-in of more than eight words
    may be a clause of its own, and stays."""
    if content is None:
        return None
    lead = _LEAD_IN.match(body, content.start, content.end)
    if lead is None or len(body[content.start:lead.end()].split()) > 8 \
            or len(body[lead.end():content.end].split()) < 4:
        return content
    return Span(lead.end(), content.end, body[lead.end():content.end])


def _trimmed(body: str, start: int, end: int, strip: str = " ") -> Span | None:
    """``body[start:end]`` without the spaces (and ``strip`` characters) at its ends."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in strip):
        end -= 1
    return Span(start, end, body[start:end]) if end - start >= 2 else None


def _trails(body: str, cue: Span, sentence) -> bool:
    """The cue ends its sentence but for a short object: "told ARA News.", "said."."""
    rest = body[cue.end:sentence[1]]
    return len(rest.split()) <= 4 and "that" not in rest.split() and not re.search(r"[“\"]", rest)


def _clause_before(body: str, cue: Span, sentence, at_cue: bool = False) -> Span | None:
    """What a cue at the end of its sentence reports: the sentence up to the comma before
    its source ("The army bombed the depot, an officer told ARA News") or, with
    ``at_cue``, before the cue itself ("..., according to the ministry")."""
    left = body[sentence[0]:cue.start]
    comma = left.rfind(",") if at_cue else left.rfind(",", 0, max(left.rstrip().rfind(" "), 0))
    if comma <= 0:
        return None
    span = _trimmed(body, sentence[0], sentence[0] + comma, "“”\"")
    return span if span is not None and len(span.text) >= 8 else None


def _content(body: str, cue: Span, quotes, sentence) -> tuple[Span | None, str]:
    near = [q for q in quotes if sentence[0] - 2 <= q[0] and q[1] <= sentence[1] + 2]
    after = [q for q in near if q[0] >= cue.end]
    before = [q for q in near if q[1] <= cue.start]
    chosen = (after[0] if after and after[0][0] - cue.end < 12 else
              before[-1] if before else after[0] if after else None)
    if chosen is not None:  # the quote without the comma or full stop that closes it
        quote = _trimmed(body, chosen[0], chosen[1], ",;:.")  # ("…and Karama," the Command)
        return (quote or Span(chosen[0], chosen[1], body[chosen[0]:chosen[1]])), "direct_quote"
    rest_start = (_OBJECT_THAT.match(body, cue.end) or _SPACES.match(body, cue.end)).end()
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
