"""Recording: the envelope JSONL that `rt-codec validate` reads, with each message kept verbatim."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import IO, Final, Literal

import orjson

from rt_codec._runtime import EncodeError
from rt_codec.capture._read import DIRECTIONS
from rt_codec.codec import Encodable, encode_event

_LINE_BREAKS: Final = (b"\n", b"\r")


class CaptureWriter:
    """Records traffic as envelope JSONL, one line per message, exactly as it went over the wire:

        with CaptureWriter("session.jsonl") as capture:
            capture.write("client", sent_text)  # the text (str or UTF-8 bytes) of a frame
            capture.write("server", received_text)
            capture.write("client", event)  # an event object or a dict: encoded as it is sent

    Text is kept byte for byte: a compact JSON object on one line is written as the envelope's
    `event`, anything else (pretty-printed JSON, text that is not JSON) as the JSON string `data`,
    so duplicate keys, big integers and other defects reach the validator as they were sent.
    `mode` is "a" to append to an existing file (the default) or "w" to start it afresh.

    Raises ValueError for a direction other than "client"/"server", a `ts` that is not a finite
    number, and for bytes that are not UTF-8 (a WebSocket text frame is always UTF-8), EncodeError for an event that cannot be encoded.
    """

    def __init__(self, target: str | Path | IO[bytes], *, mode: Literal["a", "w"] = "a") -> None:
        if mode not in ("a", "w"):
            raise ValueError(f"mode must be 'a' (append) or 'w' (overwrite), not {mode!r}")
        if isinstance(target, (str, Path)):
            self._handle: IO[bytes] = open(target, mode + "b")  # noqa: SIM115 - closed by close()
            self._owned = True
        else:
            self._handle = target
            self._owned = False

    def write(
        self,
        direction: str,
        message: str | bytes | bytearray | memoryview | Encodable,
        ts: float | None = None,
    ) -> None:
        """Record one message as one envelope line: `direction` is "client" or "server";
        `message` is its text (str or UTF-8 bytes, kept byte for byte), an event object or a dict
        (encoded as it is sent); `ts` is the time in seconds (default: now). ValueError for a bad
        direction, bytes that are not UTF-8 or a `ts` that is not a finite number; EncodeError for
        an event that cannot be encoded."""
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be 'client' or 'server', not {direction!r}")
        if ts is None:
            stamp = time.time()
        elif isinstance(ts, (int, float)) and not isinstance(ts, bool) and math.isfinite(ts):
            stamp = float(ts)
        else:
            raise ValueError(f"ts must be a finite number of seconds, not {ts!r:.40}")
        if isinstance(message, str):
            try:
                text = message.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError(
                    f"cannot record text with a lone surrogate at character {exc.start}: "
                    "a WebSocket text frame is UTF-8"
                ) from None
        elif isinstance(message, (bytes, bytearray, memoryview)):
            text = bytes(message)
            try:
                text.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValueError(
                    f"cannot record bytes that are not UTF-8 (at byte {exc.start}): "
                    "a WebSocket text frame is UTF-8"
                ) from None
        else:
            try:
                text = encode_event(message)
            except EncodeError:
                raise
            except (TypeError, ValueError) as exc:
                raise EncodeError(f"cannot record {type(message).__name__}: {exc}") from None
        head = orjson.dumps({"ts": stamp, "direction": direction})[:-1]
        if self._is_one_line_object(text):
            line = head + b',"event":' + text + b"}\n"
        else:
            line = head + b',"data":' + orjson.dumps(text.decode("utf-8")) + b"}\n"
        self._handle.write(line)

    @staticmethod
    def _is_one_line_object(text: bytes) -> bool:
        if any(mark in text for mark in _LINE_BREAKS):
            return False
        stripped = text.strip()
        if not stripped.startswith(b"{") or stripped != text:
            return False
        try:
            value = orjson.loads(text)
            orjson.dumps(value)  # nested too deep to write is too deep to wrap in an envelope
        except (orjson.JSONDecodeError, TypeError):
            return False
        return isinstance(value, dict)

    def flush(self) -> None:
        """Flush what was written to the file or stream."""
        self._handle.flush()

    def close(self) -> None:
        """Flush, and close the file when the writer opened it (a stream given is left open)."""
        self._handle.flush()
        if self._owned:
            self._handle.close()

    def __enter__(self) -> CaptureWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
