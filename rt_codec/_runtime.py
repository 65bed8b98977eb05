"""What generated code leans on: the UNSET sentinel, DecodeError, UnknownEvent, short reprs."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from json.encoder import encode_basestring as _quote
from typing import Any, Final, Literal, TypeGuard, TypeVar, final

_REPR_LIMIT: Final = 160


@final
class Unset:
    """The type of `UNSET`: a field that was left out, as opposed to one that is `null` (`None`)."""

    __slots__ = ()
    _instance: Unset | None = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = object.__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:  # `if value:` narrows `X | Unset` to `X` under mypy
        return False

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()

_T = TypeVar("_T")


def is_set(value: _T | Unset) -> TypeGuard[_T]:
    """Whether a field was given (it may still be `None`, an explicit `null`):
    `if is_set(event.response.usage): ...` narrows away `Unset` for a type checker too."""
    return value is not UNSET


def json_pointer(parts: Iterable[object]) -> str:
    """Keys and indexes as a JSON Pointer ("" is the whole document)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def located(reason: str, pointer: str, event_type: str | None) -> str:
    """An error message with its place: ``reason - at `/pointer` in `event.type` ``."""
    where = pointer or "/"
    if event_type is not None:
        return f"{reason} - at `{where}` in `{event_type}`"
    return f"{reason} - at `{where}`"


_Located = TypeVar("_Located", bound="LocatedError")


class LocatedError(ValueError):
    """An error about one place in an event: `.path` holds the keys and indexes down to it,
    `.pointer` renders them as a JSON Pointer ("" is the whole event), `.reason` says what is
    wrong there, and `.event_type` names the event when it is known."""

    def __init__(self, message: str, *, event_type: str | None = None) -> None:
        super().__init__(message)
        self.reason = message
        self.event_type = event_type
        self._reversed_path: list[str | int] = []

    def within(self: _Located, key: str | int) -> _Located:
        """Adds the key of the enclosing value, as the error travels up; returns self to re-raise."""
        self._reversed_path.append(key)
        return self

    @property
    def path(self) -> tuple[str | int, ...]:
        return tuple(reversed(self._reversed_path))

    @property
    def pointer(self) -> str:
        return json_pointer(reversed(self._reversed_path))

    def __str__(self) -> str:
        return located(self.reason, self.pointer, self.event_type)


class DecodeError(LocatedError):
    """Input that is not a well-formed event."""


class EncodeError(LocatedError):
    """An event object that cannot be written as JSON: a value of the wrong JSON kind for its field,
    a non-finite number, a foreign `type`, or an `_extra` key that shadows a field."""

    def __str__(self) -> str:
        if not self._reversed_path and self.event_type is None:
            return self.reason  # not about a place (not an event at all)
        return super().__str__()


def quoted(text: str, limit: int = 64) -> str:
    """A value quoted for a message: escaped as Python writes it, cut at `limit` with its length."""
    if len(text) > limit:
        return f"{text[:limit]!r}... ({len(text)} characters)"
    return repr(text)


def named(key: str, limit: int = 48) -> str:
    """A field name for a message, in backticks; a long one cut, with its length."""
    if len(key) > limit:
        return f"`{key[:limit]}`... ({len(key)} characters)"
    return f"`{key}`"


