"""The intermediate model -> encoders: each class's `_wire` method and the helpers it calls.

`_wire` builds the JSON-ready dict of an object, and in the same pass refuses what is not the
protocol: a value of the wrong JSON kind for its field (the schema says which kind), a number that
is NaN or an infinity, a `type` (or other identity const) that is not the class's own, an `_extra`
key that shadows a declared field. Each check is a test of `type(value)` emitted inline; free-form
values (JSON Schemas, tool input, unknown fields) go through one small runtime walker. Errors are
EncodeErrors that collect their JSON Pointer on the way up, as DecodeErrors do.
"""

from __future__ import annotations

from rtgen.model import (
    AnyObject,
    Array,
    Bool,
    Dispatch,
    Field,
    Int,
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

# The runtime names generated encoders use.
RUNTIME_NAMES = (
    "EncodeError",
    "const_mismatch",
    "free_error",
    "free_ok",
    "is_integral",
    "item_error",
    "kind_error",
    "locate_item",
    "merge_extra",
    "number_error",
    "raw_member_error",
    "tag_needed",
    "Untagged",
)


def encode_key(expr: TypeExpr) -> TypeExpr:
    """The expression without what encoding ignores (enums, limits), so equal helpers are shared."""
    if isinstance(expr, Str):
        return Str()
    if isinstance(expr, Int):
        return Int()
    if isinstance(expr, Num):
        return Num()
    if isinstance(expr, Array):
        return Array(encode_key(expr.item))
    if isinstance(expr, Map):
        return Map(encode_key(expr.value))
    if isinstance(expr, Nullable):
        return Nullable(encode_key(expr.inner))
    if isinstance(expr, Union):
        return Union(tuple(encode_key(b) for b in expr.branches))
    return expr


def name_of(expr: TypeExpr) -> str | None:
    """A readable helper name for a type expression, or None where only its site names it."""
    if isinstance(expr, (Str, Int, Num, Bool)):
        return {"string": "str", "integer": "int", "number": "num", "boolean": "bool"}[expr.kind]
    if isinstance(expr, AnyObject):
        return "json_object"
    if isinstance(expr, (ObjRef, Dispatch)):
        return expr.name
    if isinstance(expr, Union):
        names = [name_of(b) for b in expr.branches]
        return None if None in names else "_or_".join(n for n in names if n)
    inner = (
        expr.item
        if isinstance(expr, Array)
        else expr.value
        if isinstance(expr, Map)
        else expr.inner
    )
    named = name_of(inner)
    prefix = {"array": "list_of_", "object": "map_of_", "nullable": "optional_"}[expr.kind]
    return prefix + named if named else None


def plain(expr: TypeExpr) -> bool:
    """Values written as they are once their kind is checked inline (no helper, no new value)."""
    if isinstance(expr, Nullable):
        return plain(expr.inner)
    return isinstance(expr, (Str, Int, Num, Bool))


def expected_name(expr: TypeExpr) -> str:
    """How an error names what a field expects: a JSON kind, or a class or union name."""
    if isinstance(expr, ObjRef):
        return expr.name
    if isinstance(expr, Dispatch):
        return expr.name or " | ".join(expr.members())
    if isinstance(expr, Union):
        return " or ".join(expected_name(b) for b in expr.branches)
    if isinstance(expr, Nullable):
        return f"{expected_name(expr.inner)} or null"
    return expr.kind


class EncoderEmitter:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.helpers: dict[TypeExpr, str] = {}
        self.helper_code: list[str] = []
        self.constants: list[str] = []
        self.constant_names: dict[tuple[str, str], str] = {}
        self.aliases: dict[str, list[str]] = {}
        for e in model.events:
            if e.alias_of is not None:
                self.aliases.setdefault(e.object, []).append(e.wire)

    # Checks of one value in `var`; `key` is the source of how an error names it (None: the value
    # itself). Plain values are checked in place; others are replaced by their JSON form.
    def check(self, expr: TypeExpr, var: str, key: str, site: str) -> list[str]:
        if isinstance(expr, Str):
            return [f"if type({var}) is not str:", f"    raise kind_error({var}, 'string', {key})"]
        if isinstance(expr, Int):
            return [
                f"if type({var}) is not int and not is_integral({var}):",
                f"    raise kind_error({var}, 'integer', {key})",
            ]
        if isinstance(expr, Num):
            # `x - x == 0.0` holds for every finite float, not for NaN or an infinity.
            return [
                f"if type({var}) is not int and not (type({var}) is float and {var} - {var} == 0.0):",
                f"    raise number_error({var}, {key})",
            ]
        if isinstance(expr, Bool):
            return [
                f"if {var} is not True and {var} is not False:",
                f"    raise kind_error({var}, 'boolean', {key})",
            ]
        if isinstance(expr, Nullable) and (plain(expr.inner) or isinstance(expr.inner, ObjRef)):
            return [f"if {var} is not None:", *indent(self.check(expr.inner, var, key, site))]
        if isinstance(expr, ObjRef):
            # A nested model: its own `_wire`, without a helper in between.
            return [
                f"if type({var}) is not {expr.name}:",
                f"    raise kind_error({var}, {expr.name!r}, {key})",
                *self.within(f"{var} = {var}._wire()", key),
            ]
        return self.within(f"{var} = {self.helper(expr, site)}({var})", key)

    @staticmethod
    def within(statement: str, key: str) -> list[str]:
        """`statement`, with the key added to the path of an EncodeError it raises."""
        reraise = "    raise" if key == "None" else f"    raise e.within({key}) from None"
        return ["try:", f"    {statement}", "except EncodeError as e:", reraise]

    def helper(self, expr: TypeExpr, site: str) -> str:
        """The name of a module-level function `_w_...(v)` giving the JSON form of `v`, an `expr`;
        `site` names it where the type has no name of its own (`Class_field`)."""
        expr = encode_key(expr)
        if expr in self.helpers:
            return self.helpers[expr]
        name = f"_w_{name_of(expr) or site}"
        while name in self.helpers.values():
            name += "_"
        self.helpers[expr] = name
        body = self.helper_body(expr, site)
        self.helper_code.append("\n".join([f"def {name}(v: Any) -> Any:", *indent(body), ""]))
        return name

    def helper_body(self, expr: TypeExpr, site: str) -> list[str]:
        if isinstance(expr, Nullable):
            return ["if v is None:", "    return None", *self.helper_body(expr.inner, site)]
        if isinstance(expr, AnyObject):
            return [
                "if type(v) is not dict:",
                "    raise kind_error(v, 'object', None)",
                "if not free_ok(v):",
                "    raise free_error(v)",
                "return v",
            ]
        if isinstance(expr, ObjRef):
            return [
                f"if type(v) is not {expr.name}:",
                f"    raise kind_error(v, {expr.name!r}, None)",
                "return v._wire()",
            ]
        if isinstance(expr, Array):
            lines = ["if type(v) is not list:", "    raise kind_error(v, 'array', None)"]
            item = expr.item
            if isinstance(item, (Str, Int, Num, Bool)):
                # Checked in place; `item_error` finds the index when one does not fit.
                test = self.check(item, "x", "None", site + "_item")[0]
                return [
                    *lines,
                    "for x in v:",
                    f"    {test}",
                    f"        raise item_error(v, {item.kind!r})",
                    "return v",
                ]
            if plain(item):
                return [
                    *lines,
                    "for i, x in enumerate(v):",
                    *indent(self.check(item, "x", "i", site + "_item")),
                    "return v",
                ]
            if isinstance(item, ObjRef) or (
                isinstance(item, Dispatch) and not self.optional_tags(item)
            ):
                # Known models straight to their `_wire`; anything else through the item's helper,
                # which refuses or checks it; `locate_item` finds the index of an error.
                one = self.helper(item, site + "_item")
                typed = (
                    f"type(x) is {item.name}"
                    if isinstance(item, ObjRef)
                    else f"type(x) in {self.members_constant(item, site + '_item')}"
                )
                return [
                    *lines,
                    "try:",
                    f"    return [x._wire() if {typed} else {one}(x) for x in v]",
                    "except EncodeError:",
                    f"    raise locate_item(v, {one}) from None",
                ]
            return [
                *lines,
                "out = []",
                "for i, x in enumerate(v):",
                *indent(self.check(item, "x", "i", site + "_item")),
                "    out.append(x)",
                "return out",
            ]
        if isinstance(expr, Map):
            lines = [
                "if type(v) is not dict:",
                "    raise kind_error(v, 'object', None)",
                "for k, x in v.items():",
                "    if type(k) is not str:",
                "        raise kind_error(k, 'string', None)",
            ]
            checks = indent(self.check(expr.value, "x", "k", site + "_value"))
            if plain(expr.value):
                return [*lines, *checks, "return v"]
            lines.insert(2, "out = {}")
            return [*lines, *checks, "    out[k] = x", "return out"]
        if isinstance(expr, Dispatch):
            members = self.members_constant(expr, site)
            cases = self.cases_constant(expr, site)
            optional = self.optional_tags(expr)
            first = ["    return v._wire()"]
            if optional:
                tags = ", ".join(f"{n}: {t!r}" for n, t in sorted(optional.items()))
                table = self.constant("TG", expr.name or site, f": dict[type, str] = {{{tags}}}")
                rules = self.constant("UT", expr.name or site, f": Untagged = {expr.untagged!r}")
                first = [
                    "    d = v._wire()",
                    f"    if {expr.prop!r} not in d and type(v) in {table}:",
                    f"        tag_needed(d, {expr.prop!r}, {rules}, {table}[type(v)])",
                    "    return d",
                ]
            return [
                f"if type(v) in {members}:",
                *first,
                "if type(v) is not dict:",
                f"    raise kind_error(v, {expected_name(expr)!r}, None)",
                "# A dict stands for a member of a kind the codec does not know, kept as it came.",
                f"error = raw_member_error(v, {expr.prop!r}, {cases}, {bool(expr.untagged)!r})",
                "if error is not None:",
                "    raise error",
                "return v",
            ]
        if isinstance(expr, Union):
            lines = []
            for branch in expr.branches:
                lines.append(f"if {self.branch_test(branch, site)}:")
                if isinstance(branch, Num):  # the test took its kind; NaN and infinities remain
                    lines += ["    if v - v != 0.0:", "        raise number_error(v, None)"]
                if plain(branch):
                    lines.append("    return v")
                elif isinstance(branch, ObjRef):
                    lines.append("    return v._wire()")
                else:
                    lines.append(f"    return {self.helper(branch, site + '_' + branch.kind)}(v)")
            return [*lines, f"raise kind_error(v, {expected_name(expr)!r}, None)"]
        raise TypeError(expr)

    def branch_test(self, expr: TypeExpr, site: str) -> str:
        """How a union tells that `v` is meant as this branch (its checks come after)."""
        if isinstance(expr, Str):
            return "type(v) is str"
        if isinstance(expr, Int):
            return "type(v) is int or is_integral(v)"
        if isinstance(expr, Num):
            return "type(v) is float or type(v) is int"
        if isinstance(expr, Bool):
            return "v is True or v is False"
        if isinstance(expr, Array):
            return "type(v) is list"
        if isinstance(expr, (Map, AnyObject)):
            return "type(v) is dict"
        if isinstance(expr, ObjRef):
            return f"type(v) is {expr.name}"
        if isinstance(expr, Dispatch):
            return f"type(v) is dict or type(v) in {self.members_constant(expr, site + '_object')}"
        # A union inside a union, or a nullable branch: the loader refuses them.
        raise TypeError(expr)

    def constant(self, kind: str, site: str, code: str) -> str:
        if (kind, code) not in self.constant_names:
            name = f"_{kind}_{site}"
            while name in self.constant_names.values():
                name += "_"
            self.constant_names[kind, code] = name
            self.constants.append(f"{name}{code}")
        return self.constant_names[kind, code]

    def optional_tags(self, expr: Dispatch) -> dict[str, str]:
        """The members whose discriminator may be left UNSET, with their value, by class name: an
        encoder checks that they read back as themselves without it."""
        optional = {}
        for value, case in expr.cases:
            for name in case.members() if isinstance(case, Dispatch) else [case.name]:
                found = self.model.objects[name].field(expr.prop)
                if found is not None and not found.required:
                    optional[name] = value
        return optional

    def members_constant(self, expr: Dispatch, site: str) -> str:
        """A frozenset of the union's classes."""
        members = ", ".join(sorted(set(expr.members())))
        site = expr.name or site
        return self.constant("M", site, f": frozenset[type] = frozenset({{{members}}})")

    def cases_constant(self, expr: Dispatch, site: str) -> str:
        """Discriminator value -> class name, or (next property, its cases)."""

        def render(d: Dispatch) -> str:
            entries = []
            for value, case in d.cases:
                if isinstance(case, ObjRef):
                    entries.append(f"{value!r}: {case.name!r}")
                else:
                    entries.append(f"{value!r}: ({case.prop!r}, {render(case)})")
            return "{" + ", ".join(entries) + "}"

        site = expr.name or site
        return self.constant("C", site, f": dict[str, Any] = {render(expr)}")

    # --- `_wire` ---------------------------------------------------------------------------------

    def field_lines(self, obj: ObjectType, f: Field, var: str) -> list[str]:
        """Checks of field `f`, whose value is in `var`; leaves its JSON form there."""
        key = repr(f.wire)
        if f.const is None:
            lines = self.check(f.type, var, key, f"{obj.name}_{f.attr}")
            if f.required and lines[0] == "try:":  # a helper, which would not know the field
                unset = [
                    f"if {var} is UNSET:",
                    f"    raise kind_error({var}, {expected_name(f.type)!r}, {key})",
                ]
                return [*unset, *lines]
            return lines
        lines = [
            f"if {var} != {f.const!r}:",
            f"    raise const_mismatch({var}, {f.const!r}, {key})",
        ]
        if f.wire == "type" and obj.name in self.aliases:
            # Received under another name (`x-aliases`): that name goes back on the wire.
            names = sorted(self.aliases[obj.name])
            allowed = f"!= {names[0]!r}" if len(names) == 1 else f"not in {tuple(names)!r}"
            lines += [
                "a = self._alias",
                "if a is not None:",
                f"    if a {allowed}:",
                f"        raise const_mismatch(a, {f.const!r}, {key})",
                f"    {var} = a",
            ]
        return lines

    @staticmethod
    def local_hint(f: Field) -> str:
        """A hint for the local holding a field, where its JSON form has another type."""
        if f.const is not None:
            return ": str"  # may become the alias the event came under
        return "" if plain(f.type) else ": Any"

    def wire_method(self, obj: ObjectType) -> list[str]:
        """The instance as the JSON-ready dict it stands for, fields in schema order."""
        lead: list[Field] = []
        for f in obj.fields:
            if not f.required:
                break
            lead.append(f)
        body: list[str] = []
        for f in lead:  # read and checked into locals, then one dict display
            var = f"v_{f.attr}"
            body.append(f"{var}{self.local_hint(f)} = self.{f.attr}")
            body += self.field_lines(obj, f, var)
        entries = ", ".join(f"{f.wire!r}: v_{f.attr}" for f in lead)
        body.append(f"d: dict[str, Any] = {{{entries}}}")
        rest = obj.fields[len(lead) :]
        if any(not f.required for f in rest):
            body.append("v: Any")
        for f in rest:
            if f.required:
                var = f"v_{f.attr}"
                body.append(f"{var}{self.local_hint(f)} = self.{f.attr}")
                body += self.field_lines(obj, f, var)
                body.append(f"d[{f.wire!r}] = {var}")
            else:
                body += [
                    f"v = self.{f.attr}",
                    "if v is not UNSET:",
                    *indent(self.field_lines(obj, f, "v")),
                    f"    d[{f.wire!r}] = v",
                ]
        known = ", ".join(repr(f.wire) for f in obj.fields)
        names = self.constant("K", obj.name, f": frozenset[str] = frozenset({{{known}}})")
        body += ["x = self._extra", "if x:", f"    merge_extra(d, x, {names})", "return d"]
        return ["    def _wire(self) -> dict[str, Any]:", *("        " + ln for ln in body)]

    def module_code(self) -> list[str]:
        """The helpers and constants the `_wire` methods emitted so far call."""
        return [
            "",
            "",
            "# Encoders of compound values: `_w_X(v)` is the JSON form of `v`, or an EncodeError.",
            "",
            "",
            "\n\n".join(self.helper_code),
            "",
            "# _M_: the classes of a union. _C_: its discriminator values -> class names (or the next",
            "# property to look at), to refuse a dict of a known kind where its class should be.",
            "# _K_: the fields a class declares, which its `_extra` may not hold.",
            *self.constants,
        ]


def indent(lines: list[str]) -> list[str]:
    return ["    " + ln for ln in lines]
