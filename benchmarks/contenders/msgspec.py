"""msgspec Structs generated at run time from the schemas, through the generator's intermediate
model (tools/rtgen: `load(schemas)` gives every object's fields and types, and the events).

How the schemas map onto msgspec:

- every object reachable from the realtime events is a Struct (keyword-only, UNSET for an
  optional field left out, fields renamed where the wire name is not the attribute's);
- an object with a `type` const is tagged (`tag_field="type"`), so a dispatch on `type` is a
  msgspec tagged union, and the event unions are too;
- strings are `str` (an enum value msgspec does not know stays a string, as rt_codec keeps it),
  numbers `float`, free-form objects `dict[str, Any]`, nullable fields `... | None`;
- msgspec dispatches on one tag field only, so a case dispatched again on another field (the
  conversation items of type `message`, told apart by `role`) becomes one Struct with the fields of
  all its members: a field present in several with different types takes the merged type, or
  `Any` where they cannot merge; `role` is a plain string there;
- a tagged union needs its tag: an object that leaves out its `type` (the schemas allow it for
  function tools, some content parts, the pcm format and server VAD) does not decode. The
  benchmark's streams always send `type`.

Structs drop fields they do not declare, as msgspec does; rt_codec keeps them.
"""

from __future__ import annotations

import functools
import operator
import sys
import types
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import msgspec
from msgspec import UNSET, UnsetType
from rtgen import model as m
from rtgen.load import load

from benchmarks import SCHEMAS
from benchmarks.contenders import Build, Decoder, Encoder


@dataclass(frozen=True)
class Structs:
    """The generated Structs of one realtime direction's events, by wire type."""

    server: dict[str, type[msgspec.Struct]]
    client: dict[str, type[msgspec.Struct]]
    merged: dict[str, tuple[str, ...]]  # merged Struct -> the objects it stands for

    def union(self, client: bool) -> Any:
        return functools.reduce(operator.or_, (self.client if client else self.server).values())