def json_kind(value: object) -> str:
    """The JSON type of a parsed value, as JSON Schema names it."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "boolean"
    return _KINDS.get(type(value), type(value).__name__)


_KINDS: Final = {str: "string", int: "integer", float: "number", list: "array", dict: "object"}


def type_error(value: object, expected: str, key: str | int | None) -> DecodeError:
    error = DecodeError(f"Expected `{expected}`, got `{json_kind(value)}`")
    if key is not None:
        error.within(key)
    return error


def is_integral(value: object) -> bool:
    """A float that JSON Schema counts as an integer (1.0); kept as written."""
    return isinstance(value, float) and value.is_integer()


def missing(exc: KeyError) -> DecodeError:
    return DecodeError(f"Object missing required field `{exc.args[0]}`")


def enum_error(value: object, allowed: Iterable[object], key: str | int | None) -> DecodeError:
    shown = _short(value)
    choices = ", ".join(sorted(repr(v) for v in allowed))
    error = DecodeError(f"Invalid value {shown}, expected one of {choices}")
    if key is not None:
        error.within(key)
    return error


def const_error(value: object, expected: str, key: str) -> DecodeError:
    return DecodeError(f"Invalid value {_short(value)}, expected {expected!r}").within(key)


# A union's members that may come without their discriminator: (value, groups of fields), as
# `untagged_case` reads them.
Untagged = tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]


# Where a deprecated field or value may be in an event (generated `valid.DEPRECATED`): the path of
# field names ('*' for any array item or map value), what to say when the field is given (None: only
# some values are deprecated), and deprecated value -> what to say.
Deprecation = tuple[tuple[str, ...], str | None, dict[str, str]]
# Where a string with known values may carry a new one (generated `valid.OPEN_ENUMS`): the path, as
# for Deprecation, and the values known there.
OpenEnum = tuple[tuple[str, ...], frozenset[str]]


def _members_present(value: dict[str, Any], cases: Untagged) -> list[str]:
    """The members whose group of fields an object without its discriminator has."""
    return [case for case, groups in cases if any(all(n in value for n in g) for g in groups)]


def untagged_case(value: dict[str, Any], cases: Untagged) -> str | None:
    """The one member an object without its discriminator is, by the fields it has; None when no
    member's fields are there, or more than one's."""
    fits = _members_present(value, cases)
    return fits[0] if len(fits) == 1 else None


def untagged_decode(
    value: dict[str, Any],
    strict: bool | None,
    cases: Untagged,
    decoders: dict[str, Callable[[Any, bool | None], Any]],
    prop: str,
) -> Any:
    """An object without its discriminator, decoded as the member JSON Schema's oneOf takes: the
    one whose fields are there; where several members' fields are, the one of them it decodes as.
    None or several: kept raw (as `unknown_case` says)."""
    fits = _members_present(value, cases)
    if len(fits) == 1:
        return decoders[fits[0]](value, strict)
    chosen = []
    for case in fits:
        try:
            chosen.append(decoders[case](value, strict))
        except DecodeError:
            continue
    if len(chosen) == 1:
        return chosen[0]
    return unknown_case(value, UNSET, prop, strict, True)


def tag_needed(wire: dict[str, Any], prop: str, cases: Untagged, tag: str) -> None:
    """Refuses a model whose discriminator was left UNSET where, without it, the object would read
    as another member or none (the union needs it there)."""
    if tag not in _members_present(wire, cases):
        raise EncodeError(
            f"`{prop}` is left out, and without it this object does not read as {tag!r} here"
        )


def untagged_ok(
    value: dict[str, Any], cases: Untagged, tests: dict[str, Callable[[Any], bool]]
) -> bool:
    """Whether exactly one member takes an object without its discriminator: JSON Schema's oneOf,
    where a member whose group of fields is missing rejects it."""
    return sum(1 for case in _members_present(value, cases) if tests[case](value)) == 1


def unknown_case(
    value: dict[str, Any], tag: object, prop: str, strict: bool | None, untagged: bool = False
) -> dict[str, Any]:
    """An object whose discriminator names no known shape, or (`untagged`: where members may come
    without it) that has none and whose fields do not tell which it is: kept raw, so the event
    around it stays typed, unless decoding strictly."""
    if prop not in value:
        if untagged and not strict:
            return value
        raise DecodeError(f"Object missing required field `{prop}`")
    if not isinstance(tag, str):
        raise type_error(tag, "string", prop)
    if strict:
        raise DecodeError(f"Unknown `{prop}` value {_short(tag)}").within(prop)
    return value


def extras(data: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The fields of `data` that the schema does not name, kept so that encoding loses nothing."""
    return {k: v for k, v in data.items() if k not in known}


# --- encoding: what generated `_wire` methods call when a value is not the protocol ----------------


