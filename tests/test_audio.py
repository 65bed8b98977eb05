"""Audio durations at the session's own format: bytes per second from the schemas' format facts, and
captures whose sessions change format."""

from __future__ import annotations

import base64
import io
from typing import Any

import orjson
import pytest

from rt_codec import audio, capture
from rt_codec.capture._check import write_text

AT = {"response_id": "r", "item_id": "i", "output_index": 0, "content_index": 0}


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ({"type": "audio/pcm", "rate": 24000}, 48000),
        ({"type": "audio/pcm"}, 48000),
        ({"rate": 24000}, 48000),  # without `type`: the format its union takes, pcm
        ({"type": "audio/pcmu"}, 8000),
        ({"type": "audio/pcma"}, 8000),
        ({"type": "audio/pcm", "rate": 16000}, 32000),  # a rate the schema refuses is still timed
        ("pcm16", 48000),
        ("g711_ulaw", 8000),
        ("g711_alaw", 8000),
        ("opus", None),
        ({"type": "audio/opus"}, None),
        ({"type": "audio/pcm", "rate": "fast"}, None),
        ({"type": "audio/pcm", "rate": True}, None),
        ({"type": "audio/pcm", "rate": 0}, None),
        (None, 48000),  # the session default
        (5, None),
    ],
)
def test_bytes_per_second(fmt: Any, expected: int | None) -> None:
    assert audio.bytes_per_second(fmt) == expected


def test_a_rate_given_apart_from_the_format() -> None:
    assert audio.bytes_per_second("pcm16", 16000) == 32000
    assert audio.bytes_per_second({"type": "audio/pcm", "rate": 24000}, 8000) == 16000
    assert audio.bytes_per_second("g711_ulaw", 8000) == 8000
    assert audio.bytes_per_second(None, 16000) == 32000
    assert audio.bytes_per_second("pcm16", "fast") is None


def seconds(bytes_per_second: int, count: float = 1.0) -> str:
    return base64.b64encode(bytes(int(bytes_per_second * count))).decode()


def run(lines: list[tuple[str, dict[str, Any]]], dialect: str) -> dict[str, Any]:
    data = b"\n".join(orjson.dumps({"direction": d, "event": e}) for d, e in lines)
    return capture.check(data, name="f", dialect=dialect).to_dict()


def test_a_ga_session_at_8_khz_is_timed_at_8_khz() -> None:
    g711 = {"type": "audio/pcmu"}
    session = {
        "type": "realtime",
        "id": "s",
        "object": "realtime.session",
        "audio": {"input": {"format": g711}, "output": {"format": {"type": "audio/pcma"}}},
    }
    report = run(
        [
            ("server", {"type": "session.created", "event_id": "e0", "session": session}),
            ("client", {"type": "input_audio_buffer.append", "audio": seconds(8000, 2)}),
            (
                "server",
                {
                    "type": "response.output_audio.delta",
                    "event_id": "e1",
                    **AT,
                    "delta": seconds(8000, 3),
                },
            ),
        ],
        "realtime",
    )
    assert report["audio_seconds"] == {"client": 2.0, "server": 3.0}
    assert report["audio_bytes_unknown_rate"] == {"client": 0, "server": 0}


def test_a_beta_session_that_changes_format_is_timed_at_each() -> None:
    updated = {
        "id": "s",
        "object": "realtime.session",
        "input_audio_format": "g711_ulaw",
        "output_audio_format": "g711_alaw",
    }
    report = run(
        [
            ("server", {"type": "session.created", "event_id": "e0", "session": {"id": "s"}}),
            ("client", {"type": "input_audio_buffer.append", "audio": seconds(48000)}),
            ("server", {"type": "session.updated", "event_id": "e1", "session": updated}),
            ("client", {"type": "input_audio_buffer.append", "audio": seconds(8000)}),
            (
                "server",
                {
                    "type": "response.audio.delta",
                    "event_id": "e2",
                    **AT,
                    "delta": seconds(8000, 0.5),
                },
            ),
            # a new session starts at the default again
            ("server", {"type": "session.created", "event_id": "e3", "session": {"id": "t"}}),
            (
                "server",
                {
                    "type": "response.audio.delta",
                    "event_id": "e4",
                    **AT,
                    "delta": seconds(48000, 0.25),
                },
            ),
        ],
        "beta",
    )
    assert report["audio_seconds"] == {"client": 2.0, "server": 0.75}


def test_audio_in_a_format_we_cannot_time_is_not_guessed() -> None:
    session = {"id": "s", "object": "realtime.session", "output_audio_format": "opus_48k"}
    lines = [
        ("server", {"type": "session.created", "event_id": "e0", "session": session}),
        (
            "server",
            {"type": "response.audio.delta", "event_id": "e1", **AT, "delta": seconds(48000)},
        ),
    ]
    report = run(lines, "beta")
    assert report["audio_seconds"]["server"] == 0.0
    assert report["audio_bytes_unknown_rate"]["server"] == 48000
    out = io.StringIO()
    write_text(
        capture.check(
            b"\n".join(orjson.dumps({"direction": d, "event": e}) for d, e in lines),
            name="f",
            dialect="beta",
        ),
        out,
    )
    assert "0.00 s of audio received" in out.getvalue()
    assert "and 48000 bytes in a format of unknown rate" in out.getvalue()
