"""Captured traffic: streaming readers for JSONL (bare events or envelopes) and browser HAR exports,
and a writer for the envelope format.

Readers yield `Frame`s one at a time and keep at most one line (JSONL) or one HAR entry in memory,
whatever the file's size. A frame that cannot be read is still a frame, with its problem, so that
every line is accounted for.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

import orjson

from rt_codec._runtime import json_kind, json_pointer
from rt_codec._violation import Violation
from rt_codec.codec import event_to_dict
from rt_codec.validation import exact_reading

DIRECTIONS: Final = ("client", "server")
_CHUNK: Final = 1 << 20


@dataclass(slots=True)
class Frame:
    """One captured message: where it is, which way it went, and the event (or why there is none)."""

    where: str  # "line 12", or "/log/entries/3/_webSocketMessages/17" in a HAR file
    line: int | None
    index: str | None
    direction: str | None  # "client", "server", or None when it cannot be told
    event: dict[str, Any] | None
    problems: list[Violation]
    ts: float | None = None
    note: str | None = None


# --- format detection -----------------------------------------------------------------------------


def detect(head: bytes) -> str:
    """ "har", "envelopes" or "events", from the first bytes of a capture."""
    text = head.lstrip()
    first_line = text.split(b"\n", 1)[0].strip()
    try:
        value = orjson.loads(first_line)
    except orjson.JSONDecodeError:
        value = None
    if isinstance(value, dict):
        if "log" in value:
            return "har"
        if "direction" in value and ("event" in value or "data" in value):
            return "envelopes"
        return "events"
    if text.startswith(b"{") and re.search(rb'"log"\s*:', text[:65536]):
        return "har"
    return "events"


# --- JSONL --------------------------------------------------------------------------------------


def _screen(raw: bytes, value: Any, inside: tuple[str, ...] = ()) -> list[Violation]:
    """Duplicate keys and rounded integers, which the fast parser hides; cheap when there are none."""
    if len(orjson.dumps(value)) == len(raw):
        return []
    found = exact_reading(raw)
    prefix = json_pointer(inside)
    return [
        Violation(v.path[len(prefix) :], v.rule, v.message)
        for v in found
        if v.path.startswith(prefix + "/") or v.path == prefix
    ]


def read_jsonl(handle: IO[bytes], kind: str, classify: Any) -> Iterator[Frame]:
    """Frames of a JSONL capture: `kind` is "envelopes" or "events"; `classify(type)` gives the
    direction of a bare event and a note when it cannot be told for sure."""
    for number, line in enumerate(handle, 1):
        raw = line.strip()
        where = f"line {number}"
        if not raw:
            continue
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            problem = Violation("", "json", f"Not valid JSON: {exc}")
            yield Frame(where, number, None, None, None, [problem])
            continue
        if not isinstance(value, dict):
            problem = Violation("", "json", f"Expected a JSON object, got {json_kind(value)}")
            yield Frame(where, number, None, None, None, [problem])
            continue
        if kind == "events":
            direction, note = classify(value.get("type"))
            problems = _screen(raw, value)
            yield Frame(where, number, None, direction, value, problems, note=note)
            continue
        yield _envelope(value, raw, where, number)


def _envelope(value: dict[str, Any], raw: bytes, where: str, number: int) -> Frame:
    direction = value.get("direction")
    ts = value.get("ts")
    ts = float(ts) if isinstance(ts, (int, float)) and not isinstance(ts, bool) else None
    problems: list[Violation] = []
    if direction not in DIRECTIONS:
        problems.append(
            Violation(
                "/direction",
                "capture.envelope",
                f"Expected direction 'client' or 'server', got {str(direction)[:40]!r}",
            )
        )
        direction = None
    event: Any = value.get("event")
    if event is None and isinstance(value.get("data"), str):
        data = value["data"].encode()
        try:
            event = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            problems.append(Violation("", "json", f"`data` is not valid JSON: {exc}"))
            return Frame(where, number, None, direction, None, problems, ts)
        problems += _screen(data, event)
    elif isinstance(event, dict):
        problems += _screen(raw, value, ("event",))
    if not isinstance(event, dict):
        problems.append(
            Violation("", "capture.envelope", "Expected an `event` object or a `data` string")
        )
        return Frame(where, number, None, direction, None, problems, ts)
    return Frame(where, number, None, direction, event, problems, ts)


# --- HAR ----------------------------------------------------------------------------------------

_HAR_DIRECTIONS: Final = {"send": "client", "receive": "server"}
_STRUCTURE: Final = re.compile(rb'["{}\[\]:]')
_STRING_END: Final = re.compile(rb'["\\]')


def har_entries(handle: IO[bytes]) -> Iterator[bytes]:
    """The raw bytes of each element of `log.entries`, one at a time, scanning the file in chunks
    with C-speed searches: memory holds one entry, however large the file."""
    depth = 0
    keys: list[str | None] = []  # per open container, the key of the value being read in it
    in_string = escaped = keep = False
    text = bytearray()  # the current string, kept only near the top (to read keys)
    entry: bytearray | None = None
    entry_from = 0
    while chunk := handle.read(_CHUNK):
        pos, end = 0, len(chunk)
        entry_from = 0
        while pos < end:
            if in_string:
                if escaped:
                    escaped = False
                    pos += 1
                    continue
                m = _STRING_END.search(chunk, pos)
                stop = m.start() if m is not None else end
                if keep and len(text) < 64:
                    text += chunk[pos:stop]
                if m is None:
                    break
                pos = m.end()
                if m.group() == b"\\":
                    escaped = True
                else:
                    in_string = False
                continue
            m = _STRUCTURE.search(chunk, pos)
            if m is None:
                break
            char = chunk[m.start()]
            pos = m.end()
            if char == 0x22:  # "
                in_string, keep, text = True, entry is None and depth <= 2, bytearray()
            elif char == 0x3A:  # :
                if keys:
                    keys[-1] = text.decode("utf-8", "replace") if keep else None
            elif char in (0x7B, 0x5B):  # { [
                if entry is None and char == 0x7B and depth == 3 and keys[:2] == ["log", "entries"]:
                    entry, entry_from = bytearray(), m.start()
                depth += 1
                keys.append(None)
            elif char in (0x7D, 0x5D):  # } ]
                depth -= 1
                if keys:
                    keys.pop()
                if entry is not None and depth == 3:
                    entry += chunk[entry_from:pos]
                    yield bytes(entry)
                    entry = None
        if entry is not None:
            entry += chunk[entry_from:]
    if entry is not None:
        yield bytes(entry)  # the file ends inside an entry: what there is, to be reported


def read_har(handle: IO[bytes], classify: Any) -> Iterator[Frame]:
    """Frames of every WebSocket message in a HAR export: `send` is the client, `receive` the
    server; binary frames are counted and skipped with a note."""
    for entry_index, raw in enumerate(har_entries(handle)):
        try:
            entry = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            where = json_pointer(("log", "entries", entry_index))
            problem = Violation("", "json", f"HAR entry is not valid JSON: {exc}")
            yield Frame(where, None, where, None, None, [problem])
            continue
        messages = entry.get("_webSocketMessages") if isinstance(entry, dict) else None
        if not isinstance(messages, list):
            continue
        for message_index, message in enumerate(messages):
            where = json_pointer(
                ("log", "entries", entry_index, "_webSocketMessages", message_index)
            )
            if not isinstance(message, dict):
                continue
            kind = message.get("type")
            direction = _HAR_DIRECTIONS.get(kind) if isinstance(kind, str) else None
            ts = message.get("time")
            ts = float(ts) if isinstance(ts, (int, float)) and not isinstance(ts, bool) else None
            data = message.get("data")
            if message.get("opcode") not in (None, 1) or not isinstance(data, str):
                yield Frame(
                    where, None, where, direction, None, [], ts, note="binary frame skipped"
                )
                continue
            raw_event = data.encode()
            try:
                event = orjson.loads(raw_event)
            except orjson.JSONDecodeError as exc:
                problem = Violation("", "json", f"Not valid JSON: {exc}")
                yield Frame(where, None, where, direction, None, [problem], ts)
                continue
            if not isinstance(event, dict):
                problem = Violation("", "json", "Expected a JSON object")
                yield Frame(where, None, where, direction, None, [problem], ts)
                continue
            note = None
            if direction is None:
                direction, note = classify(event.get("type"))
            problems = _screen(raw_event, event)
            yield Frame(where, None, where, direction, event, problems, ts, note)


def read(handle: IO[bytes], classify: Any) -> tuple[str, Iterator[Frame]]:
    """The capture's format and its frames."""
    buffered: Any = handle if isinstance(handle, io.BufferedReader) else io.BufferedReader(handle)
    head = buffered.peek(65536)[:65536]
    kind = detect(head)
    if kind == "har":
        return kind, read_har(buffered, classify)
    return kind, read_jsonl(buffered, kind, classify)


