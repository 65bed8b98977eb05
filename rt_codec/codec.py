"""Decoding and encoding events: the public entry points over the generated code."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

import orjson

from rt_codec import catalogue
from rt_codec._generated import DIALECT_MODULES, LAZY_NAMES
from rt_codec._generated import decode as _decode
from rt_codec._generated.types import (
    RealtimeClientEvent,
    RealtimeServerEvent,
    TranslationClientEvent,
    TranslationServerEvent,
)
from rt_codec._reading import json_error
from rt_codec._runtime import (  # EVENT_CLASSES: the event classes loaded, and UnknownEvent
    EVENT_CLASSES,
    DecodeError,
    EncodeError,
    UnknownEvent,
    copy_tree,
    dumps_deep,
    encode_value,
    free_error,
    free_ok,
    json_kind,
    pending_keys,
    qualified_name,
    type_error,
)

if TYPE_CHECKING:  # loading every dialect's classes: types_all.py imports them all
    from rt_codec._generated.types_all import AnyEvent

Data: TypeAlias = bytes | bytearray | memoryview | str | dict[str, Any]
# What encoding takes: an event object of any dialect, an UnknownEvent, or the event as a dict.
Encodable: TypeAlias = "AnyEvent | UnknownEvent | dict[str, Any]"
# Event type -> generated decoder; its second argument: True strict, False lenient (nested objects
# decoded when first read), None lenient with everything decoded at once.
Table: TypeAlias = dict[str, Callable[[dict[str, Any], bool | None], Any]]

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
        text = bytes(data) if isinstance(data, (bytearray, memoryview)) else data
        raise DecodeError(json_error(text, exc).message) from None  # worded as validation words it
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

    # `strict` is keyword-only where it is typed (`Decoder`); here it is a plain parameter with a
    # default, which CPython calls on its fast path (a keyword-only default costs ~40 ns a call).
    def decode(data: Data, strict: bool = False) -> Any:
        d: dict[str, Any]
        # The generated decoders' mode: truthy strict, False lenient (an event's nested objects
        # decoded when first read), None lenient with everything decoded at once.
        mode: bool | None = strict
        if type(data) is dict:
            # The caller's dict, which may hold what JSON cannot (NaN, a date) and may change
            # later: decoded at once, nothing of it kept for later.
            d = data
            if not strict:
                mode = None
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
            return f(d, mode)
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


# Every dialect's decoders: made from its module's tables when first asked for (the modules of the
# dialects after the eager ones load on first use, rt_codec._generated).
_DECODERS: dict[tuple[str, str], Callable[..., Any]] = {
    ("realtime", "server"): decode_server_event,
    ("realtime", "client"): decode_client_event,
    ("translation", "server"): decode_translation_server_event,
    ("translation", "client"): decode_translation_client_event,
}


def generated_module(name: str) -> str:
    """The module of a generated class or type alias (`rt_codec._generated.types...`)."""
    return f"rt_codec._generated.types{LAZY_NAMES.get(name, '')}"


def generated(name: str) -> Any:
    """A generated class or type alias by its name, its module loaded when it is not yet.
    Raises AttributeError for a name no types module defines."""
    return getattr(importlib.import_module(generated_module(name)), name)


def decode_table(dialect: str, direction: str) -> Table:
    """Event type (and other name) -> generated decoder, of a dialect and direction; loads the
    dialect's module of decoders. Raises ValueError for an unknown dialect or direction."""
    suffix = DIALECT_MODULES.get(dialect)
    tables = None
    if suffix is not None:
        module = importlib.import_module(f"rt_codec._generated.decode{suffix}")
        tables = module.TABLES
    if tables is None or (dialect, direction) not in tables:
        raise ValueError(f"unknown dialect/direction {dialect!r}/{direction!r}")
    table: Table = tables[dialect, direction]
    return table


def decoder(dialect: str, direction: str) -> Callable[..., Any]:
    """The decode function of a dialect (`rt_codec.catalogue.DIALECTS`) and direction, as
    `rt_codec.live.decode_server_event` is Live's; made when first asked for. Raises ValueError
    for an unknown dialect or direction."""
    found = _DECODERS.get((dialect, direction))
    if found is None:
        found = make_decoder(
            decode_table(dialect, direction),
            f"decode_{direction}_event",
            f"A {direction} event of the {dialect} dialect, typed by its `type`." + _LENIENCY,
        )
        _DECODERS[dialect, direction] = found
    return found


def decode_with_dialect(dialect: str, direction: str, data: Data, *, strict: bool = False) -> Any:
    """Decode an event of the named dialect (`rt_codec.catalogue.DIALECTS`) and direction."""
    return decoder(dialect, direction)(data, strict=strict)


