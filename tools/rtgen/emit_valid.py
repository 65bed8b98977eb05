"""The intermediate model -> fast validity predicates: `_ok_X(d)` is True exactly when jsonschema
finds nothing wrong with `d` under X's schema (custom keywords included). They say only yes or no;
when the answer is no, the validation module asks jsonschema where and why."""

from __future__ import annotations

from rtgen.common import header, pairs
from rtgen.kinds import indent, kind
from rtgen.model import Field, Model, ObjectType, ObjRef, Str, TypeExpr, walk
from rtgen.naming import Home, Names, identifier


class ValidEmitter:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.names = Names("valid.py")
        self.helper_code: list[str] = []
        self.constant_code: list[str] = []
        self.tables: list[str] = []
        # Emitting the closed family (`_okc_X`): every object with named fields refuses others.
        self.closed = False

    @property
    def prefix(self) -> str:
        return "_okc_" if self.closed else "_ok_"

    # --- what the kinds ask for ----------------------------------------------------------------

    def constant(self, code: str, name: str, where: str) -> str:
        """`_C_{name} = {code}`."""
        name = f"_C_{name}"
        if self.names.claim(name, code, where):
            self.constant_code.append(f"{name} = {code}")
        return name

    def values(self, values: tuple[object, ...], name: str, where: str) -> str:
        items = ", ".join(sorted(repr(v) for v in values))
        return self.constant(f"frozenset({{{items}}})", name, where)

    def table(self, name: str, lines: list[str]) -> None:
        if self.names.claim(name, tuple(lines), name):
            self.tables.append("\n".join(lines))

    def bad(self, expr: TypeExpr, var: str, home: Home) -> str:
        """A Python expression that is True when `var` is not valid under `expr`."""
        return kind(expr).bad(self, expr, var, home)

    def helper(self, expr: TypeExpr, home: Home) -> str:
        k = kind(expr)
        stem = "_okcv_" if self.closed else "_okv_"
        name = f"{stem}{k.subject(expr, home, 'valid')}"
        if self.names.claim(name, k.key(expr, "valid"), home.where):
            body = k.valid_body(self, expr, home, name)
            self.helper_code.append("\n".join([f"def {name}(v: Any) -> bool:", *indent(body), ""]))
        return name

    def predicate(self, obj: ObjectType) -> str:
        lines = [f"def {self.prefix}{obj.name}(d: dict[str, Any]) -> bool:"]
        body: list[str] = []
        required = [f for f in obj.fields if f.required]
        if required:
            body.append("try:")
            body += [f"    r{i} = d[{f.wire!r}]" for i, f in enumerate(required)]
            body += ["except KeyError:", "    return False"]
            for i, f in enumerate(required):
                var = f"r{i}"
                home = Home.of_field(obj, f.wire, f.attr, f.type)
                test = (
                    f"{var} != {f.const!r}" if f.const is not None else self.bad(f.type, var, home)
                )
                body += [f"if {test}:", "    return False"]
        for f in obj.fields:
            if f.required:
                continue
            test = self.bad(f.type, "v", Home.of_field(obj, f.wire, f.attr, f.type))
            body += [
                f"v = d.get({f.wire!r}, UNSET)",
                f"if v is not UNSET and ({test}):",
                "    return False",
            ]
        if obj.require_any:
            groups = " or ".join(
                "(" + " and ".join(f"{name!r} in d" for name in group) + ")"
                for group in obj.require_any
            )
            body += [f"if not ({groups}):", "    return False"]
        if obj.closed or self.closed:
            fields = tuple(f.wire for f in obj.fields)
            known = self.values(fields, f"keys_{obj.name}", str(obj.source))
            body += [f"if not d.keys() <= {known}:", "    return False"]
        body.append("return True")
        return "\n".join([*lines, *indent(body), ""])

    def emit(self) -> str:
        names = sorted(self.model.objects)
        predicates = [self.predicate(self.model.objects[n]) for n in names]
        tables = ["", "# (endpoint, request|response|webhook) -> predicate of that body."]
        tables.append("REST: dict[tuple[str, str], Callable[[Any], bool]] = {")
        for b in sorted(self.model.bodies, key=lambda b: (b.endpoint, b.body)):
            self.closed = b.closed
            home = Home.of(b.type, b.name, str(b.source))
            tables.append(f"    ({b.endpoint!r}, {b.body!r}): {self.helper(b.type, home)},")
            self.closed = False
        tables.append("}")
        self.closed = True
        predicates += [self.predicate(self.model.objects[n]) for n in names]
        value = "Callable[[dict[str, Any]], bool]"
        tables += ["", "# Event type -> predicate, per dialect and direction: the verdict, closed"]
        tables += ["# where the union document says `x-closed`."]
        lines = ["TABLES: dict[tuple[str, str], dict[str, Callable[[dict[str, Any]], bool]]] = {"]
        closed_lines = [f"CLOSED_TABLES: dict[tuple[str, str], dict[str, {value}]] = {{"]
        for dialect, direction in pairs(self.model):
            events = self.model.event_table(dialect, direction)
            verdict = "_okc_" if (dialect, direction) in self.model.closed else "_ok_"
            lines.append(f"    ({dialect!r}, {direction!r}): {{")
            lines += [f"        {e.wire!r}: {verdict}{e.object}," for e in events]
            lines.append("    },")
            closed_lines.append(f"    ({dialect!r}, {direction!r}): {{")
            closed_lines += [f"        {e.wire!r}: _okc_{e.object}," for e in events]
            closed_lines.append("    },")
        tables += [*lines, "}", ""]
        tables += ["# The same with every object closed: what tells a server event that carries"]
        tables += ["# fields the schemas do not name (drift) from one that does not."]
        tables += [*closed_lines, "}"]
        closed = sorted(self.model.closed)
        tables += ["", *self.deprecation_lines()]
        tables += ["", *self.open_enum_lines()]
        tables += [
            "",
            "# (dialect, direction) pairs whose objects refuse fields the schemas do not name.",
        ]
        tables.append(f"CLOSED: frozenset[tuple[str, str]] = frozenset({closed!r})")
        out = [
            header(
                self.model, "Validity predicates: True exactly when the schema finds nothing wrong."
            ),
            "from __future__ import annotations",
            "",
            "import re",
            "from collections.abc import Callable",
            "from typing import Any",
            "",
            "from rt_codec._base64 import b64_ok",
            "from rt_codec._runtime import (",
            "    UNSET,",
            "    Deprecation,",
            "    OpenEnum,",
            "    Untagged,",
            "    is_integral,",
            "    untagged_ok,",
            ")",
            "",
            *self.constant_code,
            "",
            "",
            "\n\n".join(predicates),
            "",
            "\n\n".join(self.helper_code),
            "",
            *self.tables,
            "",
            *tables,
            "",
        ]
        return "\n".join(out)

    def deprecation_lines(self) -> list[str]:
        """Per dialect, direction and event type: where a deprecated field or value may be."""
        lines = [
            "# Event type -> (path, what to say when the field is given, deprecated value -> what to",
            "# say), per dialect and direction; '*' in a path is any array item or map value.",
            "DEPRECATED: dict[tuple[str, str], dict[str, tuple[Deprecation, ...]]] = {",
        ]
        for dialect, direction in pairs(self.model):
            lines.append(f"    ({dialect!r}, {direction!r}): {{")
            for e in self.model.event_table(dialect, direction):
                found = deprecations(self.model, e.object)
                if not found:
                    continue
                lines.append(f"        {e.wire!r}: (")
                for path, note, values in found:
                    name = _path_name("deprecated", e.object, path)
                    table = self.constant(f"dict[str, str]({dict(values)!r})", name, name)
                    lines.append(f"            ({path!r}, {note!r}, {table}),")
                lines.append("        ),")
            lines.append("    },")
        return [*lines, "}"]

    def open_enum_lines(self) -> list[str]:
        """Per open dialect and direction (not `x-closed`) and event type: where a string with
        known values may carry one the schemas do not know yet (drift)."""
        lines = [
            "# Event type -> (path, the values known there) of strings that take new values too, per",
            "# dialect and direction whose objects stay open; '*' is any array item or map value.",
            "OPEN_ENUMS: dict[tuple[str, str], dict[str, tuple[OpenEnum, ...]]] = {",
        ]
        for dialect, direction in pairs(self.model):
            if (dialect, direction) in self.model.closed:
                continue
            lines.append(f"    ({dialect!r}, {direction!r}): {{")
            for e in self.model.event_table(dialect, direction):
                found = open_enums(self.model, e.object)
                if not found:
                    continue
                lines.append(f"        {e.wire!r}: (")
                for path, values in found:
                    name = _path_name("known", e.object, path)
                    lines.append(f"            ({path!r}, {self.values(values, name, name)}),")
                lines.append("        ),")
            lines.append("    },")
        return [*lines, "}"]


