"""The builders of the sample captures: the voice session, the planted defects, the HAR export,
the beta session, and the Live API session with its own planted defects. tools/make_samples.py writes them to samples/; the benchmarks reuse the session
settings, responses and the voice session."""

from __future__ import annotations

import base64
import copy
import json
import math
import struct
from typing import Any


def pcm(ms: int, freq: float, start: int, rate: int = 24000) -> str:
    """Base64 of `ms` milliseconds of a PCM16 tone at `rate` Hz (24 kHz unless said; deterministic)."""
    n = rate * ms // 1000
    samples = (int(3000 * math.sin(2 * math.pi * freq * (i + start) / rate)) for i in range(n))
    return base64.b64encode(b"".join(struct.pack("<h", s) for s in samples)).decode()


class Session:
    def __init__(self) -> None:
        self.lines: list[dict[str, Any]] = []
        self.server_ids = 0
        self.client_ids = 0

    def client(self, event: dict[str, Any], with_id: bool = True) -> dict[str, Any]:
        if with_id:
            self.client_ids += 1
            event = {"event_id": f"evt_client_{self.client_ids:03d}", **event}
        self.lines.append(
            {"ts": round(len(self.lines) * 0.02, 3), "direction": "client", "event": event}
        )
        return event

    def server(self, event: dict[str, Any], with_id: bool = True) -> dict[str, Any]:
        if with_id:
            self.server_ids += 1
            event = {"event_id": f"event_S{self.server_ids:03d}", **event}
        self.lines.append(
            {"ts": round(len(self.lines) * 0.02, 3), "direction": "server", "event": event}
        )
        return event


TOOLS = [
    {
        "type": "function",
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    }
]


def session_config() -> dict[str, Any]:
    return {
        "type": "realtime",
        "object": "realtime.session",
        "id": "sess_Sample0001",
        "model": "gpt-realtime-2",
        "output_modalities": ["audio"],
        "instructions": "You are a concise assistant.",
        "tools": TOOLS,
        "tool_choice": "auto",
        "max_output_tokens": "inf",
        "tracing": None,
        "prompt": None,
        "expires_at": 1767225600,
        "audio": {
            "input": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "transcription": {"model": "gpt-transcribe"},
                "noise_reduction": None,
                "turn_detection": {
                    "type": "server_vad",
                    "threshold": 0.5,
                    "prefix_padding_ms": 300,
                    "silence_duration_ms": 500,
                    "idle_timeout_ms": None,
                    "create_response": True,
                    "interrupt_response": True,
                },
            },
            "output": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "voice": "marin",
                "speed": 1,
            },
        },
        "include": None,
    }


