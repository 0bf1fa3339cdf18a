"""The identity gold set is consistent, honest about its articles, and rebuilds to itself."""

from __future__ import annotations

import collections
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from identity_gold import (
    GOLD,
    HARD_NEGATIVES,
    MAX_ARTICLES,
    ORIGINS,
    TYPES,
    GoldRow,
    actor,
    gold_pairs,
    hard_negatives,
    load_gold,
    variant_classes,
    write_gold,
    write_hard_negatives,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
POLNEAR = SHARED / "corpora" / "polnear"
needs_shared = pytest.mark.skipif(not POLNEAR.is_dir(), reason="../shared corpora not present")

PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "who", "which",
            "that", "his", "their", "the company", "the candidate", "officials", "the group"}


@pytest.fixture(scope="module")
def rows() -> list[GoldRow]:
    return load_gold()


def test_every_row_is_well_formed(rows: list[GoldRow]) -> None:
    assert rows
    for row in rows:
        assert row.origin in ORIGINS, row
        assert row.type in TYPES, row
        assert row.name == row.name.strip() and "  " not in row.name, row
        assert row.cluster.startswith(row.origin + ":"), row
        assert len(row.articles) <= MAX_ARTICLES, row
        assert list(row.articles) == sorted(set(row.articles)), row


def test_names_are_names_not_pronouns_or_descriptions(rows: list[GoldRow]) -> None:
    for row in rows:
        assert row.name.lower() not in PRONOUNS, row
        assert re.search(r"\b[A-Z]", row.name), f"no capitalised word in {row}"


def test_no_name_in_two_clusters_of_one_origin_and_type(rows: list[GoldRow]) -> None:
    owners = collections.defaultdict(set)
    for row in rows:
        owners[row.origin, row.type, row.name].add(row.cluster)
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared


def test_one_cluster_has_one_type(rows: list[GoldRow]) -> None:
    types = collections.defaultdict(set)
    for row in rows:
        types[row.cluster].add(row.type)
    assert {c: t for c, t in types.items() if len(t) > 1} == {}


def test_polnear_clusters_never_cross_splits(rows: list[GoldRow]) -> None:
    polnear = [r for r in rows if r.origin.startswith("polnear-")]
    for row in polnear:
        assert row.cluster.split(":")[0] == row.origin, row
    splits_of_name = collections.defaultdict(set)
    for row in polnear:
        splits_of_name[row.name].add(row.origin)
    assert {n: s for n, s in splits_of_name.items() if len(s) > 1} == {}
    # an actor may come back in a later split, but only with names the earlier ones lack
    by_actor = collections.defaultdict(set)
    for row in polnear:
        by_actor[actor(row.cluster)].add(row.origin)
    assert any(len(s) > 1 for s in by_actor.values())


def test_enough_real_variants(rows: list[GoldRow]) -> None:
    sizes = collections.Counter(r.cluster for r in rows if r.origin.startswith("polnear-"))
    assert sum(1 for n in sizes.values() if n >= 2) >= 60
    gum = collections.Counter(r.cluster for r in rows if r.origin == "gum")
    assert sum(1 for n in gum.values() if n >= 2) >= 30
    pairs = gold_pairs(rows)
    for a, b in [("Peshmerga", "Peshmergas"), ("ISIL", "Daesh"),
                 ("CTS", "Counter-Terrorism Service"),
                 ("Hashd al-Shaabi", "al-Hashd al-Shaabi"), ("Mosul", "Mossul"),
                 ("Trump", "Donald Trump"), ("Mr. Trump", "Donald J. Trump")]:
        assert frozenset((a, b)) in pairs, (a, b)


def test_hard_negatives_name_gold_names_of_different_actors(rows: list[GoldRow]) -> None:
    negatives = hard_negatives()
    assert len(negatives) >= 40
    names = {r.name for r in rows}
    typed = {(r.type, r.name) for r in rows}
    pairs = gold_pairs(rows)
    for pair in negatives:
        assert pair.type in TYPES, pair
        if pair.constructed:  # named by hand, checked alone: not both in the gold
            assert pair.name_a != pair.name_b and len(pair.why) > len("constructed: "), pair
            continue
        assert (pair.type, pair.name_a) in typed, pair
        assert pair.name_b in names, pair
        assert pair.name_a != pair.name_b, pair
        assert frozenset((pair.name_a, pair.name_b)) not in pairs, pair
        assert pair.why, pair
    wanted = {("Iraq", "Iran"), ("Mosul", "Mosul Dam"),
              ("Iraqi Army", "Iraqi Army General Command"), ("Iraqi Army", "Syrian Army"),
              ("Peshmerga", "Peshmerga Ministry"),
              ("Hillary Clinton", "Bill Clinton"), ("Trump", "The Trump campaign")}
    assert wanted <= {(p.name_a, p.name_b) for p in negatives}


