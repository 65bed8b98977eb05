"""Lenient decoding leaves an event's nested objects and arrays to be decoded when first read."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rt_codec
from rt_codec import DecodeError, UnknownEvent, strategies
from rt_codec._runtime import pending_fields
from tests.test_codec import DECODERS

SESSION_CREATED: dict[str, Any] = {
    "type": "session.created",
    "event_id": "event_1",
    "session": {
        # not in schema order: a lenient decode writes it back as it came
        "model": "gpt-realtime",
        "object": "realtime.session",
        "id": "sess_1",
        "type": "realtime",
        "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}}],
        "x_future": {"kept": True},
    },
}
BAD_TOOLS: dict[str, Any] = {
    **SESSION_CREATED,
    "session": {**SESSION_CREATED["session"], "tools": [{"type": "function", "name": 5}]},
}


def test_a_nested_object_is_decoded_when_first_read_and_once() -> None:
    event = rt_codec.decode_server_event(orjson.dumps(SESSION_CREATED))
    assert isinstance(event, rt_codec.SessionCreatedEvent)
    assert pending_fields(event) == ["session"]
    session = event.session
    assert isinstance(session, rt_codec.RealtimeSession)
    assert pending_fields(event) == []
    assert event.session is session  # kept, not decoded again
    strict = rt_codec.decode_server_event(orjson.dumps(SESSION_CREATED), strict=True)
    assert isinstance(strict, rt_codec.SessionCreatedEvent)
    assert session == strict.session


def test_strict_decoding_decodes_everything_at_once() -> None:
    event = rt_codec.decode_server_event(orjson.dumps(SESSION_CREATED), strict=True)
    assert pending_fields(event) == []
    with pytest.raises(DecodeError) as info:
        rt_codec.decode_server_event(orjson.dumps(BAD_TOOLS), strict=True)
    assert info.value.pointer == "/session/tools/0/name"


def test_a_malformed_nested_object_raises_when_read_naming_its_place() -> None:
    event = rt_codec.decode_server_event(orjson.dumps(BAD_TOOLS))
    assert isinstance(event, rt_codec.SessionCreatedEvent)
    with pytest.raises(DecodeError) as info:
        _ = event.session
    assert info.value.pointer == "/session/tools/0/name"
    assert info.value.event_type == "session.created"
    assert str(info.value) == (
        "Expected `string`, got `integer` - at `/session/tools/0/name` in `session.created`"
    )
    # Still pending: reading again says the same; the repr says what is wrong instead of raising.
    with pytest.raises(DecodeError):
        _ = event.session
    assert "session=<not decodable: Expected `string`, got `integer`>" in repr(event)
    # Written back as it came.
    assert orjson.loads(rt_codec.encode_event(event)) == BAD_TOOLS


def test_what_is_not_a_json_object_or_array_is_still_checked_at_once() -> None:
    for session in ("nope", 5, None):
        event = rt_codec.decode_server_event(orjson.dumps({**SESSION_CREATED, "session": session}))
        assert isinstance(event, UnknownEvent)
        assert event.error is not None and event.error.pointer == "/session"


def test_a_session_of_an_unknown_kind_still_makes_the_event_unknown() -> None:
    # `x-unknown-kind: event` on the session union: the kind is told at once, not when read.
    data = {**SESSION_CREATED, "session": {**SESSION_CREATED["session"], "type": "future"}}
    event = rt_codec.decode_server_event(orjson.dumps(data))
    assert isinstance(event, UnknownEvent)
    assert event.error is not None and event.error.pointer == "/session/type"


def test_an_unread_event_encodes_as_it_came_and_a_read_one_in_schema_order() -> None:
    came = list(SESSION_CREATED["session"])
    event = rt_codec.decode_server_event(orjson.dumps(SESSION_CREATED))
    first = orjson.loads(rt_codec.encode_event(event))
    assert first == SESSION_CREATED
    assert list(first["session"]) == came  # the session was never read: as it came
    assert isinstance(event, rt_codec.SessionCreatedEvent)
    _ = event.session
    again = orjson.loads(rt_codec.encode_event(event))
    assert again == SESSION_CREATED
    assert list(again["session"]) == ["type", "id", "object", "model", "tools", "x_future"]


def test_setting_a_field_replaces_what_was_pending() -> None:
    event = rt_codec.decode_server_event(orjson.dumps(SESSION_CREATED))
    assert isinstance(event, rt_codec.SessionCreatedEvent)
    other = rt_codec.RealtimeSession(id="sess_2", object="realtime.session")
    event.session = other
    assert pending_fields(event) == []
    assert event.session is other
    assert orjson.loads(rt_codec.encode_event(event))["session"]["id"] == "sess_2"


def test_copies_pickles_and_replacements_hold_decoded_values() -> None:
    event = rt_codec.decode_server_event(orjson.dumps(SESSION_CREATED))
    assert isinstance(event, rt_codec.SessionCreatedEvent)
    for made in (
        copy.copy(event),
        copy.deepcopy(event),
        pickle.loads(pickle.dumps(event)),
        dataclasses.replace(event, event_id="event_2"),
    ):
        assert isinstance(made, rt_codec.SessionCreatedEvent)
        assert pending_fields(made) == []
        assert isinstance(made.session, rt_codec.RealtimeSession)


EVENTS = [
    (dialect, direction, wire)
    for (dialect, direction) in DECODERS
    for wire in strategies.event_types(direction, dialect)
]


@given(data=st.data())
def test_every_lazy_field_reads_as_the_strict_decode_has_it(data: st.DataObject) -> None:
    dialect, direction, wire = data.draw(st.sampled_from(EVENTS))
    drawn = data.draw(strategies.event(wire, direction, dialect))
    text = orjson.dumps(drawn)
    decode = DECODERS[dialect, direction]
    strict = decode(text, strict=True)
    lenient = decode(text)
    assert not isinstance(lenient, UnknownEvent)
    assert orjson.loads(rt_codec.encode_event(lenient)) == drawn  # before any read
    for name in pending_fields(lenient):
        value = getattr(lenient, name)
        assert value == getattr(strict, name)
        assert type(value) is type(getattr(strict, name))
    assert pending_fields(lenient) == []
    assert lenient == strict
    assert orjson.loads(rt_codec.encode_event(lenient)) == drawn
