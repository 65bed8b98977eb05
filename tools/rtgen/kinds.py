"""One class per kind of type expression, knowing all that the generator writes for a value of that
kind: its type hint, its decoder check, its encoder, its validity test and its hypothesis strategy.
The emitters (emit_*.py) lay out objects, modules and tables; for a value they ask `kind(expr)`.

To add a kind: its node in rtgen.model (with `parts()`), the loader's reading of it, and a class
here in KINDS. To add a keyword to a kind: a field of its limits (rtgen.model), read in load.py, and
used in this module's class for that kind; nothing else needs to know.

Method arguments: `g` is the emitter asking (it holds the module's helpers and constants), `var`
the local holding the value, `key` the source text of how an error names the value ("None": the
value itself), `home` the schema the value comes from (rtgen.naming.Home), which names helpers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rtgen.model import (
    AnyObject,
    Array,
    Bool,
    Dispatch,
    Int,
    ItemLimits,
    Map,
    Nullable,
    Num,
    NumLimits,
    ObjRef,
    Str,
    StrLimits,
    TypeExpr,
    Union,
)
from rtgen.naming import Home

if TYPE_CHECKING:
    from rtgen.emit_decode import DecoderEmitter
    from rtgen.emit_encode import EncoderEmitter
    from rtgen.emit_valid import ValidEmitter

RAW = "dict[str, Any]"
# What each emitter reads of an expression: `key(expr, purpose)` keeps just that, so that equal
# helpers are shared and a name asked for twice can be compared.
Purpose = str  # "decode" | "encode" | "valid"

E = TypeVar("E", bound=TypeExpr)


def kind(expr: TypeExpr) -> Kind[Any]:
    return KINDS[type(expr)]


def indent(lines: list[str]) -> list[str]:
    return ["    " + ln for ln in lines]


def _num(value: float | None) -> str:
    return "None" if value is None else repr(value)


class Kind(Generic[E]):
    # How generated code tells that `v` is of this JSON kind (the branches of a union).
    test = ""
    # A value checked in place by decoders and validators, never through a helper of its own.
    leaf = False

    # --- names ---------------------------------------------------------------------------------

    def key(self, e: E, purpose: Purpose) -> TypeExpr:
        return e

    def subject(self, e: E, home: Home, purpose: Purpose) -> str:
        """What a helper for `e` is named after (rtgen.naming says the rule)."""
        return home.name

    # --- types ---------------------------------------------------------------------------------

    def hint(self, e: E, const: str | None = None) -> str:
        raise NotImplementedError

    # --- decoders ------------------------------------------------------------------------------

    def passthrough(self, e: E) -> bool:
        """Whether the decoder keeps the value as it came once its JSON kind is checked."""
        return False

    def decode_check(self, g: DecoderEmitter, e: E, var: str, key: str, home: Home) -> list[str]:
        """Checks of the value in `var`, which they may replace by its decoded form."""
        return g.within(f"{var} = {g.helper(e, home)}({var}, s)", key)

    def decode_body(self, g: DecoderEmitter, e: E, home: Home) -> list[str]:
        """The body of a helper `(v, s) -> decoded v`."""
        return [*self.decode_check(g, e, "v", "None", home), "return v"]

    # --- encoders ------------------------------------------------------------------------------

    def plain(self, e: E) -> bool:
        """Whether the encoder writes the value as it is once its kind is checked in place."""
        return False

    def expected(self, e: E) -> str:
        """How an encoding error names what the value should be."""
        return e.kind

    def encode_check(self, g: EncoderEmitter, e: E, var: str, key: str, home: Home) -> list[str]:
        """Checks of the value in `var`; a value that is not plain is replaced by its JSON form."""
        return g.within(f"{var} = {g.helper(e, home)}({var})", key)

    def encode_body(self, g: EncoderEmitter, e: E, home: Home) -> list[str]:
        raise TypeError(e)

    def encode_test(self, g: EncoderEmitter, e: E, home: Home) -> str:
        """How a union tells that `v` is meant as this branch (its checks come after)."""
        return self.test

    def encode_branch(self, g: EncoderEmitter, e: E, home: Home) -> list[str]:
        """A union's encoder, once `encode_test` chose this branch."""
        return ["return v"] if self.plain(e) else [f"return {g.helper(e, home)}(v)"]

    def encode_known(self, g: EncoderEmitter, e: E, var: str, home: Home) -> str | None:
        """A test that `var` is a model `_wire` encodes as this, where there is one."""
        return None

    # --- validity ------------------------------------------------------------------------------

    def bad(self, g: ValidEmitter, e: E, var: str, home: Home) -> str:
        """A Python expression that is True when `var` is not valid."""
        return f"not {g.helper(e, home)}({var})"

    def valid_body(self, g: ValidEmitter, e: E, home: Home, name: str) -> list[str]:
        return [f"return not ({self.bad(g, e, 'v', home)})"]

    # --- strategies ----------------------------------------------------------------------------

    def strategy(self, e: E, closed: str) -> str:
        """A strategy drawing valid JSON values; `closed` is the source of a bool: whether objects
        may carry fields the schemas do not name."""
        raise NotImplementedError


