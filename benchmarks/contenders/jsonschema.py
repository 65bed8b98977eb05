"""jsonschema's Draft202012Validator over the package's `referencing` registry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from jsonschema import Draft202012Validator

import rt_codec
from benchmarks.contenders import Validate


def union_validator(types: Sequence[str]) -> Validate:
    """The whole server union (a oneOf of every event), as a generic validator would use it."""
    loads = orjson.loads
    union = {"$ref": rt_codec.uri_of("unions/realtime-server.json")}
    one = Draft202012Validator(union, registry=rt_codec.load_registry())
    return lambda b: list(one.iter_errors(loads(b)))


def validator(types: Sequence[str]) -> Validate:
    """One validator per event type, picked by the event's `type`."""
    loads, registry = orjson.loads, rt_codec.load_registry()
    paths = rt_codec.event_schema_paths("realtime", "server")
    by_type = {
        t: Draft202012Validator({"$ref": rt_codec.uri_of(paths[t])}, registry=registry)
        for t in types
    }

    def per_type(b: bytes) -> list[Any]:
        d = loads(b)
        return list(by_type[d["type"]].iter_errors(d))

    return per_type
