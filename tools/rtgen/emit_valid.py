"""The intermediate model -> fast validity predicates: `_ok_X(d)` is True exactly when jsonschema
finds nothing wrong with `d` under X's schema (custom keywords included). They say only yes or no;
when the answer is no, the validation module asks jsonschema where and why."""

from __future__ import annotations

from rtgen.emit import KIND_TESTS, header
from rtgen.load import DIALECTS, DIRECTIONS
from rtgen.model import (
    AnyObject,
    Array,
    Bool,
    Dispatch,
    Field,
    Int,
    Limits,
    Map,
    Model,
    Nullable,
    Num,
    ObjectType,
    ObjRef,
    Str,
    TypeExpr,
    Union,
)


class ValidEmitter:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.helpers: dict[tuple[TypeExpr, bool], str] = {}
        self.helper_code: list[str] = []
        self.constants: dict[str, str] = {}
        self.constant_code: list[str] = []
        self.tables: list[str] = []
        # Emitting the closed family (`_okc_X`): every object with named fields refuses others.
        self.closed = False

    @property
    def prefix(self) -> str:
        return "_okc_" if self.closed else "_ok_"

    def constant(self, code: str, hint: str) -> str:
        if code not in self.constants:
            name = f"_C_{hint}"
            while name in self.constants.values():
                name += "_"
            self.constants[code] = name
            self.constant_code.append(f"{name} = {code}")
        return self.constants[code]

    def values(self, values: tuple[object, ...], hint: str) -> str:
        items = ", ".join(sorted(repr(v) for v in values))
        return self.constant(f"frozenset({{{items}}})", hint)

    def limits(self, var: str, limits: Limits, hint: str, sized: bool) -> list[str]:
        out = []
        if sized and limits.min_length is not None:
            out.append(f"len({var}) < {limits.min_length}")
        if sized and limits.max_length is not None:
            out.append(f"len({var}) > {limits.max_length}")
        if limits.minimum is not None:
            out.append(f"{var} < {limits.minimum!r}")
        if limits.maximum is not None:
            out.append(f"{var} > {limits.maximum!r}")
        if limits.pattern is not None:
            pattern = self.constant(f"re.compile({limits.pattern!r}).search", f"{hint}_pattern")
            out.append(f"{pattern}({var}) is None")
        return out

    def bad(self, expr: TypeExpr, var: str, hint: str) -> str:
        """A Python expression that is True when `var` is not valid under `expr`."""
        if isinstance(expr, Str):
            parts = [f"type({var}) is not str"]
            if expr.values and expr.closed:
                parts.append(f"{var} not in {self.values(expr.values, hint)}")
            parts += self.limits(var, expr.limits, hint, sized=True)
            if expr.base64:
                parts.append(f"not b64_ok({var})")
            return " or ".join(parts)
        if isinstance(expr, Int):
            parts = [f"(type({var}) is not int and not is_integral({var}))"]
            if expr.values:
                parts.append(f"{var} not in {self.values(expr.values, hint)}")
            parts += self.limits(var, expr.limits, hint, sized=False)
            return " or ".join(parts)
        if isinstance(expr, Num):
            parts = [f"(type({var}) is not float and type({var}) is not int)"]
            parts += self.limits(var, expr.limits, hint, sized=False)
            return " or ".join(parts)
        if isinstance(expr, Bool):
            return f"({var} is not True and {var} is not False)"
        if isinstance(expr, AnyObject):
            return f"type({var}) is not dict"
        if isinstance(expr, ObjRef):
            return f"type({var}) is not dict or not {self.prefix}{expr.name}({var})"
        if isinstance(expr, Nullable):
            return f"({var} is not None and ({self.bad(expr.inner, var, hint)}))"
        return f"not {self.helper(expr, hint)}({var})"

    def helper(self, expr: TypeExpr, hint: str) -> str:
        key = (expr, self.closed)
        if key in self.helpers:
            return self.helpers[key]
        stem = "_okcv_" if self.closed else "_okv_"
        name = f"{stem}{expr.name}" if isinstance(expr, Dispatch) and expr.name else f"{stem}{hint}"
        while name in self.helpers.values():
            name += "_"
        self.helpers[key] = name
        body = self.helper_body(expr, hint, name)
        self.helper_code.append(
            "\n".join([f"def {name}(v: Any) -> bool:", *("    " + ln for ln in body), ""])
        )
        return name

    def helper_body(self, expr: TypeExpr, hint: str, name: str) -> list[str]:
        if isinstance(expr, Array):
            lines = ["if type(v) is not list:", "    return False"]
            if expr.limits.min_items:
                lines += [f"if len(v) < {expr.limits.min_items}:", "    return False"]
            if expr.limits.max_items is not None:
                lines += [f"if len(v) > {expr.limits.max_items}:", "    return False"]
            lines += [
                "for x in v:",
                f"    if {self.bad(expr.item, 'x', hint + '_item')}:",
                "        return False",
            ]
            return [*lines, "return True"]
        if isinstance(expr, Map):
            return [
                "if type(v) is not dict:",
                "    return False",
                "for x in v.values():",
                f"    if {self.bad(expr.value, 'x', hint + '_value')}:",
                "        return False",
                "return True",
            ]
        if isinstance(expr, Dispatch):
            table = f"_T{name[4:]}"
            entries = []
            for value, case in expr.cases:
                if isinstance(case, ObjRef):
                    fn = f"{self.prefix}{case.name}"
                else:
                    fn = self.helper(case, f"{hint}_{value}".replace(".", "_").replace("/", "_"))
                entries.append(f"    {value!r}: {fn},")
            self.tables.append(
                "\n".join([f"{table}: dict[str, Callable[[Any], bool]] = {{", *entries, "}"])
            )
            lines = ["if type(v) is not dict:", "    return False"]
            if expr.untagged:
                rules = f"_U{name[4:]}"
                self.tables.append(f"{rules}: Untagged = {expr.untagged!r}")
                lines += [
                    f"if {expr.prop!r} not in v:",
                    f"    return untagged_ok(v, {rules}, {table})",
                ]
            return [
                *lines,
                f"t = v.get({expr.prop!r})",
                f"f = {table}.get(t) if type(t) is str else None",
                "return f is not None and f(v)",
            ]
        if isinstance(expr, Union):
            lines = []
            for branch in expr.branches:
                test = KIND_TESTS[branch.kind]
                lines += [f"if {test}:", f"    return not ({self.bad(branch, 'v', hint)})"]
            return [*lines, "return False"]
        if isinstance(expr, Nullable):
            return [
                "if v is None:",
                "    return True",
                f"return not ({self.bad(expr.inner, 'v', hint)})",
            ]
        return [f"return not ({self.bad(expr, 'v', hint)})"]

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
                test = (
                    f"{var} != {f.const!r}"
                    if f.const is not None
                    else self.bad(f.type, var, f"{obj.name}_{f.attr}")
                )
                body += [f"if {test}:", "    return False"]
        for f in obj.fields:
            if f.required:
                continue
            body += [
                f"v = d.get({f.wire!r}, UNSET)",
                f"if v is not UNSET and ({self.bad(f.type, 'v', f'{obj.name}_{f.attr}')}):",
                "    return False",
            ]
        if obj.require_any:
            groups = " or ".join(
                "(" + " and ".join(f"{name!r} in d" for name in group) + ")"
                for group in obj.require_any
            )
            body += [f"if not ({groups}):", "    return False"]
        if obj.closed or self.closed:
            known = self.values(tuple(f.wire for f in obj.fields), f"keys_{obj.name}")
            body += [f"if not d.keys() <= {known}:", "    return False"]
        body.append("return True")
        return "\n".join([*lines, *("    " + ln for ln in body), ""])

    def emit(self) -> str:
        names = sorted(self.model.objects)
        predicates = [self.predicate(self.model.objects[n]) for n in names]
        tables = ["", "# (endpoint, request|response|webhook) -> predicate of that body."]
        tables.append("REST: dict[tuple[str, str], Callable[[Any], bool]] = {")
        for b in sorted(self.model.bodies, key=lambda b: (b.endpoint, b.body)):
            self.closed = b.closed
            tables.append(f"    ({b.endpoint!r}, {b.body!r}): {self.helper(b.type, b.name)},")
            self.closed = False
        tables.append("}")
        self.closed = True
        predicates += [self.predicate(self.model.objects[n]) for n in names]
        value = "Callable[[dict[str, Any]], bool]"
        tables += ["", "# Event type -> predicate, per dialect and direction: the verdict, closed"]
        tables += ["# where the union document says `x-closed`."]
        lines = ["TABLES: dict[tuple[str, str], dict[str, Callable[[dict[str, Any]], bool]]] = {"]
        closed_lines = [f"CLOSED_TABLES: dict[tuple[str, str], dict[str, {value}]] = {{"]
        for dialect, direction in self.pairs():
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
        for dialect, direction in self.pairs():
            lines.append(f"    ({dialect!r}, {direction!r}): {{")
            for e in self.model.event_table(dialect, direction):
                found = deprecations(self.model, e.object)
                if not found:
                    continue
                lines.append(f"        {e.wire!r}: (")
                for path, note, values in found:
                    hint = "deprecated_" + "_".join(p for p in path[-2:] if p != "*")
                    table = self.constant(f"dict[str, str]({dict(values)!r})", hint)
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
        for dialect, direction in self.pairs():
            if (dialect, direction) in self.model.closed:
                continue
            lines.append(f"    ({dialect!r}, {direction!r}): {{")
            for e in self.model.event_table(dialect, direction):
                found = open_enums(self.model, e.object)
                if not found:
                    continue
                lines.append(f"        {e.wire!r}: (")
                for path, values in found:
                    hint = "known_" + "_".join(p for p in path[-2:] if p != "*")
                    lines.append(f"            ({path!r}, {self.values(values, hint)}),")
                lines.append("        ),")
            lines.append("    },")
        return [*lines, "}"]

    @staticmethod
    def pairs() -> list[tuple[str, str]]:
        return [(dialect, direction) for dialect in DIALECTS for direction in DIRECTIONS]


