"""`encode_event_text`: the text of a WebSocket text frame, with encode_event's errors."""

from __future__ import annotations

import json

import pytest

import rt_codec


def test_text_is_a_str_that_decodes_to_the_same_event() -> None:
    update = rt_codec.SessionUpdateEvent(
        session=rt_codec.RealtimeSessionConfig(instructions="Sé breve — 短く"),
        event_id="c1",
    )
    text = rt_codec.encode_event_text(update)
    assert isinstance(text, str)
    assert "Sé breve — 短く" in text  # UTF-8 text, not \u escapes
    assert json.loads(text) == {
        "type": "session.update",
        "event_id": "c1",
        "session": {"type": "realtime", "instructions": "Sé breve — 短く"},
    }
    assert rt_codec.decode_client_event(text, strict=True) == update


def test_a_dict_event_and_a_big_integer_keep_their_values() -> None:
    event = {"type": "conversation.item.delete", "item_id": "i1", "x": 2**70}
    text = rt_codec.encode_event_text(event)
    assert json.loads(text) == event


def test_the_errors_are_encode_events() -> None:
    with pytest.raises(rt_codec.EncodeError) as caught:
        rt_codec.encode_event_text(rt_codec.ConversationItemDeleteEvent(item_id=5))  # type: ignore[arg-type]
    assert caught.value.pointer == "/item_id"
    with pytest.raises(rt_codec.EncodeError):
        rt_codec.encode_event_text(object())
    with pytest.raises(rt_codec.EncodeError):
        rt_codec.encode_event_text({"type": "response.create", "n": float("nan")})
