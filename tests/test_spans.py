"""Span arithmetic without Qt: offsets, overlaps, tooltips, nearest claim."""

import pytest

from annotator.model import Attribution, Claim, Entity, Mention
from annotator.spans import (
    HighlightIndex,
    Utf16Map,
    attribution_depths,
    build_highlights,
    displayable,
    nearest_claim,
    segments,
    style_of,
    trim_span,
)

TEXT = "😀 مرحبا 🇮🇶 The Iraqi Army said 𝔸 it advanced."


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def test_utf16_round_trip_with_emoji_and_arabic():
    m = Utf16Map(TEXT)
    for i in range(len(TEXT) + 1):
        assert m.to_utf16(i) == utf16_len(TEXT[:i])
        assert m.from_utf16(m.to_utf16(i)) == i
    start = TEXT.index("Iraqi Army")
    s16, e16 = m.span_to_utf16(start, start + len("Iraqi Army"))
    assert (s16, e16) == (utf16_len(TEXT[:start]), utf16_len(TEXT[:start]) + 10)
    assert m.span_from_utf16(s16, e16) == (start, start + 10)


def test_utf16_position_inside_a_pair_rounds_down():
    m = Utf16Map("a😀b")
    assert m.from_utf16(2) == 1  # between the two units of the emoji
    assert m.from_utf16(3) == 2


def test_plain_text_is_identity():
    m = Utf16Map("plain ascii and عربي")
    assert [m.to_utf16(i) for i in range(5)] == list(range(5))
    assert m.from_utf16(7) == 7


def test_displayable_keeps_one_character_per_code_point():
    body = "a\r\nb\rc\ud800d"
    shown = displayable(body)
    assert len(shown) == len(body)
    assert shown == "a \nb\nc\ufffdd"


def test_astral_characters_are_found_to_the_last_one():
    """The search for astral characters stops at the last one it counted: those far
    down a text, and a surrogate kept in a text with emoji, are still found."""
    text = "😀 top " + "plain words " * 500 + "𝔐 and 👍 at the end"
    m = Utf16Map(text)
    for i in (0, 1, len(text) - 9, len(text) - 8, len(text)):
        assert m.to_utf16(i) == utf16_len(text[:i])
    assert displayable("😀 a\udc00b") == "😀 a\ufffdb"
    assert displayable("é\ud83d") == "é\ufffd" and displayable("plain") == "plain"


def test_trim_span_drops_outer_white_space():
    assert trim_span("  the army  ", 0, 12) == (2, 10)
    assert trim_span("   ", 0, 3) == (3, 3)


def entities():
    return {1: Entity(1, "Iraqi Army", "ORG"), 2: Entity(2, "ARA News", "MEDIA")}


def sample():
    mentions = [Mention(10, 1, 1, 4, 14, "Iraqi Army"), Mention(11, 1, 2, 30, 38, "ARA News")]
    claims = [Claim(20, 1, 0, 20, "x" * 20, claimant_entity_id=1)]
    attrs = [Attribution(30, 1, 20, source_entity_id=2, source_start=30, source_end=38,
                         cue_start=39, cue_end=47, kind="indirect"),
             Attribution(31, 1, 20, source_entity_id=1, cue_start=15, cue_end=25,
                         kind="according_to", parent_attribution_id=30)]
    return mentions, claims, attrs


def colour(t):
    return {"ORG": "#8ecae6", "MEDIA": "#cdb4db"}.get(t, "#d3d3d3")


def test_highlights_cover_every_kind_and_sort():
    hs = build_highlights(*sample(), entities(), colour)
    kinds = [(h.kind, h.start) for h in hs]
    assert kinds == [("claim", 0), ("mention", 4), ("cue", 15), ("mention", 30),
                     ("source", 30), ("cue", 39)]
    assert "Iraqi Army" in hs[1].label and hs[1].colour == "#8ecae6"


def test_overlaps_stay_visible_in_segments():
    hs = build_highlights(*sample(), entities(), colour)
    segs = segments(hs)
    # segments never overlap and stay in order
    assert all(a.end <= b.start for a, b in zip(segs, segs[1:], strict=False))
    by_start = {s.start: s for s in segs}
    # mention inside the claim: mention background AND claim colour on the text
    inner = by_start[4].style
    assert inner.background == "#8ecae6" and inner.foreground is not None
    # cue overlapping the claim's tail: wave wins the underline, claim keeps its colour
    overlap = by_start[15].style
    assert overlap.underline == "wave" and overlap.foreground is not None
    # the source span is also a mention: background plus dotted, bold
    src = by_start[30].style
    assert src.background == "#cdb4db" and src.underline == "dots" and src.bold


