"""Schemas on disk -> the intermediate model. Anything it does not understand is refused, with its place."""

from __future__ import annotations

import hashlib
import json
import keyword
import posixpath
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from rtgen.crossing import crossings
from rtgen.model import (
    AnyObject,
    Array,
    Body,
    Bool,
    Cross,
    Dispatch,
    Event,
    Field,
    Int,
    ItemLimits,
    Map,
    Model,
    Nullable,
    Num,
    NumLimits,
    ObjectType,
    ObjRef,
    SchemaError,
    Source,
    Str,
    StrLimits,
    TypeExpr,
    Union,
    object_names,
)
from rtgen.naming import event_class_name
from rtgen.overlay import materialize, overlays

DIALECTS = ("realtime", "translation", "beta", "live")
DIRECTIONS = ("client", "server")

# Keywords the generator reads, and those it may ignore because they only annotate.
UNDERSTOOD = {
    "$ref",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "anyOf",
    "oneOf",
    "contentEncoding",
    "maxLength",
    "minLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "pattern",
    "format",
}
ANNOTATIONS = {
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "x-tristate",
    "x-rules",
    "x-aliases",
    "x-audio",
    "x-endpoint",
    "x-body",
    "x-closed",
    "deprecated",
    "x-shutdown",
    "x-deprecated",
    "x-scope",
    "x-stream",
    "x-opens",
    "x-closes",
    "x-client-event",
    "x-sniff",
    "x-ga-event",
    "x-ga",
    "x-beta",
    "x-convert",
    "x-no-counterpart",
    "x-one-way",
    "x-same-as",
    "x-not-upstream",
    "x-ga-values",
    "x-audio-encoding",
    "x-audio-format",
    "x-audio-rate",
    "x-unknown-kind",
    "x-values-name",
    "x-transition",
    "x-auto",
    "x-audio-as",
    "x-websocket",
}
RESERVED_ATTRS = {"_extra"}
DISCRIMINATOR_PREFERENCE = ("type", "role")
# Annotations that mean something in one kind of place only, and where: elsewhere the generator
# would ignore them, so it refuses them. (x-closed on a union document is read where unions are.)
_PLACES: dict[str, tuple[str, str]] = {
    "x-audio": ("event", "at the top of an event file"),
    "x-scope": ("event", "at the top of an event file"),
    "x-stream": ("event", "at the top of an event file"),
    "x-opens": ("event", "at the top of an event file"),
    "x-closes": ("event", "at the top of an event file"),
    "x-client-event": ("event", "at the top of an event file"),
    "x-sniff": ("event", "at the top of an event file"),
    "x-transition": ("event", "at the top of an event file"),
    "x-audio-as": ("event", "at the top of an event file"),
    "x-websocket": ("union", "on a client union document"),
    "x-ga-event": ("event", "at the top of an event file"),
    "x-ga-values": ("model", "at the top of a models/ file"),
    "x-audio-encoding": ("model", "at the top of a models/ file"),
    "x-unknown-kind": ("model", "at the top of a models/ file"),
    "x-values-name": ("value", "on a property"),
    "x-audio-format": ("value", "on a property or an anyOf/oneOf alternative"),
    "x-audio-rate": ("value", "on a property or an anyOf/oneOf alternative"),
    "x-not-upstream": ("event-or-value", "at the top of an event file or on a property"),
    "x-ga": ("value", "on a property or an anyOf/oneOf alternative"),
    "x-beta": ("value", "on a property or an anyOf/oneOf alternative"),
    "x-convert": ("value", "on a property or an anyOf/oneOf alternative"),
    "x-no-counterpart": ("value", "on a property or an anyOf/oneOf alternative"),
    "x-one-way": ("value", "on a property or an anyOf/oneOf alternative"),
    "x-same-as": ("value", "on a property or an anyOf/oneOf alternative"),
    "x-aliases": ("event", "at the top of an event file"),
    "x-closed": ("rest", "at the top of a REST request file or a union document"),
    "x-endpoint": ("rest", "at the top of a REST body file"),
    "x-body": ("rest", "at the top of a REST body file"),
    "deprecated": ("value", "on a property or an anyOf/oneOf alternative"),
    "x-shutdown": ("value", "on a property or an anyOf/oneOf alternative"),
    "x-deprecated": ("value", "on a property or an anyOf/oneOf alternative"),
}
# Keywords that constrain one kind of value: given beside another `type`, they would be lost.
_LIMIT_KINDS: dict[str, tuple[str, ...]] = {
    "minLength": ("string",),
    "maxLength": ("string",),
    "pattern": ("string",),
    "format": ("string",),
    "minimum": ("integer", "number"),
    "maximum": ("integer", "number"),
    "minItems": ("array",),
    "maxItems": ("array",),
}
_VALUE_PLACE = re.compile(r"/(?:properties/[^/]+|(?:anyOf|oneOf)/\d+)$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _cross(node: Any, src: Source) -> Cross | None:
    """`x-ga` (on a beta model's property) or `x-beta` (on a GA model's): the dotted path of
    the field in the other dialect's counterpart, or null; with `x-convert`, `x-no-counterpart`
    and `x-one-way` beside it."""
    if not isinstance(node, dict):
        return None
    given = [k for k in ("x-ga", "x-beta") if k in node]
    extras = [k for k in ("x-convert", "x-no-counterpart", "x-one-way") if k in node]
    if not given:
        if extras:
            raise SchemaError(src, f"{extras[0]} goes beside x-ga or x-beta")
        return None
    if len(given) > 1:
        raise SchemaError(src, "x-ga and x-beta on one property")
    path = node[given[0]]
    if path is not None and (
        not isinstance(path, str) or not all(part.isidentifier() for part in path.split("."))
    ):
        raise SchemaError(src, f"{given[0]} is a dotted path of field names, or null")
    convert = node.get("x-convert")
    note = node.get("x-no-counterpart")
    one_way = node.get("x-one-way", False)
    if convert is not None and not (isinstance(convert, str) and convert.isidentifier()):
        raise SchemaError(src, "x-convert names a value conversion")
    if note is not None and not isinstance(note, str):
        raise SchemaError(src, "x-no-counterpart is the reason, a string")
    if not isinstance(one_way, bool):
        raise SchemaError(src, "x-one-way is true or false")
    return Cross(None if path is None else tuple(path.split(".")), convert, note, one_way)


def _audio_format(node: Any, src: Source, key: str = "x-audio-format") -> tuple[str, ...] | None:
    """`x-audio-format: "input" | "output"`: this field says the session's audio format for audio
    the client sends (input) or the server sends (output), or `["input", "output"]` for one
    format both use (a Live WebSocket); `x-audio-rate` likewise, its sample rate, where a dialect
    gives the rate apart from the format (Voice Live)."""
    value = node.get(key) if isinstance(node, dict) else None
    if value is None:
        return None
    roles = [value] if isinstance(value, str) else value
    if (
        not isinstance(roles, list)
        or not roles
        or not all(r in ("input", "output") for r in roles)
        or len(set(roles)) != len(roles)
    ):
        raise SchemaError(src, f"{key} is input, output or a list of both")
    return tuple(roles)


def _values_name(node: Any, src: Source) -> str | None:
    """`x-values-name: "VoiceName"`: the name under which the catalogue gives this field's known
    values as a Literal type, for typed code that builds events (rt_codec.builders)."""
    name = node.get("x-values-name") if isinstance(node, dict) else None
    if name is not None and not (
        isinstance(name, str) and name.isidentifier() and name[:1].isupper()
    ):
        raise SchemaError(src, "x-values-name is a class-style name, such as VoiceName")
    return name


def _same_as(node: Any, src: Source) -> tuple[tuple[str, ...], str] | None:
    """`x-same-as: "audio.input.format"`: a field of the same object that must say the same, with
    the rule id of the finding in `x-rules`."""
    if not isinstance(node, dict) or "x-same-as" not in node:
        return None
    path = node["x-same-as"]
    if not isinstance(path, str) or not all(p.isidentifier() for p in path.split(".")):
        raise SchemaError(src, "x-same-as is a dotted path of field names")
    rules = node.get("x-rules")
    rule = rules.get("x-same-as") if isinstance(rules, dict) else None
    if not isinstance(rule, str):
        raise SchemaError(src, "x-same-as needs its rule id in x-rules")
    return tuple(path.split(".")), rule


def attr_name(wire: str, source: Source) -> str:
    """The Python attribute for a wire field: the wire name itself, or with `_` after a keyword."""
    if wire in RESERVED_ATTRS:
        raise SchemaError(source, f"property {wire!r} clashes with a reserved attribute")
    if keyword.iskeyword(wire) or keyword.issoftkeyword(wire):
        return wire + "_"
    if not wire.isidentifier():
        raise SchemaError(source, f"property {wire!r} is not a Python identifier")
    return wire


class Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, dict[str, Any]] = {}
        digest = hashlib.sha256()
        for path in sorted(root.rglob("*.json")):
            rel = path.relative_to(root).as_posix()
            data = path.read_bytes()
            digest.update(rel.encode() + b"\0" + data + b"\0")
            try:
                self.files[rel] = json.loads(data)
            except ValueError as exc:
                raise SchemaError(Source(rel), f"not JSON: {exc}") from None
        # The generator's own source counts too: a change to it makes the output stale.
        here = Path(__file__).resolve().parent
        for path in [*sorted(here.glob("*.py")), here.parent / "generate.py"]:
            text = path.read_bytes().replace(b"\r\n", b"\n")
            digest.update(b"generator/" + path.name.encode() + b"\0" + text + b"\0")
        self.model = Model(inputs_hash=digest.hexdigest())
        # Overlay dialects (Voice Live over beta): their files made plain, as the loader reads
        # every other dialect's; `origin` says which base file each copy came from.
        self.overlays = {o.name: o for o in overlays(self.files)}
        self.origin: dict[str, str] = {}
        for overlay in self.overlays.values():
            made = materialize(self.files, overlay)
            self.files.update(made)
            self.model.materialized.update(made)
            self.origin.update(overlay.origin)
        self.model.dialects = (*DIALECTS, *self.overlays)
        self.model.prefixes = {o.name: o.prefix for o in self.overlays.values()}
        self.model.bases = {o.name: o.base for o in self.overlays.values()}
        self._built: dict[tuple[str, str], TypeExpr] = {}
        self._in_progress: set[tuple[str, str]] = set()
        self._object_sources: dict[str, Source] = {}

    # --- entry --------------------------------------------------------------------------------

    def load(self) -> Model:
        listed: set[str] = set()
        for dialect in self.model.dialects:
            for direction in DIRECTIONS:
                rel = f"unions/{dialect}-{direction}.json"
                union = self.files.get(rel)
                if union is None:
                    raise SchemaError(Source(rel), "union document missing")
                closed = union.get("x-closed", False)
                if not isinstance(closed, bool):
                    raise SchemaError(Source(rel, "/x-closed"), "x-closed must be true or false")
                if closed:
                    self.model.closed.add((dialect, direction))
                self._auto(rel, dialect, direction, union)
                self._websocket(rel, dialect, direction, union)
                seen: set[str] = set()
                for index, member in enumerate(union.get("oneOf", [])):
                    src = Source(rel, f"/oneOf/{index}")
                    if set(member) != {"$ref"}:
                        raise SchemaError(src, "a union member must be a lone $ref")
                    target, pointer = self._resolve(rel, member["$ref"], src)
                    expr = self._build_ref(target, pointer, src)
                    if not isinstance(expr, ObjRef):
                        raise SchemaError(src, "an event must be an object with a title")
                    obj = self.model.objects[expr.name]
                    type_field = obj.field("type")
                    if type_field is None or type_field.const is None:
                        raise SchemaError(Source(target), "an event needs a required `type` const")
                    if type_field.const in seen:
                        raise SchemaError(src, f"event type {type_field.const!r} listed twice")
                    if pointer or posixpath.basename(target) != f"{type_field.const}.json":
                        raise SchemaError(
                            Source(target),
                            f"an event file is named after its type: {type_field.const}.json",
                        )
                    seen.add(type_field.const)
                    listed.add(target)
                    audio = self._audio(target, obj)
                    scope, stream = self._session_facts(target)
                    opens, closes, client_event, sniff = self._lifecycle(target, obj)
                    self.model.events.append(
                        Event(
                            dialect,
                            direction,
                            type_field.const,
                            obj.name,
                            audio=audio,
                            scope=scope,
                            stream=stream,
                            opens=opens,
                            closes=closes,
                            client_event=client_event,
                            sniff=sniff,
                            ga_event=self._ga_event(target),
                            transition=self._transition(target),
                            audio_as=self._audio_as(target, obj, audio),
                        )
                    )
        for rel in sorted(self.files):
            parts = rel.split("/")
            is_event = (
                len(parts) == 3 and parts[0] in self.model.dialects and parts[1] in DIRECTIONS
            )
            if is_event and rel not in listed:
                raise SchemaError(
                    Source(rel), "an event file that no union document lists is never decoded"
                )
        self._check_streams()
        self._check_transitions()
        self._not_upstream()
        self._aliases()
        self._bodies()
        # Every file is built, even one no event reaches yet, so that its mistakes show now.
        for rel, _schema in sorted(self.files.items()):
            if not rel.startswith("unions/") and not self._is_patch(rel):
                self._build_ref(rel, "", Source(rel))
        self.model.crossings, self.model.shapes = crossings(self.model)
        self._value_maps()
        self._encodings()
        self._check_audio_as()
        self._agreements()
        return self.model

    def _value_maps(self) -> None:
        """`x-ga-values` on a beta string enum: the GA value (a JSON object) each of its values
        stands for, every value mapped."""
        for rel, schema in sorted(self.files.items()):
            values = schema.get("x-ga-values")
            if values is None:
                continue
            src = Source(rel, "/x-ga-values")
            enum = schema.get("enum")
            if (
                schema.get("type") != "string"
                or not isinstance(enum, list)
                or not isinstance(values, dict)
                or set(values) != set(enum)
                or not all(isinstance(v, dict) and v for v in values.values())
            ):
                raise SchemaError(
                    src, "x-ga-values maps every value of a string enum to a GA JSON object"
                )
            self.model.value_maps[str(schema["title"])] = values

    def _agreements(self) -> None:
        """Each `x-same-as` names a field of its object; each event lists those its objects hold
        (through nested objects, not arrays), with where."""
        for obj in self.model.objects.values():
            for f in obj.fields:
                if f.same_as is not None and self.model.field_at(obj.name, f.same_as[0]) is None:
                    raise SchemaError(
                        Source(obj.source.file, f"{obj.source.pointer}/properties/{f.wire}"),
                        f"x-same-as: {obj.name} has no field {'.'.join(f.same_as[0])}",
                    )

        self.model.events = [
            replace(
                e,
                agree=tuple(
                    (at, f.wire, ".".join(f.same_as[0]), f.same_as[1])
                    for at, f in self._nested_fields(e.object)
                    if f.same_as is not None
                ),
                formats=tuple(
                    dict.fromkeys(
                        (role, f"{at}/{_escape(f.wire)}")
                        for at, f in self._nested_fields(e.object)
                        for role in f.audio_format or ()
                    )
                ),
                rates=tuple(
                    dict.fromkeys(
                        (role, f"{at}/{_escape(f.wire)}")
                        for at, f in self._nested_fields(e.object)
                        for role in f.audio_rate or ()
                    )
                ),
            )
            for e in self.model.events
        ]

    def _nested_fields(self, name: str) -> list[tuple[str, Field]]:
        """Every field of object `name` and of the objects inside it (through null and unions,
        not arrays or maps), each with the JSON Pointer of the object holding it."""
        out: list[tuple[str, Field]] = []

        def visit(name: str, at: str, seen: frozenset[str]) -> None:
            for f in self.model.objects[name].fields:
                out.append((at, f))
                for inner in dict.fromkeys(object_names(f.type)):
                    if inner not in seen:
                        visit(inner, f"{at}/{_escape(f.wire)}", seen | {inner})

        visit(name, "", frozenset({name}))
        return out

    def _encodings(self) -> None:
        """`x-audio-encoding: {sample_bytes, rate}` on an audio format model: its bytes per sample
        and its rate when the object does not say `rate`, by its `type` const."""
        for rel, schema in sorted(self.files.items()):
            value = schema.get("x-audio-encoding")
            if value is None:
                continue
            kind = schema.get("properties", {}).get("type", {}).get("const")
            if (
                not isinstance(kind, str)
                or not isinstance(value, dict)
                or set(value) != {"sample_bytes", "rate"}
                or not all(isinstance(v, int) and v > 0 for v in value.values())
            ):
                raise SchemaError(
                    Source(rel, "/x-audio-encoding"),
                    "x-audio-encoding is {sample_bytes, rate}, positive integers, on a format "
                    "with a `type` const",
                )
            # a format whose object says no `rate` has only its own (G.711: 8 kHz)
            variable = "rate" in schema.get("properties", {})
            self.model.encodings[kind] = (value["sample_bytes"], value["rate"], variable)

    def _bodies(self) -> None:
        """REST bodies: files with `x-endpoint` and `x-body`. A file that is a lone `$ref` names
        a model by another name (a type alias); any other must be a titled object."""
        seen: set[tuple[str, str]] = set()
        for rel, schema in sorted(self.files.items()):
            if "x-endpoint" not in schema and "x-body" not in schema:
                continue
            src = Source(rel)
            endpoint, body, title = (
                schema.get("x-endpoint"),
                schema.get("x-body"),
                schema.get("title"),
            )
            if not isinstance(endpoint, str) or body not in ("request", "response", "webhook"):
                raise SchemaError(
                    src, "a body needs x-endpoint and x-body request|response|webhook"
                )
            if not isinstance(title, str) or not title.isidentifier():
                raise SchemaError(src, "a body needs a title that is a Python name")
            if (endpoint, body) in seen:
                raise SchemaError(src, f"{body} of {endpoint!r} given twice")
            seen.add((endpoint, body))
            expr = self._build_ref(rel, "", src)
            if "$ref" not in schema and expr != ObjRef(title):
                raise SchemaError(src, "a body must be an object with a title, or a lone $ref")
            closed = schema.get("x-closed", False)
            if not isinstance(closed, bool) or (closed and body != "request"):
                raise SchemaError(
                    Source(rel, "/x-closed"), "x-closed is true or false, on requests"
                )
            self.model.bodies.append(Body(endpoint, body, title, expr, src, closed))

    def _audio(self, rel: str, obj: ObjectType) -> str | None:
        """`x-audio: "delta"` on an event file: the string field that carries its audio."""
        name = self.files[rel].get("x-audio")
        if name is None:
            return None
        found = obj.field(name) if isinstance(name, str) else None
        if found is None or not isinstance(found.type, Str):
            raise SchemaError(Source(rel, "/x-audio"), "x-audio must name a string field")
        return str(name)

    def _audio_as(
        self, rel: str, obj: ObjectType, audio: str | None
    ) -> tuple[tuple[tuple[str, object], ...], str | None] | None:
        """`x-audio-as: {format, when}`: the audio of this event is always in `format` (an audio
        format object), whatever the session says; with `when`, only when the event has that
        field (Live's sideband copies of audio carry `start_ms` and are always 24 kHz PCM)."""
        value = self.files[rel].get("x-audio-as")
        if value is None:
            return None
        src = Source(rel, "/x-audio-as")
        if audio is None:
            raise SchemaError(src, "x-audio-as goes with x-audio, the field whose audio it times")
        fmt = value.get("format") if isinstance(value, dict) else None
        if (
            not isinstance(value, dict)
            or not set(value) <= {"format", "when"}
            or not isinstance(fmt, dict)
            or not isinstance(fmt.get("type"), str)
        ):
            raise SchemaError(
                src, "x-audio-as is {format: an audio format object, when: a field (optional)}"
            )
        when = value.get("when")
        if when is not None and (not isinstance(when, str) or obj.field(when) is None):
            raise SchemaError(src, f"x-audio-as: `when` names no field of {obj.name}: {when!r}")
        return tuple(sorted(fmt.items())), when

    def _check_audio_as(self) -> None:
        """An `x-audio-as` format is one whose sample size the schemas give (`x-audio-encoding`)."""
        for e in self.model.events:
            kind = None if e.audio_as is None else dict(e.audio_as[0])["type"]
            if kind is not None and kind not in self.model.encodings:
                raise SchemaError(
                    Source(self.model.objects[e.object].source.file, "/x-audio-as"),
                    f"x-audio-as: no x-audio-encoding describes {kind!r}",
                )

    def _session_facts(self, rel: str) -> tuple[str | None, tuple[str, str] | None]:
        """`x-scope` (what must be announced before the event) and `x-stream` (a delta event's
        done event and the field that repeats the deltas' sum) of an event file."""
        schema = self.files[rel]
        scope = schema.get("x-scope")
        if scope is not None and scope not in ("response", "item", "part"):
            raise SchemaError(Source(rel, "/x-scope"), "x-scope is response, item or part")
        stream = schema.get("x-stream")
        if stream is None:
            return scope, None
        if (
            not isinstance(stream, dict)
            or set(stream) != {"done", "field"}
            or not all(isinstance(v, str) for v in stream.values())
        ):
            raise SchemaError(Source(rel, "/x-stream"), "x-stream is {done: type, field: name}")
        return scope, (stream["done"], stream["field"])

    def _is_patch(self, rel: str) -> bool:
        return any(rel.startswith(f"{name}/patches/") for name in self.overlays)

    def _folder(self, rel: str) -> str:
        """The top folder a file belongs to, for a copy the one of the base file it came from; an
        overlay's own models count as `models`."""
        parts = self.origin.get(rel, rel).split("/")
        if parts[0] in self.overlays and parts[1:2] == ["models"]:
            return "models"
        return parts[0]

    def _lifecycle(
        self, rel: str, obj: ObjectType
    ) -> tuple[str | None, str | None, str | None, str | None]:
        """`x-opens` (what the event starts), `x-closes` (what it ends), `x-client-event` (the
        field naming an earlier client event) and `x-sniff` (the member telling its dialect)."""
        schema = self.files[rel]
        out: dict[str, str | None] = {}
        for key, attr, allowed in (
            ("x-opens", "opens", ("session", "response", "item", "part")),
            ("x-closes", "closes", ("response",)),
        ):
            value = schema.get(key)
            if value is not None and value not in allowed:
                raise SchemaError(Source(rel, "/" + key), f"{key} is one of {', '.join(allowed)}")
            out[attr] = value
        pointer = schema.get("x-client-event")
        if pointer is not None and (
            not isinstance(pointer, str) or not self._string_at(obj, pointer)
        ):
            raise SchemaError(
                Source(rel, "/x-client-event"),
                "x-client-event is a JSON Pointer to a string field of the event",
            )
        out["client_event"] = pointer
        member = schema.get("x-sniff")
        if member is not None:
            found = obj.field(member) if isinstance(member, str) else None
            if found is None or not object_names(found.type):
                raise SchemaError(Source(rel, "/x-sniff"), "x-sniff names an object field")
        return out["opens"], out["closes"], pointer, member

    def _auto(self, rel: str, dialect: str, direction: str, union: dict[str, Any]) -> None:
        """`x-auto: true` on both union documents of a base dialect: `--dialect auto` tells it
        apart by the event names only it has (beside realtime and beta, told by name and shape)."""
        auto = union.get("x-auto", False)
        src = Source(rel, "/x-auto")
        if not isinstance(auto, bool):
            raise SchemaError(src, "x-auto must be true or false")
        if auto and dialect in self.overlays:
            raise SchemaError(src, "x-auto: an overlay is told by what only it accepts")
        if direction == DIRECTIONS[0]:
            if auto:
                self.model.auto.append(dialect)
        elif auto != (dialect in self.model.auto):
            raise SchemaError(src, "x-auto: the client and server documents disagree")

    def _websocket(self, rel: str, dialect: str, direction: str, union: dict[str, Any]) -> None:
        """`x-websocket: {paths, query}` on a dialect's client union document: the WebSocket paths
        a client connects to (`{name}` stands for one path segment) and the query parameters it
        must give (`model` for the Realtime API; none for Live, whose session.start names it)."""
        value = union.get("x-websocket")
        if value is None:
            return
        src = Source(rel, "/x-websocket")
        if direction != "client":
            raise SchemaError(src, "x-websocket goes on the client union document")
        paths = value.get("paths") if isinstance(value, dict) else None
        query = value.get("query", []) if isinstance(value, dict) else None
        if (
            not isinstance(value, dict)
            or not set(value) <= {"paths", "query"}
            or not isinstance(paths, list)
            or not paths
            or not all(isinstance(p, str) and p.startswith("/") for p in paths)
            or not isinstance(query, list)
            or not all(isinstance(q, str) and q for q in query)
        ):
            raise SchemaError(
                src, "x-websocket is {paths: [paths starting with /], query: [parameter names]}"
            )
        self.model.websockets[dialect] = (tuple(paths), tuple(query))

    def _transition(self, rel: str) -> tuple[str, tuple[str | None, ...], str] | None:
        """`x-transition: {machine, from, to}`: the event reports that `machine` (the transport
        of a call, say) enters state `to`, which it may only do from one of the states `from`
        (null: before any state)."""
        value = self.files[rel].get("x-transition")
        if value is None:
            return None
        src = Source(rel, "/x-transition")
        sources = value.get("from") if isinstance(value, dict) else None
        if (
            not isinstance(value, dict)
            or set(value) != {"machine", "from", "to"}
            or not isinstance(value["machine"], str)
            or not value["machine"].isidentifier()
            or not isinstance(value["to"], str)
            or not value["to"]
            or not isinstance(sources, list)
            or not sources
            or not all(s is None or (isinstance(s, str) and s) for s in sources)
            or len(set(sources)) != len(sources)
        ):
            raise SchemaError(
                src,
                "x-transition is {machine: a name, from: [states, or null for none yet], "
                "to: a state}",
            )
        return value["machine"], tuple(sources), value["to"]

    def _check_transitions(self) -> None:
        """Each state an `x-transition` may follow is one an event of its dialect and direction
        enters, and each machine has an event that starts it (null in `from`)."""
        entered: dict[tuple[str, str, str], set[str]] = {}
        starts: dict[tuple[str, str, str], bool] = {}
        for e in self.model.events:
            if e.transition is not None and e.alias_of is None:
                key = (e.dialect, e.direction, e.transition[0])
                entered.setdefault(key, set()).add(e.transition[2])
                starts[key] = starts.get(key, False) or None in e.transition[1]
        for e in self.model.events:
            if e.transition is None or e.alias_of is not None:
                continue
            key = (e.dialect, e.direction, e.transition[0])
            src = Source(self.model.objects[e.object].source.file, "/x-transition")
            for state in e.transition[1]:
                if state is not None and state not in entered[key]:
                    raise SchemaError(
                        src,
                        f"x-transition: no {e.dialect} {e.direction} event enters "
                        f"{e.transition[0]} state {state!r}",
                    )
            if not starts[key]:
                raise SchemaError(
                    src, f"x-transition: no event starts {e.transition[0]} (null in `from`)"
                )

    def _not_upstream(self) -> None:
        """`x-not-upstream: {dialect: why}`: the reference's event union of these dialects leaves
        the event out (read by spec_diff and the tests); each dialect named lists the file."""
        listing: dict[str, set[str]] = {}
        for e in self.model.events:
            if e.alias_of is None:
                listing.setdefault(self.model.objects[e.object].source.file, set()).add(e.dialect)
        for rel, dialects in sorted(listing.items()):
            value = self.files[rel].get("x-not-upstream")
            if value is None:
                continue
            if not isinstance(value, dict) or not all(
                d in dialects and isinstance(why, str) and why for d, why in value.items()
            ):
                raise SchemaError(
                    Source(rel, "/x-not-upstream"),
                    "x-not-upstream maps each dialect whose union lists the event to the reason",
                )

    def _ga_event(self, rel: str) -> tuple[str, str, str | None] | None:
        """`x-ga-event: {type, member, case?}` on a beta event file: the GA event it is said as,
        the member object whose shape changes, and which case of the GA member it becomes."""
        value = self.files[rel].get("x-ga-event")
        if value is None:
            return None
        ok = (
            isinstance(value, dict)
            and {"type", "member"} <= set(value) <= {"type", "member", "case"}
            and all(isinstance(v, str) for v in value.values())
        )
        if not ok:
            raise SchemaError(
                Source(rel, "/x-ga-event"), "x-ga-event is {type, member, case?}, all strings"
            )
        return value["type"], value["member"], value.get("case")

    def _string_at(self, obj: ObjectType, pointer: str) -> bool:
        """Whether a JSON Pointer (through named objects) ends at a string field of `obj`."""
        parts = pointer.split("/")
        if parts[0] != "" or len(parts) < 2:
            return False
        expr: TypeExpr = ObjRef(obj.name)
        for part in parts[1:]:
            while isinstance(expr, Nullable):
                expr = expr.inner
            if not isinstance(expr, ObjRef):
                return False
            found = self.model.objects[expr.name].field(part)
            if found is None:
                return False
            expr = found.type
        while isinstance(expr, Nullable):
            expr = expr.inner
        return isinstance(expr, Str)

    def _check_streams(self) -> None:
        """Every `x-stream` names a done event of its dialect and direction with that string
        field, and is on an event with a string `delta`."""
        by_wire = {(e.dialect, e.direction, e.wire): e for e in self.model.events}
        for e in self.model.events:
            if e.stream is None:
                continue
            obj = self.model.objects[e.object]
            src = Source(obj.source.file, "/x-stream")
            delta = obj.field("delta")
            if delta is None or not isinstance(delta.type, Str):
                raise SchemaError(src, "x-stream is on an event with a string `delta`")
            done = by_wire.get((e.dialect, e.direction, e.stream[0]))
            if done is None:
                raise SchemaError(
                    src, f"x-stream: no {e.dialect} {e.direction} event {e.stream[0]!r}"
                )
            found = self.model.objects[done.object].field(e.stream[1])
            if found is None or not any(
                isinstance(t, Str) for t in (found.type, getattr(found.type, "inner", None))
            ):
                raise SchemaError(
                    src, f"x-stream: {e.stream[0]} has no string field {e.stream[1]!r}"
                )

    def _aliases(self) -> None:
        """`x-aliases: {dialect: name}` on an event file: the same event under another dialect's name.
        Each dialect then also accepts the other's name for it, decoding to its own class."""
        canonical = {(e.dialect, e.direction, e.wire): e for e in self.model.events}
        added: list[Event] = []
        for e in list(self.model.events):
            obj = self.model.objects[e.object]
            declared = self.files[obj.source.file].get("x-aliases")
            if isinstance(declared, dict) and e.dialect in self.overlays:
                declared = {d: n for d, n in declared.items() if d != e.dialect}
            if declared is None:
                continue
            src = Source(obj.source.file, "/x-aliases")
            if not isinstance(declared, dict):
                raise SchemaError(src, "x-aliases must map a dialect to a wire type")
            for other, name in sorted(declared.items()):
                if (
                    other not in self.model.dialects
                    or other == e.dialect
                    or not isinstance(name, str)
                ):
                    raise SchemaError(src, f"x-aliases: {other!r} is not another dialect")
                target = canonical.get((other, e.direction, name))
                if target is None:
                    raise SchemaError(src, f"x-aliases: no {other} {e.direction} event {name!r}")
                # An overlay sharing the base's file takes the base's other names too (one way:
                # the other dialect already takes this name from the base).
                ways = [(e.dialect, name, e), (other, e.wire, target)]
                if e.dialect in self.overlays:
                    ways = ways[:1]
                for dialect, wire, owner in ways:
                    if (dialect, e.direction, wire) in canonical:
                        raise SchemaError(
                            src, f"x-aliases: {wire!r} is already a {dialect} event of its own"
                        )
                    if any((a.dialect, a.wire) == (dialect, wire) for a in added):
                        raise SchemaError(src, f"x-aliases: {wire!r} is declared twice")
                    added.append(
                        Event(dialect, e.direction, wire, owner.object, owner.wire, owner.audio)
                    )
        self.model.events += added

    # --- refs ---------------------------------------------------------------------------------

    def _resolve(self, base: str, ref: str, src: Source) -> tuple[str, str]:
        path, _, fragment = ref.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(base), path)) if path else base
        if target not in self.files:
            raise SchemaError(src, f"$ref {ref!r} names no schema file")
        return target, fragment

    def _node_at(self, rel: str, pointer: str, src: Source) -> Any:
        node: Any = self.files[rel]
        for token in [t for t in pointer.split("/") if t]:
            token = token.replace("~1", "/").replace("~0", "~")
            try:
                node = node[int(token)] if isinstance(node, list) else node[token]
            except (KeyError, IndexError, ValueError):
                raise SchemaError(src, f"pointer {pointer!r} not found in {rel}") from None
        return node

    def _build_ref(self, rel: str, pointer: str, src: Source) -> TypeExpr:
        key = (rel, pointer)
        if key in self._built:
            return self._built[key]
        node = self._node_at(rel, pointer, src)
        if key in self._in_progress:
            # A recursive reference: only named objects can refer to themselves.
            if isinstance(node, dict) and node.get("type") == "object" and "title" in node:
                return ObjRef(node["title"])
            raise SchemaError(src, "recursive reference to an unnamed schema")
        self._in_progress.add(key)
        try:
            expr = self._convert(node, Source(rel, pointer), top=True)
        finally:
            self._in_progress.discard(key)
        if expr.source is None:  # the schema this expression is the whole of names its helpers
            title = node.get("title") if isinstance(node, dict) else None
            expr = replace(
                expr, source=Source(rel, pointer, title if isinstance(title, str) else None)
            )
        self._built[key] = expr
        return expr

    # --- conversion ---------------------------------------------------------------------------

    def _check_keywords(self, node: dict[str, Any], src: Source) -> None:
        for key in node:
            if key not in UNDERSTOOD and key not in ANNOTATIONS:
                raise SchemaError(src, f"unsupported keyword {key!r}")
            kinds = _LIMIT_KINDS.get(key)
            if kinds is not None and node.get("type") not in kinds:
                raise SchemaError(src, f"{key} applies to {' or '.join(kinds)} values only")
        placed = node.keys() & _PLACES.keys()
        if not placed:
            return
        top = src.pointer == ""
        folder = self._folder(src.file)
        where = {
            "event": top and folder in self.model.dialects,
            "rest": top and folder == "rest",
            "value": bool(_VALUE_PLACE.search(src.pointer)),
        }
        where["event-or-value"] = where["event"] or where["value"]
        where["model"] = top and folder == "models"
        where["union"] = top and folder == "unions"
        for key in sorted(placed):
            if not where[_PLACES[key][0]]:
                raise SchemaError(src, f"{key} belongs {_PLACES[key][1]}, not here")

    @staticmethod
    def _str_limits(node: dict[str, Any]) -> StrLimits:
        return StrLimits(
            min_length=node.get("minLength"),
            max_length=node.get("maxLength"),
            pattern=node.get("pattern"),
            format=node.get("format"),
        )

    @staticmethod
    def _num_limits(node: dict[str, Any]) -> NumLimits:
        return NumLimits(minimum=node.get("minimum"), maximum=node.get("maximum"))

    def _convert(self, node: Any, src: Source, top: bool = False) -> TypeExpr:
        if not isinstance(node, dict):
            raise SchemaError(src, "a schema must be an object")
        self._check_keywords(node, src)
        if "x-unknown-kind" in node and "oneOf" not in node and "anyOf" not in node:
            raise SchemaError(src, "x-unknown-kind belongs on a union of tagged objects")
        if "$ref" in node:
            extra = set(node) - {"$ref"} - ANNOTATIONS
            if extra:
                raise SchemaError(src, f"keywords beside $ref are not supported: {sorted(extra)}")
            target, pointer = self._resolve(src.file, node["$ref"], src)
            return self._build_ref(target, pointer, src)
        if node.get("type") == "object" and "properties" in node:
            return self._object(node, src)
        for combinator in ("oneOf", "anyOf"):
            if combinator in node:
                extra = set(node) - {combinator} - ANNOTATIONS
                if extra:
                    raise SchemaError(src, f"keywords beside {combinator}: {sorted(extra)}")
                alts = node[combinator]
                name = node.get("title") if top else None
                expr = self._union(
                    alts, Source(src.file, f"{src.pointer}/{combinator}"), name, combinator
                )
                if "x-unknown-kind" in node:
                    expr = self._unknown_kind(expr, node["x-unknown-kind"], src)
                if "x-tristate" in node:
                    if not isinstance(expr, Nullable):
                        raise SchemaError(src, "x-tristate on a field that cannot be null")
                    expr = Nullable(expr.inner, node["x-tristate"])
                return expr
        kind = node.get("type")
        if kind == "string":
            values: tuple[str, ...] = ()
            if "const" in node:
                values = (node["const"],)
            elif "enum" in node:
                values = tuple(node["enum"])
            if not all(isinstance(v, str) for v in values):
                raise SchemaError(src, "a string enum must list strings")
            encoding = node.get("contentEncoding")
            if encoding not in (None, "base64"):
                raise SchemaError(src, f"unsupported contentEncoding {encoding!r}")
            return Str(values, bool(values), encoding == "base64", self._str_limits(node))
        if kind == "integer":
            ints = tuple(node.get("enum", ()))
            if "const" in node:
                ints = (node["const"],)
            if not all(type(v) is int for v in ints):
                raise SchemaError(src, "an integer enum must list integers")
            return Int(ints, self._num_limits(node))
        if kind == "number":
            if "enum" in node or "const" in node:
                raise SchemaError(src, "number enums are not supported")
            return Num(self._num_limits(node))
        if kind == "boolean":
            return Bool()
        if kind == "array":
            if "items" not in node:
                raise SchemaError(src, "an array needs `items`")
            item = self._convert(node["items"], Source(src.file, f"{src.pointer}/items"))
            return Array(item, ItemLimits(node.get("minItems"), node.get("maxItems")))
        if kind == "object":
            if "properties" in node:
                return self._object(node, src)
            additional = node.get("additionalProperties")
            if isinstance(additional, dict):
                value = self._convert(
                    additional, Source(src.file, f"{src.pointer}/additionalProperties")
                )
                return Map(value)
            if additional is False:
                raise SchemaError(src, "an object without properties that allows none")
            return AnyObject()
        raise SchemaError(src, f"unsupported or missing type {kind!r}")

    def _object(self, node: dict[str, Any], src: Source) -> ObjRef:
        name = node.get("title")
        dialect = src.file.split("/", 1)[0]
        wire = node["properties"].get("type", {}).get("const")
        if (
            name is None
            and src.pointer == ""
            and dialect in self.model.dialects
            and isinstance(wire, str)
        ):
            # an event file may leave its title out
            overlay = self.overlays.get(dialect)
            name = (
                event_class_name(wire, dialect)
                if overlay is None
                else overlay.prefix + event_class_name(wire, "realtime")
            )
        if not isinstance(name, str) or not name.isidentifier() or not name[:1].isupper():
            raise SchemaError(src, "an object with properties needs a `title` that is a class name")
        if name in self._object_sources:
            if self._object_sources[name] != src:
                raise SchemaError(
                    src, f"class name {name!r} also used by {self._object_sources[name]}"
                )
            return ObjRef(name)
        self._object_sources[name] = src
        required = node.get("required", [])
        props = node["properties"]
        unknown_required = set(required) - set(props)
        if unknown_required:
            raise SchemaError(src, f"required names no property: {sorted(unknown_required)}")
        fields = []
        attrs: set[str] = set()
        for wire, sub in props.items():
            fsrc = Source(src.file, f"{src.pointer}/properties/{_escape(wire)}")
            attr = attr_name(wire, fsrc)
            if attr in attrs:
                raise SchemaError(fsrc, f"attribute {attr!r} used twice")
            attrs.add(attr)
            expr = self._convert(sub, fsrc)
            is_required = wire in required
            tag = (
                sub["const"]
                if isinstance(sub, dict) and isinstance(sub.get("const"), str)
                else None
            )
            const = tag if is_required else None
            description = sub.get("description") if isinstance(sub, dict) else None
            deprecated = self._deprecation(sub, fsrc)
            cross = _cross(sub, fsrc)
            unlisted = sub.get("x-not-upstream") if isinstance(sub, dict) else None
            if unlisted is not None and not (isinstance(unlisted, str) and unlisted):
                raise SchemaError(fsrc, "x-not-upstream on a property is the reason, a string")
            fields.append(
                Field(
                    wire,
                    attr,
                    expr,
                    is_required,
                    description,
                    const,
                    tag,
                    deprecated,
                    cross,
                    _same_as(sub, fsrc),
                    _audio_format(sub, fsrc),
                    _audio_format(sub, fsrc, "x-audio-rate"),
                    _values_name(sub, fsrc),
                )
            )
        extra = node.get("additionalProperties", True)
        if extra not in (True, False):
            raise SchemaError(src, "additionalProperties beside properties must be true or false")
        require_any = []
        for index, alt in enumerate(node.get("anyOf", [])):
            names = alt.get("required") if isinstance(alt, dict) else None
            if (
                not isinstance(alt, dict)
                or set(alt) != {"required"}
                or not isinstance(names, list)
                or not set(names) <= set(props)
            ):
                asrc = Source(src.file, f"{src.pointer}/anyOf/{index}")
                raise SchemaError(asrc, "beside properties, anyOf may only list `required` groups")
            require_any.append(tuple(names))
        if "oneOf" in node:
            raise SchemaError(Source(src.file, f"{src.pointer}/oneOf"), "oneOf beside properties")
        self.model.objects[name] = ObjectType(
            name,
            tuple(fields),
            src,
            node.get("description"),
            closed=extra is False,
            require_any=tuple(require_any),
        )
        return ObjRef(name)

    # --- unions -------------------------------------------------------------------------------

    @staticmethod
    def _unknown_kind(expr: TypeExpr, value: object, src: Source) -> TypeExpr:
        """`x-unknown-kind` on a union of tagged objects: what decoding does with a member whose tag
        names no kind the schemas know. `keep` (the default) keeps it as a dict inside the typed
        event, so the field is typed `... | dict[str, Any]`; `event` makes the whole event an
        UnknownEvent (kept whole, with the error), so the field is typed by its known kinds alone.
        `event` suits a field whose kinds are a settled set that code reads directly
        (`event.session.id`)."""
        if value not in ("keep", "event"):
            raise SchemaError(src, "x-unknown-kind must be 'keep' or 'event'")
        if not isinstance(expr, Dispatch):
            raise SchemaError(src, "x-unknown-kind belongs on a union of tagged objects")
        return replace(expr, keep_unknown=value == "keep")

    def _deprecation(self, node: Any, src: Source) -> str | None:
        """What to say about a schema marked `deprecated: true`: its `x-deprecated` text and its
        `x-shutdown` date (YYYY-MM-DD); None when it is not deprecated."""
        if not isinstance(node, dict):
            return None
        flag = node.get("deprecated")
        shutdown, text = node.get("x-shutdown"), node.get("x-deprecated")
        if flag is None:
            if shutdown is not None or text is not None:
                raise SchemaError(src, "x-shutdown and x-deprecated go beside `deprecated: true`")
            return None
        if flag is not True:
            raise SchemaError(src, "`deprecated` must be true where it is given")
        parts = []
        if text is not None:
            if not isinstance(text, str) or not text:
                raise SchemaError(src, "x-deprecated must be a sentence")
            parts.append(text)
        if shutdown is not None:
            if not isinstance(shutdown, str) or not _DATE.fullmatch(shutdown):
                raise SchemaError(src, "x-shutdown must be a date, YYYY-MM-DD")
            parts.append(f"shutdown announced for {shutdown}")
        return "; ".join(parts) if parts else "no longer recommended"

    def _union(
        self, alts: list[Any], src: Source, name: str | None, combinator: str = "oneOf"
    ) -> TypeExpr:
        nullable = False
        strings: list[Str] = []
        objects: list[str] = []
        object_parts: list[TypeExpr] = []
        free_objects: list[TypeExpr] = []
        others: dict[str, TypeExpr] = {}
        selection: dict[str, tuple[tuple[str, ...], ...]] = {}
        kept: list[TypeExpr] = []
        for index, alt in enumerate(alts):
            asrc = Source(src.file, f"{src.pointer}/{index}")
            if alt == {"type": "null"}:
                nullable = True
                continue
            groups = self._selection(alt, asrc)
            if groups is not None:
                alt = {"$ref": alt["$ref"]}
            expr = self._convert(alt, asrc)
            note = self._deprecation(alt, asrc)
            if note is not None:
                if not isinstance(expr, Str) or not expr.values:
                    raise SchemaError(asrc, "a deprecated alternative must be a string enum")
                expr = replace(expr, deprecated=tuple((v, note) for v in expr.values))
            if groups is not None:
                if not isinstance(expr, ObjRef):
                    raise SchemaError(
                        asrc, "required/anyOf beside $ref needs an object with a title"
                    )
                selection[expr.name] = groups
            if isinstance(expr, Nullable):
                nullable = True
                expr = expr.inner
            kept.append(expr)
            for part in expr.branches if isinstance(expr, Union) else (expr,):
                if isinstance(part, Str):
                    strings.append(part)
                elif isinstance(part, ObjRef):
                    objects.append(part.name)
                    object_parts.append(part)
                elif isinstance(part, Dispatch):
                    objects.extend(part.members())
                    object_parts.append(part)
                elif isinstance(part, (AnyObject, Map)):
                    free_objects.append(part)
                else:
                    if part.kind in others and others[part.kind] != part:
                        raise SchemaError(
                            asrc, f"two {part.kind} alternatives cannot be told apart"
                        )
                    others[part.kind] = part
        branches: list[TypeExpr] = []
        if strings:
            values: list[str] = []
            for s in strings:
                values.extend(v for v in s.values if v not in values)
            closed = all(s.closed for s in strings)
            if len({s.limits for s in strings}) > 1:
                raise SchemaError(src, "string alternatives with different limits cannot be merged")
            base64 = any(s.base64 for s in strings)
            deprecated = tuple(d for s in strings for d in s.deprecated)
            merged = Str(tuple(values), closed, base64, strings[0].limits, deprecated)
            # One string alternative stays itself: its `source` names its helpers.
            branches.append(strings[0] if [merged] == strings else merged)
        if objects and free_objects:
            raise SchemaError(src, "typed and free-form object alternatives cannot be told apart")
        if len(free_objects) > 1:
            raise SchemaError(src, "two free-form object alternatives cannot be told apart")
        if free_objects:
            branches.append(free_objects[0])
        if len(object_parts) == 1 and isinstance(object_parts[0], Dispatch):
            branches.append(object_parts[0])  # a named union used as is keeps its name
        elif objects:
            dispatch = self._dispatch_or_ref(objects, src, name, selection)
            if isinstance(dispatch, Dispatch) and dispatch.untagged and combinator != "oneOf":
                # anyOf takes an object that fits several members; the codec picks exactly one.
                raise SchemaError(src, "members taken without their discriminator need oneOf")
            branches.append(dispatch)
        elif selection:
            raise SchemaError(src, "required/anyOf beside $ref where no object is chosen")
        branches.extend(others[k] for k in sorted(others))
        if not branches:
            raise SchemaError(src, "a union of nothing but null")
        result: TypeExpr
        result = branches[0] if len(branches) == 1 else Union(tuple(branches), name)
        alone = kept[0] if len(kept) == 1 else None
        if (
            isinstance(alone, Union)
            and isinstance(result, Union)
            and alone.branches == result.branches
        ):
            result = alone  # a named union made nullable stays itself: its `source` names helpers
        return Nullable(result) if nullable else result

    def _selection(self, alt: Any, src: Source) -> tuple[tuple[str, ...], ...] | None:
        """What a union member says beside its `$ref` about objects that come without their
        discriminator: `"required": [prop]` (here it must come with it), or `"anyOf"` of `required`
        groups, one of them `[prop]` (without it, the member is the one whose group is present)."""
        if not isinstance(alt, dict) or "$ref" not in alt:
            return None
        extra = set(alt) - {"$ref"} - ANNOTATIONS
        if not extra:
            return None
        if extra == {"required"}:
            names = alt["required"]
            if isinstance(names, list) and len(names) == 1 and isinstance(names[0], str):
                return ((names[0],),)
        elif extra == {"anyOf"} and isinstance(alt["anyOf"], list) and len(alt["anyOf"]) > 1:
            groups = []
            for group in alt["anyOf"]:
                names = group.get("required") if isinstance(group, dict) else None
                if set(group) != {"required"} or not isinstance(names, list) or not names:
                    break
                if not all(isinstance(n, str) for n in names):
                    break
                groups.append(tuple(names))
            else:
                return tuple(groups)
        raise SchemaError(
            src,
            "beside a union member's $ref, only `required: [discriminator]` or `anyOf` of "
            "`required` groups (one of them the discriminator) are understood",
        )

    def _dispatch_or_ref(
        self,
        names: list[str],
        src: Source,
        name: str | None,
        selection: dict[str, tuple[tuple[str, ...], ...]],
    ) -> TypeExpr:
        unique = list(dict.fromkeys(names))
        objs = [self.model.objects[n] for n in unique]
        if len(objs) == 1 and all(f.tag is None for f in objs[0].fields):
            if selection:
                raise SchemaError(src, "required/anyOf beside $ref where nothing is dispatched")
            return ObjRef(objs[0].name)
        if len(objs) == 1 and not selection and all(f.const is None for f in objs[0].fields):
            return ObjRef(objs[0].name)  # its one tag is optional: nothing to dispatch on
        return self._dispatch(objs, src, name, frozenset(), selection)

    def _untagged(
        self,
        prop: str,
        groups: dict[str, list[ObjectType]],
        src: Source,
        selection: dict[str, tuple[tuple[str, ...], ...]],
    ) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
        """Which members an object without `prop` may be, from each member's field and its site."""
        out: list[tuple[str, tuple[tuple[str, ...], ...]]] = []
        for value, group in groups.items():
            for obj in group:
                tag = obj.field(prop)
                rule = selection.get(obj.name)
                assert tag is not None
                if rule is not None and (prop,) not in rule:
                    raise SchemaError(
                        src, f"{obj.name}: the groups beside its $ref must include [{prop!r}]"
                    )
                if tag.required:
                    if rule is not None and rule != ((prop,),):
                        raise SchemaError(
                            src, f"{obj.name}: `{prop}` is required; no other group can choose it"
                        )
                    continue
                if rule == ((prop,),):
                    continue  # optional in the member, required at this site
                if len(group) > 1:
                    raise SchemaError(
                        src, f"{obj.name}: an optional `{prop}` shared with another member"
                    )
                chosen = ((),) if rule is None else tuple(g for g in rule if g != (prop,))
                for names in chosen:
                    for n in names:
                        if obj.field(n) is None:
                            raise SchemaError(src, f"{obj.name} has no field {n!r} to be chosen by")
                out.append((value, chosen))
        defaults = [value for value, chosen in out if chosen == ((),)]
        if defaults and len(out) > 1:
            raise SchemaError(
                src,
                f"without `{prop}`, {', '.join(v for v, _ in out)} could all be chosen: give each "
                f"an anyOf of required groups, or require `{prop}` beside all but one",
            )
        return tuple(out)

    def _dispatch(
        self,
        objs: list[ObjectType],
        src: Source,
        name: str | None,
        used: frozenset[str],
        selection: dict[str, tuple[tuple[str, ...], ...]],
    ) -> Dispatch:
        common = None
        for obj in objs:
            consts = {
                f.wire
                for f in obj.fields
                if f.const is not None or (f.tag is not None and f.wire in DISCRIMINATOR_PREFERENCE)
            } - used
            common = consts if common is None else common & consts
        candidates = sorted(common or (), key=lambda p: (p not in DISCRIMINATOR_PREFERENCE, p))
        candidates.sort(
            key=lambda p: DISCRIMINATOR_PREFERENCE.index(p) if p in DISCRIMINATOR_PREFERENCE else 99
        )
        for prop in candidates:
            groups: dict[str, list[ObjectType]] = {}
            for obj in objs:
                value = obj.field(prop).tag  # type: ignore[union-attr]
                groups.setdefault(value, []).append(obj)  # type: ignore[arg-type]
            if len(groups) == 1 and len(objs) > 1:
                continue
            cases: list[tuple[str, ObjRef | Dispatch]] = []
            for value, group in groups.items():
                if len(group) == 1:
                    cases.append((value, ObjRef(group[0].name)))
                else:
                    cases.append((value, self._dispatch(group, src, None, used | {prop}, {})))
            untagged = self._untagged(prop, groups, src, selection)
            return Dispatch(prop, tuple(cases), name, untagged)
        members = ", ".join(o.name for o in objs)
        raise SchemaError(src, f"no required const property tells {members} apart")


def load(root: Path) -> Model:
    return Loader(root).load()
