"""Encoding refuses what is not the protocol, naming the field by JSON Pointer and the event type:
wrong JSON kinds, NaN and infinities, a foreign `type`, `_extra` keys that shadow fields; and what
is valid JSON, however deep, is written."""

from __future__ import annotations

import math
from typing import Any

import orjson
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from jsonschema import ValidationError

import rt_codec
from rt_codec import UNSET, EncodeError, UnknownEvent, beta, rest, strategies
from tests.test_codec import AUDIO_DELTA, DECODERS
from tests.test_properties import EVENTS, IDS, validator


def refusal(event: object) -> EncodeError:
    """The EncodeError of `event`, which encode_event and event_to_dict must agree on."""
    with pytest.raises(EncodeError) as caught:
        rt_codec.encode_event(event)
    with pytest.raises(EncodeError) as again:
        rt_codec.event_to_dict(event)
    assert str(again.value) == str(caught.value)
    return caught.value


def session_update(**config: Any) -> rt_codec.SessionUpdateEvent:
    return rt_codec.SessionUpdateEvent(session=rt_codec.RealtimeSessionConfig(**config))


# --- wrong JSON kinds --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind"),
    [(5, "integer"), (None, "null"), ({"id": "x"}, "object"), (["x"], "array"), (True, "boolean")],
)
def test_a_string_field_refuses_other_kinds(value: Any, kind: str) -> None:
    error = refusal(rt_codec.ConversationItemDeleteEvent(item_id=value))
    assert (
        str(error)
        == f"Expected `string`, got `{kind}` - at `/item_id` in `conversation.item.delete`"
    )
    assert error.pointer == "/item_id"
    assert error.path == ("item_id",)
    assert error.event_type == "conversation.item.delete"
    assert error.reason == f"Expected `string`, got `{kind}`"


def test_unset_means_omitted_and_a_required_field_cannot_be_unset() -> None:
    event = rt_codec.ConversationItemDeleteEvent(item_id="item_1", event_id=UNSET)
    assert rt_codec.event_to_dict(event) == {
        "type": "conversation.item.delete",
        "item_id": "item_1",
    }
    error = refusal(rt_codec.ConversationItemDeleteEvent(item_id=UNSET))  # type: ignore[arg-type]
    assert str(error) == (
        "Object missing required field `item_id` - at `/` in `conversation.item.delete`"
    )


def test_a_nullable_field_may_be_none() -> None:
    part = rt_codec.InputAudioContent(audio="AAAA", transcript=None)
    item = rt_codec.UserMessageItem(content=[part])
    event = rt_codec.ConversationItemCreateEvent(item=item)
    assert rt_codec.event_to_dict(event)["item"]["content"] == [
        {"type": "input_audio", "audio": "AAAA", "transcript": None}
    ]
    part.transcript = 7  # type: ignore[assignment]
    assert str(refusal(event)) == (
        "Expected `string`, got `integer` - at `/item/content/0/transcript`"
        " in `conversation.item.create`"
    )


def test_integers_numbers_and_booleans() -> None:
    def vad(**fields: Any) -> rt_codec.SessionUpdateEvent:
        audio = rt_codec.SessionAudio(
            input=rt_codec.SessionAudioInput(turn_detection=rt_codec.ServerVad(**fields))
        )
        return session_update(audio=audio)

    where = " - at `/session/audio/input/turn_detection/{}` in `session.update`"
    # 1.0 is an integer to JSON Schema, and decoding keeps it as written.
    assert rt_codec.event_to_dict(vad(silence_duration_ms=500.0, threshold=1))
    assert str(refusal(vad(silence_duration_ms=0.5))) == (
        "Expected `integer`, got `number`" + where.format("silence_duration_ms")
    )
    assert str(refusal(vad(silence_duration_ms=True))) == (
        "Expected `integer`, got `boolean`" + where.format("silence_duration_ms")
    )
    assert str(refusal(vad(threshold="0.5"))) == (
        "Expected `number`, got `string`" + where.format("threshold")
    )
    assert str(refusal(vad(create_response=1))) == (
        "Expected `boolean`, got `integer`" + where.format("create_response")
    )
    assert str(refusal(vad(idle_timeout_ms="5"))) == (
        "Expected `integer`, got `string`" + where.format("idle_timeout_ms")
    )
    assert rt_codec.event_to_dict(vad(idle_timeout_ms=None))  # nullable


