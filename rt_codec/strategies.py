"""Hypothesis strategies of realistic wire events, drawn from the same schemas as the codec.

Every value drawn is a JSON-ready dict that validates against its schema: base64 fields hold real
base64, fields that may be `null` are drawn omitted, null and set, and server events' objects
sometimes carry fields the schema does not know (as the API adds them; client events never do, since
the server refuses them). Use them to property-test code that handles events:

    from hypothesis import given
    from rt_codec import strategies

    @given(strategies.server_events())
    def test_my_handler(event: dict) -> None:
        my_handler(rt_codec.decode_server_event(event))

Needs hypothesis: `pip install 'rt_codec[strategies]'`.
"""

from __future__ import annotations

from typing import Any

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import SearchStrategy
except ImportError as exc:  # pragma: no cover - tested in a subprocess without hypothesis
    raise ImportError(
        "rt_codec.strategies needs hypothesis: pip install 'rt_codec[strategies]'",
        name=exc.name,
    ) from exc

from rt_codec._generated import strategies as _generated

_TABLES = _generated.TABLES
_CLOSED = _generated.CLOSED


def event_types(direction: str, dialect: str = "realtime") -> list[str]:
    """The event types of one dialect and direction, sorted."""
    return sorted(_TABLES[dialect, direction])


def event(type: str, direction: str, dialect: str = "realtime") -> SearchStrategy[dict[str, Any]]:
    """Events of one wire type, e.g. `event("response.done", "server")`."""
    try:
        make = _TABLES[dialect, direction][type]
    except KeyError:
        raise ValueError(f"no {dialect} {direction} event {type!r}") from None
    return make((dialect, direction) in _CLOSED)


def server_events(dialect: str = "realtime") -> SearchStrategy[dict[str, Any]]:
    """Any server event of the dialect."""
    return st.one_of([event(kind, "server", dialect) for kind in event_types("server", dialect)])


def client_events(dialect: str = "realtime") -> SearchStrategy[dict[str, Any]]:
    """Any client event of the dialect."""
    return st.one_of([event(kind, "client", dialect) for kind in event_types("client", dialect)])


__all__ = ["client_events", "event", "event_types", "server_events"]
