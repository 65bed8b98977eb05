"""rt_codec.convert: beta <-> GA events, by hand per family and as round-trip properties."""

from __future__ import annotations

import copy
import sys
import typing
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rt_codec
from rt_codec import beta, strategies
from rt_codec.convert import ConversionError, beta_to_ga, ga_to_beta

Json = dict[str, Any]
Convert = Callable[[Any], Any]

PCM = {"type": "audio/pcm", "rate": 24000}
PCMU = {"type": "audio/pcmu"}
PCMA = {"type": "audio/pcma"}
VAD = {"type": "server_vad", "threshold": 0.5, "silence_duration_ms": 200}
TRANSCRIBE = {"model": "gpt-4o-transcribe", "language": "en"}
TOOL = {"type": "function", "name": "lookup", "parameters": {"type": "object"}}
PROMPT = {"id": "pmpt_1", "version": "2"}

BETA_SESSION: Json = {
    "modalities": ["text", "audio"],
    "model": "gpt-realtime",
    "instructions": "Be brief.",
    "voice": "marin",
    "speed": 1.25,
    "input_audio_format": "pcm16",
    "output_audio_format": "g711_ulaw",
    "input_audio_transcription": TRANSCRIBE,
    "turn_detection": VAD,
    "input_audio_noise_reduction": {"type": "near_field"},
    "max_response_output_tokens": 512,
    "tracing": "auto",
    "tools": [TOOL],
    "tool_choice": "auto",
    "prompt": PROMPT,
    "include": ["item.input_audio_transcription.logprobs"],
    "truncation": "auto",
}
GA_SESSION: Json = {
    "type": "realtime",
    "output_modalities": ["audio"],  # beta asks for audio (with its transcript) as both
    "model": "gpt-realtime",
    "instructions": "Be brief.",
    "audio": {
        "input": {
            "format": PCM,
            "transcription": TRANSCRIBE,
            "turn_detection": VAD,
            "noise_reduction": {"type": "near_field"},
        },
        "output": {"format": PCMU, "voice": "marin", "speed": 1.25},
    },
    "max_output_tokens": 512,
    "tracing": "auto",
    "tools": [TOOL],
    "tool_choice": "auto",
    "prompt": PROMPT,
    "include": ["item.input_audio_transcription.logprobs"],
    "truncation": "auto",
}
SERVER_IDS = {"id": "sess_1", "object": "realtime.session", "expires_at": 1756324625}
TRANSCRIPTION_IDS = {**SERVER_IDS, "object": "realtime.transcription_session"}


def wire(event: object) -> Json:
    return rt_codec.codec.wire_dict(event)  # an event's or a model's JSON object


def both_ways(beta_event: Json, ga_event: Json) -> None:
    """The two wire dicts convert into each other, from dicts and from typed events alike."""
    assert wire(beta_to_ga(beta_event)) == ga_event
    assert wire(ga_to_beta(ga_event)) == beta_event
    assert wire(ga_to_beta(beta_to_ga(beta_event))) == beta_event
    assert wire(beta_to_ga(ga_to_beta(ga_event))) == ga_event


# --- sessions --------------------------------------------------------------------------------------


def test_session_update_maps_every_field() -> None:
    both_ways(
        {"type": "session.update", "event_id": "e1", "session": BETA_SESSION},
        {"type": "session.update", "event_id": "e1", "session": GA_SESSION},
    )


@pytest.mark.parametrize("kind", ["session.created", "session.updated"])
def test_session_reported_maps_ids(kind: str) -> None:
    both_ways(
        {"type": kind, "event_id": "e1", "session": {**BETA_SESSION, **SERVER_IDS}},
        {"type": kind, "event_id": "e1", "session": {**GA_SESSION, **SERVER_IDS}},
    )


