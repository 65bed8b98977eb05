"""A tap on the openai SDK's realtime connection: every frame it sends and receives, validated and
optionally recorded, exactly as it went over the wire.

    with client.realtime.connect(model="gpt-realtime") as connection:
        with tap(connection, capture="session.jsonl") as checked:
            connection.session.update(session={"type": "realtime"})
            ...
        print(checked.sent, checked.received, checked.violations)

Needs the `openai` extra (`pip install 'rt_codec[openai]'`). The SDK has no public hook on its
frames, so the tap wraps `send` and `recv` of the websocket the connection holds, and the factory the
connection reconnects with (which replaces that websocket), so that a reconnected socket is tapped
too; `_sdk_socket` is the one place that reads the SDK's internals. Frames sent before `tap()`
(what the connection manager flushes on entering) are not seen.
"""

from __future__ import annotations

import contextlib
import inspect
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from openai.resources.realtime.realtime import AsyncRealtimeConnection, RealtimeConnection

from rt_codec.capture import CaptureWriter
from rt_codec.validation import Violation, validate_client_event, validate_server_event

__all__ = ["OnViolation", "Tap", "TapViolation", "tap"]

Direction = Literal["client", "server"]
OnViolation = Callable[[Direction, str | bytes, list[Violation]], None]
"""`on_violation(direction, raw_frame, violations)`: called for each frame with findings."""

_BINARY = "a binary frame: the Realtime API reads text frames"


@dataclass(frozen=True, slots=True)
class TapViolation:
    """One frame with findings: which way it went, the frame as it was, and the findings."""

    direction: Direction
    frame: str | bytes
    violations: list[Violation]


class Tap:
    """What `tap` returns: the counts of frames sent and received, the frames with findings
    (`violations`, unless `on_violation` takes them), and `close()` (or `with`) to detach."""

    def __init__(
        self,
        connection: RealtimeConnection | AsyncRealtimeConnection,
        capture: str | Path | CaptureWriter | None,
        on_violation: OnViolation | None,
    ) -> None:
        self.sent = 0
        self.received = 0
        self.violations: list[TapViolation] = []
        self._on_violation = on_violation if on_violation is not None else self._keep
        self._lock = threading.RLock()  # the sync SDK may send and receive in different threads
        self._attached = True
        self._sockets: list[tuple[object, dict[str, object]]] = []  # each socket, our wrappers
        if capture is None or isinstance(capture, CaptureWriter):
            self._writer, self._owns_writer = capture, False
        elif isinstance(capture, (str, Path)):
            self._writer, self._owns_writer = CaptureWriter(capture), True
        else:
            raise TypeError(
                f"capture must be a path or a CaptureWriter, not {type(capture).__name__}"
            )
        self._connection = connection
        self._is_async = isinstance(connection, AsyncRealtimeConnection)
        socket, make_socket = _sdk_socket(connection)
        self._attach(socket)
        self._make_socket = make_socket
        self._our_make_socket: object = None
        if make_socket is not None:  # the connection reconnects: tap each new socket too
            self._our_make_socket = self._tapped_factory(make_socket)
            setattr(connection, "_make_ws", self._our_make_socket)  # noqa: B010

    def _keep(self, direction: Direction, frame: str | bytes, violations: list[Violation]) -> None:
        self.violations.append(TapViolation(direction, frame, violations))

    def _frame(self, direction: Direction, frame: object) -> None:
        """Count, check and record one frame (a str is a text frame, bytes a binary one)."""
        if not self._attached:
            return
        findings: list[Violation] = []
        raw: str | bytes
        if isinstance(frame, str):
            raw = frame
        elif isinstance(frame, (bytes, bytearray, memoryview)):
            raw = bytes(frame)
            if direction == "client":  # received frames are bytes whichever frame they came in
                findings.append(Violation("", "frame.binary", _BINARY))
        else:  # an iterable of fragments, which the SDK never sends
            raw = b""
            findings.append(Violation("", "frame.fragmented", "a fragmented message: not checked"))
        if raw or not findings:
            check = validate_client_event if direction == "client" else validate_server_event
            findings.extend(check(raw))
        with self._lock:
            if direction == "client":
                self.sent += 1
            else:
                self.received += 1
            if self._writer is not None and raw:
                try:
                    self._writer.write(direction, raw)
                except ValueError as exc:  # bytes that are not UTF-8: no text frame carries them
                    findings.append(Violation("", "tap.not_recorded", f"not recorded: {exc}"))
            if findings:
                self._on_violation(direction, raw, findings)

    def _attach(self, socket: object) -> None:
        """Wrap the socket's `send` and `recv` with the tap's."""
        send: Any = getattr(socket, "send")  # noqa: B009
        recv: Any = getattr(socket, "recv")  # noqa: B009
        wrappers: dict[str, object]
        if self._is_async:

            async def send_async(message: object, *args: Any, **kwargs: Any) -> Any:
                self._frame("client", message)
                return await send(message, *args, **kwargs)

            async def recv_async(*args: Any, **kwargs: Any) -> Any:
                message = await recv(*args, **kwargs)
                self._frame("server", message)
                return message

            wrappers = {"send": send_async, "recv": recv_async}
        else:

            def send_sync(message: object, *args: Any, **kwargs: Any) -> Any:
                self._frame("client", message)
                return send(message, *args, **kwargs)

            def recv_sync(*args: Any, **kwargs: Any) -> Any:
                message = recv(*args, **kwargs)
                self._frame("server", message)
                return message

            wrappers = {"send": send_sync, "recv": recv_sync}
        with self._lock:  # a reconnect may run in another thread than close()
            if not self._attached:
                return
            for name, wrapper in wrappers.items():
                setattr(socket, name, wrapper)
            self._sockets.append((socket, wrappers))

    def _tapped_factory(self, make_socket: Callable[..., Any]) -> Callable[..., Any]:
        """The connection's socket factory, tapping each socket it makes."""
        if self._is_async:

            async def make_async(*args: Any, **kwargs: Any) -> Any:
                made: Awaitable[Any] = make_socket(*args, **kwargs)
                socket = await made
                if self._attached:
                    self._attach(socket)
                return socket

            return make_async

        def make_sync(*args: Any, **kwargs: Any) -> Any:
            socket = make_socket(*args, **kwargs)
            if self._attached:
                self._attach(socket)
            return socket

        return make_sync

    def close(self) -> None:
        """Detach from the connection (the connection stays open) and close a capture file the
        tap opened; a CaptureWriter passed in is flushed, not closed."""
        with self._lock:
            if not self._attached:
                return
            self._attached = False
            for socket, wrappers in self._sockets:
                for name, wrapper in wrappers.items():
                    # Only our own wrapper comes off; one put on after it now passes through us.
                    if vars(socket).get(name) is wrapper:
                        delattr(socket, name)
            self._sockets.clear()
            if getattr(self._connection, "_make_ws", None) is self._our_make_socket:
                setattr(self._connection, "_make_ws", self._make_socket)  # noqa: B010
            if self._writer is not None:
                if self._owns_writer:
                    self._writer.close()
                else:
                    # Its owner may have closed it already: nothing is left to flush then.
                    with contextlib.suppress(ValueError):
                        self._writer.flush()

    def __enter__(self) -> Tap:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "attached" if self._attached else "closed"
        return f"<Tap {state}: {self.sent} sent, {self.received} received, {len(self.violations)} with findings>"


