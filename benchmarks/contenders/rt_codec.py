"""rt_codec itself: the generated decoders, encoders and validators, and its JSON reader."""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Sequence
from typing import Any

import orjson

import rt_codec
from benchmarks.contenders import Build, Decoder, Encoder, Validate
from rt_codec import _reading, live


def decoder(client: bool) -> Decoder:
    return (rt_codec.decode_client_event if client else rt_codec.decode_server_event), None


def strict_decoder(client: bool) -> Decoder:
    """Strict decoding: every nested object decoded (and checked) at once."""
    decode = rt_codec.decode_client_event if client else rt_codec.decode_server_event
    return functools.partial(decode, strict=True), None


def encoder(client: bool) -> Encoder:
    """Events as a lenient decode gives them: nested objects never read go back as they came."""
    return decoder(client)[0], rt_codec.encode_event


def built_encoder(client: bool) -> Encoder:
    """Events whose nested objects are all objects (a strict decode builds them, as code that
    makes its events does): every field checked and written by `_wire`."""
    return strict_decoder(client)[0], rt_codec.encode_event


def builder() -> Build:
    cls, encode, b64 = rt_codec.InputAudioBufferAppendEvent, rt_codec.encode_event, base64.b64encode
    return lambda pcm: encode(cls(audio=b64(pcm).decode()))


def validator(types: Sequence[str]) -> Validate:
    return rt_codec.validate_server_event


def live_decoder(client: bool) -> Decoder:
    return (live.decode_client_event if client else live.decode_server_event), None


def live_validator(types: Sequence[str]) -> Validate:
    return live.validate_server_event


def big_validator(types: Sequence[str]) -> Validate:
    return rt_codec.validate_client_event


def reader() -> Any:
    """The capture reader's parse: orjson.loads plus the duplicate-key and big-integer screen."""
    return _reading.parse


def _length_test_reading(raw: bytes) -> Any:
    """How the reader worked before it screened every event: re-read exactly (stdlib json, every
    object as pairs) whenever orjson's rendering is not as long as the input."""
    value = orjson.loads(raw)
    if len(orjson.dumps(value)) != len(raw):
        json.loads(raw, object_pairs_hook=list)
    return value


def length_test_reader() -> Any:
    return _length_test_reading
