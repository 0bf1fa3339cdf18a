"""Growing a selection: word, quotation, clause, sentence, paragraph (no Qt)."""

from __future__ import annotations

from annotator.selection import grow, sentence_of

TEXT = ("🙂 The army said on Monday, in a statement, that “our forces liberated Mosul, "
        "al-Quds and Karama” last week. Then it left.\nNext paragraph here.")


def steps(start: int, end: int, n: int) -> list[str]:
    out = []
    for _ in range(n):
        start, end = grow(TEXT, start, end)
        out.append(TEXT[start:end])
    return out


def test_each_step_is_the_next_unit_a_coder_codes():
    at = TEXT.index("forces") + 2
    assert steps(at, at, 6) == [
        "forces",
        "our forces liberated Mosul, al-Quds and Karama",
        "that “our forces liberated Mosul, al-Quds and Karama” last week",  # the clause
        "🙂 The army said on Monday, in a statement, that “our forces liberated Mosul, "
        "al-Quds and Karama” last week.",
        "🙂 The army said on Monday, in a statement, that “our forces liberated Mosul, "
        "al-Quds and Karama” last week. Then it left.",
        "🙂 The army said on Monday, in a statement, that “our forces liberated Mosul, "
        "al-Quds and Karama” last week. Then it left.",  # the paragraph: no further
    ]


def test_a_clause_ends_at_its_comma_and_a_hyphenated_word_is_one_word():
    at = TEXT.index("Monday")
    assert steps(at, at + 3, 2) == ["Monday", "🙂 The army said on Monday"]
    at = TEXT.index("Quds")
    assert steps(at, at + 1, 1) == ["al-Quds"]


def test_growing_the_whole_text_stays_the_whole_text():
    assert grow(TEXT, 0, len(TEXT)) == (0, len(TEXT))


def test_a_one_sentence_paragraph_stops_there_not_at_the_whole_article():
    text = "First paragraph, two clauses.\nSecond one.\nThird."
    at = text.index("Second")
    assert [text[slice(*grow(text, at, at))], text[slice(*grow(text, at, at + 6))],
            text[slice(*grow(text, at, at + 10))]] == ["Second", "Second one", "Second one."]
    assert grow(text, at, at + len("Second one.")) == (at, at + len("Second one."))


def test_a_quotation_leaves_out_the_comma_or_full_stop_that_closes_the_quoted_words():
    text = "“Our forces seized Juhaina,” the officer said. He added: “We are 7 km away.”"
    for word, quoted in (("Juhaina", "Our forces seized Juhaina"),
                         ("km", "We are 7 km away")):
        at = text.index(word)
        span = grow(text, *grow(text, at, at + 1))
        assert text[slice(*span)] == quoted


def test_a_clause_leaves_out_the_quote_marks_and_the_full_stop_at_its_edges():
    text = ("“Subsequent to clashes, our units liberated Karama,” the Command said. "
            "According to the Command, more than 2,000 were killed on October 17th.")
    at = text.index("more")
    assert text[slice(*grow(text, *grow(text, at, at)))] == \
        "more than 2,000 were killed on October 17th"
    at = text.index("Subsequent")
    quotation = grow(text, *grow(text, at, at))
    assert text[slice(*quotation)] == "Subsequent to clashes, our units liberated Karama"
    # next the sentence, not "“Subsequent … Karama" with its opening mark and not the closing
    assert text[slice(*grow(text, *quotation))] == \
        "“Subsequent to clashes, our units liberated Karama,” the Command said."


def test_a_sentence_does_not_end_at_an_abbreviation_and_offsets_count_emoji_as_one():
    text = "Officials in the U.S. Army 😀 said at 3 a.m. on Friday that Mr. Ali left. He did."
    start = text.index("said")
    first = text[:text.index(" He did")]
    assert sentence_of(text, start, start + 4) == (0, len(first))
    assert text[slice(*sentence_of(text, text.index("He"), text.index("He") + 2))] == "He did."
    # a span over two sentences grows to both
    assert sentence_of(text, start, text.index("did")) == (0, len(text))
