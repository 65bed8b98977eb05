"""Azure AI Voice Live, its dated api-versions (`api-version=2026-07-15` and the others the
azure-ai-voicelive SDK speaks): the same functions as `rt_codec`, over its own tables. Its
`api-version=v1`, which is GA-shaped, is `rt_codec.voicelive_v1`.

Voice Live speaks the beta protocol and adds to it: events of its own (`warning`, avatar, viseme,
blendshape and word-timestamp events, turn-based audio input, ...), session settings, Azure voices,
turn detection and noise suppression, audio formats at 8 and 16 kHz. The schemas say it as an overlay
on the beta dialect's (`schemas/voicelive/`): classes Voice Live changes are `VoiceLive*`, the rest
are the beta and realtime classes."""

from __future__ import annotations

from typing import cast

from rt_codec._generated.types_voicelive import VoiceLiveClientEvent, VoiceLiveServerEvent
from rt_codec._runtime import DecodeError, UnknownEvent
from rt_codec.codec import Data, Decoder, decoder, encode_event, event_to_dict
from rt_codec.validation import Violation, dialect_validators

DIALECT = "voicelive"

decode_server_event = cast(Decoder[VoiceLiveServerEvent], decoder(DIALECT, "server"))
decode_client_event = cast(Decoder[VoiceLiveClientEvent], decoder(DIALECT, "client"))
validate_server_event, validate_client_event = dialect_validators(DIALECT, "Voice Live")

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