def _path_name(what: str, event: str, path: tuple[str, ...]) -> str:
    """A table entry's constant, named after the event and the path it is about."""
    return "_".join([what, event, *(identifier(p) for p in path if p != "*")])


def strings(expr: TypeExpr) -> list[Str]:
    """The string types a field may hold directly (through null and kind unions)."""
    return [
        v.expr for v in walk(expr) if isinstance(v.expr, Str) and set(v.hows) <= {"inner", "branch"}
    ]


def field_paths(model: Model, root: str) -> list[tuple[tuple[str, ...], Field]]:
    """Every field under object `root`, by the path of field names that reaches it ('*' for an
    array item or map value); a union's members are all walked, an object only once per route."""
    found: list[tuple[tuple[str, ...], Field]] = []

    def fields(name: str, path: tuple[str, ...], seen: frozenset[str]) -> None:
        for f in model.objects[name].fields:
            here = (*path, f.wire)
            found.append((here, f))
            for v in walk(f.type):
                if isinstance(v.expr, ObjRef) and v.expr.name not in seen:
                    stars = ("*",) * sum(how in ("item", "value") for how in v.hows)
                    fields(v.expr.name, (*here, *stars), seen | {v.expr.name})

    fields(root, (), frozenset({root}))
    return found


def deprecations(
    model: Model, root: str
) -> list[tuple[tuple[str, ...], str | None, tuple[tuple[str, str], ...]]]:
    """Where under object `root` a deprecated field (`Field.deprecated`) or a field with deprecated
    values (`Str.deprecated`) is; the same path reached through several members merges."""
    found: dict[tuple[str, ...], tuple[str | None, dict[str, str]]] = {}
    for here, f in field_paths(model, root):
        values = {v: note for s in strings(f.type) for v, note in s.deprecated}
        if f.deprecated is not None or values:
            note, known = found.get(here, (None, {}))
            found[here] = (note or f.deprecated, {**known, **values})
    return [(p, note, tuple(sorted(v.items()))) for p, (note, v) in sorted(found.items())]


def open_enums(model: Model, root: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Where under object `root` a string with known values that others may join is (model and
    voice names), with the values known there; a path reached through several members takes the
    values of all, and a path where some member's string is free text is left out."""
    found: dict[tuple[str, ...], set[str]] = {}
    free: set[tuple[str, ...]] = set()
    for here, f in field_paths(model, root):
        for s in strings(f.type):
            if s.values and not s.closed:
                found.setdefault(here, set()).update(s.values)
            elif not s.values:
                free.add(here)
    return [(p, tuple(sorted(v))) for p, v in sorted(found.items()) if p not in free]


def emit_valid(model: Model) -> str:
    return ValidEmitter(model).emit()
