"""Merging, splitting and dismissing entities in the store."""

from __future__ import annotations

import pytest

from annotator.model import ArticleDraft

BODY = "ISIL and ISIS and Daesh fought; Iraqi Army held. ISIS said so."


@pytest.fixture
def coded(store):
    aid = store.add_articles([ArticleDraft("t", BODY)]).inserted[0]

    def mention(word, name, nth=0):
        start = BODY.index(word) if nth == 0 else BODY.index(word, BODY.index(word) + 1)
        return store.add_mention(aid, start, start + len(word), name=name,
                                 entity_type="ARMED_GROUP").after

    isil = mention("ISIL", "ISIL")["entity_id"]
    isis_m = mention("ISIS", "ISIS")
    isis = isis_m["entity_id"]
    daesh = mention("Daesh", "Daesh")["entity_id"]
    second_isis = mention("ISIS", "ISIS", nth=1)
    claim = store.add_claim(aid, BODY.index("ISIS said"), len(BODY) - 1,
                            claimant_entity_id=isis)
    store.add_attribution(claim.row_id, kind="indirect", source_entity_id=isis)
    store.add_alias(isis, "Islamic State")
    return aid, isil, isis, daesh, isis_m, second_isis, claim.row_id


def test_merge_repoints_everything_and_names_become_aliases(store, coded):
    aid, isil, isis, daesh, *_ , claim_id = coded
    change = store.merge_entities(isil, [isis, daesh])
    assert {m.entity_id for m in store.mentions(aid)} == {isil}
    assert store.claims(aid)[0].claimant_entity_id == isil
    assert store.attributions(aid)[0].source_entity_id == isil
    assert store.entity(isis).merged_into == isil
    assert set(store.aliases(isil)) == {"ISIS", "Daesh", "Islamic State"}
    assert [e.id for e in store.entities()] == [isil]
    # a new mention of an old name now resolves to the kept entity at once
    assert store.find_entity("daesh", "ARMED_GROUP").id == isil
    store.undo_merge(change)
    assert {m.entity_id for m in store.mentions(aid)} == {isil, isis, daesh}
    assert store.aliases(isil) == [] and store.aliases(isis) == ["Islamic State"]
    assert store.entity(isis).merged_into is None


def test_split_after_other_work(store, coded):
    aid, isil, isis, daesh, isis_m, second_isis, claim_id = coded
    change = store.merge_entities(isil, [isis])
    other = store.add_entity("Islamic State Khorasan", "ARMED_GROUP").row_id
    store.relink_mention(second_isis["id"], other)  # the coder re-links one mention later
    store.add_mention(aid, 0, 4, entity_id=isil)  # and codes more
    store.split_merge(change.after["merge_ids"][0])
    mentions = {m.id: m.entity_id for m in store.mentions(aid)}
    assert mentions[isis_m["id"]] == isis  # goes back where it belonged
    assert mentions[second_isis["id"]] == other  # a later re-link is respected
    with pytest.raises(ValueError, match="already split"):
        store.split_merge(change.after["merge_ids"][0])


def test_merge_refusals(store, coded):
    _, isil, isis, *_ = coded
    org = store.add_entity("Iraqi Army", "ORG").row_id
    with pytest.raises(ValueError, match="cannot merge"):
        store.merge_entities(isil, [org])
    with pytest.raises(ValueError, match="at least one"):
        store.merge_entities(isil, [isil])
    assert store.entity(org).merged_into is None


def test_dismissed_pairs_are_remembered(store, coded):
    _, isil, isis, *_ = coded
    store.dismiss_pair(isis, isil)
    store.dismiss_pair(isil, isis)
    assert store.dismissed_pairs() == {(min(isil, isis), max(isil, isis))}
    store.undismiss_pair(isil, isis)
    assert store.dismissed_pairs() == set()


def test_suggest_entities_uses_aliases_counts_and_refreshes(store, coded):
    aid, isil, isis, daesh, *_ = coded
    army = store.add_entity("Iraqi Army", "ORG").row_id
    store.add_mention(aid, BODY.index("Iraqi Army"), BODY.index("Iraqi Army") + 10,
                      entity_id=army)
    assert store.suggest_entities("iraqi")[0].entity_id == army
    assert store.suggest_entities("islamic")[0].entity_id == isis  # through the alias
    store.merge_entities(isil, [isis, daesh])
    found = store.suggest_entities("daesh", entity_type="ARMED_GROUP")
    assert found and found[0].entity_id == isil  # the index was rebuilt after the merge


def test_duplicate_candidates_skip_dismissed_pairs(store):
    ids = [store.add_entity(n, t).row_id for n, t in (
        ("Hashd al-Shaabi", "ARMED_GROUP"), ("Hashed al-Shaabi", "ARMED_GROUP"),
        ("Iraqi Army", "ORG"), ("Iraqi Army General Command", "ORG"), ("Iraqi army", "GPE/LOC"))]
    groups = store.duplicate_candidates()
    assert [[e["id"] for e in g["entities"]] for g in groups] == [[ids[0], ids[1]]]
    store.dismiss_pair(ids[1], ids[0])
    assert store.duplicate_candidates() == []
