"""The kept proposals of an article, told each Change, answer as the store asked afresh."""

from __future__ import annotations

import random

from annotator.model import ArticleDraft
from annotator.store import Store

NAMES = [("Iraqi Army", "ORG"), ("ARA News", "MEDIA"), ("Eli Saddi", "PERSON"),
         ("Iraqi Army General Command", "ORG"), ("Mosul", "GPE/LOC")]
BODY = " ".join(["😀 The Iraqi Army General Command said, ARA News reported; Eli Saddi told "
                 "ARA News the Iraqi Army left Mosul."] * 12)


def occurrences(name: str) -> list[tuple[int, int]]:
    out, i = [], BODY.find(name)
    while i != -1:
        out.append((i, i + len(name)))
        i = BODY.find(name, i + 1)
    return out


def test_following_changes_answers_as_reading_the_store_again(tmp_path):
    """Mentions added, deleted, re-linked, entities retyped, suggestions rejected, by
    this coder and another, and undone: after each, the followed state's proposals
    equal a fresh state's, and it follows every one of these changes."""
    store = Store(tmp_path / "p.db", coder="ana")
    other = Store(tmp_path / "p.db", coder="ben")
    [aid] = store.add_articles([ArticleDraft(title="t", body=BODY)]).inserted
    first = {n: store.add_mention(aid, *occurrences(n)[0], name=n, entity_type=t)
             for n, t in NAMES[:3]}
    entity_ids = [c.after["entity_id"] for c in first.values()]
    state = store.article_proposals(aid)
    rng = random.Random(11)
    done = []

    def entity_type(eid):
        e = store.entity(eid)
        return e.type if e.merged_into is None else None

    matcher = store.known_entity_matcher()  # kept, as the window keeps it, till names change
    last, followed = state.proposals(matcher), 0
    for step in range(80):
        mentions = store.mentions(aid)
        pick = rng.random()
        if pick < 0.3 or not mentions:
            name, etype = rng.choice(NAMES)
            span = rng.choice(occurrences(name))
            who = rng.choice([store, other])
            change = who.add_mention(aid, *span, name=name, entity_type=etype)
        elif pick < 0.45:
            change = store.delete_mention(rng.choice(mentions).id)
        elif pick < 0.6:
            change = store.relink_mention(rng.choice(mentions).id, rng.choice(entity_ids))
        elif pick < 0.7:
            change = store.update("entities", rng.choice(entity_ids),
                                  type=rng.choice(["ORG", "PERSON", "MEDIA"]))
        elif pick < 0.8:
            if not last:
                continue
            p = rng.choice(last)
            change = store.reject_suggestion(aid, p.start, p.end, p.entity_id)
        elif done:
            change = store.undo_insert(done.pop()) if done[-1].action == "insert" \
                else store.restore(done.pop())
        else:
            continue
        if change.action == "insert" and change.table in ("mentions", "rejected_suggestions"):
            done.append(change)
        assert state.follow(change, entity_type), (step, change.table, change.action)
        if change.table == "entities" or change.related:
            matcher = store.known_entity_matcher(like=matcher)  # a name may have changed
        now = state.proposals(matcher)
        fresh = store.known_entity_matcher()
        assert now == store.article_proposals(aid).proposals(fresh), step
        assert now == store.mention_proposals(aid, fresh)
        if state.changes is not None:  # what it says changed turns the last answer into this
            followed += 1
            gone, new = state.changes
            assert sorted([p for p in last if p not in gone] + new,
                          key=lambda p: (p.start, p.end)) == now, step
        last = now
    assert followed > 40  # most answers were followed, not chosen again


def test_what_it_cannot_follow_it_says_so(tmp_path):
    store = Store(tmp_path / "p.db", coder="ana")
    [aid, bid] = store.add_articles([ArticleDraft(title="t", body=BODY),
                                     ArticleDraft(title="u", body=BODY + " (2)")]).inserted
    a = store.add_mention(aid, *occurrences("ARA News")[0], name="ARA News",
                          entity_type="MEDIA").after["entity_id"]
    b = store.add_mention(aid, *occurrences("Eli Saddi")[0], name="ARA",
                          entity_type="MEDIA").after["entity_id"]
    state = store.article_proposals(aid)
    elsewhere = store.add_mention(bid, *occurrences("Mosul")[1], name="Mosul",
                                  entity_type="GPE/LOC")
    assert not state.follow(elsewhere, lambda eid: "ORG")  # another article's row
    assert not state.follow(store.merge_entities(a, [b]), lambda eid: "ORG")
