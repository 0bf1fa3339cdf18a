"""Timing shared by the benchmark scripts: the median of repeated calls, in milliseconds.

The median, not the mean, because the machines are shared and one slow run
from a neighbour's job should not move the figure.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], repeat: int = 7) -> float:
    """Median wall time of ``repeat`` calls of ``fn``, in milliseconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def child_run(args: list[str]) -> tuple[str, float]:
    """(stdout, peak RSS in MB) of one child process, its RSS read by this parent (wait4).

    Measured from outside the process, as the benchmarks must: the child's own
    rusage, not the largest of all children so far.
    """
    out, usage = child_usage(args)
    return out, usage.ru_maxrss / 1024


def child_usage(args: list[str]):
    """(stdout, ``resource.struct_rusage``) of one child process, read by this parent.

    Besides peak RSS the rusage has the child's CPU seconds (``ru_utime + ru_stime``,
    all its threads), which on a shared machine say what a run cost when the wall
    clock mostly says how busy the neighbours were.
    """
    import os
    import subprocess

    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = proc.stdout.read()
    proc.stdout.close()
    if proc.returncode:
        raise SystemExit(f"{args[1:]} failed with status {proc.returncode}")
    return out, usage
