"""Benchmark rt_codec against orjson, msgspec, pydantic and the openai SDK on Realtime events.

Run from the repository root:

    pip install -e '.[bench]'             # msgspec, pydantic, openai, jsonschema-rs, fastjsonschema;
                                          # a missing one is "not installed"
    python tools/bench.py                 # every row, about 3 minutes
    python tools/bench.py --quick         # a smoke run of the main rows, about 25 seconds
    python tools/bench.py --rounds 41 --json bench.json
    python tools/bench.py --list          # the row names
    python tools/bench.py --row decode:rt_codec:mixed   # one row in this process (what children run)

What it measures, on a deterministic (seeded) voice session built here: one `session.created`, then
turns of user speech events, a response made mostly of `response.output_audio.delta` (40-100 ms of
24 kHz PCM16 mono each, base64), transcript deltas, item/part/response lifecycle events, a full
`response.done` and `rate_limits.updated`; and a client stream (`session.update`, appends built from
raw PCM, `conversation.item.create`). Content parts in `response.content_part.*` have type `audio`,
as servers send them (the SDK's models reject `output_audio` there).

- decode: JSON bytes -> object, per event. The floor is `orjson.loads`; every ratio is the
  contender's time over the floor's, both measured on the same events in the same process. Rows for
  the whole mixed stream and for audio deltas, transcript deltas, `session.created`, `response.done`.
  Contenders: msgspec Structs (a tagged union written below), pydantic over the openai SDK's
  realtime models (a discriminated TypeAdapter, and a TypeAdapter of the SDK's union as it ships),
  the SDK's own receive path (`RealtimeConnection.parse_event`), and `rt_codec.decode_server_event`.
- encode: decoded object -> JSON, floor `orjson.dumps(dict)`. pydantic is timed with
  `model_dump_json(by_alias=True, exclude_unset=True)`, which returns str (the SDK sends str too).
- build: `input_audio_buffer.append` from raw PCM bytes, floor
  `orjson.dumps({"type": ..., "audio": b64encode(pcm).decode()})`.
- validate: JSON bytes -> findings (a list, [] when valid), floor `orjson.loads`, on the decode
  streams: `rt_codec.validate_server_event`, jsonschema (the whole union, on the first 150 events; and
  per type), jsonschema_rs and fastjsonschema per type; and one 15 MiB `input_audio_buffer.append`
  through `rt_codec.validate_client_event` (ms per call, peak memory of a call).
- memory: bytes retained per decoded event (tracemalloc, all results kept, after gc); the orjson
  dict is 1.00x.

Method: every row runs in a fresh child process (`--row NAME`), because a row that frees hundreds of
MB was seen to slow `orjson.loads` in later rows. In a child, the contender and the floor alternate
for `--rounds` rounds (which one goes first alternates too); each round times one pass over the
events with gc disabled (a pass shorter than `--min-ms` is repeated and averaged), gc.collect()
runs between passes (after gc.freeze() of the setup), and the row reports the median ns per event
of each and the ratio of those medians. Results are dropped as they are made, as a client handling
each event would. "noise" is the interquartile range of the per-round ratios over their median.
Absolute ns move a lot on a busy machine; the ratios are what to compare. Before anything is timed, every generated event is checked: it decodes
with `rt_codec.decode_server_event(x, strict=True)` (or the client equivalent), and with msgspec and
pydantic where they know the type, and each contender's encoding gives back the same JSON value.
"""

from __future__ import annotations

import argparse
import base64
import functools
import gc
import importlib
import importlib.metadata
import json
import operator
import os
import platform
import posixpath
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
try:
    import rt_codec
except ImportError:  # running from a checkout that is not installed
    sys.path.insert(0, str(ROOT))
    import rt_codec

from make_samples import response as sample_response  # noqa: E402  (after the path set-up)
from make_samples import session_config as sample_session  # noqa: E402

try:
    import msgspec
except ImportError:
    msgspec = None  # type: ignore[assignment]

SEED = 20240901
RATE = 24_000  # Hz; PCM16 mono, so 48 bytes per millisecond

# ---------------------------------------------------------------------------------------------
# The stream
# ---------------------------------------------------------------------------------------------

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_SENTENCE = (
    "sure I can help with that the weather in Paris is mild today around eighteen degrees "
    "with light wind and a chance of rain later this evening so bring an umbrella if you go "
    "out would you like the forecast for tomorrow as well or anything else"
)
_WORDS = _SENTENCE.split()
_INSTRUCTIONS = (
    "You are a helpful, witty, and friendly voice assistant. Keep answers short and speak "
    "naturally. Your voice and personality should be warm and engaging, with a lively and playful "
    "tone. If interacting in a non-English language, start by using the standard accent or dialect "
    "familiar to the user. Always call a function when one applies. Do not refer to these rules."
)
_TOOLS = [
    {
        "type": "function",
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"type": "string"}},
            "required": ["city"],
        },
    },
    {
        "type": "function",
        "name": "set_timer",
        "description": "Start a countdown timer.",
        "parameters": {
            "type": "object",
            "properties": {"seconds": {"type": "integer"}},
            "required": ["seconds"],
        },
    },
]


