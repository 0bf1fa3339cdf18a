"""Generated news-like articles for the scale benchmarks: bodies ~2.4 KB, Zipf word frequencies.

Why not the sample words of ``import_export.py``: a full-text index behaves by
word frequency. With twenty words every word is in every article; real news
has a few words in nearly every article ("the", "said"), a long tail that is
rare, and prefixes shared by a family of words ("gov": government, governor,
govern ...). So the vocabulary here is ~150 common English and news words at
the top ranks, the "gov" family and other real words at their usual ranks, and
generated pseudo-words for the tail, drawn with probability ∝ 1/rank.

    from benchmarks.scale_data import article_records, write_jsonl, build_project
    build_project("p.db", 100_000)          # through Store.add_articles, indexed
    write_jsonl("a.jsonl", 10_000)          # what ``annotator import`` reads

The same ``seed`` gives the same articles. ``RARE_WORDS`` are words of the tail
(a few hits per 10,000 articles); ``COMMON_WORDS`` are in most articles.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import numpy as np

TAIL_SIZE = 60_000
BODY_CHARS = 2_400

#: The top of the vocabulary, most frequent first (news English, roughly).
TOP = ("the of to and a in said that for is on was with he it as at by from his"
       " be have has an are they not but were been who had which their will would"
       " this its also after more than or one two people new government year police"
       " we she her about over against there all up out when into could last first"
       " security president minister officials state told report city forces country"
       " military killed army attack group since three week years former party before"
       " between during under while other some now local national public news united"
       " statement according court leaders support talks war district province region"
       " council election vote spokesman border aid health agency troops opposition"
       " peace fighting ministry"
       ).split()

#: Real words placed at ranks where news text has them, so prefixes behave ("gov").
PLACED = {
    "governor": 320, "governments": 700, "governing": 2_500, "govern": 4_000,
    "governance": 6_000, "governed": 9_000, "gov": 20_000, "governorate": 12_000,
    "mosul": 1_500, "peshmerga": 5_000, "ceasefire": 1_200, "convoy": 2_000,
    "referendum": 3_000, "humanitarian": 900, "negotiations": 1_100,
}

#: Words in nearly every article, and words of the tail, for the search benchmarks.
COMMON_WORDS = ("the", "said")
RARE_WORDS = ("zulvatek", "morquisan", "plendrova")

_ONSETS = ("b bl br c ch cl cr d dr f fl fr g gl gr h j k kl l m n p pl pr qu r s sh sk sl"
           " sm sn sp st str t th tr v w z").split()
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou", "io")
_CODAS = ("", "n", "r", "s", "t", "l", "m", "nd", "st", "rk", "x")

OUTLETS = ("Reuters", "AP", "AFP", "BBC", "Al Jazeera", "ARA News", "Kurdistan24", "Rudaw",
           "The Guardian", "Anadolu", "Xinhua", "DW", "France 24", "Sky News", "CNN",
           "Middle East Eye", "The National", "Asharq Al-Awsat", "Daily Sabah", "AhlulBayt")


@cache
def vocabulary() -> tuple[str, ...]:
    """The word at each rank (0 = most frequent): common words, placed words, pseudo-words."""
    rng = random.Random(12345)  # the vocabulary is the same for every seed
    words: list[str] = list(TOP)
    seen = set(words) | set(PLACED) | set(RARE_WORDS)
    while len(words) < TAIL_SIZE:
        parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(1, 3))]
        word = "".join(parts) + rng.choice(_CODAS)
        if word not in seen and not word.startswith("gov"):
            seen.add(word)
            words.append(word)
    for word, rank in sorted(PLACED.items(), key=lambda kv: kv[1]):
        words.insert(rank, word)
    # the rare words sit in the far tail: a few articles in 10,000 have each
    for i, word in enumerate(RARE_WORDS):
        words.insert(len(words) - 1000 * (i + 1), word)
    return tuple(words)


def _probabilities(n: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1)
    return weights / weights.sum()


def article_records(n: int, seed: int = 0, start: int = 0) -> Iterator[dict]:
    """``n`` article records ({"title", "date", "outlet", "url", "text"}), generated lazily.

    ``start`` numbers them (article i of a run split in parts keeps its text).
    """
    words = vocabulary()
    cum = np.cumsum(_probabilities(len(words)))
    rng = np.random.default_rng(seed)
    per_article = BODY_CHARS // 7  # mean word length with its space is ~7 here
    chunk = 500  # draw the words of many articles at once: numpy per call costs more
    for first in range(start, start + n, chunk):
        count = min(chunk, start + n - first)
        sizes = rng.integers(per_article * 3 // 4, per_article * 5 // 4, count)
        ranks = np.searchsorted(cum, rng.random(int(sizes.sum()) + 8 * count), side="right")
        drawn = [words[r] for r in ranks.clip(0, len(words) - 1).tolist()]
        steps = rng.integers(8, 26, int(sizes.sum())).tolist()
        days = rng.integers(0, 3650, count).tolist()
        at = 0
        for j, k in enumerate(sizes.tolist()):
            i = first + j
            body_words, title = drawn[at:at + k], " ".join(drawn[at + k:at + k + 8])
            at += k + 8
            sentences, w = [], 0
            while w < k:
                step = steps.pop()
                sentence = " ".join(body_words[w:w + step])
                sentences.append(sentence[:1].upper() + sentence[1:] + ".")
                w += step
            paras = [" ".join(sentences[p:p + 5]) for p in range(0, len(sentences), 5)]
            yield {"title": title.capitalize(),
                   "date": str(np.datetime64("2015-01-01") + np.timedelta64(days[j], "D")),
                   "outlet": OUTLETS[i % len(OUTLETS)],
                   "url": f"https://news.example/{i}",
                   "text": f"Article {i}.\n\n" + "\n\n".join(paras)}


def write_jsonl(path: str | Path, n: int, seed: int = 0) -> Path:
    """Write ``n`` records as JSON lines (the input of ``annotator import``)."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as fh:
        for record in article_records(n, seed):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def drafts(n: int, seed: int = 0, start: int = 0):
    """The records as ``ArticleDraft``s, as the JSONL reader makes them (lazily)."""
    from annotator.model import ArticleDraft

    for i, r in enumerate(article_records(n, seed, start), start):
        yield ArticleDraft(title=r["title"], body=r["text"], published=r["date"],
                           published_raw=r["date"], outlet=r["outlet"], url=r["url"],
                           source_file=f"generated.jsonl:{i + 1}")