def test_null_stays_null_and_omitted_stays_omitted() -> None:
    beta_event = {
        "type": "session.update",
        "session": {
            "turn_detection": None,
            "input_audio_transcription": None,
            "input_audio_noise_reduction": None,
            "tracing": None,
            "prompt": None,
            "include": None,
        },
    }
    ga_session = {
        "type": "realtime",
        "audio": {
            "input": {"turn_detection": None, "transcription": None, "noise_reduction": None}
        },
        "tracing": None,
        "prompt": None,
        "include": None,
    }
    both_ways(beta_event, {"type": "session.update", "session": ga_session})
    ga = beta_to_ga({"type": "session.update", "session": {"voice": "ash"}})
    assert wire(ga)["session"] == {"type": "realtime", "audio": {"output": {"voice": "ash"}}}
    assert isinstance(ga, rt_codec.SessionUpdateEvent)
    session = ga.session
    assert isinstance(session, rt_codec.RealtimeSessionConfig)
    assert isinstance(session.audio, rt_codec.SessionAudio)
    assert session.audio.input is rt_codec.UNSET


@pytest.mark.parametrize(
    ("name", "ga_format"), [("pcm16", PCM), ("g711_ulaw", PCMU), ("g711_alaw", PCMA)]
)
def test_audio_formats_map(name: str, ga_format: Json) -> None:
    both_ways(
        {
            "type": "session.update",
            "session": {"input_audio_format": name, "output_audio_format": name},
        },
        {
            "type": "session.update",
            "session": {
                "type": "realtime",
                "audio": {"input": {"format": ga_format}, "output": {"format": ga_format}},
            },
        },
    )


def test_pcm_without_rate_is_pcm16() -> None:
    ga = {
        "type": "session.update",
        "session": {"type": "realtime", "audio": {"input": {"format": {"type": "audio/pcm"}}}},
    }
    assert wire(ga_to_beta(ga))["session"] == {"input_audio_format": "pcm16"}


def test_older_ga_format_names_map_too() -> None:
    ga = {
        "type": "session.update",
        "session": {"type": "realtime", "input_audio_format": PCMA, "output_audio_format": PCMU},
    }
    assert wire(ga_to_beta(ga))["session"] == {
        "input_audio_format": "g711_alaw",
        "output_audio_format": "g711_ulaw",
    }
    same = {
        "type": "session.update",
        "session": {**ga["session"], "audio": {"input": {"format": PCMA}}},  # type: ignore[dict-item]
    }
    assert wire(ga_to_beta(same))["session"]["input_audio_format"] == "g711_alaw"


def test_transcription_session_update_both_ways() -> None:
    both_ways(
        {
            "type": "transcription_session.update",
            "event_id": "e2",
            "session": {
                "input_audio_format": "g711_alaw",
                "input_audio_transcription": TRANSCRIBE,
                "turn_detection": None,
                "input_audio_noise_reduction": {"type": "far_field"},
                "include": ["item.input_audio_transcription.logprobs"],
            },
        },
        {
            "type": "session.update",
            "event_id": "e2",
            "session": {
                "type": "transcription",
                "audio": {
                    "input": {
                        "format": PCMA,
                        "transcription": TRANSCRIBE,
                        "turn_detection": None,
                        "noise_reduction": {"type": "far_field"},
                    }
                },
                "include": ["item.input_audio_transcription.logprobs"],
            },
        },
    )


@pytest.mark.parametrize("verb", ["created", "updated"])
def test_transcription_session_reported_both_ways(verb: str) -> None:
    both_ways(
        {
            "type": f"transcription_session.{verb}",
            "event_id": "e3",
            "session": {**TRANSCRIPTION_IDS, "input_audio_format": "pcm16", "include": None},
        },
        {
            "type": f"session.{verb}",
            "event_id": "e3",
            "session": {
                "type": "transcription",
                **TRANSCRIPTION_IDS,
                "audio": {"input": {"format": PCM}},
                "include": None,
            },
        },
    )
    reported = {
        "type": f"transcription_session.{verb}",
        "event_id": "e",
        "session": TRANSCRIPTION_IDS,
    }
    ga = beta_to_ga(reported)
    assert isinstance(ga, rt_codec.SessionCreatedEvent | rt_codec.SessionUpdatedEvent)
    assert type(ga.session) is rt_codec.TranscriptionSession


# --- responses -------------------------------------------------------------------------------------