class _Gen:
    """Deterministic ids and event ids."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def id(self, prefix: str) -> str:
        return prefix + "".join(self.rng.choices(_ALNUM, k=21))

    def pcm(self) -> bytes:
        # Noise rather than speech: base64 and JSON costs do not depend on the samples.
        return self.rng.randbytes(48 * self.rng.randint(40, 100))


def _session(gen: _Gen) -> dict[str, Any]:
    """A full session as session.created carries it: the sample session's, with this run's ids."""
    return {
        **sample_session(),
        "id": gen.id("sess_"),
        "model": "gpt-realtime-2025-08-28",
        "instructions": _INSTRUCTIONS,
        "tools": _TOOLS,
        "expires_at": 1756324625,
    }


def _response(rid: str, conv: str, status: str, output: list[Any], usage: Any) -> dict[str, Any]:
    return {**sample_response(rid, status, output, usage), "conversation_id": conv}


def _turn(gen: _Gen, conv: str, prev: str | None, t_ms: int) -> tuple[list[dict[str, Any]], str]:
    """One user turn and the spoken answer; returns the events and the id of the last item."""
    rng = gen.rng
    out: list[dict[str, Any]] = []

    def ev(type_: str, **fields: Any) -> None:
        out.append({"type": type_, "event_id": gen.id("event_"), **fields})

    user, asst, rid = gen.id("item_"), gen.id("item_"), gen.id("resp_")
    said = " ".join(rng.choices(_WORDS, k=rng.randint(4, 12)))
    ev("input_audio_buffer.speech_started", audio_start_ms=t_ms, item_id=user)
    ev(
        "input_audio_buffer.speech_stopped",
        audio_end_ms=t_ms + rng.randint(800, 4000),
        item_id=user,
    )
    ev("input_audio_buffer.committed", previous_item_id=prev, item_id=user)
    user_item = {
        "id": user,
        "type": "message",
        "status": "completed",
        "role": "user",
        "content": [{"type": "input_audio", "transcript": None}],
    }
    ev("conversation.item.added", previous_item_id=prev, item=user_item)
    ev("conversation.item.done", previous_item_id=prev, item=user_item)
    ev("response.created", response=_response(rid, conv, "in_progress", [], None))
    words = said.split()
    for i in range(0, len(words), 3):
        chunk = " ".join(words[i : i + 3])
        ev(
            "conversation.item.input_audio_transcription.delta",
            item_id=user,
            content_index=0,
            delta=chunk if i == 0 else " " + chunk,
            obfuscation="".join(rng.choices(_ALNUM, k=rng.randint(3, 14))),
        )
    in_tok = rng.randint(8, 60)
    ev(
        "conversation.item.input_audio_transcription.completed",
        item_id=user,
        content_index=0,
        transcript=said,
        usage={
            "type": "tokens",
            "total_tokens": in_tok + len(words),
            "input_tokens": in_tok,
            "input_token_details": {"text_tokens": 0, "audio_tokens": in_tok},
            "output_tokens": len(words),
        },
    )
    ids = {"response_id": rid, "item_id": asst, "output_index": 0, "content_index": 0}
    in_progress = {
        "id": asst,
        "type": "message",
        "status": "in_progress",
        "role": "assistant",
        "content": [],
    }
    ev("response.output_item.added", response_id=rid, output_index=0, item=in_progress)
    ev("conversation.item.added", previous_item_id=user, item=in_progress)
    ev("response.content_part.added", **ids, part={"type": "audio", "transcript": ""})
    n_audio = rng.randint(60, 140)
    answer = rng.choices(_WORDS, k=max(2, n_audio // 8))
    # Transcript deltas run ahead of the audio: spread them over the first half of the answer.
    at = sorted(rng.sample(range(n_audio // 2 + len(answer)), len(answer)))
    w = 0
    for i in range(n_audio + len(answer)):
        if w < len(answer) and at[w] == i:
            ev("response.output_audio_transcript.delta", **ids, delta=" " + answer[w])
            w += 1
        else:
            ev("response.output_audio.delta", **ids, delta=base64.b64encode(gen.pcm()).decode())
    transcript = " ".join(answer)
    part = {"type": "audio", "transcript": transcript}
    done_item = {**in_progress, "status": "completed"}
    done_item["content"] = [{"type": "output_audio", "transcript": transcript}]
    ev("response.output_audio.done", **ids)
    ev("response.output_audio_transcript.done", **ids, transcript=transcript)
    ev("response.content_part.done", **ids, part=part)
    ev("response.output_item.done", response_id=rid, output_index=0, item=done_item)
    ev("conversation.item.done", previous_item_id=user, item=done_item)
    text_in, audio_in, cached = (
        rng.randint(100, 2000),
        rng.randint(10, 300),
        rng.randint(0, 40) * 64,
    )
    text_out, audio_out = len(answer) * 2, n_audio * 5
    usage = {
        "total_tokens": text_in + audio_in + text_out + audio_out,
        "input_tokens": text_in + audio_in,
        "output_tokens": text_out + audio_out,
        "input_token_details": {
            "text_tokens": text_in,
            "audio_tokens": audio_in,
            "image_tokens": 0,
            "cached_tokens": cached,
            "cached_tokens_details": {"text_tokens": cached, "audio_tokens": 0, "image_tokens": 0},
        },
        "output_token_details": {"text_tokens": text_out, "audio_tokens": audio_out},
    }
    ev("response.done", response=_response(rid, conv, "completed", [done_item], usage))
    remaining = rng.randint(40000, 49000)
    ev(
        "rate_limits.updated",
        rate_limits=[
            {"name": "requests", "limit": 1000, "remaining": 999, "reset_seconds": 0.06},
            {"name": "tokens", "limit": 50000, "remaining": remaining, "reset_seconds": 1.2},
        ],
    )
    return out, asst


def server_events(turns: int) -> list[dict[str, Any]]:
    gen = _Gen(SEED)
    session = _session(gen)
    evs = [{"type": "session.created", "event_id": gen.id("event_"), "session": session}]
    evs.append({"type": "session.updated", "event_id": gen.id("event_"), "session": session})
    conv, prev, t_ms = gen.id("conv_"), None, 0
    for _ in range(turns):
        more, prev = _turn(gen, conv, prev, t_ms)
        evs.extend(more)
        t_ms += gen.rng.randint(8000, 20000)
    return evs


def client_pcm(turns: int) -> list[bytes]:
    """Microphone chunks (40-100 ms each) for `turns` user turns."""
    gen = _Gen(SEED + 1)
    return [gen.pcm() for _ in range(turns * gen.rng.randint(20, 60))]


def client_events(turns: int) -> list[dict[str, Any]]:
    gen = _Gen(SEED + 2)
    evs: list[dict[str, Any]] = [
        {
            "type": "session.update",
            "event_id": gen.id("evt_"),
            "session": {
                "type": "realtime",
                "instructions": _INSTRUCTIONS,
                "audio": {
                    "input": {
                        "transcription": {"model": "gpt-4o-mini-transcribe"},
                        "turn_detection": {"type": "server_vad", "silence_duration_ms": 500},
                    },
                    "output": {"voice": "marin"},
                },
                "tools": _TOOLS,
                "tool_choice": "auto",
            },
        }
    ]
    for pcm in client_pcm(turns):
        evs.append({"type": "input_audio_buffer.append", "audio": base64.b64encode(pcm).decode()})
        if gen.rng.random() < 0.02:
            text = " ".join(gen.rng.choices(_WORDS, k=8))
            item = {
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": text}],
            }
            evs.append({"type": "conversation.item.create", "item": item})
    return evs


STREAMS = {
    "mixed": "whole mixed server stream",
    "audio": "response.output_audio.delta",
    "transcript": "response.output_audio_transcript.delta",
    "session": "session.created",
    "done": "response.done",
    "client": "client stream (session.update, appends, item.create)",
}


def stream(name: str, turns: int, min_events: int) -> list[bytes]:
    """The events of stream `name` as JSON bytes; a one-type stream with few events is repeated."""
    if name == "client":
        return [orjson.dumps(e) for e in client_events(turns)]
    if name == "spaced":  # as Python's json.dumps writes with its defaults
        return [json.dumps(e).encode() for e in server_events(turns)]
    evs = [orjson.dumps(e) for e in server_events(turns)]
    if name == "mixed":
        return evs
    type_ = STREAMS[name]
    typed = [b for b in evs if orjson.loads(b)["type"] == type_]
    return (typed * (min_events // len(typed) + 1))[: max(min_events, len(typed))]


# ---------------------------------------------------------------------------------------------
# msgspec: compact Structs for the events in the stream
# ---------------------------------------------------------------------------------------------

if msgspec is not None:
    from typing import Literal

    from msgspec import UNSET, Struct, UnsetType

    # Required fields come first: `kw_only` is not inherited.
    class _M(Struct, omit_defaults=True):
        pass

    class MFormat(_M):
        type: str
        rate: int | UnsetType = UNSET

    class MTranscription(_M):
        model: str | UnsetType = UNSET
        language: str | UnsetType = UNSET
        prompt: str | UnsetType = UNSET

    class MTurnDetection(_M):
        type: str
        threshold: float | UnsetType = UNSET
        prefix_padding_ms: int | UnsetType = UNSET
        silence_duration_ms: int | UnsetType = UNSET
        idle_timeout_ms: int | UnsetType | None = UNSET
        create_response: bool | UnsetType = UNSET
        interrupt_response: bool | UnsetType = UNSET

    class MAudioIn(_M):
        format: MFormat | UnsetType = UNSET
        transcription: MTranscription | UnsetType | None = UNSET
        noise_reduction: dict[str, Any] | UnsetType | None = UNSET
        turn_detection: MTurnDetection | UnsetType | None = UNSET

    class MAudioOut(_M):
        format: MFormat | UnsetType = UNSET
        voice: str | UnsetType = UNSET
        speed: float | UnsetType = UNSET

    class MAudio(_M):
        input: MAudioIn | UnsetType = UNSET
        output: MAudioOut | UnsetType = UNSET

    class MTool(_M):
        type: str
        name: str | UnsetType = UNSET
        description: str | UnsetType = UNSET
        parameters: dict[str, Any] | UnsetType = UNSET

    class MSession(_M):
        type: str | UnsetType = UNSET
        object: str | UnsetType = UNSET
        id: str | UnsetType = UNSET
        model: str | UnsetType = UNSET
        output_modalities: list[str] | UnsetType = UNSET
        instructions: str | UnsetType = UNSET
        tools: list[MTool] | UnsetType = UNSET
        tool_choice: str | dict[str, Any] | UnsetType = UNSET
        max_output_tokens: int | Literal["inf"] | UnsetType = UNSET
        tracing: str | dict[str, Any] | UnsetType | None = UNSET
        prompt: dict[str, Any] | UnsetType | None = UNSET
        expires_at: int | UnsetType = UNSET
        audio: MAudio | UnsetType = UNSET
        include: list[str] | UnsetType | None = UNSET

    class MContent(_M):
        type: str
        text: str | UnsetType = UNSET
        audio: str | UnsetType = UNSET
        transcript: str | UnsetType | None = UNSET

    class MItem(_M):
        type: str
        id: str | UnsetType = UNSET
        object: str | UnsetType = UNSET
        status: str | UnsetType = UNSET
        role: str | UnsetType = UNSET
        content: list[MContent] | UnsetType = UNSET
        call_id: str | UnsetType = UNSET
        name: str | UnsetType = UNSET
        arguments: str | UnsetType = UNSET
        output: str | UnsetType = UNSET

    class MTokens(_M):
        text_tokens: int | UnsetType = UNSET
        audio_tokens: int | UnsetType = UNSET
        image_tokens: int | UnsetType = UNSET
        cached_tokens: int | UnsetType = UNSET
        cached_tokens_details: MTokens | UnsetType = UNSET

    class MUsage(_M):
        type: str | UnsetType = UNSET
        total_tokens: int | UnsetType = UNSET
        input_tokens: int | UnsetType = UNSET
        output_tokens: int | UnsetType = UNSET
        input_token_details: MTokens | UnsetType = UNSET
        output_token_details: MTokens | UnsetType = UNSET

    class MResponse(_M):
        object: str | UnsetType = UNSET
        id: str | UnsetType = UNSET
        status: str | UnsetType = UNSET
        status_details: dict[str, Any] | UnsetType | None = UNSET
        output: list[MItem] | UnsetType = UNSET
        conversation_id: str | UnsetType = UNSET
        output_modalities: list[str] | UnsetType = UNSET
        max_output_tokens: int | Literal["inf"] | UnsetType = UNSET
        audio: MAudio | UnsetType = UNSET
        usage: MUsage | UnsetType | None = UNSET
        metadata: dict[str, Any] | UnsetType | None = UNSET

    class MRateLimit(_M):
        name: str
        limit: int
        remaining: int
        reset_seconds: float

    class _S(Struct, tag_field="type", omit_defaults=True, kw_only=True):
        event_id: str

    class _SPart(_S):
        response_id: str
        item_id: str
        output_index: int
        content_index: int

    class SSessionCreated(_S, tag="session.created"):
        session: MSession

    class SSessionUpdated(_S, tag="session.updated"):
        session: MSession

    class SSpeechStarted(_S, tag="input_audio_buffer.speech_started"):
        audio_start_ms: int
        item_id: str

    class SSpeechStopped(_S, tag="input_audio_buffer.speech_stopped"):
        audio_end_ms: int
        item_id: str

    class SCommitted(_S, tag="input_audio_buffer.committed"):
        item_id: str
        previous_item_id: str | UnsetType | None = UNSET

    class SItemAdded(_S, tag="conversation.item.added"):
        item: MItem
        previous_item_id: str | UnsetType | None = UNSET

    class SItemDone(_S, tag="conversation.item.done"):
        item: MItem
        previous_item_id: str | UnsetType | None = UNSET

    class SInputTranscriptDelta(_S, tag="conversation.item.input_audio_transcription.delta"):
        item_id: str
        content_index: int | UnsetType = UNSET
        delta: str | UnsetType = UNSET
        obfuscation: str | UnsetType = UNSET
        logprobs: list[dict[str, Any]] | UnsetType | None = UNSET

    class SInputTranscriptDone(_S, tag="conversation.item.input_audio_transcription.completed"):
        item_id: str
        content_index: int
        transcript: str
        usage: MUsage | UnsetType = UNSET
        logprobs: list[dict[str, Any]] | UnsetType | None = UNSET

    class SResponseCreated(_S, tag="response.created"):
        response: MResponse

    class SResponseDone(_S, tag="response.done"):
        response: MResponse

    class SOutputItemAdded(_S, tag="response.output_item.added"):
        response_id: str
        output_index: int
        item: MItem

    class SOutputItemDone(_S, tag="response.output_item.done"):
        response_id: str
        output_index: int
        item: MItem

    class SPartAdded(_SPart, tag="response.content_part.added"):
        part: MContent

    class SPartDone(_SPart, tag="response.content_part.done"):
        part: MContent

    class SAudioDelta(_SPart, tag="response.output_audio.delta"):
        delta: str

    class SAudioDone(_SPart, tag="response.output_audio.done"):
        pass

    class STranscriptDelta(_SPart, tag="response.output_audio_transcript.delta"):
        delta: str
        obfuscation: str | UnsetType = UNSET

    class STranscriptDone(_SPart, tag="response.output_audio_transcript.done"):
        transcript: str

    class SRateLimits(_S, tag="rate_limits.updated"):
        rate_limits: list[MRateLimit]

    class _C(Struct, tag_field="type", omit_defaults=True, kw_only=True):
        event_id: str | UnsetType = UNSET

    class CAppend(_C, tag="input_audio_buffer.append", kw_only=True):
        audio: str

    class CAppendBytes(_C, tag="input_audio_buffer.append", kw_only=True):
        audio: bytes  # msgspec writes bytes as base64 itself

    class CSessionUpdate(_C, tag="session.update", kw_only=True):
        session: MSession

    class CItemCreate(_C, tag="conversation.item.create"):
        item: MItem
        previous_item_id: str | UnsetType = UNSET

    def _union(classes: Sequence[type]) -> Any:
        return functools.reduce(operator.or_, classes)

    MSGSPEC_SERVER = _union(
        [c for c in _S.__subclasses__() if c is not _SPart] + _SPart.__subclasses__()
    )
    MSGSPEC_CLIENT = _union([CAppend, CSessionUpdate, CItemCreate])


def _msgspec_types(union: Any) -> set[str]:
    return {c.__struct_config__.tag for c in typing.get_args(union)}


# ---------------------------------------------------------------------------------------------
# pydantic and the openai SDK
# ---------------------------------------------------------------------------------------------


def _members(union_alias: Any) -> tuple[type, ...]:
    """The model classes of an SDK union alias (`Annotated[Union[...], PropertyInfo]`)."""
    if typing.get_origin(union_alias) is typing.Annotated:
        union_alias = typing.get_args(union_alias)[0]
    return typing.get_args(union_alias)


def _wire_type(model: Any) -> str:
    return typing.get_args(model.model_fields["type"].annotation)[0]  # type: ignore[no-any-return]


@functools.cache
def _openai() -> dict[str, Any]:
    """The SDK's unions and receive path, and TypeAdapters over them."""
    from typing import Annotated

    from openai.resources.realtime.realtime import RealtimeConnection
    from openai.types.realtime.realtime_client_event import RealtimeClientEvent
    from openai.types.realtime.realtime_server_event import RealtimeServerEvent
    from pydantic import Field, TypeAdapter

    server, client = _members(RealtimeServerEvent), _members(RealtimeClientEvent)

    def discriminated(members: tuple[type, ...]) -> Any:
        union = functools.reduce(operator.or_, members)
        return TypeAdapter(Annotated[union, Field(discriminator="type")])

    def recv(data: bytes, _parse: Any = RealtimeConnection.parse_event) -> Any:
        # `parse_event` does not use `self`: json.loads + construct_type_unchecked, no validation.
        return _parse(None, data)

    return {
        "server_types": {_wire_type(m): m for m in server},
        "client_types": {_wire_type(m): m for m in client},
        "disc": discriminated(server),
        "union": TypeAdapter(RealtimeServerEvent),
        "client_disc": discriminated(client),
        "recv": recv,
    }


