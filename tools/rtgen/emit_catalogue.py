"""The intermediate model -> rt_codec/_generated/catalogue.py: what the schemas say about each event
type and REST body (class, file, aliases, audio field, session facts, dialect sniffing), kept apart
from the decoders so that a reader of facts does not load them."""

from __future__ import annotations

from rtgen.common import header
from rtgen.load import DIRECTIONS, DISCRIMINATOR_PREFERENCE
from rtgen.model import Dispatch, Event, Model, SchemaError, Source, Str, object_names, walk


def _sniffs(
    model: Model,
) -> dict[tuple[str, str, str], tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(dialect, direction, type) -> (member, marks, required) for every event with `x-sniff`: the
    fields of its member object that only this dialect defines, and those only it always has."""
    groups: dict[tuple[str, str], list[Event]] = {}
    for e in model.events:
        if e.alias_of is None and e.sniff is not None and e.dialect not in model.prefixes:
            groups.setdefault((e.direction, e.wire), []).append(e)
    out = {}

    def fields_of(e: Event) -> tuple[set[str], set[str]]:
        """The member object's fields, and those every object it may be has."""
        member = model.objects[e.object].field(e.sniff or "")
        assert member is not None  # the loader checked it
        objects = [model.objects[name] for name in object_names(member.type)]
        keys = {f.wire for o in objects for f in o.fields}
        return keys, set.intersection(*({f.wire for f in o.fields if f.required} for o in objects))

    for events in groups.values():
        keys: dict[str, set[str]] = {}
        required: dict[str, set[str]] = {}
        for e in events:
            keys[e.dialect], required[e.dialect] = fields_of(e)
        for e in events:
            others = set().union(*(k for d, k in keys.items() if d != e.dialect))
            out[e.dialect, e.direction, e.wire] = (
                e.sniff or "",
                tuple(sorted(keys[e.dialect] - others)),
                tuple(sorted(required[e.dialect] - others)),
            )
    # An overlay is told from its base by the fields it adds to the same member object.
    by_wire = {(e.dialect, e.direction, e.wire): e for e in model.events if e.alias_of is None}
    for e in model.events:
        base = model.bases.get(e.dialect)
        of_base = by_wire.get((base or "", e.direction, e.wire))
        if e.alias_of is None and e.sniff is not None and of_base is not None:
            added = fields_of(e)[0] - fields_of(of_base)[0]
            if added:
                out[e.dialect, e.direction, e.wire] = (e.sniff, tuple(sorted(added)), ())
    return out


def _audio_limit(model: Model, e: Event) -> int | None:
    """The most bytes of decoded audio the event's audio field may carry: its base64 `maxLength`,
    three bytes per four characters."""
    found = model.objects[e.object].field(e.audio) if e.audio is not None else None
    if found is None or not isinstance(found.type, Str) or found.type.limits.max_length is None:
        return None
    return found.type.limits.max_length // 4 * 3


def _named_values(model: Model) -> list[str]:
    """`Name: TypeAlias = Literal[...]` for each field with `x-values-name`, from its enum. An
    overlay's copy of such a field (which may list values of its own) does not rename it; two
    fields of the base dialects under one name must list the same values."""
    found: dict[str, tuple[tuple[str, ...], str]] = {}
    for obj in sorted(model.objects.values(), key=lambda o: o.name):
        if obj.source.file.split("/", 1)[0] in model.prefixes:
            continue  # an overlay's own or copied file
        for f in obj.fields:
            if f.values_name is None:
                continue
            where = f"{obj.source.file}#{obj.source.pointer}/properties/{f.wire}"
            values = tuple(
                dict.fromkeys(
                    v
                    for visit in walk(f.type)
                    if isinstance(visit.expr, Str)
                    for v in visit.expr.values
                )
            )
            if not values:
                raise SchemaError(
                    Source(obj.source.file, f"{obj.source.pointer}/properties/{f.wire}"),
                    "x-values-name on a field with no string values",
                )
            seen = found.get(f.values_name)
            if seen is not None and seen[0] != values:
                raise SchemaError(
                    Source(obj.source.file, f"{obj.source.pointer}/properties/{f.wire}"),
                    f"x-values-name {f.values_name!r} names other values at {seen[1]}",
                )
            found.setdefault(f.values_name, (values, where))
    return [
        f"{name}: TypeAlias = Literal[{', '.join(map(repr, values))}]"
        for name, (values, _) in sorted(found.items())
    ]


def _event(
    model: Model, e: Event, aliases: tuple[str, ...], sniff: tuple[object, ...] | None
) -> list[str]:
    obj = model.objects[e.object]
    args = [repr(e.dialect), repr(e.direction), repr(e.wire), repr(e.object), repr(obj.source.file)]
    optional: list[tuple[str, object]] = [
        ("aliases", aliases),
        ("audio", e.audio),
        ("audio_limit", _audio_limit(model, e)),
        ("scope", e.scope),
        ("stream", e.stream),
        ("opens", e.opens),
        ("closes", e.closes),
        ("client_event", e.client_event),
        ("agree", e.agree),
        ("formats", e.formats),
        ("rates", e.rates),
        ("transition", e.transition),
        ("audio_as", None if e.audio_as is None else (dict(e.audio_as[0]), e.audio_as[1])),
    ]
    args += [f"{name}={value!r}" for name, value in optional if value not in (None, ())]
    if sniff is not None:
        member, marks, required = sniff
        args.append(f"sniff=Sniff({member!r}, {marks!r}, {required!r})")
    lines = [f"    {e.wire!r}: EventInfo("]
    lines += [f"        {arg}," for arg in args]
    return [*lines, "    ),"]


def _preference(prop: str) -> tuple[int, str]:
    return (
        (DISCRIMINATOR_PREFERENCE.index(prop), prop)
        if prop in DISCRIMINATOR_PREFERENCE
        else (99, prop)
    )


def emit_catalogue(model: Model) -> str:
    sniffs = _sniffs(model)
    out = [
        header(model, "The catalogue: what the schemas say about each event type and REST body."),
        "from __future__ import annotations",
        "",
        "from typing import Literal, TypeAlias",
        "",
        "from rt_codec._catalogue import BodyInfo, Crossing, EventInfo, Shape, Sniff",
        "",
        "# The known values of a few fields, named for typed code that builds events.",
        *_named_values(model),
    ]
    for dialect in model.dialects:
        for direction in DIRECTIONS:
            events = model.event_table(dialect, direction, aliases=True)
            out += ["", f"{dialect.upper()}_{direction.upper()}: dict[str, EventInfo] = {{"]
            for e in events:
                if e.alias_of is not None:
                    continue
                aliases = tuple(a.wire for a in events if a.alias_of == e.wire)
                out += _event(model, e, aliases, sniffs.get((dialect, direction, e.wire)))
            out.append("}")
    out += [
        "",
        "# The tables above by (dialect, direction); aliases are in each entry's `aliases`.",
    ]
    out.append("EVENTS: dict[tuple[str, str], dict[str, EventInfo]] = {")
    out += [
        f"    ({dialect!r}, {direction!r}): {dialect.upper()}_{direction.upper()},"
        for dialect in model.dialects
        for direction in DIRECTIONS
    ]
    out += [
        "}",
        "",
        "# REST request and response bodies and webhook payloads, by (endpoint, body).",
    ]
    out.append("BODIES: dict[tuple[str, str], BodyInfo] = {")
    for b in sorted(model.bodies, key=lambda b: (b.endpoint, b.body)):
        closed = ", closed=True" if b.closed else ""
        out.append(
            f"    ({b.endpoint!r}, {b.body!r}): BodyInfo("
            f"{b.endpoint!r}, {b.body!r}, {b.name!r}, {b.source.file!r}{closed}),"
        )
    props = {
        v.expr.prop
        for obj in model.objects.values()
        for f in obj.fields
        for v in walk(f.type)
        if isinstance(v.expr, Dispatch)
    }
    out += ["}", "", "# Overlay dialects and the dialect each adds to (`x-overlay`)."]
    out.append(f"OVERLAYS: dict[str, str] = {dict(sorted(model.bases.items()))!r}")
    out += ["", "# Base dialects auto mode tells by the names only they have (`x-auto`)."]
    out.append(f"AUTO: tuple[str, ...] = {tuple(model.auto)!r}")
    out += [
        "",
        "# Where each dialect's client connects: WebSocket paths ({name}: one segment) and the",
        "# query parameters it must give (`x-websocket`).",
        "WEBSOCKETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = "
        f"{dict(sorted(model.websockets.items()))!r}",
    ]
    out += ["", "# The properties unions dispatch on, everywhere (`type`, then `role`)."]
    out.append(f"DISCRIMINATORS: tuple[str, ...] = {tuple(sorted(props, key=_preference))!r}")
    out += ["", "# Beta string values as the GA objects they stand for (`x-ga-values`), by model."]
    out.append("VALUES: dict[str, dict[str, dict[str, object]]] = {")
    for name, values in sorted(model.value_maps.items()):
        out.append(f"    {name!r}: {{")
        out += [f"        {k!r}: {v!r}," for k, v in values.items()]
        out.append("    },")
    out.append("}")
    out += [
        "",
        "# Audio format `type` -> (bytes per sample, rate when not given, whether its object",
        "# may say another rate): `x-audio-encoding`.",
    ]
    out.append("ENCODINGS: dict[str, tuple[int, int, bool]] = {")
    out += [f"    {k!r}: {v!r}," for k, v in sorted(model.encodings.items())]
    out.append("}")
    out += ["", "# Beta events GA says differently (`x-ga-event`), by (direction, beta type)."]
    out.append("CROSSINGS: dict[tuple[str, str], Crossing] = {")
    for c in model.crossings:
        args: list[str | None] = [c.direction, c.beta, c.ga, c.member, c.beta_model, c.ga_model]
        if c.tag is not None:
            args += [c.tag, c.case]
        out.append(f"    ({c.direction!r}, {c.beta!r}): Crossing({', '.join(map(repr, args))}),")
    out += ["}", "", "# How each paired object maps to its counterpart, by (source, target) class."]
    out.append("SHAPES: dict[tuple[str, str], Shape] = {")
    for shape in model.shapes:
        out += [f"    ({shape.source!r}, {shape.target!r}): Shape(", f"        {shape.source!r},"]
        out += [f"        {shape.target!r},", "        rules=("]
        out += [f"            ({a!r}, {b!r}, {c!r})," for a, b, c in shape.rules]
        out.append("        ),")
        if shape.refuse:
            out.append("        refuse=(")
            out += [f"            ({a!r}, {b!r})," for a, b in shape.refuse]
            out.append("        ),")
        if shape.drop:
            out.append(f"        drop={shape.drop!r},")
        if shape.needs:
            out.append(f"        needs={shape.needs!r},")
        out.append("    ),")
    out += ["}", ""]
    return "\n".join(out)