def test_response_create_both_ways() -> None:
    common = {
        "instructions": "Answer.",
        "tools": [TOOL],
        "tool_choice": {"type": "function", "name": "lookup"},
        "conversation": "none",
        "metadata": {"topic": "x"},
        "prompt": PROMPT,
        "input": [{"type": "item_reference", "id": "item_1"}],
    }
    both_ways(
        {
            "type": "response.create",
            "event_id": "e4",
            "response": {
                "modalities": ["text"],
                "voice": "cedar",
                "output_audio_format": "pcm16",
                "max_response_output_tokens": "inf",
                **common,
            },
        },
        {
            "type": "response.create",
            "event_id": "e4",
            "response": {
                "output_modalities": ["text"],
                "audio": {"output": {"voice": "cedar", "format": PCM}},
                "max_output_tokens": "inf",
                **common,
            },
        },
    )
    both_ways({"type": "response.create"}, {"type": "response.create"})


def test_response_create_reads_either_beta_token_limit() -> None:
    for name in ("max_output_tokens", "max_response_output_tokens"):
        ga = beta_to_ga({"type": "response.create", "response": {name: 7}})
        assert wire(ga)["response"] == {"max_output_tokens": 7}
    both = {"max_output_tokens": 7, "max_response_output_tokens": 7}
    assert wire(beta_to_ga({"type": "response.create", "response": both}))["response"] == {
        "max_output_tokens": 7
    }


@pytest.mark.parametrize("kind", ["response.created", "response.done"])
def test_response_reported_both_ways(kind: str) -> None:
    common = {
        "id": "resp_1",
        "object": "realtime.response",
        "status": "completed",
        "status_details": None,
        "output": [
            {
                "type": "message",
                "role": "assistant",
                "id": "item_2",
                "content": [{"type": "output_text", "text": "hi"}],
            }
        ],
        "metadata": None,
        "usage": None,
        "conversation_id": "conv_1",
        "max_output_tokens": 100,
    }
    both_ways(
        {
            "type": kind,
            "event_id": "e5",
            "response": {
                **common,
                "voice": "alloy",
                "modalities": ["text", "audio"],  # audio, as beta says it: with its transcript
                "output_audio_format": "g711_ulaw",
            },
        },
        {
            "type": kind,
            "event_id": "e5",
            "response": {
                **common,
                "audio": {"output": {"voice": "alloy", "format": PCMU}},
                "output_modalities": ["audio"],
            },
        },
    )


# --- renamed, shared and aliased events ------------------------------------------------------------

RENAMED = [
    ("response.audio.delta", "response.output_audio.delta", {"delta": "AAAA"}),
    ("response.audio.done", "response.output_audio.done", {}),
    ("response.audio_transcript.delta", "response.output_audio_transcript.delta", {"delta": "he"}),
    (
        "response.audio_transcript.done",
        "response.output_audio_transcript.done",
        {"transcript": "hello"},
    ),
    ("response.text.delta", "response.output_text.delta", {"delta": "he"}),
    ("response.text.done", "response.output_text.done", {"text": "hello"}),
]
PART = {"event_id": "e6", "response_id": "r", "item_id": "i", "output_index": 0, "content_index": 1}


@pytest.mark.parametrize(("beta_name", "ga_name", "fields"), RENAMED, ids=[r[0] for r in RENAMED])
def test_renamed_events(beta_name: str, ga_name: str, fields: Json) -> None:
    beta_event = {"type": beta_name, **PART, **fields, "x_new": [1]}
    ga_event = {"type": ga_name, **PART, **fields, "x_new": [1]}
    both_ways(beta_event, ga_event)
    assert beta_to_ga(beta_event).type == ga_name
    assert ga_to_beta(ga_event).type == beta_name