def test_list_items_and_union_branches() -> None:
    error = refusal(session_update(output_modalities=["audio", 5]))
    assert str(error) == (
        "Expected `string`, got `integer` - at `/session/output_modalities/1` in `session.update`"
    )
    error = refusal(session_update(output_modalities="audio"))
    assert error.pointer == "/session/output_modalities"
    assert error.reason == "Expected `array`, got `string`"
    assert rt_codec.event_to_dict(session_update(max_output_tokens=100))
    assert rt_codec.event_to_dict(session_update(max_output_tokens="inf"))
    error = refusal(session_update(max_output_tokens=1.5))
    assert error.pointer == "/session/max_output_tokens"
    assert error.reason == "Expected `string or integer`, got `number`"


def test_a_model_field_refuses_a_dict_or_a_foreign_object() -> None:
    error = refusal(rt_codec.ResponseDoneEvent(event_id="e", response={"id": "r"}))  # type: ignore[arg-type]
    assert str(error) == (
        "Expected `Response`, got a dict: this field takes an rt_codec model object - at `/response` in `response.done`"
    )
    tool = rt_codec.FunctionTool(name="f")
    error = refusal(rt_codec.ResponseDoneEvent(event_id="e", response=tool))  # type: ignore[arg-type]
    assert str(error) == (
        "Expected `Response`, got `rt_codec.FunctionTool` - at `/response` in `response.done`"
    )
    error = refusal(session_update(tools=[tool, rt_codec.ServerVad()]))
    assert error.pointer == "/session/tools/1"
    assert error.reason.startswith("Expected `")
    assert error.reason.endswith("`, got `rt_codec.ServerVad`")


def test_a_union_of_models_keeps_dicts_of_unknown_kinds_only() -> None:
    """Decoding keeps an item of a kind it does not know as a dict; a dict of a known kind must be
    its class, and a dict without its discriminator is no member at all."""
    future = {"type": "future_item", "payload": [1, {"a": None}]}
    event = rt_codec.ConversationItemCreateEvent(item=future)
    assert rt_codec.event_to_dict(event)["item"] == future
    user = {"type": "message", "role": "user", "content": []}
    error = refusal(rt_codec.ConversationItemCreateEvent(item=user))
    assert str(error) == (
        "Expected `UserMessageItem`, got `object` - at `/item` in `conversation.item.create`"
    )
    error = refusal(rt_codec.ConversationItemCreateEvent(item={"role": "user"}))
    assert str(error) == (
        "Object missing required field `type` - at `/item` in `conversation.item.create`"
    )
    error = refusal(rt_codec.ConversationItemCreateEvent(item={"type": 3}))
    assert error.pointer == "/item/type"
    error = refusal(rt_codec.ConversationItemCreateEvent(item=5))  # type: ignore[arg-type]
    assert str(error) == (
        "Expected `ConversationItem`, got `integer` - at `/item` in `conversation.item.create`"
    )
    error = refusal(rt_codec.ConversationItemCreateEvent(item={**future, "x": [math.nan]}))
    assert error.pointer == "/item/x/0"


# --- NaN and infinities ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_number_field_refuses_nan_and_infinities(value: float) -> None:
    audio = rt_codec.SessionAudio(output=rt_codec.SessionAudioOutput(speed=value))
    error = refusal(session_update(audio=audio))
    assert str(error) == (
        f"Expected a finite `number`, got `{value!r}` - at `/session/audio/output/speed`"
        " in `session.update`"
    )


def test_nan_in_free_form_values_and_extras() -> None:
    tool = rt_codec.FunctionTool(name="f", parameters={"properties": {"x": {"maximum": math.inf}}})
    error = refusal(session_update(tools=[tool]))
    assert str(error) == (
        "Expected a finite `number`, got `inf` - at `/session/tools/0/parameters/properties/x"
        "/maximum` in `session.update`"
    )
    event = rt_codec.InputAudioBufferAppendEvent(
        audio="AAAA", _extra={"x_new": [1, {"y": math.nan}]}
    )
    assert str(refusal(event)) == (
        "Expected a finite `number`, got `nan` - at `/x_new/1/y` in `input_audio_buffer.append`"
    )
    nested = rt_codec.FunctionTool(name="f", _extra={"x_score": -math.inf})
    assert refusal(session_update(tools=[nested])).pointer == "/session/tools/0/x_score"
    assert str(refusal({"type": "x.y", "a": [math.nan]})) == (
        "Expected a finite `number`, got `nan` - at `/a/0` in `x.y`"
    )
    unknown = UnknownEvent("x.y", {"type": "x.y", "v": math.inf})
    assert str(refusal(unknown)) == "Expected a finite `number`, got `inf` - at `/v` in `x.y`"


