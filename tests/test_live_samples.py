"""The Live API samples: samples/live-session.jsonl is a clean Live call (in auto mode and as
`--dialect live`), every event of it is one the openai SDK's Live models accept, and each defect
planted in samples/live-defects.jsonl is found where it was planted."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import orjson
import pytest

from rt_codec import SessionChecker, capture, catalogue
from rt_codec.capture import CaptureWriter
from tests.conftest import ROOT

SAMPLES = ROOT / "samples"


def lines_of(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def report(name: str, **options: Any) -> dict[str, Any]:
    return capture.check(SAMPLES / name, name=name, **options).to_dict()


def test_the_live_session_is_clean_in_auto_mode_and_as_live() -> None:
    lines = lines_of(SAMPLES / "live-session.jsonl")
    for dialect in ("auto", "live"):
        data = report("live-session.jsonl", dialect=dialect)
        assert data["violations"] == [] and data["drift"] == {}, dialect
        assert data["valid"] == data["events"] == len(lines)
    data = report("live-session.jsonl")
    assert list(data["dialects"]) == ["live"]
    # audio at the rate the session started with (16 kHz PCM16), not the Realtime API's 24 kHz
    [start] = [line["event"] for line in lines if line["event"]["type"] == "session.start"]
    rate = start["session"]["audio"]["format"]["rate"]
    assert rate != 24000
    for direction, field in (("client", "audio"), ("server", "delta")):
        sent = sum(
            len(base64.b64decode(line["event"][field]))
            for line in lines
            if line["direction"] == direction and "audio" in line["event"]["type"]
        )
        assert sent > 0
        assert data["audio_seconds"][direction] == round(sent / (2 * rate), 2)


def test_the_live_session_walks_the_protocol() -> None:
    """What the clean sample is for: the events a Live call has, in an order the protocol keeps."""
    types = [line["event"]["type"] for line in lines_of(SAMPLES / "live-session.jsonl")]
    for first, then in (
        ("session.start", "session.started"),
        ("session.update", "session.updated"),
        ("transport.ringing", "transport.answered"),
        ("session.thinking.append", "session.thinking.appended"),
        ("session.commentary.append", "session.commentary.appended"),
        ("session.instructions.append", "session.instructions.appended"),
        ("response.create", "response.event"),
        ("transport.dtmf.send", "transport.dtmf.sent"),
        ("session.close", "session.closed"),
    ):
        assert types.index(first) < types.index(then), (first, then)
    assert types[0] == "session.start" and types[-1] == "session.closed"
    for wire in (
        "session.input_audio.append",
        "session.input_transcript.delta",
        "session.output_transcript.delta",
        "session.output_audio.delta",
        "decision.event",
        "session.delegation.created",
        "transport.dtmf.received",
        "session.usage.updated",
    ):
        assert wire in types


def test_the_sdk_accepts_every_event_of_the_live_session() -> None:
    """The sample holds the primary connection's events and the sideband's (DTMF, transport), so
    each event must be a member of the SDK's primary or sideband union of its direction."""
    pytest.importorskip("openai.types.live")
    pydantic = pytest.importorskip("pydantic")
    from openai.types.live.client_event import ClientEvent
    from openai.types.live.connect_client_event import ConnectClientEvent
    from openai.types.live.connect_server_event import ConnectServerEvent
    from openai.types.live.server_event import ServerEvent

    adapters = {
        "client": [pydantic.TypeAdapter(u) for u in (ClientEvent, ConnectClientEvent)],
        "server": [pydantic.TypeAdapter(u) for u in (ServerEvent, ConnectServerEvent)],
    }
    refused = []
    for n, line in enumerate(lines_of(SAMPLES / "live-session.jsonl"), 1):
        errors = []
        for adapter in adapters[line["direction"]]:
            try:
                adapter.validate_python(line["event"])
                break
            except pydantic.ValidationError as error:
                errors.append(error)
        else:
            refused.append((n, line["event"]["type"], str(errors[0])[:300]))
    assert refused == []


def line_of(lines: list[dict[str, Any]], test: Any) -> int:
    """The 1-based line of the only line whose event passes `test`."""
    [found] = [n for n, line in enumerate(lines, 1) if test(line["event"])]
    return found