@pytest.mark.parametrize(("beta_name", "ga_name", "fields"), RENAMED, ids=[r[0] for r in RENAMED])
def test_aliased_input_converts_like_its_canonical_event(
    beta_name: str, ga_name: str, fields: Json
) -> None:
    # A beta decoder reading the GA name, and a GA decoder reading the beta name.
    as_beta = beta.decode_server_event({"type": ga_name, **PART, **fields})
    assert as_beta.wire_type == ga_name != as_beta.type
    ga = beta_to_ga(as_beta)
    assert ga.type == ga.wire_type == ga_name
    assert wire(ga) == {"type": ga_name, **PART, **fields}

    as_ga = rt_codec.decode_server_event({"type": beta_name, **PART, **fields})
    assert as_ga.wire_type == beta_name != as_ga.type
    back = ga_to_beta(as_ga)
    assert back.type == back.wire_type == beta_name
    assert wire(back) == {"type": beta_name, **PART, **fields}
    assert wire(ga_to_beta({"type": beta_name, **PART, **fields})) == wire(back)


def test_shared_events_pass_through_as_copies() -> None:
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}
    event = rt_codec.decode_client_event(
        {"type": "conversation.item.create", "item": item, "x_future": {"a": 1}}
    )
    assert isinstance(event, rt_codec.ConversationItemCreateEvent)
    converted = ga_to_beta(event)
    assert isinstance(converted, rt_codec.ConversationItemCreateEvent)
    assert converted == event and converted is not event
    assert converted._extra is not None and converted._extra is not event._extra
    converted._extra["x_future"]["a"] = 2
    assert wire(event)["x_future"] == {"a": 1}
    error = {
        "type": "error",
        "event_id": "e",
        "error": {"type": "invalid_request_error", "message": "m"},
    }
    assert wire(beta_to_ga(error)) == error == wire(ga_to_beta(error))


def test_unknown_fields_go_across_at_their_level() -> None:
    beta_event = {
        "type": "session.update",
        "x_event": 1,
        "session": {
            "voice": "ash",
            "x_session": {"deep": [None]},
            "turn_detection": {**VAD, "x_vad": 2},
        },
    }
    ga = wire(beta_to_ga(beta_event))
    assert ga == {
        "type": "session.update",
        "x_event": 1,
        "session": {
            "type": "realtime",
            "x_session": {"deep": [None]},
            "audio": {"output": {"voice": "ash"}, "input": {"turn_detection": {**VAD, "x_vad": 2}}},
        },
    }
    assert wire(ga_to_beta(ga)) == beta_event


def test_typed_input_gives_typed_output() -> None:
    event = beta.decode_client_event({"type": "session.update", "session": {"voice": "ash"}})
    assert isinstance(event, rt_codec.BetaSessionUpdateEvent)
    ga = beta_to_ga(event)
    assert isinstance(ga, rt_codec.SessionUpdateEvent)
    back = ga_to_beta(ga)
    assert isinstance(back, rt_codec.BetaSessionUpdateEvent)
    assert back == event


def test_wrong_dialect_object_is_a_type_error() -> None:
    ga = rt_codec.decode_client_event({"type": "session.update", "session": {"type": "realtime"}})
    with pytest.raises(TypeError):
        beta_to_ga(ga)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ga_to_beta(beta.decode_client_event({"type": "session.update", "session": {}}))  # type: ignore[arg-type]


# --- what has no counterpart -----------------------------------------------------------------------

NO_BETA_COUNTERPART: list[tuple[Json, str]] = [
    ({"type": "session.update", "session": {"temperature": 0.8}}, "/session/temperature"),
    (
        {"type": "session.update", "session": {"client_secret": {"value": "ek"}}},
        "/session/client_secret",
    ),
    ({"type": "session.update", "session": {"id": "sess_1"}}, "/session/id"),
    ({"type": "session.update", "session": {"audio": {}}}, "/session/audio"),
    ({"type": "session.update", "event_id": "e" * 513, "session": {}}, "/event_id"),
    (
        {"type": "session.created", "event_id": "e", "session": {"object": "realtime.session"}},
        "/session",
    ),
    (
        {"type": "transcription_session.update", "session": {"modalities": ["text"]}},
        "/session/modalities",
    ),
    (
        {
            "type": "transcription_session.update",
            "session": {"include": ["item.input_audio_transcription.avg_logprob"]},
        },
        "/session/include/0",
    ),
    ({"type": "response.create", "response": {"temperature": 0.6}}, "/response/temperature"),
    (
        {
            "type": "response.create",
            "response": {"max_output_tokens": 5, "max_response_output_tokens": 6},
        },
        "/response/max_response_output_tokens",
    ),
    (
        {"type": "response.done", "event_id": "e", "response": {"temperature": 0.8}},
        "/response/temperature",
    ),
]