# --- writing ------------------------------------------------------------------------------------


class CaptureWriter:
    """Records traffic as envelope JSONL, one line per frame, readable by `rt-codec validate`:

    with CaptureWriter("session.jsonl") as capture:
        capture.write("client", append_event)         # an event object, a dict, or JSON text
        capture.write("server", message_bytes)
    """

    def __init__(self, target: str | Path | IO[bytes]) -> None:
        if isinstance(target, (str, Path)):
            self._handle: IO[bytes] = open(target, "ab")  # noqa: SIM115 - closed by close()
            self._owned = True
        else:
            self._handle = target
            self._owned = False

    def write(self, direction: str, event: object, ts: float | None = None) -> None:
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be 'client' or 'server', not {direction!r}")
        stamp = time.time() if ts is None else ts
        if isinstance(event, (bytes, bytearray, memoryview, str)):
            text = bytes(event, "utf-8") if isinstance(event, str) else bytes(event)
            try:
                body = orjson.loads(text)
            except orjson.JSONDecodeError:
                line = orjson.dumps(
                    {"ts": stamp, "direction": direction, "data": text.decode("utf-8", "replace")}
                )
            else:
                line = orjson.dumps({"ts": stamp, "direction": direction, "event": body})
        else:
            body = event if isinstance(event, dict) else event_to_dict(event)
            line = orjson.dumps({"ts": stamp, "direction": direction, "event": body})
        self._handle.write(line + b"\n")

    def flush(self) -> None:
        self._handle.flush()

    def close(self) -> None:
        self._handle.flush()
        if self._owned:
            self._handle.close()

    def __enter__(self) -> CaptureWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
