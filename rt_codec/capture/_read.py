"""Readers: the bytes of a capture -> `Frame`s, one at a time, in bounded memory.

The format is told from complete lines, read whole (up to the size limit), never from a partial look
at the stream:

- the first line that is a JSON object: JSONL, of envelopes (`direction` with `event` or `data`) or
  of bare events (bad lines before it are findings); a one-line HAR (`{"log": {"entries": [...]}}`)
  is read as a HAR;
- a JSON array on one line, a first line that is a lone `{` or `[` (as pretty-printed JSON and
  DevTools HAR exports have) or starts a HAR, or a first line longer than the limit that starts a
  HAR or an array: one JSON document, scanned without loading it; a HAR is an object with a
  `log.entries` array, an array holds events (or envelopes), and any other object is one event.

A UTF-8 byte order mark is skipped and CRLF line ends are accepted. Every line, HAR entry and message
is bounded by `max_bytes`; what is larger is a finding, and the reading goes on after it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Final

import orjson

from rt_codec._reading import parse, read_object
from rt_codec._runtime import json_kind, json_pointer
from rt_codec._violation import Violation

DIRECTIONS: Final = ("client", "server")
DEFAULT_MAX_BYTES: Final = 32 * 1024 * 1024
RULES: Final = frozenset(
    {
        "capture.envelope",
        "capture.format",
        "capture.har",
        "capture.max_bytes",
        "capture.trailing",
        "capture.truncated",
    }
)
"""The rule ids of the findings about a capture's structure (the reader's own)."""
"""The largest line, HAR entry or message read: above the 20 MiB of base64 that one
`input_audio_buffer.append` of 15 MiB takes, and low enough that the parsed form of a line made
of small keys and numbers (up to about 20 times its size) stays well within memory."""

CHUNK: Final = 1 << 20
BOM: Final = b"\xef\xbb\xbf"
_SPACE: Final = b" \t\r\n"  # JSON's whitespace

Classify = Callable[[object], tuple[str | None, str | None]]
"""The direction of a bare event from its `type`, and a note when it cannot be told for sure."""


@dataclass(slots=True)
class Frame:
    """One captured message: where it is, which way it went, and the event (or why there is none)."""

    line: int | None  # in a JSONL capture
    index: str | None  # the JSON Pointer inside a document ("" for the document as a whole)
    direction: str | None  # "client", "server", or None when it cannot be told
    event: dict[str, Any] | None
    problems: list[Violation]
    ts: float | None = None
    note: str | None = None
    counts: bool = True  # False for what is not a message (a binary frame, a note about the file)

    @property
    def where(self) -> str:
        """ "line 12", or "/log/entries/3/_webSocketMessages/17" in a JSON document."""
        return f"line {self.line}" if self.line is not None else (self.index or "/")


@dataclass
class Reading:
    """The frames of one capture; `kind` is known once the first frame has been read (before
    that, and for a capture with nothing to read, it is "unknown")."""

    frames: Iterator[Frame]
    kind: str = "unknown"
    bytes_read: int = 0
    content: bool = False  # whether anything but whitespace was read
    limits: dict[str, int] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Frame]:
        return self.frames

    def hit(self, limit: str) -> None:
        """Counts one time a limit was reached (what it cost is a finding of its own)."""
        self.limits[limit] = self.limits.get(limit, 0) + 1


def _file_finding(rule: str, message: str, line: int | None = None) -> Frame:
    """A finding about the capture rather than one message (a line of its own counts as one)."""
    return Frame(
        line,
        None if line else "",
        None,
        None,
        [Violation("", rule, message)],
        counts=line is not None,
    )


def read(handle: IO[bytes], classify: Classify, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Reading:
    """The frames of a capture read from a binary stream (a file, a pipe, standard input)."""
    if isinstance(handle, io.TextIOBase):
        raise TypeError("expected a binary stream (open the file with 'rb'), got a text stream")
    if not hasattr(handle, "readline") or not hasattr(handle, "read"):
        raise TypeError(f"expected a binary stream, got {type(handle).__name__}")
    if isinstance(handle, io.RawIOBase):  # one system call per byte otherwise
        handle = io.BufferedReader(handle)
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be at least 1, not {max_bytes}")
    reading = Reading(iter(()))
    reading.frames = _frames(handle, classify, max_bytes, reading)
    return reading


def _frames(handle: IO[bytes], classify: Classify, limit: int, reading: Reading) -> Iterator[Frame]:
    lines = _Lines(handle, limit, reading)
    for number, line in lines:
        if line is None:
            head = (
                lines.head[len(BOM) :] if number == 1 and lines.head.startswith(BOM) else lines.head
            )
            if not lines.binary and (head.lstrip().startswith(b"[") or _HAR_START.match(head)):
                yield from _document(lines, head, classify, limit, reading)
                return
            yield lines.too_long(number)
            if lines.binary:
                return
            continue
        if number == 1 and line.startswith(BOM):
            line = line[len(BOM) :]
        text = line.strip(_SPACE)
        if not text:
            continue
        if b"\0" in text:
            reading.kind = "binary"
            yield _file_finding(
                "capture.format",
                f"A NUL byte on line {number}: this is not a text capture; reading stopped",
                number,
            )
            return
        value, problems = parse(text)
        one_line_document = (isinstance(value, dict) and _is_har(value)) or isinstance(value, list)
        if one_line_document or (value is None and _opens_document(text)):
            yield from _document(lines, line, classify, limit, reading)  # it tells the kind
            return
        if not isinstance(value, dict):  # a bad line: a finding, and the format is still open
            yield _line_frame(number, value, problems, "events", classify)
            continue
        reading.kind = "envelopes" if _is_envelope(value) else "events"
        yield _line_frame(number, value, problems, reading.kind, classify)
        break
    else:
        return
    for number, line in lines:
        if line is None:
            yield lines.too_long(number)
            if lines.binary:
                return
            continue
        text = line.strip(_SPACE)
        if text:
            value, problems = parse(text)
            yield _line_frame(number, value, problems, reading.kind, classify)


_HAR_START: Final = re.compile(rb'\s*\{\s*"log"\s*:')


def _opens_document(text: bytes) -> bool:
    """Whether a first line that is not JSON by itself opens a pretty-printed document: a lone
    `{` or `[` (as json.dumps and DevTools write them) or the start of a HAR. A JSONL line that
    was merely cut short after a bracket is no such start, and stays one bad line."""
    return text in (b"{", b"[") or (
        text[-1:] in (b"{", b"[") and _HAR_START.match(text) is not None
    )


def _is_har(value: dict[str, Any]) -> bool:
    log = value.get("log")
    return isinstance(log, dict) and "entries" in log


def _is_envelope(value: dict[str, Any]) -> bool:
    return "direction" in value and ("event" in value or "data" in value)


# --- lines ----------------------------------------------------------------------------------------


class _Lines:
    """Lines of a stream, each at most `limit` bytes; a longer one is skipped in bounded pieces
    and given as None. Counts the bytes read."""

    def __init__(self, handle: IO[bytes], limit: int, reading: Reading) -> None:
        self.handle = handle
        self.limit = limit
        self.reading = reading
        self.number = 0
        self.binary = False
        self.head = b""  # the first piece of the last over-long line
        self.whole = False  # whether that piece is the whole line

    def __iter__(self) -> Iterator[tuple[int, bytes | None]]:
        """(number, line); None for a line over the limit, whose first piece is in `head` and
        whose rest is still unread: the caller calls `too_long` to skip it, or reads on itself."""
        readline = self.handle.readline
        limit = self.limit
        while line := readline(limit + 2):  # the limit is on the text, not its CRLF or LF
            self.number += 1
            self.reading.bytes_read += len(line)
            if not self.reading.content and line.strip(_SPACE).removeprefix(BOM).strip(_SPACE):
                self.reading.content = True
            ended = line.endswith(b"\n")
            if len(line) - ended - line.endswith(b"\r\n") > limit:
                self.head, self.whole = line, ended
                self.binary = b"\0" in line
                yield self.number, None
                continue
            yield self.number, line

    def _skip(self) -> int:
        """Reads past the rest of an over-long line, in bounded pieces; its whole size."""
        size = len(self.head)
        while not self.whole and (piece := self.handle.readline(CHUNK)):
            size += len(piece)
            self.reading.bytes_read += len(piece)
            if piece.endswith(b"\n"):
                break
        return size

    def too_long(self, number: int) -> Frame:
        self.reading.hit("max_bytes")
        if self.binary:
            self.reading.kind = "binary"
            return _file_finding(
                "capture.format",
                f"Line {number} holds NUL bytes and runs past {self.limit} bytes: "
                "this is not a text capture; reading stopped",
                number,
            )
        size = self._skip()
        return _file_finding(
            "capture.max_bytes",
            f"Line {number} is {size} bytes long, more than the limit of {self.limit}; "
            "skipped (raise it with --max-bytes)",
            number,
        )


# --- JSONL ----------------------------------------------------------------------------------------


def _line_frame(
    number: int,
    value: Any,
    problems: list[Violation],
    kind: str,
    classify: Classify,
) -> Frame:
    if value is None and problems:
        return Frame(number, None, None, None, problems)
    if not isinstance(value, dict):
        problem = Violation("", "json", f"Expected a JSON object, got {json_kind(value)}")
        return Frame(number, None, None, None, [problem])
    if kind == "envelopes":
        return _envelope(value, problems, number, None)
    direction, note = classify(value.get("type"))
    return Frame(number, None, direction, value, problems, note=note)


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _envelope(
    value: dict[str, Any],
    problems: list[Violation],
    line: int | None,
    index: str | None,
) -> Frame:
    """An envelope's event; findings from reading the envelope's text keep only those inside the
    event (with paths relative to it) and name the envelope's own."""
    direction = value.get("direction")
    ts = _number(value.get("ts"))
    found: list[Violation] = []
    for problem in problems:
        if problem.path.startswith("/event/") or problem.path == "/event":
            found.append(Violation(problem.path[len("/event") :], problem.rule, problem.message))
        else:  # about the envelope itself (a `data` given twice loses a frame)
            found.append(
                Violation(
                    "",
                    problem.rule,
                    f"In the envelope, at {problem.path or '/'}: {problem.message}",
                )
            )
    if direction not in DIRECTIONS:
        found.append(
            Violation(
                "/direction",
                "capture.envelope",
                f"Expected direction 'client' or 'server', got {_shown(direction)}",
            )
        )
        direction = None
    event: Any = value.get("event")
    if event is None and isinstance(value.get("data"), str):
        event, inner = read_object(value["data"])
        found += [Violation(v.path, v.rule, f"In `data`: {v.message}") for v in inner]
        if event is None:
            return Frame(line, index, direction, None, found, ts)
    if not isinstance(event, dict):
        found.append(
            Violation("", "capture.envelope", "Expected an `event` object or a `data` string")
        )
        return Frame(line, index, direction, None, found, ts)
    return Frame(line, index, direction, event, found, ts)


