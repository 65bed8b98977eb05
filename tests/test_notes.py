"""Notes: what is valid today but worth knowing. Deprecated fields and values, marked in the schemas
(`deprecated: true`, `x-shutdown`), and fields of server events the schemas do not name (the API's
additive drift). `rt-codec validate` lists both with counts; neither fails a check by default."""

from __future__ import annotations

import io
import json
from typing import Any

import orjson

import rt_codec
from rt_codec import capture
from rt_codec.capture._check import MAX_TYPES, OTHER_NOTES
from rt_codec.cli import main
from rt_codec.validation import deprecations, drift, inspect, is_note, new_values

Json = dict[str, Any]

OLD_SESSION: Json = {
    "type": "session.update",
    "session": {
        "type": "realtime",
        "model": "gpt-realtime",
        "audio": {"input": {"transcription": {"model": "whisper-1"}}},
        "tools": [
            {"type": "mcp", "server_label": "mail", "connector_id": "connector_gmail"},
            {"type": "mcp", "server_label": "docs", "server_url": "https://docs.example/mcp"},
        ],
    },
}


def test_deprecated_fields_and_values_are_notes_when_asked_for() -> None:
    assert rt_codec.validate_client_event(OLD_SESSION) == []  # valid today: no finding
    found = rt_codec.validate_client_event(OLD_SESSION, notes=True)
    assert [(v.path, v.rule) for v in found] == [
        ("/session/audio/input/transcription/model", "deprecated.value"),
        ("/session/model", "deprecated.value"),
        ("/session/tools/0/connector_id", "deprecated.field"),
    ]
    assert all(is_note(v) for v in found)
    assert "2027-01-20" in found[1].message and "2027-02-26" in found[0].message
    assert "server_url" in found[2].message


def test_current_names_are_not_noted() -> None:
    event = {"type": "session.update", "session": {"type": "realtime", "model": "gpt-realtime-2"}}
    assert deprecations(event, "realtime", "client") == []
    assert rt_codec.validate_client_event(event, notes=True) == []


def test_notes_come_after_findings_and_within_the_bound() -> None:
    event = {**OLD_SESSION, "session": {**OLD_SESSION["session"], "voice": "alloy"}}
    found = rt_codec.validate_client_event(event, notes=True)
    assert found[0].rule == "schema.additionalProperties"
    assert {v.rule for v in found[1:]} == {"deprecated.value", "deprecated.field"}
    many = {
        "type": "session.update",
        "session": {
            "type": "realtime",
            "tools": [{"type": "mcp", "server_label": "m", "connector_id": "connector_gmail"}]
            * 300,
        },
    }
    assert len(rt_codec.validate_client_event(many, notes=True)) == 100


def test_drift_names_the_unknown_fields_of_a_valid_server_event() -> None:
    event = {
        "type": "response.done",
        "event_id": "e",
        "response": {
            "id": "r",
            "object": "realtime.response",
            "status": "completed",
            "output": [{"type": "message", "role": "assistant", "content": [], "new_field": 1}],
            "brand_new": {"x": 1},
        },
    }
    assert rt_codec.validate_server_event(event) == []
    assert sorted(drift(event, "realtime", "server")) == [
        "/response/brand_new",
        "/response/output/0/new_field",
    ]
    del event["response"]["brand_new"], event["response"]["output"][0]["new_field"]
    assert drift(event, "realtime", "server") == []


def lines(*events: tuple[str, Json]) -> bytes:
    return b"".join(
        orjson.dumps({"ts": float(n), "direction": d, "event": e}) + b"\n"
        for n, (d, e) in enumerate(events)
    )


SERVER_EXTRA = {"type": "input_audio_buffer.cleared", "event_id": "e1", "extra": {"a": [1]}}
CAPTURE = lines(
    ("client", OLD_SESSION),
    ("server", SERVER_EXTRA),
    ("server", {**SERVER_EXTRA, "event_id": "e2"}),
)


def test_a_capture_reports_notes_without_failing() -> None:
    report = capture.check(CAPTURE)
    assert (report.valid, report.invalid, dict(report.rules)) == (3, 0, {})
    assert report.drift == {"input_audio_buffer.cleared /extra": 2}
    assert sorted(report.deprecated) == [
        "session.update /session/audio/input/transcription/model: 'whisper-1' is deprecated: "
        "shutdown announced for 2027-02-26",
        "session.update /session/model: 'gpt-realtime' is deprecated: "
        "shutdown announced for 2027-01-20",
        "session.update /session/tools/*/connector_id: `connector_id` is deprecated: for models "
        "released after 2026-09-01; give server_url or tunnel_id instead",
    ]


