"""Replay a captured Realtime session as a local WebSocket server, to test a voice client against.

    from rt_codec.replay import ReplayServer

    with ReplayServer("tests/sessions/weather.jsonl", fast=True) as server:  # in a thread
        client = openai.OpenAI(api_key="test", websocket_base_url=server.url)
        ...
    assert server.violations == []

    async with ReplayServer("session.jsonl") as server:  # in the running event loop
        ...

The server speaks the endpoint's URL shape, as the capture's dialect says (`x-websocket` on its
client union document): `/v1/realtime?model=...`, `/v1/realtime/translations?model=...` for a
translation capture, `/v1/live/sessions` (and a sideband's `/v1/live/sessions/{id}/attach`) for a
Live capture, `/voice-live/realtime?api-version=...` for Azure Voice Live; it takes any
`Authorization` header, which it never records. On each connection it sends the
server events that open the capture (`session.created`), then waits for the client event the capture
shows next and answers it with the server events that followed it there, at the recorded pace
(capped) or, with `fast=True`, at once. Client events are matched by type and order; their event_ids
and audio may differ. A client event of another type, or one past what the capture holds, gets a
protocol `error` event and a `replay.unexpected` finding; a client that sends nothing for
`idle_timeout` seconds while the capture expects more is closed with a `replay.idle_timeout`
finding. Every client frame is checked: a binary frame is a `frame.binary` finding, and each event
is validated in the capture's dialect and checked as a session (`SessionChecker`), as
`rt-codec validate` would. Each connection replays the capture from its start; its report is kept on
`.connections`.

`RecordingProxy` makes new captures: it forwards a client's connection to a real endpoint and
records both directions verbatim with `CaptureWriter` (the `Authorization` header goes upstream and
nowhere else). Needs the `websockets` package (`pip install 'rt_codec[serve]'`).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar
from urllib.parse import parse_qs, urlsplit

import orjson

from rt_codec import catalogue, validation
from rt_codec._reading import read_object
from rt_codec._violation import Violation
from rt_codec.capture import AUTO, CaptureWriter, Directions, Finding, Frame, Report, check_frames
from rt_codec.capture import read as read_capture
from rt_codec.session import SessionChecker

if TYPE_CHECKING:
    from websockets.asyncio.server import Server, ServerConnection
    from websockets.http11 import Request, Response

__all__ = [
    "RULES",
    "CaptureError",
    "Message",
    "RecordingProxy",
    "ReplayConnection",
    "ReplayServer",
    "ReplayViolation",
    "Step",
    "endpoint_of",
    "load_steps",
]


def endpoint_of(dialect: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Where a client of `dialect` connects, as its client union document says (`x-websocket`):
    the WebSocket paths (`{name}` is one segment) and the query parameters it must give; an
    overlay without its own connects where its base does."""
    while dialect not in catalogue.WEBSOCKETS and dialect in catalogue.OVERLAYS:
        dialect = catalogue.OVERLAYS[dialect]
    return catalogue.WEBSOCKETS.get(dialect, catalogue.WEBSOCKETS["realtime"])


