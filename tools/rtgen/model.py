"""The generator's intermediate form: small frozen nodes that the emitters read instead of raw schemas."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """Where a node came from: a schema file and a JSON Pointer inside it."""

    file: str
    pointer: str = ""
    # The schema's title, where it has one: what names the helpers of a whole-file schema that is
    # no class (a string enum, a union), so that an overlay's copy is named apart from its base.
    title: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.file}#{self.pointer}"


class SchemaError(Exception):
    """A schema construct the generator does not support, with the file and JSON Pointer."""

    def __init__(self, source: Source, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source


# Constraints the codec does not enforce but validation and the strategies respect: each kind has
# its own, so that an integer cannot carry a string's pattern.


@dataclass(frozen=True)
class StrLimits:
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class NumLimits:
    """`minimum`/`maximum` of an integer or a number."""

    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class ItemLimits:
    min_items: int | None = None
    max_items: int | None = None


# --- type expressions -----------------------------------------------------------------------------
#
# Each carries `source`: the schema (file and pointer) it is the whole of when it was reached by
# `$ref`, else None. It names generated helpers after that schema (rtgen.naming) and takes no part in
# equality. `parts()` gives the expressions inside, as (how, label, part): `walk` is built on it.

Part = tuple[str, str, "TypeExpr"]


@dataclass(frozen=True)
class Str:
    """A JSON string. `values` are the known values; `closed` says whether others are wrong."""

    values: tuple[str, ...] = ()
    closed: bool = False
    base64: bool = False
    limits: StrLimits = StrLimits()
    # Known values that are deprecated (`deprecated: true` on their enum), with what to say.
    deprecated: tuple[tuple[str, str], ...] = ()
    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "string"

    def parts(self) -> tuple[Part, ...]:
        return ()


@dataclass(frozen=True)
class Int:
    values: tuple[int, ...] = ()
    limits: NumLimits = NumLimits()
    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "integer"

    def parts(self) -> tuple[Part, ...]:
        return ()


@dataclass(frozen=True)
class Num:
    limits: NumLimits = NumLimits()
    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "number"

    def parts(self) -> tuple[Part, ...]:
        return ()


@dataclass(frozen=True)
class Bool:
    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "boolean"

    def parts(self) -> tuple[Part, ...]:
        return ()


@dataclass(frozen=True)
class AnyObject:
    """A free-form JSON object (a JSON Schema, tool input, trace metadata)."""

    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "object"

    def parts(self) -> tuple[Part, ...]:
        return ()


@dataclass(frozen=True)
class Array:
    item: TypeExpr
    limits: ItemLimits = ItemLimits()
    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "array"

    def parts(self) -> tuple[Part, ...]:
        return (("item", "item", self.item),)


@dataclass(frozen=True)
class Map:
    """An object whose every value has one type (`additionalProperties: {...}`)."""

    value: TypeExpr
    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "object"

    def parts(self) -> tuple[Part, ...]:
        return (("value", "value", self.value),)


@dataclass(frozen=True)
class ObjRef:
    """A named object shape."""

    name: str
    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "object"

    def parts(self) -> tuple[Part, ...]:
        return ()


@dataclass(frozen=True)
class Dispatch:
    """Objects told apart by a `const` property; a case may dispatch again on another property."""

    prop: str
    cases: tuple[tuple[str, ObjRef | Dispatch], ...]
    name: str | None = None
    # The cases an object without `prop` may be: (value, groups of fields); the case whose group of
    # fields is all present is chosen, `((),)` being a default that takes any such object. An object
    # that fits none or more than one is no case (as JSON Schema's oneOf says).
    untagged: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()
    # Whether a member of a kind no case names is kept as a dict (else the event is unknown).
    keep_unknown: bool = True
    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "object"

    def members(self) -> list[str]:
        out: list[str] = []
        for _, case in self.cases:
            if isinstance(case, ObjRef):
                out.append(case.name)
            else:
                out.extend(case.members())
        return out

    def parts(self) -> tuple[Part, ...]:
        return tuple(("case", value, case) for value, case in self.cases)


@dataclass(frozen=True)
class Union:
    """Values told apart by their JSON kind: at most one branch per kind."""

    branches: tuple[TypeExpr, ...]
    name: str | None = None
    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "union"

    def parts(self) -> tuple[Part, ...]:
        return tuple(("branch", b.kind, b) for b in self.branches)


@dataclass(frozen=True)
class Nullable:
    inner: TypeExpr
    tristate: str | None = None
    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "nullable"

    def parts(self) -> tuple[Part, ...]:
        return (("inner", "inner", self.inner),)


TypeExpr = Str | Int | Num | Bool | AnyObject | Array | Map | ObjRef | Dispatch | Union | Nullable


@dataclass(frozen=True)
class Visit:
    """One expression met by `walk`: the expressions above it, outermost first, and how each step
    went down (`item`, `value`, `inner`, `branch`, `case`)."""

    expr: TypeExpr
    parents: tuple[TypeExpr, ...] = ()
    hows: tuple[str, ...] = ()


def walk(
    expr: TypeExpr, parents: tuple[TypeExpr, ...] = (), hows: tuple[str, ...] = ()
) -> Iterator[Visit]:
    """Every expression inside `expr`, itself first (the one traversal of type expressions)."""
    yield Visit(expr, parents, hows)
    for how, _, part in expr.parts():
        yield from walk(part, (*parents, expr), (*hows, how))


def object_names(expr: TypeExpr) -> list[str]:
    """The named objects a value of this type may be (through null, unions and dispatch)."""
    return [
        v.expr.name
        for v in walk(expr)
        if isinstance(v.expr, ObjRef) and "item" not in v.hows and "value" not in v.hows
    ]


# --- named things ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cross:
    """Where a field lives in the other dialect's counterpart object: `x-ga` on a beta model's
    property, `x-beta` on a GA model's (for what the beta side does not already say)."""

    path: tuple[str, ...] | None  # keys in the counterpart object; None when it has none
    convert: str | None = None  # `x-convert`: the named value conversion on the way
    note: str | None = None  # `x-no-counterpart`: why, when the counterpart lacks it
    one_way: bool = False  # `x-one-way`: read beta -> GA only (another field is the way back)


