"""`rt_codec.replay`, the `rt_replay` pytest fixture and `rt-codec serve`: clients (the openai SDK,
websockets) run recorded sessions against the replay, defects and divergences are findings, and
record mode makes captures that validate. Every wait is bounded."""

from __future__ import annotations

import asyncio
import importlib.metadata
import io
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

pytest.importorskip("websockets", reason="the serve extra is not installed")

import itertools

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

import rt_codec
from rt_codec import capture, cli
from rt_codec.replay import RecordingProxy, ReplayServer, load_steps
from tests.conftest import ROOT
from tests.conftest import bounded as bounded_by

SAMPLE = ROOT / "samples" / "voice-session.jsonl"
TIMEOUT = 20.0
STEPS, _ = load_steps(SAMPLE)
PLUGIN_ARGS = (
    []
    if any(
        ep.value == "rt_codec.pytest_plugin"
        for ep in importlib.metadata.entry_points(group="pytest11")
    )
    else ["-p", "rt_codec.pytest_plugin"]
)


def bounded(body: Callable[[], Any]) -> Any:
    """Run a sync client in a thread; TimeoutError after TIMEOUT."""
    return bounded_by(body, TIMEOUT)


def capture_events(direction: str) -> list[dict[str, Any]]:
    return [orjson.loads(step.text) for step in STEPS if step.direction == direction]


async def play_with_websockets(url: str) -> list[str]:
    """Send the capture's client events in order; the types of every server event received."""
    got: list[str] = []
    async with connect(url, max_size=None) as ws:
        for step in STEPS:
            if step.direction == "client":
                await ws.send(step.text)
            else:
                got.append(orjson.loads(await ws.recv())["type"])
    return got


def test_the_openai_sdk_runs_the_sample_session_end_to_end(rt_replay: Any) -> None:
    openai = pytest.importorskip("openai")
    server = rt_replay(str(SAMPLE))

    def session() -> list[str]:
        client = openai.OpenAI(api_key="test", websocket_base_url=server.url)
        got: list[str] = []
        with client.realtime.connect(model="gpt-realtime") as connection:
            for step in STEPS:
                if step.direction == "client":
                    connection.send(orjson.loads(step.text))
                else:
                    got.append(connection.recv().type)
        return got

    got = bounded(session)
    assert got == [e["type"] for e in capture_events("server")]
    assert [m.type for m in server.received] == [e["type"] for e in capture_events("client")]
    assert server.violations == []
    assert server.connections[0].complete
    assert server.connections[0].path == "/v1/realtime?model=gpt-realtime"


def test_a_websockets_client_runs_the_sample_session_end_to_end(rt_replay: Any) -> None:
    server = rt_replay(SAMPLE)
    got = asyncio.run(asyncio.wait_for(play_with_websockets(server.endpoint), TIMEOUT))
    assert got == [e["type"] for e in capture_events("server")]
    server.stop()
    assert server.violations == []
    report = server.connections[0].report
    assert report.events == len(STEPS) and report.invalid == 0


def test_each_connection_replays_from_the_start_and_keeps_its_report() -> None:
    async def main() -> list[list[str]]:
        async with ReplayServer(SAMPLE, fast=True) as server:
            runs = [await play_with_websockets(server.endpoint) for _ in range(2)]
        assert [c.number for c in server.connections] == [0, 1]
        assert all(c.complete and c.ended == "closed" for c in server.connections)
        return runs

    first, second = asyncio.run(asyncio.wait_for(main(), TIMEOUT))
    assert first == second and first[0] == "session.created"