def test_the_planted_live_defects_are_all_found() -> None:
    clean = lines_of(SAMPLES / "live-session.jsonl")
    lines = lines_of(SAMPLES / "live-defects.jsonl")
    ids = [line["event"].get("event_id") for line in lines if line["direction"] == "client"]
    reused = next(i for i in ids if ids.count(i) > 1)
    expected = {
        (
            line_of(lines, lambda e: e["type"] == "session.start"),
            "/session/audio/format/rate",
            "schema.enum",
        ),
        (line_of(lines, lambda e: e.get("audio") == "UklGRg=A"), "/audio", "base64.padding"),
        (line_of(lines, lambda e: e.get("start_ms") == "0"), "/start_ms", "schema.type"),
        (
            line_of(lines, lambda e: e["type"] == "session.update"),
            "/session/voice",
            "schema.additionalProperties",
        ),
        (line_of(lines, lambda e: e["type"] == "decision.event"), "", "schema.required"),
        (
            line_of(lines, lambda e: e["type"] == "transport.answered"),
            "/type",
            "session.transition",
        ),
        (
            line_of(lines, lambda e: e["type"] == "transport.dtmf.send"),
            "/event_id",
            "session.duplicate_event_id",
        ),
        (
            line_of(lines, lambda e: e["type"] == "error"),
            "/error/client_event_id",
            "session.unknown_error_source",
        ),
    }
    # what was planted: the clean session's lines, with these changed or added
    assert len(lines) == len(clean) + 2  # transport.failed and error
    assert line_of(lines, lambda e: e["type"] == "transport.failed") < line_of(
        lines, lambda e: e["type"] == "transport.answered"
    )
    [dtmf] = [line["event"] for line in lines if line["event"]["type"] == "transport.dtmf.send"]
    assert dtmf["event_id"] == reused
    data = report("live-defects.jsonl")
    got = {(v["line"], v["path"], v["rule"]) for v in data["violations"]}
    assert got == expected
    assert data["invalid"] == len({line for line, _, _ in expected})
    assert list(data["dialects"]) == ["live"]


def test_a_live_session_update_is_no_beta_event() -> None:
    """`session.update` is a Live name too: after a Live name has shown the dialect, its session
    (which has no GA `type`) is not taken for a beta one by its shape."""
    checker = SessionChecker()
    assert checker.check("client", {"type": "session.start", "session": {"model": "m"}}) == []
    update = {"type": "session.update", "session": {"delegation": {"type": "client"}}}
    assert checker.check("client", update) == []
    assert checker.dialect == "live" and dict(checker.dialects) == {"live": 1}
    # before any Live name, the same shape still reads as beta (it is one there)
    fresh = SessionChecker()
    assert fresh.check("client", update) == []
    assert fresh.dialect == "beta"


def test_the_readme_counts_the_live_events_as_the_catalogue_does() -> None:
    readme = (ROOT / "README.md").read_text()
    [(client, server)] = re.findall(r"them all \((\d+) client, (\d+) server events\)", readme)
    assert (int(client), int(server)) == (
        len(catalogue.events("live", "client")),
        len(catalogue.events("live", "server")),
    )
    planted = re.search(r"live-defects\.jsonl` is the same call\s+with (\d+) planted", readme)
    assert planted is not None
    data = report("live-defects.jsonl")
    assert int(planted[1]) == len(data["violations"])


def test_sideband_copies_of_audio_are_timed_at_24_khz(tmp_path: Path) -> None:
    """A sideband's copies of audio are 16-bit PCM at 24 kHz whatever the session's format
    (`x-audio-as`): the server's `session.input_audio.append` always, an output delta when it
    carries `start_ms`; an output delta without it is the session's own format (16 kHz here)."""
    opening = [line for line in lines_of(SAMPLES / "live-session.jsonl")][:2]  # start, started
    assert opening[1]["event"]["session"]["audio"]["format"] == {"type": "audio/pcm", "rate": 16000}
    primary, copy, reflected = bytes(3200), bytes(4800), bytes(960)
    audio_events = [
        {"type": "session.output_audio.delta", "delta": base64.b64encode(primary).decode()},
        {
            "type": "session.output_audio.delta",
            "delta": base64.b64encode(copy).decode(),
            "start_ms": 0,
            "end_ms": 100,
        },
        {"type": "session.input_audio.append", "audio": base64.b64encode(reflected).decode()},
    ]
    path = tmp_path / "sideband.jsonl"
    with CaptureWriter(path, mode="w") as writer:
        for line in opening:
            writer.write(line["direction"], orjson.dumps(line["event"]))
        for event in audio_events:
            writer.write("server", orjson.dumps(event))
    data = capture.check(path).to_dict()
    assert data["violations"] == [], data["violations"]
    expected = len(primary) / (2 * 16000) + (len(copy) + len(reflected)) / (2 * 24000)
    assert data["audio_seconds"]["server"] == round(expected, 3)
    assert expected != round((len(primary) + len(copy) + len(reflected)) / (2 * 16000), 3)
