"""The intermediate model -> hypothesis strategies that draw schema-valid wire JSON for every shape."""

from __future__ import annotations

from rtgen.common import event_tables, header, named_dispatches
from rtgen.kinds import kind
from rtgen.model import Field, Model, ObjectType, TypeExpr


def strategy(expr: TypeExpr, closed: str = "closed") -> str:
    """Python source of a strategy expression drawing valid JSON values for `expr`; `closed` is the
    source of a bool: whether objects may carry fields the schemas do not name."""
    return kind(expr).strategy(expr, closed)


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