def test_a_divergence_gets_a_valid_error_event_and_a_finding() -> None:
    async def main(server: ReplayServer) -> dict[str, Any]:
        async with connect(server.endpoint) as ws:
            await ws.recv()  # session.created
            await ws.send('{"type": "response.cancel", "event_id": "evt_mine"}')
            error: dict[str, Any] = orjson.loads(await ws.recv())
            return error

    with ReplayServer(SAMPLE, fast=True) as server:
        error = bounded(lambda: asyncio.run(asyncio.wait_for(main(server), TIMEOUT)))
    assert rt_codec.validate_server_event(error) == []
    assert error["type"] == "error" and error["error"]["event_id"] == "evt_mine"
    assert "session.update" in error["error"]["message"]
    (found,) = server.violations
    assert (found.direction, found.index, found.rule, found.path) == (
        "client",
        0,
        "replay.unexpected",
        "/type",
    )
    assert "session.update" in found.message and "response.cancel" in str(found)
    assert server.connections[0].report.rules["replay.unexpected"] == 1


def test_binary_and_invalid_frames_are_findings_and_an_idle_client_is_closed() -> None:
    async def main(server: ReplayServer) -> None:
        async with connect(server.endpoint) as ws:
            await ws.recv()
            await ws.send(b'{"type": "session.update"}')
            await ws.send('{"type": "session.update", "session": {"type": "realtime"}, "x": 1}')
            await ws.recv()  # session.updated
            with pytest.raises(ConnectionClosed):
                await asyncio.wait_for(ws.recv(), TIMEOUT)  # closed after the idle timeout

    with ReplayServer(SAMPLE, fast=True, idle_timeout=0.3) as server:
        bounded(lambda: asyncio.run(asyncio.wait_for(main(server), TIMEOUT)))
    rules = [(v.index, v.rule) for v in server.violations]
    assert rules[0] == (0, "frame.binary")
    assert any(index == 1 and rule.startswith("schema.") for index, rule in rules)
    assert rules[-1] == (2, "replay.idle_timeout")
    assert "input_audio_buffer.append" in server.violations[-1].message
    assert server.connections[0].ended == "idle timeout"


def test_a_live_capture_is_served_where_a_live_client_connects() -> None:
    """The paths come from the capture's dialect (`x-websocket`): Live's primary WebSocket and a
    sideband's attach path, without a model in the query; the Realtime path is not Live's."""
    live = ROOT / "samples" / "live-session.jsonl"
    lines = [orjson.loads(line) for line in live.read_bytes().splitlines()]
    first_client = next(line["event"] for line in lines if line["direction"] == "client")
    first_server = next(line["event"] for line in lines if line["direction"] == "server")
    assert first_client["type"] == "session.start"

    async def answer(url: str) -> dict[str, Any]:
        async with connect(url) as ws:
            await ws.send(orjson.dumps(first_client).decode())
            reply: dict[str, Any] = orjson.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
            return reply

    async def status(url: str) -> int:
        with pytest.raises(InvalidStatus) as refused:
            async with connect(url):
                pass
        return refused.value.response.status_code

    with ReplayServer(live, fast=True) as server:
        base = f"ws://127.0.0.1:{server.port}"
        assert server.endpoint == base + "/v1/live/sessions"

        async def diverge() -> str:
            async with connect(server.endpoint) as ws:
                await ws.send('{"type": "session.close", "event_id": "evt_wrong"}')
                return str(await asyncio.wait_for(ws.recv(), TIMEOUT))

        async def main() -> tuple[dict[str, Any], dict[str, Any], int, str]:
            primary = await answer(server.endpoint)
            sideband = await answer(base + "/v1/live/sessions/live_sess_1/attach")
            wrong = await diverge()
            return primary, sideband, await status(base + "/v1/realtime?model=m"), wrong

        primary, sideband, refused, wrong = bounded(lambda: asyncio.run(main()))
    assert primary == sideband == first_server
    assert refused == 404
    # A divergence is answered with the Live dialect's own error event, naming the client's event.
    error = orjson.loads(wrong)
    assert error["type"] == "error" and error["error"]["client_event_id"] == "evt_wrong"
    assert rt_codec.live.validate_server_event(wrong) == []
    assert [v.rule for v in server.violations] == ["replay.unexpected"]


