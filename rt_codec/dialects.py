"""Which protocol an event speaks: GA `realtime` or `beta` (`OpenAI-Beta: realtime=v1`), or
another base dialect whose unions say `x-auto` (the Live API).

Most event types exist in both with the same shape, and say nothing. An event tells its dialect by a
name only one dialect has (`response.audio.delta` is beta, `response.output_audio.delta` GA), or, for
the session and response events both dialects share, by its shape: the schemas mark those events
with `x-sniff` (the member object to look at), and the generator works out which fields of it only
one dialect defines (a GA session's `type`, a beta response's `modalities`) and which one dialect
always has (a GA session always has `type`, a beta one never). A dialect with `x-auto` is told by the
names no other base dialect has (`session.started` is Live's; `session.output_audio.delta`, which
translation has too, tells nothing by itself)."""

from __future__ import annotations

from typing import Any, Final

from rt_codec import catalogue
from rt_codec._catalogue import Sniff

REALTIME: Final = "realtime"
BETA: Final = "beta"
_SNIFFED: Final = (REALTIME, BETA)  # the dialects one endpoint may mix


def _canonical(dialect: str, direction: str) -> frozenset[str]:
    return frozenset(catalogue.events(dialect, direction))


# Types only one dialect has, and which: the name alone tells the dialect. Aliased names count for
# the dialect whose canonical name they are. An overlay (Voice Live over beta) is told by what is
# valid only in it (the capture checks try it where an event fails its base) or by its shape.
_BASES: Final = tuple(d for d in catalogue.DIALECTS if d not in catalogue.OVERLAYS)


def _auto_names(direction: str) -> frozenset[str]:
    return frozenset().union(*(catalogue.names(d, direction) for d in catalogue.AUTO))


_BY_NAME: Final = {
    (direction, name): dialect
    for direction in catalogue.DIRECTIONS
    for dialect, other in ((REALTIME, BETA), (BETA, REALTIME))
    for name in _canonical(dialect, direction)
    - _canonical(other, direction)
    - _auto_names(direction)
}
# The `x-auto` dialects (Live): the names no other base dialect has, translation's included.
for _direction in catalogue.DIRECTIONS:
    for _dialect in catalogue.AUTO:
        _others = frozenset().union(
            *(catalogue.names(b, _direction) for b in _BASES if b != _dialect)
        )
        for _name in catalogue.names(_dialect, _direction) - _others:
            _BY_NAME[_direction, _name] = _dialect

# (direction, type) -> the overlays that have the type while neither base dialect does.
_OVERLAY_NAMES: Final[dict[tuple[str, str], frozenset[str]]] = {}
for _overlay, _base in catalogue.OVERLAYS.items():
    for _direction in catalogue.DIRECTIONS:
        _others = _canonical(REALTIME, _direction) | _canonical(BETA, _direction)
        for _name in catalogue.names(_overlay, _direction) - _others:
            _key = (_direction, _name)
            _OVERLAY_NAMES[_key] = _OVERLAY_NAMES.get(_key, frozenset()) | {_overlay}


def overlays_named(wire: str, direction: str) -> frozenset[str]:
    """The overlay dialects that have this type where neither base does (the session chooses
    among them by what it speaks)."""
    return _OVERLAY_NAMES.get((direction, wire), frozenset())


# The dialects a capture of one endpoint may speak, told apart as above.
SPOKEN: Final = (
    REALTIME,
    BETA,
    *(o for o, b in catalogue.OVERLAYS.items() if b in (REALTIME, BETA)),
    *catalogue.AUTO,
)


def within(dialect: str, other: str) -> bool:
    """Whether every event of `dialect` is one of `other`'s: the same, or `other` an overlay on it."""
    return dialect == other or catalogue.OVERLAYS.get(other) == dialect


# (direction, type) -> an overlay's `x-sniff` facts: the fields it adds to its base's member object.
_OVERLAY_SHAPES: Final[dict[tuple[str, str], dict[str, Sniff]]] = {}
for _overlay, _base in catalogue.OVERLAYS.items():
    if _base in (REALTIME, BETA):
        for _direction in catalogue.DIRECTIONS:
            for _info in catalogue.events(_overlay, _direction).values():
                if _info.sniff is not None:
                    _OVERLAY_SHAPES.setdefault((_direction, _info.type), {})[_overlay] = _info.sniff

# (direction, type) -> the dialects' `x-sniff` facts, for the types both share.
_BY_SHAPE: Final[dict[tuple[str, str], dict[str, Sniff]]] = {}
for _dialect in _SNIFFED:
    for _direction in catalogue.DIRECTIONS:
        for _info in catalogue.events(_dialect, _direction).values():
            if _info.sniff is not None:
                _BY_SHAPE.setdefault((_direction, _info.type), {})[_dialect] = _info.sniff


def by_name(wire: str, direction: str) -> str | None:
    """The dialect a type belongs to when only one dialect has it, else None."""
    return _BY_NAME.get((direction, wire))


def sniff(event: dict[str, Any], direction: str) -> str | None:
    """ "realtime" or "beta" when the event shows its dialect, else None (it reads the same in both).

    Aliased names count for the dialect whose canonical name they are: a `response.audio.delta`
    is beta wherever it turns up."""
    wire = event.get("type")
    if not isinstance(wire, str):
        return None
    named = _BY_NAME.get((direction, wire))
    if named is not None:
        return named
    shapes = _BY_SHAPE.get((direction, wire))
    shown = None if shapes is None else by_shape(event, shapes)
    # an overlay (Voice Live), by the fields it adds to its base's session or response
    for overlay, sniffed in _OVERLAY_SHAPES.get((direction, wire), {}).items():
        if shown not in (None, catalogue.OVERLAYS[overlay]):
            continue
        obj = event.get(sniffed.member)
        if isinstance(obj, dict) and any(key in obj for key in sniffed.marks):
            return overlay
    return shown


def by_shape(event: dict[str, Any], shapes: dict[str, Sniff]) -> str | None:
    """The one dialect the member object's fields point to: a dialect lacking a field it always
    has is ruled out; of the rest, the one whose own fields are present (or the only one left)."""
    member = next(iter(shapes.values())).member
    obj = event.get(member)
    if not isinstance(obj, dict):
        return None
    left = [d for d, s in shapes.items() if all(key in obj for key in s.required)]
    marked = [d for d in left if any(key in obj for key in shapes[d].marks)]
    if len(marked) == 1:
        return marked[0]
    if not marked and len(left) == 1:
        return left[0]
    return None


__all__ = [
    "BETA",
    "REALTIME",
    "SPOKEN",
    "by_name",
    "by_shape",
    "overlays_named",
    "sniff",
    "within",
]