def test_free_form_values_must_be_plain_json() -> None:
    tool = rt_codec.FunctionTool(name="f", parameters={"a": {1: "x"}})
    error = refusal(session_update(tools=[tool]))
    assert error.pointer == "/session/tools/0/parameters/a"
    assert error.reason == "Expected a `string` key, got `integer` 1"
    tool = rt_codec.FunctionTool(name="f", parameters={"a": rt_codec.ServerVad()})
    error = refusal(session_update(tools=[tool]))
    assert error.pointer == "/session/tools/0/parameters/a"
    assert error.reason == "Expected a JSON value, got `rt_codec.ServerVad`"
    error = refusal(session_update(tools=[rt_codec.FunctionTool(parameters=[])]))  # type: ignore[arg-type]
    assert error.reason == "Expected `object`, got `array`"


def test_a_value_that_holds_itself_is_refused_not_walked_forever() -> None:
    loop: dict[str, Any] = {"type": "x.y"}
    loop["a"] = [1, {"b": loop}]
    for event in (UnknownEvent("x.y", loop), loop):
        error = refusal(event)
        assert error.pointer == "/a/1/b"
        assert error.reason == "Expected a JSON value, got a container that holds itself"
    tool = rt_codec.FunctionTool(name="f", parameters=loop)
    assert refusal(session_update(tools=[tool])).pointer == "/session/tools/0/parameters/a/1/b"
    shared = [1, {"c": 2}]  # the same list twice is no cycle
    event = UnknownEvent("x.y", {"type": "x.y", "a": shared, "b": [shared, {"d": shared}]})
    assert orjson.loads(rt_codec.encode_event(event))["b"][1] == {"d": [1, {"c": 2}]}


# --- identity: the `type` and other consts ---------------------------------------------------------


def test_a_foreign_type_is_refused() -> None:
    event = rt_codec.InputAudioBufferAppendEvent(audio="AAAA", type="response.create")  # type: ignore[arg-type]
    assert str(refusal(event)) == (
        "Invalid value 'response.create', expected 'input_audio_buffer.append' - at `/type`"
        " in `input_audio_buffer.append`"
    )
    item = rt_codec.UserMessageItem(content=[], role="assistant")  # type: ignore[arg-type]
    error = refusal(rt_codec.ConversationItemCreateEvent(item=item))
    assert str(error) == (
        "Invalid value 'assistant', expected 'user' - at `/item/role` in `conversation.item.create`"
    )


def test_an_alias_encodes_back_and_only_its_own() -> None:
    raw = dict(AUDIO_DELTA, type="response.audio.delta")
    event = rt_codec.decode_server_event(raw, strict=True)
    assert isinstance(event, rt_codec.ResponseOutputAudioDeltaEvent)
    assert orjson.loads(rt_codec.encode_event(event)) == raw
    event.item_id = None  # type: ignore[assignment]
    assert str(refusal(event)) == (
        "Expected `string`, got `null` - at `/item_id` in `response.audio.delta`"
    )
    event.item_id = "item_1"
    event._alias = "response.text.delta"
    assert str(refusal(event)) == (
        "Invalid value 'response.text.delta', expected 'response.output_audio.delta' - at"
        " `/type` in `response.output_audio.delta`"
    )
    # The beta class, received under the GA name, writes the GA name back.
    ga = dict(AUDIO_DELTA)
    beta_event = beta.decode_server_event(ga, strict=True)
    assert beta_event.wire_type == "response.output_audio.delta"
    assert orjson.loads(beta.encode_event(beta_event)) == ga


def test_a_subclass_of_an_event_class_is_an_event() -> None:
    class Clear(rt_codec.InputAudioBufferClearEvent):
        pass

    class Delete(rt_codec.ConversationItemDeleteEvent):
        pass

    assert rt_codec.encode_event(Clear(event_id="e")) == (
        b'{"event_id":"e","type":"input_audio_buffer.clear"}'
    )
    assert rt_codec.event_to_dict(Clear()) == {"type": "input_audio_buffer.clear"}
    error = refusal(Delete(item_id=5))  # type: ignore[arg-type]
    assert (
        str(error)
        == "Expected `string`, got `integer` - at `/item_id` in `conversation.item.delete`"
    )

    class Tool(rt_codec.FunctionTool):  # a model's subclass is still a model
        pass

    with pytest.raises(EncodeError, match="is a model, not an event"):
        rt_codec.encode_event(Tool(name="f"))  # type: ignore[arg-type]