def _path_pattern(paths: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for the paths, each `{name}` standing for one non-empty segment."""
    parts = [re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(path)) for path in paths]
    return re.compile("|".join(f"(?:{part})" for part in parts))


RULES: Final = frozenset({"frame.binary", "replay.unexpected", "replay.idle_timeout"})
"""The replay's own rule ids, beside those `rt-codec validate` reports."""

WAIT: Final = 10.0  # seconds: the longest starting or stopping a server may take
_BINARY: Final = "a binary frame: the Realtime API reads text frames"


class CaptureError(ValueError):
    """A capture that cannot be replayed: unreadable events, or events whose direction is unknown;
    the message says where."""


@dataclass(frozen=True)
class Step:
    """One event of the capture: its direction, type, text as it is sent, and time (`ts`, or None)."""

    direction: Literal["client", "server"]
    type: str
    text: str
    ts: float | None
    where: str


def _bytes_of(capture: str | os.PathLike[str] | bytes | io.BufferedIOBase | Any) -> bytes:
    if isinstance(capture, (str, os.PathLike)):
        return Path(capture).read_bytes()
    if isinstance(capture, (bytes, bytearray, memoryview)):
        return bytes(capture)
    data = capture.read()
    if not isinstance(data, bytes):
        raise TypeError("expected a path, bytes or a binary stream")
    return data


def load_steps(
    capture: str | os.PathLike[str] | bytes | Any, dialect: str = AUTO
) -> tuple[list[Step], str]:
    """The events of a capture (a path, its bytes or a binary stream, in any format
    `rt_codec.capture` reads), in order, and the dialect they speak. With `dialect="auto"`, GA and
    beta are told apart, and a capture whose types only the translation dialect knows is read as
    translation. CaptureError for events that cannot be read or placed, and for no events."""
    data = _bytes_of(capture)
    tried = [dialect] if dialect != AUTO else [AUTO, "translation"]
    errors: list[str] = []
    for attempt in tried:
        directions = Directions(attempt)
        steps: list[Step] = []
        errors = []
        checker = SessionChecker(attempt)
        for frame in read_capture(io.BytesIO(data), directions):
            if not frame.counts and not frame.problems:
                continue  # a binary frame in a HAR: nothing to replay
            wire = frame.event.get("type") if frame.event is not None else None
            direction = frame.direction or (directions(wire)[0] if frame.event else None)
            if frame.event is None or not isinstance(wire, str) or direction is None:
                problem = frame.problems[0].message if frame.problems else "direction unknown"
                errors.append(f"{frame.where}: {problem}")
                continue
            checker.check(direction, frame.event)
            text = orjson.dumps(frame.event).decode()
            kind: Literal["client", "server"] = "client" if direction == "client" else "server"
            steps.append(Step(kind, wire, text, frame.ts, frame.where))
        if not errors and steps:
            spoken = checker.spoken or "realtime"
            return steps, attempt if attempt != AUTO else spoken
    if errors:
        shown = "; ".join(errors[:5]) + (f"; and {len(errors) - 5} more" if len(errors) > 5 else "")
        raise CaptureError(f"cannot replay the capture: {shown}")
    raise CaptureError("cannot replay the capture: it has no events")


@dataclass(frozen=True)
class ReplayViolation:
    """A finding on one connection: which connection (0, 1, ... in order), the direction of the
    frame, its index among that direction's frames on the connection (0-based), its event type
    ("?" when it has none), the place in the event (JSON Pointer), the rule and the message."""

    connection: int
    direction: str
    index: int
    type: str
    path: str
    rule: str
    message: str

    def __str__(self) -> str:
        """One line: where, what, and the rule."""
        return (
            f"connection {self.connection} {self.direction} #{self.index} {self.type} "
            f"{self.path or '/'}: {self.message} [{self.rule}]"
        )


@dataclass(frozen=True)
class Message:
    """A frame as it went over one connection: str for a text frame, bytes for a binary one."""

    connection: int
    frame: str | bytes

    @property
    def type(self) -> str | None:
        """The event's `type`, when the frame is a JSON object with a string one."""
        try:
            value = orjson.loads(self.frame)
        except orjson.JSONDecodeError:
            return None
        kind = value.get("type") if isinstance(value, dict) else None
        return kind if isinstance(kind, str) else None


@dataclass
class ReplayConnection:
    """One connection's session: the request path, the client frames received and the server
    frames sent (in order), its findings, the `capture.Report` of both directions (what
    `rt-codec validate` would print for a recording of it), whether the whole capture was played,
    and why it ended (None while it is open)."""

    number: int
    path: str
    received: list[Message] = field(default_factory=list)
    sent: list[Message] = field(default_factory=list)
    violations: list[ReplayViolation] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    complete: bool = False
    ended: str | None = None


def _numbered(path: Path, number: int) -> Path:
    """The recording of connection `number`: the path itself for the first, `name.N.jsonl` after."""
    return path if number == 0 else path.with_name(f"{path.stem}.{number}{path.suffix}")


_B = TypeVar("_B", bound="_Background")


class _Background:
    """Runs an async context manager's server in a thread with its own event loop, for `with`."""

    _thread: threading.Thread | None = None
    _loop: asyncio.AbstractEventLoop | None = None
    _stop: asyncio.Event | None = None
    _server: Server | None = None
    _tasks: set[asyncio.Task[None]]

    async def __aenter__(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    async def __aexit__(self, *exc: object) -> None:
        """Close the listening socket and every connection, waiting a bounded time."""
        server, self._server = self._server, None
        if server is None:
            return
        server.close(close_connections=True)
        try:
            await asyncio.wait_for(server.wait_closed(), WAIT)
        except asyncio.TimeoutError:
            for task in list(self._tasks):
                task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def __enter__(self: _B) -> _B:
        self._start_thread()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop_thread()

    def _start_thread(self) -> None:
        started = threading.Event()
        failure: list[BaseException] = []

        async def main() -> None:
            self._stop = asyncio.Event()
            try:
                await self.__aenter__()
            except BaseException as exc:
                failure.append(exc)
                started.set()
                return
            started.set()
            try:
                await self._stop.wait()
            finally:
                await self.__aexit__(None, None, None)

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(main())
            finally:
                started.set()
                loop.close()

        self._thread = threading.Thread(target=run, name=type(self).__name__, daemon=True)
        self._thread.start()
        if not started.wait(WAIT):
            raise TimeoutError(f"the {type(self).__name__} did not start within {WAIT} s")
        if failure:
            raise failure[0]

    def _stop_thread(self) -> None:
        thread, loop, stop = self._thread, self._loop, self._stop
        if thread is None or loop is None or stop is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop already closed
            loop.call_soon_threadsafe(stop.set)
        thread.join(2 * WAIT)
        self._thread = None
        if thread.is_alive():
            raise TimeoutError(f"the {type(self).__name__} did not stop within {2 * WAIT} s")

    def stop(self) -> None:
        """Stop a server started with `with` (waits a bounded time); nothing when it is not running."""
        self._stop_thread()


def _websockets() -> Any:
    try:
        from websockets.asyncio import server
    except ImportError:
        raise ImportError(
            "rt_codec.replay needs the websockets package: pip install 'rt_codec[serve]'"
        ) from None
    return server


def _http_refusal(connection: ServerConnection, status: int, reason: str) -> Response:
    from http import HTTPStatus

    return connection.respond(HTTPStatus(status), reason + "\n")


class ReplayServer(_Background):
    """A WebSocket server that replays a capture to each client (see the module's docstring).

    `capture`: a path, its bytes or a binary stream (JSONL of envelopes or bare events, HAR, a JSON
    array). `fast`: send at once rather than at the recorded pace (each gap between events, from the
    envelopes' `ts`, capped at `max_delay` seconds). `idle_timeout`: how long to wait for the client's
    next event. `skip_ahead`: a client event may jump forward to the next event of its type in the
    capture, skipping what lies between (for clients that send only part of the session).
    `dialect`: "auto" (from the capture) or the one to check in. `record`: a path; each connection's
    traffic is written there with `CaptureWriter` (connection N > 0 to `name.N.suffix`).
    `api_key`: when set, a handshake without `Authorization: Bearer <api_key>` is refused (401).
    `drop_first_after`: close the first connection with 1011 once it has answered that many client
    events, to make a client reconnect. `on_connection_end` is called with each ended connection.

    `async with` runs it in the current event loop; `with` runs it in a thread of its own. `.url` is
    `ws://HOST:PORT/v1`, the openai SDK's `websocket_base_url`."""

    def __init__(
        self,
        capture: str | os.PathLike[str] | bytes | Any,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        fast: bool = False,
        max_delay: float = 1.0,
        idle_timeout: float = 30.0,
        skip_ahead: bool = False,
        dialect: str = AUTO,
        record: str | os.PathLike[str] | None = None,
        api_key: str | None = None,
        drop_first_after: int | None = None,
        on_connection_end: Callable[[ReplayConnection], None] | None = None,
    ) -> None:
        self.steps, self.dialect = load_steps(capture, dialect)
        self.host, self.port = host, port
        self.fast, self.max_delay, self.idle_timeout = fast, max_delay, idle_timeout
        self.skip_ahead = skip_ahead
        self.record = Path(record) if record is not None else None
        self.drop_first_after = drop_first_after
        self.on_connection_end = on_connection_end
        self.connections: list[ReplayConnection] = []
        self._api_key = api_key
        self._server = None
        self._tasks = set()
        self._paths, self._query = endpoint_of(self.dialect)
        self._path_pattern = _path_pattern(self._paths)
        # The error event answering a divergence: the dialect's one server event that names a
        # client event (`x-client-event`: the Realtime API's and Live's `error`, with the client's
        # event_id where that pointer says), checked valid in the dialect before any use.
        errors = [
            info
            for info in catalogue.events(self.dialect, "server").values()
            if info.client_event is not None
        ]
        pointer = errors[0].client_event if len(errors) == 1 else None
        if pointer is None:
            raise RuntimeError(f"no single error event in the {self.dialect} dialect")
        self._error_type = errors[0].type
        self._error_pointer = pointer.split("/")[1:]
        probe = self._error_text("probe", "probe", "probe")
        problems = validation.validate(probe, self.dialect, "server")
        if problems:
            raise RuntimeError(f"the replay's error event is not valid: {problems}")

    # -- what tests read --------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """`ws://HOST:PORT/v1`: the openai SDK's `websocket_base_url` (the SDK appends the
        dialect's path); `endpoint` is the full URL for a plain WebSocket client."""
        return f"ws://{self.host}:{self.port}/v1"

    @property
    def endpoint(self) -> str:
        """The full URL a plain WebSocket client connects to: the dialect's first path, with each
        query parameter it must give (`model=replay`)."""
        query = "&".join(f"{name}=replay" for name in self._query)
        return f"ws://{self.host}:{self.port}{self._paths[0]}" + (f"?{query}" if query else "")

    @property
    def violations(self) -> list[ReplayViolation]:
        """Every finding of every connection, in order."""
        return [v for connection in list(self.connections) for v in list(connection.violations)]

    @property
    def received(self) -> list[Message]:
        """Every client frame of every connection, in order."""
        return [m for connection in list(self.connections) for m in list(connection.received)]

    @property
    def sent(self) -> list[Message]:
        """Every server frame sent on every connection, in order."""
        return [m for connection in list(self.connections) for m in list(connection.sent)]

    def wait_received(self, count: int, timeout: float = WAIT) -> list[Message]:
        """The client frames once there are at least `count`; TimeoutError after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            received = self.received
            if len(received) >= count:
                return received
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(received)} client frames after {timeout} s, not {count}")
            time.sleep(0.01)

    # -- running ----------------------------------------------------------------------------------

    async def __aenter__(self) -> ReplayServer:
        server = _websockets()
        self._server = await server.serve(
            self._handle,
            self.host,
            self.port,
            max_size=None,
            compression=None,
            process_request=self._process_request,
        )
        self.port = next(iter(self._server.sockets)).getsockname()[1]
        return self

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        url = urlsplit(request.path)
        if not self._path_pattern.fullmatch(url.path.rstrip("/")):
            served = " or ".join(self._paths)
            return _http_refusal(connection, 404, f"not found: this replay serves {served}")
        query = parse_qs(url.query)
        for name in self._query:
            if not query.get(name):
                return _http_refusal(connection, 400, f"the {name} query parameter is required")
        if self._api_key is not None:
            given = request.headers.get("Authorization", "")
            if given != f"Bearer {self._api_key}":
                return _http_refusal(connection, 401, "missing or wrong API key")
        return None

    async def _handle(self, ws: ServerConnection) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        connection = ReplayConnection(len(self.connections), ws.request.path if ws.request else "")
        self.connections.append(connection)
        session = _Session(self, connection, ws)
        try:
            await session.run()
        finally:
            session.close()
            if task is not None:
                self._tasks.discard(task)
            if self.on_connection_end is not None:
                self.on_connection_end(connection)

    def _error_text(self, event_id: str, client_event_id: str | None, message: str) -> str:
        """The dialect's error event for a divergence, naming the client's event when it had an
        event_id."""
        error = {"type": "invalid_request_error", "code": "replay_divergence", "message": message}
        event: dict[str, Any] = {"type": self._error_type, "event_id": event_id, "error": error}
        if client_event_id is not None:
            *parents, last = self._error_pointer
            where = event
            for key in parents:
                where = where.setdefault(key, {})
            where[last] = client_event_id
        return orjson.dumps(event).decode()


class _Session:
    """One connection's replay."""

    def __init__(self, server: ReplayServer, connection: ReplayConnection, ws: Any) -> None:
        self.server, self.connection, self.ws = server, connection, ws
        self.steps = server.steps
        self.directions = Directions(server.dialect)
        self.checker = SessionChecker(server.dialect)
        self.lines = 0
        self.name = f"connection {connection.number}"
        self.counts = {"client": 0, "server": 0}
        self.errors = 0
        self.answered = 0
        self.writer = (
            CaptureWriter(_numbered(server.record, connection.number), mode="w")
            if server.record is not None
            else None
        )

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    def _replay_finding(self, index: int, kind: str, violation: Violation) -> None:
        """A finding of the replay's own (not one `check_frames` made): kept and reported."""
        self._finding("client", index, kind, violation)
        self.connection.report.add(
            Finding(
                self.name, self.lines, None, kind, violation.path, violation.rule, violation.message
            )
        )

    def _finding(self, direction: str, index: int, kind: str, violation: Violation) -> None:
        self.connection.violations.append(
            ReplayViolation(
                self.connection.number,
                direction,
                index,
                kind,
                violation.path,
                violation.rule,
                violation.message,
            )
        )

    def _check(self, direction: str, frame: str | bytes) -> tuple[dict[str, Any] | None, int]:
        """Record and check one frame; the event (None when there is none) and its index."""
        index = self.counts[direction]
        self.counts[direction] += 1
        self.lines += 1
        message = Message(self.connection.number, frame)
        (self.connection.received if direction == "client" else self.connection.sent).append(
            message
        )
        if isinstance(frame, str):
            event, problems = read_object(frame)
            if self.writer is not None:
                self.writer.write(direction, frame)
        else:
            event, problems = None, [Violation("", "frame.binary", _BINARY)]
        captured = Frame(self.lines, None, direction, event, problems)

        def found(finding: Finding) -> None:
            violation = Violation(finding.path, finding.rule, finding.message)
            self._finding(direction, index, finding.type, violation)

        check_frames(
            [captured], self.directions, self.name, self.connection.report, self.checker, found
        )
        return event, index

    async def _send(self, text: str) -> None:
        await self.ws.send(text)
        self._check("server", text)

    async def _play(self, start: int, since: float | None) -> int:
        """Send the server events from `start` up to the next client event; where that is."""
        cursor = start
        while cursor < len(self.steps) and self.steps[cursor].direction == "server":
            step = self.steps[cursor]
            if not self.server.fast and step.ts is not None and since is not None:
                delay = min(max(step.ts - since, 0.0), self.server.max_delay)
                if delay > 0:
                    await asyncio.sleep(delay)
            since = step.ts if step.ts is not None else since
            await self._send(step.text)
            cursor += 1
        if cursor == len(self.steps):
            self.connection.complete = True
        return cursor

    def _canonical(self, wire: str) -> str:
        info = catalogue.lookup(self.server.dialect, "client", wire)
        return info.type if info is not None else wire

    def _match(self, cursor: int, wire: str) -> int | None:
        kind = self._canonical(wire)
        if cursor < len(self.steps) and self._canonical(self.steps[cursor].type) == kind:
            return cursor
        if self.server.skip_ahead:
            for at in range(cursor, len(self.steps)):
                step = self.steps[at]
                if step.direction == "client" and self._canonical(step.type) == kind:
                    return at
        return None

    async def _diverge(self, index: int, event: dict[str, Any], cursor: int) -> None:
        wire = event.get("type")
        shown = wire if isinstance(wire, str) else "?"
        if cursor < len(self.steps):
            step = self.steps[cursor]
            message = (
                f"Expected a client {step.type} event next (capture {step.where}), got {shown}"
            )
        else:
            message = f"The capture has no client event here (it has ended), got {shown}"
        self._replay_finding(index, shown, Violation("/type", "replay.unexpected", message))
        client_id = event.get("event_id")
        self.errors += 1
        text = self.server._error_text(
            f"event_replay_error_{self.errors}",
            client_id if isinstance(client_id, str) else None,
            f"rt_codec replay: {message}",
        )
        await self._send(text)

    async def run(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            cursor = await self._play(0, None)
            while True:
                try:
                    frame = await asyncio.wait_for(self.ws.recv(), self.server.idle_timeout)
                except asyncio.TimeoutError:
                    if cursor < len(self.steps):
                        step = self.steps[cursor]
                        message = (
                            f"No client event for {self.server.idle_timeout} s; the capture "
                            f"expects {step.type} next ({step.where})"
                        )
                        self._replay_finding(
                            self.counts["client"],
                            step.type,
                            Violation("", "replay.idle_timeout", message),
                        )
                    self.connection.ended = "idle timeout"
                    await self.ws.close(1000, "rt_codec replay: idle timeout")
                    return
                event, index = self._check("client", frame)
                wire = event.get("type") if event is not None else None
                if event is None or not isinstance(wire, str):
                    continue  # a binary frame or no event: a finding already, nothing to match
                at = self._match(cursor, wire)
                if at is None:
                    await self._diverge(index, event, cursor)
                else:
                    cursor = await self._play(at + 1, self.steps[at].ts)
                self.answered += 1
                if self.connection.number == 0 and self.answered == self.server.drop_first_after:
                    self.connection.ended = "dropped"
                    await self.ws.close(1011, "rt_codec replay: dropped on purpose")
                    return
        except ConnectionClosed:
            pass
        finally:
            if self.connection.ended is None:
                self.connection.ended = "closed"


_HOP_BY_HOP: Final = frozenset(
    {
        "host",
        "connection",
        "upgrade",
        "content-length",
        "sec-websocket-key",
        "sec-websocket-version",
        "sec-websocket-extensions",
        "sec-websocket-accept",
        "sec-websocket-protocol",
        "user-agent",
    }
)


class RecordingProxy(_Background):
    """A WebSocket server that forwards each client connection to `upstream` and records both
    directions verbatim with `CaptureWriter` to `record` (connection N > 0 to `name.N.suffix`).

    `upstream` is the endpoint's base, `wss://api.openai.com`: the client's path and query are
    appended. The client's headers (its `Authorization` among them) go upstream as they came and
    are never written to the capture; binary frames are forwarded, not recorded (counted in
    `.binary`). `async with` runs it in the current event loop, `with` in a thread; `.url` is the
    openai SDK's `websocket_base_url`. `on_connection_end(number, path)` is called with each
    recording when its connection ends."""

    def __init__(
        self,
        upstream: str,
        record: str | os.PathLike[str],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        open_timeout: float = 10.0,
        on_connection_end: Callable[[int, Path], None] | None = None,
    ) -> None:
        if not upstream.startswith(("ws://", "wss://")):
            raise ValueError(f"the upstream must be a ws:// or wss:// URL, not {upstream!r:.80}")
        self.upstream = upstream.rstrip("/")
        self.record = Path(record)
        self.host, self.port = host, port
        self.open_timeout = open_timeout
        self.on_connection_end = on_connection_end
        self.recordings: list[Path] = []
        self.binary = 0
        self._server = None
        self._tasks = set()

    @property
    def url(self) -> str:
        """`ws://HOST:PORT/v1`: the openai SDK's `websocket_base_url`."""
        return f"ws://{self.host}:{self.port}/v1"

    async def __aenter__(self) -> RecordingProxy:
        server = _websockets()
        self._server = await server.serve(
            self._handle, self.host, self.port, max_size=None, compression=None
        )
        self.port = next(iter(self._server.sockets)).getsockname()[1]
        return self

    async def _handle(self, ws: ServerConnection) -> None:
        from websockets.asyncio.client import connect
        from websockets.exceptions import ConnectionClosed, InvalidHandshake

        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        number = len(self.recordings)
        path = _numbered(self.record, number)
        self.recordings.append(path)
        request = ws.request
        target = self.upstream + (request.path if request is not None else "")
        headers = [
            (name, value)
            for name, value in (request.headers.raw_items() if request is not None else [])
            if name.lower() not in _HOP_BY_HOP
        ]
        try:
            with CaptureWriter(path, mode="w") as writer:
                try:
                    upstream = await connect(
                        target,
                        additional_headers=headers,
                        max_size=None,
                        compression=None,
                        open_timeout=self.open_timeout,
                        user_agent_header=None,
                    )
                except (OSError, InvalidHandshake, asyncio.TimeoutError) as exc:
                    await ws.close(1011, f"upstream: {type(exc).__name__}"[:120])
                    return
                async with upstream:

                    async def pump(
                        source: Any, sink: Any, direction: Literal["client", "server"]
                    ) -> None:
                        try:
                            async for frame in source:
                                if isinstance(frame, str):
                                    writer.write(direction, frame)
                                else:
                                    self.binary += 1
                                await sink.send(frame)
                        except ConnectionClosed:
                            pass

                    await _first_done([pump(ws, upstream, "client"), pump(upstream, ws, "server")])
                await ws.close()
        finally:
            if task is not None:
                self._tasks.discard(task)
            if self.on_connection_end is not None:
                self.on_connection_end(number, path)


async def _first_done(coroutines: Sequence[Awaitable[None]]) -> None:
    """Run the coroutines until the first ends; cancel the others."""
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
