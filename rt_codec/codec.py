"""Decoding and encoding events: the public entry points over the generated code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias, cast

import orjson

from rt_codec._generated import decode as _decode
from rt_codec._generated.encode import ENCODERS, encode_value
from rt_codec._generated.types import (
    RealtimeClientEvent,
    RealtimeServerEvent,
    TranslationClientEvent,
    TranslationServerEvent,
)
from rt_codec._runtime import DecodeError, EncodeError, UnknownEvent, type_error

Data: TypeAlias = bytes | bytearray | memoryview | str | dict[str, Any]
Table: TypeAlias = dict[str, Callable[[dict[str, Any], bool], Any]]

_loads = orjson.loads
_dumps = orjson.dumps


def parse(data: Data) -> dict[str, Any]:
    """The event as a dict: parsed from JSON text, or the dict itself. Raises DecodeError otherwise."""
    if isinstance(data, dict):
        return data
    try:
        value = _loads(data)
    except orjson.JSONDecodeError as exc:
        if not isinstance(data, (bytes, bytearray, memoryview, str)):
            raise DecodeError(f"Expected bytes, str or dict, got `{type(data).__name__}`") from None
        raise DecodeError(f"Invalid JSON: {exc}") from None
    if type(value) is not dict:
        raise DecodeError(f"Expected a JSON object, got `{type(value).__name__}`")
    return value


def decode_with(table: Table, data: Data, strict: bool) -> Any:
    """Decode one event with a dialect's and direction's `type` -> decoder table."""
    d: dict[str, Any]
    if type(data) is dict:
        d = data
    else:
        try:
            d = _loads(data)  # type: ignore[arg-type]  # not a dict here
        except orjson.JSONDecodeError:
            d = parse(data)  # raises the DecodeError that explains
        if type(d) is not dict:
            d = parse(data)
    t = d.get("type")
    f = table.get(t) if type(t) is str else None
    if f is None:
        if not isinstance(t, str):
            if "type" in d:
                raise type_error(t, "string", "type")
            raise DecodeError("Object missing required field `type`")
        return UnknownEvent(t, d)
    try:
        return f(d, strict)
    except DecodeError as exc:
        exc.event_type = cast(str, t)
        if strict:
            raise
        return UnknownEvent(cast(str, t), d, exc)
    except RecursionError:
        error = DecodeError("Nesting too deep", event_type=cast(str, t))
        if strict:
            raise error from None
        return UnknownEvent(cast(str, t), d, error)


def decode_server_event(data: Data, *, strict: bool = False) -> RealtimeServerEvent | UnknownEvent:
    """A server event of the realtime dialect, typed by its `type`.

    Unknown types give an UnknownEvent. A known type with the wrong shape raises DecodeError when
    `strict`, else gives an UnknownEvent whose `.error` says what was wrong. Input that is not a JSON
    object with a string `type` raises DecodeError either way."""
    return decode_with(_decode.REALTIME_SERVER, data, strict)  # type: ignore[no-any-return]


def decode_client_event(data: Data, *, strict: bool = False) -> RealtimeClientEvent | UnknownEvent:
    """A client event of the realtime dialect; see decode_server_event."""
    return decode_with(_decode.REALTIME_CLIENT, data, strict)  # type: ignore[no-any-return]


def decode_translation_server_event(
    data: Data, *, strict: bool = False
) -> TranslationServerEvent | UnknownEvent:
    return decode_with(_decode.TRANSLATION_SERVER, data, strict)  # type: ignore[no-any-return]


def decode_translation_client_event(
    data: Data, *, strict: bool = False
) -> TranslationClientEvent | UnknownEvent:
    return decode_with(_decode.TRANSLATION_CLIENT, data, strict)  # type: ignore[no-any-return]


def event_to_dict(event: object) -> dict[str, Any]:
    """The event as the JSON object it stands for (a new dict; an UnknownEvent gives its raw dict)."""
    f = ENCODERS.get(event.__class__)
    if f is not None:
        return f(event)
    if isinstance(event, UnknownEvent):
        return event.raw
    if isinstance(event, dict):
        return encode_value(event)  # type: ignore[no-any-return]
    raise EncodeError(f"not an event: {type(event).__name__}")


def encode_event(event: object) -> bytes:
    """The event as compact JSON bytes."""
    f = ENCODERS.get(event.__class__)
    d = f(event) if f is not None else event_to_dict(event)
    try:
        return _dumps(d)
    except TypeError as exc:
        raise EncodeError(f"cannot encode {type(event).__name__}: {exc}") from None
