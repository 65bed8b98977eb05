"""Checks across the events of a session, which no single event shows.

Feed events in capture order to `SessionChecker.check(direction, event)`; each call returns the
session findings that event raises. State is kept per session (a `session.created` starts a new one)
and is bounded, so memory stays flat however long the capture:

- `session.duplicate_event_id`: an event_id seen before in the same direction (the last 100,000 ids
  per direction are remembered);
- `session.unannounced`: a delta or done event for a response, output item or content part that was
  never announced (`response.created`, `response.output_item.added`, `response.content_part.added`);
  checked from the first `session.created` on, since a capture may start mid-session;
- `session.after_done`: an event for a response after its `response.done`;
- `session.delta_mismatch`: concatenated deltas that differ from their done event (output text,
  audio transcript, function-call and MCP-call arguments, input transcription);
- `session.unknown_error_source`: an `error` whose event_id names no client event sent earlier.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, Final

from rt_codec._violation import Violation
from rt_codec.dialects import CANONICAL_GA

REMEMBERED: Final = 100_000

# Response-scoped events: type -> what they need announced ("response", "item", "part").
SCOPED: Final = {
    "response.output_item.added": "response",
    "response.output_item.done": "item",
    "response.content_part.added": "item",
    "response.content_part.done": "part",
    "response.output_text.delta": "part",
    "response.output_text.done": "part",
    "response.output_audio.delta": "part",
    "response.output_audio.done": "part",
    "response.output_audio_transcript.delta": "part",
    "response.output_audio_transcript.done": "part",
    "response.function_call_arguments.delta": "item",
    "response.function_call_arguments.done": "item",
    "response.mcp_call_arguments.delta": "item",
    "response.mcp_call_arguments.done": "item",
    "response.done": "response",
}

# Streams of deltas and the done event that repeats their sum: delta type -> (done type, field).
STREAMS: Final = {
    "response.output_text.delta": ("response.output_text.done", "text"),
    "response.output_audio_transcript.delta": (
        "response.output_audio_transcript.done",
        "transcript",
    ),
    "response.function_call_arguments.delta": (
        "response.function_call_arguments.done",
        "arguments",
    ),
    "response.mcp_call_arguments.delta": ("response.mcp_call_arguments.done", "arguments"),
    "conversation.item.input_audio_transcription.delta": (
        "conversation.item.input_audio_transcription.completed",
        "transcript",
    ),
}
DONE_OF: Final = {done: (delta, field) for delta, (done, field) in STREAMS.items()}


class _Recent:
    """A set that forgets its oldest members past a size, so memory stays bounded."""

    def __init__(self, limit: int = REMEMBERED) -> None:
        self.limit = limit
        self.items: OrderedDict[Hashable, None] = OrderedDict()

    def add(self, item: Hashable) -> None:
        self.items[item] = None
        if len(self.items) > self.limit:
            self.items.popitem(last=False)

    def __contains__(self, item: Hashable) -> bool:
        return item in self.items

    def discard(self, item: Hashable) -> None:
        self.items.pop(item, None)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _diverge(joined: str, final: str) -> str:
    """Where two texts part, in a few words, without quoting either at length."""
    for offset, (a, b) in enumerate(zip(joined, final, strict=False)):
        if a != b:
            return f"they differ at character {offset}"
    shorter = "deltas" if len(joined) < len(final) else "done event"
    return f"the {shorter} stop at character {min(len(joined), len(final))}"


class SessionChecker:
    def __init__(self) -> None:
        self.started = False
        self._reset()

    def _reset(self) -> None:
        self.event_ids = {"client": _Recent(), "server": _Recent()}
        self.responses = _Recent()
        self.done = _Recent()
        self.items = _Recent()
        self.parts = _Recent()
        self.deltas: dict[tuple[str, Hashable], list[str]] = {}

    def check(self, direction: str | None, event: dict[str, Any]) -> list[Violation]:
        found: list[Violation] = []
        wire = event.get("type")
        if isinstance(wire, str):
            wire = CANONICAL_GA.get(wire, wire)  # beta names are checked as their GA events
        if wire in ("session.created", "transcription_session.created"):
            self._reset()
            self.started = True
        event_id = _str(event.get("event_id"))
        if event_id is not None and direction in self.event_ids:
            seen = self.event_ids[direction]
            if event_id in seen:
                found.append(
                    Violation(
                        "/event_id",
                        "session.duplicate_event_id",
                        f"{direction.capitalize()} event_id {event_id[:64]!r} was used before",
                    )
                )
            seen.add(event_id)
        if direction == "server" and isinstance(wire, str):
            found += self._server(wire, event)
        return found

    def _server(self, wire: str, event: dict[str, Any]) -> list[Violation]:
        found: list[Violation] = []
        if wire == "error":
            error = event.get("error")
            source = _str(error.get("event_id")) if isinstance(error, dict) else None
            if source is not None and source not in self.event_ids["client"]:
                found.append(
                    Violation(
                        "/error/event_id",
                        "session.unknown_error_source",
                        f"The error names client event {source[:64]!r}, which was not sent earlier",
                    )
                )
            return found
        response = event.get("response")
        response_id = _str(event.get("response_id"))
        if response_id is None and isinstance(response, dict):
            response_id = _str(response.get("id"))
        item_id = _str(event.get("item_id"))
        item = event.get("item")
        if item_id is None and isinstance(item, dict):
            item_id = _str(item.get("id"))
        index = event.get("content_index")
        part = (item_id, index if isinstance(index, int) and not isinstance(index, bool) else None)

        if wire == "response.created" and response_id is not None:
            self.responses.add(response_id)
        elif wire in SCOPED:
            if response_id is not None and response_id in self.done:
                found.append(
                    Violation(
                        "/response_id" if "response_id" in event else "/response/id",
                        "session.after_done",
                        f"Response {response_id[:64]!r} already ended with response.done",
                    )
                )
            if self.started:
                found += self._announced(wire, event, response_id, item_id, part)
            if wire == "response.output_item.added" and item_id is not None:
                self.items.add(item_id)
            elif wire == "response.content_part.added":
                self.parts.add(part)
            elif wire == "response.done" and response_id is not None:
                self.done.add(response_id)
                self.responses.discard(response_id)
        found += self._streams(wire, event, item_id, part)
        return found

    def _announced(
        self,
        wire: str,
        event: dict[str, Any],
        response_id: str | None,
        item_id: str | None,
        part: tuple[Any, Any],
    ) -> list[Violation]:
        need = SCOPED[wire]
        known = response_id is None or response_id in self.responses or response_id in self.done
        if not known:
            where = "/response_id" if "response_id" in event else "/response/id"
            return [
                Violation(
                    where,
                    "session.unannounced",
                    f"Response {str(response_id)[:64]!r} was never announced by response.created",
                )
            ]
        if need in ("item", "part") and item_id is not None and item_id not in self.items:
            return [
                Violation(
                    "/item_id" if "item_id" in event else "/item/id",
                    "session.unannounced",
                    f"Item {item_id[:64]!r} was never announced by response.output_item.added",
                )
            ]
        if need == "part" and item_id is not None and part not in self.parts:
            return [
                Violation(
                    "/content_index",
                    "session.unannounced",
                    f"Content part {part[1]!r} of item {item_id[:64]!r} was never announced "
                    "by response.content_part.added",
                )
            ]
        return []

    def _streams(
        self, wire: str, event: dict[str, Any], item_id: str | None, part: tuple[Any, Any]
    ) -> list[Violation]:
        key: Hashable = part if "content_index" in event else item_id
        if wire in STREAMS:
            delta = event.get("delta")
            if isinstance(delta, str) and item_id is not None:
                self.deltas.setdefault((wire, key), []).append(delta)
            return []
        if wire not in DONE_OF:
            return []
        delta_type, field = DONE_OF[wire]
        pieces = self.deltas.pop((delta_type, key), None)
        final = event.get(field)
        if pieces is None or not isinstance(final, str):
            return []
        joined = "".join(pieces)
        if joined == final:
            return []
        return [
            Violation(
                f"/{field}",
                "session.delta_mismatch",
                f"The {len(pieces)} {delta_type} deltas ({len(joined)} characters) do not add up to "
                f"the {field} of {wire} ({len(final)} characters): {_diverge(joined, final)}",
            )
        ]
