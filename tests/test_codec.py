"""The public codec: decode, encode, errors, lossless round trips, construction, reprs."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import orjson
import pytest

import rt_codec
from rt_codec import UNSET, DecodeError, UnknownEvent, beta, live, translation
from rt_codec.dialects import sniff
from tests.conftest import SAMPLES

DECODERS = {
    ("realtime", "server"): rt_codec.decode_server_event,
    ("realtime", "client"): rt_codec.decode_client_event,
    ("translation", "server"): translation.decode_server_event,
    ("translation", "client"): translation.decode_client_event,
    ("beta", "server"): beta.decode_server_event,
    ("beta", "client"): beta.decode_client_event,
    ("live", "server"): live.decode_server_event,
    ("live", "client"): live.decode_client_event,
}

AUDIO_DELTA: dict[str, Any] = {
    "type": "response.output_audio.delta",
    "event_id": "event_1",
    "response_id": "resp_1",
    "item_id": "item_1",
    "output_index": 0,
    "content_index": 0,
    "delta": base64.b64encode(bytes(4800)).decode(),
}


def test_sample_session_round_trip() -> None:
    lines = (Path(__file__).parent.parent / "samples" / "voice-session.jsonl").read_bytes()
    for line in lines.splitlines():
        envelope = orjson.loads(line)
        decode = DECODERS["realtime", envelope["direction"]]
        event = decode(orjson.dumps(envelope["event"]), strict=True)
        assert not isinstance(event, UnknownEvent), event
        assert rt_codec.event_to_dict(event) == envelope["event"]


@pytest.mark.parametrize(
    "data",
    [
        orjson.dumps(AUDIO_DELTA),
        bytearray(orjson.dumps(AUDIO_DELTA)),
        memoryview(orjson.dumps(AUDIO_DELTA)),
        orjson.dumps(AUDIO_DELTA).decode(),
        dict(AUDIO_DELTA),
    ],
    ids=["bytes", "bytearray", "memoryview", "str", "dict"],
)
def test_input_kinds(data: Any) -> None:
    event = rt_codec.decode_server_event(data)
    assert isinstance(event, rt_codec.ResponseOutputAudioDeltaEvent)
    assert event.delta == AUDIO_DELTA["delta"]
    assert event.output_index == 0


def test_typed_attributes_are_wire_names() -> None:
    raw = (SAMPLES / "realtime/server/response.done/spec.json").read_bytes()
    event = rt_codec.decode_server_event(raw)
    assert isinstance(event, rt_codec.ResponseDoneEvent)
    response = event.response
    assert response.status == "completed"
    assert isinstance(response.output, list)
    item = response.output[0]
    assert isinstance(item, rt_codec.AssistantMessageItem)
    assert item.role == "assistant"
    part = item.content[0]
    assert isinstance(part, rt_codec.OutputAudioContent)
    assert part.audio is UNSET
    assert isinstance(response.usage, rt_codec.Usage)
    assert response.usage.total_tokens == 253


def test_unknown_type_is_kept() -> None:
    raw = {"type": "response.hologram.delta", "event_id": "e", "beam": [1, 2]}
    event = rt_codec.decode_server_event(orjson.dumps(raw), strict=True)
    assert isinstance(event, UnknownEvent)
    assert event.type == "response.hologram.delta"
    assert event.raw == raw
    assert event.error is None
    assert orjson.loads(rt_codec.encode_event(event)) == raw


def test_client_type_is_unknown_to_server_decoder() -> None:
    event = rt_codec.decode_server_event({"type": "input_audio_buffer.append", "audio": ""})
    assert isinstance(event, UnknownEvent)


@pytest.mark.parametrize(
    ("mutate", "pointer", "message"),
    [
        (lambda d: d.pop("item_id"), "", "Object missing required field `item_id`"),
        (
            lambda d: d.update(content_index="0"),
            "/content_index",
            "Expected `integer`, got `string`",
        ),
        (
            lambda d: d.update(output_index=True),
            "/output_index",
            "Expected `integer`, got `boolean`",
        ),
        (lambda d: d.update(output_index=1.5), "/output_index", "Expected `integer`, got `number`"),
        (lambda d: d.update(delta=None), "/delta", "Expected `string`, got `null`"),
    ],
)
def test_wrong_shape(mutate: Any, pointer: str, message: str) -> None:
    raw = dict(AUDIO_DELTA)
    mutate(raw)
    with pytest.raises(DecodeError) as info:
        rt_codec.decode_server_event(orjson.dumps(raw), strict=True)
    assert info.value.pointer == pointer
    assert info.value.reason == message
    assert str(info.value) == f"{message} - at `{pointer or '/'}` in `response.output_audio.delta`"
    lenient = rt_codec.decode_server_event(orjson.dumps(raw))
    assert isinstance(lenient, UnknownEvent)
    assert lenient.type == "response.output_audio.delta"
    assert lenient.error is not None and lenient.error.pointer == pointer
    assert lenient.raw == raw


def test_nested_error_path() -> None:
    raw = orjson.loads((SAMPLES / "realtime/server/response.done/spec.json").read_bytes())
    raw["response"]["output"][0]["content"][0]["transcript"] = 7
    with pytest.raises(DecodeError) as info:
        rt_codec.decode_server_event(raw, strict=True)
    assert info.value.pointer == "/response/output/0/content/0/transcript"
    assert info.value.path == ("response", "output", 0, "content", 0, "transcript")


def test_error_message_does_not_copy_large_values() -> None:
    raw = dict(AUDIO_DELTA, event_id=12, delta="A" * 10_000_000)
    with pytest.raises(DecodeError) as info:
        rt_codec.decode_server_event(raw, strict=True)
    assert len(str(info.value)) < 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "Not valid JSON: "),
        (b"", "Not valid JSON: "),
        (b"[1, 2]", "Expected a JSON object, got `array`"),
        (b'"session.update"', "Expected a JSON object, got `string`"),
        (b'{"event_id": "e"}', "Object missing required field `type`"),
        (b'{"type": 5}', "Expected `string`, got `integer`"),
        (b"\xff\xfe", "Not valid UTF-8 at byte 0"),
        (12, "Expected bytes, str or dict, got `int`"),
    ],
)
@pytest.mark.parametrize("strict", [False, True])
def test_not_an_event(data: Any, message: str, strict: bool) -> None:
    with pytest.raises(DecodeError) as info:
        rt_codec.decode_server_event(data, strict=strict)
    assert str(info.value).startswith(message)


def test_enum_drift_is_kept_unless_strict() -> None:
    raw = orjson.loads((SAMPLES / "realtime/server/response.done/spec.json").read_bytes())
    raw["response"]["status"] = "paused"
    raw["response"]["audio"]["output"]["voice"] = "nova-2099"
    event = rt_codec.decode_server_event(raw)
    assert isinstance(event, rt_codec.ResponseDoneEvent)
    assert event.response.status == "paused"
    assert rt_codec.event_to_dict(event) == raw
    with pytest.raises(DecodeError) as info:
        rt_codec.decode_server_event(raw, strict=True)
    assert info.value.pointer == "/response/status"
    assert "paused" in str(info.value)


def test_unknown_item_type_is_kept_raw() -> None:
    raw = orjson.loads(
        (SAMPLES / "realtime/server/conversation.item.created/spec.json").read_bytes()
    )
    raw["item"] = {"type": "video_clip", "id": "item_9", "frames": 3}
    event = rt_codec.decode_server_event(raw)
    assert isinstance(event, rt_codec.ConversationItemCreatedEvent)
    assert event.item == {"type": "video_clip", "id": "item_9", "frames": 3}
    assert rt_codec.event_to_dict(event) == raw
    with pytest.raises(DecodeError) as info:
        rt_codec.decode_server_event(raw, strict=True)
    assert info.value.pointer == "/item/type"


def test_unknown_role_and_part_are_kept_raw() -> None:
    raw = {
        "type": "conversation.item.added",
        "event_id": "e",
        "item": {
            "type": "message",
            "role": "assistant",
            "content": [
                {"type": "output_video", "frames": []},
                {"type": "output_text", "text": "hi"},
            ],
        },
    }
    event = rt_codec.decode_server_event(raw)
    assert isinstance(event, rt_codec.ConversationItemAddedEvent)
    assert isinstance(event.item, rt_codec.AssistantMessageItem)
    assert event.item.content[0] == {"type": "output_video", "frames": []}
    assert isinstance(event.item.content[1], rt_codec.OutputTextContent)
    raw["item"]["role"] = "narrator"
    event = rt_codec.decode_server_event(raw)
    assert isinstance(event, rt_codec.ConversationItemAddedEvent)
    assert event.item == raw["item"]


def test_missing_discriminator_is_a_shape_error() -> None:
    raw = {"type": "conversation.item.added", "event_id": "e", "item": {"role": "user"}}
    with pytest.raises(DecodeError) as info:
        rt_codec.decode_server_event(raw, strict=True)
    assert info.value.pointer == "/item"
    assert info.value.reason == "Object missing required field `type`"


def test_unknown_fields_survive_at_every_level() -> None:
    raw = orjson.loads((SAMPLES / "realtime/server/session.created/spec.json").read_bytes())
    raw["x_top"] = 1
    raw["session"]["x_session"] = {"a": [1, 2.5, None]}
    raw["session"]["audio"]["input"]["turn_detection"]["x_vad"] = True
    event = rt_codec.decode_server_event(raw, strict=True)
    assert not isinstance(event, UnknownEvent)
    assert event._extra == {"x_top": 1}
    assert rt_codec.event_to_dict(event) == raw


def test_null_omitted_and_value_stay_distinct() -> None:
    base = {"type": "session.update", "session": {"type": "realtime", "audio": {"input": {}}}}
    for state in ("omitted", "null", "value"):
        raw = orjson.loads(orjson.dumps(base))
        audio_input = raw["session"]["audio"]["input"]
        if state == "null":
            audio_input["turn_detection"] = None
        elif state == "value":
            audio_input["turn_detection"] = {"type": "semantic_vad"}
        event = rt_codec.decode_client_event(raw, strict=True)
        assert isinstance(event, rt_codec.SessionUpdateEvent)
        session = event.session
        assert isinstance(session, rt_codec.RealtimeSessionConfig)
        assert not isinstance(session.audio, rt_codec.Unset)
        assert not isinstance(session.audio.input, rt_codec.Unset)
        detection = session.audio.input.turn_detection
        expected = {"omitted": UNSET, "null": None}.get(state, detection)
        assert detection is expected
        assert orjson.loads(rt_codec.encode_event(event)) == raw


def test_numbers_and_booleans_keep_their_kind() -> None:
    raw = {
        "type": "session.updated",
        "event_id": "e",
        "session": {
            "type": "realtime",
            "id": "s",
            "object": "realtime.session",
            "audio": {"output": {"speed": 1}},
            "parallel_tool_calls": True,
        },
    }
    out = rt_codec.encode_event(rt_codec.decode_server_event(raw, strict=True))
    assert b'"speed":1}' in out
    assert b'"parallel_tool_calls":true' in out
    raw["session"]["audio"]["output"]["speed"] = 1.0
    out = rt_codec.encode_event(rt_codec.decode_server_event(raw, strict=True))
    assert b'"speed":1.0}' in out


def test_construct_client_events_with_keywords() -> None:
    append = rt_codec.InputAudioBufferAppendEvent(audio=base64.b64encode(b"\0\1" * 480).decode())
    assert append.event_id is UNSET
    assert orjson.loads(rt_codec.encode_event(append)) == {
        "type": "input_audio_buffer.append",
        "audio": append.audio,
    }
    update = rt_codec.SessionUpdateEvent(
        event_id="evt_1",
        session=rt_codec.RealtimeSessionConfig(
            instructions="Be brief.",
            audio=rt_codec.SessionAudio(
                input=rt_codec.SessionAudioInput(turn_detection=None),
                output=rt_codec.SessionAudioOutput(voice="marin"),
            ),
            tools=[rt_codec.FunctionTool(name="get_weather", parameters={"type": "object"})],
        ),
    )
    assert rt_codec.event_to_dict(update) == {
        "event_id": "evt_1",
        "type": "session.update",
        "session": {
            "type": "realtime",
            "instructions": "Be brief.",
            "audio": {"input": {"turn_detection": None}, "output": {"voice": "marin"}},
            "tools": [
                {"type": "function", "name": "get_weather", "parameters": {"type": "object"}}
            ],
        },
    }
    # What we build, we decode back to the same objects.
    assert rt_codec.decode_client_event(rt_codec.encode_event(update), strict=True) == update


def test_repr_shortens_audio() -> None:
    event = rt_codec.decode_server_event(dict(AUDIO_DELTA, delta="A" * 2_000_000))
    text = repr(event)
    assert len(text) < 400
    assert "2000000 chars" in text
    assert "UNSET" not in text


def test_translation_dialect() -> None:
    raw = (SAMPLES / "translation/server/session.output_audio.delta/spec.json").read_bytes()
    event = translation.decode_server_event(raw, strict=True)
    assert isinstance(event, rt_codec.TranslationSessionOutputAudioDeltaEvent)
    assert translation.encode_event(event) == rt_codec.encode_event(event)
    # The realtime decoder does not know translation-only types.
    assert isinstance(rt_codec.decode_server_event(raw), UnknownEvent)


def test_encode_rejects_what_is_not_an_event() -> None:
    with pytest.raises(rt_codec.EncodeError) as caught:
        rt_codec.encode_event(object())
    assert str(caught.value) == "Expected an rt_codec event or a dict, got object"
    # A model is not an event, though it encodes itself inside one.
    with pytest.raises(rt_codec.EncodeError) as caught:
        rt_codec.encode_event(rt_codec.PcmAudioFormat())  # type: ignore[arg-type]
    assert str(caught.value).startswith("rt_codec.PcmAudioFormat is a model, not an event")
    # A dict where a model belongs says so, not what attribute it lacks.
    with pytest.raises(rt_codec.EncodeError) as caught:
        rt_codec.encode_event(rt_codec.ResponseCreateEvent(response={"instructions": "hi"}))  # type: ignore[arg-type]
    assert "got a dict: this field takes an rt_codec model object" in str(caught.value)
    assert caught.value.pointer == "/response"


def test_a_foreign_event_is_named_in_full() -> None:
    """Both packages export an `InputAudioBufferAppendEvent`: the error tells which one came."""

    class InputAudioBufferAppendEvent:  # stands for another library's model
        def to_dict(self) -> dict[str, str]:
            return {"type": "input_audio_buffer.append", "audio": ""}

    foreign = InputAudioBufferAppendEvent()
    with pytest.raises(rt_codec.EncodeError) as caught:
        rt_codec.encode_event(foreign)  # type: ignore[arg-type]
    message = str(caught.value)
    assert (
        f"{__name__}.test_a_foreign_event_is_named_in_full.<locals>.InputAudioBufferAppendEvent"
        in message
    )
    assert "`.to_dict()`" in message
    [finding] = rt_codec.validate_client_event(foreign)
    assert finding.rule == "json" and __name__ in finding.message
    bad = rt_codec.InputAudioBufferAppendEvent(audio=b"raw bytes")  # type: ignore[arg-type]
    with pytest.raises(rt_codec.EncodeError) as caught:
        rt_codec.encode_event(bad)
    assert str(caught.value) == (
        "Expected `string`, got `bytes` - at `/audio` in `input_audio_buffer.append`"
    )


def test_deep_nesting() -> None:
    deep_json = b'{"type": "response.create", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    with pytest.raises(DecodeError, match="Nested deeper than 1024 levels"):
        rt_codec.decode_client_event(deep_json)
    deep: Any = "x"
    for _ in range(100_000):
        deep = [deep]
    # Given as a dict, deep nesting in a field the schema does not know is kept as it is.
    event = rt_codec.decode_client_event({"type": "response.create", "x_deep": deep})
    assert isinstance(event, rt_codec.ResponseCreateEvent)
    assert event._extra is not None and event._extra["x_deep"] is deep


def test_integral_float_is_an_integer_and_kept() -> None:
    """JSON Schema counts 1.0 as an integer; it decodes, and is written back as 1.0."""
    raw = dict(AUDIO_DELTA, output_index=1.0)
    event = rt_codec.decode_server_event(raw, strict=True)
    assert isinstance(event, rt_codec.ResponseOutputAudioDeltaEvent)
    assert b'"output_index":1.0' in rt_codec.encode_event(event)


@pytest.mark.parametrize(
    ("direction", "event", "dialect"),
    [
        ("server", {"type": "response.audio.delta"}, "beta"),
        ("server", {"type": "response.output_audio.delta"}, "realtime"),
        ("server", {"type": "conversation.item.added"}, "realtime"),
        # GA has it too now (the reference's GA component, the npm package's GA types): no tell
        ("client", {"type": "transcription_session.update", "session": {}}, None),
        ("client", {"type": "session.update", "session": {"type": "realtime"}}, "realtime"),
        ("client", {"type": "session.update", "session": {"instructions": "x"}}, "beta"),
        ("client", {"type": "response.create", "response": {"modalities": ["text"]}}, "beta"),
        (
            "client",
            {"type": "response.create", "response": {"output_modalities": ["text"]}},
            "realtime",
        ),
        ("client", {"type": "response.create"}, None),
        # Fields only one dialect's schema defines there tell it (the generator works them out
        # from `x-sniff`); fields of both say nothing.
        ("client", {"type": "response.create", "response": {"temperature": 0.8}}, "beta"),
        ("client", {"type": "response.create", "response": {"reasoning": {}}}, "realtime"),
        ("client", {"type": "response.create", "response": {"modalities": [], "audio": {}}}, None),
        ("server", {"type": "response.done", "response": {"voice": "x"}}, "beta"),
        # a session without `type` is not GA, whose sessions always have it
        ("server", {"type": "session.created", "session": {"audio": {}}}, "beta"),
        (
            "server",
            {"type": "session.created", "session": {"type": "realtime", "voice": "x"}},
            None,
        ),
        ("server", {"type": "session.created", "session": "x"}, None),
        ("client", {"type": "input_audio_buffer.append", "audio": ""}, None),
        ("server", {"type": 5}, None),
    ],
)
def test_dialect_sniffing(direction: str, event: dict[str, Any], dialect: str | None) -> None:
    assert sniff(event, direction) == dialect


def test_a_session_of_an_unknown_kind_makes_the_event_unknown() -> None:
    """The Session union says `x-unknown-kind: event`: its field is typed by the known kinds alone
    (so `event.session.id` type-checks), and a kind it does not know keeps the whole event raw."""
    raw = {"type": "session.created", "event_id": "e1", "session": {"type": "video", "id": "s"}}
    event = rt_codec.decode_server_event(raw)
    assert isinstance(event, UnknownEvent) and event.raw == raw
    assert event.error is not None and event.error.pointer == "/session/type"
    assert rt_codec.encode_event(event) == orjson.dumps(raw)
    with pytest.raises(rt_codec.DecodeError):
        rt_codec.decode_server_event(raw, strict=True)
    # Where the schemas keep unknown kinds (items), the event stays typed around a dict.
    item = {"type": "hologram", "id": "i"}
    added = rt_codec.decode_server_event(
        {"type": "conversation.item.added", "event_id": "e2", "item": item}
    )
    assert isinstance(added, rt_codec.ConversationItemAddedEvent) and added.item == item
    # Building one with a dict for the session is refused: the field takes a session model.
    built = rt_codec.SessionCreatedEvent(event_id="e", session={"type": "video"})  # type: ignore[arg-type]
    with pytest.raises(rt_codec.EncodeError) as caught:
        rt_codec.encode_event(built)
    assert caught.value.pointer == "/session"
