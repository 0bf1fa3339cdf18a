"""Soak: a window coding, its own import, another process writing, and kill -9 at random.

    .venv/bin/python benchmarks/soak.py --minutes 5

Round after round until the time is up:

- a real window (``soak_window.py``, offscreen) codes with key presses through
  its undo commands and journals what its screen shows after every action,
  while its own Import… runs in a worker thread;
- another process reads the project and adds an entity every 50 ms;
- after a random 3-12 s the window is killed with SIGKILL.

After each kill the project file is compared with the journal: every
mention, claim and status the screen showed must be in the file, and nothing
the screen no longer showed (undone) may be. An action that had begun but not
finished when the kill came may have landed or not; it is counted apart.
Then one final ``annotator import`` of every folder checks that no import was
lost. Prints the figures; exits 1 if anything was lost or the file is damaged.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

OUTSIDE_WRITER = r"""
import json, os, sys, time
from annotator.store import Store
path, stop = sys.argv[1], sys.argv[2]
store = Store(path, coder="outside")
i = 0
while not os.path.exists(stop):
    try:
        store.stats()
        change = store.add_entity(f"Outside entity {i}", "ORG")
        print(json.dumps({"entity": change.row_id}), flush=True)
    except Exception as exc:
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), flush=True)
    i += 1
    time.sleep(0.05)
"""


def write_folder(folder: Path, n: int, tag: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = "\n\n".join(f"Paragraph {p}: the army said forces advanced on district {i}, "
                           f"officials in {tag} told reporters." for p in range(4))
        (folder / f"{tag}-{i:05d}.txt").write_text(f"{tag} article {i}\n\n{body}\n", "utf-8")


def project_state(db: Path) -> dict[int, dict]:
    """What the file holds for coder "soak": per article, mention and claim ids and status."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        coder = conn.execute("SELECT id FROM coders WHERE name = 'soak'").fetchone()
        if coder is None:
            return {}
        state: dict[int, dict] = {}
        for table, key in (("mentions", "mentions"), ("claims", "claims")):
            for aid, row_id in conn.execute(
                    f"SELECT article_id, id FROM {table} WHERE coder_id = ?", coder):
                state.setdefault(aid, {"mentions": [], "claims": []})[key].append(row_id)
        for aid, status in conn.execute(
                "SELECT article_id, status FROM article_status WHERE coder_id = ?", coder):
            state.setdefault(aid, {"mentions": [], "claims": []})["status"] = status
        return state
    finally:
        conn.close()


def compare(journal: list[dict], db: Path, expected: dict[int, dict]) -> tuple[int, int, list]:
    """Fold this round's journal into ``expected``; return (checked, in_flight, problems).

    The action the kill cut short may have landed or not. It touched the
    article it began on, except an undo or redo, which may reach back to
    another article: for those, one other article that differs is taken as
    that action's effect, not as a loss.
    """
    in_flight = None
    for record in journal:
        if "begin" in record:
            in_flight = record
        elif "done" in record:
            in_flight = None
            aid = record.get("article")
            if aid is None:
                continue
            known = expected.setdefault(aid, {})
            for key in ("mentions", "claims", "status"):
                if key in record:
                    known[key] = record[key]
    state = project_state(db)
    cut = in_flight.get("article") if in_flight else None
    problems, checked, differing = [], 0, {}
    for aid, known in expected.items():
        if aid == cut:
            continue
        have = state.get(aid, {"mentions": [], "claims": []})
        found = []
        for key in ("mentions", "claims"):
            if key in known:
                checked += len(known[key])
                if sorted(have.get(key, [])) != sorted(known[key]):
                    found.append((aid, key, known[key], have.get(key, [])))
        if "status" in known and have.get("status", "todo") != known["status"]:
            found.append((aid, "status", known["status"], have.get("status", "todo")))
        if found:
            differing[aid] = found
    reaching_back = in_flight is not None and in_flight.get("action") in ("undo", "redo")
    if reaching_back and len(differing) == 1:
        differing.clear()  # the cut undo or redo landed on the article it reached back to
    for found in differing.values():
        problems += found
    # From here on, the file's word: for what the kill interrupted, and for a loss
    # already counted (so that it is counted once, not again every round).
    adopt = set(differing) | ({cut} if cut is not None else set())
    if reaching_back:
        adopt |= set(expected)
    for aid in adopt:
        have = state.get(aid, {"mentions": [], "claims": []})
        expected[aid] = {"mentions": sorted(have.get("mentions", [])),
                         "claims": sorted(have.get("claims", [])),
                         "status": have.get("status", "todo")}
    return checked, 0 if in_flight is None else 1, problems


