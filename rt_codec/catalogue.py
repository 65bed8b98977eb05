"""What the schemas say about each event type and REST body, for code that needs the facts and not
the decoders: every list of event types in rt_codec is read from here.

    from rt_codec import catalogue

    info = catalogue.lookup("realtime", "server", "response.audio.delta")
    info.type, info.cls, info.audio      # ('response.output_audio.delta', 'ResponseOutputAudioDeltaEvent', 'delta')
    len(catalogue.events("beta", "client"))

The facts come from annotations on the schema files (`x-aliases`, `x-audio`, `x-scope`,
`x-stream`, `x-opens`, `x-closes`, `x-client-event`, `x-sniff`, `x-transition`, `x-auto`; for beta <-> GA, `x-ga-event`,
`x-ga`, `x-beta`, `x-convert`, `x-no-counterpart`, `x-one-way`), checked by the generator.
`VoiceName`, `Modality`, `ToolChoiceMode`, `RealtimeModel` and `TranscriptionModel` are the
known values of those fields, as Literal types; `EventInfo.audio_limit` is the most decoded audio
an append carries (its field's maxLength)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from rt_codec._catalogue import BodyInfo, Crossing, EventInfo, Shape, Sniff
from rt_codec._generated.catalogue import (
    AUTO,
    BODIES,
    CROSSINGS,
    DISCRIMINATORS,
    ENCODINGS,
    EVENTS,
    OVERLAYS,
    SHAPES,
    VALUES,
    WEBSOCKETS,
    Modality,
    RealtimeModel,
    ToolChoiceMode,
    TranscriptionModel,
    VoiceName,
)

__all__ = [
    "ALIASES",
    "AUTO",
    "BODIES",
    "CROSSINGS",
    "DIALECTS",
    "DIRECTIONS",
    "DISCRIMINATORS",
    "ENCODINGS",
    "EVENTS",
    "OVERLAYS",
    "SHAPES",
    "VALUES",
    "WEBSOCKETS",
    "BodyInfo",
    "Crossing",
    "EventInfo",
    "Modality",
    "RealtimeModel",
    "Shape",
    "Sniff",
    "ToolChoiceMode",
    "TranscriptionModel",
    "VoiceName",
    "closer",
    "events",
    "every_name",
    "lookup",
    "names",
    "opener",
]

DIALECTS: Final = tuple(dict.fromkeys(dialect for dialect, _ in EVENTS))
DIRECTIONS: Final = ("client", "server")

# Every name an event is received under (its type and its aliases) -> its entry.
_BY_NAME: Final[dict[tuple[str, str], dict[str, EventInfo]]] = {
    key: {name: info for info in table.values() for name in (info.type, *info.aliases)}
    for key, table in EVENTS.items()
}

# Other name -> canonical type, per (dialect, direction).
ALIASES: Final[dict[tuple[str, str], dict[str, str]]] = {
    key: {alias: info.type for info in table.values() for alias in info.aliases}
    for key, table in EVENTS.items()
}


def events(dialect: str, direction: str) -> Mapping[str, EventInfo]:
    """The event types of a dialect and direction (canonical names) and what is known of each."""
    return EVENTS[dialect, direction]


def every_name(dialect: str, direction: str) -> Mapping[str, EventInfo]:
    """Every type the dialect accepts in that direction, canonical names and aliases, and the
    entry each stands for."""
    return _BY_NAME[dialect, direction]


def names(dialect: str, direction: str) -> frozenset[str]:
    """Every type the dialect accepts in that direction: canonical names and aliases."""
    return frozenset(_BY_NAME[dialect, direction])


def lookup(dialect: str, direction: str, wire: str) -> EventInfo | None:
    """The entry of the event received as `wire` (its type or an alias), or None if unknown."""
    table = _BY_NAME.get((dialect, direction))
    return None if table is None else table.get(wire)


def _server_events_by(fact: str) -> dict[tuple[str, str], str]:
    """(dialect, what) -> the server event whose `fact` (`opens`, `closes`) is `what`."""
    return {
        (dialect, getattr(info, fact)): info.type
        for (dialect, direction), table in EVENTS.items()
        if direction == "server"
        for info in table.values()
        if getattr(info, fact) is not None
    }


_OPENERS: Final = _server_events_by("opens")
_CLOSERS: Final = _server_events_by("closes")


def opener(dialect: str, what: str) -> str:
    """The server event that starts `what` (session, response, item, part) in a dialect, for
    messages; `what` itself when the dialect has none."""
    return _OPENERS.get((dialect, what), what)


def closer(dialect: str, what: str) -> str:
    """The server event that ends `what` (response) in a dialect, for messages."""
    return _CLOSERS.get((dialect, what), f"its {what}'s done event")
