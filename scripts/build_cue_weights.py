"""Learn resources/cue_weights.tsv from PolNeAR train: which words are attribution cues.

    .venv/bin/pip install -e ".[lexicon]"    # lemminflect, for the lemmas
    .venv/bin/python scripts/build_cue_weights.py        # reads ../shared/corpora/polnear

Only ``train/`` is read (one annotator's file per article, as the benchmark scores),
so ``benchmarks/assist_polnear.py --split dev`` and ``--split test`` stay unseen.
Candidates are the lemmas that were a cue at least twice and in at least 1% of
their uses; each of their occurrences is labelled by whether it lies in a gold
cue, and a logistic regression over ``annotator.assist.cue_model.features`` is
fitted. Written out: the table of word forms (every form the train text had,
and every inflection lemminflect knows, of a candidate lemma; less the forms the
model never scored above ``cue_model.LOW`` in train), and the weights of at
least 0.1 of the features seen at least 5 times in train: lemmas, forms,
neighbouring words and the word-free ``g`` features, no text of the corpus. Dropping
the rarer and smaller ones keeps the file near 1.1 MB.
"""

from __future__ import annotations

import argparse
import collections
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from assist_polnear import POLNEAR, articles  # noqa: E402

from annotator.assist.cue_model import LOW, TOKEN, _Scorer  # noqa: E402
from annotator.importing.brat_standoff import parse_ann  # noqa: E402

OUT = ROOT / "resources" / "cue_weights.tsv"
MIN_CUE, MIN_SHARE, MIN_FEATURE, MIN_WEIGHT, C = 2, 0.01, 5, 0.1, 0.3


@cache
def lemma(word: str) -> str:
    """A word's lemma, as a verb first ("said" -> say, "states" -> state), else as it is."""
    import lemminflect

    found = lemminflect.getAllLemmas(word.lower())
    for pos in ("VERB", "NOUN", "ADJ", "ADV", "AUX"):
        if pos in found:
            return found[pos][0].lower()
    return word.lower()


def train_articles():
    """(text, [(start, end) of every gold cue fragment]) of each train article, paired
    as the benchmark pairs them."""
    for body, ann in articles("train"):
        doc = parse_ann(ann)
        cues = [f for tb in doc.textbounds.values() if tb.type == "Cue" for f in tb.fragments]
        yield body, cues


def in_cue(cues, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in cues)


def candidate_lemmas(articles) -> dict[str, str]:
    """form -> lemma for the forms of every lemma often enough a cue."""
    counts = collections.defaultdict(lambda: [0, 0])
    forms = collections.defaultdict(set)
    for body, cues in articles:
        for m in TOKEN.finditer(body):
            lm = lemma(m.group())
            counts[lm][0] += 1
            counts[lm][1] += in_cue(cues, m.start(), m.end())
            forms[lm].add(m.group().lower())
    import lemminflect

    table = {}
    for lm, (n, y) in counts.items():
        if y >= MIN_CUE and y / n >= MIN_SHARE:
            inflected = {f.lower() for fs in lemminflect.getAllInflections(lm).values()
                         for f in fs}
            for form in forms[lm] | {f for f in inflected if lemma(f) == lm}:
                table[form] = lm
    return table


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    if not POLNEAR.is_dir():
        raise SystemExit(f"{POLNEAR} is absent: the weights are learned from ../shared")
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    train = list(train_articles())
    forms = candidate_lemmas(train)
    rows, labels, words = [], [], []
    for body, cues in train:
        scorer = _Scorer(body, forms, {}, 0.0)
        for i, m in enumerate(scorer.toks):
            if scorer.lemmas[i] is not None:
                rows.append(scorer.features(i))
                labels.append(in_cue(cues, m.start(), m.end()))
                words.append(m.group().lower())
    seen = collections.Counter(f for feats in rows for f in feats)
    keep = {f for f, n in seen.items() if n >= MIN_FEATURE}
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([{f: 1 for f in feats if f in keep} for feats in rows])
    model = LogisticRegression(C=C, max_iter=3000).fit(x, labels)
    # a form never scored above LOW in train is left out: most words are then never scored
    best = collections.defaultdict(float)
    for word, p in zip(words, model.predict_proba(x)[:, 1], strict=True):
        best[word] = max(best[word], p)
    kept_lemmas = {forms[w] for w, p in best.items() if p > LOW}
    forms = {w: lm for w, lm in forms.items()
             if best.get(w, 0.0) > LOW or (w not in best and lm in kept_lemmas)}
    coef = model.coef_[0]
    with OUT.open("w", encoding="utf-8") as out:
        out.write(f"# {__doc__.splitlines()[0]}\n# {len(train)} train articles, "
                  f"{len(rows)} candidate words, {sum(labels)} in gold cues; "
                  f"by scripts/build_cue_weights.py\n")
        out.write(f"bias\t\t{model.intercept_[0]:.4f}\n")
        for form in sorted(forms):
            out.write(f"form\t{form}\t{forms[form]}\n")
        for name, index in sorted(vectorizer.vocabulary_.items()):
            kind, _, rest = name.partition("=")
            key = rest.split("|", 1)[0]
            if abs(coef[index]) >= MIN_WEIGHT and (
                    kind.startswith("g") or  # no word's: the neighbours' shapes and marks
                    (key in kept_lemmas if kind.startswith("l") else key in forms)):
                out.write(f"w\t{name}\t{coef[index]:.3f}\n")
    print(f"{OUT}: {len(forms)} forms, {len(rows)} training words")


if __name__ == "__main__":
    main()
