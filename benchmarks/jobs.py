"""How `rt-codec validate --jobs N` scales over many capture files, side by side in one run.

    python -m benchmarks.jobs                          # 8 files of 25,000 events, --jobs 1 and 2
    python -m benchmarks.jobs --files 16 --events 10000 --jobs 1 2 4 --rounds 5

Each file repeats the sample voice session (benchmarks.capture.write_capture) with fresh ids. For
each --jobs value, `rt-codec validate --json --jobs N` runs in a child process on all the files,
rounds interleaved, and the median wall time is reported with events per second, events per second
per process, and the speed-up over one process. The reports must be identical (else it stops).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.capture import write_capture


def run(paths: list[Path], jobs: int) -> tuple[float, bytes]:
    """(seconds, the --json report) of one run."""
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "rt_codec",
            "validate",
            "--json",
            "--jobs",
            str(jobs),
            *map(str, paths),
        ],
        capture_output=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"rt-codec failed: {done.stderr.decode()[-500:]}")
    return seconds, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.jobs",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--events", type=int, default=25_000, help="events per file")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / f"capture-{n:03d}.jsonl" for n in range(args.files)]
        total = sum(write_capture(path, args.events) for path in paths)
        times: dict[int, list[float]] = {jobs: [] for jobs in args.jobs}
        reports: dict[int, bytes] = {}
        for _ in range(args.rounds):
            for jobs in args.jobs:  # interleaved, so that drift in the machine hits all alike
                seconds, report = run(paths, jobs)
                times[jobs].append(seconds)
                if reports.setdefault(jobs, report) != report:
                    raise SystemExit(f"--jobs {jobs} gave two different reports")
        if len(set(reports.values())) != 1:
            raise SystemExit("the reports differ between --jobs values")
    print(
        f"{args.files} files, {total:,} events; medians of {args.rounds} rounds; reports identical"
    )
    print(f"{'--jobs':>6} {'seconds':>8} {'events/s':>10} {'per process':>12} {'speed-up':>9}")
    base = statistics.median(times[args.jobs[0]])
    for jobs in args.jobs:
        median = statistics.median(times[jobs])
        rate = total / median
        print(
            f"{jobs:>6} {median:>8.2f} {rate:>10,.0f} {rate / jobs:>12,.0f} {base / median:>8.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
