"""Union members that come without their discriminator, as the official schema allows: tools,
content parts, audio formats and (in beta transcription sessions) turn detection. They decode to
their model in lenient and strict mode, validate clean, and encode back exactly as they came; one
whose fields fit no member, or several, is kept raw inside a typed event."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, find, settings

import rt_codec
from rt_codec import beta, strategies
from rt_codec._generated import types as t

Json = dict[str, Any]


def part_added(part: Json) -> Json:
    return {
        "type": "response.content_part.added",
        "event_id": "e1",
        "response_id": "r1",
        "item_id": "i1",
        "output_index": 0,
        "content_index": 0,
        "part": part,
    }


def user_item(*content: Json, role: str = "user") -> Json:
    return {
        "type": "conversation.item.create",
        "item": {"type": "message", "role": role, "content": list(content)},
    }


def session_update(session: Json) -> Json:
    return {"type": "session.update", "session": {"type": "realtime", **session}}


# (direction, event, where the untagged object ends up, the class it must decode to)
CASES = [
    ("server", part_added({"text": "hi"}), lambda e: e.part, t.TextContent),
    ("server", part_added({"transcript": "hi"}), lambda e: e.part, t.AudioContent),
    ("server", part_added({"audio": "AAAA"}), lambda e: e.part, t.AudioContent),
    ("client", user_item({"text": "hi"}), lambda e: e.item.content[0], t.InputTextContent),
    ("client", user_item({"audio": "AAAA"}), lambda e: e.item.content[0], t.InputAudioContent),
    (
        "client",
        user_item({"image_url": "data:image/png;base64,AAAA"}),
        lambda e: e.item.content[0],
        t.InputImageContent,
    ),
    (
        "client",
        user_item({"text": "be brief"}, role="system"),
        lambda e: e.item.content[0],
        t.InputTextContent,
    ),
    (
        "client",
        user_item({"text": "ok"}, role="assistant"),
        lambda e: e.item.content[0],
        t.OutputTextContent,
    ),
    (
        "client",
        user_item({"transcript": "ok"}, role="assistant"),
        lambda e: e.item.content[0],
        t.OutputAudioContent,
    ),
    (
        "client",
        session_update({"tools": [{"name": "lookup", "parameters": {"type": "object"}}]}),
        lambda e: e.session.tools[0],
        t.FunctionTool,
    ),
    (
        "client",
        session_update({"audio": {"input": {"format": {"rate": 24000}}}}),
        lambda e: e.session.audio.input.format,
        t.PcmAudioFormat,
    ),
    (
        "client",
        session_update({"audio": {"output": {"format": {}}}}),
        lambda e: e.session.audio.output.format,
        t.PcmAudioFormat,
    ),
]
DECODE = {"client": rt_codec.decode_client_event, "server": rt_codec.decode_server_event}
VALIDATE = {"client": rt_codec.validate_client_event, "server": rt_codec.validate_server_event}


@pytest.mark.parametrize(("direction", "event", "reach", "cls"), CASES)
@pytest.mark.parametrize("strict", [False, True])
def test_a_member_without_its_type_decodes_to_its_model(
    direction: str, event: Json, reach: Any, cls: type, strict: bool
) -> None:
    decoded = DECODE[direction](event, strict=strict)
    assert not isinstance(decoded, rt_codec.UnknownEvent)
    member = reach(decoded)
    assert type(member) is cls
    assert member.type is rt_codec.UNSET  # it came without one
    assert VALIDATE[direction](event) == []
    assert orjson.loads(rt_codec.encode_event(decoded)) == event  # and goes back without one


def test_a_model_built_in_code_writes_its_type() -> None:
    tool = t.FunctionTool(name="lookup")
    event = t.SessionUpdateEvent(session=t.RealtimeSessionConfig(tools=[tool]))
    assert orjson.loads(rt_codec.encode_event(event))["session"]["tools"] == [
        {"type": "function", "name": "lookup"}
    ]


def test_beta_transcription_session_turn_detection_may_leave_out_its_type() -> None:
    event = {
        "type": "transcription_session.update",
        "session": {"turn_detection": {"threshold": 0.5, "silence_duration_ms": 400}},
    }
    decoded = beta.decode_client_event(event, strict=True)
    assert type(decoded.session.turn_detection) is t.ServerVad
    assert beta.validate_client_event(event) == []


def test_ga_turn_detection_still_needs_its_type() -> None:
    event = session_update({"audio": {"input": {"turn_detection": {"threshold": 0.5}}}})
    assert [(v.path, v.rule) for v in rt_codec.validate_client_event(event)] == [
        ("/session/audio/input/turn_detection", "schema.required")
    ]


@pytest.mark.parametrize(
    ("part", "path", "rule"),
    [
        ({"text": "a", "audio": "AAAA"}, "/part", "schema.oneOf"),  # fits text and audio
        ({"detail": "low"}, "/part", "schema.required"),  # fits nothing
    ],
)
def test_a_part_that_fits_no_member_or_several_is_kept_raw(
    part: Json, path: str, rule: str
) -> None:
    event = part_added(part)
    decoded = rt_codec.decode_server_event(event)
    assert type(decoded) is t.ResponseContentPartAddedEvent  # the event stays typed
    assert decoded.part == part
    assert orjson.loads(rt_codec.encode_event(decoded)) == event
    assert [(v.path, v.rule) for v in rt_codec.validate_server_event(event)] == [(path, rule)]
    with pytest.raises(rt_codec.DecodeError) as caught:
        rt_codec.decode_server_event(event, strict=True)
    assert caught.value.pointer == "/part"


def test_a_wrong_field_inside_an_untagged_member_is_reported_there() -> None:
    found = rt_codec.validate_client_event(user_item({"text": 5}))
    assert [(v.path, v.rule) for v in found] == [("/item/content/0/text", "schema.type")]


def test_elsewhere_a_missing_type_still_fails_the_event() -> None:
    """Conversation items always need their `type`: without it the item is no item at all."""
    event = {"type": "conversation.item.create", "item": {"role": "user", "content": []}}
    assert isinstance(rt_codec.decode_client_event(event), rt_codec.UnknownEvent)
    assert [(v.path, v.rule) for v in rt_codec.validate_client_event(event)] == [
        ("/item", "schema.required")
    ]


@settings(suppress_health_check=list(HealthCheck), max_examples=2000, database=None)
def _find(kind: str, direction: str, test: Any) -> Json:
    return find(strategies.event(kind, direction, "realtime"), test)


def test_the_strategies_draw_untagged_members() -> None:
    """So every property test over the strategies also covers objects without their `type`."""
    part = _find(
        "response.content_part.added",
        "server",
        lambda e: isinstance(e["part"], dict) and "type" not in e["part"],
    )
    assert DECODE["server"](part, strict=True).part.type is rt_codec.UNSET
    tool = _find(
        "session.update",
        "client",
        lambda e: any("type" not in x for x in e["session"].get("tools") or []),
    )
    assert VALIDATE["client"](tool) == []


def test_decoding_picks_the_member_the_schema_picks() -> None:
    """Fields of two members present: the one the object is valid as (a null text is no text)."""
    part = {"transcript": "hi", "text": None}
    event = {
        "type": "conversation.item.added",
        "event_id": "e",
        "item": {"id": "i", "type": "message", "role": "assistant", "content": [part]},
    }
    assert rt_codec.validate_server_event(event) == []
    decoded = rt_codec.decode_server_event(event, strict=True)
    assert type(decoded.item.content[0]) is t.OutputAudioContent
    assert orjson.loads(rt_codec.encode_event(decoded)) == event


def test_a_type_left_unset_where_the_union_needs_it_is_refused() -> None:
    event = session_update({"audio": {"input": {"turn_detection": {"type": "server_vad"}}}})
    decoded = rt_codec.decode_client_event(event, strict=True)
    decoded.session.audio.input.turn_detection.type = rt_codec.UNSET
    with pytest.raises(rt_codec.EncodeError) as caught:
        rt_codec.encode_event(decoded)
    assert caught.value.pointer == "/session/audio/input/turn_detection"
    item = user_item({"type": "text", "text": "x"}, role="assistant")
    typed = rt_codec.decode_client_event(item, strict=True)
    typed.item.content[0].type = rt_codec.UNSET  # would read back as output_text
    with pytest.raises(rt_codec.EncodeError):
        rt_codec.encode_event(typed)


def test_beta_vad_without_type_converts_to_ga_server_vad() -> None:
    from rt_codec.convert import beta_to_ga

    event = {
        "type": "transcription_session.update",
        "session": {"turn_detection": {"threshold": 0.5}},
    }
    converted = rt_codec.event_to_dict(beta_to_ga(event))
    assert converted["session"]["audio"]["input"]["turn_detection"] == {
        "type": "server_vad",
        "threshold": 0.5,
    }


@pytest.mark.parametrize(
    ("older", "newer", "conflict"),
    [
        ({}, {"type": "audio/pcm"}, False),
        ({"rate": 24000}, {"type": "audio/pcm", "rate": 24000}, False),
        ({"type": "audio/pcmu"}, {}, True),
    ],
)
def test_formats_conflict_by_meaning(older: Json, newer: Json, conflict: bool) -> None:
    event = {
        "type": "response.create",
        "response": {"input_audio_format": older, "audio": {"input": {"format": newer}}},
    }
    rules = [v.rule for v in rt_codec.validate_client_event(event)]
    assert rules == (["response.format_conflict"] if conflict else [])
