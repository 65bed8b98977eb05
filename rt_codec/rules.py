"""Protocol rules that cross fields where JSON Schema cannot say them. Each takes the event as a
dict, whatever its shape (the schema findings report shapes), and returns its findings.

Rules the schemas can state live there, with their rule id in `x-rules`: audio.max_bytes,
audio.pcm_rate, tool.mcp_server. Fields that must agree are marked in the schemas too
(`x-same-as`, e.g. a response's older `input_audio_format` and its `audio.input.format`); the
catalogue lists, per event, where they are, and `agreement` compares them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final

from rt_codec import catalogue
from rt_codec._catalogue import EventInfo
from rt_codec._generated import decode as _decode
from rt_codec._runtime import untagged_case
from rt_codec._violation import Violation


def _at(node: Any, keys: list[str]) -> Any:
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def agreement(info: EventInfo, event: dict[str, Any]) -> Iterator[Violation]:
    """Two fields that say the same thing (an older name and a newer place) must agree when both
    are given."""
    for base, field, other, rule in info.agree:
        obj = _at(event, base.split("/")[1:])
        older = _at(obj, field.split("."))
        newer = _at(obj, other.split("."))
        if older is not None and newer is not None and _meaning(older) != _meaning(newer):
            yield Violation(
                f"{base}/{field.replace('.', '/')}", rule, f"{field} differs from {other}"
            )


def _meaning(value: Any) -> Any:
    """What a value says, for comparing: an object's kind (one without `type` is the kind its union
    takes untagged, as an audio format without `type` is pcm) and its other fields. A rate is left
    out: pcm has one rate, and any other is a finding of its own (audio.pcm_rate)."""
    if not isinstance(value, dict):
        return value
    kind = value["type"] if "type" in value else untagged_case(value, _decode._U_AudioFormat)
    return kind, {k: v for k, v in value.items() if k not in ("type", "rate")}


RULES: tuple[Callable[[EventInfo, dict[str, Any]], Iterator[Violation]], ...] = (agreement,)


# (dialect, direction) -> the types (and other names) whose events have rules to check, so that
# the many events with none cost one lookup.
_RULED: Final = {
    key: {name: info for name, info in table.items() if info.agree}
    for key, table in ((key, catalogue.every_name(*key)) for key in catalogue.EVENTS)
}


def check(dialect: str, direction: str, wire: str, event: dict[str, Any]) -> list[Violation]:
    info = _RULED.get((dialect, direction), {}).get(wire)
    if info is None:
        return []
    return [violation for rule in RULES for violation in rule(info, event)]


def ruled(dialect: str, direction: str) -> frozenset[str]:
    """The event types (and other names) of a dialect and direction that have rules to check."""
    return frozenset(_RULED.get((dialect, direction), {}))
