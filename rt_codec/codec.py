"""Decoding and encoding events: the public entry points over the generated code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeAlias, TypeVar

import orjson

from rt_codec._generated import decode as _decode
from rt_codec._generated.types import (
    BetaClientEvent,
    BetaServerEvent,
    RealtimeClientEvent,
    RealtimeServerEvent,
    TranslationClientEvent,
    TranslationServerEvent,
)
from rt_codec._runtime import (
    DecodeError,
    EncodeError,
    UnknownEvent,
    encode_value,
    json_kind,
    type_error,
)

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
        raise DecodeError(f"Expected a JSON object, got `{json_kind(value)}`")
    return value


E_co = TypeVar("E_co", covariant=True)


class Decoder(Protocol[E_co]):
    """A decode function of one dialect and direction: its typed events are `E_co`."""

    def __call__(self, data: Data, *, strict: bool = False) -> E_co | UnknownEvent: ...


def make_decoder(table: Table, name: str, doc: str) -> Callable[..., Any]:
    """The decode function of one dialect and direction: one frame, everything it needs local."""
    loads = _loads
    lookup = table.get

    def decode(data: Data, *, strict: bool = False) -> Any:
        d: dict[str, Any]
        if type(data) is dict:
            d = data
        else:
            try:
                d = loads(data)  # type: ignore[arg-type]  # not a dict here
            except orjson.JSONDecodeError:
                d = parse(data)  # raises the DecodeError that explains
            if type(d) is not dict:
                d = parse(data)
        t = d.get("type")
        f = lookup(t) if type(t) is str else None
        if f is None:
            return _untyped(d, t)
        try:
            return f(d, strict)
        except DecodeError as exc:
            exc.event_type = t
            if strict:
                raise
            return UnknownEvent(t, d, exc)  # type: ignore[arg-type]  # a str, as f was found
        except RecursionError:
            error = DecodeError("Nesting too deep", event_type=t)
            if strict:
                raise error from None
            return UnknownEvent(t, d, error)  # type: ignore[arg-type]

    decode.__name__ = decode.__qualname__ = name
    decode.__doc__ = doc
    return decode


def _untyped(d: dict[str, Any], t: object) -> UnknownEvent:
    """An event whose `type` names no decoder: unknown, or not a string at all."""
    if isinstance(t, str):
        return UnknownEvent(t, d)
    if "type" in d:
        raise type_error(t, "string", "type")
    raise DecodeError("Object missing required field `type`")


_LENIENCY = """

    Unknown types give an UnknownEvent. A known type with the wrong shape raises DecodeError when
    `strict`, else gives an UnknownEvent whose `.error` says what was wrong. Input that is not a JSON
    object with a string `type` raises DecodeError either way."""

decode_server_event: Decoder[RealtimeServerEvent] = make_decoder(
    _decode.REALTIME_SERVER,
    "decode_server_event",
    "A server event of the realtime dialect, typed by its `type`." + _LENIENCY,
)
decode_client_event: Decoder[RealtimeClientEvent] = make_decoder(
    _decode.REALTIME_CLIENT,
    "decode_client_event",
    "A client event of the realtime dialect, typed by its `type`." + _LENIENCY,
)
decode_translation_server_event: Decoder[TranslationServerEvent] = make_decoder(
    _decode.TRANSLATION_SERVER,
    "decode_server_event",
    "A server event of the translation dialect, typed by its `type`." + _LENIENCY,
)
decode_translation_client_event: Decoder[TranslationClientEvent] = make_decoder(
    _decode.TRANSLATION_CLIENT,
    "decode_client_event",
    "A client event of the translation dialect, typed by its `type`." + _LENIENCY,
)


decode_beta_server_event: Decoder[BetaServerEvent] = make_decoder(
    _decode.BETA_SERVER,
    "decode_server_event",
    "A server event of the beta dialect (`OpenAI-Beta: realtime=v1`), typed by its `type`."
    + _LENIENCY,
)
decode_beta_client_event: Decoder[BetaClientEvent] = make_decoder(
    _decode.BETA_CLIENT,
    "decode_client_event",
    "A client event of the beta dialect (`OpenAI-Beta: realtime=v1`), typed by its `type`."
    + _LENIENCY,
)

_DECODERS: dict[tuple[str, str], Callable[..., Any]] = {
    ("realtime", "server"): decode_server_event,
    ("realtime", "client"): decode_client_event,
    ("translation", "server"): decode_translation_server_event,
    ("translation", "client"): decode_translation_client_event,
    ("beta", "server"): decode_beta_server_event,
    ("beta", "client"): decode_beta_client_event,
}


def decode_with_dialect(dialect: str, direction: str, data: Data, *, strict: bool = False) -> Any:
    """Decode an event of the named dialect ("realtime", "translation", "beta") and direction."""
    try:
        decode = _DECODERS[dialect, direction]
    except KeyError:
        raise ValueError(f"unknown dialect/direction {dialect!r}/{direction!r}") from None
    return decode(data, strict=strict)


def event_to_dict(event: object) -> dict[str, Any]:
    """The event as the JSON object it stands for (a new dict; an UnknownEvent gives its raw dict)."""
    try:
        return event._wire()  # type: ignore[attr-defined, no-any-return]
    except AttributeError:
        if isinstance(event, dict):
            try:
                return encode_value(event)  # type: ignore[no-any-return]
            except RecursionError:
                raise EncodeError("nesting too deep to encode") from None
        raise EncodeError(f"not an event: {type(event).__name__}") from None


def encode_event(event: object) -> bytes:
    """The event as compact JSON bytes."""
    try:
        d = event._wire()  # type: ignore[attr-defined]
    except AttributeError as exc:
        if not hasattr(type(event), "_wire"):
            d = event_to_dict(event)
        else:  # a field holds something that is not the model its type names
            raise EncodeError(f"cannot encode {type(event).__name__}: {exc}") from None
    try:
        return _dumps(d)
    except TypeError as exc:
        raise EncodeError(f"cannot encode {type(event).__name__}: {exc}") from None