def _sdk_send() -> Callable[[dict[str, Any]], str]:
    """What `connection.input_audio_buffer.append(audio=...)` does before the websocket write."""
    from typing import Union

    from openai._utils import maybe_transform
    from openai.types.realtime.realtime_client_event_param import RealtimeClientEventParam
    from openai.types.realtime.response_create_event_with_references_param import (
        ResponseCreateEventWithReferencesParam,
    )

    target = Union[RealtimeClientEventParam, ResponseCreateEventWithReferencesParam]  # noqa: UP007

    def send(event: dict[str, Any]) -> str:
        return json.dumps(maybe_transform(event, target))

    return send


def _dump_pydantic(model: Any) -> str:
    return model.model_dump_json(by_alias=True, exclude_unset=True)  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------------
# Contenders
# ---------------------------------------------------------------------------------------------

# name -> (label, package it needs or None)
DECODERS = {
    "msgspec": ("msgspec Struct tagged union", "msgspec"),
    "pydantic-disc": ("pydantic discriminated (SDK models)", "openai"),
    "pydantic-union": ("pydantic SDK union as shipped", "openai"),
    "openai-recv": ("openai SDK recv() parse_event", "openai"),
    "rt_codec": ("rt_codec.decode_server_event", None),
}
ENCODERS = {
    "msgspec": ("msgspec.json.encode(struct)", "msgspec"),
    "pydantic": ("pydantic model_dump_json", "openai"),
    "rt_codec": ("rt_codec.encode_event", None),
}
BUILDERS = {
    "msgspec": ("msgspec Struct(audio=b64 str)", "msgspec"),
    "msgspec-bytes": ("msgspec Struct(audio=pcm bytes)", "msgspec"),
    "pydantic": ("pydantic SDK model + dump", "openai"),
    "openai-send": ("openai SDK append() send path", "openai"),
    "rt_codec": ("rt_codec InputAudioBufferAppendEvent", None),
}
TYPED = ("audio", "transcript", "session", "done")


