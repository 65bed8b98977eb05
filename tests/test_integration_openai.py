"""`rt_codec.integrations.openai.tap` on real openai SDK realtime connections (sync and async),
against `rt_codec.replay.ReplayServer` playing samples/voice-session.jsonl."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

openai = pytest.importorskip("openai", reason="the openai extra is not installed")
pytest.importorskip("websockets", reason="the openai SDK's realtime needs websockets")

from rt_codec import capture  # noqa: E402
from rt_codec.capture import CaptureWriter  # noqa: E402
from rt_codec.integrations.openai import Tap, tap  # noqa: E402
from rt_codec.replay import ReplayServer  # noqa: E402
from rt_codec.validation import Violation  # noqa: E402
from tests.conftest import ROOT  # noqa: E402
from tests.conftest import bounded as bounded_by  # noqa: E402

TIMEOUT = 20.0
SESSION = {"type": "realtime", "instructions": "Answer in one short sentence."}
SAMPLE = ROOT / "samples" / "voice-session.jsonl"


def replay(**options: Any) -> ReplayServer:
    """The sample session, at once; the clients here send only part of it, so they skip ahead."""
    return ReplayServer(SAMPLE, fast=True, skip_ahead=True, **options)


def client_types(server: ReplayServer) -> list[str | None]:
    return [message.type for message in server.received]


def bounded(body: Callable[[], Any]) -> Any:
    """Run a sync client in a thread; TimeoutError after TIMEOUT."""
    return bounded_by(body, TIMEOUT)


def sync_client(server: ReplayServer) -> Any:
    return openai.OpenAI(api_key="test", websocket_base_url=server.url)


def receive_until(connection: Any, kind: str) -> list[str]:
    types = []
    while not types or types[-1] != kind:
        types.append(connection.recv().type)
    return types


def check_capture(path: Path, server: ReplayServer) -> capture.Report:
    """The capture is clean and has each frame the server got, verbatim."""
    report = capture.check(path)
    assert report.violations == [], [str(v) for v in report.violations]
    lines = path.read_text().splitlines()
    client_lines = [line for line in lines if orjson.loads(line)["direction"] == "client"]
    assert len(client_lines) == len(server.received)
    for line, frame in zip(client_lines, server.received, strict=True):
        assert isinstance(frame.frame, str) and frame.frame in line
    return report


def test_a_sync_session_is_checked_counted_and_recorded(tmp_path: Path) -> None:
    recording = tmp_path / "session.jsonl"
    with replay() as server:

        def session() -> tuple[Tap, list[str]]:
            with sync_client(server).realtime.connect(model="gpt-realtime") as connection:
                with tap(connection, capture=recording) as checked:
                    types = receive_until(connection, "session.created")
                    connection.session.update(session=SESSION)  # type: ignore[arg-type]
                    types += receive_until(connection, "session.updated")
                    connection.response.create()
                    types += receive_until(connection, "response.done")
                return checked, types

        checked, types = bounded(session)
    assert server.violations == []
    assert client_types(server) == ["session.update", "response.create"]
    assert (checked.sent, checked.received) == (2, len(types))
    assert checked.violations == []
    report = check_capture(recording, server)
    assert report.events == 2 + len(types)
    assert [m.type for m in server.sent][: len(types)] == types


def test_an_async_session_is_checked_counted_and_recorded(tmp_path: Path) -> None:
    recording = tmp_path / "session.jsonl"

    async def session(server: ReplayServer) -> tuple[Tap, int]:
        client = openai.AsyncOpenAI(api_key="test", websocket_base_url=server.url)
        async with client.realtime.connect(model="gpt-realtime") as connection:
            with CaptureWriter(recording, mode="w") as writer, tap(connection, capture=writer) as t:
                received = 0
                await connection.session.update(session=SESSION)  # type: ignore[arg-type]
                await connection.response.create()
                async for event in connection:
                    received += 1
                    if event.type == "response.done":
                        break
            return t, received

    with replay() as server:
        checked, received = asyncio.run(asyncio.wait_for(session(server), TIMEOUT))
    assert server.violations == []
    assert client_types(server) == ["session.update", "response.create"]
    assert (checked.sent, checked.received, checked.violations) == (2, received, [])
    assert check_capture(recording, server).events == 2 + received


def test_a_defective_event_is_a_violation_with_its_rule() -> None:
    with replay() as server:

        def session() -> Tap:
            with sync_client(server).realtime.connect(model="gpt-realtime") as connection:
                checked = tap(connection)
                receive_until(connection, "session.created")
                connection.send({"type": "input_audio_buffer.append", "audio": "AA=A"})
                server.wait_received(1)
                checked.close()
                return checked

        checked = bounded(session)
    (found,) = checked.violations
    assert found.direction == "client"
    assert found.frame == server.received[0].frame  # the text as it went over the wire
    assert [v.rule for v in found.violations] == ["base64.padding"]
    assert found.violations[0].path == "/audio"
    assert [(v.index, v.rule, v.path) for v in server.violations] == [
        (0, "base64.padding", "/audio")
    ]
    assert (checked.sent, checked.received) == (1, 1)


def test_on_violation_takes_the_findings_and_a_binary_frame_is_one() -> None:
    calls: list[tuple[str, str | bytes, list[Violation]]] = []
    with replay() as server:

        async def session() -> Tap:
            client = openai.AsyncOpenAI(api_key="test", websocket_base_url=server.url)
            async with client.realtime.connect(model="gpt-realtime") as connection:
                with tap(connection, on_violation=lambda *call: calls.append(call)) as checked:
                    await connection.send_raw(b'{"type": "response.cancel"}')
                    await connection.send_raw('{"type": "response.cancel", "extra": 1}')
                    await asyncio.to_thread(server.wait_received, 2)
                return checked

        checked = asyncio.run(asyncio.wait_for(session(), TIMEOUT))
    assert checked.violations == []  # on_violation took them
    assert [(direction, frame) for direction, frame, _ in calls] == [
        ("client", b'{"type": "response.cancel"}'),
        ("client", '{"type": "response.cancel", "extra": 1}'),
    ]
    assert [v.rule for v in calls[0][2]] == ["frame.binary"]
    assert calls[1][2] and all(v.rule != "frame.binary" for v in calls[1][2])
    assert checked.sent == 2


def test_a_frame_the_capture_cannot_take_is_a_finding_of_its_own(tmp_path: Path) -> None:
    """A CaptureWriter closed under the tap: the frame is still checked, and not being recorded is
    said as such, not as a frame defect."""
    writer = CaptureWriter(tmp_path / "closed.jsonl")
    writer.close()
    with replay() as server:

        async def session() -> Tap:
            client = openai.AsyncOpenAI(api_key="test", websocket_base_url=server.url)
            async with client.realtime.connect(model="gpt-realtime") as connection:
                with tap(connection, capture=writer) as checked:
                    await connection.send_raw('{"type": "response.cancel"}')
                    await asyncio.to_thread(server.wait_received, 1)
                return checked

        checked = asyncio.run(asyncio.wait_for(session(), TIMEOUT))
    assert [[v.rule for v in found.violations] for found in checked.violations] == [
        ["tap.not_recorded"]
    ]


def test_the_tap_follows_a_reconnect(tmp_path: Path) -> None:
    recording = tmp_path / "session.jsonl"
    with replay(drop_first_after=1) as server:

        def session() -> tuple[Tap, list[str]]:
            connect = sync_client(server).realtime.connect(
                model="gpt-realtime",
                on_reconnecting=lambda event: None,
                initial_delay=0.01,
                max_delay=0.05,
            )
            types: list[str] = []
            with connect as connection, tap(connection, capture=recording) as checked:
                for event in connection:
                    types.append(event.type)
                    if event.type == "session.created" and types.count(event.type) == 1:
                        connection.session.update(session=SESSION)  # type: ignore[arg-type]
                    elif event.type == "session.created":  # on the new socket
                        connection.response.create()
                    elif event.type == "response.done":
                        break
            return checked, types

        checked, types = bounded(session)
    assert len(server.connections) == 2
    assert [(m.connection, m.type) for m in server.received] == [
        (0, "session.update"),
        (1, "response.create"),
    ]
    assert (checked.sent, checked.received, checked.violations) == (2, len(types), [])
    assert types.count("session.created") == 2 and types[-1] == "response.done"
    envelopes = [orjson.loads(line) for line in recording.read_bytes().splitlines()]
    assert [e["event"]["type"] for e in envelopes if e["direction"] == "client"] == [
        "session.update",
        "response.create",
    ]
    assert len(envelopes) == 2 + len(types)


def test_closing_detaches_and_leaves_the_connection_working(tmp_path: Path) -> None:
    recording = tmp_path / "session.jsonl"
    with replay() as server:

        def session() -> Tap:
            with sync_client(server).realtime.connect(model="gpt-realtime") as connection:
                checked = tap(connection, capture=recording)
                receive_until(connection, "session.created")
                checked.close()
                checked.close()  # a second close does nothing
                connection.session.update(session=SESSION)  # type: ignore[arg-type]
                receive_until(connection, "session.updated")
                return checked

        checked = bounded(session)
    assert (checked.sent, checked.received) == (0, 1)
    assert client_types(server) == ["session.update"]
    assert len(recording.read_bytes().splitlines()) == 1  # the file was closed after one frame


def test_what_is_not_a_realtime_connection_is_refused() -> None:
    with pytest.raises(TypeError, match="RealtimeConnection"):
        tap(object())  # type: ignore[arg-type]
    from openai.resources.realtime.realtime import RealtimeConnection

    hollow = RealtimeConnection.__new__(RealtimeConnection)  # no websocket where the tap looks
    with pytest.raises(RuntimeError, match="does not know this SDK"):
        tap(hollow)


def test_a_bad_capture_argument_is_refused() -> None:
    with replay() as server:

        def session() -> None:
            with sync_client(server).realtime.connect(model="gpt-realtime") as connection:
                tap(connection, capture=3)  # type: ignore[arg-type]

        with pytest.raises(TypeError, match="capture must be"):
            bounded(session)


def test_import_rt_codec_does_not_import_the_integration() -> None:
    code = (
        "import sys, rt_codec; rt_codec.encode_event_text(rt_codec.ResponseCreateEvent());"
        "print(sorted(m for m in sys.modules if m.startswith(('openai', 'rt_codec.integrations'))))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
        env={"PYTHONPATH": str(ROOT)},
    )
    assert run.stdout.strip() == "[]"
