"""Azure AI Voice Live (the voicelive overlay on beta): its module, and telling it in a capture."""

from __future__ import annotations

from typing import Any

import orjson

from rt_codec import capture, catalogue, voicelive
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


def test_a_voice_live_name_is_no_tell_in_a_ga_session() -> None:
    """A GA capture whose server sends a type only Voice Live (over beta) has: drift, as any new
    type, and no dialect_mix."""
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
    rules = {v["rule"] for v in data["violations"]}
    assert "session.dialect_mix" not in rules
    assert any("response.web_search_call.searching" in k for k in data["drift"]), data


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