@pytest.mark.parametrize(
    ("event", "pointer"), NO_BETA_COUNTERPART, ids=[p for _, p in NO_BETA_COUNTERPART]
)
def test_beta_without_ga_counterpart_raises(event: Json, pointer: str) -> None:
    with pytest.raises(ConversionError) as caught:
        beta_to_ga(event)
    assert caught.value.pointer == pointer
    assert caught.value.event_type == event["type"]
    name = pointer.rsplit("/", 1)[-1]
    assert name in str(caught.value)


GA_SESSION_UPDATE = {"type": "session.update", "session": {"type": "realtime"}}
NO_GA_COUNTERPART: list[tuple[Json, str]] = [
    (
        {
            "type": "conversation.item.added",
            "event_id": "e",
            "item": {"type": "function_call_output", "call_id": "c", "output": "ok"},
        },
        "/type",
    ),
    (
        {
            "type": "conversation.item.done",
            "event_id": "e",
            "item": {"type": "function_call_output", "call_id": "c", "output": "ok"},
        },
        "/type",
    ),
    (
        {
            "type": "input_audio_buffer.timeout_triggered",
            "event_id": "e",
            "audio_start_ms": 0,
            "audio_end_ms": 10,
            "item_id": "i",
        },
        "/type",
    ),
    ({"type": "input_audio_buffer.dtmf_event_received", "event": "5", "received_at": 1}, "/type"),
    ({"type": "response.cancelled", "event_id": "e", "response": {}}, "/type"),
    (
        {
            "type": "session.update",
            "session": {
                "type": "realtime",
                "audio": {"output": {"format": {**PCMU, "x_hz": 8000}}},
            },
        },
        "/session/audio/output/format/x_hz",
    ),
    (
        {"type": "session.update", "session": {"type": "realtime", "parallel_tool_calls": False}},
        "/session/parallel_tool_calls",
    ),
    (
        {"type": "session.update", "session": {"type": "realtime", "reasoning": {"effort": "low"}}},
        "/session/reasoning",
    ),
    (
        {
            "type": "session.update",
            "session": {
                "type": "realtime",
                "tools": [
                    TOOL,
                    {"type": "mcp", "server_label": "s", "server_url": "https://a.example/"},
                ],
            },
        },
        "/session/tools/1/type",
    ),
    (
        {"type": "session.update", "session": {"type": "realtime", "audio": {"x_mix": 1}}},
        "/session/audio/x_mix",
    ),
    (
        {
            "type": "session.update",
            "session": {"type": "realtime", "audio": {"input": {"x_gain": 1}}},
        },
        "/session/audio/input/x_gain",
    ),
    (
        {"type": "session.update", "session": {"type": "realtime", "x_a": 1, "voice": "ash"}},
        "/session/voice",
    ),
    (
        {
            "type": "session.update",
            "session": {
                "type": "realtime",
                "audio": {"input": {"format": PCM}},
                "input_audio_format": PCMU,
            },
        },
        "/session/input_audio_format",
    ),
    (
        {
            "type": "session.created",
            "event_id": "e",
            "session": {"type": "transcription", "id": "s", "object": "realtime.session"},
        },
        "/session/object",
    ),
    (
        {"type": "response.create", "response": {"audio": {"input": {"format": PCM}}}},
        "/response/audio/input/format",
    ),
    (
        {"type": "response.create", "response": {"input_audio_format": PCM}},
        "/response/input_audio_format",
    ),
    ({"type": "response.create", "response": {"reasoning": {}}}, "/response/reasoning"),
    (
        {
            "type": "response.done",
            "event_id": "e",
            "response": {"audio": {"input": {"format": PCMA}}},
        },
        "/response/audio/input/format",
    ),
]


