"""The intermediate model -> hypothesis strategies that draw schema-valid wire JSON for every shape."""

from __future__ import annotations

from rtgen.emit import event_tables, header, named_dispatches
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


def _num(value: float | None) -> str:
    return "None" if value is None else repr(value)


def strategy(expr: TypeExpr, closed: str = "closed") -> str:
    """Python source of a strategy expression drawing valid JSON values for `expr`; `closed` is the
    source of a bool: whether objects may carry fields the schemas do not name."""
    if isinstance(expr, Str):
        lim = expr.limits
        if expr.values and expr.closed:
            return f"st.sampled_from({list(expr.values)!r})"
        if expr.base64:
            return f"base64_text(max_length={_num(lim.max_length)})"
        if lim.pattern is not None:
            return f"st.from_regex({lim.pattern!r}, fullmatch=True)"
        if lim.format == "uri":
            return "uris()"
        base = f"text(min_length={_num(lim.min_length)}, max_length={_num(lim.max_length)})"
        if expr.values:
            return f"st.one_of(st.sampled_from({list(expr.values)!r}), {base})"
        return base
    if isinstance(expr, Int):
        if expr.values:
            return f"st.sampled_from({list(expr.values)!r})"
        return f"integers({_limits(expr.limits)})"
    if isinstance(expr, Num):
        return f"numbers({_limits(expr.limits)})"
    if isinstance(expr, Bool):
        return "st.booleans()"
    if isinstance(expr, AnyObject):
        return "json_objects()"
    if isinstance(expr, Array):
        item = strategy(expr.item, closed)
        most = 3 if expr.limits.max_items is None else min(3, expr.limits.max_items)
        return f"st.lists({item}, min_size={expr.limits.min_items or 0}, max_size={most})"
    if isinstance(expr, Map):
        return f"st.dictionaries(text(max_length=8), {strategy(expr.value, closed)}, max_size=3)"
    if isinstance(expr, ObjRef):
        return f"st.deferred(lambda: s_{expr.name}({closed}))"
    if isinstance(expr, Dispatch):
        return f"st.one_of({', '.join(_members(expr, closed))})"
    if isinstance(expr, Union):
        return f"st.one_of({', '.join(strategy(b, closed) for b in expr.branches)})"
    if isinstance(expr, Nullable):
        return f"st.one_of(st.none(), {strategy(expr.inner, closed)})"
    raise TypeError(expr)


def _members(expr: Dispatch, closed: str) -> list[str]:
    """A strategy per member; one that may come without the discriminator sometimes does, where
    its fields tell it from the others."""
    out = []
    untagged = dict(expr.untagged)
    for value, case in expr.cases:
        members = case.members() if isinstance(case, Dispatch) else [case.name]
        for m in members:
            s = f"st.deferred(lambda: s_{m}({closed}))"
            if value in untagged:
                others = tuple(g for v, gs in expr.untagged if v != value for g in gs)
                s = f"maybe_untagged({s}, {expr.prop!r}, {untagged[value]!r}, {others!r})"
            out.append(s)
    return out


def _limits(limits: Limits) -> str:
    return f"minimum={_num(limits.minimum)}, maximum={_num(limits.maximum)}"


def object_strategy(obj: ObjectType) -> str:
    # An optional tag is always drawn: the union around the object leaves it out where it may.
    required = [f for f in obj.fields if f.required or f.tag is not None]
    optional = [f for f in obj.fields if not (f.required or f.tag is not None)]

    def entries(fields: list[Field]) -> list[str]:
        out = []
        for f in fields:
            value = f"st.just({f.tag!r})" if f.tag is not None else strategy(f.type)
            out.append(f"            {f.wire!r}: {value},")
        return out

    lines = [
        "@functools.cache",
        f"def s_{obj.name}(closed: bool = False) -> SearchStrategy[dict[str, Any]]:",
        f'    """Wire JSON of {obj.name} ({obj.source.file})."""',
        "    return json_object(",
        "        {",
        *entries(required),
        "        },",
        "        {",
        *entries(optional),
        "        },",
        "        closed=True," if obj.closed else "        closed=closed,",
        *([f"        require_any={list(obj.require_any)!r},"] if obj.require_any else []),
        "    )",
        "",
    ]
    return "\n".join(lines)


def emit_strategies(model: Model) -> str:
    out = [
        header(model, "Hypothesis strategies: schema-valid wire JSON for every object shape."),
        "from __future__ import annotations",
        "",
        "import functools",
        "from typing import Any",
        "",
        "from hypothesis import strategies as st",
        "from hypothesis.strategies import SearchStrategy",
        "",
        "from rt_codec._strategy_support import (",
        "    base64_text,",
        "    integers,",
        "    json_object,",
        "    json_objects,",
        "    maybe_untagged,",
        "    numbers,",
        "    text,",
        "    uris,",
        ")",
        "",
        "",
    ]
    out.append("\n\n".join(object_strategy(model.objects[n]) for n in sorted(model.objects)))
    out += ["", "# Named unions.", ""]
    for name, d in sorted(named_dispatches(model).items()):
        out += [
            "@functools.cache",
            f"def s_{name}(closed: bool = False) -> SearchStrategy[dict[str, Any]]:",
            f"    return {strategy(d)}",
            "",
            "",
        ]
    out += ["# Event type -> strategy, per dialect and direction."]
    out += event_tables(model, "s_", "functools._lru_cache_wrapper[SearchStrategy[dict[str, Any]]]")
    out += ["", "# (endpoint, request|response|webhook) -> strategy of that body."]
    out.append("REST: dict[tuple[str, str], SearchStrategy[Any]] = {")
    for b in sorted(model.bodies, key=lambda b: (b.endpoint, b.body)):
        out.append(f"    ({b.endpoint!r}, {b.body!r}): {strategy(b.type, repr(b.closed))},")
    out += ["}", ""]
    out += ["# (dialect, direction) pairs whose events carry no field the schemas do not name."]
    out.append(f"CLOSED: frozenset[tuple[str, str]] = frozenset({sorted(model.closed)!r})")
    out.append("")
    return "\n".join(out)