# --- scalars --------------------------------------------------------------------------------------


class Scalar(Kind[E]):
    leaf = True
    word = ""  # the name of a helper of a bare value of this kind
    json = ""  # the JSON kind, as errors say it

    bare: TypeExpr  # a value of this kind without enum or limits

    def subject(self, e: E, home: Home, purpose: Purpose) -> str:
        return self.word if self.key(e, purpose) == self.bare else home.name

    def passthrough(self, e: E) -> bool:
        return True

    def plain(self, e: E) -> bool:
        return True

    def decode_check(self, g: DecoderEmitter, e: E, var: str, key: str, home: Home) -> list[str]:
        return [f"if {self.not_kind(var)}:", f"    raise type_error({var}, {self.json!r}, {key})"]

    def not_kind(self, var: str) -> str:
        raise NotImplementedError

    def encode_check(self, g: EncoderEmitter, e: E, var: str, key: str, home: Home) -> list[str]:
        return [f"if {self.not_kind(var)}:", f"    raise kind_error({var}, {self.json!r}, {key})"]


def _enum_check(
    g: DecoderEmitter, values: tuple[object, ...], var: str, key: str, home: Home
) -> list[str]:
    enum = g.enum(values, home)
    return [f"if s and {var} not in {enum}:", f"    raise enum_error({var}, {enum}, {key})"]


def _number_limits(var: str, limits: NumLimits) -> list[str]:
    out = []
    if limits.minimum is not None:
        out.append(f"{var} < {limits.minimum!r}")
    if limits.maximum is not None:
        out.append(f"{var} > {limits.maximum!r}")
    return out


class StrKind(Scalar[Str]):
    test = "type(v) is str"
    bare = Str()
    word = "str"
    json = "string"

    def key(self, e: Str, purpose: Purpose) -> TypeExpr:
        enum = e.values if e.closed else ()  # others read open values as any string
        if purpose == "decode":
            return Str(enum, bool(enum))
        if purpose == "valid":
            return Str(enum, bool(enum), e.base64, e.limits)
        return Str()

    def hint(self, e: Str, const: str | None = None) -> str:
        if const is not None:
            return f"Literal[{const!r}]"
        if e.values:
            return f"Literal[{', '.join(repr(v) for v in e.values)}] | str"
        return "str"

    def not_kind(self, var: str) -> str:
        return f"type({var}) is not str"

    def decode_check(self, g: DecoderEmitter, e: Str, var: str, key: str, home: Home) -> list[str]:
        lines = super().decode_check(g, e, var, key, home)
        if e.values and e.closed:
            lines += _enum_check(g, e.values, var, key, home)
        return lines

    def bad(self, g: ValidEmitter, e: Str, var: str, home: Home) -> str:
        parts = [f"type({var}) is not str"]
        if e.values and e.closed:
            parts.append(f"{var} not in {g.values(e.values, home.name, home.where)}")
        limits = e.limits
        if limits.min_length is not None:
            parts.append(f"len({var}) < {limits.min_length}")
        if limits.max_length is not None:
            parts.append(f"len({var}) > {limits.max_length}")
        if limits.pattern is not None:
            code = f"re.compile({limits.pattern!r}).search"
            parts.append(f"{g.constant(code, f'{home.name}_pattern', home.where)}({var}) is None")
        if e.base64:
            parts.append(f"not b64_ok({var})")
        return " or ".join(parts)

    def strategy(self, e: Str, closed: str) -> str:
        lim = e.limits
        if e.values and e.closed:
            return f"st.sampled_from({list(e.values)!r})"
        if e.base64:
            return f"base64_text(max_length={_num(lim.max_length)})"
        if lim.pattern is not None:
            return f"st.from_regex({lim.pattern!r}, fullmatch=True)"
        if lim.format == "uri":
            return "uris()"
        base = f"text(min_length={_num(lim.min_length)}, max_length={_num(lim.max_length)})"
        if e.values:
            return f"st.one_of(st.sampled_from({list(e.values)!r}), {base})"
        return base


