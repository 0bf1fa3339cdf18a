"""A spaCy model the coder points at: its sentences and its parse choose sources and contents.

No model can be downloaded here, so the models are real spaCy pipelines built in
the test: a blank English pipeline with a sentencizer saved to a folder (what
``spacy.load`` reads, as for an installed model), and one whose component sets
the dependency parse a parser gives the fixture's sentences.
"""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from annotator.assist.attributions import propose_attributions
from annotator.assist.parsed import (
    PipelineError,
    describe,
    load_pipeline,
    propose_with_pipeline,
)
from annotator.cli import main

spacy = pytest.importorskip("spacy")
Language = pytest.importorskip("spacy.language").Language

TEXT = ("The officer in charge of the depot said that the army bombed the bridge.\n"
        "According to the ministry, 2,000 fighters were killed.")

#: (word, dependency label, index of its head): what en_core_web_sm gives these sentences
PARSE = [
    ("The", "det", 1), ("officer", "nsubj", 7), ("in", "prep", 1), ("charge", "pobj", 2),
    ("of", "prep", 3), ("the", "det", 6), ("depot", "pobj", 4), ("said", "ROOT", 7),
    ("that", "mark", 11), ("the", "det", 10), ("army", "nsubj", 11), ("bombed", "ccomp", 7),
    ("the", "det", 13), ("bridge", "dobj", 11), (".", "punct", 7), ("\n", "dep", 14),
    ("According", "prep", 24), ("to", "prep", 16), ("the", "det", 19),
    ("ministry", "pobj", 17), (",", "punct", 24), ("2,000", "nummod", 22),
    ("fighters", "nsubjpass", 24), ("were", "auxpass", 24), ("killed", "ROOT", 24),
    (".", "punct", 24),
]


@Language.component("fixture_parse")
def fixture_parse(doc):
    """The parse of ``TEXT`` a trained parser gives, set on the doc as a parser sets it."""
    assert [t.text for t in doc] == [w for w, _, _ in PARSE]
    for token, (_, dep, head) in zip(doc, PARSE, strict=True):
        token.head = doc[head]
        token.dep_ = dep
    return doc


@pytest.fixture
def sentencizer_model(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    folder = tmp_path / "en_sentences"
    nlp.to_disk(folder)
    return folder


def _by_cue(proposals):
    by_cue = {p.cue.text: p for p in proposals}
    assert len(by_cue) == len(proposals)
    return by_cue


def test_the_parse_takes_the_whole_subject_as_the_source():
    nlp = spacy.blank("en")
    nlp.add_pipe("fixture_parse")
    rules = _by_cue(propose_attributions(TEXT))
    parsed = _by_cue(propose_with_pipeline(TEXT, nlp))
    assert rules["said"].source.text == "the depot"  # the nearest noun phrase: wrong
    said = parsed["said"]
    assert said.source.text == "The officer in charge of the depot"
    assert TEXT[said.source.start:said.source.end] == said.source.text
    assert said.content.text == "the army bombed the bridge"  # the ccomp, without "that"
    assert parsed["According to"].source.text == "the ministry"
    assert parsed["According to"].content == rules["According to"].content


def test_a_saved_sentencizer_model_gives_the_sentences_cut_at_line_breaks(sentencizer_model):
    nlp = load_pipeline(str(sentencizer_model))
    assert "reads sentences" in describe(nlp) and "parse" not in describe(nlp)
    body = ("A unit of the Mass. National Guard said that the bridge fell\n"
            "The minister said on Monday that prices rose.")
    rules = propose_attributions(body)
    parsed = propose_with_pipeline(body, nlp)
    # the rules (sentencex) end a sentence at "Mass."; the model's tokenizer knows the
    # state's abbreviation, so its source is the Guard's whole name
    assert rules[0].source.text == "National Guard"
    assert parsed[0].source.text == "the Mass. National Guard"
    # the model runs the two lines together (no full stop); a line break ends a sentence
    assert parsed[0].content.text == "the bridge fell"
    assert (parsed[1].source.text, parsed[1].content.text) == ("The minister", "prices rose")


def test_suggest_reads_the_model_named_on_the_command_line(tmp_path, sentencizer_model):
    article = tmp_path / "article.txt"
    article.write_text("Bombing in the north\n\n" + TEXT + "\n", encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(main, ["suggest", str(article), "--json"])
    with_model = runner.invoke(main, ["suggest", str(article), "--json",
                                      "--spacy-model", str(sentencizer_model)])
    assert plain.exit_code == 0 and with_model.exit_code == 0, with_model.output
    cues = [json.loads(line)["cue"]["text"] for line in with_model.output.splitlines()
            if json.loads(line)["kind"] == "attribution"]
    assert cues == ["said", "According to"]


def test_a_model_that_is_not_there_is_named_and_nothing_is_printed(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["suggest", str(article), "--json",
                                       "--spacy-model", "en_no_such_model"])
    assert result.exit_code == 2
    assert "en_no_such_model" in result.output and "spaCy could not load" in result.output
    assert '"kind"' not in result.output


def test_without_spacy_the_message_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy raises ImportError
    with pytest.raises(PipelineError, match=r"pip install 'annotator\[spacy\]'"):
        load_pipeline("en_core_web_sm")