@functools.cache
def installed(package: str | None) -> bool:
    if package is None:
        return True
    try:
        importlib.import_module(package)
    except ImportError:
        return False
    return True


def decoder(name: str, client: bool = False) -> tuple[Callable[[bytes], Any], set[str] | None]:
    """The decode function of contender `name`, and the wire types it knows (None: all)."""
    if name == "rt_codec":
        return (rt_codec.decode_client_event if client else rt_codec.decode_server_event), None
    if name == "msgspec":
        union = MSGSPEC_CLIENT if client else MSGSPEC_SERVER
        return msgspec.json.Decoder(union).decode, _msgspec_types(union)
    sdk = _openai()
    known = set(sdk["client_types" if client else "server_types"])
    if name == "pydantic-disc":
        return sdk["client_disc" if client else "disc"].validate_json, known
    if client:
        raise ValueError(f"no client decoder for {name}")
    if name == "pydantic-union":
        return sdk["union"].validate_json, known
    if name == "openai-recv":
        return sdk["recv"], known
    raise ValueError(f"unknown decoder {name}")


def encoder(name: str, events: list[bytes], client: bool) -> tuple[list[Any], Callable[[Any], Any]]:
    """Contender `name`'s decoded objects for `events` and its encode function."""
    if name == "rt_codec":
        dec, enc = decoder("rt_codec", client)[0], rt_codec.encode_event
    elif name == "msgspec":
        dec, enc = decoder("msgspec", client)[0], msgspec.json.Encoder().encode
    elif name == "pydantic":
        dec, enc = decoder("pydantic-disc", client)[0], _dump_pydantic
    else:
        raise ValueError(f"unknown encoder {name}")
    return [dec(b) for b in events], enc


