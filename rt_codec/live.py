"""The OpenAI Live API: the same functions as `rt_codec`, over the Live dialect's own tables.

The Live API is a realtime protocol of its own beside the Realtime API: a session is started with
`session.start` and answered with `session.started`, audio goes up in `session.input_audio.append`
and comes down in `session.output_audio.delta` (in the one format the session's
`audio.format` names), and the model's work is delegated to the application, a Responses backend or
the Decisions API. Its sideband connection (the events only a sideband sends or receives:
`transport.dtmf.send` as a command, `session.paused`, `session.resumed`, the `transport.*`
notifications) is part of the same dialect. Several names are also translation events
(`session.output_audio.delta`, ...) with other shapes: decode each capture in its own dialect."""

from __future__ import annotations

from typing import cast

from rt_codec._generated.types_live import LiveClientEvent, LiveServerEvent
from rt_codec._runtime import DecodeError, UnknownEvent
from rt_codec.codec import Data, Decoder, decoder, encode_event, event_to_dict
from rt_codec.validation import Violation, dialect_validators

DIALECT = "live"

decode_server_event = cast(Decoder[LiveServerEvent], decoder(DIALECT, "server"))
decode_client_event = cast(Decoder[LiveClientEvent], decoder(DIALECT, "client"))
validate_server_event, validate_client_event = dialect_validators(DIALECT, "Live API")

__all__ = [
    "DIALECT",
    "Data",
    "DecodeError",
    "UnknownEvent",
    "Violation",
    "decode_client_event",
    "decode_server_event",
    "encode_event",
    "event_to_dict",
    "validate_client_event",
    "validate_server_event",
]