class IntKind(Scalar[Int]):
    test = "type(v) is int or is_integral(v)"
    bare = Int()
    word = "int"
    json = "integer"

    def key(self, e: Int, purpose: Purpose) -> TypeExpr:
        if purpose == "decode":
            return Int(e.values)
        return Int(e.values, e.limits) if purpose == "valid" else Int()

    def hint(self, e: Int, const: str | None = None) -> str:
        return "int"

    def not_kind(self, var: str) -> str:
        return f"type({var}) is not int and not is_integral({var})"

    def decode_check(self, g: DecoderEmitter, e: Int, var: str, key: str, home: Home) -> list[str]:
        lines = super().decode_check(g, e, var, key, home)
        if e.values:
            lines += _enum_check(g, e.values, var, key, home)
        return lines

    def bad(self, g: ValidEmitter, e: Int, var: str, home: Home) -> str:
        parts = [f"({self.not_kind(var)})"]
        if e.values:
            parts.append(f"{var} not in {g.values(e.values, home.name, home.where)}")
        return " or ".join(parts + _number_limits(var, e.limits))

    def strategy(self, e: Int, closed: str) -> str:
        if e.values:
            return f"st.sampled_from({list(e.values)!r})"
        return f"integers(minimum={_num(e.limits.minimum)}, maximum={_num(e.limits.maximum)})"


class NumKind(Scalar[Num]):
    test = "type(v) is float or type(v) is int"
    bare = Num()
    word = "num"
    json = "number"

    def key(self, e: Num, purpose: Purpose) -> TypeExpr:
        return Num(e.limits) if purpose == "valid" else Num()

    def hint(self, e: Num, const: str | None = None) -> str:
        return "float"

    def not_kind(self, var: str) -> str:
        return f"type({var}) is not float and type({var}) is not int"

    def encode_check(self, g: EncoderEmitter, e: Num, var: str, key: str, home: Home) -> list[str]:
        # `x - x == 0.0` holds for every finite float, not for NaN or an infinity.
        return [
            f"if type({var}) is not int and not (type({var}) is float and {var} - {var} == 0.0):",
            f"    raise number_error({var}, {key})",
        ]

    def encode_branch(self, g: EncoderEmitter, e: Num, home: Home) -> list[str]:
        # The union's test took its kind; NaN and infinities remain.
        return ["if v - v != 0.0:", "    raise number_error(v, None)", "return v"]

    def bad(self, g: ValidEmitter, e: Num, var: str, home: Home) -> str:
        return " or ".join([f"({self.not_kind(var)})", *_number_limits(var, e.limits)])

    def strategy(self, e: Num, closed: str) -> str:
        return f"numbers(minimum={_num(e.limits.minimum)}, maximum={_num(e.limits.maximum)})"


class BoolKind(Scalar[Bool]):
    test = "v is True or v is False"
    bare = Bool()
    word = "bool"
    json = "boolean"

    def hint(self, e: Bool, const: str | None = None) -> str:
        return "bool"

    def not_kind(self, var: str) -> str:
        return f"{var} is not True and {var} is not False"

    def bad(self, g: ValidEmitter, e: Bool, var: str, home: Home) -> str:
        return f"({self.not_kind(var)})"

    def strategy(self, e: Bool, closed: str) -> str:
        return "st.booleans()"