def response(rid: str, status: str, output: list[Any], usage: Any) -> dict[str, Any]:
    return {
        "object": "realtime.response",
        "id": rid,
        "status": status,
        "status_details": None,
        "output": output,
        "conversation_id": "conv_Sample0001",
        "output_modalities": ["audio"],
        "max_output_tokens": "inf",
        "audio": {"output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "marin"}},
        "usage": usage,
        "metadata": None,
    }


USAGE = {
    "total_tokens": 253,
    "input_tokens": 132,
    "output_tokens": 121,
    "input_token_details": {
        "text_tokens": 119,
        "audio_tokens": 13,
        "image_tokens": 0,
        "cached_tokens": 64,
        "cached_tokens_details": {"text_tokens": 64, "audio_tokens": 0, "image_tokens": 0},
    },
    "output_token_details": {"text_tokens": 30, "audio_tokens": 91},
}


def voice_session() -> Session:
    s = Session()
    s.server({"type": "session.created", "session": session_config()})
    s.client(
        {
            "type": "session.update",
            "session": {
                "type": "realtime",
                "instructions": "You are a concise assistant.",
                "audio": {
                    "input": {
                        "transcription": {"model": "gpt-transcribe"},
                        "turn_detection": {"type": "server_vad", "silence_duration_ms": 500},
                    },
                    "output": {"voice": "marin"},
                },
                "tools": TOOLS,
                "tool_choice": "auto",
            },
        }
    )
    s.server({"type": "session.updated", "session": session_config()})
    # The user asks; the server hears speech, commits it and transcribes it.
    for k in range(4):
        s.client({"type": "input_audio_buffer.append", "audio": pcm(40, 220.0, k * 960)})
        if k == 0:
            s.server(
                {
                    "type": "input_audio_buffer.speech_started",
                    "audio_start_ms": 20,
                    "item_id": "item_User0001",
                }
            )
    s.server(
        {
            "type": "input_audio_buffer.speech_stopped",
            "audio_end_ms": 160,
            "item_id": "item_User0001",
        }
    )
    s.server(
        {
            "type": "input_audio_buffer.committed",
            "previous_item_id": None,
            "item_id": "item_User0001",
        }
    )
    user_item = {
        "id": "item_User0001",
        "type": "message",
        "status": "completed",
        "role": "user",
        "content": [{"type": "input_audio", "transcript": None}],
    }
    s.server({"type": "conversation.item.added", "previous_item_id": None, "item": user_item})
    s.server({"type": "conversation.item.done", "previous_item_id": None, "item": user_item})
    question = "What's the weather in Paris?"
    ids = {"item_id": "item_User0001", "content_index": 0}
    for piece in ("What's the weather", " in Paris?"):
        s.server(
            {"type": "conversation.item.input_audio_transcription.delta", **ids, "delta": piece}
        )
    s.server(
        {
            "type": "conversation.item.input_audio_transcription.completed",
            **ids,
            "transcript": question,
            "usage": {"type": "duration", "seconds": 0.2},
        }
    )
    # The first response calls the function.
    s.server(
        {
            "type": "response.created",
            "response": response("resp_Sample0001", "in_progress", [], None),
        }
    )
    call = {
        "id": "item_Call0001",
        "type": "function_call",
        "status": "in_progress",
        "name": "get_weather",
        "call_id": "call_0001",
        "arguments": "",
    }
    s.server(
        {
            "type": "response.output_item.added",
            "response_id": "resp_Sample0001",
            "output_index": 0,
            "item": call,
        }
    )
    arguments = '{"city": "Paris"}'
    scope = {
        "response_id": "resp_Sample0001",
        "item_id": "item_Call0001",
        "output_index": 0,
        "call_id": "call_0001",
    }
    for piece in ('{"city":', ' "Paris"}'):
        s.server({"type": "response.function_call_arguments.delta", **scope, "delta": piece})
    s.server(
        {
            "type": "response.function_call_arguments.done",
            **scope,
            "name": "get_weather",
            "arguments": arguments,
        }
    )
    done_call = {**call, "status": "completed", "arguments": arguments}
    s.server(
        {
            "type": "response.output_item.done",
            "response_id": "resp_Sample0001",
            "output_index": 0,
            "item": done_call,
        }
    )
    s.server(
        {
            "type": "response.done",
            "response": response("resp_Sample0001", "completed", [done_call], USAGE),
        }
    )
    # The client runs the function and asks for the answer.
    s.client(
        {
            "type": "conversation.item.create",
            "item": {
                "type": "function_call_output",
                "call_id": "call_0001",
                "output": '{"temp_c": 14, "sky": "clear"}',
            },
        }
    )
    s.client({"type": "response.create"})
    # The spoken answer.
    s.server(
        {
            "type": "response.created",
            "response": response("resp_Sample0002", "in_progress", [], None),
        }
    )
    item = {
        "id": "item_Asst0001",
        "type": "message",
        "status": "in_progress",
        "role": "assistant",
        "content": [],
    }
    s.server(
        {
            "type": "response.output_item.added",
            "response_id": "resp_Sample0002",
            "output_index": 0,
            "item": item,
        }
    )
    s.server({"type": "conversation.item.added", "previous_item_id": "item_Call0001", "item": item})
    scope = {
        "response_id": "resp_Sample0002",
        "item_id": "item_Asst0001",
        "output_index": 0,
        "content_index": 0,
    }
    s.server(
        {
            "type": "response.content_part.added",
            **scope,
            "part": {"type": "audio", "transcript": ""},
        }
    )
    words = ["It's", " 14 degrees", " and clear", " in Paris."]
    for k, word in enumerate(words):
        s.server({"type": "response.output_audio_transcript.delta", **scope, "delta": word})
        s.server(
            {"type": "response.output_audio.delta", **scope, "delta": pcm(60, 330.0, k * 1440)}
        )
    transcript = "".join(words)
    s.server({"type": "response.output_audio.done", **scope})
    s.server({"type": "response.output_audio_transcript.done", **scope, "transcript": transcript})
    part = {"type": "audio", "transcript": transcript}
    s.server({"type": "response.content_part.done", **scope, "part": part})
    done_item = {**item, "status": "completed", "content": [part]}
    s.server(
        {
            "type": "response.output_item.done",
            "response_id": "resp_Sample0002",
            "output_index": 0,
            "item": done_item,
        }
    )
    s.server(
        {"type": "conversation.item.done", "previous_item_id": "item_Call0001", "item": done_item}
    )
    s.server(
        {
            "type": "response.done",
            "response": response("resp_Sample0002", "completed", [done_item], USAGE),
        }
    )
    s.server(
        {
            "type": "rate_limits.updated",
            "rate_limits": [
                {"name": "requests", "limit": 1000, "remaining": 998, "reset_seconds": 0.12},
                {"name": "tokens", "limit": 50000, "remaining": 49494, "reset_seconds": 0.6},
            ],
        }
    )
    return s


def defects() -> list[bytes]:
    """A session with planted defects; each line's comment names the rule it trips."""
    s = Session()
    s.server({"type": "session.created", "session": session_config()})
    s.client(  # audio.pcm_rate, tool.mcp_server
        {
            "type": "session.update",
            "session": {
                "type": "realtime",
                "audio": {"input": {"format": {"type": "audio/pcm", "rate": 16000}}},
                "tools": [{"type": "mcp", "server_label": "files"}],
            },
        }
    )
    s.client({"type": "input_audio_buffer.append", "audio": pcm(40, 220.0, 0)})
    s.client({"type": "input_audio_buffer.append", "audio": "UklGRg=A"})  # base64.padding
    s.client({"type": "input_audio_buffer.append", "audio": "UklGR"})  # base64.length
    s.client(  # response.format_conflict
        {
            "type": "response.create",
            "response": {
                "input_audio_format": {"type": "audio/pcmu"},
                "audio": {"input": {"format": {"type": "audio/pcma"}}},
            },
        }
    )
    s.server({"type": "response.created", "response": response("resp_D1", "in_progress", [], None)})
    item = {
        "id": "item_D1",
        "type": "message",
        "status": "in_progress",
        "role": "assistant",
        "content": [],
    }
    s.server(
        {
            "type": "response.output_item.added",
            "response_id": "resp_D1",
            "output_index": 0,
            "item": item,
        }
    )
    scope = {"response_id": "resp_D1", "item_id": "item_D1", "output_index": 0, "content_index": 0}
    s.server(
        {
            "type": "response.content_part.added",
            **scope,
            "part": {"type": "audio", "transcript": ""},
        }
    )
    s.server({"type": "response.output_audio_transcript.delta", **scope, "delta": "Hello"})
    s.server({"type": "response.output_audio_transcript.delta", **scope, "delta": " there"})
    # session.delta_mismatch
    s.server(
        {"type": "response.output_audio_transcript.done", **scope, "transcript": "Hello world"}
    )
    ghost = {**scope, "item_id": "item_Ghost", "content_index": 0}
    s.server(
        {"type": "response.output_audio.delta", **ghost, "delta": pcm(20, 330.0, 0)}
    )  # session.unannounced
    s.server({"type": "response.done", "response": response("resp_D1", "completed", [], USAGE)})
    s.server(
        {"type": "response.output_audio.delta", **scope, "delta": pcm(20, 330.0, 0)}
    )  # session.after_done
    s.lines[-1]["event"]["event_id"] = s.lines[-2]["event"][
        "event_id"
    ]  # session.duplicate_event_id
    s.server(  # session.unknown_error_source
        {
            "type": "error",
            "error": {
                "type": "invalid_request_error",
                "code": None,
                "message": "Bad",
                "param": None,
                "event_id": "evt_never_sent",
            },
        }
    )
    s.client({"type": "response.hologram", "beam": 1})  # event.unknown_type
    s.server({"type": "conversation.item.deleted"})  # schema.required
    lines = [json.dumps(line, separators=(",", ":")).encode() for line in s.lines]
    # json.duplicate_key
    lines.append(
        b'{"ts":9.9,"direction":"client","event":{"type":"response.cancel","response_id":"a","response_id":"b"}}'
    )
    lines.append(
        b'{"ts":10.0,"direction":"client","event":{"type":"input_audio_buffer.commit"'
    )  # json: cut short
    return lines


def har(session: Session) -> dict[str, Any]:
    messages = []
    for line in session.lines:
        kind = "send" if line["direction"] == "client" else "receive"
        data = json.dumps(line["event"], separators=(",", ":"))
        messages.append({"type": kind, "time": 1767225600 + line["ts"], "opcode": 1, "data": data})
    messages.insert(5, {"type": "receive", "time": 1767225600.09, "opcode": 2, "data": "AAECAw=="})
    entry = {
        "startedDateTime": "2026-01-01T00:00:00.000Z",
        "time": 1.0,
        "request": {
            "method": "GET",
            "url": "wss://realtime.example/v1/realtime?model=gpt-realtime-2",
            "headers": [],
        },
        "response": {
            "status": 101,
            "statusText": "Switching Protocols",
            "headers": [],
            "content": {"size": 0},
        },
        "_resourceType": "websocket",
        "_webSocketMessages": messages,
    }
    page = {
        "startedDateTime": "2026-01-01T00:00:00.000Z",
        "request": {"method": "GET", "url": "https://app.example/", "headers": []},
        "response": {
            "status": 200,
            "content": {"size": 11, "text": "<html></html>", "mimeType": "text/html"},
        },
    }
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [],
            "entries": [page, entry],
        }
    }


