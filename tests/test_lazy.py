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
import rt_codec.voicelive_v1
from rt_codec import DecodeError, UnknownEvent, beta, catalogue, codec, convert, strategies
from rt_codec._runtime import _LAZY, pending_fields

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


# Every dialect and direction, Voice Live's too.
EVENTS = [
    (dialect, direction, wire)
    for dialect in catalogue.DIALECTS
    for direction in catalogue.DIRECTIONS
    for wire in strategies.event_types(direction, dialect)
]


@given(data=st.data())
def test_every_lazy_field_reads_as_the_strict_decode_has_it(data: st.DataObject) -> None:
    dialect, direction, wire = data.draw(st.sampled_from(EVENTS))
    drawn = data.draw(strategies.event(wire, direction, dialect))
    text = orjson.dumps(drawn)
    decode = codec.decoder(dialect, direction)
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


@pytest.mark.parametrize("kind", [[], {}, 5, None])
def test_a_session_kind_that_is_not_a_string_makes_the_event_unknown(kind: object) -> None:
    for decode in (rt_codec.decode_server_event, rt_codec.voicelive_v1.decode_server_event):
        data = {**SESSION_CREATED, "session": {**SESSION_CREATED["session"], "type": kind}}
        event = decode(orjson.dumps(data))
        assert isinstance(event, UnknownEvent)
        assert event.error is not None and event.error.pointer == "/session/type"


def test_a_dict_is_decoded_at_once_and_never_shared() -> None:
    given = {
        **SESSION_CREATED,
        "session": {**SESSION_CREATED["session"], "tools": [{"type": "function", "name": "f"}]},
    }
    event = rt_codec.decode_server_event(given)
    assert pending_fields(event) == []
    given["session"]["id"] = "changed later"
    assert isinstance(event, rt_codec.SessionCreatedEvent)
    assert event.session.id == "sess_1"
    # A malformed nested value in a dict makes the event unknown at once, as before.
    assert isinstance(rt_codec.decode_server_event(BAD_TOOLS), UnknownEvent)
    # What JSON cannot carry is refused when encoding, not written as it came.
    nan = {"type": "function", "name": "f", "parameters": {"x": float("nan")}}
    update = {"type": "session.update", "session": {"type": "realtime", "tools": [nan]}}
    with pytest.raises(rt_codec.EncodeError) as info:
        rt_codec.encode_event(rt_codec.decode_client_event(update))
    assert info.value.pointer == "/session/tools/0/parameters/x"


def test_event_to_dict_gives_a_copy_of_what_was_never_read() -> None:
    event = rt_codec.decode_server_event(orjson.dumps(SESSION_CREATED))
    out = rt_codec.event_to_dict(event)
    assert out == SESSION_CREATED
    out["session"]["tools"][0]["name"] = "changed"
    out["session"]["id"] = "changed"
    assert isinstance(event, rt_codec.SessionCreatedEvent)
    assert event.session.id == "sess_1"
    assert event.session.tools[0].name == "f"  # type: ignore[index, union-attr]


def test_a_value_set_while_the_field_was_being_decoded_is_kept() -> None:
    """Two threads reading (or one reading, one setting) the same field: what is there when the
    decoding ends stays, so no thread's write is lost."""
    event = rt_codec.decode_server_event(orjson.dumps(SESSION_CREATED))
    assert isinstance(event, rt_codec.SessionCreatedEvent)
    _, raw_slot = _LAZY[type(event)]["session"]
    pending = raw_slot(event)
    other = rt_codec.RealtimeSession(id="sess_other", object="realtime.session")
    decode = pending.decode

    def meanwhile(raw: Any) -> Any:
        event.session = other  # as another thread would, while this one decodes
        return decode(raw)

    pending.decode = meanwhile
    assert event.session is other
    assert event.session is other


def test_converting_reads_what_a_lenient_decode_left_and_refuses_what_is_malformed() -> None:
    done = {
        "type": "response.done",
        "event_id": "e",
        "response": {"object": "realtime.response", "modalities": ["audio", 7]},
    }
    event = beta.decode_server_event(orjson.dumps(done))
    assert not isinstance(event, UnknownEvent)
    with pytest.raises(convert.ConversionError) as info:
        convert.beta_to_ga(event)
    assert info.value.pointer == "/response/modalities/1"
    update = {"type": "session.update", "session": {"type": "realtime", "tools": None}}
    with pytest.raises(convert.ConversionError) as info:
        convert.ga_to_beta(rt_codec.decode_client_event(orjson.dumps(update)))
    assert info.value.pointer == "/session/tools"


def test_nesting_too_deep_for_a_read_is_a_decode_error() -> None:
    event = rt_codec.decode_server_event(orjson.dumps(SESSION_CREATED))
    _, raw_slot = _LAZY[type(event)]["session"]

    def too_deep(raw: Any) -> Any:
        raise RecursionError

    raw_slot(event).decode = too_deep
    with pytest.raises(DecodeError) as info:
        _ = event.session  # type: ignore[union-attr]
    assert str(info.value) == "Nesting too deep - at `/session` in `session.created`"
