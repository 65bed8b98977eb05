"""The Realtime Translation dialect: the same functions as `rt_codec`, over its own event tables."""

from __future__ import annotations

from rt_codec._generated.types import TranslationClientEvent, TranslationServerEvent
from rt_codec._runtime import DecodeError, UnknownEvent
from rt_codec.codec import (
    Data,
    decode_translation_client_event,
    decode_translation_server_event,
    encode_event,
    event_to_dict,
)


def decode_server_event(
    data: Data, *, strict: bool = False
) -> TranslationServerEvent | UnknownEvent:
    """A server event of a translation session; see `rt_codec.decode_server_event`."""
    return decode_translation_server_event(data, strict=strict)


def decode_client_event(
    data: Data, *, strict: bool = False
) -> TranslationClientEvent | UnknownEvent:
    """A client event of a translation session; see `rt_codec.decode_server_event`."""
    return decode_translation_client_event(data, strict=strict)


__all__ = [
    "DecodeError",
    "UnknownEvent",
    "decode_client_event",
    "decode_server_event",
    "encode_event",
    "event_to_dict",
]