class AnyObjectKind(Scalar[AnyObject]):
    test = "type(v) is dict"
    bare = AnyObject()
    word = "json_object"
    json = "object"

    def hint(self, e: AnyObject, const: str | None = None) -> str:
        return RAW

    def not_kind(self, var: str) -> str:
        return f"type({var}) is not dict"

    def plain(self, e: AnyObject) -> bool:
        return False  # its content is checked too: JSON values only

    def encode_check(
        self, g: EncoderEmitter, e: AnyObject, var: str, key: str, home: Home
    ) -> list[str]:
        return g.within(f"{var} = {g.helper(e, home)}({var})", key)

    def encode_body(self, g: EncoderEmitter, e: AnyObject, home: Home) -> list[str]:
        return [
            "if type(v) is not dict:",
            "    raise kind_error(v, 'object', None)",
            "if not free_ok(v):",
            "    raise free_error(v)",
            "return v",
        ]

    def bad(self, g: ValidEmitter, e: AnyObject, var: str, home: Home) -> str:
        return self.not_kind(var)

    def strategy(self, e: AnyObject, closed: str) -> str:
        return "json_objects()"


# --- containers -----------------------------------------------------------------------------------


class ArrayKind(Kind[Array]):
    test = "type(v) is list"

    def key(self, e: Array, purpose: Purpose) -> TypeExpr:
        item = kind(e.item).key(e.item, purpose)
        return Array(item, e.limits if purpose == "valid" else ItemLimits())

    def subject(self, e: Array, home: Home, purpose: Purpose) -> str:
        if purpose == "valid" and e.limits != ItemLimits():
            return home.name
        item = self.item_home(e, home)
        return "list_of_" + kind(e.item).subject(e.item, item, purpose)

    @staticmethod
    def item_home(e: Array, home: Home) -> Home:
        return home.part("item", "item", e.item)

    def hint(self, e: Array, const: str | None = None) -> str:
        return f"list[{kind(e.item).hint(e.item)}]"

    def passthrough(self, e: Array) -> bool:
        return kind(e.item).passthrough(e.item)

    def decode_body(self, g: DecoderEmitter, e: Array, home: Home) -> list[str]:
        lines = ["if type(v) is not list:", "    raise type_error(v, 'array', None)"]
        item = self.item_home(e, home)
        if kind(e.item).passthrough(e.item):
            lines += ["for i, x in enumerate(v):", *indent(g.check(e.item, "x", "i", item))]
            return [*lines, "return v"]
        return [
            *lines,
            "out = []",
            "for i, x in enumerate(v):",
            "    try:",
            f"        out.append({g.helper(e.item, item)}(x, s))",
            "    except DecodeError as e:",
            "        raise e.within(i) from None",
            "return out",
        ]

    def encode_body(self, g: EncoderEmitter, e: Array, home: Home) -> list[str]:
        lines = ["if type(v) is not list:", "    raise kind_error(v, 'array', None)"]
        item, item_kind, at = e.item, kind(e.item), self.item_home(e, home)
        if item_kind.leaf and item_kind.plain(item):
            # Checked in place; `item_error` finds the index when one does not fit.
            test = g.check(item, "x", "None", at)[0]
            return [
                *lines,
                "for x in v:",
                f"    {test}",
                f"        raise item_error(v, {item.kind!r})",
                "return v",
            ]
        if item_kind.plain(item):
            return [
                *lines,
                "for i, x in enumerate(v):",
                *indent(g.check(item, "x", "i", at)),
                "return v",
            ]
        typed = item_kind.encode_known(g, item, "x", at)
        if typed is not None:
            # Known models straight to their `_wire`; anything else through the item's helper,
            # which refuses or checks it; `locate_item` finds the index of an error.
            one = g.helper(item, at)
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
            *indent(g.check(item, "x", "i", at)),
            "    out.append(x)",
            "return out",
        ]

    def bad(self, g: ValidEmitter, e: Array, var: str, home: Home) -> str:
        return f"not {g.helper(e, home)}({var})"

    def valid_body(self, g: ValidEmitter, e: Array, home: Home, name: str) -> list[str]:
        lines = ["if type(v) is not list:", "    return False"]
        if e.limits.min_items:
            lines += [f"if len(v) < {e.limits.min_items}:", "    return False"]
        if e.limits.max_items is not None:
            lines += [f"if len(v) > {e.limits.max_items}:", "    return False"]
        lines += [
            "for x in v:",
            f"    if {g.bad(e.item, 'x', self.item_home(e, home))}:",
            "        return False",
        ]
        return [*lines, "return True"]

    def strategy(self, e: Array, closed: str) -> str:
        item = kind(e.item).strategy(e.item, closed)
        most = 3 if e.limits.max_items is None else min(3, e.limits.max_items)
        return f"st.lists({item}, min_size={e.limits.min_items or 0}, max_size={most})"


