"""Beta <-> GA: which beta events GA says differently (`x-ga-event` on the beta event file) and how
each paired object's fields map (`x-ga` on the beta model's properties, `x-beta` on the GA model's,
with `x-convert`, `x-no-counterpart` and `x-one-way`). rt_codec.convert runs on what this gives, so
that a field added to either side is placed, refused with a reason, or an error here."""

from __future__ import annotations

from rtgen.model import (
    Crossing,
    Dispatch,
    Field,
    Model,
    Nullable,
    ObjectType,
    ObjRef,
    SchemaError,
    Shape,
    Source,
    TypeExpr,
)

GA = "realtime"
BETA = "beta"
Path = tuple[str, ...]


def _bare(expr: TypeExpr) -> TypeExpr:
    while isinstance(expr, Nullable):
        expr = expr.inner
    return expr


def _where(obj: ObjectType, f: Field) -> Source:
    return Source(obj.source.file, f"{obj.source.pointer}/properties/{f.wire}")


def _crossing(
    model: Model,
    e_object: str,
    direction: str,
    beta: str,
    ga_event: tuple[str, str, str | None],
    by_wire: dict[tuple[str, str, str], str],
) -> Crossing:
    obj = model.objects[e_object]
    src = Source(obj.source.file, "/x-ga-event")
    ga_type, member, case = ga_event
    ga_object = by_wire.get((GA, direction, ga_type))
    if ga_object is None:
        raise SchemaError(src, f"x-ga-event: no realtime {direction} event {ga_type!r}")
    beta_field = obj.field(member)
    ga_field = model.objects[ga_object].field(member)
    beta_side = _bare(beta_field.type) if beta_field is not None else None
    ga_side = _bare(ga_field.type) if ga_field is not None else None
    if not isinstance(beta_side, ObjRef) or ga_side is None:
        raise SchemaError(src, f"x-ga-event: `{member}` is not an object of both events")
    if isinstance(ga_side, ObjRef) and case is None:
        return Crossing(direction, beta, ga_type, member, beta_side.name, ga_side.name)
    if isinstance(ga_side, Dispatch) and case is not None:
        for value, target in ga_side.cases:
            if value == case and isinstance(target, ObjRef):
                return Crossing(
                    direction,
                    beta,
                    ga_type,
                    member,
                    beta_side.name,
                    target.name,
                    ga_side.prop,
                    case,
                )
    raise SchemaError(
        src,
        f"x-ga-event: a case is needed exactly where the GA `{member}` has cases, and must be one of them",
    )


def _b2g(model: Model, beta: str, ga: str, tag: str | None, read: set[tuple[str, str]]) -> Shape:
    obj = model.objects[beta]
    rules: list[tuple[Path, Path, str | None]] = []
    refuse: list[tuple[Path, str | None]] = []
    for f in obj.fields:
        cross = f.cross
        if cross is None:
            raise SchemaError(
                _where(obj, f),
                f"{beta}.{f.wire} is paired with GA {ga} and says nothing of where it goes: "
                "give x-ga (a dotted path there, or null)",
            )
        read.add((beta, f.wire))
        if cross.path is not None and model.field_at(ga, cross.path) is not None:
            rules.append(((f.wire,), cross.path, cross.convert))
        else:
            refuse.append(((f.wire,), cross.note))
    needs = tuple(f.wire for f in model.objects[ga].fields if f.required and f.wire != tag)
    return Shape(beta, ga, tuple(rules), tuple(refuse), needs=needs)


def _g2b(
    model: Model, there: Shape, ga: str, beta: str, tag: str | None, read: set[tuple[str, str]]
) -> Shape:
    """GA -> beta: the beta fields' way back (unless `x-one-way`), and `x-beta` on the GA side, at
    any depth of nested objects that no rule takes whole."""
    beta_obj = model.objects[beta]
    rules: list[tuple[Path, Path, str | None]] = []
    refuse: list[tuple[Path, str | None]] = []
    taken: dict[Path, str] = {}
    for source, target, convert in there.rules:
        f = beta_obj.field(source[0])
        assert f is not None and f.cross is not None
        if f.cross.one_way:
            continue
        if target in taken:
            raise SchemaError(
                _where(beta_obj, f),
                f"x-ga: `{taken[target]}` and `{f.wire}` both map to {'.'.join(target)}; "
                "mark all but one x-one-way",
            )
        taken[target] = f.wire
        rules.append((target, source, convert))

    def walk(name: str, at: Path, seen: frozenset[str]) -> None:
        obj = model.objects[name]
        for f in obj.fields:
            here = (*at, f.wire)
            if here in taken:
                if f.cross is not None:
                    raise SchemaError(
                        _where(obj, f),
                        f"x-beta: {name}.{f.wire} is already the way back of beta "
                        f"{beta}.{taken[here]}",
                    )
                continue
            if f.cross is not None:
                read.add((name, f.wire))
                if f.cross.path is None:
                    refuse.append((here, f.cross.note))
                elif model.field_at(beta, f.cross.path) is not None:
                    rules.append((here, f.cross.path, f.cross.convert))
                else:
                    raise SchemaError(
                        _where(obj, f), f"x-beta: beta {beta} has no field {'.'.join(f.cross.path)}"
                    )
                continue
            inner = _bare(f.type)
            if isinstance(inner, ObjRef) and inner.name not in seen:
                walk(inner.name, here, seen | {inner.name})

    walk(ga, (), frozenset({ga}))
    drop = (tag,) if tag is not None else ()
    needs = tuple(f.wire for f in beta_obj.fields if f.required)
    return Shape(ga, beta, tuple(rules), tuple(refuse), drop, needs)


def crossings(model: Model) -> tuple[list[Crossing], list[Shape]]:
    """The crossings and the shapes of every pair of objects they bring together, both ways;
    errors for an `x-ga` path that leads nowhere, a beta field that says nothing, two fields with
    one way back, and an annotation no crossing reads."""
    by_wire = {
        (e.dialect, e.direction, e.wire): e.object for e in model.events if e.alias_of is None
    }
    out = [
        _crossing(model, e.object, e.direction, e.wire, e.ga_event, by_wire)
        for e in model.events
        if e.dialect == BETA and e.alias_of is None and e.ga_event is not None
    ]
    out.sort(key=lambda c: (c.direction, c.beta))
    pairs = sorted({(c.beta_model, c.ga_model, c.tag) for c in out}, key=lambda p: (p[0], p[1]))
    shapes: list[Shape] = []
    read: set[tuple[str, str]] = set()
    for beta, ga, tag in pairs:
        there = _b2g(model, beta, ga, tag, read)
        shapes += [there, _g2b(model, there, ga, beta, tag, read)]
    # Every `x-ga` path reaches a field in at least one of the GA objects its model is paired with.
    for beta in sorted({p[0] for p in pairs}):
        obj = model.objects[beta]
        for f in obj.fields:
            assert f.cross is not None
            targets = [ga for b, ga, _ in pairs if b == beta]
            if f.cross.path is not None and all(
                model.field_at(ga, f.cross.path) is None for ga in targets
            ):
                raise SchemaError(
                    _where(obj, f),
                    f"x-ga: no field {'.'.join(f.cross.path)} in {' or '.join(targets)}",
                )
    for name in sorted(model.objects):
        obj = model.objects[name]
        for f in obj.fields:
            if f.cross is not None and (name, f.wire) not in read:
                raise SchemaError(
                    _where(obj, f),
                    "x-ga / x-beta on an object that no x-ga-event pairs with the other dialect",
                )
    return out, shapes
