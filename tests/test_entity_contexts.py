"""Where an entity is used (``Store.mention_contexts``): one context per place, however many
coders coded it, in article order or spread over the articles."""

from __future__ import annotations

from annotator.model import ArticleDraft
from annotator.store import Store


def test_a_place_two_coders_coded_is_one_context(tmp_path):
    """Found by a QA pass: after a merge of two coders' projects, Find duplicates and the
    Entities browser showed each sentence twice."""
    with Store(tmp_path / "p.db", coder="ana") as store:
        body = "ISIL fighters left. Later ISIL returned. ISIL said nothing."
        [one, two] = store.add_articles([ArticleDraft("A", body),
                                         ArticleDraft("B", "Then ISIL came back.")]).inserted
        isil = store.add_entity("ISIL", "ARMED_GROUP").row_id
        places = [(one, body.index("ISIL")), (one, body.index("ISIL", 5)), (two, 5)]
        for coder in ("ana", "ben"):
            with store.acting_as(coder):
                for aid, start in places[:2] if coder == "ben" else places:
                    store.add_mention(aid, start, start + 4, entity_id=isil)
        rows = store.mention_contexts(isil, limit=None)
        assert [(r["article_id"], r["start"]) for r in rows] == places  # not five rows
        assert rows[1]["before"].endswith("Later ") and rows[0]["after"] == body[4:44]
        spread = store.mention_contexts(isil, limit=2, spread=True)
        assert [(r["article_id"], r["start"]) for r in spread] == [places[0], places[2]]
        assert [r["start"] for r in store.mention_contexts(isil, limit=1, offset=1)] == [
            places[1][1]]