def strings(expr: TypeExpr) -> list[Str]:
    """The string types a field may hold directly (through null and kind unions)."""
    if isinstance(expr, Str):
        return [expr]
    if isinstance(expr, Nullable):
        return strings(expr.inner)
    if isinstance(expr, Union):
        return [s for b in expr.branches for s in strings(b)]
    return []


def field_paths(model: Model, root: str) -> list[tuple[tuple[str, ...], Field]]:
    """Every field under object `root`, by the path of field names that reaches it ('*' for an
    array item or map value); a union's members are all walked, an object only once per route."""
    found: list[tuple[tuple[str, ...], Field]] = []

    def visit(expr: TypeExpr, path: tuple[str, ...], seen: frozenset[str]) -> None:
        if isinstance(expr, (Array, Map)):
            visit(expr.item if isinstance(expr, Array) else expr.value, (*path, "*"), seen)
        elif isinstance(expr, Nullable):
            visit(expr.inner, path, seen)
        elif isinstance(expr, Union):
            for branch in expr.branches:
                visit(branch, path, seen)
        elif isinstance(expr, (ObjRef, Dispatch)):
            names = [expr.name] if isinstance(expr, ObjRef) else expr.members()
            for name in names:
                if name not in seen:
                    fields(name, path, seen | {name})

    def fields(name: str, path: tuple[str, ...], seen: frozenset[str]) -> None:
        for f in model.objects[name].fields:
            found.append(((*path, f.wire), f))
            visit(f.type, (*path, f.wire), seen)

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