def test_the_url_shape_and_the_api_key_are_enforced() -> None:
    async def status(url: str, **headers: str) -> int:
        with pytest.raises(InvalidStatus) as refused:
            async with connect(url, additional_headers=headers):
                pass
        return refused.value.response.status_code

    with ReplayServer(SAMPLE, fast=True, api_key="k") as server:
        base = f"ws://127.0.0.1:{server.port}"

        async def main() -> list[int]:
            return [
                await status(base + "/v1/other?model=m", Authorization="Bearer k"),
                await status(base + "/v1/realtime", Authorization="Bearer k"),
                await status(base + "/v1/realtime?model=m", Authorization="Bearer nope"),
            ]

        codes = bounded(lambda: asyncio.run(asyncio.wait_for(main(), TIMEOUT)))
    assert codes == [404, 400, 401]
    assert server.connections == []


def test_recorded_pace_is_kept_and_capped() -> None:
    async def main(server: ReplayServer) -> float:
        loop = asyncio.get_running_loop()
        start = loop.time()
        await play_with_websockets(server.endpoint)
        return loop.time() - start

    with ReplayServer(SAMPLE, max_delay=0.01) as server:
        took = bounded(lambda: asyncio.run(asyncio.wait_for(main(server), TIMEOUT)))
    gaps = [
        min(max(b.ts - a.ts, 0.0), 0.01)
        for a, b in itertools.pairwise(STEPS)
        if b.direction == "server" and a.ts is not None and b.ts is not None
    ]
    assert took >= 0.9 * sum(gaps) > 0
    assert server.violations == []


def test_a_capture_that_cannot_be_replayed_is_refused() -> None:
    with pytest.raises(ValueError, match="line 1"):
        ReplayServer(b'{"direction": "client", "event": "nope"}\n{"type": "session.created"}\n')
    with pytest.raises(ValueError, match="no events"):
        ReplayServer(b"")


def test_record_writes_the_session_it_had(tmp_path: Path) -> None:
    out = tmp_path / "had.jsonl"
    with ReplayServer(SAMPLE, fast=True, record=out) as server:
        bounded(
            lambda: asyncio.run(asyncio.wait_for(play_with_websockets(server.endpoint), TIMEOUT))
        )
    report = capture.check(out)
    assert report.violations == [] and report.events == len(STEPS)


def test_the_proxy_records_a_clean_session_and_passes_the_key_upstream(tmp_path: Path) -> None:
    out = tmp_path / "new.jsonl"
    key = "sk-secret-never-recorded"
    ended: list[Path] = []
    with (
        ReplayServer(SAMPLE, fast=True, api_key=key) as upstream,
        RecordingProxy(
            f"ws://127.0.0.1:{upstream.port}", out, on_connection_end=lambda n, p: ended.append(p)
        ) as proxy,
    ):

        async def main() -> list[str]:
            got: list[str] = []
            url = proxy.url + "/realtime?model=gpt-realtime"
            async with connect(url, additional_headers={"Authorization": f"Bearer {key}"}) as ws:
                for step in STEPS:
                    if step.direction == "client":
                        await ws.send(step.text)
                    else:
                        got.append(await ws.recv())
            return got

        got = bounded(lambda: asyncio.run(asyncio.wait_for(main(), TIMEOUT)))
    assert ended == [out]
    assert len(upstream.connections) == 1 and upstream.violations == []  # the key went through
    report = capture.check(out)
    assert report.violations == [] and report.events == len(STEPS)
    text = out.read_text()
    assert key not in text
    recorded = [orjson.loads(line) for line in text.splitlines()]
    assert [orjson.dumps(r["event"]).decode() for r in recorded if r["direction"] == "server"] == [
        orjson.dumps(orjson.loads(g)).decode() for g in got
    ]


