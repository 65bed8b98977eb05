"""A scripted stand-in for the Realtime API's WebSocket, on 127.0.0.1, for tests.

It plays the server side of a recorded session (by default `samples/voice-session.jsonl`): on
connecting, the server events that open the script (`session.created`); then, for each client frame,
the server events that followed the next client event of the same type in the script, skipping what
lies between (so a client that sends only `session.update` and `response.create` gets
`session.updated`, then the second response through `response.done`). A frame whose type the rest of
the script does not have gets no answer.

Every client frame is checked: a binary frame, or text that `rt_codec.validate_client_event` finds
wrong, is a problem, kept on `.received`; a strict server (the default) also closes the connection
with 1008 (policy violation), so that the client fails. Everything stays bounded: the server runs in
its own thread and event loop, and starting and stopping it wait a few seconds at most.

    with ScriptedServer() as server:
        connect(server.url + "/v1/realtime?model=gpt-realtime")  # ws://127.0.0.1:PORT
        ...
    assert server.problems() == []
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import orjson
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

import rt_codec

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "voice-session.jsonl"
WAIT = 10.0  # seconds: the longest any start, stop or wait of the server takes


@dataclass(frozen=True)
class Step:
    """One event of the script: who sends it, its type, and its text as it goes over the wire."""

    direction: Literal["client", "server"]
    type: str
    text: str


def load_script(path: Path = SAMPLE) -> list[Step]:
    """The events of an envelope capture (`{"direction", "event"}` per line), in order."""
    steps = []
    for number, line in enumerate(path.read_bytes().splitlines(), 1):
        envelope = orjson.loads(line)
        direction, event = envelope.get("direction"), envelope.get("event")
        if direction not in ("client", "server") or not isinstance(event, dict):
            raise ValueError(f"{path} line {number}: not an envelope with a direction and event")
        steps.append(Step(direction, str(event["type"]), orjson.dumps(event).decode()))
    return steps


@dataclass
class Received:
    """A client frame as it came (str for a text frame, bytes for a binary one), on which
    connection (0, 1, ... in order of connecting), and what was wrong with it."""

    connection: int
    frame: str | bytes
    problems: list[str] = field(default_factory=list)

    @property
    def type(self) -> str | None:
        """The event's `type`, when the frame is a JSON object with a string one."""
        try:
            value = orjson.loads(self.frame)
        except orjson.JSONDecodeError:
            return None
        kind = value.get("type") if isinstance(value, dict) else None
        return kind if isinstance(kind, str) else None


@dataclass(frozen=True)
class Request:
    """The opening handshake of one connection: its path with the query, and its headers."""

    path: str
    headers: dict[str, str]


class ScriptedServer:
    """The server: a context manager that runs it in a thread; `.url` is `ws://127.0.0.1:PORT`.

    `strict`: close a connection (1008) at its first bad frame. `drop_first_after`: close the first
    connection with 1011 (a recoverable server error) once it has answered that many client frames,
    to make a client reconnect."""

    def __init__(
        self,
        script: Sequence[Step] | None = None,
        *,
        strict: bool = True,
        drop_first_after: int | None = None,
    ) -> None:
        self.script = list(script) if script is not None else load_script()
        self.strict = strict
        self.drop_first_after = drop_first_after
        self.received: list[Received] = []
        self.sent: list[tuple[int, str]] = []  # (connection, text) of each server event sent
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="scripted-realtime", daemon=True)
        self._started = threading.Event()
        self._stop: asyncio.Event | None = None
        self._port = 0

    @property
    def url(self) -> str:
        """The server's base URL, without a path."""
        return f"ws://127.0.0.1:{self._port}"

    def problems(self) -> list[str]:
        """Every problem found in a client frame, in order."""
        with self._lock:
            return [problem for frame in self.received for problem in frame.problems]

    def types(self) -> list[str | None]:
        """The type of each client frame received, in order."""
        with self._lock:
            return [frame.type for frame in self.received]

    def wait_received(self, count: int, timeout: float = WAIT) -> list[Received]:
        """The client frames, once there are at least `count`; TimeoutError after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if len(self.received) >= count:
                    return list(self.received)
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(self.received)} client frames, not {count}")
            time.sleep(0.01)

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        if not self._started.wait(WAIT) or not self._port:
            raise RuntimeError("the scripted server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        stop = self._stop
        if stop is not None:
            self._loop.call_soon_threadsafe(stop.set)
        self._thread.join(WAIT)

    def _run(self) -> None:
        try:
            self._loop.run_until_complete(self._main())
        finally:
            self._started.set()  # a failed start must not leave __enter__ waiting
            self._loop.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        server: Server
        async with serve(self._serve, "127.0.0.1", 0, max_size=None) as server:
            self._port = server.sockets[0].getsockname()[1]
            self._started.set()
            await self._stop.wait()
            server.close(close_connections=True)
            await asyncio.wait_for(server.wait_closed(), WAIT)

    async def _serve(self, ws: ServerConnection) -> None:
        with self._lock:
            number = len(self.requests)
            self.requests.append(Request(ws.request.path, dict(ws.request.headers)))
        cursor = await self._answer(ws, number, 0)
        answered = 0
        try:
            async for frame in ws:
                received = Received(number, frame, self._check(frame))
                with self._lock:
                    self.received.append(received)
                if received.problems and self.strict:
                    await ws.close(1008, received.problems[0][:100])
                    return
                step = self._next_client_step(cursor, received.type)
                if step is not None:
                    cursor = await self._answer(ws, number, step + 1)
                answered += 1
                if number == 0 and answered == self.drop_first_after:
                    await ws.close(1011, "scripted drop")
                    return
        except ConnectionClosed:
            pass

    @staticmethod
    def _check(frame: str | bytes) -> list[str]:
        if not isinstance(frame, str):
            return ["a binary frame: the Realtime API reads text frames"]
        return [str(violation) for violation in rt_codec.validate_client_event(frame)]

    def _next_client_step(self, cursor: int, kind: str | None) -> int | None:
        for index in range(cursor, len(self.script)):
            step = self.script[index]
            if step.direction == "client" and step.type == kind:
                return index
        return None

    async def _answer(self, ws: ServerConnection, number: int, cursor: int) -> int:
        """Send the server events from `cursor` up to the next client event; where that is."""
        while cursor < len(self.script) and self.script[cursor].direction == "server":
            text = self.script[cursor].text
            await ws.send(text)
            with self._lock:
                self.sent.append((number, text))
            cursor += 1
        return cursor
