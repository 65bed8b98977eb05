"""Benchmark rt_codec against orjson, msgspec, pydantic and the openai SDK on Realtime events.

Run from the repository root:

    pip install -e '.[bench]'                 # msgspec, pydantic, openai, jsonschema-rs,
                                              # fastjsonschema; a missing one is "not installed"
    python -m benchmarks                      # every row, about 3 minutes
    python -m benchmarks --quick              # the main rows, about 15 seconds
    python -m benchmarks --smoke              # every contender once on a tiny stream
    python -m benchmarks --rounds 41 --json bench.json
    python -m benchmarks --list               # the row names
    python -m benchmarks --row decode:rt_codec:mixed   # one row in this process (what children run)

Each row times a contender against a floor (orjson.loads for decoding, validating and reading,
orjson.dumps for encoding and building) on the same events in the same process, and reports the
ratio of their medians; memory rows weigh what a decoded event keeps, against the orjson dict.

Method: every row runs in a fresh child process (`--row NAME`), because a row that frees hundreds
of MB was seen to slow `orjson.loads` in later rows. In a child, the contender and the floor
alternate for `--rounds` rounds (which one goes first alternates too); each round times one pass
over the events with gc disabled (a pass shorter than `--min-ms` is repeated and averaged),
gc.collect() runs between passes (after gc.freeze() of the set-up), and the row reports the median
ns per event of each and the ratio of those medians. Results are dropped as they are made, as a
client handling each event would. "noise" is the interquartile range of the per-round ratios over
their median. Absolute ns move a lot on a busy machine; the ratios are what to compare. Before
anything is timed, every event is checked with every installed contender (benchmarks.checks).

Exit status: 0 when every row ran (or its contender is not installed), 1 when a row failed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks import checks, harness, report, rows, stream
from benchmarks.rows import Settings

MODES = {  # rounds, turns, min_events, min_ms
    "full": Settings(21, 12, 300, 10),
    "quick": Settings(5, 4, 100, 3),
    "smoke": Settings(3, 1, 20, 1),
}


def plan(mode: str) -> list[tuple[str, str]]:
    """(section, row) pairs in the order they run."""
    full, smoke = mode == "full", mode == "smoke"
    rows_: list[tuple[str, str]] = []
    decode_streams = (
        ("mixed", *rows.TYPED) if full else ("mixed",) if smoke else ("mixed", "session")
    )
    for s in decode_streams:
        rows_ += [(f"decode:{s}", f"decode:{n}:{s}") for n in rows.DECODERS]
    for s in ("mixed", *rows.TYPED, "client") if full else ("mixed",):
        rows_ += [(f"encode:{s}", f"encode:{n}:{s}") for n in rows.ENCODERS]
    rows_ += [("build", f"build:{n}") for n in rows.BUILDERS]
    names = list(rows.VALIDATORS) if full or smoke else ["rt_codec", "jsonschema", "jsonschema_rs"]
    for s in ("mixed", *rows.TYPED) if full else ("mixed",):
        rows_ += [(f"validate:{s}", f"validate:{n}:{s}") for n in names]
    for kind in ("decode", "validate"):  # the Live API stream: only the contenders that know it
        rows_ += [(f"{kind}:live", f"{kind}:{n}:live") for n in rows.LIVE[kind]]
    if mode != "quick":
        rows_ += [("validate-15mib", "validate-15mib:rt_codec")]
    read_streams = {"full": ("mixed", "spaced", "15mib"), "quick": ("mixed", "spaced")}
    for s in read_streams.get(mode, ("mixed",)):
        rows_ += [(f"read:{s}", f"read:{n}:{s}") for n in rows.READERS]
    rows_ += [("memory", f"memory:{n}") for n in rows.DECODERS]
    return rows_


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    pkgs = ("orjson", "msgspec", "pydantic", "pydantic_core", "openai")
    for pkg in (*pkgs, "jsonschema", "jsonschema_rs", "fastjsonschema", "rt_codec"):
        try:
            out[pkg] = importlib.metadata.version(pkg) if rows.installed(pkg) else "not installed"
        except importlib.metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def child_options(s: Settings) -> list[str]:
    return [
        *("--rounds", str(s.rounds), "--turns", str(s.turns)),
        *("--min-events", str(s.min_events), "--min-ms", str(s.min_ms)),
    ]


def main_parent(mode: str, s: Settings, json_path: str | None) -> int:
    started = time.perf_counter()
    v = versions()
    print("rt_codec benchmark  " + "  ".join(f"{k} {val}" for k, val in v.items()))
    print(f"{platform.platform()}, {os.cpu_count()} CPUs; rounds {s.rounds}, turns {s.turns}")
    checked = checks.check(s.turns)
    events = stream.stream("mixed", s.turns, 0)
    types = stream.types_of(events)
    audio = types.count("response.output_audio.delta")
    print(
        f"server stream: {len(events)} events, {sum(map(len, events)) / 1e6:.1f} MB, "
        f"{audio / len(events):.0%} audio deltas, {len(set(types))} types; "
        f"client stream: {len(stream.stream('client', s.turns, 0))} events"
    )
    print("checked: every event decodes with rt_codec (strict) and with each installed contender")
    if rows.installed("openai"):
        missing = sorted({t for ts in checked.skipped.values() for t in ts})
        print("event types the openai SDK does not know: " + (", ".join(missing) or "none"))
    for name, places in checked.dropped.items():
        print(f"{name} drops fields the schemas do not declare: {', '.join(places)}")
    print("time columns: median ns per event (contender, floor), ratio of medians, IQR of ratios")

    out: dict[str, Any] = {
        "versions": v,
        "args": {"mode": mode, **asdict(s)},
        "skipped": checked.skipped,
        "dropped": checked.dropped,
        "rows": [],
    }
    printer = report.Printer()
    memory: list[dict[str, Any]] = []
    for section, row in plan(mode):
        if rows.installed(rows.contender(row).package):
            res = harness.spawn(row, child_options(s))
        else:
            res = {"row": row, "status": "not installed", "package": rows.contender(row).package}
        out["rows"].append(res)
        if section == "memory":
            memory.append(res)
        else:
            printer.row(section, res)
    print(report.memory(memory))
    failed = [r["row"] for r in out["rows"] if r["status"] not in ("ok", "not installed")]
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    if failed:
        print(f"failed rows: {', '.join(failed)}")
    if json_path:
        Path(json_path).write_text(json.dumps(out, indent=2) + "\n")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    size = p.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="the main rows, fewer rounds and turns")
    size.add_argument("--smoke", action="store_true", help="every contender once, tiny streams")
    p.add_argument("--rounds", type=int, help="timed rounds per row (default 21, quick 5)")
    p.add_argument("--turns", type=int, help="turns in the session (default 12, quick 4)")
    p.add_argument("--min-events", type=int, help="least events in a one-type stream (default 300)")
    p.add_argument("--min-ms", type=float, help="least ms per timed pass (default 10, quick 3)")
    p.add_argument("--json", metavar="PATH", help="also write the numbers as JSON")
    p.add_argument("--row", help="run one row in this process and print its result as JSON")
    p.add_argument("--list", action="store_true", help="print the row names")
    args = p.parse_args(argv)
    mode = "quick" if args.quick else "smoke" if args.smoke else "full"
    d = MODES[mode]
    s = Settings(
        rounds=d.rounds if args.rounds is None else args.rounds,
        turns=d.turns if args.turns is None else args.turns,
        min_events=d.min_events if args.min_events is None else args.min_events,
        min_ms=d.min_ms if args.min_ms is None else args.min_ms,
    )
    if s.rounds < 1 or s.turns < 1 or s.min_events < 0 or s.min_ms < 0:
        p.error("--rounds and --turns must be at least 1, --min-events and --min-ms at least 0")
    if args.list:
        print("\n".join(row for _, row in plan(mode)))
        return 0
    if args.row:
        print(json.dumps(rows.run_row(args.row, s)))
        return 0
    return main_parent(mode, s, args.json)


if __name__ == "__main__":
    sys.exit(main())
