"""The event builders: each keyword lands on a field the built event's schema has, what is not given
is not sent, the output validates clean, and a wrong value is refused (by the type checker for the
schemas' known values, at run time for the rest)."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import rt_codec
from rt_codec import audio, builders, catalogue
from tests.conftest import ROOT

VOICES = typing.get_args(catalogue.VoiceName)
FORMAT_NAMES = [*catalogue.ENCODINGS, *catalogue.VALUES["BetaAudioFormat"]]
TOOL = rt_codec.FunctionTool(name="f")

# builder -> keyword -> (a value, the path of keys where the wire event carries it)
KEYWORDS: dict[Callable[..., Any], dict[str, tuple[Any, tuple[str, ...]]]] = {
    builders.session_update: {
        "instructions": ("Be brief.", ("session", "instructions")),
        "model": ("gpt-realtime-2", ("session", "model")),
        "output_modalities": (["text"], ("session", "output_modalities")),
        "voice": ("marin", ("session", "audio", "output", "voice")),
        "speed": (1.25, ("session", "audio", "output", "speed")),
        "input_format": ("g711_ulaw", ("session", "audio", "input", "format")),
        "output_format": ("audio/pcma", ("session", "audio", "output", "format")),
        "turn_detection": (None, ("session", "audio", "input", "turn_detection")),
        "transcription": ("gpt-transcribe", ("session", "audio", "input", "transcription")),
        "noise_reduction": (None, ("session", "audio", "input", "noise_reduction")),
        "tools": ([TOOL], ("session", "tools")),
        "tool_choice": ("required", ("session", "tool_choice")),
        "parallel_tool_calls": (False, ("session", "parallel_tool_calls")),
        "max_output_tokens": (100, ("session", "max_output_tokens")),
        "event_id": ("e1", ("event_id",)),
    },
    builders.response_create: {
        "instructions": ("Say hi.", ("response", "instructions")),
        "output_modalities": (["audio"], ("response", "output_modalities")),
        "voice": ("cedar", ("response", "audio", "output", "voice")),
        "output_format": ("pcm16", ("response", "audio", "output", "format")),
        "tools": ([TOOL], ("response", "tools")),
        "tool_choice": ("none", ("response", "tool_choice")),
        "max_output_tokens": (50, ("response", "max_output_tokens")),
        "metadata": ({"turn": "1"}, ("response", "metadata")),
        "event_id": ("e2", ("event_id",)),
    },
    builders.user_message: {
        "text": ("Hello", ("item", "content", "0", "text")),
        "previous_item_id": ("i0", ("previous_item_id",)),
        "event_id": ("e3", ("event_id",)),
    },
    builders.function_call_output: {
        "call_id": ("call_1", ("item", "call_id")),
        "output": ('{"ok": true}', ("item", "output")),
        "previous_item_id": ("i0", ("previous_item_id",)),
        "event_id": ("e4", ("event_id",)),
    },
    builders.input_audio_append: {
        "pcm": (bytes(6), ("audio",)),
        "event_id": ("e5", ("event_id",)),
    },
}
REQUIRED = {
    builders.user_message: ("Hello",),
    builders.function_call_output: ("call_1", "{}"),
    builders.input_audio_append: (b"",),
}


def build(builder: Callable[..., Any], name: str, value: Any) -> dict[str, Any]:
    """The wire dict of `builder` called with its required arguments and `name=value`."""
    params = inspect.signature(builder).parameters
    args = dict(zip(params, REQUIRED.get(builder, ()), strict=False))
    args[name] = value
    positional = [args.pop(p) for p in list(args) if params[p].kind is not params[p].KEYWORD_ONLY]
    return rt_codec.event_to_dict(builder(*positional, **args))


def schema_has(schema_file: Path, path: tuple[str, ...]) -> bool:
    """Whether the schema in `schema_file` has the property path `path` ("0": an array's item),
    through $ref and each anyOf/oneOf alternative."""

    def load(file: Path) -> Any:
        return json.loads(file.read_text())

    def walk(node: Any, base: Path, rest: tuple[str, ...]) -> bool:
        if not rest:
            return True
        if "$ref" in node:
            target = (base.parent / node["$ref"]).resolve()
            return walk(load(target), target, rest)
        for key in ("anyOf", "oneOf"):
            if any(walk(alt, base, rest) for alt in node.get(key, ())):
                return True
        if rest[0] == "0" and "items" in node:
            return walk(node["items"], base, rest[1:])
        prop = node.get("properties", {}).get(rest[0])
        return prop is not None and walk(prop, base, rest[1:])

    return walk(load(schema_file), schema_file, path)


def at(wire: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        wire = wire[int(key)] if isinstance(wire, list) else wire[key]
    return wire


CASES = [(b, name) for b, table in KEYWORDS.items() for name in table]


@pytest.mark.parametrize("builder", list(KEYWORDS), ids=lambda b: b.__name__)
def test_every_keyword_is_covered(builder: Callable[..., Any]) -> None:
    assert set(inspect.signature(builder).parameters) == set(KEYWORDS[builder])


@pytest.mark.parametrize(("builder", "name"), CASES, ids=[f"{b.__name__}-{n}" for b, n in CASES])
def test_a_keyword_lands_on_a_field_of_the_schema(builder: Callable[..., Any], name: str) -> None:
    value, path = KEYWORDS[builder][name]
    wire = build(builder, name, value)
    info = catalogue.lookup("realtime", "client", wire["type"])
    assert info is not None
    assert schema_has(rt_codec.schema_dir() / info.schema, path), (info.schema, path)
    carried = at(wire, path)  # a KeyError when the builder put it elsewhere
    shortened = {"transcription", "input_format", "output_format", "pcm", "tools"}
    if name not in shortened:  # those the builder expands from a name (checked below)
        assert carried == value
    assert rt_codec.validate_client_event(wire) == []


def test_nothing_is_sent_that_was_not_given() -> None:
    assert rt_codec.event_to_dict(builders.session_update()) == {
        "type": "session.update",
        "session": {"type": "realtime"},
    }
    assert rt_codec.event_to_dict(builders.response_create()) == {"type": "response.create"}
    voice_only = rt_codec.event_to_dict(builders.session_update(voice="ash"))["session"]
    assert voice_only["audio"] == {"output": {"voice": "ash"}}


def test_turn_detection_none_is_not_the_same_as_not_given() -> None:
    off = rt_codec.event_to_dict(builders.session_update(turn_detection=None, voice="ash"))
    kept = rt_codec.event_to_dict(builders.session_update(voice="ash"))
    assert off["session"]["audio"]["input"] == {"turn_detection": None}
    assert "input" not in kept["session"]["audio"]
    vad = rt_codec.ServerVad(silence_duration_ms=400)
    on = rt_codec.event_to_dict(builders.session_update(turn_detection=vad))
    assert on["session"]["audio"]["input"]["turn_detection"]["silence_duration_ms"] == 400


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_every_format_name_builds_a_valid_session_and_response(name: str) -> None:
    event = builders.session_update(input_format=name, output_format=name)
    wire = rt_codec.event_to_dict(event)
    assert rt_codec.validate_client_event(wire) == []
    fmt = wire["session"]["audio"]["input"]["format"]
    assert fmt == wire["session"]["audio"]["output"]["format"]
    # the name and its object are the same audio, as the audio module times it
    assert audio.bytes_per_second(fmt) == audio.duration(1, name) ** -1  # type: ignore[operator]
    response = rt_codec.event_to_dict(builders.response_create(output_format=name))
    assert rt_codec.validate_client_event(response) == []


def test_a_format_object_is_kept_as_given() -> None:
    fmt = rt_codec.PcmAudioFormat(rate=24000)
    event = builders.session_update(input_format=fmt)
    assert event.session.audio.input.format is fmt  # type: ignore[union-attr]


@pytest.mark.parametrize("voice", VOICES[::3])
def test_voices_validate(voice: str) -> None:
    for event in (builders.session_update(voice=voice), builders.response_create(voice=voice)):  # type: ignore[arg-type]
        assert rt_codec.validate_client_event(rt_codec.event_to_dict(event)) == []


def literal_values(hint: Any) -> set[Any]:
    """Every value of the Literal types inside a type hint."""
    if typing.get_origin(hint) is typing.Literal:
        return set(typing.get_args(hint))
    return set().union(*(literal_values(arg) for arg in typing.get_args(hint)))


@pytest.mark.parametrize(
    ("alias", "cls", "field"),
    [
        (catalogue.VoiceName, rt_codec.SessionAudioOutput, "voice"),
        (catalogue.VoiceName, rt_codec.ResponseAudioOutput, "voice"),
        (catalogue.Modality, rt_codec.RealtimeSessionConfig, "output_modalities"),
        (catalogue.Modality, rt_codec.ResponseConfig, "output_modalities"),
        (catalogue.ToolChoiceMode, rt_codec.ResponseConfig, "tool_choice"),
        (catalogue.RealtimeModel, rt_codec.RealtimeSessionConfig, "model"),
        (catalogue.TranscriptionModel, rt_codec.AudioTranscription, "model"),
    ],
)
def test_the_named_values_are_the_generated_fields_values(
    alias: Any, cls: type, field: str
) -> None:
    assert set(typing.get_args(alias)) == literal_values(typing.get_type_hints(cls)[field])


def test_a_full_session_update_validates_and_round_trips() -> None:
    event = builders.session_update(
        instructions="Be brief.",
        model="gpt-realtime-2",
        output_modalities=["audio"],
        voice="marin",
        input_format="pcm16",
        output_format="pcm16",
        turn_detection=rt_codec.SemanticVad(),
        transcription=rt_codec.AudioTranscription(model="gpt-transcribe", language="en"),
        tools=[
            builders.function_tool("get_time", description="Now.", parameters={"type": "object"})
        ],
        tool_choice="auto",
    )
    frame = rt_codec.encode_event(event)
    assert rt_codec.validate_client_event(frame) == []
    assert rt_codec.encode_event(rt_codec.decode_client_event(frame)) == frame


def test_bad_input_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match=r"'opus'.*pcm16"):
        builders.session_update(input_format="opus")
    with pytest.raises(ValueError, match="pcm16_8000hz"):  # a Voice Live name GA does not take
        builders.session_update(output_format="pcm16_8000hz")
    with pytest.raises(TypeError, match="list"):
        builders.session_update(output_modalities="audio")  # type: ignore[arg-type]
    too_long = memoryview(bytearray(audio.MAX_APPEND_BYTES + 2))
    with pytest.raises(ValueError, match=f"{audio.MAX_APPEND_BYTES + 2} bytes is over"):
        builders.input_audio_append(too_long)  # type: ignore[arg-type]
    at_limit = builders.input_audio_append(bytes(audio.MAX_APPEND_BYTES))
    assert rt_codec.validate_client_event(rt_codec.event_to_dict(at_limit)) == []
    # a wrong kind of value is the encoder's refusal, at its field
    with pytest.raises(rt_codec.EncodeError, match="/session/instructions"):
        rt_codec.encode_event(builders.session_update(instructions=5))  # type: ignore[arg-type]


MISUSE = """
import rt_codec
rt_codec.session_update(voice="marin", output_modalities=["audio"], tool_choice="auto")
rt_codec.session_update(voice="juniper")
rt_codec.session_update(output_modalities=["video"])
rt_codec.response_create(tool_choice="sometimes")
rt_codec.session_update(transcription="whisper-2")
rt_codec.session_update("Be brief.")
"""


def test_the_type_checker_catches_unknown_values(tmp_path: Path) -> None:
    source = tmp_path / "misuse_builders.py"
    source.write_text(MISUSE)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(source)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = {int(line.split(":")[1]) for line in result.stdout.splitlines() if ": error:" in line}
    assert lines == {4, 5, 6, 7, 8}, result.stdout


def test_formats_as_json_objects_and_wrong_kinds() -> None:
    made = rt_codec.session_update(input_format={"type": "audio/pcm", "rate": 24000})
    assert rt_codec.validate_client_event(rt_codec.encode_event(made)) == []
    assert builders.audio_format({"type": "audio/pcmu"}) == rt_codec.PcmuAudioFormat()
    assert builders.audio_format({"type": "audio/opus"}) == {
        "type": "audio/opus"
    }  # a new kind stays
    with pytest.raises(ValueError, match="/rate"):
        builders.audio_format({"type": "audio/pcm", "rate": "fast"})
    for wrong in (None, 5, rt_codec.ServerVad()):
        with pytest.raises(TypeError, match="a name, a format object or its JSON object"):
            rt_codec.session_update(input_format=wrong)  # type: ignore[arg-type]


@pytest.mark.parametrize("wrong", [None, 5, "text", {"type": "function", "name": "f"}])
def test_list_arguments_refuse_what_is_not_a_list(wrong: Any) -> None:
    for build in (rt_codec.session_update, rt_codec.response_create):
        with pytest.raises(TypeError, match="tools takes a list"):
            build(tools=wrong)
        with pytest.raises(TypeError, match="output_modalities takes a list"):
            build(output_modalities=wrong)
    with pytest.raises(TypeError, match="tools takes a list, not FunctionTool"):
        rt_codec.session_update(tools=rt_codec.function_tool("f"))  # type: ignore[arg-type]