class MapKind(Kind[Map]):
    test = "type(v) is dict"

    def key(self, e: Map, purpose: Purpose) -> TypeExpr:
        return Map(kind(e.value).key(e.value, purpose))

    def subject(self, e: Map, home: Home, purpose: Purpose) -> str:
        return "map_of_" + kind(e.value).subject(e.value, self.value_home(e, home), purpose)

    @staticmethod
    def value_home(e: Map, home: Home) -> Home:
        return home.part("value", "value", e.value)

    def hint(self, e: Map, const: str | None = None) -> str:
        return f"dict[str, {kind(e.value).hint(e.value)}]"

    def passthrough(self, e: Map) -> bool:
        return kind(e.value).passthrough(e.value)

    def decode_body(self, g: DecoderEmitter, e: Map, home: Home) -> list[str]:
        lines = ["if type(v) is not dict:", "    raise type_error(v, 'object', None)"]
        value = self.value_home(e, home)
        if kind(e.value).passthrough(e.value):
            lines += ["for k, x in v.items():", *indent(g.check(e.value, "x", "k", value))]
            return [*lines, "return v"]
        return [
            *lines,
            "out = {}",
            "for k, x in v.items():",
            "    try:",
            f"        out[k] = {g.helper(e.value, value)}(x, s)",
            "    except DecodeError as e:",
            "        raise e.within(k) from None",
            "return out",
        ]

    def encode_body(self, g: EncoderEmitter, e: Map, home: Home) -> list[str]:
        lines = [
            "if type(v) is not dict:",
            "    raise kind_error(v, 'object', None)",
            "for k, x in v.items():",
            "    if type(k) is not str:",
            "        raise kind_error(k, 'string', None)",
        ]
        checks = indent(g.check(e.value, "x", "k", self.value_home(e, home)))
        if kind(e.value).plain(e.value):
            return [*lines, *checks, "return v"]
        lines.insert(2, "out = {}")
        return [*lines, *checks, "    out[k] = x", "return out"]

    def valid_body(self, g: ValidEmitter, e: Map, home: Home, name: str) -> list[str]:
        return [
            "if type(v) is not dict:",
            "    return False",
            "for x in v.values():",
            f"    if {g.bad(e.value, 'x', self.value_home(e, home))}:",
            "        return False",
            "return True",
        ]

    def strategy(self, e: Map, closed: str) -> str:
        value = kind(e.value).strategy(e.value, closed)
        return f"st.dictionaries(text(max_length=8), {value}, max_size=3)"


