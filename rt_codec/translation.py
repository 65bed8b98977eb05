"""The Realtime Translation dialect: the same functions as `rt_codec`, over its own event tables."""

from __future__ import annotations

from rt_codec._runtime import DecodeError, UnknownEvent
from rt_codec.codec import decode_translation_client_event as decode_client_event
from rt_codec.codec import decode_translation_server_event as decode_server_event
from rt_codec.codec import encode_event, event_to_dict
from rt_codec.validation import Violation
from rt_codec.validation import validate_translation_client_event as validate_client_event
from rt_codec.validation import validate_translation_server_event as validate_server_event

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
