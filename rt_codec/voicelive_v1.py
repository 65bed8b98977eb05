"""Azure AI Voice Live, `api-version=v1`: the GA-shaped protocol (`session.type`, nested
`audio.input`/`audio.output`, format objects) plus Voice Live's own events and settings, with the
same functions as `rt_codec`. The schemas say it as an overlay on the realtime (GA) dialect
(`schemas/voicelive_v1/`); its own events are those of the dated api-versions (`rt_codec.voicelive`)."""

from __future__ import annotations

from typing import cast

from rt_codec._generated.types import VoiceLiveV1ClientEvent, VoiceLiveV1ServerEvent
from rt_codec._runtime import DecodeError, UnknownEvent
from rt_codec.codec import _DECODERS, Data, Decoder, encode_event, event_to_dict
from rt_codec.validation import Violation, validate

DIALECT = "voicelive_v1"

decode_server_event = cast(Decoder[VoiceLiveV1ServerEvent], _DECODERS[DIALECT, "server"])
decode_client_event = cast(Decoder[VoiceLiveV1ClientEvent], _DECODERS[DIALECT, "client"])


def validate_server_event(data: object, *, notes: bool = False) -> list[Violation]:
    """Findings for one Voice Live v1 server event; see `rt_codec.validation.validate`."""
    return validate(data, DIALECT, "server", notes=notes)


def validate_client_event(data: object, *, notes: bool = False) -> list[Violation]:
    """Findings for one Voice Live v1 client event; see `rt_codec.validation.validate`."""
    return validate(data, DIALECT, "client", notes=notes)


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