class NullableKind(Kind[Nullable]):
    def key(self, e: Nullable, purpose: Purpose) -> TypeExpr:
        return Nullable(kind(e.inner).key(e.inner, purpose))

    def subject(self, e: Nullable, home: Home, purpose: Purpose) -> str:
        inner = home.part("inner", "inner", e.inner)
        return "optional_" + kind(e.inner).subject(e.inner, inner, purpose)

    def hint(self, e: Nullable, const: str | None = None) -> str:
        return f"{kind(e.inner).hint(e.inner)} | None"

    def expected(self, e: Nullable) -> str:
        return f"{kind(e.inner).expected(e.inner)} or null"

    def passthrough(self, e: Nullable) -> bool:
        return kind(e.inner).passthrough(e.inner)

    def plain(self, e: Nullable) -> bool:
        return kind(e.inner).plain(e.inner)

    def decode_check(
        self, g: DecoderEmitter, e: Nullable, var: str, key: str, home: Home
    ) -> list[str]:
        inner = kind(e.inner)
        if inner.leaf or isinstance(e.inner, ObjRef):  # checked in place, as without null
            lines = inner.decode_check(g, e.inner, var, key, home.part("inner", "", e.inner))
            return [f"if {var} is not None:", *indent(lines)]
        return super().decode_check(g, e, var, key, home)

    def decode_body(self, g: DecoderEmitter, e: Nullable, home: Home) -> list[str]:
        inner, at = kind(e.inner), home.part("inner", "", e.inner)
        if inner.passthrough(e.inner):
            return ["if v is None:", "    return None", *inner.decode_body(g, e.inner, at)]
        return ["if v is None:", "    return None", f"return {g.helper(e.inner, at)}(v, s)"]

    def encode_check(
        self, g: EncoderEmitter, e: Nullable, var: str, key: str, home: Home
    ) -> list[str]:
        inner = kind(e.inner)
        if inner.plain(e.inner) or isinstance(e.inner, ObjRef):
            lines = inner.encode_check(g, e.inner, var, key, home.part("inner", "", e.inner))
            return [f"if {var} is not None:", *indent(lines)]
        return super().encode_check(g, e, var, key, home)

    def encode_body(self, g: EncoderEmitter, e: Nullable, home: Home) -> list[str]:
        at = home.part("inner", "", e.inner)
        return ["if v is None:", "    return None", *kind(e.inner).encode_body(g, e.inner, at)]

    def bad(self, g: ValidEmitter, e: Nullable, var: str, home: Home) -> str:
        inner = g.bad(e.inner, var, home.part("inner", "", e.inner))
        return f"({var} is not None and ({inner}))"

    def valid_body(self, g: ValidEmitter, e: Nullable, home: Home, name: str) -> list[str]:
        inner = g.bad(e.inner, "v", home.part("inner", "", e.inner))
        return ["if v is None:", "    return True", f"return not ({inner})"]

    def strategy(self, e: Nullable, closed: str) -> str:
        return f"st.one_of(st.none(), {kind(e.inner).strategy(e.inner, closed)})"


# --- objects --------------------------------------------------------------------------------------


class ObjRefKind(Kind[ObjRef]):
    test = "type(v) is dict"

    def subject(self, e: ObjRef, home: Home, purpose: Purpose) -> str:
        return e.name

    def hint(self, e: ObjRef, const: str | None = None) -> str:
        return e.name

    def expected(self, e: ObjRef) -> str:
        return e.name

    def decode_check(
        self, g: DecoderEmitter, e: ObjRef, var: str, key: str, home: Home
    ) -> list[str]:
        # A nested object: its decoder called directly, without a helper in between.
        return [
            f"if type({var}) is not dict:",
            f"    raise type_error({var}, 'object', {key})",
            *g.within(f"{var} = _d_{e.name}({var}, s)", key),
        ]

    def decode_body(self, g: DecoderEmitter, e: ObjRef, home: Home) -> list[str]:
        return [
            "if type(v) is not dict:",
            "    raise type_error(v, 'object', None)",
            f"return _d_{e.name}(v, s)",
        ]

    def encode_check(
        self, g: EncoderEmitter, e: ObjRef, var: str, key: str, home: Home
    ) -> list[str]:
        # A nested model: its own `_wire`, without a helper in between.
        return [
            f"if type({var}) is not {e.name}:",
            f"    raise kind_error({var}, {e.name!r}, {key})",
            *g.within(f"{var} = {var}._wire()", key),
        ]

    def encode_body(self, g: EncoderEmitter, e: ObjRef, home: Home) -> list[str]:
        return [
            f"if type(v) is not {e.name}:",
            f"    raise kind_error(v, {e.name!r}, None)",
            "return v._wire()",
        ]

    def encode_test(self, g: EncoderEmitter, e: ObjRef, home: Home) -> str:
        return f"type(v) is {e.name}"

    def encode_branch(self, g: EncoderEmitter, e: ObjRef, home: Home) -> list[str]:
        return ["return v._wire()"]

    def encode_known(self, g: EncoderEmitter, e: ObjRef, var: str, home: Home) -> str | None:
        return f"type({var}) is {e.name}"

    def bad(self, g: ValidEmitter, e: ObjRef, var: str, home: Home) -> str:
        return f"type({var}) is not dict or not {g.prefix}{e.name}({var})"

    def strategy(self, e: ObjRef, closed: str) -> str:
        return f"st.deferred(lambda: s_{e.name}({closed}))"