@pytest.mark.parametrize(
    ("event", "pointer"), NO_GA_COUNTERPART, ids=[p for _, p in NO_GA_COUNTERPART]
)
def test_ga_without_beta_counterpart_raises(event: Json, pointer: str) -> None:
    with pytest.raises(ConversionError) as caught:
        ga_to_beta(event)
    assert caught.value.pointer == pointer
    assert caught.value.event_type == event["type"]
    assert pointer.rsplit("/", 1)[-1] in str(caught.value)


def test_pcm_rate_beta_cannot_say() -> None:
    """A rate other than 24000 does not even decode as GA; built by hand it is refused by name."""
    session = rt_codec.RealtimeSessionConfig(
        audio=rt_codec.SessionAudio(
            input=rt_codec.SessionAudioInput(format=rt_codec.PcmAudioFormat(rate=16000))
        )
    )
    with pytest.raises(ConversionError) as caught:
        ga_to_beta(rt_codec.SessionUpdateEvent(session=session))
    assert caught.value.pointer == "/session/audio/input/format/rate"
    assert "16000" in str(caught.value)
    as_dict = {"type": "session.update", "session": wire(session)}
    with pytest.raises(ConversionError) as caught:
        ga_to_beta(as_dict)
    assert caught.value.pointer == "/session/audio/input/format/rate"


def test_undecodable_and_unknown_input() -> None:
    with pytest.raises(ConversionError) as caught:
        beta_to_ga({"type": "session.update", "session": {"voice": 3}})
    assert caught.value.pointer == "/session/voice"
    with pytest.raises(ConversionError) as caught:
        ga_to_beta({"type": "response.brand_new"})
    assert caught.value.pointer == "/type"
    assert isinstance(caught.value, ValueError)


# --- properties ------------------------------------------------------------------------------------

BASE64_RULE = "base64."
REQUIRED_AT_TOP = 1  # a pointer this short names the event type or a whole object: nothing to prune
VALIDATE = {
    ("beta", "client"): beta.validate_client_event,
    ("beta", "server"): beta.validate_server_event,
    ("realtime", "client"): rt_codec.validate_client_event,
    ("realtime", "server"): rt_codec.validate_server_event,
}
GA_ONLY = {
    (direction, kind)
    for direction in ("client", "server")
    for kind in strategies.event_types(direction, "realtime")
    if kind not in strategies.event_types(direction, "beta") and kind not in {r[1] for r in RENAMED}
}


def resolve(doc: Any, pointer: str) -> Any:
    """The value a JSON Pointer names; KeyError/IndexError when it names nothing."""
    node = doc
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def remove(doc: Json, path: tuple[str | int, ...]) -> None:
    node: Any = doc
    for key in path[:-1]:
        node = node[key]
    if isinstance(node, list):
        node.pop(int(path[-1]))
    else:
        del node[path[-1]]


def problems(dialect: str, direction: str, event: Json, source_problems: set[str]) -> list[Any]:
    found = VALIDATE[dialect, direction](event)
    return [
        v for v in found if not v.rule.startswith(BASE64_RULE) and v.rule not in source_problems
    ]


def settle(convert: Convert, event: Json, dialect: str, direction: str) -> tuple[Json, Any] | None:
    """Convert, and while that raises, take out the field it names (or the nearest enclosing one
    the event can do without) and try again. Every error must name a place in the event. Gives the
    event that converted and the result, or None when the error names the event type."""
    for _ in range(30):
        try:
            return event, convert(copy.deepcopy(event))
        except ConversionError as error:
            resolve(event, error.pointer)  # the pointer names something in the source
            path = error.path
            while len(path) > REQUIRED_AT_TOP:
                trial = copy.deepcopy(event)
                remove(trial, path)
                if not VALIDATE[dialect, direction](trial):
                    event = trial
                    break
                path = path[:-1]
            else:
                assert error.pointer in ("/type", "/session"), str(error)
                return None
    raise AssertionError("no convertible event after 30 removals")