def _shown(value: object) -> str:
    if isinstance(value, str):
        return repr(value[:40]) + ("..." if len(value) > 40 else "")
    return json_kind(value)


# --- JSON documents (HAR exports, arrays of events) -----------------------------------------------

_HAR_DIRECTIONS: Final = {"send": "client", "receive": "server"}
_SHALLOW: Final = re.compile(rb'["{}\[\],]')
_DEEP: Final = re.compile(rb'["{}\[\]]')
_STRING_REST: Final = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_STRING_END: Final = re.compile(rb'["\\]')
_OPEN: Final = {0x7B: 0x7D, 0x5B: 0x5D}  # { -> }, [ -> ]
_TRACKED: Final = 5  # containers followed by name: top, log, entries, an entry, its messages
_ABSENT: Final = object()

Element = tuple[str, str, "bytes | None", int]
"""(kind: "events", "entries", "messages" or "empty", JSON Pointer, the bytes or None when over
the limit, the size in bytes)."""


class _Container:
    """One of the outer containers of a document, where events may be found."""

    __slots__ = ("index", "is_object", "key", "keys", "path", "target")

    def __init__(self, is_object: bool, path: tuple[str | int, ...], target: str | None) -> None:
        self.is_object = is_object
        self.path = path
        self.key: str | None = None
        self.index = 0
        self.target = target  # "events", "entries" or "messages": an array whose elements we want
        self.keys = is_object and len(path) <= 3  # whether its keys are read