class DispatchKind(Kind[Dispatch]):
    test = "type(v) is dict"

    @staticmethod
    def case_home(home: Home, value: str, case: TypeExpr) -> Home:
        return home.part("case", value, case)

    def hint(self, e: Dispatch, const: str | None = None) -> str:
        return e.name or " | ".join([*e.members(), *([RAW] if e.keep_unknown else [])])

    def expected(self, e: Dispatch) -> str:
        return e.name or " | ".join(e.members())

    def decode_body(self, g: DecoderEmitter, e: Dispatch, home: Home) -> list[str]:
        stem = self.subject(e, home, "decode")
        table = f"_T_{stem}"
        entries = []
        for value, case in e.cases:
            fn = (
                f"_d_{case.name}"
                if isinstance(case, ObjRef)
                else g.helper(case, self.case_home(home, value, case))
            )
            entries.append(f"    {value!r}: {fn},")
        g.table(
            table, [f"{table}: dict[str, Callable[[Any, bool | None], Any]] = {{", *entries, "}"]
        )
        lines = [
            "if type(v) is not dict:",
            "    raise type_error(v, 'object', None)",
            f"t = v.get({e.prop!r})",
            f"f = {table}.get(t) if type(t) is str else None",
        ]
        if e.untagged:
            rules = f"_U_{stem}"
            g.table(rules, [f"{rules}: Untagged = {e.untagged!r}"])
            lines += [
                f"if f is None and {e.prop!r} not in v:",
                f"    return untagged_decode(v, s, {rules}, {table}, {e.prop!r})",
            ]
        return [
            *lines,
            "if f is not None:",
            "    return f(v, s)",
            # Not kept: an unknown kind fails the event, as strict decoding does.
            f"return unknown_case(v, t, {e.prop!r}, {'s' if e.keep_unknown else 'True'}"
            f"{', True' if e.untagged else ''})",
        ]

    def encode_body(self, g: EncoderEmitter, e: Dispatch, home: Home) -> list[str]:
        members = g.members_constant(e, home)
        cases = g.constant("C", home, f": dict[str, Any] = {self.cases_literal(e)}")
        optional = g.optional_tags(e)
        first = ["    return v._wire()"]
        if optional:
            tags = ", ".join(f"{n}: {t!r}" for n, t in sorted(optional.items()))
            table = g.constant("TG", home, f": dict[type, str] = {{{tags}}}")
            rules = g.constant("UT", home, f": Untagged = {e.untagged!r}")
            first = [
                "    d = v._wire()",
                f"    if {e.prop!r} not in d and type(v) in {table}:",
                f"        tag_needed(d, {e.prop!r}, {rules}, {table}[type(v)])",
                "    return d",
            ]
        if not e.keep_unknown:
            return [
                f"if type(v) in {members}:",
                *first,
                f"raise kind_error(v, {self.expected(e)!r}, None)",
            ]
        return [
            f"if type(v) in {members}:",
            *first,
            "if type(v) is not dict:",
            f"    raise kind_error(v, {self.expected(e)!r}, None)",
            "# A dict stands for a member of a kind the codec does not know, kept as it came.",
            f"error = raw_member_error(v, {e.prop!r}, {cases}, {bool(e.untagged)!r})",
            "if error is not None:",
            "    raise error",
            "return v",
        ]

    def cases_literal(self, e: Dispatch) -> str:
        """Discriminator value -> class name, or (next property, its cases)."""
        entries = []
        for value, case in e.cases:
            if isinstance(case, ObjRef):
                entries.append(f"{value!r}: {case.name!r}")
            else:
                entries.append(f"{value!r}: ({case.prop!r}, {self.cases_literal(case)})")
        return "{" + ", ".join(entries) + "}"

    def encode_known(self, g: EncoderEmitter, e: Dispatch, var: str, home: Home) -> str | None:
        # Members that may come without the discriminator need their helper to check that.
        return None if g.optional_tags(e) else f"type({var}) in {g.members_constant(e, home)}"

    def encode_test(self, g: EncoderEmitter, e: Dispatch, home: Home) -> str:
        known = f"type(v) in {g.members_constant(e, home)}"
        return f"type(v) is dict or {known}" if e.keep_unknown else known

    def valid_body(self, g: ValidEmitter, e: Dispatch, home: Home, name: str) -> list[str]:
        table = f"_T{name[4:]}"
        entries = []
        for value, case in e.cases:
            if isinstance(case, ObjRef):
                fn = f"{g.prefix}{case.name}"
            else:
                fn = g.helper(case, self.case_home(home, value, case))
            entries.append(f"    {value!r}: {fn},")
        g.table(table, [f"{table}: dict[str, Callable[[Any], bool]] = {{", *entries, "}"])
        lines = ["if type(v) is not dict:", "    return False"]
        if e.untagged:
            rules = f"_U{name[4:]}"
            g.table(rules, [f"{rules}: Untagged = {e.untagged!r}"])
            lines += [f"if {e.prop!r} not in v:", f"    return untagged_ok(v, {rules}, {table})"]
        return [
            *lines,
            f"t = v.get({e.prop!r})",
            f"f = {table}.get(t) if type(t) is str else None",
            "return f is not None and f(v)",
        ]

    def strategy(self, e: Dispatch, closed: str) -> str:
        """A strategy per member; one that may come without the discriminator sometimes does,
        where its fields tell it from the others."""
        out = []
        untagged = dict(e.untagged)
        for value, case in e.cases:
            for m in case.members() if isinstance(case, Dispatch) else [case.name]:
                s = f"st.deferred(lambda: s_{m}({closed}))"
                if value in untagged:
                    others = tuple(g for v, gs in e.untagged if v != value for g in gs)
                    s = f"maybe_untagged({s}, {e.prop!r}, {untagged[value]!r}, {others!r})"
                out.append(s)
        return f"st.one_of({', '.join(out)})"


