"""Names derived from the wire: one place, tested by a table in tests/test_generator.py."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[._/\-]+")


def pascal(text: str) -> str:
    """`output_audio.delta` -> `OutputAudioDelta`; capitals inside a word are kept (`MCPCall`)."""
    return "".join(part[:1].upper() + part[1:] for part in _SEPARATORS.split(text) if part)


def event_class_name(wire_type: str, dialect: str) -> str:
    """`response.output_audio.delta` -> `ResponseOutputAudioDeltaEvent`; the translation dialect's
    events get a `Translation` prefix, since several share a wire type with the realtime dialect."""
    prefix = "" if dialect == "realtime" else pascal(dialect)
    return f"{prefix}{pascal(wire_type)}Event"