def test_an_unknown_event_keeps_its_type() -> None:
    assert rt_codec.encode_event(UnknownEvent("x.y", {"type": "x.y"})) == b'{"type":"x.y"}'
    error = refusal(UnknownEvent("x.y", {"type": "x.z"}))
    assert str(error) == "Invalid value 'x.z', expected 'x.y' - at `/type` in `x.y`"


# --- _extra -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["audio", "type", "event_id"])
def test_extra_may_not_shadow_a_declared_field(key: str) -> None:
    event = rt_codec.InputAudioBufferAppendEvent(audio="AAAA", _extra={"x_ok": 1, key: "BBBB"})
    assert str(refusal(event)) == (
        f"`_extra` holds `{key}`, a declared field: set the attribute instead - at `/{key}`"
        " in `input_audio_buffer.append`"
    )


def test_extra_is_a_dict_with_string_keys() -> None:
    event = rt_codec.InputAudioBufferAppendEvent(audio="AAAA", _extra={1: "x"})  # type: ignore[dict-item]
    assert refusal(event).reason == "Expected a `string` key, got `integer` 1"
    event = rt_codec.InputAudioBufferAppendEvent(audio="AAAA", _extra=[("x", 1)])  # type: ignore[arg-type]
    assert refusal(event).reason == "Expected `_extra` to be a `dict`, got `array`"


# --- depth ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [254, 255, 600, 1000])
def test_deep_valid_events_round_trip(depth: int) -> None:
    """orjson reads deeper JSON than it writes (254 levels): what decodes must encode."""
    text = (
        b'{"type":"response.create","x_deep":' + b"[" * depth + b'{"a":1.5}' + b"]" * depth + b"}"
    )
    for decode in (rt_codec.decode_client_event, rt_codec.decode_server_event):
        event = decode(text)
        encoded = rt_codec.encode_event(event)
        assert encoded == text  # byte for byte: compact, as orjson writes


def test_deep_values_given_as_objects_encode_too() -> None:
    deep: Any = "x"
    for _ in range(20_000):
        deep = [deep]
    event = rt_codec.ResponseCreateEvent(_extra={"x_deep": deep, "x_text": 'é"\n\u2028'})
    encoded = rt_codec.encode_event(event)
    assert encoded.startswith(b'{"type":"response.create","x_deep":[[[')
    assert encoded.endswith(b']]],"x_text":"\xc3\xa9\\"\\n\xe2\x80\xa8"}')
    deep = [math.nan]
    for _ in range(2_000):
        deep = [deep]
    error = refusal(rt_codec.ResponseCreateEvent(_extra={"x_deep": deep}))
    assert error.pointer == "/x_deep" + "/0" * 2_001


def test_rest_bodies_refuse_too() -> None:
    body = rt_codec.RealtimeSessionConfig(
        audio=rt_codec.SessionAudio(output=rt_codec.SessionAudioOutput(speed=math.nan))
    )
    with pytest.raises(EncodeError) as caught:
        rest.encode_body(body)
    assert str(caught.value) == ("Expected a finite `number`, got `nan` - at `/audio/output/speed`")
    with pytest.raises(EncodeError) as caught:
        rest.body_to_dict(rt_codec.RealtimeSessionConfig(instructions=5))  # type: ignore[arg-type]
    assert str(caught.value) == "Expected `string`, got `integer` - at `/instructions`"
    with pytest.raises(EncodeError) as caught:
        rest.encode_body({"type": "realtime", "x": {"y": -math.inf}})
    assert str(caught.value) == "Expected a finite `number`, got `-inf` - at `/x/y`"
    deep: Any = 1
    for _ in range(600):
        deep = [deep]
    assert rest.encode_body({"x": deep}) == b'{"x":' + b"[" * 600 + b"1" + b"]" * 600 + b"}"


# --- properties over every event ------------------------------------------------------------------