def normal_ga(event: Json) -> Json:
    """A GA event as its beta round trip gives it back: older format names moved into `audio`, pcm
    (also when the format came without `type`) with its only rate, and no empty `audio` objects."""
    event = copy.deepcopy(event)
    for key in ("session", "response"):
        body = event.get(key)
        if not isinstance(body, dict):
            continue
        for older, side in (("input_audio_format", "input"), ("output_audio_format", "output")):
            if older in body:
                fmt = body.pop(older)
                body.setdefault("audio", {}).setdefault(side, {}).setdefault("format", fmt)
        audio = body.get("audio")
        if not isinstance(audio, dict):
            continue
        for side in ("input", "output"):
            part = audio.get(side)
            fmt = part.get("format") if isinstance(part, dict) else None
            if isinstance(fmt, dict) and fmt.get("type", "audio/pcm") == "audio/pcm":
                fmt.setdefault("type", "audio/pcm")  # a format without `type` is pcm
                fmt.setdefault("rate", 24000)
            if part == {}:
                del audio[side]
        if not audio:
            del body["audio"]
    return event


def normal_beta(event: Json) -> Json:
    """A beta event as its GA round trip gives it back: response.create's token limit under the
    name beta clients send, and audio asked for as beta does, with its transcript."""
    event = copy.deepcopy(event)
    for key in ("session", "response"):
        body = event.get(key)
        if isinstance(body, dict) and "audio" in (body.get("modalities") or []):
            body["modalities"] = ["text", "audio"]
    session = event.get("session")
    vad = session.get("turn_detection") if isinstance(session, dict) else None
    if event["type"].startswith("transcription_session.") and isinstance(vad, dict):
        vad.setdefault("type", "server_vad")  # GA's VAD needs its type; beta's may leave it out
    response = event.get("response")
    if (
        event["type"] == "response.create"
        and isinstance(response, dict)
        and "max_output_tokens" in response
    ):
        response["max_response_output_tokens"] = response.pop("max_output_tokens")
    return event


def fill_reported_session(event: Json) -> None:
    """Drawn reported sessions often lack what GA requires of one (id, object); give them."""
    session = event.get("session")
    if not isinstance(session, dict) or event["type"].endswith(".update"):
        return
    if event["type"].startswith("transcription_session.") or session.get("type") == "transcription":
        session["object"] = "realtime.transcription_session"
    else:
        session.setdefault("object", "realtime.session")
    session.setdefault("id", "sess_drawn")


BETA_EVENTS = [(d, k) for d in ("client", "server") for k in strategies.event_types(d, "beta")]
# Events GA shares with beta in their beta shape (the legacy transcription session events): the same
# event in both; beta_to_ga gives the GA session form, so their GA round trip is not the identity.
SHARED_LEGACY = {
    (d, k)
    for d in ("client", "server")
    for k in strategies.event_types(d, "realtime")
    if k.startswith("transcription_session.")
}
GA_EVENTS = [
    (d, k)
    for d in ("client", "server")
    for k in strategies.event_types(d, "realtime")
    if (d, k) not in SHARED_LEGACY
]


def test_shared_legacy_events_go_to_beta_as_they_are_and_come_back_as_ga_sessions() -> None:
    assert {
        ("client", "transcription_session.update"),
        ("server", "transcription_session.updated"),
    } == SHARED_LEGACY
    event = {"type": "transcription_session.update", "session": {"input_audio_format": "pcm16"}}
    assert rt_codec.event_to_dict(ga_to_beta(event)) == event
    assert rt_codec.event_to_dict(beta_to_ga(event)) == {
        "type": "session.update",
        "session": {
            "type": "transcription",
            "audio": {"input": {"format": {"type": "audio/pcm", "rate": 24000}}},
        },
    }


