"""The intermediate model -> rt_codec/_generated/decode.py: a decoder per object shape, the helpers
and constants they call, and the dispatch tables by event type and REST body."""

from __future__ import annotations

from rtgen.common import (
    REST_GROUP,
    event_tables,
    group_imports,
    group_order,
    header,
    lazy_fields,
    lazy_test,
    module_suffix,
    names_used,
    object_groups,
)
from rtgen.kinds import indent, kind
from rtgen.model import Dispatch, Field, Model, ObjectType, ObjRef, TypeExpr, walk
from rtgen.naming import Home, Names


def guaranteed_consts(model: Model) -> set[tuple[str, str]]:
    """(object, property) pairs whose const every route to the object has already matched."""
    direct: set[str] = set()
    routes: dict[str, list[frozenset[str]]] = {}

    def visit(expr: TypeExpr) -> None:
        for v in walk(expr):
            if not isinstance(v.expr, ObjRef):
                continue
            name = v.expr.name
            # The dispatches just above, each a case of the next: the properties they matched.
            matched: set[str] = set()
            for parent, how in zip(reversed(v.parents), reversed(v.hows), strict=True):
                if how != "case" or not isinstance(parent, Dispatch):
                    break
                matched.add(parent.prop)
            if matched:
                routes.setdefault(name, []).append(frozenset(matched))
            else:
                direct.add(name)

    for obj in model.objects.values():
        for f in obj.fields:
            visit(f.type)
    # A REST body is decoded from the top, with nothing matched before it: its object is reached
    # directly (a body that is a named union dispatches first, like a field of that union).
    for body in model.bodies:
        visit(body.type)
    for event in model.events:
        routes.setdefault(event.object, []).append(frozenset({"type"}))
    out = set()
    for name, paths in routes.items():
        if name in direct:
            continue
        for prop in frozenset.intersection(*paths):
            found = model.objects[name].field(prop)
            if found is not None and found.const is not None:  # an optional tag may be missing
                out.add((name, prop))
    return out


