"""The intermediate model -> rt_codec/_generated/types.py: a dataclass per object shape (its `_wire`
encoder comes from rtgen.emit_encode), and type aliases for the named unions and REST bodies.

Every string that comes from a schema reaches the output through repr(), so schema text never becomes code.
"""

from __future__ import annotations

import textwrap

from rtgen.common import header, lazy_fields, named_dispatches, pairs, union_name
from rtgen.emit_encode import RUNTIME_NAMES, EncoderEmitter
from rtgen.kinds import RAW, kind
from rtgen.model import Model, Nullable, ObjectType


def _docstring(text: str, indent: str) -> list[str]:
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = textwrap.wrap(body, 96) or [""]
    if len(lines) == 1:
        return [f'{indent}"""{lines[0]}"""']
    return [f'{indent}"""{lines[0]}', *(f"{indent}{ln}" for ln in lines[1:]), f'{indent}"""']


def isort(name: str) -> tuple[int, str]:
    """The order ruff's isort gives imported names: constants, classes, then the rest."""
    if name.isupper():
        return (0, name)
    return (1 if name[:1].isupper() else 2, name)


def _class(model: Model, obj: ObjectType, encoders: EncoderEmitter) -> list[str]:
    events_by_obj = {e.object: e for e in reversed(model.events) if e.alias_of is None}
    aliased = obj.name in model.aliased_objects()
    out = ["", "", "@dataclass(slots=True, kw_only=True, repr=False)", f"class {obj.name}:"]
    doc = obj.description or obj.name
    event = events_by_obj.get(obj.name)
    if event is not None:
        doc += f" Wire type {event.wire!r} ({event.dialect}, {event.direction})."
    doc += f" Schema: {obj.source.file}."
    tristates = [
        f"`{f.attr}: null` {f.type.tristate}"
        for f in obj.fields
        if isinstance(f.type, Nullable) and f.type.tristate
    ]
    if tristates:
        doc += " " + "; ".join(tristates) + "."
    out += _docstring(doc, "    ")
    out.append("")
    for f in obj.fields:
        h = kind(f.type).hint(f.type, f.const)
        if f.const is not None:
            out.append(f"    {f.attr}: {h} = {f.const!r}")
        elif f.tag is not None:  # written unless set to UNSET; UNSET when it came without
            out.append(f"    {f.attr}: Literal[{f.tag!r}] | Unset = {f.tag!r}")
        elif f.required:
            out.append(f"    {f.attr}: {h}")
        elif h.endswith(" | None"):
            out.append(f"    {f.attr}: {h[: -len(' | None')]} | Unset | None = UNSET")
        else:
            out.append(f"    {f.attr}: {h} | Unset = UNSET")
    out.append("    _extra: dict[str, Any] | None = field(default=None)")
    out.append('    """Fields the schema does not name, kept as they came."""')
    if aliased:
        out.append("    _alias: str | None = field(default=None)")
        out.append('    """The other name this event came under (`x-aliases`); None for `type`."""')
    out += ["", "    __repr__ = short_repr", ""]
    if event is not None:
        out += [
            "    @property",
            "    def wire_type(self) -> str:",
            '        """The name this event had on the wire: `type`, or an alias of it."""',
            "        return self._alias or self.type" if aliased else "        return self.type",
            "",
        ]
    out += encoders.wire_method(obj)
    lazy = lazy_fields(model, obj)
    if lazy:  # rtgen.common: decoded when first read; `_R_`/`_S_` read and write the slot itself
        out += ["", ""]
        out += [
            f"_R_{obj.name}_{f.attr}, _S_{obj.name}_{f.attr} = lazy_field({obj.name}, {f.attr!r})"
            for f in lazy
        ]
    return out


def emit_types(model: Model) -> str:
    encoders = EncoderEmitter(model)
    out = [
        header(model, "The dataclasses: one per object shape, named by the schema's `title`."),
        "from __future__ import annotations",
        "",
        "from dataclasses import dataclass, field",
        "from typing import Any, Literal, TypeAlias",
        "",
        "from rt_codec._runtime import (",
        *(
            f"    {n},"
            for n in sorted(
                [*RUNTIME_NAMES, "UNSET", "Unset", "lazy_field", "short_repr"], key=isort
            )
        ),
        ")",
        "",
        "# `UNSET` marks a field left out of the JSON; `None` is an explicit `null`.",
    ]
    for name in sorted(model.objects):
        out += _class(model, model.objects[name], encoders)
    out += encoders.module_code()
    out += ["", "", "# Unions: each member is chosen by a `const` property (`type`, then `role`)."]
    dispatches = named_dispatches(model)
    alias_names = sorted(dispatches)
    alias_names += [union_name(model, d, r) for d, r in pairs(model)]
    for name, d in sorted(dispatches.items()):
        kept = [RAW] if d.keep_unknown else []  # an unknown kind kept as it came
        out.append(f"{name}: TypeAlias = {' | '.join([*d.members(), *kept])}")
    for dialect, direction in pairs(model):
        objs = [e.object for e in model.event_table(dialect, direction)]
        out.append(f"{union_name(model, dialect, direction)}: TypeAlias = " + " | ".join(objs))
    every = " | ".join(union_name(model, dialect, direction) for dialect, direction in pairs(model))
    out += ["# Every event class of every dialect and direction.", f"AnyEvent: TypeAlias = {every}"]
    bodies = [b for b in model.bodies if b.alias]
    if bodies:
        out += [
            "",
            "# REST bodies that are a model under another name (a schema file that is a lone $ref).",
        ]
        for b in sorted(bodies, key=lambda b: b.name):
            out.append(f"{b.name}: TypeAlias = {kind(b.type).hint(b.type)}")
            alias_names.append(b.name)
    out += ["", "__all__ = ["]
    out += [f"    {n!r}," for n in sorted([*model.objects, *alias_names, "AnyEvent"])]
    out += ["]", ""]
    return "\n".join(out)