def builder(name: str) -> Callable[[bytes], Any]:
    """Contender `name`'s function from raw PCM to an `input_audio_buffer.append` message."""
    b64 = base64.b64encode
    if name == "floor":
        dumps = orjson.dumps
        return lambda pcm: dumps({"type": "input_audio_buffer.append", "audio": b64(pcm).decode()})
    if name == "rt_codec":
        cls, encode = rt_codec.InputAudioBufferAppendEvent, rt_codec.encode_event
        return lambda pcm: encode(cls(audio=b64(pcm).decode()))
    if name == "msgspec":
        enc = msgspec.json.Encoder().encode
        return lambda pcm: enc(CAppend(audio=b64(pcm).decode()))
    if name == "msgspec-bytes":
        enc = msgspec.json.Encoder().encode
        return lambda pcm: enc(CAppendBytes(audio=pcm))
    if name == "pydantic":
        model = _openai()["client_types"]["input_audio_buffer.append"]
        kind = "input_audio_buffer.append"
        return lambda pcm: _dump_pydantic(model(type=kind, audio=b64(pcm).decode()))
    if name == "openai-send":
        send = _sdk_send()
        return lambda pcm: send({"type": "input_audio_buffer.append", "audio": b64(pcm).decode()})
    raise ValueError(f"unknown builder {name}")


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


def _same(encoded: bytes | str, original: bytes, what: str) -> None:
    if orjson.loads(encoded) != orjson.loads(original):
        raise AssertionError(
            f"{what}: encoding differs\n  got  {encoded[:300]!r}\n  want {original[:300]!r}"
        )


def check(turns: int) -> dict[str, list[str]]:
    """Validate the streams with every installed contender; returns the types each one skips."""
    server = stream("mixed", turns, 0)
    client = stream("client", turns, 0)
    skipped: dict[str, list[str]] = {}
    for b in server:
        ev = rt_codec.decode_server_event(b, strict=True)
        if isinstance(ev, rt_codec.UnknownEvent):
            raise AssertionError(f"rt_codec does not know {ev.type}")
        _same(rt_codec.encode_event(ev), b, f"rt_codec {ev.type}")
    for b in client:
        ev = rt_codec.decode_client_event(b, strict=True)
        if isinstance(ev, rt_codec.UnknownEvent):
            raise AssertionError(f"rt_codec does not know client event {ev.type}")
        _same(rt_codec.encode_event(ev), b, f"rt_codec {ev.type}")
    contenders = [n for n, (_, pkg) in DECODERS.items() if n != "rt_codec" and installed(pkg)]
    for name in contenders:
        for events, is_client in ((server, False), (client, True)):
            if is_client and name not in ("msgspec", "pydantic-disc"):
                continue
            dec, known = decoder(name, is_client)
            for b in events:
                t = orjson.loads(b)["type"]
                if known is not None and t not in known:
                    skipped.setdefault(name, [])
                    if t not in skipped[name]:
                        skipped[name].append(t)
                    continue
                obj = dec(b)
                got = getattr(obj, "type", None) or obj.__struct_config__.tag
                if got != t:
                    raise AssertionError(f"{name} decoded {t} as {type(obj).__name__}")
                if name == "msgspec":
                    _same(msgspec.json.encode(obj), b, f"msgspec {t}")
                elif name == "pydantic-disc":
                    _same(_dump_pydantic(obj), b, f"pydantic {t}")
    pcm = client_pcm(1)[0]
    want = builder("floor")(pcm)
    for name, (_, pkg) in BUILDERS.items():
        if installed(pkg):
            _same(builder(name)(pcm), want, f"build {name}")
    return skipped


# ---------------------------------------------------------------------------------------------
# Validation: bytes in, findings out
# ---------------------------------------------------------------------------------------------

# name -> (label, package it needs or None)
VALIDATORS = {
    "rt_codec": ("rt_codec.validate_server_event", None),
    "jsonschema-union": ("jsonschema, the whole union", "jsonschema"),
    "jsonschema": ("jsonschema per type", "jsonschema"),
    "jsonschema_rs": ("jsonschema_rs per type, is_valid first", "jsonschema_rs"),
    "fastjsonschema": ("fastjsonschema per type, $refs inlined", "fastjsonschema"),
}
BIG = {"rt_codec": ("rt_codec.validate_client_event", None)}
READERS = {
    "rt_codec": ("rt_codec: orjson.loads + screen", None),
    "length-test": ("before: length test, stdlib re-read", None),
}
_TABLES = {
    "read": READERS,
    "decode": DECODERS,
    "encode": ENCODERS,
    "build": BUILDERS,
    "memory": DECODERS,
    "validate": VALIDATORS,
    "validate-15mib": BIG,
}
# The whole-union row costs milliseconds per event: it times the first events of a stream only, for
# fewer rounds, so it stays within ~10 s. Its check still covers every event of the stream.
UNION_EVENTS = 150
UNION_ROUNDS = 7
BIG_ROUNDS = 7  # calls of each (contender, floor) in the 15 MiB row
BIG_PCM = 15 * 1024 * 1024  # the most audio one append may carry: 20971520 base64 characters
VALIDATE_NOTES = (
    "validate: bytes in -> findings out (a list; [] when valid), floor orjson.loads alone",
    "  jsonschema: Draft202012Validator over the rt_codec registry, list(iter_errors(loads(b)));",
    "    the whole-union row validates against unions/realtime-server.json (a oneOf of every",
    f"    event) and times the first {UNION_EVENTS} events of each stream for {UNION_ROUNDS} rounds",
    "  jsonschema_rs: one validator per type over a jsonschema_rs.Registry of every schema file",
    "    (no network): is_valid(loads(b)), and list(iter_errors(...)) only when that is False",
    "  fastjsonschema: one draft-7 document per type with every $ref inlined, compiled;",
    "    validate(loads(b)) in try/except (it stops at the first error)",
    "  base64: rt_codec checks it; fastjsonschema b64decodes contentEncoding (lenient);",
    "    jsonschema and jsonschema_rs treat contentEncoding as an annotation",
    "  checked first: each row runs its contender on every distinct event of its stream (all are",
    "    valid); rt_codec must find nothing, any other contender's findings show under its row",
)


def _inlined(rel: str, _open: tuple[str, ...] = ()) -> dict[str, Any]:
    """Schema file `rel` as one self-contained document: every `$ref` replaced by the file it
    names (refs are relative file paths), `$schema` and `$id` dropped. Our schemas are not
    recursive; a cycle raises. Shared files become shared subtrees (nothing mutates them)."""
    if rel in _open:
        raise ValueError(f"recursive $ref: {' -> '.join((*_open, rel))}")
    base = posixpath.dirname(rel)

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(v) for v in node]
        if not isinstance(node, dict):
            return node
        out = {k: walk(v) for k, v in node.items() if k not in ("$schema", "$id", "$ref")}
        ref = node.get("$ref")
        if ref is None:
            return out
        if "#" in ref:
            raise ValueError(f"{rel}: only whole-file $refs are inlined, not {ref!r}")
        target = _inlined(posixpath.normpath(posixpath.join(base, ref)), (*_open, rel))
        if not set(out) - {"$comment", "title", "description"}:
            return target
        # Draft 7 ignores the siblings of a $ref; 2020-12 applies them: keep both under allOf.
        return {**out, "allOf": [target, *out.get("allOf", [])]}

    return walk(rt_codec.load_schemas()[rel])  # type: ignore[no-any-return]


