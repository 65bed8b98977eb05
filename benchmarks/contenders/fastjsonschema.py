"""fastjsonschema, one compiled validator per event type; its own resolver follows the `$ref`s,
served the packaged schema files by URI (nothing is fetched)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import fastjsonschema
import orjson

import rt_codec
from benchmarks.contenders import Validate

_ANNOTATIONS = {"$comment", "title", "description"}


def _ref_beside_keywords(node: Any) -> Any:
    """`node` with each `$ref` that has sibling keywords moved into an allOf beside them:
    fastjsonschema follows a `$ref` and ignores its siblings (as draft 7 says), where 2020-12
    applies both. Nothing is resolved here."""
    if isinstance(node, list):
        return [_ref_beside_keywords(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _ref_beside_keywords(v) for k, v in node.items()}
    if "$ref" in out and set(out) - _ANNOTATIONS - {"$ref", "$id", "$schema"}:
        ref = out.pop("$ref")
        out["allOf"] = [{"$ref": ref}, *out.get("allOf", [])]
    return out


def validator(types: Sequence[str]) -> Validate:
    """`validate(loads(b))` in try/except: it stops at the first error."""
    loads = orjson.loads
    paths = rt_codec.event_schema_paths("realtime", "server")
    documents = {
        rt_codec.uri_of(rel): _ref_beside_keywords(schema)
        for rel, schema in rt_codec.load_schemas().items()
    }
    handlers = {"https": documents.__getitem__}
    compiled = {
        t: fastjsonschema.compile({"$ref": rt_codec.uri_of(paths[t])}, handlers=handlers)
        for t in types
    }
    invalid = fastjsonschema.JsonSchemaValueException

    def per_type(b: bytes) -> list[Any]:
        d = loads(b)
        try:
            compiled[d["type"]](d)
        except invalid as exc:
            return [exc]
        return []

    return per_type