def test_innermost_mention_wins_background():
    outer = Mention(1, 1, 1, 0, 20, "t")
    inner = Mention(2, 1, 2, 5, 10, "t")
    hs = build_highlights([outer, inner], [], [], entities(), colour)
    style = style_of([h for h in hs if h.start <= 6 < h.end])
    assert style.background == "#cdb4db"


def test_equal_neighbouring_segments_merge():
    m1 = Mention(1, 1, 1, 0, 5, "t")
    m2 = Mention(2, 1, 1, 5, 9, "t")
    segs = segments(build_highlights([m1, m2], [], [], entities(), colour))
    assert [(s.start, s.end) for s in segs] == [(0, 9)]


def test_index_answers_innermost_first():
    hs = build_highlights(*sample(), entities(), colour)
    index = HighlightIndex(hs)
    assert [h.kind for h in index.at(5)] == ["mention", "claim"]
    assert [h.kind for h in index.at(31)] == ["source", "mention"]
    assert index.at(100) == []
    assert "Cue" in index.tooltip(40)


def test_nearest_claim_prefers_overlap_then_distance():
    claims = [Claim(1, 1, 0, 10, "a"), Claim(2, 1, 50, 60, "b")]
    assert nearest_claim(claims, 5, 8).id == 1
    assert nearest_claim(claims, 45, 48).id == 2
    assert nearest_claim(claims, 12, 14).id == 1
    assert nearest_claim([], 0, 1) is None


def test_nearest_claim_keeps_to_the_selections_paragraph():
    """Found coding the seed by keys: S on "told" took the quotation that opens the next
    paragraph (closer in characters) instead of the bombing the officer told of."""
    text = "The army bombed the depot, an officer told AFP.\n\n“We won,” he said."
    bombing = Claim(1, 1, 0, text.index(","), "The army bombed the depot")
    quote = Claim(2, 1, text.index("We"), text.index(",”"), "We won")
    told = text.index("told")
    span = (told, told + 4)
    assert nearest_claim([bombing, quote], *span).id == 2  # by characters alone
    assert nearest_claim([bombing, quote], *span, text).id == 1  # its own paragraph first
    assert nearest_claim([quote], *span, text).id == 2  # across, when nothing is nearer


def test_attribution_depths_follow_parents():
    _, _, attrs = sample()
    assert attribution_depths(attrs) == {30: 0, 31: 1}


def test_counted_uses_the_right_number():
    from annotator.spans import counted

    assert [counted(n, "claim") for n in (0, 1, 2, 1200)] == [
        "0 claims", "1 claim", "2 claims", "1,200 claims"]
    assert [counted(n, "entity") for n in (1, 3)] == ["1 entity", "3 entities"]
    assert counted(2, "day") == "2 days" and counted(2, "Label Studio span") == \
        "2 Label Studio spans"


def test_a_table_is_named_by_its_row(store):
    from annotator.spans import singular

    assert [singular(t) for t in ("entities", "claims", "attributions", "mentions")] == [
        "entity", "claim", "attribution", "mention"]
    with pytest.raises(KeyError, match="no entity with id 999"):
        store._require("entities", 999)  # what `dedupe --merge 999` met


def test_the_base_direction_follows_the_dominant_script():
    from annotator.spans import right_to_left

    assert not right_to_left("نيجيرفان ميراني said on Monday that the Peshmerga held the line.")
    assert right_to_left("قال الجيش العراقي إن القوات تقدمت نحو Mosul.")
    assert not right_to_left("🙂 12345")  # no strong letters: left to right


def test_the_base_direction_counts_every_strong_character_as_a_plain_loop_would():
    """ASCII letters are counted apart from the loop over the rest: the same answer."""
    import random
    import unicodedata

    from annotator.spans import right_to_left

    def counted_one_by_one(text: str, sample: int = 20_000) -> bool:
        kinds = [unicodedata.bidirectional(ch) for ch in text[:sample]]
        return kinds.count("R") + kinds.count("AL") > kinds.count("L")

    assert {chr(c) for c in range(128) if unicodedata.bidirectional(chr(c)) == "L"} == \
        set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    rng = random.Random(3)
    alphabet = [chr(c) for c in [*range(128), *range(0x5d0, 0x700), *range(0xc0, 0x250),
                                 0x1F600, 0x200E, 0x200F]]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(60)))
        assert right_to_left(text) == counted_one_by_one(text)
        assert right_to_left(text, 7) == counted_one_by_one(text, 7)
