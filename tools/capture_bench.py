"""How `rt-codec validate` scales: time and peak memory on large generated captures.

    python tools/capture_bench.py                 # 100,000 and 1,000,000 events
    python tools/capture_bench.py --events 20000  # any sizes

Each capture repeats the sample voice session of tools/make_samples.py (a session.created, speech in,
a function call, a spoken answer: 43 events, a third of them audio) with fresh ids, written to a
temporary file; `rt-codec validate --json` runs on it in a child process, whose wall time and peak
resident memory (from wait4) are reported. Flat memory means the peak does not grow with the events.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_samples import voice_session


def write_capture(path: Path, events: int) -> int:
    """A capture of about `events` events; returns how many it holds."""
    template = [orjson.dumps(line) for line in voice_session().lines]
    written = 0
    with open(path, "wb") as out:
        copy = 0
        while written < events:
            tag = f"{copy:07d}".encode()
            for line in template:
                if written == events:
                    break
                # Fresh ids per copy, so no id repeats across sessions.
                out.write(
                    line.replace(b'"event_S', b'"event_' + tag + b"S")
                    .replace(b'"evt_client_', b'"evt_' + tag + b"_")
                    .replace(b"Sample000", b"S" + tag)
                    + b"\n"
                )
                written += 1
            copy += 1
    return written


def measure(path: Path) -> tuple[float, float, dict[str, object]]:
    """(seconds, peak RSS in MiB, the report) of one `rt-codec validate --json` run."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "rt_codec", "validate", "--json", str(path)], stdout=out
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        report = orjson.loads(out.read())
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"rt-codec failed with status {status}")
    return seconds, usage.ru_maxrss / 1024, report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(
        f"{'events':>10} {'file MiB':>9} {'seconds':>8} {'events/s':>10} {'peak RSS MiB':>13}  findings"
    )
    with tempfile.TemporaryDirectory() as folder:
        for events in args.events:
            path = Path(folder) / f"capture-{events}.jsonl"
            count = write_capture(path, events)
            size = path.stat().st_size / 2**20
            seconds, rss, report = measure(path)
            path.unlink()
            assert report["events"] == count, report["events"]
            print(
                f"{count:>10,} {size:>9.0f} {seconds:>8.1f} {count / seconds:>10,.0f} {rss:>13.0f}"
                f"  {report['invalid']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
