"""rt_codec: the OpenAI Realtime API's wire protocol as typed Python, from JSON Schemas.

Decode with `decode_server_event` / `decode_client_event`, encode with `encode_event`, check with
`validate_server_event` / `validate_client_event`; the event and model classes (generated from
schemas/) are importable from here. The translation dialect has the same functions in
`rt_codec.translation`, the beta dialect (`OpenAI-Beta: realtime=v1`) in `rt_codec.beta`; the REST
bodies are in `rt_codec.rest`, conversion between beta and GA in `rt_codec.convert`, and
`rt_codec.dialects.sniff` tells which of the two an event speaks. `rt_codec.capture` reads, checks
and records captured traffic, and `SessionChecker` checks a session across its events.

Validation and the schema registry load on first use, so that a client that only decodes and
encodes does not import jsonschema.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from rt_codec._generated.types import *  # noqa: F403
from rt_codec._generated.types import __all__ as _generated_names
from rt_codec._runtime import UNSET, DecodeError, EncodeError, UnknownEvent, Unset
from rt_codec.codec import (
    decode_client_event,
    decode_server_event,
    encode_event,
    encode_event_text,
    event_to_dict,
)

if TYPE_CHECKING:
    from rt_codec._schemas import (
        event_schema_paths,
        load_registry,
        load_schemas,
        schema_dir,
        uri_of,
    )
    from rt_codec.session import SessionChecker
    from rt_codec.validation import Violation, validate_client_event, validate_server_event

_LAZY = {
    "event_schema_paths": "rt_codec._schemas",
    "load_registry": "rt_codec._schemas",
    "load_schemas": "rt_codec._schemas",
    "schema_dir": "rt_codec._schemas",
    "uri_of": "rt_codec._schemas",
    "SessionChecker": "rt_codec.session",
    "Violation": "rt_codec.validation",
    "validate_client_event": "rt_codec.validation",
    "validate_server_event": "rt_codec.validation",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rt_codec' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "UNSET",
    "DecodeError",
    "EncodeError",
    "SessionChecker",
    "UnknownEvent",
    "Unset",
    "Violation",
    "decode_client_event",
    "decode_server_event",
    "encode_event",
    "encode_event_text",
    "event_schema_paths",
    "event_to_dict",
    "load_registry",
    "load_schemas",
    "schema_dir",
    "uri_of",
    "validate_client_event",
    "validate_server_event",
    *_generated_names,
]

__version__ = "0.1.0"
