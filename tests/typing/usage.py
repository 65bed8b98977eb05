"""Checked by mypy --strict in tests/test_typing.py: the public API as a client would use it."""

from __future__ import annotations

import base64

import rt_codec
from rt_codec import translation


def handle(message: bytes) -> str | None:
    event = rt_codec.decode_server_event(message)
    if isinstance(event, rt_codec.ResponseOutputAudioDeltaEvent):
        pcm: bytes = base64.b64decode(event.delta)
        return f"{len(pcm)} bytes for {event.item_id} at {event.content_index + 0}"
    if isinstance(event, rt_codec.ResponseDoneEvent):
        usage = event.response.usage
        if isinstance(usage, rt_codec.Usage) and not isinstance(usage.total_tokens, rt_codec.Unset):
            return str(usage.total_tokens + 1)
        return None
    if isinstance(event, rt_codec.UnknownEvent):
        error = event.error
        return event.type if error is None else error.pointer
    return event.type


def build() -> bytes:
    update = rt_codec.SessionUpdateEvent(
        session=rt_codec.RealtimeSessionConfig(
            audio=rt_codec.SessionAudio(input=rt_codec.SessionAudioInput(turn_detection=None)),
            tools=[rt_codec.FunctionTool(name="lookup", parameters={"type": "object"})],
        )
    )
    append = rt_codec.InputAudioBufferAppendEvent(audio=base64.b64encode(b"\0\0").decode())
    data: dict[str, object] = rt_codec.event_to_dict(update)
    return rt_codec.encode_event(append) + bytes(len(data))


def translate(message: str) -> str:
    event = translation.decode_server_event(message, strict=True)
    if isinstance(event, rt_codec.TranslationSessionOutputTranscriptDeltaEvent):
        return event.delta
    return event.type