@dataclass(frozen=True)
class Field:
    wire: str
    attr: str
    type: TypeExpr
    required: bool
    description: str | None = None
    const: str | None = None  # a required string const: the object's identity (type, role, object)
    # A string const, required or not: what a union may dispatch on. Where it is optional the
    # object may come without it, and a union site says how it is then told (`Dispatch.untagged`).
    tag: str | None = None
    # `deprecated: true` on the property: what to say when the field is given.
    deprecated: str | None = None
    # `x-ga` / `x-beta`: where the field lives in the other dialect.
    cross: Cross | None = None
    # `x-same-as`: another field of the same object (a path of keys) that must say the same when
    # both are given, and the rule id of the finding when they do not (`x-rules`).
    same_as: tuple[tuple[str, ...], str] | None = None
    # `x-audio-format`: the field gives the session's "input" and/or "output" audio format.
    audio_format: tuple[str, ...] | None = None
    # `x-audio-rate`: the field gives the sample rate of the session's "input"/"output" audio.
    audio_rate: tuple[str, ...] | None = None
    # `x-values-name`: the catalogue's name for the field's known values, as a Literal type.
    values_name: str | None = None


@dataclass(frozen=True)
class ObjectType:
    name: str
    fields: tuple[Field, ...]
    source: Source
    description: str | None = None
    # additionalProperties: false (extras are still kept; validation reports them)
    closed: bool = False
    # `anyOf` of `required` lists: at least one of these groups of fields is present. Validation
    # checks it; the codec does not (the fields are optional one by one).
    require_any: tuple[tuple[str, ...], ...] = ()

    def field(self, wire: str) -> Field | None:
        for f in self.fields:
            if f.wire == wire:
                return f
        return None


@dataclass(frozen=True)
class Event:
    dialect: str
    direction: str
    wire: str
    object: str  # ObjectType name
    # Set when `wire` is another name for the event whose canonical type is `alias_of` (`x-aliases`).
    alias_of: str | None = None
    # The field that carries the event's audio, base64 PCM16 (`x-audio`).
    audio: str | None = None
    # What must have been announced before it (`x-scope`): "response", "item" or "part".
    scope: str | None = None
    # A delta event's done event and the field of it that repeats the deltas' sum (`x-stream`).
    stream: tuple[str, str] | None = None
    # What the event starts (`x-opens`): "session", "response", "item" or "part".
    opens: str | None = None
    # What the event ends (`x-closes`): "response".
    closes: str | None = None
    # A JSON Pointer to its field naming an earlier client event's event_id (`x-client-event`).
    client_event: str | None = None
    # Fields that must agree (`x-same-as` in its objects): (pointer of the object, field, the
    # field it repeats, both as dotted paths, rule id).
    agree: tuple[tuple[str, str, str, str], ...] = ()
    # Where it gives the session's audio formats (`x-audio-format` in its objects): (input or
    # output, JSON Pointer).
    formats: tuple[tuple[str, str], ...] = ()
    rates: tuple[tuple[str, str], ...] = ()  # where it gives their sample rates (`x-audio-rate`)
    # The member object whose fields tell this event's dialect from another's (`x-sniff`).
    sniff: str | None = None
    # A state change it reports (`x-transition`): (machine, the states it may follow, None for
    # "none yet", the state it enters).
    transition: tuple[str, tuple[str | None, ...], str] | None = None
    # The format its audio is always in, whatever the session says (`x-audio-as`): the format
    # object's items, and the field whose presence makes it so (None: always).
    audio_as: tuple[tuple[tuple[str, Any], ...], str | None] | None = None
    # How a beta event is said in GA (`x-ga-event`): (GA type, member object, GA case or None).
    ga_event: tuple[str, str, str | None] | None = None


