"""Protocol rules that cross fields where JSON Schema cannot say them. Each takes the event as a
dict, whatever its shape (the schema findings report shapes), and returns its findings.

Rules the schemas can state live there, with their rule id in `x-rules`: audio.max_bytes,
audio.pcm_rate, tool.mcp_server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from rt_codec._generated import decode as _decode
from rt_codec._runtime import untagged_case
from rt_codec._violation import Violation


def _at(event: dict[str, Any], *keys: str) -> Any:
    node: Any = event
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def format_conflict(wire: str, event: dict[str, Any]) -> Iterator[Violation]:
    """response.create may give the input format twice (the older input_audio_format and
    audio.input.format); then both must be the same."""
    if wire != "response.create":
        return
    older = _at(event, "response", "input_audio_format")
    newer = _at(event, "response", "audio", "input", "format")
    if older is not None and newer is not None and _meaning(older) != _meaning(newer):
        yield Violation(
            "/response/input_audio_format",
            "response.format_conflict",
            "input_audio_format differs from audio.input.format",
        )


def _meaning(fmt: Any) -> Any:
    """What an audio format says: its kind (a format without `type` is the one its union takes
    untagged, pcm) and its other fields. A rate is left out: pcm has one rate, and any other is
    a finding of its own (audio.pcm_rate)."""
    if not isinstance(fmt, dict):
        return fmt
    kind = fmt["type"] if "type" in fmt else untagged_case(fmt, _decode._U_AudioFormat)
    return kind, {k: v for k, v in fmt.items() if k not in ("type", "rate")}


RULES: tuple[Callable[[str, dict[str, Any]], Iterator[Violation]], ...] = (format_conflict,)


def check(wire: str, event: dict[str, Any]) -> list[Violation]:
    return [violation for rule in RULES for violation in rule(wire, event)]