def _default_sigint() -> None:
    # A shell ignores SIGINT in what it starts in the background (`.ci/run &`), and Python keeps an
    # inherited "ignore": give the server Ctrl-C back, as a terminal would.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_rt_codec_serve_prints_the_url_serves_and_ends_on_ctrl_c() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "rt_codec", "serve", "--sample", "voice-session", "--fast"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=_default_sigint,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout or ()], daemon=True
    )
    reader.start()
    try:
        url = lines.get(timeout=TIMEOUT).strip()
        assert url.startswith("ws://127.0.0.1:") and url.endswith("/v1")
        got = asyncio.run(
            asyncio.wait_for(play_with_websockets(url + "/realtime?model=m"), TIMEOUT)
        )
        assert got[0] == "session.created" and len(got) == len(capture_events("server"))
        report = [lines.get(timeout=TIMEOUT)]
        while "events" not in report[-1] or len(report) < 2:
            report.append(lines.get(timeout=TIMEOUT))
        assert report[0].startswith("connection 0 ended")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0, err
    assert "Traceback" not in err


def test_rt_codec_serve_without_websockets_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "websockets", None)
    monkeypatch.setitem(sys.modules, "websockets.asyncio", None)
    monkeypatch.setitem(sys.modules, "websockets.asyncio.server", None)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["serve", "--sample", "voice-session"], out, err) == 2
    assert "pip install 'rt_codec[serve]'" in err.getvalue() and out.getvalue() == ""


def test_rt_codec_serve_usage_errors() -> None:
    for argv, said in [
        (["serve"], "give a CAPTURE"),
        (["serve", "--sample", "nope"], "no sample 'nope'"),
        (["serve", "--upstream", "wss://x"], "--record"),
        (["serve", "missing.jsonl"], "no such file"),
        (["serve", "--sample", "voice-session", "--port", "99999"], "a port from 0 to 65535"),
        (["serve", "--sample", "voice-session", "--port", "http"], "expected a port number"),
    ]:
        out, err = io.StringIO(), io.StringIO()
        assert cli.main(argv, out, err) == 2, argv
        assert said in err.getvalue(), (argv, err.getvalue())
        assert "Traceback" not in err.getvalue()


def test_rt_codec_serve_on_a_port_in_use_says_so() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out, err = io.StringIO(), io.StringIO()
        argv = ["serve", "--sample", "voice-session", "--port", str(port)]
        assert cli.main(argv, out, err) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err.getvalue()


INNER = """
import asyncio

import pytest
from websockets.asyncio.client import connect

SAMPLE = {sample!r}


async def send(url, frame):
    async with connect(url) as ws:
        await asyncio.wait_for(ws.recv(), 10)  # session.created
        await ws.send(frame)
        await asyncio.wait_for(ws.recv(), 10)  # session.updated


DEFECT = '{{"type": "session.update", "session": {{"type": "realtime", "voice": 3}}}}'


def test_defective(rt_replay):
    server = rt_replay(SAMPLE)
    asyncio.run(asyncio.wait_for(send(server.endpoint, DEFECT), 15))


@pytest.mark.rt_replay(allow_violations=True)
def test_allowed_by_marker(rt_replay):
    server = rt_replay(SAMPLE)
    asyncio.run(asyncio.wait_for(send(server.endpoint, DEFECT), 15))
    assert server.violations


def test_allowed_by_argument(rt_replay):
    server = rt_replay(SAMPLE, allow_violations=True)
    asyncio.run(asyncio.wait_for(send(server.endpoint, DEFECT), 15))


def test_clean(rt_replay):
    server = rt_replay(SAMPLE)
    asyncio.run(asyncio.wait_for(send(server.endpoint, '{{"type": "session.update", "session": {{"type": "realtime"}}}}'), 15))
"""

pytest_plugins = ["pytester"]


def test_the_fixture_fails_a_test_whose_client_sent_a_defective_event(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_inner=INNER.format(sample=str(SAMPLE)))
    result = pytester.runpytest_subprocess(*PLUGIN_ARGS, "-p", "no:cacheprovider", timeout=60)
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*test_defective*", "*rt_replay: the client sent frames*"])
    output = result.stdout.str()
    assert "[schema." in output and "/session" in output
