"""Timing and memory measurement, and the child process each row runs in.

Every row runs in a fresh child process (`python -m benchmarks --row NAME`), because a row that
frees hundreds of MB was seen to slow `orjson.loads` in later rows. In a child, the contender and
the floor alternate for the given rounds (which one goes first alternates too); each round times
one pass over the events with gc disabled (a pass shorter than `min_ns` is repeated and averaged),
gc.collect() runs between passes (after gc.freeze() of the set-up), and the row reports the median
ns per event of each and the ratio of those medians. "noise" is the interquartile range of the
per-round ratios over their median.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks import ROOT

# A function timed over a sequence of inputs.
Timed = tuple[Callable[[Any], Any], Sequence[Any]]


def one_pass(f: Callable[[Any], Any], data: Sequence[Any], repeat: int = 1) -> int:
    """ns for `repeat` passes of `f` over `data`; results are dropped as they are made."""
    t0 = time.perf_counter_ns()
    for _ in range(repeat):
        for x in data:
            f(x)
    return time.perf_counter_ns() - t0


def timed(rounds: int, min_ns: int, contender: Timed, floor: Timed) -> dict[str, Any]:
    """Contender and floor alternating for `rounds` rounds: medians, their ratio, the noise."""
    n = len(contender[1])
    for _ in range(2):  # warm up: lazy schema builds, caches
        one_pass(*contender)
        one_pass(*floor)
    # A pass shorter than `min_ns` is repeated, so the timer and the scheduler weigh less.
    rc = max(1, -(-min_ns // max(1, one_pass(*contender))))
    rf = max(1, -(-min_ns // max(1, one_pass(*floor))))
    # Long-lived objects (the SDK's modules, the events) move out of the collector's way, so the
    # gc.collect() between passes costs microseconds, not the ~60 ms a full collection takes.
    gc.collect()
    gc.freeze()
    tc: list[int] = []
    tf: list[int] = []
    for r in range(rounds):
        for which in (0, 1) if r % 2 == 0 else (1, 0):
            gc.collect()
            gc.disable()
            try:
                if which == 0:
                    tc.append(one_pass(*contender, rc) // rc)
                else:
                    tf.append(one_pass(*floor, rf) // rf)
            finally:
                gc.enable()
    per_round = sorted(c / max(1, f) for c, f in zip(tc, tf, strict=True))
    ratio = statistics.median(tc) / max(1, statistics.median(tf))
    q = statistics.quantiles(per_round, n=4) if len(per_round) >= 2 else [ratio, ratio, ratio]
    return {
        "n": n,
        "repeat": [rc, rf],
        "contender_ns": statistics.median(tc) / n,
        "floor_ns": statistics.median(tf) / n,
        "ratio": ratio,
        "noise": (q[2] - q[0]) / q[1] if q[1] else 0.0,
    }


def retained(f: Callable[[Any], Any], data: Sequence[Any]) -> float:
    """Bytes per item retained by keeping `f(x)` for every x (results and the list holding them)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = [f(x) for x in data]
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    gc.collect()
    return (after - before) / len(data)


def peak_added(f: Callable[[bytes], Any], data: bytes) -> float:
    """Peak bytes allocated during one call of `f(data)`, over what was allocated before."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        f(data)
        return float(tracemalloc.get_traced_memory()[1] - before)
    finally:
        tracemalloc.stop()


def rss_peak_added(f: Callable[[bytes], Any], data: bytes) -> float | None:
    """Peak resident memory added during one call (Linux: VmHWM after resetting it), or None."""

    def kib(field: str) -> int:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1])
        raise OSError(field)

    try:
        gc.collect()
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # VmHWM := VmRSS
        before = kib("VmRSS:")
        f(data)
        return (kib("VmHWM:") - before) * 1024.0
    except OSError:
        return None


def spawn(row: str, options: list[str]) -> dict[str, Any]:
    """Run one row in a fresh child process; its last line of output is the result as JSON. A
    child that fails gives a row whose status says so, with the last line of its stderr."""
    cmd = [sys.executable, "-m", "benchmarks", "--row", row, *options]
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": path}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"row": row, "status": f"failed: {tail}"}
    try:
        result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {"row": row, "status": "failed: no result"}
    return result