# GA events with no beta counterpart, and what the beta protocol sends instead (None: nothing).
GA_ONLY = {"conversation.item.added": "conversation.item.created", "conversation.item.done": None}


def beta_session(session: Session) -> list[dict[str, Any]]:
    """The session as a beta server and client would have exchanged it."""
    import rt_codec
    from rt_codec.convert import ga_to_beta

    lines = []
    for line in session.lines:
        event = line["event"]
        if event["type"] in GA_ONLY:
            instead = GA_ONLY[event["type"]]
            if instead is None:
                continue
            event = {**event, "type": instead}
        else:
            event = rt_codec.event_to_dict(ga_to_beta(event))
        lines.append({**line, "event": event})
    return lines


def voicelive_defects(clean: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Voice Live sample session (built from the SDK's models) with planted defects, each
    where a Voice Live client or server could get it wrong; the comments name what trips."""
    lines = copy.deepcopy(clean)
    by_type = {line["event"]["type"]: line["event"] for line in reversed(lines)}
    settings = by_type["session.update"]["session"]
    settings["voice"] = {"type": "azure-standard"}  # an Azure voice needs its name
    settings["turn_detection"]["type"] = "azure_semantic_vad_xl"  # no such turn detection
    del settings["avatar"]["character"]  # an avatar needs its character
    by_type["session.updated"]["session"]["output_audio_format"] = "pcm16_44100hz"  # no such format
    by_type["input_audio.turn.append"]["audio"] = "UklGRg=A"  # padding inside base64
    by_type["response.animation_viseme.delta"]["response_id"] = "resp_elsewhere"  # unannounced
    # a GA name in a Voice Live session (which speaks beta's), before the response ends
    ga = {**by_type["response.audio.delta"], "type": "response.output_audio.delta"}
    done = next(i for i, line in enumerate(lines) if line["event"]["type"] == "response.done")
    ts = lines[done]["ts"]
    lines.insert(done, {"ts": ts, "direction": "server", "event": {**ga, "event_id": "server_ga"}})
    return lines


# --- the Live API -------------------------------------------------------------------------------

LIVE_RATE = 16000  # the Live session's one audio format (input and output): PCM16 at 16 kHz
LIVE_FORMAT = {"type": "audio/pcm", "rate": LIVE_RATE}
LIVE_QUESTION = {
    "type": "predicate",
    "name": "wants_human",
    "instructions": "Does the caller ask to speak to a person?",
}


def live_resource(delegation: dict[str, Any]) -> dict[str, Any]:
    """The Live session as session.started, session.updated and session.closed report it."""
    return {
        "id": "live_sess_Sample0001",
        "expires_at": 1767229200,
        "model": "gpt-live-1",
        "status": "active",
        "audio": {"format": dict(LIVE_FORMAT), "output": {"voice": "marin"}},
        "delegation": delegation,
        "instructions": "You answer calls for a bakery. Be brief.",
        "store": False,
        "triggers": [
            {
                "type": "decisions",
                "event_type": "session.input_transcript.delta",
                "decisions": {"questions": [LIVE_QUESTION]},
            }
        ],
    }


def live_session() -> Session:
    """A clean Live API session, the primary WebSocket's events and the sideband's (the call's
    transport and DTMF events) in one capture: the session starts with client
    delegation and a transcript trigger, the call rings and is answered, the caller speaks (input
    audio, transcript, a trigger's decision), the model delegates a lookup that the application
    answers with thinking, commentary and instructions, the model speaks (transcript and audio at
    the session's 16 kHz), the session moves to Responses delegation and asks for a response,
    DTMF goes both ways, usage is reported and the session is closed."""
    s = Session()
    client_delegation = {"type": "client", "acknowledgement_delay_ms": 800}
    settings = live_resource(client_delegation)
    start = s.client(
        {
            "type": "session.start",
            "session": copy.deepcopy(
                {
                    k: settings[k]
                    for k in ("model", "audio", "delegation", "instructions", "store", "triggers")
                }
            ),
        }
    )
    s.server(
        {
            "type": "session.started",
            "session": settings,
            "client_event_id": start["event_id"],
        }
    )
    call = {"session_id": settings["id"]}
    s.server({"type": "transport.ringing", **call})
    s.server({"type": "transport.ringing", **call})  # a repeated ringing is fine
    s.server({"type": "transport.answered", **call})
    # The caller speaks: 3 x 40 ms at 16 kHz, heard and transcribed.
    for k in range(3):
        s.client(
            {"type": "session.input_audio.append", "audio": pcm(40, 220.0, k * 640, LIVE_RATE)}
        )
    heard = s.server(
        {
            "type": "session.input_transcript.delta",
            "delta": "Do you have",
            "start_ms": 0,
            "end_ms": 60,
        }
    )
    s.server(
        {
            "type": "session.input_transcript.delta",
            "delta": " rye bread today?",
            "start_ms": 60,
            "end_ms": 120,
        }
    )
    s.server(
        {
            "type": "decision.event",
            "delegation_id": None,
            "trigger_id": "trig_Sample0001",
            "source_event_id": heard["event_id"],
            "source_event_type": "session.input_transcript.delta",
            "event": {
                "type": "decision.completed",
                "decision": {
                    "model": "gpt-decide-1",
                    "answers": [{"type": "predicate", "name": "wants_human", "probability": 0.03}],
                    "usage": {
                        "input_tokens": 41,
                        "input_tokens_details": {"cache_write_tokens": 0, "cached_tokens": 0},
                        "output_tokens": 2,
                        "output_tokens_details": {"reasoning_tokens": 0},
                        "total_tokens": 43,
                    },
                },
            },
        }
    )
    # The model hands the stock lookup to the application, which answers it.
    delegation = {"type": "delegation", "id": "dlg_Sample0001", "target": "client"}
    s.server({"type": "session.delegation.created", "delegation": delegation, "offset_ms": 130})
    for kind, content in (
        ("thinking", "Looking up today's rye stock."),
        ("commentary", "Rye bread is in stock: 6 loaves left."),
        ("instructions", "Offer to hold a loaf if the caller wants one."),
    ):
        sent = s.client(
            {
                "type": f"session.{kind}.append",
                "content": content,
                "delegation_id": "dlg_Sample0001",
            }
        )
        s.server(
            {
                "type": f"session.{kind}.appended",
                "start_ms": 140,
                "end_ms": 140,
                "client_event_id": sent["event_id"],
            }
        )
    # The spoken answer: transcript and 4 x 60 ms of audio at 16 kHz.
    words = ["Yes,", " we have", " six loaves", " of rye."]
    for k, word in enumerate(words):
        span = {"start_ms": 150 + 60 * k, "end_ms": 210 + 60 * k}
        s.server({"type": "session.output_transcript.delta", "delta": word, **span})
        # as the primary WebSocket sends it: no event_id, no timestamps
        s.server(
            {"type": "session.output_audio.delta", "delta": pcm(60, 330.0, k * 960, LIVE_RATE)},
            with_id=False,
        )
    # Responses delegation from here on: the session asks its backend for a response.
    responses = {
        "type": "responses",
        "responses": {"model": "gpt-5", "instructions": "Check orders for the bakery."},
    }
    update = s.client({"type": "session.update", "session": {"delegation": responses}})
    s.server(
        {
            "type": "session.updated",
            "session": live_resource(responses),
            "client_event_id": update["event_id"],
        }
    )
    create = s.client({"type": "response.create"})
    for event in (
        {"type": "response.created", "response": {"id": "resp_Live0001", "status": "in_progress"}},
        {"type": "response.output_text.delta", "item_id": "msg_Live0001", "delta": "No orders."},
        {"type": "response.completed", "response": {"id": "resp_Live0001", "status": "completed"}},
    ):
        s.server(
            {
                "type": "response.event",
                "event": event,
                "delegation_id": "dlg_Sample0002",
                "client_event_id": create["event_id"],
            }
        )
    # DTMF: the application sends a key, the caller presses one.
    dtmf = s.client({"type": "transport.dtmf.send", "event": "1"})
    s.server({"type": "transport.dtmf.sent", "event": "1", "client_event_id": dtmf["event_id"]})
    s.server({"type": "transport.dtmf.received", "event": "#"})
    usage = {"seconds": 1.2, "active_seconds": 1, "paused_seconds": 0}
    s.server(
        {"type": "session.usage.updated", "usage": usage, "context_window": {"usage_ratio": 0.02}}
    )
    close = s.client({"type": "session.close"})
    s.server(
        {
            "type": "session.closed",
            "reason": "close_requested",
            "session": live_resource(responses),
            "usage": usage,
            "client_event_id": close["event_id"],
        }
    )
    return s


def live_defects(clean: Session) -> list[dict[str, Any]]:
    """The Live session with planted defects, each one a Live client or server could make; the
    comments name the rule each trips."""
    lines = copy.deepcopy(clean.lines)
    events = [line["event"] for line in lines]
    first: dict[str, dict[str, Any]] = {}
    for event in events:
        first.setdefault(event["type"], event)
    first["session.start"]["session"]["audio"]["format"]["rate"] = 44100  # schema.enum
    first["session.input_audio.append"]["audio"] = "UklGRg=A"  # base64.padding
    first["session.input_transcript.delta"]["start_ms"] = "0"  # schema.type
    first["session.update"]["session"]["voice"] = "marin"  # schema.additionalProperties
    del first["decision.event"]["event"]  # schema.required
    # the call fails, and then is answered: session.transition
    answered = events.index(first["transport.answered"])
    failed = {
        **first["transport.answered"],
        "type": "transport.failed",
        "event_id": "event_S_failed",
        "error": {"type": "call_error", "code": "busy", "message": "The line is busy."},
    }
    lines.insert(answered, {**lines[answered], "event": failed})
    # a client event that reuses the event_id of an earlier one: session.duplicate_event_id
    dtmf = events.index(first["transport.dtmf.send"]) + 1  # one line was inserted before it
    first["transport.dtmf.send"]["event_id"] = first["response.create"]["event_id"]
    # an error naming a client event never sent: session.unknown_error_source
    error = {
        "type": "error",
        "event_id": "event_S_error",
        "error": {
            "type": "invalid_request_error",
            "code": "unknown_event",
            "message": "No such event.",
            "client_event_id": "evt_never_sent",
        },
    }
    lines.insert(dtmf + 1, {**lines[dtmf], "direction": "server", "event": error})
    return lines
