"""Converting events between the beta (`OpenAI-Beta: realtime=v1`) and GA realtime dialects.

The beta protocol keeps its session settings flat and names audio formats by strings; GA nests them
under `audio.input` / `audio.output` and spells formats as objects. A few events were renamed
(`response.audio.delta` is `response.output_audio.delta` in GA) and the rest are the same in both.

    import rt_codec
    from rt_codec import beta
    from rt_codec.convert import ConversionError, beta_to_ga, ga_to_beta

    event = beta.decode_client_event(b'{"type": "session.update", "session": {"voice": "marin"}}')
    ga = beta_to_ga(event)  # SessionUpdateEvent, session.audio.output.voice == "marin"
    rt_codec.encode_event(ga)
    back = ga_to_beta(ga)  # BetaSessionUpdateEvent again

Nothing is dropped on the way: a setting the target dialect cannot express raises ConversionError,
whose `.pointer` is a JSON Pointer into the source event. Fields neither dialect knows (`_extra`) go
across at the same level. `None` (JSON null) and omitted stay distinct: `turn_detection: null` is
still null afterwards. Empty `audio` objects of a GA event carry no setting and have no beta form.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Final, TypeAlias, get_args

from rt_codec import catalogue
from rt_codec._generated import decode as _decode
from rt_codec._generated import decode_beta as _decode_beta
from rt_codec._generated.conversions import beta_to_ga, ga_to_beta
from rt_codec._generated.types import RealtimeClientEvent, RealtimeServerEvent
from rt_codec._generated.types_beta import BetaClientEvent, BetaServerEvent
from rt_codec._runtime import (
    DecodeError,
    UnknownEvent,
    json_pointer,
    located,
    pending_fields,
    untagged_case,
)
from rt_codec._schemas import load_schemas
from rt_codec.codec import (
    decode_client_event,
    decode_server_event,
    decoder,
    generated,
    wire_dict,
)

__all__ = ["ConversionError", "beta_to_ga", "ga_to_beta"]

Path: TypeAlias = tuple[str | int, ...]  # a JSON Pointer, as keys and indexes
Keys: TypeAlias = tuple[str, ...]  # a field within an object
Json: TypeAlias = dict[str, Any]


class ConversionError(ValueError):
    """An event that cannot be said in the other dialect without losing or changing something.

    `.pointer` is a JSON Pointer into the source event's wire form ("" is the whole event), `.path`
    the same as a tuple, `.event_type` the source event's type and `.reason` the bare message."""

    def __init__(self, reason: str, *, path: Path, event_type: str | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.event_type = event_type

    @property
    def pointer(self) -> str:
        return json_pointer(self.path)

    def __str__(self) -> str:
        return located(self.reason, self.pointer, self.event_type)


# --- bookkeeping for one conversion ----------------------------------------------------------------


@dataclass
class _Ctx:
    """One conversion: the source event's type, and where each output value came from, so that a
    rejection of the output can be reported at the source."""

    event_type: str
    moves: list[tuple[Path, Path, bool]] = field(default_factory=list)

    def fail(self, at: Path, reason: str) -> ConversionError:
        return ConversionError(reason, path=at, event_type=self.event_type)

    def moved(self, to: Path, source: Path, *, inside_too: bool) -> None:
        """Record that the output at `to` came from `source`; `inside_too` when the value went
        across unchanged, so that a path inside it is the same path inside the source."""
        self.moves.append((to, source, inside_too))

    def source_of(self, path: Path) -> Path:
        best: tuple[Path, Path, bool] | None = None
        for move in self.moves:
            to = move[0]
            if path[: len(to)] == to and (best is None or len(to) > len(best[0])):
                best = move
        if best is None:
            return path
        to, source, inside_too = best
        return source + path[len(to) :] if inside_too else source


Convert: TypeAlias = Callable[[_Ctx, Any, Path], Any]


@dataclass(frozen=True)
class _Rule:
    to: Keys  # where the value goes in the target object; () when the event type already says it
    convert: Convert | None = None


@dataclass(frozen=True)
class _Shape:
    """How one object (a session, a response, ...) maps to its counterpart.

    `rules` are keyed by the path of a source field within the object, so a nested GA field such as
    ("audio", "input", "format") can land on a flat beta one. `refuse` names source fields that have
    no counterpart, with the reason. `source` and `target` are the models, for the names they know:
    an unknown top-level field goes across as it is unless the target knows that name; an unknown
    field inside a nested object has no level to go to in a flat target, and raises."""

    rules: Mapping[Keys, _Rule]
    refuse: Mapping[Keys, str]
    source: type
    target: type
    label: str  # the target object, for messages: "GA session"
    needs: tuple[str, ...] = ()  # fields the target must have

    def containers(self) -> frozenset[Keys]:
        keys = [*self.rules, *self.refuse]
        return frozenset(k[:i] for k in keys for i in range(1, len(k)))


def _names(model: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(model) if not f.name.startswith("_"))


def _remap(ctx: _Ctx, src: Json, at: Path, shape: _Shape, out: Json | None = None) -> Json:
    """The object `src` (found at `at` in the source event) rebuilt as `shape` says."""
    result: Json = {} if out is None else out
    containers = shape.containers()
    source_known = _names(shape.source)
    target_known = _names(shape.target)

    def place(to: Keys, value: Any, origin: Path, exact: bool) -> None:
        node = result
        for key in to[:-1]:
            node = node.setdefault(key, {})
        last = to[-1]
        if last in node:
            if node[last] != value:
                dotted = ".".join(str(k) for k in to)
                raise ctx.fail(
                    origin, f"{shape.label} gets `{dotted}` from two fields with different values"
                )
            return
        node[last] = value
        ctx.moved(at + to, origin, inside_too=exact)

    def walk(obj: Json, rel: Keys) -> None:
        for key, value in obj.items():
            here = (*rel, key)
            origin = at + here
            rule = shape.rules.get(here)
            if rule is not None:
                if rule.to:
                    new = value if rule.convert is None else rule.convert(ctx, value, origin)
                    place(rule.to, new, origin, rule.convert is None)
                continue
            reason = shape.refuse.get(here)
            if reason is not None:
                raise ctx.fail(origin, f"`{key}` {reason}")
            if here in containers and isinstance(value, dict):
                walk(value, here)
                continue
            if rel:
                inside = ".".join(str(k) for k in rel)
                raise ctx.fail(
                    origin,
                    f"`{key}` inside `{inside}` has no place in the {shape.label}, "
                    "which has no such nested object",
                )
            if key in source_known:
                raise ctx.fail(origin, f"`{key}` has no counterpart in the {shape.label}")
            if key in target_known or key in result:
                raise ctx.fail(
                    origin,
                    f"unknown field `{key}` would be read as the {shape.label}'s own `{key}`",
                )
            result[key] = value
            ctx.moved((*at, key), origin, inside_too=True)

    walk(src, ())
    return result


# --- value conversions -----------------------------------------------------------------------------

# Beta audio formats (strings) as the GA format objects they stand for (`x-ga-values`).
_BETA_TO_GA_FORMAT: Final[Mapping[str, Mapping[str, object]]] = catalogue.VALUES["BetaAudioFormat"]
_GA_TO_BETA_FORMAT: Final = {str(ga["type"]): (beta, ga) for beta, ga in _BETA_TO_GA_FORMAT.items()}


def _format_to_ga(ctx: _Ctx, value: Any, at: Path) -> Json:
    if isinstance(value, str) and value in _BETA_TO_GA_FORMAT:
        return dict(_BETA_TO_GA_FORMAT[value])
    raise ctx.fail(at, f"no GA audio format matches the beta format {value!r}")


def _format_to_beta(ctx: _Ctx, value: Any, at: Path) -> str:
    if not isinstance(value, dict):
        raise ctx.fail(at, f"expected an audio format object, got {type(value).__name__}")
    # Without `type`, the format is the one its schema picks for an untagged object (audio/pcm).
    kind = value["type"] if "type" in value else untagged_case(value, _decode._U_AudioFormat)
    found = _GA_TO_BETA_FORMAT.get(kind) if isinstance(kind, str) else None
    if found is None:
        raise ctx.fail((*at, "type"), f"beta has no audio format for {kind!r}")
    name, says = found
    for key, item in value.items():
        if key == "type":
            continue
        if key in says:  # the one value beta's name implies (pcm16 is 24 kHz)
            if item != says[key] or isinstance(item, bool):
                raise ctx.fail(
                    (*at, key),
                    f"beta's {name} has {key} {says[key]!r} only and cannot say {item!r}",
                )
            continue
        raise ctx.fail((*at, key), f"a beta audio format is a bare string and cannot carry `{key}`")
    return name


def _tools_to_beta(ctx: _Ctx, value: Any, at: Path) -> Any:
    for index, tool in enumerate(value):
        kind = None
        if isinstance(tool, dict):  # without `type`, the tool its schema picks (function)
            kind = tool["type"] if "type" in tool else untagged_case(tool, _decode._U_Tool)
        if kind != "function":
            raise ctx.fail((*at, index, "type"), f"beta takes function tools only, not {kind!r}")
    return value


def _modalities_to_ga(ctx: _Ctx, value: Any, at: Path) -> Any:
    """Beta asks for audio with ["text", "audio"] (audio comes with its transcript), GA with
    ["audio"], which means the same; GA takes exactly one (models/response_config.json)."""
    if not isinstance(value, list):
        return value
    if "audio" in value:
        return ["audio"]
    if value == ["text"]:
        return value
    raise ctx.fail(at, f"GA takes exactly one output modality, text or audio; beta says {value!r}")


def _modalities_to_beta(ctx: _Ctx, value: Any, at: Path) -> Any:
    return ["text", "audio"] if value == ["audio"] else value


def _vad_to_ga(ctx: _Ctx, value: Any, at: Path) -> Any:
    """A beta transcription session's VAD may leave out its `type` (the one its union then takes,
    server VAD); GA's needs it."""
    if isinstance(value, dict) and "type" not in value:
        untagged = _decode._U_BetaTranscriptionSession_turn_detection
        return {"type": untagged_case(value, untagged), **value}
    return value


# --- the mapping, from the schemas -----------------------------------------------------------------
# Which beta events GA says differently and how each paired object's fields map are schema data
# (`x-ga-event`, `x-ga`, `x-beta`, `x-convert`, `x-no-counterpart`, `x-one-way`), checked by the
# generator: a field added to either side is mapped, refused with a reason, or a generator error.

# Value conversions named by `x-convert`: (beta -> GA, GA -> beta); None passes the value as it is.
_CONVERSIONS: Final[Mapping[str, tuple[Convert | None, Convert | None]]] = {
    "audio_format": (_format_to_ga, _format_to_beta),
    "modalities": (_modalities_to_ga, _modalities_to_beta),
    "tools": (None, _tools_to_beta),
    "vad_type": (_vad_to_ga, None),
}


def _label(cls: str, dialect: str) -> str:
    """What messages call an object: "GA session", "beta response config"."""
    words = re.findall(r"[A-Z][a-z]*", cls)
    words = [w.lower() for w in words if w not in ("Beta", "Realtime")]
    if words[-2:] == ["session", "config"]:
        words = words[:-1]
    return f"{dialect} {' '.join(words)}"


def _shape(source: str, target: str) -> _Shape:
    data = catalogue.SHAPES[source, target]
    to_ga = any(c.beta_model == source for c in catalogue.CROSSINGS.values())
    label = _label(target, "GA" if to_ga else "beta")
    rules: dict[Keys, _Rule] = {}
    for origin, to, name in data.rules:
        convert = None if name is None else _CONVERSIONS[name][0 if to_ga else 1]
        rules[origin] = _Rule(to, convert)
    for key in data.drop:
        rules[(key,)] = _Rule(())  # said by the event type instead
    refuse = {path: note or f"has no counterpart in the {label}" for path, note in data.refuse}
    return _Shape(rules, refuse, generated(source), generated(target), label, data.needs)


_SHAPES: Final = {key: _shape(*key) for key in catalogue.SHAPES}


def field_hints() -> dict[str, dict[str, str]]:
    """For validation's message about a field a client object does not know: where the other
    dialect's field lives in this one, by class name (`voice` in a GA session is
    `audio.output.voice`), read from the mapping."""
    return _FIELD_HINTS


def _field_hints() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    pairs = {
        (c.beta_model, c.ga_model) for c in catalogue.CROSSINGS.values() if c.direction == "client"
    }
    for beta_model, ga_model in sorted(pairs):
        shape = _SHAPES[beta_model, ga_model]  # beta fields met in a GA object
        hints = out.setdefault(ga_model, {})
        for keys, rule in shape.rules.items():
            if rule.to and rule.to != keys:
                hints[keys[0]] = f"GA has it at `{'.'.join(rule.to)}`"
        for keys, reason in shape.refuse.items():
            hints[keys[0]] = f"it {reason}"
        back = _SHAPES[ga_model, beta_model]  # GA fields met in a beta object
        hints = out.setdefault(beta_model, {})
        nested: dict[str, list[str]] = {}
        for keys, rule in back.rules.items():
            if len(keys) > 1 and rule.to:
                nested.setdefault(keys[0], []).append(rule.to[0])
            elif rule.to and rule.to != keys:
                hints[keys[0]] = f"beta calls it `{rule.to[0]}`"
        for key, flat in nested.items():
            hints[key] = "beta sets these at the top level: " + ", ".join(f"`{f}`" for f in flat)
        for keys, reason in back.refuse.items():
            hints.setdefault(keys[0], f"it {reason}")
    return out


_FIELD_HINTS: Final = _field_hints()


# --- events ----------------------------------------------------------------------------------------

Handler: TypeAlias = Callable[[_Ctx, Json], Json]


def _with_object(
    ctx: _Ctx, wire: Json, key: str, new_type: str, shape: _Shape, start: Json
) -> Json:
    """The event with its type renamed and its `key` object remapped, starting from `start` (the
    GA session's discriminator goes first)."""
    out = dict(wire)
    out["type"] = new_type
    if key in wire:
        out[key] = _remap(ctx, wire[key], (key,), shape, dict(start) if start else None)
        for name in shape.needs:
            if isinstance(out[key], dict) and name not in out[key]:
                raise ctx.fail((key,), f"the {shape.label} needs `{name}`, which this {key} lacks")
    return out


@functools.cache
def _event_id_max(direction: str, ga_type: str) -> int | None:
    """The GA event's `maxLength` on event_id, from its schema (decoding does not check lengths)."""
    info = catalogue.lookup("realtime", direction, ga_type)
    if info is None:
        return None
    node = load_schemas()[info.schema]["properties"].get("event_id", {})
    limit = node.get("maxLength")
    return limit if isinstance(limit, int) else None


def _short_event_id(ctx: _Ctx, wire: Json, direction: str, ga_type: str) -> None:
    event_id = wire.get("event_id")
    limit = _event_id_max(direction, ga_type)
    if isinstance(event_id, str) and limit is not None and len(event_id) > limit:
        raise ctx.fail(("event_id",), f"GA {ga_type} event ids are at most {limit} characters")


def _to_ga(crossing: catalogue.Crossing) -> Handler:
    shape = _SHAPES[crossing.beta_model, crossing.ga_model]
    start = {crossing.tag: crossing.case} if crossing.tag is not None else {}

    def convert(ctx: _Ctx, wire: Json) -> Json:
        _short_event_id(ctx, wire, crossing.direction, crossing.ga)
        return _with_object(ctx, wire, crossing.member, crossing.ga, shape, start)

    return convert


def _to_beta(crossings: list[catalogue.Crossing]) -> Handler:
    """One GA event back to beta: which beta event, when GA has cases, by its member's tag."""
    member, tag = crossings[0].member, crossings[0].tag
    by_case = {c.case: (c, _SHAPES[c.ga_model, c.beta_model]) for c in crossings}

    def convert(ctx: _Ctx, wire: Json) -> Json:
        obj = wire.get(member)
        case = obj.get(tag) if tag is not None and isinstance(obj, dict) else None
        if case not in by_case:
            raise ctx.fail(
                (member, tag or ""), f"no beta {member} matches a {member} of {tag} {case!r}"
            )
        crossing, shape = by_case[case]
        return _with_object(ctx, wire, member, crossing.beta, shape, {})

    return convert


def _rename(new_type: str) -> Handler:
    def convert(ctx: _Ctx, wire: Json) -> Json:
        return {**wire, "type": new_type}

    return convert


# Server events that only changed their name, beta name -> GA name: the schemas' `x-aliases`.
_RENAMED: Final[Mapping[str, str]] = catalogue.ALIASES["realtime", "server"]


def _handlers() -> tuple[dict[str, dict[str, Handler]], dict[str, dict[str, Handler]]]:
    to_ga: dict[str, dict[str, Handler]] = {d: {} for d in catalogue.DIRECTIONS}
    to_beta: dict[str, dict[str, Handler]] = {d: {} for d in catalogue.DIRECTIONS}
    grouped: dict[tuple[str, str], list[catalogue.Crossing]] = {}
    for (direction, beta_type), crossing in catalogue.CROSSINGS.items():
        to_ga[direction][beta_type] = _to_ga(crossing)
        grouped.setdefault((direction, crossing.ga), []).append(crossing)
    for (direction, ga_type), crossings in grouped.items():
        to_beta[direction][ga_type] = _to_beta(crossings)
    for old, new in _RENAMED.items():
        to_ga["server"][old] = _rename(new)
        to_beta["server"][new] = _rename(old)
    return to_ga, to_beta


_B2G, _G2B = _handlers()


@dataclass(frozen=True)
class _Dialect:
    name: str
    decoders: Mapping[str, Callable[..., Any]]
    tables: Mapping[str, Mapping[str, Any]]  # canonical type -> decoder, per direction
    aliases: Mapping[str, Mapping[str, str]]
    classes: Mapping[str, frozenset[type]]
    handlers: Mapping[str, Mapping[str, Handler]]  # conversions out of this dialect


def _members(union: Any) -> frozenset[type]:
    return frozenset(get_args(union))


_BETA: Final = _Dialect(
    name="beta",
    decoders={"client": decoder("beta", "client"), "server": decoder("beta", "server")},
    tables={"client": _decode_beta.BETA_CLIENT, "server": _decode_beta.BETA_SERVER},
    aliases={d: catalogue.ALIASES["beta", d] for d in catalogue.DIRECTIONS},
    classes={"client": _members(BetaClientEvent), "server": _members(BetaServerEvent)},
    handlers=_B2G,
)
_GA: Final = _Dialect(
    name="GA",
    decoders={"client": decode_client_event, "server": decode_server_event},
    tables={"client": _decode.REALTIME_CLIENT, "server": _decode.REALTIME_SERVER},
    aliases={d: catalogue.ALIASES["realtime", d] for d in catalogue.DIRECTIONS},
    classes={"client": _members(RealtimeClientEvent), "server": _members(RealtimeServerEvent)},
    handlers=_G2B,
)


def _typed(event: object, source: _Dialect) -> tuple[Any, str]:
    """The event as a typed event of `source`, and its direction."""
    if isinstance(event, dict):
        kind = event.get("type")
        client = source.tables["client"].keys() | source.aliases["client"].keys()
        direction = "client" if kind in client else "server"
        try:
            event = source.decoders[direction](event, strict=True)
        except DecodeError as exc:
            raise ConversionError(
                f"not a valid {source.name} event: {exc.reason}",
                path=exc.path,
                event_type=kind if isinstance(kind, str) else None,
            ) from exc
    if isinstance(event, UnknownEvent):
        why = f": {event.error.reason}" if event.error is not None else ""
        raise ConversionError(
            f"no {source.name} event of type {event.type!r} is known{why}",
            path=("type",) if event.error is None else event.error.path,
            event_type=event.type,
        )
    for name in pending_fields(event):  # a lenient decode's nested values: read (and checked) now
        try:
            getattr(event, name)
        except DecodeError as exc:
            raise ConversionError(
                f"not a valid {source.name} event: {exc.reason}",
                path=exc.path,
                event_type=exc.event_type,
            ) from exc
    for direction in ("client", "server"):
        if type(event) in source.classes[direction]:
            return event, direction
    raise TypeError(f"{type(event).__name__} is not a {source.name} event")


def _convert(event: object, source: _Dialect, target: _Dialect) -> Any:
    typed, direction = _typed(event, source)
    kind: str = typed.type  # the canonical name, also for an event that came under an alias
    ctx = _Ctx(kind)
    wire = copy.deepcopy(wire_dict(typed))
    wire["type"] = kind
    handler = source.handlers[direction].get(kind)
    if handler is not None:
        out = handler(ctx, wire)
    elif kind in target.tables[direction]:
        out = wire
    else:
        raise ctx.fail(("type",), f"`{kind}` has no counterpart in the {target.name} protocol")
    try:
        result = target.decoders[direction](out, strict=True)
    except DecodeError as exc:
        raise ctx.fail(
            ctx.source_of(exc.path), f"the {target.name} event would be invalid: {exc.reason}"
        ) from exc
    if isinstance(result, UnknownEvent):  # not reached: every handler names a known type
        raise ctx.fail(("type",), f"`{kind}` has no counterpart in the {target.name} protocol")
    return result


def _beta_to_ga(event: object) -> Any:
    """beta_to_ga's work (rt_codec._generated.conversions types it, class by class)."""
    return _convert(event, _BETA, _GA)


def _ga_to_beta(event: object) -> Any:
    """ga_to_beta's work (rt_codec._generated.conversions types it, class by class)."""
    return _convert(event, _GA, _BETA)
