"""Generated projects of 10k / 100k / 1M articles for the scale benchmarks, cached under /tmp.

``build_project(path, n_articles, seed=0)`` goes through the import path
(``Store.add_articles`` in batches with the search index left for one
``index_pending`` at the end, as ``annotator import`` does), so the file has
the real schema: FTS filled, progress counts kept by their triggers, the edit
log. Bodies are about 2.4 KB of words drawn with Zipf weights from a fixed
vocabulary (common words such as "the" and "said" in most articles, a long
tail of rare ones) plus one word only that article has (``uniq<id>``), so a
search benchmark finds common and rare words alike. Coder "bench" has done
every 7th article and skipped every 50th.

``cached_project(n)`` builds once and reuses: the file is named after its
size, seed and the schema version it was built with, built under a temporary
name and renamed into place when whole. About 1 minute per 100,000 articles
here (2 shared cores); the 1M project takes 10-15 minutes and 3.5 GB.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.migrations import known_migration_names  # noqa: E402
from annotator.model import ArticleDraft  # noqa: E402
from annotator.store import Store  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "annotator-scale"
CODER = "bench"
BATCH = 5_000
BODY_WORDS = 380  # about 2.4 KB with the vocabulary below
COMMON = ("the of and to in a said that on for was with by is from at as army forces "
          "city officials reported militants according sources statement government "
          "told police killed attack people security fighters area district").split()
OUTLETS = ("ARA News", "Alalam", "Rudaw", "BBC", "Reuters", "Al Jazeera", "AFP")


def vocabulary(seed: int, size: int = 30_000) -> list[str]:
    """The common words first, then made-up words of 3 to 4 syllables (rank = Zipf rank)."""
    rng = random.Random(seed)
    syllables = [a + b for a in "bcdfghklmnprstvz" for b in "aeiou"]
    words, seen = list(COMMON), set(COMMON)
    while len(words) < size:
        word = "".join(rng.choices(syllables, k=rng.randint(3, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


@functools.cache
def word_pool(seed: int, size: int = 1 << 20) -> tuple[list[str], list[str]]:
    """(a million words drawn with Zipf weights, the vocabulary's tail): drawn once, so an
    article is a slice of the pool (cheap) plus a few tail words of its own."""
    words = vocabulary(seed)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    pool = random.Random(seed).choices(words, cum_weights=weights, k=size)
    return pool, words[3000:]


def drafts(start: int, stop: int, seed: int) -> list[ArticleDraft]:
    """Articles ``start`` to ``stop`` (0-based): the same text for the same seed, every run."""
    pool, tail = word_pool(seed)
    rng = random.Random(seed * 1_000_003 + start)  # batches start at multiples of BATCH
    out = []
    for i in range(start, stop):
        at = rng.randrange(len(pool) - BODY_WORDS)
        text = pool[at:at + BODY_WORDS]
        for k in range(0, BODY_WORDS, 40):  # words of the long tail, a few per article
            text[k] = rng.choice(tail)
        paragraphs = [" ".join(text[p:p + 95]) + "." for p in range(0, BODY_WORDS, 95)]
        paragraphs[-1] += f" uniq{i + 1}"  # article id i + 1 in a fresh project
        title = " ".join(pool[at + BODY_WORDS - 6:at + BODY_WORDS]).capitalize()
        out.append(ArticleDraft(
            title=f"{title} ({i + 1})", body="\n\n".join(paragraphs),
            published=f"{2010 + i % 14}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            outlet=OUTLETS[i % len(OUTLETS)]))
    return out


def build_project(path: str | os.PathLike, n_articles: int, seed: int = 0) -> Path:
    """Write a project of ``n_articles`` generated articles to ``path`` (which must not exist)."""
    path = Path(path)
    t0 = time.perf_counter()
    with Store(path, coder=CODER) as store:
        for start in range(0, n_articles, BATCH):
            store.add_articles(drafts(start, min(n_articles, start + BATCH), seed), index=False)
            print(f"  {min(n_articles, start + BATCH):,} articles stored", end="\r",
                  file=sys.stderr, flush=True)
        store.index_pending(chunk=20_000)
        store.set_status_many(range(1, n_articles + 1, 7), "done")
        store.set_status_many(range(3, n_articles + 1, 50), "skipped")
    print(f"  built {n_articles:,} articles in {time.perf_counter() - t0:.0f} s        ",
          file=sys.stderr)
    return path


def schema_tag() -> str:
    """A short digest of the migrations this program knows: a cache built by another
    schema (another branch) is never reused."""
    return hashlib.sha1(",".join(known_migration_names()).encode()).hexdigest()[:8]


def cached_project(n_articles: int, seed: int = 0) -> Path:
    """The path of a built project of this size, building it first if there is none."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"articles-{n_articles}-seed{seed}-{schema_tag()}.db"
    if not path.exists():
        print(f"building {path} (kept for later runs)...", file=sys.stderr)
        partial = CACHE / f".{path.name}.building-{os.getpid()}"
        build_project(partial, n_articles, seed)
        os.replace(partial, path)
    return path
