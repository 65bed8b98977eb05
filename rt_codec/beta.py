"""The beta dialect (`OpenAI-Beta: realtime=v1`): the same functions as `rt_codec`, over its own tables.

Azure OpenAI and Voice Live deployments, and every capture made before the GA protocol, speak it. Events
whose shape did not change are the realtime classes; the rest are `Beta*` classes. An event received
under its GA name (`response.output_audio.delta` for `response.audio.delta`) decodes to the beta class
with `wire_type` set to the name it came under, and encodes back to that name."""

from __future__ import annotations

from typing import cast

from rt_codec._generated.types_beta import BetaClientEvent, BetaServerEvent
from rt_codec._runtime import DecodeError, UnknownEvent
from rt_codec.codec import Decoder, decoder, encode_event, event_to_dict
from rt_codec.validation import Violation
from rt_codec.validation import validate_beta_client_event as validate_client_event
from rt_codec.validation import validate_beta_server_event as validate_server_event

decode_server_event = cast(Decoder[BetaServerEvent], decoder("beta", "server"))
decode_client_event = cast(Decoder[BetaClientEvent], decoder("beta", "client"))

__all__ = [
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
