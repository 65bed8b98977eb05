"""The benchmark's events: a deterministic (seeded) voice session, built from the sample builders.

The server stream is one `session.created`, then turns that each begin with a full `session.updated`
(the client changed a setting), user speech events with a transcription delta per word, and a
response of `response.output_audio.delta` (40-100 ms of 24 kHz PCM16 mono each, base64) interleaved
with a transcript delta per word (about 0.8 per audio delta, as servers send them by token),
item/part/response lifecycle events with their full items, a full `response.done` and
`rate_limits.updated`: audio deltas are about half the events by count, and the heavy events
(`session.*`, `response.done`) come every turn. The client stream is a `session.update`, appends built from raw PCM and the odd
`conversation.item.create`. Content parts in `response.content_part.*` have type `audio`, as servers
send them. The session settings and responses are tools/sample_builders.py's, with this run's ids.

The Live stream (`live`) is the server side of the Live API sample session
(`sample_builders.live_session`, samples/live-session.jsonl), whole sessions repeated to at least
`LIVE_EVENTS` events: only contenders that know the Live API take it.
"""

from __future__ import annotations

import base64
import json
import random
from typing import Any

import orjson
from sample_builders import live_session, session_config
from sample_builders import response as sample_response

SEED = 20240901
RATE = 24_000  # Hz; PCM16 mono, so 48 bytes per millisecond
LIVE_EVENTS = 3000  # the Live stream's least length: a few thousand events, whole sessions
BIG_PCM = 15 * 1024 * 1024  # the most audio one append may carry: 20971520 base64 characters

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
        **session_config(),
        "id": gen.id("sess_"),
        "model": "gpt-realtime-2025-08-28",
        "instructions": _INSTRUCTIONS,
        "tools": _TOOLS,
        "expires_at": 1756324625,
    }


def _response(rid: str, conv: str, status: str, output: list[Any], usage: Any) -> dict[str, Any]:
    return {**sample_response(rid, status, output, usage), "conversation_id": conv}


def _turn(
    gen: _Gen, conv: str, prev: str | None, t_ms: int, session: dict[str, Any]
) -> tuple[list[dict[str, Any]], str]:
    """One user turn and the spoken answer; returns the events and the id of the last item."""
    rng = gen.rng
    out: list[dict[str, Any]] = []

    def ev(type_: str, **fields: Any) -> None:
        out.append({"type": type_, "event_id": gen.id("event_"), **fields})

    ev("session.updated", session=session)

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
    for i, word in enumerate(words):
        ev(
            "conversation.item.input_audio_transcription.delta",
            item_id=user,
            content_index=0,
            delta=word if i == 0 else " " + word,
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
    answer = rng.choices(_WORDS, k=max(2, n_audio * 8 // 10))
    # Transcript deltas run ahead of the audio: spread them over the first two thirds of the answer.
    at = sorted(rng.sample(range(n_audio * 2 // 3 + len(answer)), len(answer)))
    w = 0
    for i in range(n_audio + len(answer)):
        if w < len(answer) and at[w] == i:
            ev("response.output_audio_transcript.delta", **ids, delta=" " + answer[w])
            w += 1
        else:
            ev("response.output_audio.delta", **ids, delta=base64.b64encode(gen.pcm()).decode())
    transcript = " ".join(answer)
    part = {"type": "audio", "transcript": transcript}
    done_item: dict[str, Any] = {**in_progress, "status": "completed"}
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
    conv, prev, t_ms = gen.id("conv_"), None, 0
    for _ in range(turns):
        more, prev = _turn(gen, conv, prev, t_ms, session)
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
    "live": "Live API server stream (the Live sample session, repeated)",
}


def live_server_events(min_events: int) -> list[bytes]:
    """The Live sample session's server events, whole sessions repeated to at least
    `max(min_events, LIVE_EVENTS)` events."""
    one = [
        orjson.dumps(line["event"])
        for line in live_session().lines
        if line["direction"] == "server"
    ]
    want = max(min_events, LIVE_EVENTS)
    return one * -(-want // len(one))


def stream(name: str, turns: int, min_events: int) -> list[bytes]:
    """The events of stream `name` as JSON bytes; a one-type stream with few events is repeated."""
    if name == "client":
        return [orjson.dumps(e) for e in client_events(turns)]
    if name == "live":
        return live_server_events(min_events)
    if name == "spaced":  # as Python's json.dumps writes with its defaults
        return [json.dumps(e).encode() for e in server_events(turns)]
    evs = [orjson.dumps(e) for e in server_events(turns)]
    if name == "mixed":
        return evs
    type_ = STREAMS[name]
    typed = [b for b in evs if orjson.loads(b)["type"] == type_]
    return (typed * (min_events // len(typed) + 1))[: max(min_events, len(typed))]


def big_append() -> bytes:
    """One `input_audio_buffer.append` carrying exactly 15 MiB of audio (the schema's limit)."""
    pcm = random.Random(SEED + 3).randbytes(BIG_PCM)
    audio = base64.b64encode(pcm).decode()
    assert len(audio) == 20971520
    return orjson.dumps({"type": "input_audio_buffer.append", "audio": audio})


def types_of(events: list[bytes]) -> list[str]:
    """The wire type of each event."""
    return [orjson.loads(b)["type"] for b in events]