@dataclass(frozen=True)
class Body:
    """A REST request or response body, or a webhook payload (`x-endpoint`, `x-body`)."""

    endpoint: str  # "POST /realtime/client_secrets", "webhook realtime.call.incoming"
    body: str  # "request" | "response" | "webhook"
    name: str  # the file's title: its class, or a type alias when the file is a lone $ref
    type: TypeExpr
    source: Source
    closed: bool = False  # `x-closed`: the server refuses fields it does not know in this body

    @property
    def alias(self) -> bool:
        return not (isinstance(self.type, ObjRef) and self.type.name == self.name)


@dataclass(frozen=True)
class Crossing:
    """A beta event said in GA with another type or another shape of its member object."""

    direction: str
    beta: str  # the beta type
    ga: str  # the GA type
    member: str  # the object that changes shape ("session", "response")
    beta_model: str
    ga_model: str
    tag: str | None = None  # the GA member's discriminator, when GA tells cases apart
    case: str | None = None  # its value for this crossing


@dataclass(frozen=True)
class Shape:
    """How one object maps to its counterpart in the other dialect, by paths of keys."""

    source: str
    target: str
    rules: tuple[tuple[tuple[str, ...], tuple[str, ...], str | None], ...]  # from, to, convert
    refuse: tuple[tuple[tuple[str, ...], str | None], ...]  # source paths with no counterpart
    drop: tuple[str, ...] = ()  # source fields the event type says instead (a discriminator)
    needs: tuple[str, ...] = ()  # fields the target requires, beside its discriminator


@dataclass
class Model:
    objects: dict[str, ObjectType] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    inputs_hash: str = ""
    # (dialect, direction) pairs whose union document says `x-closed`: the server refuses a field
    # it does not know, so validation reports one in every object with named fields.
    closed: set[tuple[str, str]] = field(default_factory=set)
    # Base dialects that auto mode tells apart by the names only they have (`x-auto`).
    auto: list[str] = field(default_factory=list)
    # Where a dialect's client connects (`x-websocket`): its paths and required query parameters.
    websockets: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    crossings: list[Crossing] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    # `x-ga-values`: a beta string enum's values as the GA JSON objects they stand for, by title.
    value_maps: dict[str, dict[str, Any]] = field(default_factory=dict)
    # `x-audio-encoding`: audio format `type` -> (bytes per sample, rate when not given, whether
    # the format may say another rate).
    encodings: dict[str, tuple[int, int, bool]] = field(default_factory=dict)
    # Every dialect, the overlay dialects last; and the schema files the overlays' materializing
    # made (their copies of base files, their union documents), by path, for the runtime registry.
    dialects: tuple[str, ...] = ()
    prefixes: dict[str, str] = field(default_factory=dict)  # an overlay dialect's class prefix
    bases: dict[str, str] = field(default_factory=dict)  # an overlay dialect's base dialect
    materialized: dict[str, dict[str, Any]] = field(default_factory=dict)

    def event_table(self, dialect: str, direction: str, *, aliases: bool = False) -> list[Event]:
        """The events of one dialect and direction by wire type; with `aliases`, also the other
        names they are received under."""
        return sorted(
            (
                e
                for e in self.events
                if e.dialect == dialect
                and e.direction == direction
                and (aliases or e.alias_of is None)
            ),
            key=lambda e: e.wire,
        )

    def field_at(self, name: str, path: tuple[str, ...]) -> Field | None:
        """The field a path of keys reaches from object `name`, through nested objects."""
        obj: ObjectType | None = self.objects[name]
        found: Field | None = None
        for key in path:
            if obj is None:
                return None
            found = obj.field(key)
            if found is None:
                return None
            inner = found.type
            while isinstance(inner, Nullable):
                inner = inner.inner
            obj = self.objects[inner.name] if isinstance(inner, ObjRef) else None
        return found

    def aliased_objects(self) -> set[str]:
        """Event classes that may arrive under another name, and so remember the name they came by."""
        return {e.object for e in self.events if e.alias_of is not None}

    def event_objects(self) -> set[str]:
        return {e.object for e in self.events}