def _message(error: object) -> str:
    text = str(getattr(error, "message", error))
    return text if len(text) <= 160 else text[:160] + "..."


def validator(name: str, types: Sequence[str]) -> Callable[[bytes], list[Any]]:
    """Contender `name`'s function from a server event's bytes to its findings ([] when valid);
    the per-type contenders are built for `types` here, before anything is timed."""
    loads = orjson.loads
    paths = rt_codec.event_schema_paths("realtime", "server")
    if name == "rt_codec":
        return rt_codec.validate_server_event
    if name in ("jsonschema-union", "jsonschema"):
        from jsonschema import Draft202012Validator

        registry = rt_codec.load_registry()
        if name == "jsonschema-union":
            union = {"$ref": rt_codec.uri_of("unions/realtime-server.json")}
            one = Draft202012Validator(union, registry=registry)
            return lambda b: list(one.iter_errors(loads(b)))
        by_type = {
            t: Draft202012Validator({"$ref": rt_codec.uri_of(paths[t])}, registry=registry)
            for t in types
        }

        def per_type(b: bytes) -> list[Any]:
            d = loads(b)
            return list(by_type[d["type"]].iter_errors(d))

        return per_type
    if name == "jsonschema_rs":
        import jsonschema_rs

        by_uri = {rt_codec.uri_of(rel): s for rel, s in rt_codec.load_schemas().items()}
        # A retriever that knows only the packaged files: nothing is ever fetched.
        kw: dict[str, Any] = {"retriever": lambda uri: by_uri[uri]}
        if hasattr(jsonschema_rs, "Registry"):  # recent versions: every file, resolved once
            kw["registry"] = jsonschema_rs.Registry(list(by_uri.items()))
        rs = {
            t: jsonschema_rs.validator_for({"$ref": rt_codec.uri_of(paths[t])}, **kw) for t in types
        }

        def per_type_rs(b: bytes) -> list[Any]:
            d = loads(b)
            v = rs[d["type"]]
            return [] if v.is_valid(d) else list(v.iter_errors(d))

        return per_type_rs
    if name == "fastjsonschema":
        import fastjsonschema

        compiled = {t: fastjsonschema.compile(_inlined(paths[t])) for t in types}
        invalid = fastjsonschema.JsonSchemaValueException

        def per_type_fjs(b: bytes) -> list[Any]:
            d = loads(b)
            try:
                compiled[d["type"]](d)
            except invalid as exc:
                return [exc]
            return []

        return per_type_fjs
    raise ValueError(f"unknown validator {name}")


def disagreements(name: str, f: Callable[[bytes], list[Any]], events: list[bytes]) -> list[str]:
    """`f` on every distinct event (all are schema-valid): the types it finds invalid, with its
    first message. rt_codec must find nothing (the audio is real base64): that is asserted."""
    found: dict[str, list[Any]] = {}
    for b in dict.fromkeys(events):
        got = f(b)
        if got:
            t = orjson.loads(b)["type"]
            if name == "rt_codec":
                raise AssertionError(f"rt_codec finds {t} invalid: {got[0]}")
            found.setdefault(t, [0, _message(got[0])])[0] += 1
    return [f"{t} ({n} event{'s' * (n != 1)}): {m}" for t, (n, m) in found.items()]


def big_append() -> bytes:
    """One `input_audio_buffer.append` carrying exactly 15 MiB of audio (the schema's limit)."""
    pcm = random.Random(SEED + 3).randbytes(BIG_PCM)
    audio = base64.b64encode(pcm).decode()
    assert len(audio) == 20971520
    return orjson.dumps({"type": "input_audio_buffer.append", "audio": audio})


def _peak_added(f: Callable[[bytes], Any], data: bytes) -> float:
    """Peak bytes allocated during one call of `f(data)`, over what was allocated before."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        f(data)
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def _rss_peak_added(f: Callable[[bytes], Any], data: bytes) -> float | None:
    """Peak resident memory added during one call (Linux: VmHWM after resetting it), or None."""

    def kib(field: str) -> int:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1])
        raise OSError(field)

    try:
        gc.collect()
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # VmHWM := VmRSS
        before = kib("VmRSS:")
        f(data)
        return (kib("VmHWM:") - before) * 1024.0
    except OSError:
        return None


# ---------------------------------------------------------------------------------------------
# Rows (run in a child process)
# ---------------------------------------------------------------------------------------------


def _pass(f: Callable[[Any], Any], data: Sequence[Any], repeat: int = 1) -> int:
    """ns for `repeat` passes of `f` over `data`."""
    t0 = time.perf_counter_ns()
    for _ in range(repeat):
        for x in data:
            f(x)
    return time.perf_counter_ns() - t0


def _timed(
    rounds: int,
    min_ns: int,
    contender: tuple[Callable[[Any], Any], Sequence[Any]],
    floor: tuple[Callable[[Any], Any], Sequence[Any]],
) -> dict[str, Any]:
    n = len(contender[1])
    for _ in range(2):  # warm up: lazy schema builds, caches
        _pass(*contender)
        _pass(*floor)
    # A pass shorter than `min_ns` is repeated, so the timer and the scheduler weigh less.
    rc = max(1, -(-min_ns // _pass(*contender)))
    rf = max(1, -(-min_ns // _pass(*floor)))
    # Long-lived objects (the SDK's modules, the events) move out of the collector's way, so the
    # gc.collect() between passes costs microseconds, not the ~60 ms a full collection takes.
    gc.collect()
    gc.freeze()
    tc: list[int] = []
    tf: list[int] = []
    for r in range(rounds):
        for which in (0, 1) if r % 2 == 0 else (1, 0):
            gc.collect()
            gc.disable()
            try:
                if which == 0:
                    tc.append(_pass(*contender, rc) // rc)
                else:
                    tf.append(_pass(*floor, rf) // rf)
            finally:
                gc.enable()
    per_round = sorted(c / f for c, f in zip(tc, tf, strict=True))
    ratio = statistics.median(tc) / statistics.median(tf)
    q = statistics.quantiles(per_round, n=4) if len(per_round) >= 2 else [ratio, ratio, ratio]
    return {
        "n": n,
        "repeat": [rc, rf],
        "contender_ns": statistics.median(tc) / n,
        "floor_ns": statistics.median(tf) / n,
        "ratio": ratio,
        "noise": (q[2] - q[0]) / q[1],
    }


def _retained(f: Callable[[Any], Any], data: Sequence[Any]) -> float:
    """Bytes per item retained by keeping `f(x)` for every x (results and the list holding them)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = [f(x) for x in data]
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    gc.collect()
    return (after - before) / len(data)