@pytest.mark.parametrize(("direction", "kind"), BETA_EVENTS, ids=[k for _, k in BETA_EVENTS])
@given(data=st.data())
def test_beta_round_trip(direction: str, kind: str, data: st.DataObject) -> None:
    drawn = data.draw(strategies.event(kind, direction, "beta"))
    fill_reported_session(drawn)
    settled = settle(beta_to_ga, drawn, "beta", direction)
    assert settled is not None, "every beta event has a GA counterpart"
    event, ga = settled
    source_problems = {v.rule for v in VALIDATE["beta", direction](event)}
    assert problems("realtime", direction, wire(ga), source_problems) == []
    assert wire(ga_to_beta(ga)) == normal_beta(event)


@pytest.mark.parametrize(("direction", "kind"), GA_EVENTS, ids=[k for _, k in GA_EVENTS])
@given(data=st.data())
def test_ga_round_trip(direction: str, kind: str, data: st.DataObject) -> None:
    drawn = data.draw(strategies.event(kind, direction, "realtime"))
    fill_reported_session(drawn)
    settled = settle(ga_to_beta, drawn, "realtime", direction)
    if settled is None:
        assert (direction, kind) in GA_ONLY
        return
    assert (direction, kind) not in GA_ONLY
    event, converted = settled
    source_problems = {v.rule for v in VALIDATE["realtime", direction](event)}
    assert problems("beta", direction, wire(converted), source_problems) == []
    assert normal_ga(wire(beta_to_ga(converted))) == normal_ga(event)


def test_rejected_result_is_reported_at_the_source() -> None:
    """A leniently decoded event may hold a shape the target's strict decoder refuses; the error
    then points at the source field, not at where it would have gone."""
    event = beta.decode_client_event(
        {"type": "session.update", "session": {"turn_detection": {"type": "new_vad"}}}
    )
    with pytest.raises(ConversionError) as caught:
        beta_to_ga(event)
    assert caught.value.pointer == "/session/turn_detection/type"
    with pytest.raises(ConversionError) as caught:
        beta_to_ga(beta.decode_server_event({"type": "response.done", "event_id": "e"}))
    assert caught.value.pointer == ""


def test_every_conversion_the_schemas_name_exists() -> None:
    """`x-convert` names a value conversion of convert.py; a name it lacks would fail at import,
    and one it has that no schema names is dead code."""
    from rt_codec import catalogue, convert

    named = {c for shape in catalogue.SHAPES.values() for *_, c in shape.rules if c is not None}
    assert named == set(convert._CONVERSIONS)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="typing.get_overloads is 3.11+")
@pytest.mark.parametrize(
    ("function", "dialect"), [("beta_to_ga", "beta"), ("ga_to_beta", "realtime")]
)
def test_each_overload_says_the_class_conversion_gives(function: str, dialect: str) -> None:
    """The generated overloads (rt_codec/_generated/conversions.py) name, for each event class,
    the classes it converts to: drawn events of every type convert to one of those."""
    from hypothesis import HealthCheck, given, settings

    from rt_codec._generated import conversions
    from rt_codec.codec import decode_with_dialect

    convert_fn = getattr(conversions, function)
    declared: dict[type, set[type]] = {}
    for overload in typing.get_overloads(convert_fn):
        hints = typing.get_type_hints(overload)
        if typing.get_origin(hints["event"]) is None:  # one class, not the catch-all union
            returns = typing.get_args(hints["return"]) or (hints["return"],)
            declared[hints["event"]] = set(returns)
    assert len(declared) > 20
    checked: set[type] = set()
    tried: set[type] = set()

    def check(direction: str, kind: str) -> None:
        @settings(
            max_examples=5, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(strategies.event(kind, direction, dialect=dialect))
        def converts(wire: dict[str, Any]) -> None:
            event = decode_with_dialect(dialect, direction, wire)
            if type(event) not in declared:
                return  # no counterpart: the catch-all overload, and a ConversionError
            tried.add(type(event))
            try:
                out = convert_fn(event)
            except ConversionError:
                return  # a setting the other dialect cannot say (drawn settings often are)
            assert type(out) in declared[type(event)], (kind, type(out))
            checked.add(type(event))

        converts()

    for direction in ("client", "server"):
        for kind in strategies.event_types(direction, dialect):
            check(direction, kind)
    assert tried == set(declared) and len(checked) > len(declared) * 0.8