def run(*args: str, data: bytes) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["validate", *args, "-"], stdout=out, stderr=err, stdin=io.BytesIO(data))
    return status, out.getvalue()


def test_the_command_shows_notes_and_fails_on_deprecation_only_when_asked() -> None:
    status, text = run(data=CAPTURE)
    assert status == 0
    assert "deprecated (notes" in text and "'gpt-realtime' is deprecated" in text
    assert "drift:" in text and "input_audio_buffer.cleared /extra" in text
    status, text = run("--json", data=CAPTURE)
    document = json.loads(text)
    assert status == 0 and document["drift"] == {"input_audio_buffer.cleared /extra": 2}
    assert len(document["deprecated"]) == 3
    assert run("--fail-on-deprecated", data=CAPTURE)[0] == 1
    assert run("--fail-on-deprecated", data=lines(("server", SERVER_EXTRA)))[0] == 0


def test_drift_notes_are_bounded() -> None:
    events = [
        ("server", {"type": "input_audio_buffer.cleared", "event_id": f"e{n}", f"f{n}": 1})
        for n in range(MAX_TYPES + 5)
    ]
    report = capture.check(lines(*events))
    assert len(report.drift) == MAX_TYPES + 1
    assert report.drift[OTHER_NOTES] == 5 and report.limits["drift"] == 5


def test_new_values_are_drift_in_server_events_only() -> None:
    session = {
        "type": "realtime",
        "id": "s",
        "object": "realtime.session",
        "expires_at": 1,
        "model": "gpt-realtime-3",
        "audio": {"output": {"voice": "juniper"}},
    }
    event = {"type": "session.updated", "event_id": "e", "session": session}
    assert rt_codec.validate_server_event(event) == []
    assert new_values(event, "realtime", "server") == [
        ("/session/audio/output/voice", "juniper"),
        ("/session/model", "gpt-realtime-3"),
    ]
    session["model"], session["audio"] = "gpt-realtime-2", {"output": {"voice": "marin"}}
    assert new_values(event, "realtime", "server") == []
    # Client events are closed; their open names (a model the codec does not list) are no drift.
    client = {"type": "session.update", "session": {"type": "realtime", "model": "gpt-realtime-3"}}
    assert new_values(client, "realtime", "client") == []


def test_a_new_server_event_type_is_drift_and_a_malformed_one_a_finding() -> None:
    data = lines(
        ("server", {"type": "response.output_video.delta", "event_id": "e1", "delta": "AAAA"}),
        ("server", {"type": "Response Video!", "event_id": "e2"}),
        ("client", {"type": "response.hologram"}),
    )
    report = capture.check(data)
    assert report.drift == {
        "response.output_video.delta (an event type the schemas do not know)": 1
    }
    assert (report.valid, report.invalid, report.unchecked) == (0, 2, 1)
    assert report.rules == {"event.unknown_type": 2}


def test_a_type_another_dialect_knows_stays_a_finding() -> None:
    """A translation server event in an auto-dialect check is no new API event: it keeps its
    finding and the hint to check it as translation."""
    report = capture.check(lines(("server", {"type": "session.closed", "event_id": "e1"})))
    assert (report.unchecked, report.rules) == (0, {"event.unknown_type": 1})
    assert "use --dialect translation" in report.violations[0].message


def test_note_keys_and_finding_paths_stay_small_whatever_the_keys() -> None:
    long = "k" * 1_000_000
    data = lines(
        ("server", {"type": "input_audio_buffer.cleared", "event_id": "e1", long: 1}),
        ("client", {"type": "input_audio_buffer.clear", long: 1}),
    )
    report = capture.check(data)
    [key] = report.drift
    assert len(key) < 200 and "(1000000 characters)" in key
    [finding] = report.violations
    assert finding.rule == "schema.additionalProperties" and len(finding.path) < 200


def test_inspect_and_counts_take_any_event() -> None:
    found, drifted, values = inspect({"type": []}, "realtime", "client")
    assert [v.rule for v in found] == ["schema.type"] and drifted == values == []
    # an event of a new server type that also has a reading problem counts once, as invalid
    data = b'{"direction":"server","event":{"type":"response.new_thing","a":1,"a":2}}\n'
    report = capture.check(data)
    assert (report.events, report.invalid, report.unchecked, report.valid) == (1, 1, 0, 0)