@pytest.mark.parametrize(("dialect", "direction", "wire"), EVENTS, ids=IDS)
@given(data=st.data())
def test_drawn_events_encode_and_round_trip(
    dialect: str, direction: str, wire: str, data: st.DataObject
) -> None:
    """Every schema-valid event, typed, encodes to what it came from, and decodes back equal."""
    value = data.draw(strategies.event(wire, direction, dialect))
    decode = DECODERS[dialect, direction]
    typed = decode(orjson.dumps(value), strict=True)
    encoded = rt_codec.encode_event(typed)
    assert orjson.loads(encoded) == value
    assert rt_codec.event_to_dict(typed) == value
    assert decode(encoded, strict=True) == typed
    typed.type = "not.this"
    error = refusal(typed)
    assert (error.pointer, error.event_type) == ("/type", wire)


# Values of each JSON kind; a field that refuses a kind must say so at its own pointer.
MUTANTS = [True, 12345, 1.5, "mutated", None, [], {}, [7], {"k": 7}]


def encoder_refuses(error: ValidationError) -> bool:
    """Whether a schema error is one the encoder reports: a wrong kind, const or model shape, not an
    enum or a limit (validation's business); a union fails only when each of its branches does."""
    if error.validator in ("type", "const", "required"):
        return True
    if error.validator == "anyOf" and all(
        sub.validator == "required" for sub in error.context or ()
    ):
        # A member's selection beside its $ref (`anyOf` of `required` groups): a dict with none of
        # them is kept raw where members may come without their discriminator.
        return False
    if error.validator in ("anyOf", "oneOf"):
        branches: dict[object, list[ValidationError]] = {}
        for sub in error.context or ():
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        return all(
            any(encoder_refuses(sub) for sub in branches.get(index, []))
            for index in range(len(error.validator_value))  # type: ignore[arg-type]
        )
    return False


def _attr(event: object, wire: str) -> str:
    return wire if hasattr(type(event), wire) else wire + "_"


@pytest.mark.parametrize(("dialect", "direction", "wire"), EVENTS, ids=IDS)
@given(data=st.data())
def test_a_field_set_to_a_wrong_kind_is_refused_at_its_pointer(
    dialect: str, direction: str, wire: str, data: st.DataObject
) -> None:
    value = data.draw(strategies.event(wire, direction, dialect))
    decode = DECODERS[dialect, direction]
    typed = decode(orjson.dumps(value), strict=True)
    declared = type(typed).__dataclass_fields__
    fields = sorted(k for k in value if k != "type" and _attr(typed, k) in declared)
    assume(fields)
    name = data.draw(st.sampled_from(fields))
    attr = _attr(typed, name)
    if data.draw(st.booleans(), label="unset"):
        setattr(typed, attr, UNSET)
        if declared[attr].default is UNSET:  # optional: simply left out
            expected = {k: v for k, v in value.items() if k != name}
            assert orjson.loads(rt_codec.encode_event(typed)) == expected
        else:
            error = refusal(typed)
            assert (error.pointer, error.reason) == (
                "",
                f"Object missing required field `{name}`",
            )
        return
    mutant = data.draw(st.sampled_from(MUTANTS), label="value")
    wrong = [
        e
        for e in validator(dialect, direction, wire).iter_errors({**value, name: mutant})
        if encoder_refuses(e)
    ]
    held = getattr(typed, attr)
    setattr(typed, attr, mutant)
    if not wrong and type(mutant) is dict and hasattr(type(held), "_wire"):
        kept = decode(orjson.dumps({**value, name: mutant}))
        if type(getattr(kept, attr, None)) is dict:
            # Decoding keeps it raw (no discriminator, and its fields tell no member): written
            # back as it came.
            assert orjson.loads(rt_codec.encode_event(typed)) == {**value, name: mutant}
            return
        # Valid JSON for a model whose fields are all optional; but a model field takes the model.
        error = refusal(typed)
        assert (error.pointer, error.reason) == (
            f"/{name}",
            f"Expected `{type(held).__name__}`, got a dict: this field takes an rt_codec model object",
        )
        return
    if not wrong:  # the field takes this kind (or only an enum or limit is broken)
        try:
            encoded = orjson.loads(rt_codec.encode_event(typed))
        except EncodeError as error:  # a nullable model field (held None) given a dict
            assert held is None and type(mutant) is dict, error
            assert error.pointer == f"/{name}" and error.reason.endswith("an rt_codec model object")
            return
        assert encoded == {**value, name: mutant}
        return
    error = refusal(typed)
    assert error.pointer.startswith(f"/{name}"), (error, [e.message for e in wrong])
    assert error.event_type == wire