class _Scanner:
    """Splits one JSON document, fed in pieces of any size, into the elements of the arrays that
    hold events: the top-level array, `log.entries`, and each entry's `_webSocketMessages`. An
    entry comes without its messages, and the rest of the document (the `skeleton`: all of it for
    a lone event, the HAR around its entries) is kept too, so that everything is checked.

    Memory: the element being read, the entry around it and the skeleton, each up to `limit`
    bytes, and one byte per level of nesting. A closing bracket of the wrong kind is left in the
    element it stands in (which then fails to parse) rather than closing anything."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kinds = bytearray()  # the closing bracket of each open container
        self.stack: list[_Container] = []  # the outer containers, up to _TRACKED deep
        self.in_string = False
        self.escaped = False
        self.key_text: bytearray | None = None
        self.buf: bytearray | None = bytearray()  # the skeleton, then each element in turn
        self.size = 0
        self.buffers: list[tuple[bytearray | None, int]] = []  # (buffer, size) around elements
        self.mark = 0
        self.top: str | None = None  # "object" or "array" once the document opens
        self.closed = False
        self.trailing = False
        self.seen: dict[tuple[str | int, ...], str] = {}  # what `log` and `log.entries` are

    @property
    def har(self) -> bool:
        return self.seen.get(("log", "entries")) == "array"

    @property
    def skeleton(self) -> bytes | None:
        """What is not inside an element, when the document is closed and within the limit."""
        return bytes(self.buf) if self.closed and self.buf is not None else None

    def _take(self, chunk: bytes, end: int) -> None:
        """Adds the bytes since `mark` to the current buffer (or only to its size, past the limit)."""
        self.size += end - self.mark
        if self.buf is not None:
            if self.size > self.limit:
                self.buf = None
            else:
                self.buf += chunk[self.mark : end]
        self.mark = end

    def _target_of(self, path: tuple[str | int, ...]) -> str | None:
        if path == ():
            return "events"
        if path == ("log", "entries") and self.seen.get(("log",)) == "object":
            return "entries"
        if len(path) == 4 and path[:2] == ("log", "entries") and path[3] == "_webSocketMessages":
            return "messages"
        return None

    def _element(self, container: _Container, last: bool) -> Element | None:
        """The element just read; "empty" for nothing between two commas (or after a last one)."""
        pointer = json_pointer((*container.path, container.index))
        assert container.target is not None
        if self.buf is None:
            return container.target, pointer, None, self.size
        if self.buf.strip(_SPACE):
            return container.target, pointer, bytes(self.buf), self.size
        if last and container.index == 0:
            return None  # `[]`
        return "empty", pointer, None, 0

    def feed(self, chunk: bytes) -> Iterator[Element]:
        pos, end = 0, len(chunk)
        self.mark = 0
        while pos < end and not self.closed:
            if self.in_string:
                pos = self._string(chunk, pos, end)
                continue
            depth = len(self.kinds)
            top = self.stack[-1] if depth and len(self.stack) == depth else None
            if depth and top is None:
                pattern = _DEEP  # inside something no event can be in: brackets only
            else:
                pattern = _SHALLOW if top is None or top.keys or top.target else _DEEP
            m = pattern.search(chunk, pos)
            if m is None:
                break
            char = chunk[m.start()]
            pos = m.end()
            if char == 0x22:  # "
                self.in_string = True
                if top is not None and top.keys and top.key is None:
                    self.key_text = bytearray()
                pos = self._string(chunk, pos, end)
            elif char == 0x2C:  # ,
                if top is None:
                    continue
                if top.is_object:
                    top.key = None
                elif top.target:
                    self._take(chunk, m.start())
                    found = self._element(top, last=False)
                    if found is not None:
                        yield found
                    top.index += 1
                    self.buf, self.size, self.mark = bytearray(), 0, pos
            elif char in _OPEN:
                self._open(chunk, char, pos, top, depth)
            else:  # } ]
                if not self.kinds or self.kinds[-1] != char:
                    continue  # closes nothing: left in the text, where parsing will find it
                self.kinds.pop()
                if len(self.stack) > len(self.kinds):
                    closing = self.stack.pop()
                    if closing.target:
                        self._take(chunk, m.start())
                        found = self._element(closing, last=True)
                        if found is not None:
                            yield found
                        self.buf, self.size = self.buffers.pop()
                        self.mark = m.start()  # `[...]` reads `[]` around the elements
                if not self.kinds:
                    self._take(chunk, pos)
                    self.closed = True
                    if chunk[pos:].strip(_SPACE):
                        self.trailing = True
                    return
        self._take(chunk, end)

    def _open(self, chunk: bytes, char: int, pos: int, top: _Container | None, depth: int) -> None:
        self.kinds.append(_OPEN[char])
        is_object = char == 0x7B
        if depth == 0:
            self.top = "object" if is_object else "array"
        elif top is None or depth >= _TRACKED:
            return  # deeper than anything named: only its kind is kept
        path: tuple[str | int, ...] = ()
        if top is not None:
            path = (*top.path, top.key if top.is_object else top.index)  # type: ignore[arg-type]
        if path in (("log",), ("log", "entries")) and self.top == "object":
            self.seen.setdefault(path, "object" if is_object else "array")
        target = None if is_object else self._target_of(path)
        if target == "events" and self.top != "array":
            target = None
        self.stack.append(_Container(is_object, path, target))
        if target:
            self._take(chunk, pos)
            self.buffers.append((self.buf, self.size))
            self.buf, self.size, self.mark = bytearray(), 0, pos

    def _string(self, chunk: bytes, pos: int, end: int) -> int:
        """Reads on inside a string; returns where reading stopped (past its end, or `end`)."""
        if not self.escaped:
            m = _STRING_REST.match(chunk, pos)
            if m is not None:  # the whole rest of the string is in this chunk
                self._collect(chunk, pos, m.end() - 1)
                self._close_string()
                return m.end()
        while pos < end:
            if self.escaped:
                self.escaped = False
                self._collect(chunk, pos, pos + 1)
                pos += 1
                continue
            m = _STRING_END.search(chunk, pos)
            if m is None:
                self._collect(chunk, pos, end)
                return end
            if m.group() == b"\\":
                self._collect(chunk, pos, m.end())
                self.escaped = True
                pos = m.end()
                continue
            self._collect(chunk, pos, m.start())
            self._close_string()
            return m.end()
        return end

    def _collect(self, chunk: bytes, start: int, stop: int) -> None:
        if self.key_text is not None and len(self.key_text) < 256:
            self.key_text += chunk[start:stop]

    def _close_string(self) -> None:
        self.in_string = False
        if self.key_text is not None:
            self.stack[-1].key = _key(bytes(self.key_text))
            self.key_text = None

    def end(self) -> Iterator[Element]:
        """What is left when the input ends before the document does: the innermost element,
        cut short."""
        for container in reversed(self.stack):
            if container.target and self.buffers:
                found = self._element(container, last=True)
                if found is not None and found[0] != "empty":
                    yield found
                return


def _key(raw: bytes) -> str:
    """A key as JSON means it (escapes read), from its text between the quotes."""
    if b"\\" not in raw:
        return raw.decode("utf-8", "replace")
    try:
        value = orjson.loads(b'"' + raw + b'"')
    except orjson.JSONDecodeError:
        return raw.decode("utf-8", "replace")
    return value if isinstance(value, str) else ""


def _document(
    lines: _Lines, first: bytes, classify: Classify, limit: int, reading: Reading
) -> Iterator[Frame]:
    """The frames of one JSON document whose first line (or first piece) is `first`."""
    scanner = _Scanner(limit)
    handle = lines.handle
    chunk = first
    while chunk and not scanner.closed:
        for element in scanner.feed(chunk):
            yield from _element(*element, classify, limit, reading)
        if not scanner.closed:
            chunk = handle.read(CHUNK)
            reading.bytes_read += len(chunk)
    while scanner.closed and not scanner.trailing and (rest := handle.read(CHUNK)):
        reading.bytes_read += len(rest)
        scanner.trailing = bool(rest.strip(_SPACE))
    for element in scanner.end():
        yield from _element(*element, classify, limit, reading)
    if scanner.top == "array":
        reading.kind = "array"
    elif scanner.har:
        reading.kind = "har"
        yield from _har_skeleton(scanner, limit, reading)
    elif scanner.top == "object":
        reading.kind = "event"
        if scanner.closed:
            yield _lone_event(scanner, classify, limit, reading)
    if not scanner.closed:
        yield _file_finding(
            "capture.truncated",
            "The document ends before its closing brackets: the file is cut short",
        )
    elif scanner.trailing:
        yield _file_finding(
            "capture.trailing",
            "More content follows the end of the JSON document; it was not read",
        )


def _lone_event(scanner: _Scanner, classify: Classify, limit: int, reading: Reading) -> Frame:
    """A document that is one object and not a HAR: one event, pretty-printed."""
    text = scanner.skeleton
    if text is None:
        reading.hit("max_bytes")
        problem = Violation(
            "",
            "capture.max_bytes",
            f"A JSON object of {scanner.size} bytes, more than the limit of {limit}, and not a "
            "HAR export; skipped (raise it with --max-bytes)",
        )
        return Frame(None, "", None, None, [problem])
    value, problems = read_object(text.strip(_SPACE))
    if value is None:
        return Frame(None, "", None, None, problems)
    direction, note = classify(value.get("type"))
    return Frame(None, "", direction, value, problems, note=note)


def _har_skeleton(scanner: _Scanner, limit: int, reading: Reading) -> Iterator[Frame]:
    """Findings about the HAR around its entries (its own JSON), when it is complete."""
    if not scanner.closed:
        return
    text = scanner.skeleton
    if text is None:
        reading.hit("max_bytes")
        problem = Violation(
            "",
            "capture.max_bytes",
            f"The HAR around its entries is more than {limit} bytes; it was not checked",
        )
        yield Frame(None, "", None, None, [problem], counts=False)
        return
    _, problems = read_object(text.strip(_SPACE))
    if problems:
        found = [
            Violation("", v.rule, f"In the HAR, at {v.path or '/'}: {v.message}") for v in problems
        ]
        yield Frame(None, "", None, None, found, counts=False)


def _element(
    kind: str,
    pointer: str,
    raw: bytes | None,
    size: int,
    classify: Classify,
    limit: int,
    reading: Reading,
) -> Iterator[Frame]:
    if kind == "empty":
        problem = Violation("", "json", "Not valid JSON: an empty element (a comma too many)")
        yield Frame(None, pointer, None, None, [problem], counts=False)
        return
    if raw is None:
        reading.hit("max_bytes")
        problem = Violation(
            "",
            "capture.max_bytes",
            f"{size} bytes, more than the limit of {limit}; skipped (raise it with --max-bytes)",
        )
        yield Frame(None, pointer, None, None, [problem])
        return
    value, problems = parse(raw.strip(_SPACE))
    if kind == "entries":
        yield from _entry(pointer, value, problems)
        return
    if value is None and problems:
        yield Frame(None, pointer, None, None, problems)
        return
    if not isinstance(value, dict):
        what = "A HAR message" if kind == "messages" else "An element"
        problem = Violation(
            "",
            "capture.har" if kind == "messages" else "json",
            f"{what} must be a JSON object, not {json_kind(value)}",
        )
        yield Frame(None, pointer, None, None, [problem])
        return
    if kind == "events":
        if _is_envelope(value):
            yield _envelope(value, problems, None, pointer)
        else:
            direction, note = classify(value.get("type"))
            yield Frame(None, pointer, direction, value, problems, note=note)
        return
    yield _message(pointer, value, problems, classify)


_WEBSOCKET_SCHEMES: Final = ("ws://", "wss://")


def _entry(pointer: str, value: Any, problems: list[Violation]) -> Iterator[Frame]:
    """Findings about one HAR entry itself (its messages were read on their own)."""
    if value is None and problems:
        found = [Violation(v.path, v.rule, f"In the entry: {v.message}") for v in problems]
        yield Frame(None, pointer, None, None, found, counts=False)
        return
    if not isinstance(value, dict):
        problem = Violation(
            "", "capture.har", f"A HAR entry must be an object, not {json_kind(value)}"
        )
        yield Frame(None, pointer, None, None, [problem], counts=False)
        return
    if problems:  # a key given twice in the entry (its messages were read on their own)
        found = [Violation(v.path, v.rule, f"In the entry: {v.message}") for v in problems]
        yield Frame(None, pointer, None, None, found, counts=False)
    messages = value.get("_webSocketMessages", _ABSENT)
    if messages is _ABSENT:
        request = value.get("request")
        url = request.get("url") if isinstance(request, dict) else None
        response = value.get("response")
        status = response.get("status") if isinstance(response, dict) else None
        websocket = (
            value.get("_resourceType") == "websocket"
            or (isinstance(url, str) and url.startswith(_WEBSOCKET_SCHEMES))
            or status == 101
        )
        if websocket:
            problem = Violation(
                "",
                "capture.har",
                "A WebSocket entry without `_webSocketMessages`: its messages were not exported",
            )
            yield Frame(None, pointer, None, None, [problem], counts=False)
    elif not isinstance(messages, list):
        where = pointer + "/_webSocketMessages"
        problem = Violation(
            "", "capture.har", f"`_webSocketMessages` must be an array, not {json_kind(messages)}"
        )
        yield Frame(None, where, None, None, [problem], counts=False)


def _message(
    pointer: str, message: dict[str, Any], problems: list[Violation], classify: Classify
) -> Frame:
    """One WebSocket message of a HAR entry: `send` is the client, `receive` the server."""
    kind = message.get("type")
    direction = _HAR_DIRECTIONS.get(kind) if isinstance(kind, str) else None
    ts = _number(message.get("time"))
    opcode = message.get("opcode", 1)
    found = [
        Violation("", v.rule, f"In the HAR message, at {v.path}: {v.message}") for v in problems
    ]
    if opcode != 1:
        note = "binary frame skipped" if opcode == 2 else "control frame skipped"
        return Frame(None, pointer, direction, None, found, ts, note, counts=bool(found))
    data = message.get("data", _ABSENT)
    if not isinstance(data, str):
        got = "missing" if data is _ABSENT else json_kind(data)
        found.append(
            Violation("", "capture.har", f"A text frame's `data` must be a string, not {got}")
        )
        return Frame(None, pointer, direction, None, found, ts)
    event, inner = read_object(data)
    found += inner
    if event is None:
        return Frame(None, pointer, direction, None, found, ts)
    told: str | None = None
    if direction is None:
        direction, told = classify(event.get("type"))
    return Frame(None, pointer, direction, event, found, ts, told)
