"""The README's main job: `python -m rt_codec.selfcheck samples/voice-session.jsonl`."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from rt_codec import catalogue
from rt_codec.selfcheck import main
from tests.conftest import ROOT


def test_sample_session_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    sample = ROOT / "samples" / "voice-session.jsonl"
    assert main([str(sample)]) == 0
    out = capsys.readouterr().out
    assert "files, 0 problems" in out
    count = len(catalogue.events("realtime", "server"))
    assert f"realtime/server: {count} events" in out
    lines = sample.read_bytes().count(b"\n")
    assert f"voice-session.jsonl: {lines} events, 0 problems" in out


def test_findings_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capture = tmp_path / "bad.jsonl"
    lines = [
        {"direction": "client", "event": {"type": "input_audio_buffer.append", "audio": "AA=A"}},
        {"direction": "sideways", "event": {"type": "x"}},
    ]
    capture.write_bytes(b"\n".join(orjson.dumps(x) for x in lines) + b"\nnot json\n")
    assert main([str(capture)]) == 1
    out = capsys.readouterr().out
    assert "bad.jsonl:1: input_audio_buffer.append /audio:" in out
    assert "[base64.padding]" in out
    assert "bad.jsonl:2: unknown dialect/direction" in out
    assert "bad.jsonl:3: /: Not valid JSON" in out


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    assert main([str(tmp_path / "missing.jsonl")]) == 2
