"""How `rt-codec validate` scales: time and peak memory on large generated captures.

    python -m benchmarks.capture                  # 100,000 and 1,000,000 events
    python -m benchmarks.capture --events 20000   # any sizes

Each capture repeats the sample voice session of tools/sample_builders.py (a session.created, speech in,
a function call, a spoken answer: 43 events, a third of them audio) with fresh ids, written to a
temporary file twice, side by side: compact (as orjson writes it) and with the spaces of Python's
`json.dumps` defaults. `rt-codec validate --json` runs on each in a child process, whose wall time and
peak resident memory (from wait4) are reported. Flat memory means the peak does not grow with the
events. Two more captures stress the session state: as many text-delta streams that never finish
(bounded at 10,000 followed at once), and one stream of 300,000 deltas. Last, the time to validate one
`session.update` with 100,000 unknown tools (findings capped at 100 per event), median of 5, and a
~10 MiB `session.update` spaced as `json.dumps` writes it, with a duplicate key (the exact reading's
memory), beside `orjson.loads` of the same text.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
from sample_builders import voice_session


def write_capture(path: Path, events: int, spaced: bool = False) -> int:
    """A capture of about `events` events; returns how many it holds."""
    lines = voice_session().lines
    template = [json.dumps(x).encode() if spaced else orjson.dumps(x) for x in lines]
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


def write_streams(path: Path, events: int, one_stream: bool) -> int:
    """Text deltas after one announced response: each for a new item that never finishes, or all
    for one item whose done event repeats their text."""
    # No session.created: the capture starts mid-session, so the deltas need no announcements.
    head: list[dict[str, object]] = []
    with open(path, "wb") as out:
        for line in head:
            out.write(orjson.dumps(line) + b"\n")
        for n in range(events):
            item = "i" if one_stream else f"i{n}"
            delta = {
                "type": "response.output_text.delta",
                "event_id": f"e{n}",
                "response_id": "r",
                "item_id": item,
                "output_index": 0,
                "content_index": 0,
                "delta": "word ",
            }
            out.write(orjson.dumps({"direction": "server", "event": delta}) + b"\n")
        if one_stream:
            done = {
                "type": "response.output_text.done",
                "event_id": "done",
                "response_id": "r",
                "item_id": "i",
                "output_index": 0,
                "content_index": 0,
                "text": "word " * events,
            }
            out.write(orjson.dumps({"direction": "server", "event": done}) + b"\n")
    return events + len(head) + one_stream


def many_findings(count: int) -> float:
    """Median seconds to validate one session.update with `count` unknown tools."""
    from rt_codec.validation import validate_client_event

    tools = [{"type": f"nope{n}"} for n in range(count)]
    raw = orjson.dumps({"type": "session.update", "session": {"type": "realtime", "tools": tools}})
    times = []
    for _ in range(5):
        start = time.perf_counter()
        found = validate_client_event(raw)
        times.append(time.perf_counter() - start)
    assert len(found) == min(count, 100) + (count > 100), len(found)
    return statistics.median(times)


_BIG_LINE = """
import json, sys, time
tools = [{"type": "function", "name": f"tool_{n}", "description": "d",
          "parameters": {"type": "object", "properties": {"a": {"type": "integer"}}}}
         for n in range(80_000)]
raw = json.dumps({"type": "session.update", "session": {"type": "realtime", "tools": tools}})
raw = (raw[:-1] + ', "type": "session.update"}').encode()  # json.dumps spacing, a duplicate key
del tools
if sys.argv[1] == "loads":
    import orjson
    start = time.perf_counter(); orjson.loads(raw)
else:
    from rt_codec.validation import validate_client_event
    start = time.perf_counter(); found = validate_client_event(raw)
    assert [v.rule for v in found] == ["json.duplicate_key"], found
print(len(raw), time.perf_counter() - start)
"""


def big_line() -> None:
    """One ~10 MiB session.update written by json.dumps with a duplicate key: seconds and peak RSS
    of validating it, beside orjson.loads alone, each in a child process."""
    for what in ("loads", "validate"):
        with tempfile.TemporaryFile("w+") as out:
            child = subprocess.Popen([sys.executable, "-c", _BIG_LINE, what], stdout=out)
            _, status, usage = os.wait4(child.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"the {what} child failed with status {status}")
            out.seek(0)
            size, seconds = out.read().split()
        label = f"~10 MiB line, {'orjson.loads' if what == 'loads' else 'validate'}"
        print(
            f"{label:<22} {1:>10} {int(size) / 2**20:>9.1f} {float(seconds):>8.2f} {'':>10} "
            f"{usage.ru_maxrss / 1024:>13.0f}"
        )


def row(label: str, path: Path, count: int) -> tuple[float, float]:
    size = path.stat().st_size / 2**20
    seconds, rss, report = measure(path)
    path.unlink()
    assert report["events"] == count, (report["events"], count)
    print(
        f"{label:<22} {count:>10,} {size:>9.0f} {seconds:>8.1f} {count / seconds:>10,.0f} "
        f"{rss:>13.0f}  {report['invalid']}"
    )
    return seconds, rss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.capture",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--one-stream", type=int, default=300_000, help="deltas in the one long stream"
    )
    parser.add_argument(
        "--findings", type=int, default=100_000, help="unknown tools in the many-findings event"
    )
    parser.add_argument("--no-big-line", action="store_true", help="skip the ~10 MiB line")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(
        f"{'capture':<22} {'events':>10} {'file MiB':>9} {'seconds':>8} {'events/s':>10} "
        f"{'peak RSS MiB':>13}  with findings"
    )
    with tempfile.TemporaryDirectory() as folder:
        for events in args.events:
            path = Path(folder) / f"capture-{events}.jsonl"
            count = write_capture(path, events)
            compact = row("voice, compact", path, count)
            count = write_capture(path, events, spaced=True)
            spaced = row("voice, json.dumps", path, count)
            print(
                f"{'':<22} json.dumps / compact: time {spaced[0] / compact[0]:.2f}x, "
                f"peak RSS {spaced[1] / compact[1]:.2f}x"
            )
        for events in args.events:
            path = Path(folder) / f"streams-{events}.jsonl"
            row("unfinished streams", path, write_streams(path, events, one_stream=False))
        path = Path(folder) / "one-stream.jsonl"
        row("one stream of deltas", path, write_streams(path, args.one_stream, one_stream=True))
    if not args.no_big_line:
        big_line()
    seconds = many_findings(args.findings)
    print(f"one event with {args.findings:,} findings: {seconds * 1000:.0f} ms (median of 5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
