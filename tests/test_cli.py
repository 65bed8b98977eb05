"""`rt-codec validate` as a person runs it: `cli.main` in-process with its own streams, and the
installed command in a subprocess for the smoke tests."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from rt_codec import cli
from tests.conftest import ROOT

SAMPLES = ROOT / "samples"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str, stdin: bytes | None = None) -> Result:
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        code = cli.main(list(args), out, err, stdin=io.BytesIO(stdin or b""))
    finally:
        os.chdir(here)
    return Result(code, out.getvalue(), err.getvalue())


def report(*args: str, stdin: bytes | None = None) -> tuple[int, dict[str, Any]]:
    result = run("validate", "--json", *args, stdin=stdin)
    return result.returncode, json.loads(result.stdout)


def rules(data: dict[str, Any]) -> set[str]:
    return {v["rule"] for v in data["violations"]}


def test_clean_session() -> None:
    result = run("validate", "samples/voice-session.jsonl")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "43 events: 43 valid, 0 with findings" in result.stdout
    assert "0.16 s of audio sent" in result.stdout
    assert "no findings" in result.stdout


def test_planted_defects_are_all_found() -> None:
    code, data = report("samples/defects.jsonl")
    assert code == 1
    expected = {
        ("line", 2, "/session/audio/input/format/rate", "audio.pcm_rate"),
        ("line", 2, "/session/tools/0", "tool.mcp_server"),
        ("line", 4, "/audio", "base64.padding"),
        ("line", 5, "/audio", "base64.length"),
        ("line", 6, "/response/input_audio_format", "response.format_conflict"),
        ("line", 12, "/transcript", "session.delta_mismatch"),
        ("line", 13, "/item_id", "session.unannounced"),
        ("line", 15, "/response_id", "session.after_done"),
        ("line", 15, "/event_id", "session.duplicate_event_id"),
        ("line", 16, "/error/event_id", "session.unknown_error_source"),
        ("line", 17, "/type", "event.unknown_type"),
        ("line", 18, "", "schema.required"),
        ("line", 19, "/response_id", "json.duplicate_key"),
        ("line", 20, "", "json"),
    }
    got = {("line", v["line"], v["path"], v["rule"]) for v in data["violations"]}
    assert got == expected
    lines = (SAMPLES / "defects.jsonl").read_bytes().count(b"\n")
    assert data["events"] == lines  # every line is accounted for
    assert data["valid"] + data["invalid"] == data["events"]
    assert data["invalid"] == len({v["line"] for v in data["violations"]})


def test_text_report_groups_findings_by_rule() -> None:
    result = run("validate", "samples/defects.jsonl")
    assert result.returncode == 1
    assert "findings: 14" in result.stdout
    assert (
        "  base64.padding (1)\n    samples/defects.jsonl line 4 input_audio_buffer.append /audio:"
        in result.stdout
    )


def test_har_export() -> None:
    code, data = report("samples/voice-session.har")
    assert code == 0
    assert data["events"] == 43
    assert data["notes"] == {"binary frame skipped": 1}
    assert data["audio_seconds"] == {"client": 0.16, "server": 0.24}


def test_har_findings_carry_the_message_index(tmp_path: Path) -> None:
    har = json.loads((SAMPLES / "voice-session.har").read_text())
    messages = har["log"]["entries"][1]["_webSocketMessages"]
    event = json.loads(messages[3]["data"])
    event["audio"] = "AAA"
    messages[3]["data"] = json.dumps(event)
    path = tmp_path / "bad.har"
    path.write_text(json.dumps(har))
    code, data = report(str(path))
    assert code == 1
    [violation] = data["violations"]
    assert violation["index"] == "/log/entries/1/_webSocketMessages/3"
    assert violation["rule"] == "base64.length"
    assert "line" not in violation


def test_stdin() -> None:
    code, data = report("-", stdin=(SAMPLES / "defects.jsonl").read_bytes())
    assert code == 1
    assert data["violations"][0]["file"] == "<stdin>"
    code, data = report("-", stdin=(SAMPLES / "voice-session.jsonl").read_bytes())
    assert (code, data["events"], data["invalid"]) == (0, 43, 0)


def test_truncated_file(tmp_path: Path) -> None:
    text = (SAMPLES / "voice-session.jsonl").read_bytes()
    path = tmp_path / "cut.jsonl"
    path.write_bytes(text[: len(text) // 2])
    code, data = report(str(path))
    lines = path.read_bytes().count(b"\n") + 1
    assert code == 1
    assert data["events"] == lines
    assert [(v["line"], v["rule"]) for v in data["violations"]] == [(lines, "json")]


def test_truncated_har(tmp_path: Path) -> None:
    text = (SAMPLES / "voice-session.har").read_bytes()
    path = tmp_path / "cut.har"
    path.write_bytes(text[: int(len(text) * 0.7)])
    code, data = report(str(path))
    assert code == 1
    # The message cut in the middle, then the document as a whole: nothing before it is lost.
    assert [(v["index"], v["rule"]) for v in data["violations"]] == [
        ("/log/entries/1/_webSocketMessages/32", "json"),
        ("", "capture.truncated"),
    ]
    assert data["events"] == 32


def test_directory(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "voice-session.jsonl", tmp_path / "a.jsonl")
    shutil.copy(SAMPLES / "defects.jsonl", tmp_path / "b.jsonl")
    (tmp_path / "notes.txt").write_text("not a capture")
    code, data = report(str(tmp_path))
    assert code == 1
    assert {Path(v["file"]).name for v in data["violations"]} == {"b.jsonl"}
    assert data["events"] == 43 + (SAMPLES / "defects.jsonl").read_bytes().count(b"\n")


def test_bare_events(tmp_path: Path) -> None:
    lines = [
        orjson.loads(x)["event"]
        for x in (SAMPLES / "voice-session.jsonl").read_bytes().splitlines()
    ]
    lines.append({"type": "response.hologram"})
    path = tmp_path / "bare.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(e) for e in lines))
    code, data = report(str(path))
    assert code == 1
    assert [(v["rule"], v["line"]) for v in data["violations"]] == [("event.unknown_type", 44)]
    assert "direction unknown: the type is neither a client nor a server event" in data["notes"]
    result = run("validate", str(path))
    assert "7 events, 0.16 s of audio sent" in result.stdout


def test_envelopes_with_data_strings(tmp_path: Path) -> None:
    event = {"type": "input_audio_buffer.append", "audio": "AA=A"}
    path = tmp_path / "data.jsonl"
    path.write_bytes(
        orjson.dumps({"ts": 1.5, "direction": "client", "data": json.dumps(event)}) + b"\n"
    )
    code, data = report(str(path))
    assert (code, rules(data)) == (1, {"base64.padding"})


def test_translation_dialect(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    events = [
        {
            "direction": "client",
            "event": {"type": "session.input_audio_buffer.append", "audio": "AAAA"},
        },
        {"direction": "server", "event": {"type": "session.closed", "event_id": "e1"}},
    ]
    path.write_bytes(b"\n".join(orjson.dumps(e) for e in events))
    assert report("--dialect", "translation", str(path))[0] == 0
    code, data = report(str(path))
    assert (code, rules(data)) == (1, {"event.unknown_type"})
    assert "use --dialect translation" in data["violations"][0]["message"]


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("validate", "--dialect", "klingon", "samples/defects.jsonl"),
        ("frobnicate",),
        ("validate", "no/such/file.jsonl"),
    ],
)
def test_usage_errors_and_unreadable_files_exit_2(args: tuple[str, ...], tmp_path: Path) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.strip()
    assert "Traceback" not in result.stderr


def test_empty_directory_exits_2(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.returncode == 2
    assert "no capture files" in result.stderr


def test_console_script_is_installed() -> None:
    script = shutil.which("rt-codec", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run(
        [script, "validate", str(SAMPLES / "voice-session.har")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_bad_envelope_direction_is_reported_and_inferred(tmp_path: Path) -> None:
    path = tmp_path / "dir.jsonl"
    lines = [
        {"direction": "up", "event": {"type": "response.create"}},
        {"direction": "up", "event": {"type": "input_audio_buffer.append", "audio": "A"}},
    ]
    path.write_bytes(b"\n".join(orjson.dumps(x) for x in lines))
    code, data = report(str(path))
    assert code == 1
    assert [(v["line"], v["rule"]) for v in data["violations"]] == [
        (1, "capture.envelope"),
        (2, "capture.envelope"),
        (2, "base64.length"),
    ]


# --- dialects: GA realtime and beta (realtime=v1) ---------------------------------------------------

B64 = "AAAAAAAAAAAAAAAAAAAAAA=="
BETA_SESSION: list[tuple[str, dict[str, Any]]] = [
    (
        "server",
        {
            "type": "session.created",
            "event_id": "e1",
            "session": {
                "id": "sess_1",
                "object": "realtime.session",
                "modalities": ["text", "audio"],
                "input_audio_format": "pcm16",
                "output_audio_format": "pcm16",
                "turn_detection": None,
            },
        },
    ),
    ("client", {"type": "session.update", "session": {"modalities": ["audio", "text"]}}),
    ("client", {"type": "input_audio_buffer.append", "audio": B64}),
    ("client", {"type": "response.create", "response": {"modalities": ["audio", "text"]}}),
    (
        "server",
        {
            "type": "response.created",
            "event_id": "e2",
            "response": {"id": "r1", "object": "realtime.response", "status": "in_progress"},
        },
    ),
    (
        "server",
        {
            "type": "response.output_item.added",
            "event_id": "e2a",
            "response_id": "r1",
            "output_index": 0,
            "item": {"id": "i1", "type": "message", "role": "assistant", "content": []},
        },
    ),
    (
        "server",
        {
            "type": "response.content_part.added",
            "event_id": "e2b",
            "response_id": "r1",
            "item_id": "i1",
            "output_index": 0,
            "content_index": 0,
            "part": {"type": "audio", "transcript": ""},
        },
    ),
    *[
        (
            "server",
            {
                "type": wire,
                "event_id": f"e{3 + n}",
                "response_id": "r1",
                "item_id": "i1",
                "output_index": 0,
                "content_index": 0,
                **extra,
            },
        )
        for n, (wire, extra) in enumerate(
            [
                ("response.audio.delta", {"delta": B64}),
                ("response.audio_transcript.delta", {"delta": "Hi"}),
                ("response.audio.done", {}),
                ("response.audio_transcript.done", {"transcript": "Hi"}),
            ]
        )
    ],
    (
        "server",
        {
            "type": "response.done",
            "event_id": "e9",
            "response": {"id": "r1", "status": "completed", "modalities": ["audio", "text"]},
        },
    ),
]


def write_capture(path: Path, events: list[tuple[str, dict[str, Any]]]) -> Path:
    path.write_bytes(
        b"".join(orjson.dumps({"direction": d, "event": e}) + b"\n" for d, e in events)
    )
    return path


def test_beta_capture_is_clean_and_named(tmp_path: Path) -> None:
    capture = write_capture(tmp_path / "beta.jsonl", BETA_SESSION)
    code, data = report(str(capture))
    assert (code, data["violations"]) == (0, [])
    assert set(data["dialects"]) == {"beta"}
    text = run("validate", str(capture)).stdout
    assert "dialect: beta (realtime=v1)" in text
    # the same capture read as GA is wrong from its first session event on
    code, data = report("--dialect", "realtime", str(capture))
    assert code == 1
    assert "schema.required" in rules(data)


def test_mixed_dialects_give_exactly_one_finding(tmp_path: Path) -> None:
    events = [
        (e["direction"], e["event"])
        for e in map(orjson.loads, (SAMPLES / "voice-session.jsonl").read_bytes().splitlines())
    ]
    renamed = [
        (
            d,
            {**e, "type": "response.audio.delta"}
            if e["type"] == "response.output_audio.delta"
            else e,
        )
        for d, e in events
    ]
    assert renamed != events
    code, data = report(str(write_capture(tmp_path / "mixed.jsonl", renamed)))
    assert code == 1
    assert [(v["rule"], v["type"], v["path"]) for v in data["violations"]] == [
        ("session.dialect_mix", "response.audio.delta", "/type")
    ]
    assert set(data["dialects"]) == {"realtime", "beta"}
    assert "- mixed" in run("validate", str(tmp_path / "mixed.jsonl")).stdout


def test_beta_names_get_the_session_checks(tmp_path: Path) -> None:
    """A beta transcript whose deltas disagree with its done event is caught like a GA one."""
    events = [
        (d, {**e, "transcript": "Bye"} if e["type"] == "response.audio_transcript.done" else e)
        for d, e in BETA_SESSION
    ]
    code, data = report(str(write_capture(tmp_path / "beta.jsonl", events)))
    assert code == 1
    assert rules(data) == {"session.delta_mismatch"}


def test_beta_sample_is_clean_and_beta() -> None:
    code, data = report("samples/beta-session.jsonl")
    assert (code, data["violations"]) == (0, [])
    assert set(data["dialects"]) == {"beta"}
    assert data["events"] == 41


def test_samples_are_what_make_samples_writes(tmp_path: Path) -> None:
    """The committed samples are current: tools/make_samples.py writes the same bytes."""
    tools = tmp_path / "tools"
    tools.mkdir()
    for name in ("make_samples.py", "sample_builders.py"):
        shutil.copy(ROOT / "tools" / name, tools)
    (tmp_path / "samples").mkdir()
    # the Voice Live session comes from the SDK (tools/voicelive_capture.py); its defects from here
    shutil.copy(SAMPLES / "voicelive-session.jsonl", tmp_path / "samples")
    subprocess.run(
        [sys.executable, str(tools / "make_samples.py")], check=True, capture_output=True
    )
    written = (
        "voice-session.jsonl",
        "voice-session.har",
        "defects.jsonl",
        "beta-session.jsonl",
        "voicelive-defects.jsonl",
    )
    for name in written:
        assert (tmp_path / "samples" / name).read_bytes() == (SAMPLES / name).read_bytes(), name


# --- hostile and careless input -----------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_still_gives_json(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.jsonl")
    path = tmp_path / name
    path.write_bytes(b'{"type": "response.hologram"}\n')
    code, data = report(str(path))
    assert code == 1
    assert data["violations"][0]["file"].endswith("caf\\xe9.jsonl")


def test_what_a_folder_holds_that_cannot_be_read_is_reported(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "voice-session.jsonl", tmp_path / "a.jsonl")
    (tmp_path / "dangling.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    (tmp_path / "loop.jsonl").symlink_to(tmp_path / "loop.jsonl")
    os.mkfifo(tmp_path / "pipe.jsonl")
    result = run("validate", "--json", str(tmp_path), "no/such/file.jsonl")
    assert result.returncode == 2
    for name in ("dangling.jsonl", "loop.jsonl", "pipe.jsonl", "no/such/file.jsonl"):
        assert name in result.stderr
    data = json.loads(result.stdout)
    assert (data["events"], data["valid"]) == (43, 43)  # the readable capture was still checked


def test_a_capture_cannot_forge_the_report(tmp_path: Path) -> None:
    path = tmp_path / "evil.jsonl"
    evil = "\x1b[2J\x1b[H\rno findings\n" + "y" * 100_000
    path.write_bytes(orjson.dumps({"direction": "server", "event": {"type": evil}}) + b"\n")
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    assert len(result.stdout) < 5_000


def test_max_bytes_is_an_option(tmp_path: Path) -> None:
    code, data = report("--max-bytes", "100", str(SAMPLES / "voice-session.jsonl"))
    assert code == 1
    assert set(rules(data)) == {"capture.max_bytes"}
    assert data["limits"]["max_bytes"] == data["rules"]["capture.max_bytes"]
    assert run("validate", "--max-bytes", "0", "x").returncode == 2


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_bytes(b'{"type": "response.hologram"}\n' * 20_000)
    command = f"{sys.executable} -m rt_codec validate --json {path} | head -c 100 >/dev/null"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    assert result.stderr == ""


def test_standard_input_through_a_real_pipe() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rt_codec", "validate", "-"],
        input=(SAMPLES / "voice-session.har").read_bytes(),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert b"<stdin> (har)" in result.stdout


def test_nesting_orjson_cannot_write_is_checked_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    event = b'{"type":"conversation.item.deleted","event_id":"e","item_id":"a","x":'
    event += b"[" * 300 + b"]" * 300
    path.write_bytes(event + b',"item_id":"b"}\n' + b"[" * 2000 + b"]" * 2000 + b"\n")
    result = run("validate", "--json", str(path))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert [(v["line"], v["rule"]) for v in data["violations"]] == [
        (1, "json.duplicate_key"),
        (2, "json"),
    ]
