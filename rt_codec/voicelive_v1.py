"""Azure AI Voice Live, `api-version=v1`: the GA-shaped protocol (`session.type`, nested
`audio.input`/`audio.output`, format objects) plus Voice Live's own events and settings, with the
same functions as `rt_codec`. The schemas say it as an overlay on the realtime (GA) dialect
(`schemas/voicelive_v1/`); its own events are those of the dated api-versions (`rt_codec.voicelive`)."""

from __future__ import annotations

from typing import cast

from rt_codec._generated.types_voicelive_v1 import VoiceLiveV1ClientEvent, VoiceLiveV1ServerEvent
from rt_codec._runtime import DecodeError, UnknownEvent
from rt_codec.codec import Data, Decoder, decoder, encode_event, event_to_dict
from rt_codec.validation import Violation, dialect_validators

DIALECT = "voicelive_v1"

decode_server_event = cast(Decoder[VoiceLiveV1ServerEvent], decoder(DIALECT, "server"))
decode_client_event = cast(Decoder[VoiceLiveV1ClientEvent], decoder(DIALECT, "client"))
validate_server_event, validate_client_event = dialect_validators(DIALECT, "Voice Live v1")

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