def kind_error(value: object, expected: str, key: str | int | None) -> EncodeError:
    """A field value of the wrong JSON kind (or not the model class its field names)."""
    if value is UNSET and isinstance(key, str):
        return EncodeError(f"Object missing required field `{key}`")
    if type(value) is dict and expected[:1].isupper():
        got = "a dict: this field takes an rt_codec model object"
    else:
        got = f"`{_kind_of(value)}`"
    error = EncodeError(f"Expected `{expected}`, got {got}")
    if key is not None:
        error.within(key)
    return error


def number_error(value: object, key: str | int | None) -> EncodeError:
    """A number field holding something else, or NaN or an infinity (which JSON cannot write)."""
    if type(value) is not float:
        return kind_error(value, "number", key)
    error = EncodeError(f"Expected a finite `number`, got `{value!r}`")
    if key is not None:
        error.within(key)
    return error


def _fits(value: Any, expected: str) -> bool:
    if expected == "string":
        return type(value) is str
    if expected == "integer":
        return type(value) is int or is_integral(value)
    if expected == "number":
        return type(value) is int or (type(value) is float and value - value == 0.0)
    return value is True or value is False


def item_error(items: list[Any], expected: str) -> EncodeError:
    """The first item of a list of strings, integers, numbers or booleans that is not one."""
    for index, value in enumerate(items):
        if not _fits(value, expected):
            if expected == "number":
                return number_error(value, index)
            return kind_error(value, expected, index)
    raise AssertionError("item_error called on a list whose items fit")


def locate_item(items: list[Any], encode: Callable[[Any], Any]) -> EncodeError:
    """The error of the first item `encode` refuses, with its index."""
    for index, value in enumerate(items):
        try:
            encode(value)
        except EncodeError as error:
            return error.within(index)
    raise AssertionError("locate_item called on a list whose items encode")


def const_mismatch(value: object, expected: str, key: str) -> EncodeError:
    """A `type` (or other identity const) that is not the class's own."""
    return EncodeError(f"Invalid value {_short(value)}, expected {expected!r}").within(key)


def _kind_of(value: object) -> str:
    if value is UNSET:
        return "UNSET"
    if value is None or type(value) in _KINDS or type(value) is bool:
        return json_kind(value)
    return qualified_name(type(value))


def qualified_name(cls: type) -> str:
    """`module.Class`, as an error names a class (two libraries may both have an `XEvent`); rt_codec's
    own classes as `rt_codec.Class`, where users find them."""
    module = cls.__module__
    if module == "rt_codec" or module.startswith("rt_codec."):
        module = "rt_codec"
    elif module == "builtins":
        return cls.__qualname__
    return f"{module}.{cls.__qualname__}"


def free_ok(value: object) -> bool:
    """Whether a free-form value (a JSON Schema, tool input, an unknown field, an item of a kind the
    codec does not know) is plain JSON that can be written exactly: str keys, finite numbers, no
    objects of other types. Iterative, so any depth is fine; `free_error` says where it is not."""
    stack: list[Any] = [value]
    seen = {id(value)}  # containers met: one met twice is shared, or holds itself
    acyclic = False
    while stack:
        v = stack.pop()
        t = type(v)
        if t is dict:
            for k in v:
                if type(k) is not str:
                    return False
            values = v.values()
        elif t is list:
            values = v
        else:
            values = (v,)  # only the value itself can be a scalar here
        for x in values:
            t = type(x)
            if t is str or t is int or t is bool or x is None:
                continue
            if t is dict or t is list:
                if id(x) in seen:  # shared (checked once), or a cycle JSON cannot write
                    if not acyclic:
                        if cycle_path(value) is not None:
                            return False
                        acyclic = True
                    continue
                seen.add(id(x))
                stack.append(x)
            elif t is not float or x - x != 0.0:  # NaN or an infinity, or not JSON at all
                return False
    return True


