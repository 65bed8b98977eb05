"""Captured traffic: read it, check it, record it.

    from rt_codec import capture

    report = capture.check("session.jsonl")        # a path, bytes or a binary stream
    for finding in report.violations:
        print(finding)                              # file, line or pointer, type, path, rule, message
    report.to_dict()                                # what `rt-codec validate --json` prints

`check` reads JSONL (bare events or `{"direction", "event"|"data", "ts"}` envelopes), browser HAR
exports and JSON arrays of events, streaming and in bounded memory; validates every event in its
dialect; and checks the session across events with `rt_codec.SessionChecker`. `read` gives the
frames alone; `CaptureWriter` records a connection's traffic verbatim. `check(...,
ignore=["event.unknown_type"])` (or `select=`) chooses the rules that count: the others are set
aside, counted per rule in `Report.set_aside`; `known_rules()` lists the ids.
"""

from __future__ import annotations

from rt_codec.capture._check import (
    AUTO,
    DIALECTS,
    MAX_TYPES,
    MAX_VIOLATIONS,
    PROGRESS_EVERY,
    Directions,
    FileSummary,
    Finding,
    Report,
    Source,
    check,
    check_frames,
    display_name,
    printable,
    write_text,
)
from rt_codec.capture._many import check_file, check_files, merged
from rt_codec.capture._read import DEFAULT_MAX_BYTES, DIRECTIONS, Frame, Reading, read
from rt_codec.capture._rules import known_rules, matches
from rt_codec.capture._write import CaptureWriter

__all__ = [
    "AUTO",
    "DEFAULT_MAX_BYTES",
    "DIALECTS",
    "DIRECTIONS",
    "MAX_TYPES",
    "MAX_VIOLATIONS",
    "PROGRESS_EVERY",
    "CaptureWriter",
    "Directions",
    "FileSummary",
    "Finding",
    "Frame",
    "Reading",
    "Report",
    "Source",
    "check",
    "check_file",
    "check_files",
    "check_frames",
    "display_name",
    "known_rules",
    "matches",
    "merged",
    "printable",
    "read",
    "write_text",
]
