"""rt_codec: the OpenAI Realtime API's wire protocol as typed Python, from JSON Schemas.

Decode with `decode_server_event` / `decode_client_event`, encode with `encode_event`, check with
`validate_server_event` / `validate_client_event`; the event and model classes (generated from
schemas/) are importable from here. The translation dialect has the same functions in
`rt_codec.translation`, the beta dialect (`OpenAI-Beta: realtime=v1`) in `rt_codec.beta`, the
Live API in `rt_codec.live`; the REST
bodies are in `rt_codec.rest`, conversion between beta and GA in `rt_codec.convert`, and
`rt_codec.dialects.sniff` tells which of the two an event speaks. `rt_codec.capture` reads, checks
and records captured traffic, and `SessionChecker` checks a session across its events.

Validation and the schema registry load on first use, so that a client that only decodes and
encodes does not import jsonschema.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from rt_codec._generated import LAZY_NAMES as _LAZY_GENERATED
from rt_codec._generated.types import *  # noqa: F403
from rt_codec._generated.types import __all__ as _generated_names
from rt_codec._runtime import UNSET, DecodeError, EncodeError, UnknownEvent, Unset, is_set
from rt_codec.codec import (
    decode_client_event,
    decode_server_event,
    encode_event,
    encode_event_text,
    event_to_dict,
)
from rt_codec.codec import generated_module as _generated_module

if TYPE_CHECKING:
    from rt_codec import audio as audio
    from rt_codec import beta as beta
    from rt_codec import capture as capture
    from rt_codec import catalogue as catalogue
    from rt_codec import cli as cli
    from rt_codec import codec as codec
    from rt_codec import convert as convert
    from rt_codec import dialects as dialects
    from rt_codec import live as live
    from rt_codec import replay as replay
    from rt_codec import rest as rest
    from rt_codec import rules as rules
    from rt_codec import selfcheck as selfcheck
    from rt_codec import session as session
    from rt_codec import strategies as strategies
    from rt_codec import translation as translation
    from rt_codec import validation as validation
    from rt_codec import voicelive as voicelive
    from rt_codec import voicelive_v1 as voicelive_v1

    # The classes of the dialects after the eager ones, loaded on first use (`__getattr__`).
    from rt_codec._generated.types_all import *  # noqa: F403
    from rt_codec._schemas import (
        event_schema_paths,
        load_registry,
        load_schemas,
        schema_dir,
        uri_of,
    )
    from rt_codec.builders import (
        function_call_output,
        function_tool,
        input_audio_append,
        response_create,
        session_update,
        user_message,
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
    "function_call_output": "rt_codec.builders",
    "function_tool": "rt_codec.builders",
    "input_audio_append": "rt_codec.builders",
    "response_create": "rt_codec.builders",
    "session_update": "rt_codec.builders",
    "user_message": "rt_codec.builders",
    "Violation": "rt_codec.validation",
    "validate_client_event": "rt_codec.validation",
    "validate_server_event": "rt_codec.validation",
}


# Submodules, reachable as attributes (`rt_codec.beta`) and imported on first use, so that
# `import rt_codec` stays as quick as the codec alone.
_SUBMODULES = frozenset(
    {
        "audio",
        "beta",
        "capture",
        "catalogue",
        "cli",
        "codec",
        "convert",
        "dialects",
        "live",
        "replay",
        "rest",
        "rules",
        "selfcheck",
        "session",
        "strategies",
        "translation",
        "validation",
        "voicelive",
        "voicelive_v1",
    }
)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"rt_codec.{name}")  # which sets the attribute
    module = _LAZY.get(name)
    if module is None and name in _LAZY_GENERATED:  # a class of a dialect loaded on first use
        module = _generated_module(name)
    if module is None:
        raise AttributeError(f"module 'rt_codec' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBMODULES})


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
    "function_call_output",
    "function_tool",
    "input_audio_append",
    "is_set",
    "load_registry",
    "load_schemas",
    "response_create",
    "schema_dir",
    "session_update",
    "uri_of",
    "user_message",
    "validate_client_event",
    "validate_server_event",
    *_generated_names,
    *_LAZY_GENERATED,
]

__version__ = "0.1.0"