def test_hand_read_exceptions_hold(rows: list[GoldRow]) -> None:
    clinton = [r for r in rows if r.name == "Clinton" and r.origin == "polnear-train"]
    assert [r.cluster for r in clinton] == ["polnear-train:hillary_clinton"]
    assert "Jeb Bush" in {r.name for r in rows if actor(r.cluster) == "polnear:jeb_bush"}
    assert "Team Trump" in {r.name for r in rows if actor(r.cluster) == "polnear:trump_campaign"}


def _build_module():
    spec = importlib.util.spec_from_file_location(
        "build_identity_gold", REPO / "scripts" / "build_identity_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_short_forms_count_only_where_their_actor_is_named(tmp_path: Path) -> None:
    build = _build_module()
    table = tmp_path / "table.tsv"
    table.write_text(
        "polnear\tpaul_ryan\tPERSON\tRyan* | Paul Ryan | Mr. Ryan*\n"
        "polnear\tjeb_bush\tPERSON\tBush* | Jeb Bush\n"
        "polnear\tgeorge_w_bush\tPERSON\tBush* | George W. Bush\n"
        "polnear-except\td\tRyan\t-\n", encoding="utf-8")
    texts = {"a": "Paul Ryan spoke. Ryan said no. Jeb Bush agreed; Bush said so too.",
             "b": "Nolan Ryan pitched. Ryan said yes.",
             "c": "Jeb Bush and George W. Bush. Bush said it.",
             "d": "Paul Ryan met Ryan Zinke. Ryan said so."}
    for article, text in texts.items():
        (tmp_path / "train" / "text").mkdir(parents=True, exist_ok=True)
        (tmp_path / "train" / "attributions").mkdir(parents=True, exist_ok=True)
        (tmp_path / "train" / "text" / f"{article}.txt").write_text(text, encoding="utf-8")
        spans = [m for m in re.finditer(r"Paul Ryan|Ryan|Jeb Bush|Bush", text)]
        ann = "".join(f"T{i}\tSource {m.start()} {m.end()}\t{m.group()}\n"
                      for i, m in enumerate(spans, 1))
        (tmp_path / "train" / "attributions" / f"{article}_4b22.ann").write_text(ann)
    for split in ("dev", "test"):
        (tmp_path / split / "attributions").mkdir(parents=True)
    stats = collections.Counter()
    rows = build.polnear_rows(tmp_path, build.Table(table), stats)
    found = {(r.name, r.cluster): r.articles for r in rows}
    assert found == {
        ("Paul Ryan", "polnear-train:paul_ryan"): ("a", "d"),
        ("Ryan", "polnear-train:paul_ryan"): ("a",),  # not b (another Ryan), not d (exception)
        ("Jeb Bush", "polnear-train:jeb_bush"): ("a", "c"),
        ("Bush", "polnear-train:jeb_bush"): ("a",),  # not c, where both Bushes are named
    }
    assert stats["short form dropped: two actors named"] == 2  # both Bush spans of c
    assert stats["short form dropped: nobody named in full"] == 2  # both Ryan spans of b


def test_gold_pairs_pair_by_actor_and_type() -> None:
    rows = [GoldRow("polnear-train", "polnear-train:x", "PERSON", "Trump", ()),
            GoldRow("polnear-test", "polnear-test:x", "PERSON", "Donald J. Trump", ()),
            GoldRow("polnear-train", "polnear-train:y", "ORG", "The Trump campaign", ()),
            GoldRow("gum", "gum:x", "PERSON", "President Trump", ())]
    assert gold_pairs(rows) == {frozenset(("Trump", "Donald J. Trump"))}
    assert actor("polnear-dev:paul_ryan") == actor("polnear-train:paul_ryan") == "polnear:paul_ryan"
    assert actor("gum:Mecca") == "gum:Mecca"


def test_loader_round_trips(tmp_path: Path, rows: list[GoldRow]) -> None:
    write_gold(rows, tmp_path / "gold.tsv")
    assert (tmp_path / "gold.tsv").read_bytes() == GOLD.read_bytes()
    write_hard_negatives(hard_negatives(), tmp_path / "negatives.tsv")
    assert (tmp_path / "negatives.tsv").read_bytes() == HARD_NEGATIVES.read_bytes()
    assert load_gold("seed") == [r for r in rows if r.origin == "seed"]


def test_loader_names_the_file_and_line_of_a_bad_row(tmp_path: Path) -> None:
    bad = tmp_path / "gold.tsv"
    bad.write_text("origin\tcluster\ttype\tname\tarticles\nseed\tseed:x\tPERSON\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.tsv, line 2"):
        load_gold(path=bad)
    with pytest.raises(ValueError, match="unknown origin"):
        load_gold("polnear")


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("Peshmerga", "Peshmergas", "plural"),
    ("Trump's", "Trump", "possessive"),
    ("Hashd al-Shaabi", "al-Hashd al-Shaabi", "article"),
    ("Iraqi Army General Command", "the General Command of the Iraqi Army", "word order"),
    ("Brig. Gen. Yahya Rasool", "Yahya Rasool", "title"),
    ("Mirani", "Nechirvan Mirani", "surname only"),
    ("Hillary", "Hillary Clinton", "first name only"),
    ("CTS", "Counter-Terrorism Service", "acronym"),
    ("U.N.", "United Nations", "acronym"),
    ("Bashiqa", "Bashika", "spelling"),
    ("the United Nations", "the Untied Nations", "spelling"),
    ("Trump's campaign", "the Trump campaign", "possessive"),
    ("Mosul", "Mosul City", "descriptor"),
    ("Syrian Army", "Syrian Arab Army", "extra word"),
    ("ISIL", "Daesh", "alias"),
    ("ISIL", "ISIS", "alias"),  # too short to call a spelling variant
])
def test_variant_classes(a: str, b: str, expected: str) -> None:
    assert expected in variant_classes(a, b)
    assert variant_classes(a, b) == variant_classes(b, a)


