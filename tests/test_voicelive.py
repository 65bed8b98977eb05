"""Azure AI Voice Live (the voicelive overlay on beta): its module, and telling it in a capture."""

from __future__ import annotations

import base64
from typing import Any

import orjson

from rt_codec import capture, catalogue, voicelive, voicelive_v1
from tests.conftest import ROOT

SAMPLES = ROOT / "samples"

WARNING = {"type": "warning", "event_id": "e1", "warning": {"message": "slow network"}}


def test_the_module_decodes_and_validates_voice_live_events() -> None:
    event = voicelive.decode_server_event(orjson.dumps(WARNING), strict=True)
    assert type(event).__name__ == "VoiceLiveWarningEvent"
    assert voicelive.event_to_dict(event) == WARNING
    assert voicelive.validate_server_event(WARNING) == []
    found = voicelive.validate_server_event({**WARNING, "warning": {}})
    assert [(v.path, v.rule) for v in found] == [("/warning", "schema.required")]
    # beta events are Voice Live events too
    delta = {
        "type": "response.audio.delta",
        "event_id": "e",
        "response_id": "r",
        "item_id": "i",
        "output_index": 0,
        "content_index": 0,
        "delta": "AAAA",
    }
    assert voicelive.validate_server_event(delta) == []


def test_voice_live_is_an_overlay_on_beta() -> None:
    assert catalogue.OVERLAYS["voicelive"] == "beta"
    beta_types = set(catalogue.events("beta", "server"))
    assert beta_types < set(catalogue.events("voicelive", "server"))


def test_a_capture_shows_voice_live_by_what_only_voice_live_accepts() -> None:
    """In auto mode an event that fails beta but is valid Voice Live makes the session a Voice
    Live one, with no dialect_mix and no findings, and what came before counts as Voice Live; a GA
    event afterwards is a mix."""
    delta = {
        "type": "response.audio.delta",
        "response_id": "r",
        "item_id": "i",
        "output_index": 0,
        "content_index": 0,
        "delta": "",
    }
    update = {
        "type": "session.update",
        "session": {
            "voice": {"type": "azure-standard", "name": "en-US-Ava:DragonHDLatestNeural"},
            "modalities": ["text", "avatar"],
        },
    }
    lines: list[dict[str, Any]] = [
        {"direction": "server", "event": {**delta, "event_id": "e0"}},
        {"direction": "client", "event": update},  # invalid beta, valid Voice Live
        {"direction": "server", "event": {**delta, "event_id": "e2"}},
        {
            "direction": "server",
            "event": {**delta, "event_id": "e3", "type": "response.output_audio.delta"},
        },
    ]
    data = capture.check(b"\n".join(orjson.dumps(x) for x in lines), name="f").to_dict()
    assert [(v["line"], v["rule"]) for v in data["violations"]] == [(4, "session.dialect_mix")]
    assert data["dialects"] == {"realtime": 1, "voicelive": 3}


def test_a_voice_live_event_in_a_ga_session_makes_it_voice_live_v1() -> None:
    """Voice Live's own events exist over GA too (api-version v1): in a GA capture one makes the
    session a Voice Live v1 one, not a beta-based Voice Live one, and is no dialect_mix."""
    created = {
        "type": "session.created",
        "event_id": "e0",
        "session": {"type": "realtime", "id": "s", "object": "realtime.session"},
    }
    searching = {
        "type": "response.web_search_call.searching",
        "event_id": "e1",
        "response_id": "r",
        "item_id": "i",
        "output_index": 0,
        "sequence_number": 1,
    }
    lines = [{"direction": "server", "event": created}, {"direction": "server", "event": searching}]
    data = capture.check(b"\n".join(orjson.dumps(x) for x in lines), name="f").to_dict()
    # checked as a Voice Live v1 event, with its session checks: its response was never announced
    assert [(v["rule"], v["path"]) for v in data["violations"]] == [
        ("session.unannounced", "/response_id")
    ]
    assert data["dialects"] == {"voicelive_v1": 2}


def test_the_command_takes_the_voice_live_dialect() -> None:
    lines: list[dict[str, Any]] = [
        {"direction": "client", "event": {"type": "input_audio.clear"}},
        {"direction": "server", "event": WARNING},
    ]
    data = b"\n".join(orjson.dumps(x) for x in lines)
    report = capture.check(data, name="f", dialect="voicelive").to_dict()
    assert (report["events"], report["valid"], report["violations"]) == (2, 2, [])
    beta = capture.check(data, name="f", dialect="beta").to_dict()
    assert {v["rule"] for v in beta["violations"]} == {"event.unknown_type"}
    assert all("use --dialect voicelive" in v["message"] for v in beta["violations"])


def report(name: str, **options: Any) -> dict[str, Any]:
    return capture.check(SAMPLES / name, name=name, **options).to_dict()


def test_the_sdk_built_session_is_clean_as_voice_live_and_in_auto_mode() -> None:
    """samples/voicelive-session.jsonl is the JSON the azure-ai-voicelive SDK's own models give
    (tools/voicelive_capture.py); as beta it is not."""
    for dialect in ("voicelive", "auto"):
        data = report("voicelive-session.jsonl", dialect=dialect)
        assert data["violations"] == [] and data["valid"] == data["events"] > 30
        # 16 kHz in and out: 3 x 6,400 + 3,200 bytes sent, 7,680 received
        assert data["audio_seconds"] == {"client": 0.7, "server": 0.24}
    assert report("voicelive-session.jsonl")["dialects"] == {"voicelive": 24}
    beta = report("voicelive-session.jsonl", dialect="beta")
    assert beta["invalid"] > 0


