"""rt_codec.rest: the REST bodies decode, round-trip and validate like the events."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rt_codec import DecodeError, rest
from rt_codec._generated import strategies as generated


def test_every_reference_body_is_known(reference_spec: dict[str, Any]) -> None:
    expected = {("webhook realtime.call.incoming", "webhook")}
    for path, operations in reference_spec["paths"].items():
        for method, operation in operations.items():
            endpoint = f"{method.upper()} {path}"
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content or "multipart/form-data" in content:
                expected.add((endpoint, "request"))
            for status, response in operation.get("responses", {}).items():
                if status.startswith("2") and "application/json" in response.get("content", {}):
                    expected.add((endpoint, "response"))
    # The Live API's bodies are not in the Realtime reference; tests/test_live_sdk.py has them.
    realtime = {
        (e, b) for e, b in rest.ENDPOINTS if not e.split(" ")[-1].startswith(("/live", "live."))
    }
    assert realtime == expected


@pytest.mark.parametrize(
    ("endpoint", "body"), rest.ENDPOINTS, ids=[" ".join(k) for k in rest.ENDPOINTS]
)
@given(data=st.data())
def test_drawn_bodies_round_trip_and_validate(
    endpoint: str, body: str, data: st.DataObject
) -> None:
    value = data.draw(generated.REST[endpoint, body])
    typed = rest.decode_body(endpoint, body, orjson.dumps(value), strict=True)
    assert rest.body_to_dict(typed) == value
    assert rest.validate_body(endpoint, body, value) == []


def test_bad_bodies_name_the_place() -> None:
    endpoint = "POST /realtime/client_secrets"
    bad = {"session": {"type": "realtime", "audio": {"output": {"speed": "fast"}}}}
    with pytest.raises(DecodeError) as caught:
        rest.decode_body(endpoint, "request", bad)
    assert caught.value.pointer == "/session/audio/output/speed"
    assert [(v.path, v.rule) for v in rest.validate_body(endpoint, "request", bad)] == [
        ("/session/audio/output/speed", "schema.type")
    ]
    refer = "POST /realtime/calls/{call_id}/refer"
    assert [v.rule for v in rest.validate_body(refer, "request", {})] == ["schema.required"]
    assert [v.rule for v in rest.validate_body(refer, "request", b"{")] == ["json"]


def test_unknown_endpoint_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no request body is known for 'GET /nope'"):
        rest.decode_body("GET /nope", "request", {})
    with pytest.raises(ValueError, match="known: "):
        rest.validate_body("POST /realtime/client_secrets", "webhook", {})


def test_unknown_fields_are_kept() -> None:
    endpoint = "POST /realtime/calls/{call_id}/reject"
    value = {"status_code": 486, "x_new": [1, {"a": None}]}
    assert rest.body_to_dict(rest.decode_body(endpoint, "request", value)) == value


def test_classes_are_importable_by_name() -> None:
    for (endpoint, body), name in rest.BODY_NAMES.items():
        cls = getattr(rest, name)
        assert cls is not None, (endpoint, body)
    with pytest.raises(AttributeError):
        rest.NotABody  # noqa: B018


ACCEPT = "POST /realtime/calls/{call_id}/accept"


def test_a_body_keeps_unknown_fields_and_invents_nothing() -> None:
    """The accept body is a session config that events reach through a `type` dispatch; decoded as
    a body, nothing has matched its `type` yet, so the decoder must read and count it."""
    value = {"type": "realtime", "instructions": "be brief", "tracing_mode": "auto"}
    typed = rest.decode_body(ACCEPT, "request", value, strict=True)
    assert typed._extra == {"tracing_mode": "auto"}
    assert orjson.loads(rest.encode_body(typed)) == value


@pytest.mark.parametrize("strict", [False, True])
def test_a_body_missing_its_type_is_refused(strict: bool) -> None:
    value = {"instructions": "be brief", "tracing_mode": "auto"}
    with pytest.raises(DecodeError) as caught:
        rest.decode_body(ACCEPT, "request", value, strict=strict)
    assert str(caught.value) == "Object missing required field `type` - at `/`"
    assert [(v.path, v.rule) for v in rest.validate_body(ACCEPT, "request", value)] == [
        ("/tracing_mode", "schema.additionalProperties"),  # request bodies are closed
        ("", "schema.required"),
    ]
    with pytest.raises(DecodeError) as caught:
        rest.decode_body(ACCEPT, "request", {"type": "transcription"}, strict=strict)
    assert caught.value.pointer == "/type"
