"""The intermediate model -> rt_codec/_generated/conversions.py: the typed faces of
rt_codec.convert's `beta_to_ga` and `ga_to_beta`, one overload per event class, so that converting
a `BetaSessionUpdateEvent` gives a `SessionUpdateEvent` to a type checker too. Which class each
becomes is what the schemas say: the crossing an `x-ga-event` names, else the event of the same
wire type (or alias) in the other dialect."""

from __future__ import annotations

from rtgen.common import header, union_name
from rtgen.crossing import BETA, GA
from rtgen.emit_types import type_imports
from rtgen.load import DIRECTIONS
from rtgen.model import Model


def class_pairs(model: Model) -> list[tuple[str, str, str]]:
    """(direction, beta class, GA class) for every beta event with a GA counterpart."""
    ga_by_wire = {
        (e.direction, e.wire): e.object
        for e in model.events
        if e.dialect == GA  # with aliases: a beta name the GA event is also received under
    }
    crossed = {(c.direction, c.beta): c.ga for c in model.crossings}
    out = []
    for e in model.events:
        if e.dialect != BETA or e.alias_of is not None:
            continue
        ga_type = crossed.get((e.direction, e.wire), e.wire)
        ga_class = ga_by_wire.get((e.direction, ga_type))
        if ga_class is not None:
            out.append((e.direction, e.object, ga_class))
    return sorted(set(out))


def _function(
    name: str,
    mapping: dict[str, list[str]],
    source: list[str],
    target: list[str],
    impl: str,
    doc: str,
) -> list[str]:
    out = []
    for cls in sorted(mapping):
        result = " | ".join(sorted(set(mapping[cls])))
        out += ["@overload", f"def {name}(event: {cls}) -> {result}: ..."]
    out += [
        "@overload",
        f"def {name}(",
        f"    event: {' | '.join(source)} | UnknownEvent | dict[str, Any],",
        f") -> {' | '.join(target)}: ...",
        f"def {name}(event: object) -> Any:",
        f'    """{doc}"""',
        f"    from rt_codec.convert import {impl}",
        "",
        f"    return {impl}(event)",
    ]
    return out


def emit_conversions(model: Model) -> str:
    pairs = class_pairs(model)
    to_ga: dict[str, list[str]] = {}
    to_beta: dict[str, list[str]] = {}
    for _, beta, ga in pairs:
        to_ga.setdefault(beta, []).append(ga)
        to_beta.setdefault(ga, []).append(beta)
    names = sorted(
        {*to_ga, *to_beta}
        | {union_name(model, d, direction) for d in (GA, BETA) for direction in DIRECTIONS},
        key=str.lower,  # as ruff's isort orders them
    )
    beta_unions = [union_name(model, BETA, d) for d in DIRECTIONS]
    ga_unions = [union_name(model, GA, d) for d in DIRECTIONS]
    out = [
        header(model, "The typed faces of rt_codec.convert: an overload per event class."),
        '"""beta_to_ga and ga_to_beta, typed event class by event class (rt_codec.convert runs them)."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Any, overload",
        "",
        *type_imports(" ".join(names), model),
        "from rt_codec._runtime import UnknownEvent",
        "",
        "",
    ]
    out += _function(
        "beta_to_ga",
        to_ga,
        beta_unions,
        ga_unions,
        "_beta_to_ga",
        "The GA event saying what a beta event says.\n\n"
        "    Takes a typed beta event or its wire dict (decoded strictly with `rt_codec.beta`; a dict\n"
        "    that does not decode, like an UnknownEvent, raises ConversionError). Raises\n"
        "    ConversionError, with the JSON Pointer of the source field, when part of the event has\n"
        "    no GA counterpart, and TypeError for an object that is not a beta event.",
    )
    out += ["", ""]
    out += _function(
        "ga_to_beta",
        to_beta,
        ga_unions,
        beta_unions,
        "_ga_to_beta",
        "The beta event saying what a GA event says.\n\n"
        "    Takes a typed GA event or its wire dict (decoded strictly with `rt_codec`). A GA session\n"
        '    of type "transcription" becomes a transcription_session.* event. Raises\n'
        "    ConversionError when part of the event (or the whole event, for GA-only events) has no\n"
        "    beta counterpart, and TypeError for an object that is not a GA event.",
    )
    out += ["", "", '__all__ = ["beta_to_ga", "ga_to_beta"]', ""]
    return "\n".join(out)
