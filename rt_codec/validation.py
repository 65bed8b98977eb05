"""Validation: the schemas, base64, size and cross-field rules, reported as Violations.

`validate_server_event(data)` and `validate_client_event(data)` take bytes, str, a dict or a decoded
event object and return a list of `Violation(path, rule, message)`; an empty list means valid. They
never raise for bad data.

Each event is first checked by the predicate the generator emits from its schema (rt_codec/_generated/
valid.py), which says only yes or no. For a "no", jsonschema, with the same schemas and a keyword for
`contentEncoding: base64`, says where and why; so the findings are jsonschema's, and the fast path is
tested to agree with it (tests/test_validation_properties.py).
"""

from __future__ import annotations

import functools
import itertools
import keyword
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final, TypeVar

import orjson
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from rt_codec import catalogue, rules
from rt_codec._base64 import b64_ok, b64_problems, decoded_size
from rt_codec._generated import valid as _valid
from rt_codec._hints import unknown_field
from rt_codec._reading import MAX_FINDINGS, read_object, screen, too_many
from rt_codec._runtime import EVENT_CLASSES, DecodeError, EncodeError, json_kind, json_pointer
from rt_codec._schemas import event_schema_paths, load_registry, uri_of
from rt_codec._violation import Violation
from rt_codec.codec import decode_table, not_an_event

DISCRIMINATORS: Final = catalogue.DISCRIMINATORS  # what the schemas' unions dispatch on
# The rule ids validation gives besides `schema.<keyword>`, the schemas' `x-rules`, base64's and the
# reader's: an event object that cannot be encoded, and the notes (deprecated fields and values).
RULES: Final = frozenset({"encode"})
NOTE_IDS: Final = frozenset({"deprecated.field", "deprecated.value"})
_T = TypeVar("_T")
_SHOWN: Final = 48


# --- small helpers ------------------------------------------------------------------------------


