"""Checked by mypy --strict in tests/test_typing.py: a comment "R: <type>" says what `reveal_type`
on its line (or, alone on a line, on the next) must show, "E: <text>" an error its line must give;
no other line may give one."""

from __future__ import annotations

import rt_codec
from rt_codec import audio, beta, convert


def narrowing(message: bytes) -> None:
    event = rt_codec.decode_server_event(message)
    if isinstance(event, rt_codec.SessionCreatedEvent):
        # The server reports a session of a kind the schemas know (x-unknown-kind: event).
        reveal_type(event.session.id)  # R: str
    if isinstance(event, rt_codec.ResponseDoneEvent):
        usage = event.response.usage
        reveal_type(usage)  # R: rt_codec._generated.types.Usage | rt_codec._runtime.Unset | None
        if usage:  # UNSET is falsy to a type checker too
            reveal_type(usage)  # R: rt_codec._generated.types.Usage
            if rt_codec.is_set(usage.total_tokens):
                reveal_type(usage.total_tokens)  # R: int
            usage.total_tokens + 1  # E: Unsupported operand types for + ("Unset" and "int")


def converting(message: bytes) -> None:
    update = beta.decode_client_event(message)
    if isinstance(update, rt_codec.BetaSessionUpdateEvent):
        reveal_type(convert.beta_to_ga(update))  # R: rt_codec._generated.types.SessionUpdateEvent
    if isinstance(update, rt_codec.BetaTranscriptionSessionUpdateEvent):
        reveal_type(convert.beta_to_ga(update))  # R: rt_codec._generated.types.SessionUpdateEvent
    # Straight from the decoder (an UnknownEvent is converted too, from its dict):
    ga_event = convert.beta_to_ga(beta.decode_client_event(message))
    if isinstance(ga_event, rt_codec.SessionUpdateEvent):
        # R: rt_codec._generated.types.RealtimeSessionConfig | rt_codec._generated.types.TranscriptionSessionConfig | dict[str, Any]
        reveal_type(ga_event.session)
    delta = beta.decode_server_event(message)
    if isinstance(delta, rt_codec.BetaResponseAudioDeltaEvent):
        ga = convert.beta_to_ga(delta)
        reveal_type(ga)  # R: rt_codec._generated.types.ResponseOutputAudioDeltaEvent
        back = convert.ga_to_beta(ga)
        reveal_type(back)  # R: rt_codec._generated.types_beta.BetaResponseAudioDeltaEvent


def encoding() -> None:
    update = rt_codec.session_update(instructions="Be brief.", voice="marin")
    reveal_type(update)  # R: rt_codec._generated.types.SessionUpdateEvent
    reveal_type(rt_codec.encode_event_text(update))  # R: str
    rt_codec.encode_event({"type": "response.create"})  # a dict is an event too
    model = rt_codec.PcmAudioFormat()  # a model, not an event:
    rt_codec.encode_event(model)  # E: Argument 1 to "encode_event" has incompatible type
    rt_codec.session_update(voice="robot")  # E: Argument "voice" to "session_update" has

    reveal_type(audio.duration(4800))  # R: float | None