def _own_type(event: object) -> str | None:
    """The wire type an EncodeError names: the name the event goes by when its `type` is its
    class's own, else the class's own (an error about a foreign `type` is about that class)."""
    spec = getattr(type(event), "__dataclass_fields__", {}).get("type")
    own = getattr(spec, "default", None)
    if not isinstance(own, str):  # an UnknownEvent: its type is whatever it says
        wire = getattr(event, "type", None)
        return wire if isinstance(wire, str) else None
    alias = getattr(event, "_alias", None)
    if getattr(event, "type", None) == own and (alias, own) in _ALIAS_PAIRS:
        return alias
    return own


# (other name, canonical type) of every alias, in any dialect and direction.
_ALIAS_PAIRS = frozenset(pair for table in catalogue.ALIASES.values() for pair in table.items())


def not_an_event(value: object, accepted: str = "an rt_codec event or a dict") -> str:
    """Why `value` is not one of what is `accepted`, in one sentence."""
    cls = type(value)
    name = qualified_name(cls)
    if hasattr(cls, "_wire"):
        return f"{name} is a model, not an event: encode the event that holds it"
    hint = ""
    if callable(getattr(value, "model_dump", None)) or callable(getattr(value, "to_dict", None)):
        hint = " (an object of another library: pass its JSON text or dict, e.g. `.to_dict()`)"
    return f"Expected {accepted}, got {name}{hint}"


def _wire_of(event: object, models: bool = False) -> dict[str, Any]:
    """The event's wire dict (with `models`, a model's too); EncodeErrors name the event type."""
    if (
        type(event) not in EVENT_CLASSES
        and not isinstance(event, tuple(EVENT_CLASSES))  # a subclass of an event class is one
        and not (models and hasattr(type(event), "_wire"))
    ):
        return _dict_event(event)
    try:
        return event._wire()  # type: ignore[attr-defined, no-any-return]
    except EncodeError as exc:
        if exc.event_type is None:
            exc.event_type = _own_type(event)
        raise
    except AttributeError as exc:
        raise EncodeError(f"cannot encode {qualified_name(type(event))}: {exc}") from None
    except RecursionError:
        raise EncodeError("nesting too deep to encode") from None


def _dict_event(event: object) -> dict[str, Any]:
    """An event given as a dict (which may hold event or model objects) as plain JSON values."""
    if not isinstance(event, dict):
        raise EncodeError(not_an_event(event))
    try:
        out: dict[str, Any] = encode_value(event)
    except RecursionError:
        out = event  # checked below, without recursion
    if not free_ok(out):
        error = free_error(out)
        kind = out.get("type")
        error.event_type = kind if isinstance(kind, str) else None
        raise error
    return out


def wire_dict(value: object) -> dict[str, Any]:
    """The JSON object of an event or of a model (`PcmAudioFormat()` -> `{"type": "audio/pcm"}`),
    a new dict; raises EncodeError as `event_to_dict` does. `event_to_dict` and `encode_event`
    take events only, so that a model is never sent as if it were one."""
    return _wire_of(value, models=True)


def event_to_dict(event: Encodable) -> dict[str, Any]:
    """The event as the JSON object it stands for (a new dict; an UnknownEvent gives its raw dict).
    Raises EncodeError, naming the field by JSON Pointer, for what the protocol cannot carry: a value
    of the wrong JSON kind for its field, NaN or an infinity, a `type` that is not the class's own,
    an `_extra` key that shadows a declared field."""
    d = _wire_of(event)
    for key in pending_keys(event):  # not read since decoding: a copy, not the event's own value
        d[key] = copy_tree(d[key])
    return d


def encode_event(event: Encodable) -> bytes:
    """The event as compact JSON bytes (UTF-8); raises EncodeError as `event_to_dict` does. A
    WebSocket sends bytes as a binary frame: send `encode_event_text(event)`, a str, for the text
    frame the Realtime API expects."""
    if type(event) in EVENT_CLASSES:
        try:
            d = event._wire()  # type: ignore[union-attr]
        except (EncodeError, AttributeError, RecursionError):
            d = _wire_of(event)  # raises the same error, with the event type
    else:
        d = _wire_of(event)  # a dict event, or the error saying what it is
    try:
        return _dumps(d)
    except TypeError:  # deeper than orjson writes (254 levels), or an integer beyond 64 bits
        return dumps_deep(d)


def encode_event_text(event: Encodable) -> str:
    """The event as compact JSON text, to send as a WebSocket text frame (`encode_event` gives
    bytes, which websockets and aiohttp send as binary frames); raises EncodeError as
    `encode_event` does."""
    return encode_event(event).decode()
