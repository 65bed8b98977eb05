"""What generated code leans on: the UNSET sentinel, DecodeError, UnknownEvent, short reprs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any, Final, final

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

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()


def json_pointer(parts: Iterable[object]) -> str:
    """Keys and indexes as a JSON Pointer ("" is the whole document)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def located(reason: str, pointer: str, event_type: str | None) -> str:
    """An error message with its place: ``reason - at `/pointer` in `event.type` ``."""
    where = pointer or "/"
    if event_type is not None:
        return f"{reason} - at `{where}` in `{event_type}`"
    return f"{reason} - at `{where}`"


class DecodeError(ValueError):
    """Input that is not a well-formed event. `.path` holds the keys and indexes down to the problem;
    `.pointer` renders them as a JSON Pointer ("" is the whole event)."""

    def __init__(self, message: str, *, event_type: str | None = None) -> None:
        super().__init__(message)
        self.reason = message
        self.event_type = event_type
        self._reversed_path: list[str | int] = []

    def within(self, key: str | int) -> DecodeError:
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


class EncodeError(ValueError):
    """An event object that cannot be written as JSON."""


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


def unknown_case(value: dict[str, Any], tag: object, prop: str, strict: bool) -> dict[str, Any]:
    """An object whose discriminator names no known shape: kept raw, unless decoding strictly."""
    if not isinstance(tag, str):
        if prop not in value:
            raise DecodeError(f"Object missing required field `{prop}`")
        raise type_error(tag, "string", prop)
    if strict:
        raise DecodeError(f"Unknown `{prop}` value {_short(tag)}").within(prop)
    return value


def extras(data: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The fields of `data` that the schema does not name, kept so that encoding loses nothing."""
    return {k: v for k, v in data.items() if k not in known}


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
        value = getattr(self, f.name)
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
        return self.raw

    def __repr__(self) -> str:
        extra = f", error={str(self.error)!r}" if self.error is not None else ""
        return f"UnknownEvent(type={self.type!r}, fields={sorted(self.raw)!r}{extra})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UnknownEvent):
            return NotImplemented
        return self.type == other.type and self.raw == other.raw

    __hash__ = None  # type: ignore[assignment]