class _Generator:
    def __init__(self, model: m.Model, module: str, *, base64_bytes: bool) -> None:
        self.model = model
        self.base64_bytes = base64_bytes
        self.module = types.ModuleType(module)
        self.module.__dict__.update(Any=Any, UnsetType=UnsetType, Literal=Literal)
        sys.modules[module] = self.module  # where msgspec resolves the string annotations
        self.pending: dict[str, tuple[str, ...]] = {}  # class name -> the objects it is built from
        self.built: dict[str, type[msgspec.Struct]] = {}
        self.merged: dict[str, tuple[str, ...]] = {}

    def struct(self, names: tuple[str, ...]) -> str:
        """The class name for the object `names[0]`, or for `names` merged; built later."""
        cls = names[0] if len(names) == 1 else "Merged_" + "_".join(names)
        if cls not in self.built:
            self.pending[cls] = names
        if len(names) > 1:
            self.merged[cls] = names
        return cls

    def annotation(self, expr: m.TypeExpr) -> str:
        if isinstance(expr, m.Str):
            return "bytes" if expr.base64 and self.base64_bytes else "str"
        if isinstance(expr, m.Int):
            return "int"
        if isinstance(expr, m.Num):
            return "float"
        if isinstance(expr, m.Bool):
            return "bool"
        if isinstance(expr, m.AnyObject):
            return "dict[str, Any]"
        if isinstance(expr, m.Array):
            return f"list[{self.annotation(expr.item)}]"
        if isinstance(expr, m.Map):
            return f"dict[str, {self.annotation(expr.value)}]"
        if isinstance(expr, m.ObjRef):
            return self.struct((expr.name,))
        if isinstance(expr, m.Dispatch):
            if expr.prop != "type":
                raise NotImplementedError(f"a dispatch on {expr.prop!r}: msgspec tags on `type`")
            cases = [
                self.struct((c.name,) if isinstance(c, m.ObjRef) else tuple(c.members()))
                for _, c in expr.cases
            ]
            return " | ".join(dict.fromkeys(cases))
        if isinstance(expr, m.Union):
            return " | ".join(self.annotation(b) for b in expr.branches)
        return f"{self.annotation(expr.inner)} | None"  # Nullable

    def merged_annotation(self, exprs: list[m.TypeExpr]) -> str:
        """One annotation for a field that several merged objects type differently."""
        if all(e == exprs[0] for e in exprs):
            return self.annotation(exprs[0])
        if any(isinstance(e, m.Nullable) for e in exprs):
            inner = [e.inner if isinstance(e, m.Nullable) else e for e in exprs]
            return f"{self.merged_annotation(inner)} | None"
        arrays = [e for e in exprs if isinstance(e, m.Array)]
        if len(arrays) == len(exprs):
            return f"list[{self.merged_annotation([a.item for a in arrays])}]"
        dispatches = [e for e in exprs if isinstance(e, m.Dispatch) and e.prop == "type"]
        if len(dispatches) == len(exprs):
            cases: dict[str, m.ObjRef | m.Dispatch] = {}
            for d in dispatches:
                for value, case in d.cases:
                    if cases.setdefault(value, case) != case:
                        return "Any"  # one tag, two objects
            return self.annotation(m.Dispatch("type", tuple(cases.items())))
        if all(isinstance(e, m.Str) for e in exprs):
            return "str"
        return "Any"

    def fields(self, names: tuple[str, ...]) -> tuple[list[Any], str | None]:
        """msgspec's field specs for the objects `names` (merged when several), and the tag."""
        objects = [self.model.objects[n] for n in names]
        by_wire: dict[str, list[m.Field]] = {}
        for obj in objects:
            for f in obj.fields:
                by_wire.setdefault(f.wire, []).append(f)
        tags = {f.tag for f in by_wire.get("type", ()) if f.tag is not None}
        tag = tags.pop() if len(tags) == 1 and len(by_wire["type"]) == len(objects) else None
        specs: list[Any] = []
        for wire, fs in by_wire.items():
            if wire == "type" and tag is not None:
                continue  # the tag field
            required = len(fs) == len(objects) and all(f.required for f in fs)
            ann = self.merged_annotation([f.type for f in fs])
            name = None if fs[0].attr == wire else wire
            if required:
                specs.append((fs[0].attr, ann, msgspec.field(name=name)))
            else:
                specs.append(
                    (fs[0].attr, f"{ann} | UnsetType", msgspec.field(default=UNSET, name=name))
                )
        return specs, tag

    def build(self, roots: Iterable[str]) -> None:
        for root in roots:
            self.struct((root,))
        while self.pending:
            cls, names = self.pending.popitem()
            if cls in self.built:
                continue
            specs, tag = self.fields(names)
            options: dict[str, Any] = {"tag_field": "type", "tag": tag} if tag else {}
            struct = msgspec.defstruct(
                cls,
                specs,
                module=self.module.__name__,
                kw_only=True,
                omit_defaults=True,
                **options,
            )
            self.built[cls] = struct
            setattr(self.module, cls, struct)


@functools.cache
def _model() -> m.Model:
    return load(SCHEMAS)


@functools.cache
def structs(base64_bytes: bool = False) -> Structs:
    """The realtime events' Structs; with `base64_bytes`, base64 fields are `bytes` (msgspec
    encodes and decodes the base64 itself)."""
    model = _model()
    module = "benchmarks.contenders._msgspec_structs" + ("_bytes" if base64_bytes else "")
    gen = _Generator(model, module, base64_bytes=base64_bytes)
    tables = {d: model.event_table("realtime", d) for d in ("server", "client")}
    gen.build(e.object for events in tables.values() for e in events)
    by_wire = {d: {e.wire: gen.built[e.object] for e in events} for d, events in tables.items()}
    return Structs(by_wire["server"], by_wire["client"], gen.merged)


def decoder(client: bool) -> Decoder:
    generated = structs()
    known = frozenset(generated.client if client else generated.server)
    return msgspec.json.Decoder(generated.union(client)).decode, known


def encoder(client: bool) -> Encoder:
    return decoder(client)[0], msgspec.json.Encoder().encode


def _append_builder(base64_bytes: bool) -> Build:
    import base64

    append = (structs(base64_bytes).client)["input_audio_buffer.append"]
    encode, b64 = msgspec.json.Encoder().encode, base64.b64encode
    if base64_bytes:
        return lambda pcm: encode(append(audio=pcm))
    return lambda pcm: encode(append(audio=b64(pcm).decode()))


def builder() -> Build:
    """An append Struct with the base64 text."""
    return _append_builder(False)


def bytes_builder() -> Build:
    """An append Struct whose `audio` is `bytes`: msgspec writes the base64."""
    return _append_builder(True)


def wire_type(obj: msgspec.Struct) -> str:
    tag = obj.__struct_config__.tag
    return tag if isinstance(tag, str) else ""