def build_project(path: str | Path, n_articles: int, seed: int = 0,
                  batch: int = 2_000, progress: bool = False) -> Path:
    """A project of ``n_articles`` generated articles, stored and indexed as an import does.

    ``Store.add_articles`` in batches (index=False) and one ``index_pending`` at
    the end, the path ``import_paths`` takes without reading a file.
    """
    from annotator.store import Store

    path = Path(path)
    with Store(path, coder="bench") as store:
        pending: list = []
        for draft in drafts(n_articles, seed):
            pending.append(draft)
            if len(pending) == batch:
                store.add_articles(pending, index=False)
                pending = []
                if progress and store.last_article_id() % 100_000 == 0:
                    print(f"  {store.last_article_id():,} articles stored", file=sys.stderr)
        if pending:
            store.add_articles(pending, index=False)
        store.index_pending(chunk=20_000)
    return path


def kept(path: Path, make: Callable[[Path], object]) -> Path:
    """``path``, made by ``make(temporary path)`` the first time and kept for later runs
    (a 1M project takes long to build); says how long the making took."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        t0 = time.perf_counter()
        make(part)
        part.rename(path)
        print(f"made {path} ({path.stat().st_size / 1e6:,.0f} MB) in "
              f"{time.perf_counter() - t0:,.0f} s", flush=True)
    return path


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write generated articles as JSON lines.")
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_jsonl(args.out, args.n, args.seed)