def tap(
    connection: RealtimeConnection | AsyncRealtimeConnection,
    *,
    capture: str | Path | CaptureWriter | None = None,
    on_violation: OnViolation | None = None,
) -> Tap:
    """Validate every frame `connection` (what `client.realtime.connect(...)` yields, sync or async)
    sends and receives, from now until the tap is closed, across the SDK's reconnects.

    Sent frames are checked with `validate_client_event`, received ones with
    `validate_server_event`, on the raw text; a binary frame sent is a `frame.binary` finding. With
    `capture` (a path, appended to, or a CaptureWriter) every frame is recorded verbatim. Each frame
    with findings goes to `on_violation(direction, raw_frame, violations)`, by default onto the
    returned Tap's `.violations`. Raises TypeError for another kind of connection, RuntimeError when
    the installed SDK does not hold its websocket where this version of the tap looks."""
    if not isinstance(connection, (RealtimeConnection, AsyncRealtimeConnection)):
        raise TypeError(
            "tap() takes the connection client.realtime.connect() yields (RealtimeConnection or "
            f"AsyncRealtimeConnection), not {type(connection).__name__}"
        )
    return Tap(connection, capture, on_violation)


def _sdk_socket(
    connection: RealtimeConnection | AsyncRealtimeConnection,
) -> tuple[object, Callable[..., Any] | None]:
    """The SDK internals the tap relies on, checked: the websocket the connection sends and receives
    on (`_connection`, whose `send` and `recv` it calls) and the factory it reconnects with
    (`_make_ws`, None when it does not reconnect), which replaces that websocket."""
    import openai

    where = f"openai {openai.__version__}: rt_codec's tap does not know this SDK"
    socket = getattr(connection, "_connection", None)
    for name in ("send", "recv"):
        method = getattr(socket, name, None)
        if not callable(method):
            raise RuntimeError(f"{where} (its connection has no websocket with a `{name}` method)")
        if isinstance(connection, AsyncRealtimeConnection) != inspect.iscoroutinefunction(method):
            raise RuntimeError(f"{where} (its websocket's `{name}` is not as expected)")
    if not hasattr(connection, "_make_ws"):
        raise RuntimeError(f"{where} (its connection has no `_make_ws` to reconnect with)")
    make_socket = getattr(connection, "_make_ws")  # noqa: B009
    if make_socket is not None and not callable(make_socket):
        raise RuntimeError(f"{where} (its `_make_ws` is not callable)")
    return socket, make_socket
