"""The Realtime REST bodies: client secrets, calls (accept, reject, refer, the SIP webhook), and the
beta-era sessions and transcription sessions. Generated from schemas/rest/ like the events.

A body is named by its endpoint, as the API reference writes it, and which body it is:

    from rt_codec import rest

    body = rest.decode_body("POST /realtime/client_secrets", "response", response.content)
    body.value                                  # the ephemeral key
    rest.validate_body("POST /realtime/calls/{call_id}/refer", "request", {"target_uri": 5})
    # [Violation(path='/target_uri', rule='schema.type', ...)]

`rest.ENDPOINTS` lists every (endpoint, body) pair; the classes are importable from here by the names in
`rest.BODY_NAMES`. Unknown fields are kept, as for events, so `encode_body(decode_body(...))` gives the
body back."""

from __future__ import annotations

import functools
from typing import Any, Final

import orjson

from rt_codec import catalogue
from rt_codec._generated import decode_rest as _decode
from rt_codec._generated import valid as _valid
from rt_codec._runtime import (
    DecodeError,
    EncodeError,
    dumps_deep,
    encode_value,
    free_error,
    free_ok,
)
from rt_codec._schemas import load_registry, uri_of
from rt_codec._violation import Violation
from rt_codec.codec import Data, generated, parse

ENDPOINTS: Final = tuple(sorted(_decode.REST))
BODY_NAMES: Final = {key: info.name for key, info in catalogue.BODIES.items()}


def _key(endpoint: str, body: str) -> tuple[str, str]:
    key = (endpoint, body)
    if key not in _decode.REST:
        known = ", ".join(f"{e!r} {b}" for e, b in ENDPOINTS)
        raise ValueError(f"no {body} body is known for {endpoint!r}; known: {known}")
    return key


def decode_body(endpoint: str, body: str, data: Data, *, strict: bool = False) -> Any:
    """The typed body of `endpoint` ("POST /realtime/client_secrets"); `body` is "request",
    "response" or "webhook". Raises DecodeError, with the JSON Pointer of the problem, when the
    shape is wrong; `strict` also rejects enum values the schema does not list."""
    decode = _decode.REST[_key(endpoint, body)]
    value = parse(data)
    try:
        return decode(value, strict)
    except RecursionError:
        raise DecodeError("Nesting too deep") from None


def body_to_dict(value: object) -> dict[str, Any]:
    """A decoded (or built) body as the JSON object it stands for. Raises EncodeError, with the JSON
    Pointer of the field, for what JSON or the schema cannot carry, as `encode_event` does."""
    try:
        out = encode_value(value)
    except RecursionError:
        if not isinstance(value, dict):
            raise EncodeError("nesting too deep to encode") from None
        out = value  # a deep dict: checked below, without recursion
    if not isinstance(out, dict):
        raise EncodeError(f"not a body: {type(value).__name__}")
    if isinstance(value, dict) and not free_ok(out):  # a dict given as a body: plain JSON only
        raise free_error(out)
    return out


def encode_body(value: object) -> bytes:
    """A decoded (or built) body as compact JSON bytes."""
    out = body_to_dict(value)
    try:
        return orjson.dumps(out)
    except TypeError:  # deeper than orjson writes, or an integer beyond 64 bits
        return dumps_deep(out)


@functools.cache
def _schema_validator(endpoint: str, body: str) -> Any:
    from rt_codec.validation import ClosedValidator, RealtimeValidator

    info = catalogue.BODIES[endpoint, body]
    kind = ClosedValidator if info.closed else RealtimeValidator
    return kind({"$ref": uri_of(info.schema)}, registry=load_registry(keep_dialect=False))


def validate_body(endpoint: str, body: str, data: object) -> list[Violation]:
    """Every finding for one body, as for events: [] when it is valid; never raises for bad data."""
    from rt_codec.validation import read, schema_findings

    key = _key(endpoint, body)
    value, found = read(data)
    if value is None:
        return found
    try:
        if not _valid.REST[key](value):
            found += schema_findings(_schema_validator(*key).iter_errors(value))
    except RecursionError:
        found.append(Violation("", "json", "Nesting too deep to check"))
    return found


def __getattr__(name: str) -> Any:
    if name in BODY_NAMES.values():
        return generated(name)
    raise AttributeError(f"module 'rt_codec.rest' has no attribute {name!r}")


__all__ = [
    "BODY_NAMES",
    "ENDPOINTS",
    "DecodeError",
    "Violation",
    "body_to_dict",
    "decode_body",
    "encode_body",
    "validate_body",
]