def cycle_path(value: object) -> tuple[str | int, ...] | None:
    """The path to a dict or list that holds one of the containers it sits in (a value JSON cannot
    write), or None when there is none. Iterative, so any depth is fine."""
    on_path: set[int] = set()
    done: set[int] = set()
    # (container, path, its children still to visit): a frame per open container
    frames: list[tuple[Any, tuple[str | int, ...], Iterator[tuple[str | int, Any]]]] = []

    def children(v: Any) -> Iterator[tuple[str | int, Any]]:
        return iter(v.items()) if type(v) is dict else enumerate(v)

    if type(value) not in (dict, list):
        return None
    on_path.add(id(value))
    frames.append((value, (), children(value)))
    while frames:
        container, path, rest = frames[-1]
        for key, x in rest:
            if type(x) is dict or type(x) is list:
                i = id(x)
                if i in on_path:
                    return (*path, key)
                if i not in done:
                    on_path.add(i)
                    frames.append((x, (*path, key), children(x)))
                    break
        else:
            frames.pop()
            on_path.discard(id(container))
            done.add(id(container))
    return None


def free_error(value: object) -> EncodeError:
    """Why `free_ok(value)` is False, with the path to the first offending value."""
    cycle = cycle_path(value)
    if cycle is not None:
        looped = EncodeError("Expected a JSON value, got a container that holds itself")
        for key in reversed(cycle):
            looped.within(key)
        return looped
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        v, path = stack.pop()
        t = type(v)
        error = None
        if t is float and v - v != 0.0:
            error = EncodeError(f"Expected a finite `number`, got `{v!r}`")
        elif t is dict:
            for k, x in reversed(v.items()):
                if type(k) is not str:
                    error = EncodeError(f"Expected a `string` key, got `{_kind_of(k)}` {_short(k)}")
                    break
                stack.append((x, (*path, k)))
        elif t is list:
            stack.extend((x, (*path, i)) for i, x in reversed(list(enumerate(v))))
        elif not (t is str or t is int or t is bool or t is float or v is None):
            error = EncodeError(f"Expected a JSON value, got `{_kind_of(v)}`")
        if error is not None:
            for key in reversed(path):
                error.within(key)
            return error
    raise AssertionError("free_error called on a value free_ok accepts")


def merge_extra(d: dict[str, Any], extra: object, known: frozenset[str]) -> None:
    """Adds an object's `_extra` (fields the schema does not name) to its wire dict `d`, refusing a
    key that shadows a declared field and values that are not plain JSON."""
    if type(extra) is not dict:
        raise EncodeError(f"Expected `_extra` to be a `dict`, got `{_kind_of(extra)}`")
    if not known.isdisjoint(extra):
        key = next(k for k in extra if k in known)
        raise EncodeError(
            f"`_extra` holds `{key}`, a declared field: set the attribute instead"
        ).within(key)
    for k, x in extra.items():  # mostly strings and numbers: the walker only for the rest
        t = type(x)
        if type(k) is not str or not (t is str or t is int or t is bool or x is None):
            if not free_ok(extra):
                raise free_error(extra)
            break
    d.update(extra)


def raw_member_error(
    value: dict[str, Any], prop: str, cases: dict[str, Any], untagged: bool = False
) -> EncodeError | None:
    """A dict where a union of models is expected: fine (None) when its discriminator names a kind
    the codec does not know, or (`untagged`: where members may come without it) it has none, which
    is how decoding keeps such values; an error when the dict is of a known kind (build the model
    instead), has no string discriminator, or is not plain JSON. `cases` maps a discriminator
    value to the class name, or to (next property, its cases)."""
    while True:
        tag = value.get(prop, UNSET)
        if untagged and tag is UNSET:
            break
        if type(tag) is not str:
            return kind_error(tag, "string", prop)
        case = cases.get(tag)
        if case is None:
            break
        if type(case) is str:
            return EncodeError(f"Expected `{case}`, got `object`")
        prop, cases = case
    if not free_ok(value):
        return free_error(value)
    return None