def shown(value: object) -> str:
    """A short rendering of a value for a message; long values are cut, never copied whole."""
    if isinstance(value, str):
        if len(value) > _SHOWN:
            return f"{value[:_SHOWN]!r}... ({len(value)} characters)"
        return repr(value)
    if isinstance(value, (dict, list)):
        return (
            f"{json_kind(value)} of {len(value)} {'fields' if isinstance(value, dict) else 'items'}"
        )
    text = repr(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "..."


# --- jsonschema with our keywords ------------------------------------------------------------------
# The stock keyword functions put the whole offending value into their messages; with a 15 MiB
# audio string that is a 15 MiB message. These give short messages, and the base64 keyword.


class RuleError(ValidationError):
    """A failure that names its own rule id (the base64 checks)."""

    def __init__(self, message: str, rule: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.rule = rule


def _type(
    validator: Validator, types: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    names = [types] if isinstance(types, str) else list(types)
    if not any(validator.is_type(instance, t) for t in names):
        yield ValidationError(f"Expected {' or '.join(names)}, got {json_kind(instance)}")


def _enum(
    validator: Validator, enums: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not any(_equal(instance, e) for e in enums):
        choices = ", ".join(repr(e) for e in enums[:12]) + (", ..." if len(enums) > 12 else "")
        yield ValidationError(f"{shown(instance)} is not one of {choices}")


def _const(
    validator: Validator, const: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not _equal(instance, const):
        yield ValidationError(f"{shown(instance)} is not {const!r}")


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but true is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def _max_length(
    validator: Validator, m: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and len(instance) > m:
        yield ValidationError(f"String of {len(instance)} characters is longer than {m}")


def _min_length(
    validator: Validator, m: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and len(instance) < m:
        yield ValidationError(f"String of {len(instance)} characters is shorter than {m}")


def _pattern(validator: Validator, p: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and _compiled(p)(instance) is None:
        yield ValidationError(f"{shown(instance)} does not match {p!r}")


@functools.cache
def _compiled(pattern: str) -> Callable[[str], Any]:
    import re

    return re.compile(pattern).search


def _minimum(validator: Validator, m: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "number") and instance < m:
        yield ValidationError(f"{shown(instance)} is less than the minimum {m}")


def _maximum(validator: Validator, m: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "number") and instance > m:
        yield ValidationError(f"{shown(instance)} is more than the maximum {m}")


def _min_items(
    validator: Validator, m: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "array") and len(instance) < m:
        yield ValidationError(f"Array of {len(instance)} items has fewer than {m}")


def _max_items(
    validator: Validator, m: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "array") and len(instance) > m:
        yield ValidationError(f"Array of {len(instance)} items has more than {m}")


def _required(
    validator: Validator, names: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "object"):
        for name in names:
            if name not in instance:
                yield ValidationError(f"Missing required field `{name}`")


def _additional(
    validator: Validator, extra: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object") or extra is not False:
        yield from validators.Draft202012Validator.VALIDATORS["additionalProperties"](
            validator, extra, instance, schema
        )
        return
    known = schema.get("properties", {})
    for name in instance:
        if name not in known:
            yield ValidationError(unknown_field(schema.get("title"), name, known), path=[name])


def _closed_properties(
    validator: Validator, properties: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    """`properties` where the server refuses what it does not know (`x-closed`): also every field
    the object does not name, with where it belongs when that is known."""
    yield from Draft202012Validator.VALIDATORS["properties"](
        validator, properties, instance, schema
    )
    if not validator.is_type(instance, "object") or "additionalProperties" in schema:
        return
    for name in instance:
        if name not in properties:
            yield ValidationError(
                unknown_field(schema.get("title"), name, properties),
                validator="additionalProperties",
                validator_value=False,
                path=[name],
            )


def _alternatives(
    validator: Validator, subschemas: Any, instance: Any
) -> tuple[list[int], list[ValidationError]]:
    valid, errors = [], []
    for index, subschema in enumerate(subschemas):
        # Bounded: an alternative with a hundred thousand problems is told by its first ones.
        found = list(
            itertools.islice(
                validator.descend(instance, subschema, schema_path=index),  # type: ignore[attr-defined]
                MAX_FINDINGS + 1,
            )
        )
        if found:
            errors.extend(found)
        else:
            valid.append(index)
    return valid, errors


def _any_of(
    validator: Validator, subschemas: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    valid, errors = _alternatives(validator, subschemas, instance)
    if not valid:
        yield ValidationError("Matches none of the alternatives", context=errors)


def _one_of(
    validator: Validator, subschemas: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    valid, errors = _alternatives(validator, subschemas, instance)
    if not valid:
        yield ValidationError("Matches none of the alternatives", context=errors)
    elif len(valid) > 1:
        absent = [p for p in DISCRIMINATORS if isinstance(instance, dict) and p not in instance]
        if absent and any(isinstance(s, dict) and "anyOf" in s for s in subschemas):
            # Members that may come without their discriminator, told by their fields: here the
            # fields fit more than one.
            yield ValidationError(
                f"Missing `{absent[0]}`, and the fields present fit more than one kind"
            )
        else:
            yield ValidationError(f"Matches alternatives {valid}, where exactly one must match")


def _content_encoding(
    validator: Validator, encoding: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if encoding != "base64" or not validator.is_type(instance, "string") or b64_ok(instance):
        return
    for rule, message in b64_problems(instance):
        yield RuleError(message, rule)


RealtimeValidator = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    {
        "type": _type,
        "enum": _enum,
        "const": _const,
        "maxLength": _max_length,
        "minLength": _min_length,
        "pattern": _pattern,
        "minimum": _minimum,
        "maximum": _maximum,
        "minItems": _min_items,
        "maxItems": _max_items,
        "additionalProperties": _additional,
        "required": _required,
        "anyOf": _any_of,
        "oneOf": _one_of,
        "contentEncoding": _content_encoding,
    },
)


# Where the server refuses fields it does not know (`x-closed` on the union document).
ClosedValidator = validators.extend(  # type: ignore[no-untyped-call]
    RealtimeValidator, {"properties": _closed_properties}
)


@functools.cache
def schema_validator(
    dialect: str, direction: str, wire: str, closed: bool | None = None
) -> Validator:
    """The jsonschema validator of one event type, built once: closed (every field the schemas do
    not name is a finding) where the union document says `x-closed`, or as `closed` says."""
    rel = event_schema_paths(dialect, direction)[wire]
    registry = load_registry(keep_dialect=False)
    if closed is None:
        closed = (dialect, direction) in _valid.CLOSED
    kind = ClosedValidator if closed else RealtimeValidator
    validator: Validator = kind({"$ref": uri_of(rel)}, registry=registry)
    return validator


# --- from jsonschema errors to findings ------------------------------------------------------------


def _rules_out(errors: list[ValidationError]) -> bool:
    """Whether an alternative's errors show the value is not of its kind at all (wrong JSON type,
    another discriminator), rather than a member of it with something wrong inside."""
    for error in errors:
        rel = list(error.relative_path)
        if error.validator == "type" and not rel:
            return True
        if error.validator in ("const", "enum") and len(rel) == 1 and rel[0] in DISCRIMINATORS:
            return True
        if error.validator == "required" and not rel and _missing_name(error) in DISCRIMINATORS:
            return True
        nested_union = error.validator in ("oneOf", "anyOf") and not rel and error.context
        if nested_union and _custom_rule(error) is None:
            # A member that may come without its discriminator when some fields are there
            # (`anyOf` of `required` beside its $ref): none of them are, so it is not this one.
            if error.validator == "anyOf" and _selection_failed(error):
                return True
            if _selected(error) is None:
                return True
    return False


def _selection_failed(error: ValidationError) -> bool:
    """Whether an anyOf error is a union member's selection (`required` groups, one of them a
    discriminator) finding none of its groups present."""
    context = error.context or []
    return all(
        sub.validator == "required" and not list(sub.relative_path) for sub in context
    ) and any(_missing_name(sub) in DISCRIMINATORS for sub in context)


def _missing_name(error: ValidationError) -> str | None:
    instance, required = error.instance, error.validator_value
    if isinstance(instance, dict) and isinstance(required, list):
        for name in required:
            if name not in instance:
                return str(name)
    return None


def _selected(error: ValidationError) -> list[ValidationError] | None:
    """The errors of the one alternative of a union the value belongs to, if there is one."""
    groups: dict[int, list[ValidationError]] = defaultdict(list)
    for sub in error.context or ():
        groups[int(sub.relative_schema_path[0])].append(sub)
    candidates = [errors for errors in groups.values() if not _rules_out(errors)]
    return candidates[0] if len(candidates) == 1 else None


def _union_finding(error: ValidationError) -> Violation:
    """A value that belongs to no alternative of a union: say by which property or kind."""
    where = list(error.absolute_path)
    instance = error.instance
    rule = f"schema.{error.validator}"
    groups: dict[int, list[ValidationError]] = defaultdict(list)
    for sub in error.context or ():
        groups[int(sub.relative_schema_path[0])].append(sub)
    if isinstance(instance, dict):
        for sub in error.context or ():
            missing = _missing_name(sub) if sub.validator == "required" else None
            if missing in DISCRIMINATORS and not list(sub.relative_path):
                return Violation(
                    json_pointer(where), "schema.required", f"Missing required field `{missing}`"
                )
        for errors in groups.values():
            # The alternative whose `type` matched is itself a union (messages, by `role`).
            nested = errors[0]
            is_union = nested.validator in ("oneOf", "anyOf") and not list(nested.relative_path)
            if len(errors) == 1 and is_union and nested.context and not _type_mismatch(nested):
                return _union_finding(nested)
        expected: dict[str, list[object]] = defaultdict(list)
        _collect_expected(error, expected)
        for prop in DISCRIMINATORS:
            if prop in expected and prop in instance:
                choices = ", ".join(repr(v) for v in expected[prop])
                return Violation(
                    json_pointer([*where, prop]),
                    rule,
                    f"Unknown `{prop}` {shown(instance[prop])}; expected one of {choices}",
                )
    kinds: list[str] = []
    for sub in error.context or ():
        if sub.validator == "type" and not list(sub.relative_path):
            names: Any = sub.validator_value
            kinds.extend(
                n for n in ([names] if isinstance(names, str) else names) if n not in kinds
            )
    if kinds and json_kind(instance) not in kinds:
        return Violation(
            json_pointer(where),
            "schema.type",
            f"Expected {' or '.join(kinds)}, got {json_kind(instance)}",
        )
    return Violation(json_pointer(where), rule, str(error.message))


def _type_mismatch(error: ValidationError) -> bool:
    """Whether the alternatives of a union all reject the value's `type`."""
    for sub in error.context or ():
        rel = list(sub.relative_path)
        if sub.validator in ("const", "enum") and rel == ["type"]:
            return True
    return False


def _collect_expected(error: ValidationError, expected: dict[str, list[object]]) -> None:
    """The discriminator values a union's alternatives (and the unions among them) accept."""
    for sub in error.context or ():
        rel = list(sub.relative_path)
        if sub.validator in ("const", "enum") and len(rel) == 1 and rel[0] in DISCRIMINATORS:
            values: Any = sub.validator_value
            for value in values if sub.validator == "enum" else [values]:
                if value not in expected[str(rel[0])]:
                    expected[str(rel[0])].append(value)
        elif sub.validator in ("oneOf", "anyOf") and not rel:
            _collect_expected(sub, expected)


def _custom_rule(error: ValidationError) -> str | None:
    """The rule id a schema gives its keyword's failures in `x-rules`, if it gives one."""
    custom = error.schema.get("x-rules") if isinstance(error.schema, Mapping) else None
    rule = custom.get(error.validator) if isinstance(custom, Mapping) else None
    return str(rule) if rule is not None else None


def _finding(error: ValidationError) -> Violation:
    where = json_pointer(error.absolute_path)
    if isinstance(error, RuleError):
        return Violation(where, error.rule, str(error.message))
    rule = _custom_rule(error)
    if rule == "audio.max_bytes" and isinstance(error.instance, str):
        size = decoded_size(error.instance)
        most = int(error.validator_value)  # type: ignore[arg-type]
        limit = most // 4 * 3
        if size > limit:
            message = f"Audio of {size} bytes is more than the {limit} bytes (15 MiB) one append may carry"
        else:  # not whole base64 (reported on its own): the text itself is over the length
            message = (
                f"Audio text of {len(error.instance)} characters is longer than the {most} "
                f"characters that carry {limit} bytes (15 MiB), the most one append may carry"
            )
        return Violation(where, rule, message)
    if rule == "tool.mcp_server":
        label = error.instance.get("server_label") if isinstance(error.instance, dict) else None
        return Violation(
            where,
            rule,
            f"MCP tool {shown(label)} names no server: give server_url, connector_id or tunnel_id",
        )
    if rule == "modalities.one" and isinstance(error.instance, list):
        return Violation(
            where,
            rule,
            f"Output modalities are exactly one of text or audio (both cannot be asked for), "
            f"not {len(error.instance)}",
        )
    if rule == "temperature.range":
        return Violation(where, rule, f"Temperature {shown(error.instance)} is outside 0.6 to 1.2")
    if rule == "audio.pcm_rate":
        return Violation(where, rule, f"audio/pcm is always 24000 Hz, not {shown(error.instance)}")
    if rule is not None:
        return Violation(where, str(rule), str(error.message))
    return Violation(where, f"schema.{error.validator}", str(error.message))


def iter_schema_findings(errors: Iterable[ValidationError]) -> Iterator[Violation]:
    """Findings from jsonschema's errors, lazily: a caller that stops early stops the checking."""
    for error in errors:
        if _custom_rule(error) is not None:
            yield _finding(error)
        elif error.validator in ("oneOf", "anyOf") and error.context:
            chosen = _selected(error)
            if chosen is None:
                yield _union_finding(error)
            else:
                yield from iter_schema_findings(chosen)
        else:
            yield _finding(error)


def schema_findings(
    errors: Iterable[ValidationError], limit: int = MAX_FINDINGS
) -> list[Violation]:
    """At most `limit` findings, then one `findings.limit` finding; checking stops there."""
    out = list(itertools.islice(iter_schema_findings(errors), limit + 1))
    if len(out) > limit:
        out[limit:] = [too_many(None)]
    return out


# --- reading the input ---------------------------------------------------------------------------


def read(data: object) -> tuple[dict[str, Any] | None, list[Violation]]:
    """The event as a dict, and what was wrong with reading it; never raises for bad data."""
    if isinstance(data, dict):
        return data, []
    if isinstance(data, (bytes, bytearray, memoryview, str)):
        raw = bytes(data) if isinstance(data, (bytearray, memoryview)) else data
        return read_object(raw)
    wire = getattr(type(data), "_wire", None)
    if wire is None or type(data) not in EVENT_CLASSES:
        accepted = "bytes, str, a dict or an rt_codec event"
        return None, [Violation("", "json", not_an_event(data, accepted))]
    try:
        value = wire(data)
    except (EncodeError, AttributeError, TypeError, ValueError, RecursionError) as exc:
        # A mis-built object: say where, when the encoder knows.
        where = str(getattr(exc, "pointer", ""))
        reason = str(getattr(exc, "reason", exc))
        name = type(data).__name__
        return None, [Violation(where, "encode", f"The {name} cannot be encoded: {reason}")]
    if not isinstance(value, dict):
        return None, [Violation("", "json", f"Expected a JSON object, got {json_kind(value)}")]
    return value, []


# --- entry points --------------------------------------------------------------------------------

_FAST: Final = _valid.TABLES
_loads = orjson.loads
_dumps = orjson.dumps
# Other names an event arrives under (`x-aliases`): checked as the event they name.
_ALIASES: Final = catalogue.ALIASES


def type_finding(event: dict[str, Any]) -> Violation | None:
    """What is wrong with an event's `type` when it is not a string; None when it is one."""
    wire = event.get("type")
    if isinstance(wire, str):
        return None
    if "type" not in event:
        return Violation("", "schema.required", "Missing required field `type`")
    return Violation("/type", "schema.type", f"Expected string, got {json_kind(wire)}")


# --- notes: what is valid today but worth knowing ---------------------------------------------------

NOTE_RULES: Final = ("deprecated.",)


def is_note(violation: Violation) -> bool:
    """Whether a finding is a note (a deprecated field or value) rather than something wrong."""
    return violation.rule.startswith(NOTE_RULES)


def _places(
    value: Any, path: tuple[str, ...], at: list[str | int]
) -> Iterator[tuple[list[str | int], Any]]:
    """The values a generated path (DEPRECATED, OPEN_ENUMS) names in an event, with their place;
    '*' is every array item or map value."""
    if "*" not in path:  # the common case, without recursion
        node = value
        for key in path:
            if type(node) is not dict or key not in node:
                return
            node = node[key]
        yield [*at, *path], node
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _places(item, rest, [*at, index])
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from _places(item, rest, [*at, key])
    elif isinstance(value, dict) and head in value:
        yield from _places(value[head], rest, [*at, head])


def _entries(
    table: Mapping[str, tuple[_T, ...]], event: dict[str, Any], aliases: Mapping[str, str]
) -> tuple[_T, ...]:
    """An event's entries in a per-type table, by its type or the type it is another name for:
    two dictionary lookups for the many events a table does not name."""
    wire = event.get("type")
    if type(wire) is not str:
        return ()
    found = table.get(wire)
    if found is None and wire in aliases:
        found = table.get(aliases[wire])
    return found or ()


def _canonical(event: dict[str, Any], dialect: str, direction: str) -> str | None:
    wire = event.get("type")
    return _ALIASES[dialect, direction].get(wire, wire) if isinstance(wire, str) else None


def deprecations(event: dict[str, Any], dialect: str, direction: str) -> list[Violation]:
    """The deprecated fields (`deprecated.field`) and values (`deprecated.value`, a model with an
    announced shutdown) an event uses, as the schemas mark them; at most MAX_FINDINGS."""
    out: list[Violation] = []
    aliases = _ALIASES[dialect, direction]
    for path, note, values in _entries(_valid.DEPRECATED[dialect, direction], event, aliases):
        for at, value in _places(event, path, []):
            if len(out) >= MAX_FINDINGS:
                return out
            if note is not None:
                message = f"`{path[-1]}` is deprecated: {note}"
                out.append(Violation(json_pointer(at), "deprecated.field", message))
            elif isinstance(value, str) and value in values:
                message = f"{shown(value)} is deprecated: {values[value]}"
                out.append(Violation(json_pointer(at), "deprecated.value", message))
    return out


Place = tuple[str | int, ...]  # a place in an event: keys and array indexes


def drift(event: dict[str, Any], dialect: str, direction: str) -> list[str]:
    """Where a valid event carries fields the schemas do not name, as JSON Pointers (at most
    MAX_FINDINGS): in server events, the API's additive changes. Empty when every object's fields
    are all known, or when the event is not valid."""
    return [json_pointer(place) for place in _drift(event, dialect, direction)]


def _drift(event: dict[str, Any], dialect: str, direction: str) -> list[Place]:
    wire = _canonical(event, dialect, direction)
    closed = _valid.CLOSED_TABLES[dialect, direction].get(wire)  # type: ignore[arg-type]
    if closed is None or wire is None:
        return []
    if wire != event["type"]:
        event = {**event, "type": wire}
    try:
        if closed(event):
            return []
    except RecursionError:
        return []
    return _unknown_fields(event, dialect, direction, wire)


def _unknown_fields(event: dict[str, Any], dialect: str, direction: str, wire: str) -> list[Place]:
    """Where an event of canonical type `wire` carries fields the schemas do not name."""
    try:
        # Decoded at once (None: leniently, nothing left for later), to walk every object.
        decoded = decode_table(dialect, direction)[wire](event, None)
    except (DecodeError, RecursionError):
        return []
    # The decoder keeps each object's unknown fields in `_extra`: walk the decoded tree for them,
    # without recursion, in time linear in the event.
    out: list[Place] = []
    stack: list[tuple[Any, Place]] = [(decoded, ())]
    while stack and len(out) < MAX_FINDINGS:
        value, at = stack.pop()
        if isinstance(value, list):
            stack.extend((item, (*at, index)) for index, item in reversed(list(enumerate(value))))
            continue
        names = _wire_names(value.__class__)
        if names is None:
            continue  # a plain JSON value: a free-form object, or a member of a kind not known
        extra = value._extra
        if extra:
            out.extend(itertools.islice(((*at, key) for key in extra), MAX_FINDINGS - len(out)))
        for attr, key in reversed(names):
            stack.append((getattr(value, attr), (*at, key)))
    return out[:MAX_FINDINGS]


@functools.cache
def _wire_names(cls: Any) -> tuple[tuple[str, str], ...] | None:
    """A generated model's (attribute, wire name) pairs; None for anything else. A wire name that
    is a Python keyword has an attribute with `_` after it."""
    declared = getattr(cls, "__dataclass_fields__", None)
    if declared is None or "_extra" not in declared:
        return None
    out = []
    for attr in declared:
        if attr.startswith("_"):
            continue
        bare = attr[:-1]
        key = (
            bare
            if attr.endswith("_") and (keyword.iskeyword(bare) or keyword.issoftkeyword(bare))
            else attr
        )
        out.append((attr, key))
    return tuple(out)


def new_values(event: dict[str, Any], dialect: str, direction: str) -> list[tuple[str, str]]:
    """(JSON Pointer, value) of each string in an event that the schemas know values for but not
    this one, where new values are welcome (a new voice or model name in a server event)."""
    return [(json_pointer(at), value) for at, value in _new_values(event, dialect, direction)]


def _new_values(event: dict[str, Any], dialect: str, direction: str) -> list[tuple[Place, str]]:
    out: list[tuple[Place, str]] = []
    table = _valid.OPEN_ENUMS.get((dialect, direction), {})
    for path, known in _entries(table, event, _ALIASES[dialect, direction]):
        for at, value in _places(event, path, []):
            if isinstance(value, str) and value not in known and len(out) < MAX_FINDINGS:
                out.append((tuple(at), value))
    return out


def validate(data: object, dialect: str, direction: str, *, notes: bool = False) -> list[Violation]:
    """Every finding for one event of the given dialect and direction; [] when it is valid.
    At most MAX_FINDINGS findings, then one `findings.limit` finding, and checking stops. With
    `notes`, also the deprecated fields and values it uses (rules `deprecated.*`, see `is_note`),
    within the same bound."""
    return _validate(data, dialect, direction, notes)


def _validate(data: object, dialect: str, direction: str, notes: bool) -> list[Violation]:
    """`validate`, called with no keyword argument (a keyword-only default costs each call ~40 ns
    more in CPython: the `validate_*` functions call this)."""
    event: dict[str, Any] | None = None
    if type(data) is bytes or type(data) is str:
        # Parsed once for both roads: compact text as orjson writes it lost no duplicate key and
        # no integer beyond 64 bits in parsing, so only other text needs `screen`, as `read` does.
        try:
            parsed = _loads(data)
            compact = type(parsed) is dict and _dumps(parsed) == (
                data if type(data) is bytes else data.encode()  # type: ignore[union-attr]
            )
        except (orjson.JSONDecodeError, TypeError, UnicodeEncodeError):
            parsed, compact = None, False
        if type(parsed) is dict:
            event = parsed
            if compact:
                road = _ROADS.get((dialect, direction))
                if not notes and road is not None and road(parsed):
                    return []
                found: list[Violation] = []
            else:
                found = screen(data, parsed)
    if event is None:
        event, found = read(data)
        if event is None:
            return found
    found = _check(event, dialect, direction, None, found)
    if notes and len(found) < MAX_FINDINGS:
        found += deprecations(event, dialect, direction)[: MAX_FINDINGS - len(found)]
    return found


def _short_road(dialect: str, direction: str) -> Callable[[dict[str, Any]], bool]:
    """Whether a parsed event of this dialect and direction (from compact text: see `_validate`)
    is valid, by the shortest road: of a type known under its own name, that its predicate and the
    rules that cross fields find nothing wrong with. False sends `validate` the long way, which
    says what is wrong; it never decides a verdict alone."""
    fast = _FAST[dialect, direction]
    ruled = rules.ruled(dialect, direction)
    check = rules.check

    def road(event: dict[str, Any]) -> bool:
        wire = event.get("type")
        test = fast.get(wire) if type(wire) is str else None
        if test is None:  # unknown, or another name (`x-aliases`): the long way
            return False
        try:
            if not test(event):
                return False
            return wire not in ruled or not check(dialect, direction, wire, event)
        except RecursionError:
            return False

    return road


_ROADS: Final = {pair: _short_road(*pair) for pair in _FAST}


def _noted(dialect: str, direction: str) -> frozenset[str]:
    """The event types (and their other names) that may hold a deprecated or open-ended value."""
    types = set(_valid.DEPRECATED[dialect, direction]) | set(
        _valid.OPEN_ENUMS.get((dialect, direction), {})
    )
    aliases = _ALIASES[dialect, direction]
    return frozenset(types | {alias for alias, wire in aliases.items() if wire in types})


# Per dialect and direction, what `inspect` reads: the predicates it tries first (closed ones, also
# where objects stay open: a valid event that carries nothing new passes at once), whether drift is
# looked for, and the types that may hold a deprecated or open-ended value.
_INSPECT: Final = {
    pair: (_valid.CLOSED_TABLES[pair], pair not in _valid.CLOSED, _noted(*pair))
    for pair in _valid.TABLES
}


def passes(event: dict[str, Any], dialect: str, direction: str) -> bool:
    """Whether a parsed event is valid in a dialect, by the generated predicates alone (closed
    where the dialect's union document says `x-closed`) and the rules that cross fields: the
    cheap question, with no findings built."""
    wire = event.get("type")
    if type(wire) is not str:
        return False
    canonical = _ALIASES[dialect, direction].get(wire, wire)
    tables = _valid.CLOSED_TABLES if (dialect, direction) in _valid.CLOSED else _FAST
    test = tables[dialect, direction].get(canonical)
    if test is None:
        return False
    if canonical != wire:
        event = {**event, "type": canonical}  # a shallow copy: the payload is not copied
    try:
        return bool(test(event)) and not rules.check(dialect, direction, canonical, event)
    except RecursionError:
        return False


def inspect(
    event: dict[str, Any], dialect: str, direction: str
) -> tuple[list[Violation], list[Place], list[tuple[Place, str]]]:
    """What `rt-codec validate` needs of a parsed event: `validate(event, notes=True)`; and where
    objects stay open (not `x-closed`) and the event is otherwise valid, its `drift` and its
    `new_values` (places as tuples of keys and indexes). A valid event that carries nothing new
    costs one predicate call (the closed one) and, unless its type can hold a deprecated or
    open-ended value, nothing more."""
    closed, open_, noted = _INSPECT[dialect, direction]
    wire = event.get("type")
    if type(wire) is not str:
        return validate(event, dialect, direction, notes=True), [], []
    test = closed.get(wire)
    try:
        passed = test is not None and test(event)
    except RecursionError:  # told as a finding below
        passed = False
    if passed:
        found = rules.check(dialect, direction, wire, event)
        drifted: list[Place] = []
    else:
        drifted = []
        found = _check(event, dialect, direction, drifted if open_ else None, [])
    values: list[tuple[Place, str]] = []
    if wire in noted:
        if len(found) < MAX_FINDINGS:
            found += deprecations(event, dialect, direction)[: MAX_FINDINGS - len(found)]
        if open_ and not found:
            values = _new_values(event, dialect, direction)
    return found, drifted, values


def _check(
    event: dict[str, Any],
    dialect: str,
    direction: str,
    drifted: list[Place] | None,
    found: list[Violation],
) -> list[Violation]:
    """`found` (what reading the event found) and the findings for the parsed event, at most
    MAX_FINDINGS in all; with `drifted`, also where a valid event carries fields the schemas do
    not name (added to it)."""
    wire = event.get("type")
    if not isinstance(wire, str):
        return [*found, type_finding(event)]  # type: ignore[list-item]  # not a str: a finding
    fast = _FAST[dialect, direction].get(wire)
    if fast is None and wire in _ALIASES[dialect, direction]:
        wire = _ALIASES[dialect, direction][wire]
        event = {**event, "type": wire}  # a shallow copy: the payload is not copied
        fast = _FAST[dialect, direction][wire]
    if fast is None:
        return [
            *found,
            Violation(
                "/type",
                "event.unknown_type",
                f"No {dialect} {direction} event has type {shown(wire)}",
            ),
        ]
    room = MAX_FINDINGS - len(found)
    try:
        if room <= 0:
            pass
        elif not fast(event):
            checker = schema_validator(dialect, direction, wire)
            found += schema_findings(checker.iter_errors(event), room)
        elif drifted is not None:  # valid; `inspect` tried the closed predicate already
            drifted += _unknown_fields(event, dialect, direction, wire)
    except RecursionError:
        found.append(Violation("", "json", "Nesting too deep to check"))
    if len(found) < MAX_FINDINGS:
        found += rules.check(dialect, direction, wire, event)
    if len(found) > MAX_FINDINGS:
        last = found[MAX_FINDINGS]  # the reading's own summary, with its count, when it made one
        found[MAX_FINDINGS:] = [last if last.rule == "findings.limit" else too_many(None)]
    return found


EventValidator = Callable[..., list[Violation]]


def dialect_validators(dialect: str, label: str) -> tuple[EventValidator, EventValidator]:
    """`validate_server_event` and `validate_client_event` of one dialect (its module names them)."""

    def validate_server_event(data: object, *, notes: bool = False) -> list[Violation]:
        return _validate(data, dialect, "server", notes)

    def validate_client_event(data: object, *, notes: bool = False) -> list[Violation]:
        return _validate(data, dialect, "client", notes)

    for function, direction in (
        (validate_server_event, "server"),
        (validate_client_event, "client"),
    ):
        function.__doc__ = (
            f"Findings for one {label} {direction} event; see `rt_codec.validation.validate`."
        )
    return validate_server_event, validate_client_event


def validate_server_event(data: object, *, notes: bool = False) -> list[Violation]:
    """Every finding for one server event of the realtime dialect (GA): the schema, base64,
    size and cross-field checks, as `Violation(path, rule, message)`; [] when it is valid. Takes
    bytes, str, a dict or a decoded event object and never raises for bad data; with `notes`,
    also the deprecated fields and values it uses (see `validate`)."""
    return _validate(data, "realtime", "server", notes)


def validate_client_event(data: object, *, notes: bool = False) -> list[Violation]:
    """Every finding for one client event of the realtime dialect (GA; the server refuses unknown fields, so they are findings): the schema, base64,
    size and cross-field checks, as `Violation(path, rule, message)`; [] when it is valid. Takes
    bytes, str, a dict or a decoded event object and never raises for bad data; with `notes`,
    also the deprecated fields and values it uses (see `validate`)."""
    return _validate(data, "realtime", "client", notes)


def validate_translation_server_event(data: object, *, notes: bool = False) -> list[Violation]:
    """Every finding for one server event of the translation dialect (the translation sessions): the schema, base64,
    size and cross-field checks, as `Violation(path, rule, message)`; [] when it is valid. Takes
    bytes, str, a dict or a decoded event object and never raises for bad data; with `notes`,
    also the deprecated fields and values it uses (see `validate`)."""
    return _validate(data, "translation", "server", notes)


def validate_translation_client_event(data: object, *, notes: bool = False) -> list[Violation]:
    """Every finding for one client event of the translation dialect (the translation sessions): the schema, base64,
    size and cross-field checks, as `Violation(path, rule, message)`; [] when it is valid. Takes
    bytes, str, a dict or a decoded event object and never raises for bad data; with `notes`,
    also the deprecated fields and values it uses (see `validate`)."""
    return _validate(data, "translation", "client", notes)


def validate_beta_server_event(data: object, *, notes: bool = False) -> list[Violation]:
    """Every finding for one server event of the beta dialect (`OpenAI-Beta: realtime=v1`): the schema, base64,
    size and cross-field checks, as `Violation(path, rule, message)`; [] when it is valid. Takes
    bytes, str, a dict or a decoded event object and never raises for bad data; with `notes`,
    also the deprecated fields and values it uses (see `validate`)."""
    return _validate(data, "beta", "server", notes)


def validate_beta_client_event(data: object, *, notes: bool = False) -> list[Violation]:
    """Every finding for one client event of the beta dialect (`OpenAI-Beta: realtime=v1`): the schema, base64,
    size and cross-field checks, as `Violation(path, rule, message)`; [] when it is valid. Takes
    bytes, str, a dict or a decoded event object and never raises for bad data; with `notes`,
    also the deprecated fields and values it uses (see `validate`)."""
    return _validate(data, "beta", "client", notes)


__all__ = [
    "Violation",
    "deprecations",
    "drift",
    "inspect",
    "is_note",
    "new_values",
    "passes",
    "validate",
    "validate_beta_client_event",
    "validate_beta_server_event",
    "validate_client_event",
    "validate_server_event",
    "validate_translation_client_event",
    "validate_translation_server_event",
]
