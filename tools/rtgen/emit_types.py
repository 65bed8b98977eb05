"""The intermediate model -> rt_codec/_generated/types.py: a dataclass per object shape (its `_wire`
encoder comes from rtgen.emit_encode), and type aliases for the named unions and REST bodies.

Every string that comes from a schema reaches the output through repr(), so schema text never becomes code.
"""

from __future__ import annotations

import textwrap

from rtgen.common import (
    REST_GROUP,
    dialect_group,
    dispatch_group,
    group_imports,
    group_order,
    header,
    lazy_fields,
    module_suffix,
    named_dispatches,
    names_used,
    object_groups,
    pairs,
    union_name,
)
from rtgen.emit_encode import RUNTIME_NAMES, EncoderEmitter
from rtgen.kinds import RAW, kind
from rtgen.model import Model, Nullable, ObjectType
from rtgen.naming import Names


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
            f"_R_{obj.name}_{f.attr}, _S_{obj.name}_{f.attr} = "
            f"lazy_field({obj.name}, {f.attr!r}, {f.wire!r})"
            for f in lazy
        ]
    return out


def emit_types(model: Model) -> dict[str, str]:
    """File name -> text: `types.py` and a `types_<group>.py` per group after it (rtgen.common),
    and `types_all.py`, which names every event class of every dialect."""
    groups = object_groups(model)
    order = group_order(model)
    dispatches = named_dispatches(model)
    home = type_homes(model)
    shared = Names("types*.py")
    files: dict[str, str] = {}
    for group in order:
        module = f"types{module_suffix(group)}.py"
        encoders = EncoderEmitter(model, Names(module, shared))
        body: list[str] = []
        for name in sorted(n for n in model.objects if groups[n] == group):
            body += _class(model, model.objects[name], encoders)
        body += encoders.module_code()
        own = sorted(n for n, g in home.items() if g == group)
        mine = [n for n in sorted(dispatches) if home[n] == group]
        unions = [(d, r) for d, r in pairs(model) if dialect_group(d) == group]
        if mine or unions:
            body += [
                "",
                "",
                "# Unions: each member is chosen by a `const` property (`type`, then `role`).",
            ]
        for name in mine:
            d = dispatches[name]
            kept = [RAW] if d.keep_unknown else []  # an unknown kind kept as it came
            body.append(f"{name}: TypeAlias = {' | '.join([*d.members(), *kept])}")
        for dialect, direction in unions:
            objs = [e.object for e in model.event_table(dialect, direction)]
            body.append(f"{union_name(model, dialect, direction)}: TypeAlias = " + " | ".join(objs))
        bodies = [b for b in model.bodies if b.alias and home[b.name] == group]
        if bodies:
            body += [
                "",
                "# REST bodies that are a model under another name (a schema file that is a lone $ref).",
            ]
            for b in sorted(bodies, key=lambda b: b.name):
                body.append(f"{b.name}: TypeAlias = {kind(b.type).hint(b.type)}")
        events = sorted({e.object for e in model.events if groups[e.object] == group})
        if events:
            body += [
                "",
                "# This module's event classes, which encoding tells from models (rt_codec.codec).",
                "EVENT_CLASSES.update({" + ", ".join(events) + "})",
            ]
        body += ["", "__all__ = ["]
        body += [f"    {n!r}," for n in own]
        body += ["]", ""]
        text = "\n".join(body)
        used = names_used(text)
        what = "The dataclasses: one per object shape, named by the schema's `title`."
        if group:
            what = (
                f"The dataclasses of the {group} group, loaded on first use (rt_codec.types has "
                "the others)."
            )
        files[module] = "\n".join(
            [
                header(model, what),
                "from __future__ import annotations",
                "",
                "from dataclasses import dataclass, field",
                "from typing import Any, Literal, TypeAlias",
                "",
                *group_imports(used, home, group, order, "types"),
                "from rt_codec._runtime import (",
                *(
                    f"    {n},"
                    for n in sorted(
                        [
                            *RUNTIME_NAMES,
                            "EVENT_CLASSES",
                            "UNSET",
                            "Unset",
                            "lazy_field",
                            "short_repr",
                        ],
                        key=isort,
                    )
                    if n in used
                ),
                ")",
                "",
                "# `UNSET` marks a field left out of the JSON; `None` is an explicit `null`.",
                text,
            ]
        )
    later = {n: module_suffix(g) for n, g in sorted(home.items()) if g}
    later["AnyEvent"] = "_all"
    files["__init__.py"] = "\n".join(
        [
            "# Generated by tools/generate.py. Do not edit.",
            '"""Code generated from schemas/: dataclasses (with encoders), decoders, validity checks,',
            "strategies. The classes and decoders come in groups (tools/rtgen/common.py): `types.py`",
            "and `decode.py` load with rt_codec; `types_<group>.py` and `decode_<group>.py` on first",
            'use."""',
            "",
            "# Dialect -> the suffix of the modules of its classes and decoders ('' for types.py).",
            "DIALECT_MODULES: dict[str, str] = {",
            *(f"    {d!r}: {module_suffix(dialect_group(d))!r}," for d in model.dialects),
            "}",
            "# The REST bodies' decoders (`REST`) are in decode{REST_MODULE}.py.",
            f"REST_MODULE = {module_suffix(REST_GROUP)!r}",
            "# Every name of a types module loaded on first use -> its module's suffix.",
            "LAZY_NAMES: dict[str, str] = {",
            *(f"    {n!r}: {m!r}," for n, m in later.items()),
            "}",
            "",
        ]
    )
    every = [union_name(model, dialect, direction) for dialect, direction in pairs(model)]
    later_names = {n for n, g in home.items() if g} | set(every)
    files["types_all.py"] = "\n".join(
        [
            header(
                model,
                "AnyEvent, and every name of the modules loaded on first use (which it loads).",
            ),
            "from __future__ import annotations",
            "",
            "from typing import TypeAlias",
            "",
            *group_imports(later_names, home, "all", [*order, "all"], "types"),
            "",
            "# Every event class of every dialect and direction.",
            f"AnyEvent: TypeAlias = {' | '.join(every)}",
            "",
            "__all__ = [",
            *(f"    {n!r}," for n in sorted([*(n for n in later_names if home[n]), "AnyEvent"])),
            "]",
            "",
        ]
    )
    return files


def type_homes(model: Model) -> dict[str, str]:
    """Every name a types module defines (classes, named unions, event unions, REST aliases) ->
    its group."""
    groups = object_groups(model)
    home: dict[str, str] = dict(groups)
    for name, d in named_dispatches(model).items():
        home[name] = dispatch_group(model, groups, d)
    for dialect, direction in pairs(model):
        home[union_name(model, dialect, direction)] = dialect_group(dialect)
    for b in model.bodies:
        if b.alias:
            home[b.name] = REST_GROUP
    return home


def type_imports(text: str, model: Model) -> list[str]:
    """The imports of the types names `text` uses, for a module that is not a types module."""
    order = group_order(model)
    return group_imports(names_used(text), type_homes(model), "all", [*order, "all"], "types")