def _known_only(events: list[bytes], known: set[str] | None) -> tuple[list[bytes], list[str]]:
    if known is None:
        return events, []
    keep, skipped = [], set()
    for b in events:
        t = orjson.loads(b)["type"]
        if t in known:
            keep.append(b)
        else:
            skipped.add(t)
    return keep, sorted(skipped)


def _length_test_reading(raw: bytes) -> Any:
    """How the reader worked before it screened every event: re-read exactly (stdlib json, every
    object as pairs) whenever orjson's rendering is not as long as the input."""
    value = orjson.loads(raw)
    if len(orjson.dumps(value)) != len(raw):
        json.loads(raw, object_pairs_hook=list)
    return value


def reader(name: str) -> Callable[[bytes], Any]:
    from rt_codec import _reading

    return _reading.parse if name == "rt_codec" else _length_test_reading


def _validate_row(name: str, events: list[bytes], rounds: int, min_ns: int) -> dict[str, Any]:
    types = sorted({orjson.loads(b)["type"] for b in events})
    f = validator(name, types)
    result: dict[str, Any] = {"disagree": disagreements(name, f, events)}
    if name == "jsonschema-union":
        events, rounds = events[:UNION_EVENTS], min(rounds, UNION_ROUNDS)
        result["note"] = f"first {len(events)} events, {rounds} rounds"
    return result | _timed(rounds, min_ns, (f, events), (orjson.loads, events))


def _big_row() -> dict[str, Any]:
    """validate_client_event on one 15 MiB append: ms per call, and the peak memory of a call."""
    data = big_append()
    found = rt_codec.validate_client_event(data)
    if found:
        raise AssertionError(f"rt_codec finds the 15 MiB append invalid: {found[0]}")
    f = rt_codec.validate_client_event
    # One call per pass: the median of BIG_ROUNDS calls of each, interleaved.
    result = _timed(BIG_ROUNDS, 0, (f, [data]), (orjson.loads, [data]))
    mem = {"size": len(data)}
    for key, fn in (("contender", f), ("floor", orjson.loads)):
        mem[f"{key}_peak"] = _peak_added(fn, data)
        mem[f"{key}_rss"] = _rss_peak_added(fn, data)
    return result | mem


def run_row(row: str, rounds: int, turns: int, min_events: int, min_ms: float) -> dict[str, Any]:
    kind, name, *rest = row.split(":")
    table = _TABLES[kind]
    if name not in table:
        raise SystemExit(f"unknown contender {name!r} for {kind}")
    if not installed(table[name][1]):
        return {"row": row, "status": "not installed", "package": table[name][1]}
    result: dict[str, Any] = {"row": row, "status": "ok"}
    min_ns = int(min_ms * 1e6)
    if kind == "decode":
        dec, known = decoder(name)
        events, result["skipped"] = _known_only(stream(rest[0], turns, min_events), known)
        result |= _timed(rounds, min_ns, (dec, events), (orjson.loads, events))
    elif kind == "encode":
        events = stream(rest[0], turns, min_events)
        objs, enc = encoder(name, events, rest[0] == "client")
        dicts = [orjson.loads(b) for b in events]
        del events
        result |= _timed(rounds, min_ns, (enc, objs), (orjson.dumps, dicts))
    elif kind == "build":
        pcm = client_pcm(turns)
        result |= _timed(rounds, min_ns, (builder(name), pcm), (builder("floor"), pcm))
    elif kind == "validate":
        result |= _validate_row(name, stream(rest[0], turns, min_events), rounds, min_ns)
    elif kind == "validate-15mib":
        result |= _big_row()
    elif kind == "read":
        events = [big_append()] if rest[0] == "15mib" else stream(rest[0], turns, min_events)
        result |= _timed(rounds, min_ns, (reader(name), events), (orjson.loads, events))
    else:  # memory: every stream, one after the other, in this one child
        dec, known = decoder(name)
        gc.collect()
        gc.freeze()
        result["streams"] = {}
        for s in ("mixed", *TYPED):
            events, skipped = _known_only(stream(s, turns, min_events), known)
            _pass(dec, events)  # warm up lazy builds
            _pass(orjson.loads, events)
            floor = _retained(orjson.loads, events)
            mine = _retained(dec, events)
            result["streams"][s] = {
                "n": len(events),
                "contender_bytes": mine,
                "floor_bytes": floor,
                "ratio": mine / floor,
                "skipped": skipped,
            }
    return result


# ---------------------------------------------------------------------------------------------
# The parent: spawn the rows, print the table
# ---------------------------------------------------------------------------------------------


def plan(quick: bool) -> list[tuple[str, str]]:
    """(section, row) pairs in the order they run."""
    rows: list[tuple[str, str]] = []
    for s in ("mixed", "session") if quick else ("mixed", *TYPED):
        rows += [(f"decode:{s}", f"decode:{n}:{s}") for n in DECODERS]
    for s in ("mixed",) if quick else ("mixed", *TYPED, "client"):
        rows += [(f"encode:{s}", f"encode:{n}:{s}") for n in ENCODERS]
    rows += [("build", f"build:{n}") for n in BUILDERS]
    quick_validators = ("rt_codec", "jsonschema", "jsonschema_rs")
    for s in ("mixed",) if quick else ("mixed", *TYPED):
        names = quick_validators if quick else VALIDATORS
        rows += [(f"validate:{s}", f"validate:{n}:{s}") for n in names]
    if not quick:
        rows += [("validate-15mib", "validate-15mib:rt_codec")]
    for s in ("mixed", "spaced") if quick else ("mixed", "spaced", "15mib"):
        rows += [(f"read:{s}", f"read:{n}:{s}") for n in READERS]
    rows += [("memory", f"memory:{n}") for n in DECODERS]
    return rows


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    pkgs = ("orjson", "msgspec", "pydantic", "pydantic_core", "openai")
    for pkg in (*pkgs, "jsonschema", "jsonschema_rs", "fastjsonschema"):
        try:
            out[pkg] = importlib.metadata.version(pkg) if installed(pkg) else "not installed"
        except importlib.metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    out["rt_codec"] = getattr(rt_codec, "__version__", "?")
    return out