def test_the_planted_defects_are_all_found() -> None:
    data = report("voicelive-defects.jsonl")
    got = {(v["line"], v["path"], v["rule"]) for v in data["violations"]}
    assert got == {
        (1, "/session/voice", "schema.required"),
        (1, "/session/turn_detection/type", "schema.anyOf"),
        (1, "/session/avatar", "schema.required"),
        (3, "/session/output_audio_format", "schema.enum"),
        (21, "/response_id", "session.unannounced"),
        (30, "/type", "session.dialect_mix"),
        (35, "/audio", "base64.padding"),
    }
    # audio in a format the schemas do not describe is counted, not timed
    assert data["audio_bytes_unknown_rate"]["server"] > 0


def test_a_v1_capture_is_clean_as_voice_live_v1_and_in_auto_mode() -> None:
    """tests/data/voicelive-v1.jsonl follows Azure's v1 TypeSpec (the SDK has no GA-shaped
    models): GA events with Voice Live's audio settings, avatar and animation, and its own events."""
    path = ROOT / "tests" / "data" / "voicelive-v1.jsonl"
    for dialect in ("voicelive_v1", "auto"):
        data = capture.check(path, name="v1", dialect=dialect).to_dict()
        assert (data["violations"], data["invalid"]) == ([], 0)
    assert capture.check(path, name="v1").to_dict()["dialects"] == {"voicelive_v1": 20}
    ga = capture.check(path, name="v1", dialect="realtime").to_dict()
    assert ga["invalid"] > 0
    warning = voicelive_v1.decode_server_event(orjson.dumps(WARNING), strict=True)
    assert voicelive_v1.event_to_dict(warning) == WARNING
    assert voicelive_v1.validate_server_event(WARNING) == []


def test_g711_is_timed_at_8_khz_whatever_rate_a_voice_live_session_says() -> None:
    session = {"id": "s", "input_audio_format": "g711_ulaw", "input_audio_sampling_rate": 24000}
    pcm = {**session, "input_audio_format": "pcm16", "input_audio_sampling_rate": 16000}
    alaw = {"id": "s", "input_audio_format": "g711_alaw"}
    append = {"type": "input_audio_buffer.append", "audio": base64.b64encode(bytes(8000)).decode()}
    lines: list[dict[str, Any]] = []
    for n, said in enumerate((session, pcm, alaw)):
        kind = "session.created" if n == 0 else "session.updated"
        lines.append(
            {"direction": "server", "event": {"type": kind, "event_id": f"e{n}", "session": said}}
        )
        lines.append({"direction": "client", "event": append})
    data = capture.check(
        b"\n".join(orjson.dumps(x) for x in lines), name="f", dialect="voicelive"
    ).to_dict()
    # 8,000 bytes at 8 kHz G.711 (1 s), at 16 kHz PCM16 (0.25 s), and at 8 kHz G.711 again (1 s:
    # no rate left over from the PCM format)
    assert data["audio_seconds"]["client"] == 2.25


def test_defects_planted_in_the_v1_capture_are_found() -> None:
    lines = [
        orjson.loads(line)
        for line in (ROOT / "tests" / "data" / "voicelive-v1.jsonl").read_bytes().splitlines()
    ]
    events = [line["event"] for line in lines]
    events[0]["session"]["audio"]["input"]["echo_cancellation"]["channels"] = "two"
    del events[0]["session"]["avatar"]["character"]
    del events[19]["text"]  # response.audio_timestamp.delta
    events[20]["response_id"] = "resp_elsewhere"  # response.animation_viseme.delta
    events[31]["warning"] = {}
    lines.insert(
        23,
        {
            "direction": "server",
            "event": {**events[17], "event_id": "beta_name", "type": "response.audio.delta"},
        },
    )
    data = capture.check(b"\n".join(orjson.dumps(x) for x in lines), name="v1").to_dict()
    got = {(v["line"], v["path"], v["rule"]) for v in data["violations"]}
    assert got == {
        (1, "/session/audio/input/echo_cancellation/channels", "schema.type"),
        (1, "/session/avatar", "schema.required"),
        (20, "", "schema.required"),
        (21, "/response_id", "session.unannounced"),
        (24, "/type", "session.dialect_mix"),
        (33, "/warning", "schema.required"),
    }


def test_passes_answers_validity_without_building_findings() -> None:
    from rt_codec.validation import passes, validate

    update = {"type": "session.update", "session": {"modalities": ["avatar"]}}
    assert passes(update, "voicelive", "client") and not passes(update, "beta", "client")
    delta = {
        "type": "response.output_audio.delta",
        "event_id": "e",
        "response_id": "r",
        "item_id": "i",
        "output_index": 0,
        "content_index": 0,
        "delta": "AAAA",
    }
    assert passes(delta, "beta", "server")  # under its GA name, an alias in beta
    assert not passes({**delta, "delta": 5}, "beta", "server")
    assert not passes({"type": "no.such"}, "beta", "server") and not passes({}, "beta", "server")
    for event, dialect in ((update, "voicelive"), (update, "beta"), (delta, "beta")):
        assert passes(event, dialect, "client" if event is update else "server") == (
            validate(event, dialect, "client" if event is update else "server") == []
        )
