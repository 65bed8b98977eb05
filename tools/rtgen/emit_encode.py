"""The intermediate model -> encoders: each class's `_wire` method and the helpers it calls.

`_wire` builds the JSON-ready dict of an object, and in the same pass refuses what is not the
protocol: a value of the wrong JSON kind for its field (the schema says which kind), a number that
is NaN or an infinity, a `type` (or other identity const) that is not the class's own, an `_extra`
key that shadows a declared field. Each check is a test of `type(value)` emitted inline; free-form
values (JSON Schemas, tool input, unknown fields) go through one small runtime walker. Errors are
EncodeErrors that collect their JSON Pointer on the way up, as DecodeErrors do.
"""

from __future__ import annotations

from rtgen.common import lazy_fields
from rtgen.kinds import indent, kind
from rtgen.model import Dispatch, Field, Model, ObjectType, TypeExpr
from rtgen.naming import Home, Names

# The runtime names generated encoders use.
RUNTIME_NAMES = (
    "EncodeError",
    "Pending",
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


class EncoderEmitter:
    def __init__(self, model: Model, names: Names | None = None) -> None:
        self.model = model
        self.names = names or Names("types.py")
        self.helper_code: list[str] = []
        self.constants: list[str] = []
        self.aliases: dict[str, list[str]] = {}
        for e in model.events:
            if e.alias_of is not None:
                self.aliases.setdefault(e.object, []).append(e.wire)

    # --- what the kinds ask for ----------------------------------------------------------------

    def check(self, expr: TypeExpr, var: str, key: str, home: Home) -> list[str]:
        """Checks of one value in `var`; plain values are checked in place, others are replaced by
        their JSON form."""
        return kind(expr).encode_check(self, expr, var, key, home)

    @staticmethod
    def within(statement: str, key: str) -> list[str]:
        """`statement`, with the key added to the path of an EncodeError it raises."""
        reraise = "    raise" if key == "None" else f"    raise e.within({key}) from None"
        return ["try:", f"    {statement}", "except EncodeError as e:", reraise]

    def helper(self, expr: TypeExpr, home: Home) -> str:
        """The name of a module-level function `_w_...(v)` giving the JSON form of `v`, an `expr`."""
        k = kind(expr)
        name = f"_w_{k.subject(expr, home, 'encode')}"
        if self.names.claim(name, k.key(expr, "encode"), home.where):
            body = k.encode_body(self, expr, home)
            self.helper_code.append("\n".join([f"def {name}(v: Any) -> Any:", *indent(body), ""]))
        return name

    def constant(self, prefix: str, home: Home, code: str) -> str:
        """`_{prefix}_{home}{code}`: `code` is the annotation and value."""
        name = f"_{prefix}_{home.name}"
        if self.names.claim(name, code, home.where):
            self.constants.append(f"{name}{code}")
        return name

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

    def members_constant(self, expr: Dispatch, home: Home) -> str:
        """A frozenset of the union's classes."""
        members = ", ".join(sorted(set(expr.members())))
        return self.constant("M", home, f": frozenset[type] = frozenset({{{members}}})")

    # --- `_wire` ---------------------------------------------------------------------------------

    def field_lines(self, obj: ObjectType, f: Field, var: str) -> list[str]:
        """Checks of field `f`, whose value is in `var`; leaves its JSON form there."""
        key = repr(f.wire)
        if f.const is None:
            lines = self.check(f.type, var, key, Home.of_field(obj, f.wire, f.attr, f.type))
            if f.required and lines[0] == "try:":  # a helper, which would not know the field
                expected = kind(f.type).expected(f.type)
                unset = [f"if {var} is UNSET:", f"    raise kind_error({var}, {expected!r}, {key})"]
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
        return "" if kind(f.type).plain(f.type) else ": Any"

    def wire_method(self, obj: ObjectType) -> list[str]:
        """The instance as the JSON-ready dict it stands for, fields in schema order."""
        lead: list[Field] = []
        for f in obj.fields:
            if not f.required:
                break
            lead.append(f)
        lazy = lazy_fields(self.model, obj)

        def read(f: Field, var: str, hint: str) -> list[str]:
            if f not in lazy:
                return [f"{var}{hint} = self.{f.attr}"]
            # Never read since a lenient decode: its JSON value goes back as it came.
            return [f"{var}{hint} = _R_{obj.name}_{f.attr}(self)"]

        def checked(f: Field, var: str) -> list[str]:
            lines = self.field_lines(obj, f, var)
            if f not in lazy:
                return lines
            return [
                f"if type({var}) is Pending:",
                f"    {var} = {var}.raw",
                "else:",
                *indent(lines),
            ]

        body: list[str] = []
        for f in lead:  # read and checked into locals, then one dict display
            var = f"v_{f.attr}"
            body += read(f, var, self.local_hint(f))
            body += checked(f, var)
        entries = ", ".join(f"{f.wire!r}: v_{f.attr}" for f in lead)
        body.append(f"d: dict[str, Any] = {{{entries}}}")
        rest = obj.fields[len(lead) :]
        if any(not f.required for f in rest):
            body.append("v: Any")
        for f in rest:
            if f.required:
                var = f"v_{f.attr}"
                body += read(f, var, self.local_hint(f))
                body += checked(f, var)
                body.append(f"d[{f.wire!r}] = {var}")
            else:
                body += [
                    *read(f, "v", ""),
                    "if v is not UNSET:",
                    *indent(checked(f, "v")),
                    f"    d[{f.wire!r}] = v",
                ]
        known = ", ".join(repr(f.wire) for f in obj.fields)
        home = Home(obj.name, str(obj.source))
        names = self.constant("K", home, f": frozenset[str] = frozenset({{{known}}})")
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