class DecoderEmitter:
    def __init__(
        self,
        model: Model,
        group: str = "",
        shared: Names | None = None,
        guaranteed: set[tuple[str, str]] | None = None,
    ) -> None:
        self.model = model
        self.group = group
        self.guaranteed = guaranteed_consts(model) if guaranteed is None else guaranteed
        self.aliased = model.aliased_objects()
        self.module = f"decode{module_suffix(group)}.py"
        self.names = Names(self.module, shared)
        self.helper_code: list[str] = []
        self.constant_code: list[str] = []
        self.tables: list[str] = []
        self.lazy_code: list[str] = []
        self.slot_setters: list[str] = []

    # --- what the kinds ask for ----------------------------------------------------------------

    def check(self, expr: TypeExpr, var: str, key: str, home: Home) -> list[str]:
        return kind(expr).decode_check(self, expr, var, key, home)

    @staticmethod
    def within(statement: str, key: str) -> list[str]:
        """`statement`, with the key added to the path of a DecodeError it raises."""
        reraise = "    raise" if key == "None" else f"    raise e.within({key}) from None"
        return ["try:", f"    {statement}", "except DecodeError as e:", reraise]

    def helper(self, expr: TypeExpr, home: Home) -> str:
        """A module-level `_v_X(v, s)` returning the decoded form of `v`, an `expr`."""
        k = kind(expr)
        name = f"_v_{k.subject(expr, home, 'decode')}"
        if self.names.claim(name, k.key(expr, "decode"), home.where):
            body = k.decode_body(self, expr, home)
            self.helper_code.append(
                "\n".join([f"def {name}(v: Any, s: bool | None) -> Any:", *indent(body), ""])
            )
        return name

    def enum(self, values: tuple[object, ...], home: Home) -> str:
        return self.frozenset(values, f"_E_{home.name}", home.where)

    def frozenset(self, values: tuple[object, ...], name: str, where: str) -> str:
        code = f"frozenset({{{', '.join(sorted(repr(v) for v in values))}}})"
        if self.names.claim(name, code, where):
            self.constant_code.append(f"{name} = {code}")
        return name

    def table(self, name: str, lines: list[str]) -> None:
        if self.names.claim(name, tuple(lines), name):
            self.tables.append("\n".join(lines))

    # --- objects --------------------------------------------------------------------------------

    def decoder(self, obj: ObjectType) -> str:
        lines = [f"def _d_{obj.name}(d: dict[str, Any], s: bool | None) -> {obj.name}:"]
        body: list[str] = [f"o = _new({obj.name})"]
        skipped = [f for f in obj.fields if (obj.name, f.wire) in self.guaranteed]
        required = [f for f in obj.fields if f.required and f not in skipped]
        if required:
            body.append("try:")
            for index, f in enumerate(required):
                body.append(f"    r{index} = d[{f.wire!r}]")
            body += ["except KeyError as e:", "    raise missing(e) from None"]
        body.append(f"n = {len(required) + len(skipped)}")
        for f in skipped:  # matched by the dispatch that chose this decoder
            body.append(f"o.{f.attr} = {f.const!r}")
        req_index = {f.wire: i for i, f in enumerate(required)}
        lazy = lazy_fields(self.model, obj)
        for f in obj.fields:
            if f in skipped:
                continue
            home = Home.of_field(obj, f.wire, f.attr, f.type)
            key = repr(f.wire)
            var = f"r{req_index[f.wire]}" if f.required else "v"
            if f.const is not None:
                checks = [
                    f"if {var} != {f.const!r}:",
                    f"    raise const_error({var}, {f.const!r}, {key})",
                ]
            else:
                checks = self.check(f.type, var, key, home)
            store = f"o.{f.attr} = {var}"
            if f in lazy:
                checks = self.lazy(obj, f, var, checks, home)
                store = f"_S_{obj.name}_{f.attr}(o, {var})"
            if f.required:
                body += [*checks, store]
            else:
                body += [f"v = d.get({key}, UNSET)", "if v is not UNSET:", "    n += 1"]
                body += [*indent(checks), store]
        known = self.frozenset(
            tuple(f.wire for f in obj.fields), f"_E_keys_{obj.name}", str(obj.source)
        )
        body += [f"o._extra = None if len(d) == n else extras(d, {known})"]
        if obj.name not in self.aliased:
            return "\n".join([*lines, *indent(body), "    return o", ""])
        body += ["o._alias = None", "return o"]
        alias = [
            "",
            "",
            f"def _a_{obj.name}(d: dict[str, Any], s: bool | None) -> {obj.name}:",
            '    """The same event received under another name; encoding writes that name back."""',
            f"    o = _d_{obj.name}(d, s)",
            "    o._alias = d['type']",
            "    return o",
        ]
        return "\n".join([*lines, *indent(body), *alias, ""])

    def lazy(self, obj: ObjectType, f: Field, var: str, checks: list[str], home: Home) -> list[str]:
        """Checks of a field decoded when first read (rtgen.common.lazy_fields): leniently, a JSON
        object or array is kept as it came, with `_l_X_f`, which decodes it."""
        name = f"_l_{obj.name}_{f.attr}"
        self.lazy_code.append(
            "\n".join(
                [
                    f"def {name}(v: Any) -> Any:",
                    f'    """`{obj.name}.{f.attr}` from its JSON value, decoded leniently."""',
                    "    s = False",
                    *indent(self.check(f.type, "v", repr(f.wire), home)),
                    "    return v",
                    "",
                ]
            )
        )
        self.slot_setters.append(f"_S_{obj.name}_{f.attr}")
        test = lazy_test(f.type, var)
        return [
            f"if s is False and {test}:",
            "    p = _new(Pending)",
            f"    p.raw = {var}",
            f"    p.decode = {name}",
            f"    {var} = p",
            "else:",
            *indent(checks),
        ]

    def body_table(self) -> list[str]:
        out = ["REST: dict[tuple[str, str], Callable[[Any, bool | None], Any]] = {"]
        for b in sorted(self.model.bodies, key=lambda b: (b.endpoint, b.body)):
            home = Home.of(b.type, b.name, str(b.source))
            fn = self.helper(b.type, home)  # checks the JSON kind, then decodes
            out.append(f"    ({b.endpoint!r}, {b.body!r}): {fn},")
        return [*out, "}"]

    def emit(self, groups: dict[str, str]) -> str:
        """This group's module: its objects' decoders, its dialects' tables (the REST group's: the
        bodies' table), the decoders of earlier groups it calls imported from their modules."""
        order = group_order(self.model)
        mine = sorted(n for n in self.model.objects if groups[n] == self.group)
        decoders = [self.decoder(self.model.objects[n]) for n in mine]
        value_type = "Callable[[dict[str, Any], bool | None], Any]"
        tables = event_tables(self.model, "_d_", value_type, "_a_", self.group)
        if self.group == REST_GROUP:
            tables += ["", "# (endpoint, request|response|webhook) -> decoder of that body.", ""]
            tables += self.body_table()
        setters = sorted(self.slot_setters, key=str.lower)
        body = [
            *self.constant_code,
            "",
            "",
            "\n\n".join(decoders),
            "",
            "\n\n".join(self.helper_code),
            "",
            "# Fields decoded when first read: `_l_X_f(v)` is field f of event class X from its JSON.",
            "",
            "",
            "\n\n".join(self.lazy_code),
            "",
            *self.tables,
            "",
            "# Event type -> decoder, per dialect and direction.",
            "",
            *tables,
            "",
        ]
        text = "\n".join(body)
        used = names_used(text)
        # The decoders of earlier groups' objects this module calls.
        home = {f"{p}{n}": g for n, g in groups.items() for p in ("_d_", "_a_")}
        imports = group_imports(used, home, self.group, order, "decode")
        what = "Decoders: JSON values (as orjson gives them) -> the dataclasses."
        if self.group:
            what = f"Decoders of the {self.group} group, loaded on first use (see decode.py)."
        own = [n for n in mine if n in used]
        out = [
            header(self.model, what),
            "from __future__ import annotations",
            "",
            "from collections.abc import Callable",
            "from typing import Any",
            "",
            *imports,
            f"from rt_codec._generated.types{module_suffix(self.group)} import (",
            *(f"    {n}," for n in [*sorted(own, key=str.lower), *setters]),
            ")",
            "from rt_codec._runtime import (",
            *(f"    {n}," for n in RUNTIME_NAMES if n in used),
            ")",
            "",
            "_new = object.__new__",
            "",
            "# Each `_d_X(d, s)` takes a dict and returns an X; `s` is True in strict mode (enums and",
            "# discriminators must be known). Errors carry their path, built on the way up.",
            "# Leniently (`s is False`) an event's fields that hold a JSON object or array keep it as",
            "# it came (a Pending, written to the slot by `_S_X_f`), decoded by `_l_X_f` when first",
            "# read; `s is None` is lenient with everything decoded at once, as strict mode does.",
            "",
            "",
            text,
        ]
        return "\n".join(out)


# The runtime names generated decoders use, in the order ruff's isort gives them.
RUNTIME_NAMES = (
    "UNSET",
    "DecodeError",
    "Pending",
    "Untagged",
    "const_error",
    "enum_error",
    "extras",
    "is_integral",
    "missing",
    "type_error",
    "unknown_case",
    "untagged_decode",
)


def emit_decoders(model: Model) -> dict[str, str]:
    """File name -> text: `decode.py` and a `decode_<group>.py` per later group (rtgen.common)."""
    groups = object_groups(model)
    shared = Names("decode*.py")
    guaranteed = guaranteed_consts(model)
    files = {}
    for group in group_order(model):
        emitter = DecoderEmitter(model, group, shared, guaranteed)
        files[emitter.module] = emitter.emit(groups)
    return files
