"""Reading one coder's annotations of an article, as the window does for blind coding."""

from __future__ import annotations

from annotator.model import ArticleDraft

BODY = "😀 The Iraqi Army said ISIL retreated, ARA News reported."


def span(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


def test_mentions_claims_attributions_filter_by_coder(store):
    aid = store.add_articles([ArticleDraft(title="T", body=BODY)]).inserted[0]
    ids = {}
    for coder, name in (("ana", "Iraqi Army"), ("ben", "ARA News")):
        with store.acting_as(coder) as coder_id:
            ids[coder] = coder_id
            store.add_mention(aid, *span(name), entity_type="ORG")
            claim = store.add_claim(aid, *span("ISIL retreated")).row_id
            store.add_attribution(claim, kind="indirect", cue_span=span("said"))
    ana, ben = ids["ana"], ids["ben"]

    assert [m.text for m in store.mentions(aid, ana)] == ["Iraqi Army"]
    assert [m.text for m in store.mentions(aid, ben)] == ["ARA News"]
    assert {c.coder_id for c in store.claims(aid, ben)} == {ben}
    assert [a.coder_id for a in store.attributions(aid, ana)] == [ana]
    # None (and the old one-argument call) still means every coder, in text order
    assert [m.text for m in store.mentions(aid)] == ["Iraqi Army", "ARA News"]
    assert store.mentions(aid, None) == store.mentions(aid)
    assert len(store.claims(aid)) == len(store.attributions(aid)) == 2
    # a coder with nothing coded sees nothing, not everyone's work
    cleo = store.ensure_coder("cleo")
    assert store.mentions(aid, cleo) == store.claims(aid, cleo) == []
    assert store.attributions(aid, cleo) == []
