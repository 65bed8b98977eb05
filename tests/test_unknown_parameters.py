"""Client events are closed: the server answers a field it does not know with `unknown_parameter`,
so validation reports it, naming the field and, where it is a field of the other dialect or a
likely typo, where it belongs. Server events stay open (the API adds fields), and decoding keeps
unknown fields both ways."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import rt_codec
from rt_codec import beta, strategies
from rt_codec._generated import valid
from rt_codec.validation import schema_validator
from tests.test_properties import EVENTS, IDS

Json = dict[str, Any]


def session(**fields: Any) -> Json:
    return {"type": "session.update", "session": {"type": "realtime", **fields}}


@pytest.mark.parametrize(
    ("event", "path", "words"),
    [
        # the classic GA-migration mistakes: beta fields in a GA session
        (session(voice="alloy"), "/session/voice", "GA has it at `audio.output.voice`"),
        (session(modalities=["audio"]), "/session/modalities", "GA has it at `output_modalities`"),
        (session(temperature=0.8), "/session/temperature", "GA, which has no temperature"),
        (
            session(turn_detection=None),
            "/session/turn_detection",
            "GA has it at `audio.input.turn_detection`",
        ),
        # typos
        (session(instruction="Be brief."), "/session/instruction", "did you mean `instructions`?"),
        (
            session(audio={"input": {"turn_detection": {"type": "server_vad", "silence_ms": 500}}}),
            "/session/audio/input/turn_detection/silence_ms",
            "did you mean `silence_duration_ms`?",
        ),
        ({"type": "response.create", "respone": {}}, "/respone", "did you mean `response`?"),
        (
            {"type": "response.create", "response": {"voice": "alloy"}},
            "/response/voice",
            "GA has it at `audio.output.voice`",
        ),
        # deep inside an item
        (
            {
                "type": "conversation.item.create",
                "item": {
                    "type": "message",
                    "role": "user",
                    "content": [{"type": "input_text", "text": "hi", "lang": "en"}],
                },
            },
            "/item/content/0/lang",
            "Field `lang` is not allowed here",
        ),
    ],
)
def test_an_unknown_client_field_is_a_finding_naming_it(event: Json, path: str, words: str) -> None:
    found = rt_codec.validate_client_event(event)
    assert [(v.path, v.rule) for v in found] == [(path, "schema.additionalProperties")]
    assert words in found[0].message


def test_ga_fields_in_a_beta_session_say_what_beta_calls_them() -> None:
    event = {"type": "session.update", "session": {"output_modalities": ["text"], "audio": {}}}
    found = {v.path: v.message for v in beta.validate_client_event(event)}
    assert "beta calls it `modalities`" in found["/session/output_modalities"]
    assert (
        "`voice`" in found["/session/audio"] and "`input_audio_format`" in found["/session/audio"]
    )


def test_free_form_objects_stay_open() -> None:
    """A tool's `parameters` is a JSON Schema of the user's own: any keys."""
    tool = {"type": "function", "name": "f", "parameters": {"type": "object", "x-anything": 1}}
    assert rt_codec.validate_client_event(session(tools=[tool])) == []
    metadata = {"type": "response.create", "response": {"metadata": {"topic": "weather"}}}
    assert rt_codec.validate_client_event(metadata) == []


def test_server_events_stay_open_and_decoding_keeps_unknown_fields() -> None:
    event = {
        "type": "conversation.item.deleted",
        "event_id": "e",
        "item_id": "i",
        "new_field": {"x": 1},
    }
    assert rt_codec.validate_server_event(event) == []
    client = {"type": "conversation.item.delete", "item_id": "i", "new_field": 1}
    assert [v.path for v in rt_codec.validate_client_event(client)] == ["/new_field"]
    for decode, value in (
        (rt_codec.decode_server_event, event),
        (rt_codec.decode_client_event, client),
    ):
        decoded = decode(value, strict=True)
        assert orjson.loads(rt_codec.encode_event(decoded)) == value


CLIENT = [(d, direction, w) for d, direction, w in EVENTS if direction == "client"]


def objects(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Where the objects are in a JSON value."""
    out: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        out.append(at)
        for key, child in value.items():
            out += objects(child, (*at, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += objects(child, (*at, index))
    return out


@pytest.mark.parametrize(
    ("dialect", "direction", "wire"), CLIENT, ids=[i for i in IDS if "/client/" in i]
)
@given(data=st.data())
def test_a_field_added_anywhere_in_a_client_event_is_found_there(
    dialect: str, direction: str, wire: str, data: st.DataObject
) -> None:
    event = data.draw(strategies.event(wire, direction, dialect))
    fast = valid.TABLES[dialect, direction][wire]
    assert fast(event) and not list(schema_validator(dialect, direction, wire).iter_errors(event))
    at = data.draw(st.sampled_from(objects(event)))
    target = event
    for key in at:
        target = target[key]
    # Objects that take any keys: a tool's parameters, metadata, a prompt's variables, ...
    free = {"parameters", "metadata", "variables", "input_schema", "annotations"}
    if dialect == "live":  # the Responses and Decisions payloads the Live API carries as they are
        free |= {"item", "responses", "decisions", "questions"}
    assume(not (at and at[-1] in free) and not any(k in free for k in at))
    target["zz_unknown"] = 1
    found = rt_codec.validation.validate(event, dialect, direction)
    pointer = "".join(f"/{k}" for k in at) + "/zz_unknown"
    assert not fast(event)
    assert pointer in [v.path for v in found], found


def test_rest_requests_are_closed_and_responses_open() -> None:
    from rt_codec import rest

    request = {"session": {"type": "realtime", "voice": "alloy"}, "expires_afterr": {}}
    found = {
        v.path: v.message
        for v in rest.validate_body("POST /realtime/client_secrets", "request", request)
    }
    assert "GA has it at `audio.output.voice`" in found["/session/voice"]
    assert "did you mean `expires_after`?" in found["/expires_afterr"]
    webhook = {
        "id": "evt_1",
        "object": "event",
        "type": "realtime.call.incoming",
        "created_at": 1,
        "data": {"call_id": "c", "sip_headers": [], "new_field": 1},
    }
    assert rest.validate_body("webhook realtime.call.incoming", "webhook", webhook) == []
