"""jsonschema_rs, one validator per event type over a registry of the packaged schema files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import jsonschema_rs
import orjson

import rt_codec
from benchmarks.contenders import Validate


def validator(types: Sequence[str]) -> Validate:
    """`is_valid` first, and the errors only when that is False."""
    loads = orjson.loads
    paths = rt_codec.event_schema_paths("realtime", "server")
    by_uri: dict[str, Any] = {rt_codec.uri_of(rel): s for rel, s in rt_codec.load_schemas().items()}
    # A retriever that knows only the packaged files: nothing is ever fetched.
    kw: dict[str, Any] = {"retriever": lambda uri: by_uri[uri]}
    if hasattr(jsonschema_rs, "Registry"):  # recent versions: every file, resolved once
        kw["registry"] = jsonschema_rs.Registry(list(by_uri.items()))
    rs = {t: jsonschema_rs.validator_for({"$ref": rt_codec.uri_of(paths[t])}, **kw) for t in types}

    def per_type(b: bytes) -> list[Any]:
        d = loads(b)
        v = rs[d["type"]]
        return [] if v.is_valid(d) else list(v.iter_errors(d))

    return per_type