class UnionKind(Kind[Union]):
    @staticmethod
    def branch_home(home: Home, branch: TypeExpr) -> Home:
        return home.part("branch", branch.kind, branch)

    def key(self, e: Union, purpose: Purpose) -> TypeExpr:
        return Union(tuple(kind(b).key(b, purpose) for b in e.branches))

    def hint(self, e: Union, const: str | None = None) -> str:
        return " | ".join(kind(b).hint(b) for b in e.branches)

    def expected(self, e: Union) -> str:
        return " or ".join(kind(b).expected(b) for b in e.branches)

    def decode_body(self, g: DecoderEmitter, e: Union, home: Home) -> list[str]:
        lines = []
        for branch in e.branches:
            at, branch_kind = self.branch_home(home, branch), kind(branch)
            lines.append(f"if {branch_kind.test}:")
            if branch_kind.leaf:
                lines += [*indent(g.check(branch, "v", "None", at)), "    return v"]
            else:
                lines.append(f"    return {g.helper(branch, at)}(v, s)")
        expected = " or ".join(b.kind for b in e.branches)
        return [*lines, f"raise type_error(v, {expected!r}, None)"]

    def encode_body(self, g: EncoderEmitter, e: Union, home: Home) -> list[str]:
        lines = []
        for branch in e.branches:
            at, branch_kind = self.branch_home(home, branch), kind(branch)
            lines.append(f"if {branch_kind.encode_test(g, branch, at)}:")
            lines += indent(branch_kind.encode_branch(g, branch, at))
        return [*lines, f"raise kind_error(v, {self.expected(e)!r}, None)"]

    def valid_body(self, g: ValidEmitter, e: Union, home: Home, name: str) -> list[str]:
        lines = []
        for branch in e.branches:
            test = g.bad(branch, "v", self.branch_home(home, branch))
            lines += [f"if {kind(branch).test}:", f"    return not ({test})"]
        return [*lines, "return False"]

    def strategy(self, e: Union, closed: str) -> str:
        return f"st.one_of({', '.join(kind(b).strategy(b, closed) for b in e.branches)})"


KINDS: dict[type, Kind[Any]] = {
    Str: StrKind(),
    Int: IntKind(),
    Num: NumKind(),
    Bool: BoolKind(),
    AnyObject: AnyObjectKind(),
    Array: ArrayKind(),
    Map: MapKind(),
    Nullable: NullableKind(),
    ObjRef: ObjRefKind(),
    Dispatch: DispatchKind(),
    Union: UnionKind(),
}

__all__ = ["KINDS", "RAW", "Kind", "StrLimits", "indent", "kind"]
