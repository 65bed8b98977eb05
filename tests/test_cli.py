"""`rt-codec validate` as a person runs it: `cli.main` in-process with its own streams, and the
installed command in a subprocess for the smoke tests."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from rt_codec import capture, cli
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
        "live-session.jsonl",
        "live-defects.jsonl",
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


# --- version, help, rule selection, several inputs, empty and missing inputs, samples -----------


def test_version_prints_the_package_version() -> None:
    import rt_codec

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"rt-codec {rt_codec.__version__}"
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject  # one source: rt_codec.__version__
    assert "\nversion =" not in pyproject


def test_validate_help_ends_with_examples() -> None:
    result = run("validate", "--help")
    assert result.returncode == 0
    tail = result.stdout.split("examples:", 1)[1]
    assert "--ignore event.unknown_type" in tail
    assert "--sample voice-session" in tail


def test_ignore_sets_findings_aside_and_says_how_many() -> None:
    code, data = report("samples/defects.jsonl", "--ignore", "event.unknown_type,session")
    full_code, full = report("samples/defects.jsonl")
    assert (code, full_code) == (1, 1)
    aside = {rule: n for rule, n in full["rules"].items() if rule.split(".")[0] == "session"}
    aside["event.unknown_type"] = full["rules"]["event.unknown_type"]
    assert data["set_aside"] == dict(sorted(aside.items()))
    assert set(data["rules"]) == set(full["rules"]) - set(aside)
    assert not rules(data) & set(aside)
    assert data["files"][0]["set_aside"] == sum(aside.values())
    text = run("validate", "samples/defects.jsonl", "--ignore", "session.after_done").stdout
    assert "set aside (--ignore session.after_done" in text
    assert "  session.after_done (1)" in text.split("set aside", 1)[1]


def test_select_keeps_only_the_rules_named_and_can_pass() -> None:
    code, data = report("samples/defects.jsonl", "--select", "base64", "--select", "json")
    assert code == 1
    assert set(data["rules"]) == {"base64.length", "base64.padding", "json", "json.duplicate_key"}
    assert data["set_aside"]["session.unannounced"] >= 1
    # every finding set aside: nothing fails, and the report still says what was set aside
    code, data = report("samples/defects.jsonl", "--select", "capture.no_events")
    assert code == 0
    assert data["rules"] == {} and data["invalid"] == 0 and data["set_aside"]
    assert data["valid"] == data["events"]


@pytest.mark.parametrize(
    ("pattern", "closest"),
    [("sess", "session"), ("evnt.unknown_type", "event.unknown_type"), ("session.unanounced", "")],
)
def test_a_pattern_naming_no_rule_is_a_usage_error(pattern: str, closest: str) -> None:
    result = run("validate", "samples/voice-session.jsonl", "--ignore", pattern)
    assert result.returncode == 2
    assert result.stdout == ""
    assert repr(pattern) in result.stderr and "closest" in result.stderr
    assert closest in result.stderr
    assert "Traceback" not in result.stderr


def test_deprecations_are_not_rules_to_select() -> None:
    result = run("validate", "samples/voice-session.jsonl", "--select", "deprecated")
    assert result.returncode == 2
    assert "--fail-on-deprecated" in result.stderr


def test_selection_in_python() -> None:
    full = capture.check(SAMPLES / "defects.jsonl")
    picked = capture.check(SAMPLES / "defects.jsonl", select=["session"])
    assert set(picked.rules) == {r for r in full.rules if r.startswith("session.")}
    assert sum(picked.rules.values()) + sum(picked.set_aside.values()) == sum(full.rules.values())
    seen: list[str] = []
    capture.check(
        SAMPLES / "defects.jsonl", ignore=["json"], on_finding=lambda f: seen.append(f.rule)
    )
    assert seen and not any(r == "json" or r.startswith("json.") for r in seen)
    with pytest.raises(ValueError, match="sess"):
        capture.Report(select=("sess",))
    with pytest.raises(ValueError, match="new report"):
        capture.check(SAMPLES / "defects.jsonl", report=capture.Report(), ignore=["json"])


def test_matches_only_at_a_dot_boundary() -> None:
    assert capture.matches("session", "session.unannounced")
    assert capture.matches("session.unannounced", "session.unannounced")
    assert not capture.matches("sess", "session.unannounced")
    assert not capture.matches("json", "jsonx")
    assert capture.matches("json", "json.number")


def _emitted(data: bytes, **options: Any) -> set[str]:
    return set(capture.check(data, **options).rules)


def test_known_rules_cover_every_rule_the_checks_emit() -> None:
    known = capture.known_rules()
    emitted: set[str] = set()
    for path in SAMPLES.iterdir():
        emitted |= set(capture.check(path).rules)
    for folder in (ROOT / "tests" / "samples", ROOT / "tests" / "data"):
        for path in sorted(folder.rglob("*.json*"))[:400]:
            emitted |= set(capture.check(path).rules)
    hostile = [
        b"",
        b"\x00\x01",
        b'{"log": {"entries": [{"_webSocketMessages": 5}]}}',
        b"[1, 2",
        b"[]\n]",
        b'{"direction": "sideways"}\n',
        b'{"type": "session.update", "session": {"type": "realtime", "temperature": 9, "x": 1}}\n',
        b'{"type": 5}\n{"type": "input_audio_buffer.append", "audio": "@@@"}\n',
        b'{"type": "conversation.item.create", "item": {"type": "message", "role": "user",'
        b' "content": [{"type": "input_text", "text": 1}]}, "event_id": 12345678901234567890123}\n',
    ]
    for data in hostile:
        emitted |= _emitted(data)
    emitted |= _emitted(b'{"type": "session.update"}\n' * 3, max_bytes=5)
    assert emitted - known == set()
    # The ids written in the modules that make findings are known too (a new rule must be).
    family = "|".join(sorted({rule.split(".")[0] for rule in known}))
    literal = re.compile(rf'"((?:{family})\.[a-z_]+)"')
    for module in (
        "session",
        "validation",
        "_reading",
        "_base64",
        "rules",
        "capture/_read",
        "capture/_check",
    ):
        source = (ROOT / "rt_codec" / f"{module}.py").read_text()
        for rule in literal.findall(source):
            if not rule.endswith(".jsonl"):
                assert rule in known, (module, rule)
    assert {
        "session.unannounced",
        "event.unknown_type",
        "audio.pcm_rate",
        "schema.required",
    } <= known


def test_several_inputs_get_a_summary_per_file() -> None:
    result = run(
        "validate",
        "samples/voice-session.jsonl",
        "samples/beta-session.jsonl",
        "samples/defects.jsonl",
    )
    assert result.returncode == 1
    per_file = result.stdout.split("per file:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(per_file) == 3
    assert per_file[0].startswith("  samples/voice-session.jsonl: 43 events, 0 findings; envelopes")
    assert "beta" in per_file[1]
    code, data = report(
        "samples/voice-session.jsonl", "samples/beta-session.jsonl", "samples/defects.jsonl"
    )
    assert code == 1
    files = {f["file"]: f for f in data["files"]}
    assert sum(f["events"] for f in files.values()) == data["events"]
    assert sum(f["findings"] for f in files.values()) == sum(data["rules"].values())
    assert files["samples/defects.jsonl"]["findings"] == sum(data["rules"].values())
    assert files["samples/beta-session.jsonl"]["dialects"] == ["beta"]
    assert files["samples/voice-session.jsonl"]["dialects"] == ["realtime"]
    # one input: no per-file section in the text
    assert "per file:" not in run("validate", "samples/voice-session.jsonl").stdout


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\r\n", b"\xef\xbb\xbf\n"])
def test_an_empty_input_is_said_and_exits_2(tmp_path: Path, content: bytes) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(content)
    result = run("validate", str(empty))
    assert result.returncode == 2
    assert "empty input" in result.stderr and "empty.jsonl" in result.stderr
    assert "no findings" not in result.stdout and "0 events" not in result.stdout
    # beside a good input: that one is still checked and reported
    result = run("validate", str(empty), "samples/voice-session.jsonl")
    assert result.returncode == 2
    assert "empty input" in result.stderr
    assert "43 events" in result.stdout and "(empty)" in result.stdout
    assert run("validate", "-", stdin=content).returncode == 2


def test_a_missing_path_is_said_and_the_others_still_checked() -> None:
    result = run("validate", "no/such/capture.jsonl")
    assert result.returncode == 2
    assert "no/such/capture.jsonl: no such file or directory" in result.stderr
    assert result.stdout == ""  # no "0 events, no findings" report
    code, data = report("no/such/capture.jsonl", "samples/defects.jsonl")
    assert code == 2
    assert data["files"][0]["file"] == "samples/defects.jsonl" and data["rules"]


def test_samples_by_name() -> None:
    assert run("validate", "--sample", "voice-session").returncode == 0
    result = run("validate", "--sample", "defects", "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["files"][0]["file"] == "sample defects"
    assert run("validate", "--sample", "voice-session.har").returncode == 0
    by_file = run("validate", "--sample", "defects.jsonl", "--json")  # its file name too
    assert by_file.returncode == 1
    named = json.loads(result.stdout)
    assert json.loads(by_file.stdout)["rules"] == named["rules"] and named["rules"]
    assert run("validate", "--sample", "../samples/defects").returncode == 2
    bad = run("validate", "--sample", "voice_session")
    assert bad.returncode == 2
    for name in ("voice-session", "defects", "beta-session", "voice-session.har"):
        assert name in bad.stderr
    nothing = run("validate")
    assert nothing.returncode == 2 and "--sample" in nothing.stderr
