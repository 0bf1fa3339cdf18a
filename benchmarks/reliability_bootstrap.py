"""What the reliability intervals cost: our bootstrap against the one an engineer writes first.

    python benchmarks/reliability_bootstrap.py [--units 2000 20000] [--repeat 5] [--project DB]

1. **α's bootstrap.** On generated reliability data (3 coders, 4 values, 10% missing,
   about 80% agreement) it times Hayes & Krippendorff's bootstrap as
   ``team/bootstrap.py`` draws it (10,000 samples from the coincidence matrix) and the
   usual first version: resample the units with replacement and call
   ``krippendorff.alpha`` on each sample (as R's ``kripp.boot`` does), 200 samples,
   scaled per sample. It prints the time per sample of each and their ratio.
2. **The whole command.** With ``--project DB`` (``--project polnear`` builds one from the 24
   multiply-coded PolNeAR articles in ``../shared/corpora/polnear``, as
   ``benchmarks/polnear_agreement.py`` picks them) it runs ``annotator agreement DB`` with
   ``--bootstrap 10000`` and with ``--bootstrap 0`` in child processes and prints the
   wall time and the peak RSS read from outside (``os.wait4``).

Each measurement is repeated (min / median / max); the load average is printed beside.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import krippendorff
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotator.team.bootstrap import alpha_draws  # noqa: E402
from annotator.team.coincidences import coincidences  # noqa: E402

CODERS = ["a", "b", "c"]


def generated(units: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 4, units)
    data = np.stack([np.where(rng.random(units) < 0.8, truth, rng.integers(0, 4, units))
                     for _ in CODERS]).astype(float)
    data[rng.random(data.shape) < 0.1] = np.nan
    return data


def ours(data: np.ndarray, samples: int) -> float:
    units = [{c: None if np.isnan(v) else int(v) for c, v in zip(CODERS, column)}
             for column in data.T]
    started = time.perf_counter()
    alpha_draws(coincidences(units, CODERS), samples, 1)
    return (time.perf_counter() - started) / samples


def resampling_units(data: np.ndarray, samples: int) -> float:
    rng = np.random.default_rng(1)
    started = time.perf_counter()
    for _ in range(samples):
        krippendorff.alpha(reliability_data=data[:, rng.integers(0, data.shape[1],
                                                                 data.shape[1])],
                           value_domain=[0, 1, 2, 3], level_of_measurement="nominal")
    return (time.perf_counter() - started) / samples


def spread(values: list[float], scale: float = 1.0, unit: str = "") -> str:
    v = [x * scale for x in values]
    return f"{min(v):.3g} / {statistics.median(v):.3g} / {max(v):.3g}{unit}"


def child(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a child process, read from outside it."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"{' '.join(cmd)} failed ({status})")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def polnear_project() -> Path:
    import tempfile

    from polnear_agreement import DEFAULT_CORPUS, multiply_coded

    from annotator.importing.brat import import_brat
    from annotator.store import Store
    groups = multiply_coded(DEFAULT_CORPUS)
    path = Path(tempfile.mkdtemp()) / "polnear.db"
    with Store(path) as store:
        import_brat(store, groups["training"] + groups["core"])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--project", type=Path)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    for n in args.units:
        data = generated(n)
        mine = [ours(data, 10_000) for _ in range(args.repeat)]
        theirs = [resampling_units(data, 200) for _ in range(args.repeat)]
        ratios = [t / m for t, m in zip(theirs, mine)]
        print(f"{n:>6} units: ours {spread(mine, 1e6, ' µs')} per sample; resampling units + "
              f"krippendorff.alpha {spread(theirs, 1e3, ' ms')} per sample; ours is "
              f"{spread(ratios, 1, '×')} faster (min/median/max of {args.repeat})")
    if args.project and str(args.project) == "polnear":
        args.project = polnear_project()
    if args.project:
        base = [sys.executable, "-m", "annotator", "agreement", str(args.project)]
        for samples in (10_000, 0):
            runs = [child(base + ["--bootstrap", str(samples)]) for _ in range(args.repeat)]
            print(f"annotator agreement --bootstrap {samples}: "
                  f"{spread([r[0] for r in runs], 1, ' s')}, peak RSS "
                  f"{spread([r[1] for r in runs], 1, ' MB')}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
