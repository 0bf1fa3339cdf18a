"""What other tools' annotations cost an import: annotated files against their texts alone.

    python benchmarks/import_tools.py [--records 2000] [--spans 6] [--repeat 5]

Each case runs ``annotator import`` in a child process (a fresh project each
time), interleaved with its baseline, and reports wall time and peak RSS read
from outside the process (``os.wait4``), as min/median/max of ``--repeat`` runs,
with the load average before and after:

- **doccano**: a generated JSONL export of ``--records`` records with
  ``--spans`` labelled spans each, against the same records with no labels (a
  plain JSONL import of the same texts: what storing the articles alone costs);
- **GUM** (when ``../shared`` is there): the 24 WebAnno TSV files with
  ``--mapping gum`` (about 4,000 mentions, coreference, identities), against
  their rebuilt texts written as plain ``.txt`` files.

The ratio is annotated / baseline time: the price of the spans, entities,
aliases, statuses and edit log rows on top of the articles.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUM = ROOT.parent / "shared" / "corpora" / "gum-webanno-tsv"
NAMES = ["Rahul Gandhi", "Eknath Shinde", "Mumbai", "Reuters", "Hope Hicks", "Mosul",
         "Iraqi Army", "Peshmerga", "Nechirvan Mirani", "ARA News"]
LABELS = ["PERSON", "PERSON", "GPE", "ORG", "PERSON", "GPE", "ORG", "ORG", "PERSON", "ORG"]


def doccano_records(n: int, spans: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    records = []
    for i in range(n):
        text, label = f"Record {i}.", []
        for _ in range(spans):
            k = rng.randrange(len(NAMES))
            filler = " ".join(rng.choice(["said", "on", "the", "a", "report", "in", "that",
                                          "officials", "Sunday", "city"]) for _ in range(8))
            start = len(text) + 1
            text += f" {NAMES[k]} {filler}."
            label.append([start, start + len(NAMES[k]), LABELS[k]])
        records.append({"id": i, "text": text, "label": label})
    return records


def run(argv: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS bytes) of one child, which must succeed."""
    t0 = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {child.stderr.read().decode()[-400:]}")
    child.stderr.close()
    return wall, usage.ru_maxrss * 1024


def spread(values: list[float], fmt: str) -> str:
    return "/".join(fmt.format(v) for v in (min(values), statistics.median(values),
                                            max(values)))


def compare(name: str, annotated: list[str], baseline: list[str], repeat: int,
            folder: Path) -> None:
    times: dict[str, list[float]] = {"annotated": [], "baseline": []}
    peaks: dict[str, list[float]] = {"annotated": [], "baseline": []}
    load = os.getloadavg()[0]
    for i in range(repeat):
        for kind, paths in (("annotated", annotated), ("baseline", baseline)):
            db = folder / f"{kind}-{i}.db"
            wall, peak = run([sys.executable, "-m", "annotator", "import", str(db), *paths,
                              *(["--mapping", "gum"] if name == "GUM" and
                                kind == "annotated" else [])])
            times[kind].append(wall)
            peaks[kind].append(peak / 2**20)
            db.unlink()
    ratio = statistics.median(times["annotated"]) / statistics.median(times["baseline"])
    print(f"[{name}] annotated {spread(times['annotated'], '{:.2f}')} s, texts alone "
          f"{spread(times['baseline'], '{:.2f}')} s (min/median/max of {repeat}) -> ratio "
          f"{ratio:.2f}; peak RSS {spread(peaks['annotated'], '{:.0f}')} MB vs "
          f"{spread(peaks['baseline'], '{:.0f}')} MB; load average {load:.2f} -> "
          f"{os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--spans", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        records = doccano_records(args.records, args.spans)
        labelled, plain = folder / "export.admin.jsonl", folder / "texts.jsonl"
        labelled.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        plain.write_text("".join(json.dumps({"text": r["text"]}) + "\n" for r in records),
                         encoding="utf-8")
        compare(f"doccano {args.records} records x {args.spans} spans", [str(labelled)],
                [str(plain)], args.repeat, folder)
        if GUM.is_dir():
            sys.path.insert(0, str(ROOT))
            from annotator.importing.webanno_tsv import read_webanno_tsv

            texts = folder / "gum-texts"
            texts.mkdir()
            for path in sorted(GUM.glob("*.tsv")):
                items = list(read_webanno_tsv(path.read_text(encoding="utf-8"), str(path)))
                (texts / f"{path.stem}.txt").write_text(items[-1].draft.body, encoding="utf-8")
            compare("GUM", [str(GUM)], [str(texts)], args.repeat, folder)


if __name__ == "__main__":
    main()
