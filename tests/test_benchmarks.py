"""The benchmarks run: `python -m benchmarks --smoke` gives every row, with sane numbers (no
assertion on speed), and `python -m benchmarks.capture` runs on tiny captures."""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import ROOT

DECODERS = (
    "msgspec",
    "pydantic-disc",
    "pydantic-union",
    "openai-recv",
    "rt_codec",
    "rt_codec-strict",
)
ENCODERS = ("msgspec", "pydantic", "rt_codec", "rt_codec-built")
BUILDERS = ("msgspec", "msgspec-bytes", "pydantic", "openai-send", "rt_codec")
VALIDATORS = ("rt_codec", "jsonschema-union", "jsonschema", "jsonschema_rs", "fastjsonschema")
SMOKE_ROWS = [
    *(f"decode:{n}:mixed" for n in DECODERS),
    *(f"encode:{n}:mixed" for n in ENCODERS),
    *(f"build:{n}" for n in BUILDERS),
    *(f"validate:{n}:mixed" for n in VALIDATORS),
    "decode:rt_codec:live",  # the Live API stream: only rt_codec knows it
    "validate:rt_codec:live",
    "validate-15mib:rt_codec",
    "read:rt_codec:mixed",
    "read:length-test:mixed",
    *(f"memory:{n}" for n in DECODERS),
]
# What each contender needs; the others need nothing beyond the package's own dependencies.
NEEDS = {
    "msgspec": "msgspec",
    "msgspec-bytes": "msgspec",
    "pydantic-disc": "openai",
    "pydantic-union": "openai",
    "openai-recv": "openai",
    "pydantic": "openai",
    "openai-send": "openai",
    "jsonschema_rs": "jsonschema_rs",
    "fastjsonschema": "fastjsonschema",
}


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def positive(x: Any) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x) and x > 0


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench") / "smoke.json"
    proc = run("-m", "benchmarks", "--smoke", "--json", str(out))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data: dict[str, Any] = json.loads(out.read_text())
    return proc.stdout, data


def test_the_smoke_run_lists_every_row(smoke: tuple[str, dict[str, Any]]) -> None:
    assert run("-m", "benchmarks", "--smoke", "--list").stdout.split() == SMOKE_ROWS
    _, data = smoke
    assert [r["row"] for r in data["rows"]] == SMOKE_ROWS
    assert data["args"]["mode"] == "smoke"


def test_each_row_ran_or_its_package_is_missing(smoke: tuple[str, dict[str, Any]]) -> None:
    _, data = smoke
    for res in data["rows"]:
        need = NEEDS.get(res["row"].split(":")[1])
        there = need is None or importlib.util.find_spec(need) is not None
        assert res["status"] == ("ok" if there else "not installed"), res


def test_the_numbers_are_positive_and_finite(smoke: tuple[str, dict[str, Any]]) -> None:
    _, data = smoke
    ok = [r for r in data["rows"] if r["status"] == "ok"]
    assert {r["row"] for r in ok} >= {
        "decode:rt_codec:mixed",
        "encode:rt_codec:mixed",
        "validate:jsonschema:mixed",
        "decode:rt_codec:live",
        "validate:rt_codec:live",
        "memory:rt_codec",
    }
    live = {r["row"]: r for r in ok if r["row"].endswith(":live")}
    assert all(r["n"] >= 3000 for r in live.values())  # a few thousand Live events
    assert live["validate:rt_codec:live"]["disagree"] == []
    for res in ok:
        if res["row"].startswith("memory:"):
            assert set(res["streams"]) == {"mixed", "audio", "transcript", "session", "done"}
            for numbers in res["streams"].values():
                assert numbers["n"] > 0
                for key in ("contender_bytes", "floor_bytes", "ratio"):
                    assert positive(numbers[key]), (res["row"], key, numbers)
        else:
            assert res["n"] > 0
            for key in ("contender_ns", "floor_ns", "ratio"):
                assert positive(res[key]), (res["row"], key, res)
            assert math.isfinite(res["noise"]) and res["noise"] >= 0


def test_the_report_prints_every_section(smoke: tuple[str, dict[str, Any]]) -> None:
    stdout, _ = smoke
    for title in (
        "decode mixed server stream",
        "encode mixed server stream",
        "build input_audio_buffer.append",
        "validate mixed server stream",
        "decode Live API server stream",
        "validate Live API server stream",
        "validate one input_audio_buffer.append carrying 15 MiB",
        "read mixed server stream",
        "memory: bytes retained per decoded event",
    ):
        assert title in stdout
    assert "rt_codec.decode_server_event" in stdout


def test_contenders_that_do_not_know_live_are_absent_from_its_stream() -> None:
    listed = run("-m", "benchmarks", "--list").stdout.split()
    assert [r for r in listed if r.endswith(":live")] == [
        "decode:rt_codec:live",
        "validate:rt_codec:live",
    ]
    proc = run("-m", "benchmarks", "--row", "decode:msgspec:live")
    assert proc.returncode != 0 and "Live API" in proc.stderr + proc.stdout


def test_a_row_that_fails_fails_the_run() -> None:
    proc = run("-m", "benchmarks", "--smoke", "--row", "decode:rt_codec:no-such-stream")
    assert proc.returncode != 0
    from benchmarks import harness

    res = harness.spawn("decode:rt_codec:no-such-stream", ["--turns", "1"])
    assert res["status"].startswith("failed: KeyError"), res
    assert run("-m", "benchmarks", "--row", "decode:nobody:mixed").returncode != 0


def test_what_a_contender_drops_is_told_from_a_wrong_encoding() -> None:
    from benchmarks.checks import dropped_fields

    event = {"type": "x", "a": [{"b": 1, "c": 2}], "d": None}
    assert dropped_fields(event, {"type": "x", "a": [{"b": 1}]}) == ["/d", "/a/*/c"]
    assert dropped_fields(event, {"type": "x", "a": [{"b": 2}], "d": None}) is None
    assert dropped_fields(event, {**event, "e": 1}) is None


def test_the_msgspec_structs_are_generated_from_the_schemas() -> None:
    pytest.importorskip("msgspec")
    from benchmarks.contenders import msgspec as contender
    from rt_codec import catalogue

    structs = contender.structs()
    assert set(structs.server) == set(catalogue.events("realtime", "server"))
    assert set(structs.client) == set(catalogue.events("realtime", "client"))
    decode = contender.decoder(False)[0]
    event = decode(
        b'{"type": "response.output_audio.delta", "event_id": "e", "response_id": "r",'
        b' "item_id": "i", "output_index": 0, "content_index": 0, "delta": "AAAA"}'
    )
    assert type(event).__name__ == "ResponseOutputAudioDeltaEvent"


def test_the_capture_benchmark_runs() -> None:
    proc = run(
        "-m",
        "benchmarks.capture",
        "--events",
        "100",
        "--one-stream",
        "50",
        "--findings",
        "150",
        "--no-big-line",
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "voice, compact" in proc.stdout and "one event with 150 findings" in proc.stdout