def dumps_deep(value: Any) -> bytes:
    """Compact JSON (as orjson writes it, up to the spelling of floats) of a plain JSON value at any
    depth: orjson refuses more than 254 levels and the stdlib's encoder recurses, so deep values that
    decoding accepted are written here, without recursion. Raises EncodeError for what JSON cannot say."""
    out: list[str] = []
    # Work items: (True, text to write as is) or (False, a value to write).
    stack: list[tuple[bool, Any]] = [(False, value)]
    while stack:
        literal, v = stack.pop()
        if literal:
            out.append(v)
            continue
        t = type(v)
        if t is str:
            out.append(_quote(v))
        elif v is None:
            out.append("null")
        elif v is True:
            out.append("true")
        elif v is False:
            out.append("false")
        elif t is int:
            out.append(int.__repr__(v))
        elif t is float:
            if v - v != 0.0:
                raise EncodeError(f"Expected a finite `number`, got `{v!r}`")
            out.append(float.__repr__(v))
        elif t is list:
            stack.append((True, "]"))
            for i in range(len(v) - 1, -1, -1):
                stack.append((False, v[i]))
                if i:
                    stack.append((True, ","))
            out.append("[")
        elif t is dict:
            stack.append((True, "}"))
            items = list(v.items())
            for i in range(len(items) - 1, -1, -1):
                k, x = items[i]
                if type(k) is not str:
                    raise EncodeError(f"Expected a `string` key, got `{_kind_of(k)}`")
                stack.append((False, x))
                stack.append((True, _quote(k) + ":"))
                if i:
                    stack.append((True, ","))
            out.append("{")
        else:
            raise EncodeError(f"Expected a JSON value, got `{_kind_of(v)}`")
    try:
        return "".join(out).encode()
    except UnicodeEncodeError as exc:  # a lone surrogate
        raise EncodeError(f"Expected valid Unicode text: {exc.reason}") from None


def encode_value(value: Any) -> Any:
    """A value that may hold event or model objects -> plain JSON values."""
    kind = type(value)
    if kind is list:
        return [encode_value(x) for x in value]
    if kind is dict:
        return {k: encode_value(x) for k, x in value.items()}
    wire = getattr(kind, "_wire", None)
    return value if wire is None else wire(value)


def _short(value: object) -> str:
    text = repr(value)
    if len(text) > _REPR_LIMIT:
        return f"{text[: _REPR_LIMIT - 16]}...({len(text)} chars)"
    return text


def _short_value(value: object) -> str:
    if isinstance(value, str) and len(value) > _REPR_LIMIT:
        return f"<{len(value)} chars: {value[:24]!r}...>"
    if isinstance(value, list) and len(value) > 8:
        return f"[{', '.join(_short_value(v) for v in value[:8])}, ... ({len(value)} items)]"
    return repr(value)


def short_repr(self: object) -> str:
    """A repr that names set fields only and shortens long strings (base64 audio)."""
    parts = []
    for f in fields(self):  # type: ignore[arg-type]
        try:
            value = getattr(self, f.name)
        except DecodeError as exc:  # a nested object that came malformed, read for the first time
            parts.append(f"{f.name}=<not decodable: {exc.reason}>")
            continue
        if value is UNSET or (f.name.startswith("_") and value is None):
            continue
        parts.append(f"{f.name}={_short_value(value)}")
    return f"{type(self).__name__}({', '.join(parts)})"


@final
class UnknownEvent:
    """An event this codec has no class for (or, decoding leniently, one whose shape was wrong).

    `.raw` is the event as it came, so encoding it gives it back unchanged; `.error` holds the
    DecodeError that made a known type unknown, or None when the type itself is new."""

    __slots__ = ("error", "raw", "type")

    def __init__(self, type: str, raw: dict[str, Any], error: DecodeError | None = None) -> None:
        self.type = type
        self.raw = raw
        self.error = error

    @property
    def wire_type(self) -> str:
        """The name on the wire, as for the typed events: here always `type`."""
        return self.type

    def _wire(self) -> dict[str, Any]:
        raw = self.raw
        if type(raw) is not dict:
            raise EncodeError(f"Expected `raw` to be a `dict`, got `{_kind_of(raw)}`")
        if raw.get("type") != self.type:
            raise const_mismatch(raw.get("type", UNSET), self.type, "type")
        if not free_ok(raw):
            raise free_error(raw)
        return raw

    def __repr__(self) -> str:
        extra = f", error={str(self.error)!r}" if self.error is not None else ""
        return f"UnknownEvent(type={self.type!r}, fields={sorted(self.raw)!r}{extra})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UnknownEvent):
            return NotImplemented
        return self.type == other.type and self.raw == other.raw

    __hash__ = None  # type: ignore[assignment]