def test_variant_classes_of_places_are_not_surnames() -> None:
    assert variant_classes("Sydney", "Sydney, Australia", "GPE/LOC") == {"extra word"}
    assert variant_classes("Sydney", "Sydney, Australia", "PERSON") == {"first name only"}
    assert variant_classes("Mosul", "the city of Mosul", "GPE/LOC") == {"article", "descriptor"}


@needs_shared
def test_polnear_articles_exist_in_the_split_of_their_row(rows: list[GoldRow]) -> None:
    for row in rows:
        if row.origin.startswith("polnear-"):
            split = row.origin.split("-", 1)[1]
            for article in row.articles:
                assert (POLNEAR / split / "text" / f"{article}.txt").is_file(), (row, article)


@needs_shared
def test_seed_names_occur_in_the_articles_they_list(rows: list[GoldRow]) -> None:
    seed = {p.stem: p.read_text(encoding="utf-8").replace("’", "'")
            for p in (SHARED / "seed").glob("*.txt")}
    listed = 0
    for row in rows:
        if row.origin == "seed":
            for article in row.articles:
                assert row.name.replace("’", "'") in seed[article], row
                listed += 1
    assert listed >= 30


@needs_shared
def test_the_build_script_rebuilds_the_committed_files(tmp_path: Path) -> None:
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, str(REPO / "scripts" / "build_identity_gold.py"),
             "--shared", str(SHARED), "--out", str(tmp_path)],
            capture_output=True, text=True, timeout=300, check=True)
        assert "polnear-train" in result.stdout
        assert (tmp_path / GOLD.name).read_bytes() == GOLD.read_bytes()
        assert (tmp_path / HARD_NEGATIVES.name).read_bytes() == HARD_NEGATIVES.read_bytes()


def test_gum_halves_split_by_document_and_keep_each_cluster_whole():
    from identity_gold import GUM_HALVES, gum_half

    rows = load_gold("gum")
    halves = {r.cluster: set() for r in rows}
    for r in rows:
        halves[r.cluster].add(gum_half(r))
    assert all(len(h) == 1 for h in halves.values())
    counts = [sum(gum_half(r) == h for r in rows) for h in GUM_HALVES]
    assert min(counts) > 0.4 * len(rows)
    with pytest.raises(ValueError):
        gum_half(load_gold("seed")[0])
