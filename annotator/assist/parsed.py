"""Attribution proposals with a spaCy model the coder has installed (optional).

The rules of ``assist.attributions`` need no model: they take sentencex's
sentences (``annotator.selection``) and the nearest name before a cue as its source. A coder who
has a spaCy model installed (``python -m spacy download en_core_web_sm``, or a
model folder of their own) may point the program at it (``annotator suggest
--spacy-model``, or View ▸ Suggestions from a spaCy model… in the window), and then:

- sentences are the model's (a sentencizer or a parser), cut at line breaks,
  since a paragraph never continues a sentence in a news article;
- with a dependency parser, a cue verb's subject is its source ("The officer
  in charge of the depot said ..." is one source, not "the depot"), the
  object of "according to" the source of that cue, and the clause the verb
  governs (its ``ccomp``, without the "that") the content of an indirect
  quotation. Where the parse has no such child the rules' choice stays.

The cues are the same learned ones either way: the model only bounds and
reads the sentence around each. Nothing imports spaCy until a model is asked
for, and nothing needs it.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from annotator.assist.attribution_proposal import AttributionProposal, Span
from annotator.assist.attributions import propose_attributions
from annotator.assist.cue_model import HIGH

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CLAUSES = ("ccomp",)
_RELATIVE = ("WP", "WDT")
_EDGE_PUNCT = " \t\n,;:.!?“”\"‘’'()"


class PipelineError(Exception):
    """A spaCy model that cannot be used: the message says why and what to do."""


def load_pipeline(name: str) -> Any:
    """The spaCy pipeline called ``name`` (an installed package) or stored at ``name``
    (a folder), or :class:`PipelineError` saying what is missing."""
    try:
        import spacy
    except ImportError as exc:
        raise PipelineError(
            "spaCy is not installed: pip install 'annotator[spacy]', then a model, for "
            "example python -m spacy download en_core_web_sm") from exc
    try:
        return spacy.load(name)
    except (OSError, ValueError, ImportError, KeyError) as exc:
        raise PipelineError(f"spaCy could not load the model “{name}”: {exc}") from exc


def describe(nlp: Any) -> str:
    """What a coder is told the model does: its name and the parts it brings."""
    meta = nlp.meta
    name = f"{meta.get('lang', '?')}_{meta.get('name', '?')}"
    parts = ", ".join(nlp.pipe_names) or "no components"
    reads = "sentences and the parse" if "parser" in nlp.pipe_names else "sentences"
    return f"{name} {meta.get('version', '')}".strip() + f" ({parts}): reads {reads}"


def propose_with_pipeline(body: str, nlp: Any, threshold: float = HIGH
                          ) -> list[AttributionProposal]:
    """``propose_attributions`` with the model's sentences, and with its parse (if it
    has one) choosing each cue's source and an indirect quotation's content."""
    doc = nlp(body)
    sentences = _Sentences(doc) if doc.has_annotation("SENT_START") else None
    proposals = propose_attributions(
        body, threshold, **({"sentence_at": sentences} if sentences else {}))
    if not doc.has_annotation("DEP"):
        return proposals
    return [_read_parse(body, doc, p) for p in proposals]


class _Sentences:
    """The model's sentences as ``propose_attributions`` asks for them, cut at line breaks
    and trimmed of white space."""

    def __init__(self, doc: Any) -> None:
        self.starts = [s.start_char for s in doc.sents]
        self.ends = [s.end_char for s in doc.sents]

    def __call__(self, text: str, start: int, end: int) -> tuple[int, int]:
        i = max(bisect_right(self.starts, start) - 1, 0)
        lo, hi = self.starts[i], max(self.ends[i], end)
        lo = max(lo, text.rfind("\n", 0, start) + 1)
        line_end = text.find("\n", end)
        hi = min(hi, line_end) if line_end != -1 else hi
        while lo < start and text[lo].isspace():
            lo += 1
        while hi > end and text[hi - 1].isspace():
            hi -= 1
        return lo, hi


def _read_parse(body: str, doc: Any, proposal: AttributionProposal) -> AttributionProposal:
    cue = doc.char_span(proposal.cue.start, proposal.cue.end, alignment_mode="expand")
    if cue is None:
        return proposal
    head = cue.root
    source, content = proposal.source, proposal.content
    if proposal.kind == "according_to":
        objects = [t for t in cue if t.dep_ == "pobj"] + \
            [c for t in cue for c in t.children if c.dep_ == "pobj"]
        found = _span_of(body, objects[0]) if objects else None
        if found is not None and not _overlaps(found, content):
            source = found
        return AttributionProposal(proposal.cue, source, content, proposal.kind)
    verbs = [head] + ([head.head] if head.dep_ in ("aux", "auxpass") else [])
    subjects = [c for v in verbs for c in v.children
                if c.dep_ in _SUBJECTS and c.tag_ not in _RELATIVE]  # not "who said"
    if subjects:
        found = _span_of(body, subjects[0])
        if found is not None and not _overlaps(found, proposal.cue):
            source = found
    if proposal.kind == "indirect":
        clauses = [c for v in verbs for c in v.children if c.dep_ in _CLAUSES]
        if clauses:
            found = _span_of(body, clauses[0], skip_mark=True)
            if found is not None and not _overlaps(found, proposal.cue):
                content = found
    if _overlaps(source, content):
        source = proposal.source if not _overlaps(proposal.source, content) else None
    return AttributionProposal(proposal.cue, source, content, proposal.kind)


def _span_of(body: str, token: Any, skip_mark: bool = False) -> Span | None:
    """The characters of ``token``'s subtree, without the edge punctuation (and, with
    ``skip_mark``, the "that" that opens a clause)."""
    words = [t for t in token.subtree if not (skip_mark and t.dep_ == "mark" and t.head == token)]
    if not words:
        return None
    start = words[0].idx
    end = words[-1].idx + len(words[-1].text)
    while start < end and body[start] in _EDGE_PUNCT:
        start += 1
    while end > start and body[end - 1] in _EDGE_PUNCT:
        end -= 1
    return Span(start, end, body[start:end]) if end > start else None


def _overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a.start < b.end and b.start < a.end
