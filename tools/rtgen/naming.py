"""Names derived from the wire and the schemas: one place, tested by tables in tests/test_generator.py.

Generated helpers and constants are named after the schema that defines them, their *home*:

- a whole schema reached by `$ref` (a union, a string enum, a map in a file of its own): its title,
  or else its file's name in PascalCase (`Tool`, `BetaAudioFormat`, `Metadata`);
- a schema written inside an object's property: `Object_property`, then `_item` for array items,
  `_value` for map values, `_<kind>` for a union's alternative of that JSON kind (`_string`,
  `_object`, ...) and `_<value>` for a nested dispatch's case; null around a schema adds nothing.

A helper that its thing describes completely is named by that instead, and shared: a kind word for
a value without enum or limits (`str`, `int`, `num`, `bool`, `json_object`), a class name, and
`list_of_`, `map_of_` or `optional_` before such a name. Two different things asking for one name is
a NameClash that names both schemas; nothing is renamed silently.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from rtgen.model import ObjectType, TypeExpr

_SEPARATORS = re.compile(r"[._/\-]+")
_NOT_IDENTIFIER = re.compile(r"[^0-9A-Za-z_]+")


def pascal(text: str) -> str:
    """`output_audio.delta` -> `OutputAudioDelta`; capitals inside a word are kept (`MCPCall`)."""
    return "".join(part[:1].upper() + part[1:] for part in _SEPARATORS.split(text) if part)


def event_class_name(wire_type: str, dialect: str) -> str:
    """`response.output_audio.delta` -> `ResponseOutputAudioDeltaEvent`; the translation dialect's
    events get a `Translation` prefix, since several share a wire type with the realtime dialect."""
    prefix = "" if dialect == "realtime" else pascal(dialect)
    return f"{prefix}{pascal(wire_type)}Event"


def identifier(text: str) -> str:
    """A label from a schema (a property, a discriminator value) as part of a Python name."""
    return _NOT_IDENTIFIER.sub("_", text).strip("_")


class NameClash(Exception):
    """Two different generated things would have one name."""


@dataclass(frozen=True)
class Home:
    """The schema a type expression comes from: `name` for generated names, `where` for errors."""

    name: str
    where: str

    @staticmethod
    def of_field(obj: ObjectType, wire: str, attr: str, expr: TypeExpr) -> Home:
        return whole(expr) or Home(f"{obj.name}_{attr}", f"{obj.source}/properties/{wire}")

    @staticmethod
    def of(expr: TypeExpr, name: str, where: str) -> Home:
        """The home of a root expression (a REST body), `name` where it is no whole schema."""
        return whole(expr) or Home(name, where)

    def part(self, how: str, label: str, expr: TypeExpr) -> Home:
        """The home of `expr`, reached from this one by a step of `TypeExpr.parts()`."""
        own = whole(expr)
        if own is not None:
            return own
        if how == "inner":
            return self
        where = {
            "item": f"{self.where}/items",
            "value": f"{self.where}/additionalProperties",
        }.get(how, f"{self.where} ({label} {'alternative' if how == 'branch' else 'case'})")
        return Home(f"{self.name}_{identifier(label)}", where)


def whole(expr: TypeExpr) -> Home | None:
    """The home of an expression that is a whole schema reached by `$ref`; None for one inside."""
    src = expr.source
    if src is None:
        return None
    title = getattr(expr, "name", None) or src.title  # a class, a union's or an enum's title
    if not title:
        stem = posixpath.splitext(posixpath.basename(src.file))[0]
        title = "_".join(filter(None, [pascal(stem), identifier(src.pointer.replace("/", "_"))]))
    return Home(title, str(src))


class Names:
    """The names one generated module defines: a name stands for one thing (a helper's expression,
    a constant's code); asked for again with the same thing it is shared, with another it is an
    error."""

    def __init__(self, module: str, shared: Names | None = None) -> None:
        self.module = module
        self._taken: dict[str, tuple[object, str]] = {}
        # The names of the modules generated from the same emitter's output (types*.py): a name
        # means one thing in all of them, though each module defines what it uses.
        self.shared = shared

    def claim(self, name: str, thing: object, where: str) -> bool:
        """True the first time `name` is claimed (the caller then writes its definition)."""
        found = self._taken.get(name)
        if found is not None and found[0] != thing:
            raise NameClash(
                f"{self.module}: {name} would stand for two different schemas, {found[1]} and "
                f"{where}: rename a property or give one a title"
            )
        if self.shared is not None:
            self.shared.claim(name, thing, where)
        if found is None:
            self._taken[name] = (thing, where)
            return True
        return False
