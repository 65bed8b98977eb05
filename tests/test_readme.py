"""Every Python code block in the README runs as written, each in a fresh interpreter, from a
folder that holds the samples (so that a block writing a file writes it there).

A block that talks to the Realtime API (it names the API's WebSocket URL, or uses the openai SDK)
runs against `rt_codec.replay.ReplayServer` playing samples/voice-session.jsonl (skipping ahead, as
the README's clients send only part of that session): the URL is replaced by the server's, the SDK
finds it through OPENAI_BASE_URL, and OPENAI_API_KEY is a dummy the server requires. The server's
findings on the client frames must be none; the test then checks what the block recorded against
what went over the wire.

A block that defines pytest tests (`def test_...` using the `rt_replay` fixture) is also run by
pytest, with the rt_codec plugin, and must pass."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from rt_codec import capture
from rt_codec.replay import ReplayServer
from tests.conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
REALTIME_URL = "wss://api.openai.com/v1/realtime"
TIMEOUT = 120  # seconds for one block
API_KEY = "dummy-key-for-the-local-server"


def talks_to_the_api(block: str) -> bool:
    return REALTIME_URL in block or re.search(r"^(import|from) openai\b", block, re.M) is not None


def test_the_readme_has_code_blocks() -> None:
    assert len(BLOCKS) >= 8
    assert sum(talks_to_the_api(block) for block in BLOCKS) >= 3


def run(block: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", block],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
    )


def defines_tests(block: str) -> bool:
    return re.search(r"^def test_", block, re.M) is not None


PLUGIN_ARGS = (
    []
    if any(
        ep.value == "rt_codec.pytest_plugin"
        for ep in importlib.metadata.entry_points(group="pytest11")
    )
    else ["-p", "rt_codec.pytest_plugin"]
)


def test_a_readme_block_of_tests_passes_under_pytest(tmp_path: Path) -> None:
    """The blocks with pytest tests (the `rt_replay` fixture) run under pytest and pass; with the
    capture swapped for one the client does not follow, they fail."""
    blocks = [block for block in BLOCKS if defines_tests(block)]
    assert blocks
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    for number, block in enumerate(blocks):
        (tmp_path / f"test_block{number}.py").write_text(block)
        (tmp_path / f"test_broken{number}.py").write_text(
            block.replace(
                'rt_replay("samples/voice-session.jsonl")',
                'rt_replay("samples/beta-session.jsonl", idle_timeout=1)',
            )
        )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *PLUGIN_ARGS]
    result = subprocess.run(
        command,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
    )
    assert f"{len(blocks)} failed, {len(blocks)} passed" in result.stdout, result.stdout[-3000:]
    assert "test_block" not in result.stdout.split("short test summary")[-1]
    assert (
        "Captured rt_replay findings" in result.stdout and "connection 0 client #" in result.stdout
    )


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_a_readme_block_runs(block: str, tmp_path: Path) -> None:
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    if defines_tests(block):
        # defines tests and runs none: it must run as a script; pytest runs it above
        assert run(block, tmp_path).returncode == 0
        return
    if not talks_to_the_api(block):
        result = run(block, tmp_path)
        assert result.returncode == 0, result.stderr[-2000:]
        return
    sample = ROOT / "samples" / "voice-session.jsonl"
    with ReplayServer(sample, fast=True, skip_ahead=True, api_key=API_KEY) as server:
        local = block.replace(REALTIME_URL, server.url + "/realtime")
        base = server.url.replace("ws://", "http://")
        result = run(local, tmp_path, OPENAI_API_KEY=API_KEY, OPENAI_BASE_URL=base)
    assert result.returncode == 0, result.stderr[-2000:]
    assert server.violations == []
    # the server refuses a handshake without the key, so one connection means it went through
    assert [c.path for c in server.connections] == ["/v1/realtime?model=gpt-realtime"]
    assert [m.type for m in server.received] == ["session.update", "response.create"]
    recordings = sorted(tmp_path.glob("*.jsonl"))
    assert len(recordings) == 1, recordings
    check_recording(recordings[0], server)


def check_recording(path: Path, server: ReplayServer) -> None:
    """The recording is clean, and holds what went over the wire: every client frame the server
    got, and the server events it sent up to the first `response.done`."""
    report = capture.check(path)
    assert report.violations == [] and report.invalid == 0, [str(v) for v in report.violations]
    envelopes = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    recorded = {
        side: [orjson.dumps(e["event"]) for e in envelopes if e["direction"] == side]
        for side in ("client", "server")
    }
    assert recorded["client"] == [orjson.dumps(orjson.loads(r.frame)) for r in server.received]
    sent = [orjson.dumps(orjson.loads(m.frame)) for m in server.sent]
    assert recorded["server"] == sent[: len(recorded["server"])]
    assert orjson.loads(recorded["server"][-1])["type"] == "response.done"
    assert report.events == len(envelopes)