def read_lines(stream, into: list) -> threading.Thread:
    def pump() -> None:
        for line in stream:
            line = line.strip()
            if line.startswith("{"):
                into.append(json.loads(line))
    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    return thread


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[int(q * (len(values) - 1))] if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--folders", type=int, default=4, help="import folders to cycle through")
    parser.add_argument("--files", type=int, default=600, help="articles per import folder")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(10**6)
    rng = random.Random(seed)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    work = Path(tempfile.mkdtemp(prefix="annotator-soak-"))
    db = work / "soak.db"
    seed_folder = work / "seed"
    write_folder(seed_folder, 30, "seed")
    subprocess.run([sys.executable, "-m", "annotator", "import", str(db), str(seed_folder)],
                   check=True, capture_output=True, cwd=REPO)
    folders = [work / f"import-{k}" for k in range(args.folders)]
    for k, folder in enumerate(folders):
        write_folder(folder, args.files, f"batch{k}")
    stop = work / "stop"
    outside_log: list[dict] = []
    outside = subprocess.Popen([sys.executable, "-c", OUTSIDE_WRITER, str(db), str(stop)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=REPO, env=env)
    outside_reader = read_lines(outside.stdout, outside_log)
    expected: dict[int, dict] = {}
    totals = {"rounds": 0, "actions": 0, "checked": 0, "in_flight": 0, "imports_done": 0}
    problems: list = []
    waits: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + 60 * args.minutes
    while time.monotonic() < deadline:
        journal: list[dict] = []
        folder = folders[totals["rounds"] % len(folders)]
        window = subprocess.Popen(
            [sys.executable, str(HERE / "soak_window.py"), str(db), str(folder),
             str(rng.randrange(10**6))], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, cwd=REPO, env=env)
        reader = read_lines(window.stdout, journal)
        time.sleep(rng.uniform(3, 12))
        window.send_signal(signal.SIGKILL)
        window.wait()
        reader.join(timeout=10)
        stderr = window.stderr.read()
        if "Traceback" in stderr:
            errors.append(stderr[stderr.index("Traceback"):].strip().splitlines()[-1])
        errors += [line for line in stderr.splitlines() if line.startswith("error:")]
        checked, in_flight, found = compare(journal, db, expected)
        totals["rounds"] += 1
        totals["actions"] += sum(1 for r in journal if "begin" in r)
        totals["checked"] += checked
        totals["in_flight"] += in_flight
        totals["imports_done"] += sum(1 for r in journal if "import_done" in r)
        waits += [r["ms"] for r in journal if "ms" in r]
        errors += [r["alert"] for r in journal if r.get("alert")]
        problems += found
        print(f"round {totals['rounds']}: {sum(1 for r in journal if 'begin' in r)} actions, "
              f"{checked} annotations checked, {len(found)} lost", flush=True)
    stop.touch()
    outside.wait(timeout=60)
    outside_reader.join(timeout=10)
    final = subprocess.run([sys.executable, "-m", "annotator", "import", str(db),
                            *map(str, folders)], capture_output=True, text=True, cwd=REPO)
    conn = sqlite3.connect(db)
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    entity_ids = {r[0] for r in conn.execute("SELECT id FROM entities")}
    conn.close()
    outside_made = [r["entity"] for r in outside_log if "entity" in r]
    outside_failed = [r["error"] for r in outside_log if "error" in r]
    outside_lost = [e for e in outside_made if e not in entity_ids]
    expected_articles = 30 + len(folders) * args.files
    load = os.getloadavg()
    print()
    print(f"soak: {args.minutes:g} min, seed {seed}, load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, project {db}")
    print(f"  window kills (SIGKILL)          {totals['rounds']}")
    print(f"  window actions (keys)           {totals['actions']}")
    print(f"  annotations the screen showed   {totals['checked']} checked after kills, "
          f"{len(problems)} lost or extra")
    print(f"  actions cut by the kill         {totals['in_flight']} (may land or not)")
    print(f"  action time in the window       p50 {percentile(waits, .5):.0f} ms, "
          f"p99 {percentile(waits, .99):.0f} ms, max {max(waits, default=0):.0f} ms")
    print(f"  outside process writes          {len(outside_made)} made, "
          f"{len(outside_made) - len(outside_lost)} found, {len(outside_failed)} failed")
    print(f"  window imports completed        {totals['imports_done']} "
          f"(others killed midway)")
    print(f"  articles after a final import   {articles} of {expected_articles} "
          f"({final.stdout.strip().splitlines()[-1] if final.stdout.strip() else final.stderr})")
    print(f"  integrity_check                 {integrity}")
    print(f"  errors and alerts               {len(errors)}")
    for line in errors[:10]:
        print(f"    {line}")
    for problem in problems[:10]:
        print(f"    lost: {problem}")
    bad = problems or outside_lost or outside_failed or integrity != "ok" \
        or articles != expected_articles or errors
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