# Every event class loaded so far, and UnknownEvent: each generated types module adds its own when
# it loads (an instance of a class whose module has not loaded cannot exist).
EVENT_CLASSES: Final[set[type]] = {UnknownEvent}


def at_pointer(event: dict[str, Any], pointer: str) -> Any:
    """The value at a JSON Pointer of plain keys (the catalogue's pointers), or None."""
    node: Any = event
    for key in pointer.split("/")[1:]:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


# --- lazily decoded fields ------------------------------------------------------------------------


@final
class Pending:
    """A field of a leniently decoded event that holds a JSON object or array not decoded yet:
    `raw` is the value as it came, `decode` turns it into the field's value (or raises DecodeError,
    its path starting at the field). Reading the field decodes it once and keeps the result;
    encoding an event whose field was never read writes `raw` as it came."""

    __slots__ = ("decode", "raw")

    decode: Callable[[Any], Any]
    raw: Any


_LAZY: dict[type, dict[str, tuple[str, Callable[[Any], Any]]]] = {}
_STORE: Final = threading.Lock()


def pending_fields(event: object) -> list[str]:
    """The fields of a leniently decoded event that still hold the JSON they came as (decoded when
    first read), in declaration order."""
    found = _LAZY.get(type(event), {}).items()
    return [name for name, (_, get) in found if type(get(event)) is Pending]


def pending_keys(event: object) -> list[str]:
    """The wire names of `pending_fields(event)`."""
    found = _LAZY.get(type(event), {}).values()
    return [wire for wire, get in found if type(get(event)) is Pending]


def copy_tree(value: Any) -> Any:
    """A copy of a JSON value's objects and arrays (what they hold that is neither is shared), without
    recursion."""
    if type(value) is not dict and type(value) is not list:
        return value
    top: Any = dict(value) if type(value) is dict else list(value)
    stack: list[Any] = [top]
    while stack:
        node = stack.pop()
        keys = node.keys() if type(node) is dict else range(len(node))
        for k in keys:
            child = node[k]
            if type(child) is dict or type(child) is list:
                copied = dict(child) if type(child) is dict else list(child)
                node[k] = copied
                stack.append(copied)
    return top


def lazy_field(
    cls: type, name: str, wire: str
) -> tuple[Callable[[Any], Any], Callable[[Any, Any], None]]:
    """Makes field `name` (`wire` on the wire) of the slots dataclass `cls` decode its `Pending`
    value when first read.

    The field's slot is then reached through a property; what this returns reads and writes the
    slot itself (a `Pending` stays one), for decoders and `_wire`."""
    slot = cls.__dict__[name]
    get: Callable[[Any], Any] = slot.__get__
    put: Callable[[Any, Any], None] = slot.__set__
    _LAZY.setdefault(cls, {})[name] = (wire, get)

    def read(self: Any) -> Any:
        value = get(self)
        if type(value) is not Pending:
            return value
        pending = value
        try:
            value = pending.decode(pending.raw)
        except DecodeError as exc:
            if exc.event_type is None:
                exc.event_type = getattr(self, "wire_type", None)
            raise
        except RecursionError:  # as decoding says it
            error = DecodeError("Nesting too deep", event_type=getattr(self, "wire_type", None))
            raise error.within(wire) from None
        # Another thread may have decoded it, or set the field, meanwhile: what they stored stays.
        with _STORE:
            now = get(self)
            if now is not pending:
                return now
            put(self, value)
        return value

    def write(self: Any, value: Any) -> None:
        with _STORE:  # not between a first read's look and its store
            put(self, value)

    read.__name__ = name
    read.__qualname__ = f"{cls.__qualname__}.{name}"
    doc = (
        f"`{name}` (decoded when first read; a malformed value raises DecodeError here, naming "
        "its JSON Pointer)."
    )
    setattr(cls, name, property(read, write, slot.__delete__, doc))
    return get, put