def spawn(row: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--row", row]
    cmd += ["--rounds", str(args.rounds), "--turns", str(args.turns), "--min-events"]
    cmd += [str(args.min_events), "--min-ms", str(args.min_ms)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"row": row, "status": f"failed: {tail}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


_HEADERS = {
    "decode": "decode {what}: bytes -> object; floor orjson.loads",
    "encode": "encode {what}: decoded object -> JSON; floor orjson.dumps(dict)",
    "build": "build input_audio_buffer.append from raw PCM; floor orjson.dumps({{...b64encode}})",
    "validate": "validate {what}: bytes -> findings; floor orjson.loads",
    "read": "read {what}: bytes -> dict + duplicate keys and big integers; floor orjson.loads",
}


def _label(row: str) -> str:
    kind, name = row.split(":")[:2]
    return _TABLES[kind][name][0]


def _print_row(res: dict[str, Any], label: str) -> None:
    if res["status"] != "ok":
        print(f"  {label:<38} {res['status']}")
        return
    notes = [f"skipped: {', '.join(res['skipped'])}"] if res.get("skipped") else []
    notes += [res["note"]] if res.get("note") else []
    note = f"  ({'; '.join(notes)})" if notes else ""
    print(
        f"  {label:<38} {res['n']:>6} {res['contender_ns']:>11,.0f} {res['floor_ns']:>9,.0f}"
        f" {res['ratio']:>8.2f}x {res['noise'] * 100:>5.0f}%{note}"
    )
    for line in res.get("disagree", ()):
        print(f"    finds valid events invalid: {line}")


def _print_big(res: dict[str, Any]) -> None:
    """The 15 MiB append row."""
    if res["status"] != "ok":
        print(f"  {_label(res['row']):<38} {res['status']}")
        return
    size = res["size"]
    print(f"  {'':<38} {'ms/call':>11} {'floor ms':>9} {'ratio':>9} noise")
    print(
        f"  {_label(res['row']):<38} {res['contender_ns'] / 1e6:>11.1f}"
        f" {res['floor_ns'] / 1e6:>9.1f} {res['ratio']:>8.2f}x {res['noise'] * 100:>5.0f}%"
    )
    peak = f"{res['contender_peak'] / size:.2f}x (floor {res['floor_peak'] / size:.2f}x)"
    print(f"  peak memory added during one call, over the {size:,}-byte message:")
    print(f"    tracemalloc {peak}; it counts orjson's parse buffer at its reserved size")
    if res["contender_rss"] is not None and res["floor_rss"] is not None:
        rss = f"{res['contender_rss'] / size:.2f}x (floor {res['floor_rss'] / size:.2f}x)"
        print(f"    resident (VmHWM) {rss}")


def _print_memory(results: list[dict[str, Any]]) -> None:
    print("\nmemory: bytes retained per decoded event; orjson dict = 1.00x")
    for s in ("mixed", *TYPED):
        what = "mixed stream" if s == "mixed" else STREAMS[s]
        print(f"  [{what}]")
        ok = [r for r in results if r["status"] == "ok"]
        if ok:  # the floor as the first child that ran measured it
            floor = ok[0]["streams"][s]["floor_bytes"]
            print(f"    {'orjson.loads dict':<36} {floor:>11,.0f} B  {1:>6.2f}x")
        for res in results:
            label = _label(res["row"])
            if res["status"] != "ok":
                print(f"    {label:<36} {res['status']}")
                continue
            m = res["streams"][s]
            note = f"  (skipped: {', '.join(m['skipped'])})" if m["skipped"] else ""
            print(f"    {label:<36} {m['contender_bytes']:>11,.0f} B  {m['ratio']:>6.2f}x{note}")


def main_parent(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    v = versions()
    print("rt_codec benchmark  " + "  ".join(f"{k} {val}" for k, val in v.items()))
    print(f"{platform.platform()}, {os.cpu_count()} CPUs; rounds {args.rounds}, turns {args.turns}")
    skipped = check(args.turns)
    events = stream("mixed", args.turns, 0)
    types = [orjson.loads(b)["type"] for b in events]
    audio = types.count("response.output_audio.delta")
    size = sum(map(len, events))
    print(
        f"server stream: {len(events)} events, {size / 1e6:.1f} MB, "
        f"{audio / len(events):.0%} audio deltas, {len(set(types))} types; "
        f"client stream: {len(stream('client', args.turns, 0))} events"
    )
    print("checked: every event decodes with rt_codec (strict) and with each installed contender")
    if installed("openai"):
        missing = sorted({t for ts in skipped.values() for t in ts})
        print("event types the openai SDK does not know: " + (", ".join(missing) or "none"))
    print("time columns: median ns per event (contender, floor), ratio of medians, IQR of ratios")

    out: dict[str, Any] = {"versions": v, "args": vars(args), "skipped": skipped, "rows": []}
    section = ""
    memory: list[dict[str, Any]] = []
    for sec, row in plan(args.quick):
        res = spawn(row, args)
        out["rows"].append(res)
        if sec == "memory":
            memory.append(res)
            continue
        if sec == "validate-15mib":
            print(
                "\nvalidate one input_audio_buffer.append carrying 15 MiB of audio "
                f"({BIG_PCM * 4 // 3:,} base64 characters); median of {BIG_ROUNDS} calls"
            )
            _print_big(res)
            continue
        if sec != section:
            if sec.startswith("validate:") and not section.startswith("validate:"):
                print("\n" + "\n".join(VALIDATE_NOTES))
            section = sec
            kind, _, what = sec.partition(":")
            what = {
                "mixed": "mixed server stream",
                "spaced": "mixed server stream as json.dumps spaces it",
                "15mib": "one 15 MiB input_audio_buffer.append",
            }.get(what, STREAMS.get(what, what))
            print("\n" + _HEADERS[kind].format(what=what))
            print(
                f"  {'contender':<38} {'events':>6} {'ns/event':>11} {'floor ns':>9} {'ratio':>9} noise"
            )
        _print_row(res, _label(row))
        sys.stdout.flush()
    _print_memory(memory)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="smoke run: fewer rows, rounds and turns")
    p.add_argument("--rounds", type=int, help="timed rounds per row (default 21, quick 5)")
    p.add_argument("--turns", type=int, help="turns in the session (default 12, quick 4)")
    p.add_argument("--min-events", type=int, help="least events in a one-type stream (default 300)")
    p.add_argument("--min-ms", type=float, help="least ms per timed pass (default 10, quick 3)")
    p.add_argument("--json", metavar="PATH", help="also write the numbers as JSON")
    p.add_argument("--row", help="run one row in this process and print its result as JSON")
    p.add_argument("--list", action="store_true", help="print the row names")
    args = p.parse_args(argv)
    args.rounds = args.rounds or (5 if args.quick else 21)
    args.turns = args.turns or (4 if args.quick else 12)
    args.min_events = args.min_events or (100 if args.quick else 300)
    args.min_ms = args.min_ms or (3 if args.quick else 10)
    if args.list:
        print("\n".join(row for _, row in plan(args.quick)))
        return 0
    if args.row:
        print(json.dumps(run_row(args.row, args.rounds, args.turns, args.min_events, args.min_ms)))
        return 0
    return main_parent(args)


if __name__ == "__main__":
    sys.exit(main())
