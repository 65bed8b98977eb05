"""Which protocol an event speaks: GA `realtime` or `beta` (`OpenAI-Beta: realtime=v1`).

Most event types exist in both with the same shape, and say nothing. An event tells its dialect by a
name only one dialect has (`response.audio.delta` is beta, `response.output_audio.delta` GA), or, for
the session and response events both dialects share, by its shape: a GA session always has `type`,
a beta one never; a beta response says `modalities`, a GA one `output_modalities`."""

from __future__ import annotations

from typing import Any, Final

from rt_codec._generated import decode as _decode

REALTIME: Final = "realtime"
BETA: Final = "beta"


def _canonical(dialect: str, direction: str) -> frozenset[str]:
    """The dialect's own event types (its dispatch table lists the aliases it accepts too)."""
    return frozenset(_decode.TABLES[dialect, direction]) - frozenset(
        _decode.ALIASES[dialect, direction]
    )


# Types only one dialect has, and which: the name alone tells the dialect.
_BY_NAME: Final = {
    (direction, name): dialect
    for direction in ("client", "server")
    for dialect, other in ((REALTIME, BETA), (BETA, REALTIME))
    for name in _canonical(dialect, direction) - _canonical(other, direction)
}

_SESSION_EVENTS: Final = frozenset({"session.update", "session.created", "session.updated"})
_RESPONSE_EVENTS: Final = frozenset({"response.create", "response.created", "response.done"})
_GA_RESPONSE_KEYS: Final = ("output_modalities", "audio")
_BETA_RESPONSE_KEYS: Final = ("modalities", "output_audio_format", "max_response_output_tokens")

# Other dialect's name -> this dialect's name for the same event, per direction.
CANONICAL_GA: Final[dict[str, str]] = {
    **_decode.REALTIME_CLIENT_ALIASES,
    **_decode.REALTIME_SERVER_ALIASES,
}


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
    by_name = _BY_NAME.get((direction, wire))
    if by_name is not None:
        return by_name
    if wire in _SESSION_EVENTS:
        session = event.get("session")
        if isinstance(session, dict):
            return REALTIME if "type" in session else BETA
        return None
    if wire in _RESPONSE_EVENTS:
        response = event.get("response")
        if isinstance(response, dict):
            if any(k in response for k in _GA_RESPONSE_KEYS):
                return REALTIME
            if any(k in response for k in _BETA_RESPONSE_KEYS):
                return BETA
    return None


__all__ = ["BETA", "CANONICAL_GA", "REALTIME", "by_name", "sniff"]
