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
- `session.unknown_error_source`: an `error` whose event_id names no client event sent earlier;
- `session.dialect_mix` (with `dialect="auto"`): the first event of a second dialect (beta names or
  shapes in a GA session, or the reverse), once per checker;
- `session.transition`: an event reporting a state change (`x-transition`: a Live call's transport
  ringing, then answered or failed) from a state it cannot follow: answered or failed without
  ringing before it, or anything after a final state (one no change leaves).

Limits: the last 100,000 ids of each kind are remembered (an id longer than 128 characters as
a digest); at most 10,000 delta streams are followed
at once (the oldest unfinished one is forgotten past that, counted in `limits["streams"]`), and of
each stream only its first 4,096 characters and a digest of every further 4,096 are kept, enough to
compare it with its done event and to say where they part.
"""

from __future__ import annotations

import hashlib
from collections import Counter, OrderedDict
from collections.abc import Hashable
from typing import Any, Final

from rt_codec import catalogue
from rt_codec._catalogue import EventInfo
from rt_codec._runtime import at_pointer, quoted
from rt_codec._violation import Violation
from rt_codec.dialects import by_name, overlays_named, sniff, within

REMEMBERED: Final = 100_000
MAX_STREAMS: Final = 10_000
RULES: Final = frozenset(
    {
        "session.after_done",
        "session.delta_mismatch",
        "session.dialect_mix",
        "session.duplicate_event_id",
        "session.transition",
        "session.unannounced",
        "session.unknown_error_source",
    }
)
"""The rule ids of the session checks."""
BLOCK: Final = 4096
DIALECT_NAMES: Final = {
    "realtime": "realtime (GA)",
    "beta": "beta (realtime=v1)",
    "voicelive": "Azure Voice Live (dated api-versions)",
    "voicelive_v1": "Azure Voice Live (api-version v1)",
    "live": "Live API",
}

# What each event starts, ends, needs announced and adds to is schema data (`x-opens`, `x-closes`,
# `x-scope`, `x-stream`, `x-client-event` on the event files), read from the catalogue; a type is
# checked as the event it names in the dialect the event is checked in (so a beta name in a GA
# session is its GA event).

# A done event -> the delta events whose sum it repeats, and the field that does, per dialect.
DONE_OF: Final[dict[str, dict[str, tuple[str, str]]]] = {
    dialect: {
        info.stream[0]: (info.type, info.stream[1])
        for info in catalogue.events(dialect, "server").values()
        if info.stream is not None
    }
    for dialect in catalogue.DIALECTS
}


# (dialect, direction, machine) -> the states some change leaves, per `x-transition`: any other
# state a machine enters is final.
_LEFT: Final[dict[tuple[str, str, str], frozenset[str | None]]] = {}
# (dialect, direction, machine, state) -> the event type that enters it, for messages.
_ENTERED_BY: Final[dict[tuple[str, str, str, str], str]] = {}
for (_dialect, _direction), _table in catalogue.EVENTS.items():
    for _info in _table.values():
        if _info.transition is not None:
            _machine, _sources, _state = _info.transition
            _key = (_dialect, _direction, _machine)
            _LEFT[_key] = _LEFT.get(_key, frozenset()) | frozenset(_sources)
            _ENTERED_BY[_dialect, _direction, _machine, _state] = _info.type


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


LONG_ID: Final = 128


def _str(value: object) -> str | None:
    """An id as the checker keeps it: itself, or for one longer than LONG_ID characters its first
    64 and a digest of the whole, so that memory does not grow with the size of the ids."""
    if not isinstance(value, str):
        return None
    if len(value) <= LONG_ID:
        return value
    return f"{value[:64]}...#{_digest(value).hex()}"


def _first_difference(a: str, b: str) -> int | None:
    """The first index where two strings differ, or None when one starts the other."""
    for offset, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return offset
    return None


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()


class _Stream:
    """The deltas of one stream, kept as what is needed to compare them with their done event: the
    first BLOCK characters, a digest per further BLOCK, and the unfinished last block."""

    __slots__ = ("count", "digests", "first", "length", "tail", "tail_length")

    def __init__(self) -> None:
        self.count = 0
        self.length = 0
        self.first = ""
        self.digests: list[bytes] = []
        self.tail: list[str] = []
        self.tail_length = 0

    def add(self, piece: str) -> None:
        self.count += 1
        self.length += len(piece)
        if len(self.first) < BLOCK:
            room = BLOCK - len(self.first)
            self.first += piece[:room]
            piece = piece[room:]
        if not piece:
            return
        self.tail.append(piece)
        self.tail_length += len(piece)
        if self.tail_length >= BLOCK:
            joined = "".join(self.tail)
            whole = len(joined) // BLOCK * BLOCK
            self.digests.extend(_digest(joined[at : at + BLOCK]) for at in range(0, whole, BLOCK))
            rest = joined[whole:]
            self.tail, self.tail_length = ([rest] if rest else []), len(rest)

    def diverge(self, final: str) -> str | None:
        """Where the deltas and `final` part, in a few words; None when they are equal."""
        at = _first_difference(self.first, final)
        if at is not None:
            return f"they differ at character {at}"
        for number, digest in enumerate(self.digests):
            start = BLOCK * (number + 1)
            block = final[start : start + BLOCK]
            if len(block) < BLOCK:
                break
            if _digest(block) != digest:
                return f"they differ between characters {start} and {start + BLOCK}"
        else:
            start = BLOCK * (len(self.digests) + 1)
            tail = "".join(self.tail)
            at = _first_difference(tail, final[start:])
            if at is not None:
                return f"they differ at character {start + at}"
        if self.length == len(final):
            return None
        shorter = "deltas" if self.length < len(final) else "done event"
        return f"the {shorter} stop at character {min(self.length, len(final))}"


class SessionChecker:
    """Checks the events of one capture or connection, in order, across events.

    `dialect` is "auto" (GA or beta, told per event: a second dialect is reported once as
    `session.dialect_mix`), or the one dialect the events speak. Feed every event, in order, to
    `check`; then `dialect` is the one to validate that event in. `dialects` counts the events that
    showed their dialect; `limits` counts what was forgotten because a bound was reached."""

    def __init__(self, dialect: str = "auto") -> None:
        self.auto = dialect == "auto"
        self.fixed = None if self.auto else dialect
        self.dialect = self.fixed or "realtime"  # of the last event checked
        self.dialects: Counter[str] = Counter()
        self.limits: Counter[str] = Counter()
        self.spoken: str | None = None  # the first dialect an event showed
        self.mixed = False
        self.started = False
        self._reset()

    def _reset(self) -> None:
        self.event_ids = {"client": _Recent(), "server": _Recent()}
        self.responses = _Recent()
        self.done = _Recent()
        self.items = _Recent()
        self.parts = _Recent()
        self.deltas: OrderedDict[Hashable, _Stream] = OrderedDict()
        self.states: dict[str, str] = {}  # machine -> its state (`x-transition`)

    def adopt(self, overlay: str) -> bool:
        """Take the session to speak `overlay`, an overlay on what it spoke so far (an event valid
        only there showed it); False, changing nothing, when the session is fixed or speaks
        another dialect."""
        if self.fixed is not None or (self.spoken is not None and not within(self.spoken, overlay)):
            return False
        if self.spoken is not None and self.spoken != overlay:
            self.dialects[overlay] += self.dialects.pop(self.spoken, 0)
        self.spoken = self.dialect = overlay
        return True

    def _dialect_of(self, direction: str, event: dict[str, Any]) -> tuple[str, list[Violation]]:
        """The dialect to check this event in, and the one `session.dialect_mix` finding when it
        is the first event of a second dialect."""
        if self.fixed is not None:
            return self.fixed, []
        shown = sniff(event, direction)
        wire = event.get("type")
        if (
            shown is not None
            and shown != self.spoken
            and self.spoken in catalogue.AUTO
            and isinstance(wire, str)
            and by_name(wire, direction) is None
            and catalogue.lookup(self.spoken, direction, wire) is not None
        ):
            # a name the session's own dialect (Live) has too (`session.update`): the shape that
            # tells GA from beta says nothing here
            shown = None
        if (
            shown in catalogue.OVERLAYS
            and self.spoken is not None
            and not (within(self.spoken, shown) or within(shown, self.spoken))
        ):
            shown = None  # an overlay on another dialect than this session's: no tell
        if shown is None and isinstance(wire, str):
            # a type only overlays have tells the one that fits the session, if one does
            fitting = [
                o
                for o in sorted(overlays_named(wire, direction))
                if self.spoken is None or within(self.spoken, o) or within(o, self.spoken)
            ]
            shown = fitting[0] if len(fitting) == 1 else None
        if shown is None:
            return self.spoken or "realtime", []
        if self.spoken is not None and self.spoken != shown and within(self.spoken, shown):
            # an overlay on what it spoke so far (Voice Live over beta): it spoke that all along
            self.dialects[shown] += self.dialects.pop(self.spoken, 0)
            self.spoken = shown
        if self.spoken is not None and within(shown, self.spoken):
            shown = self.spoken  # a base event in an overlay's session is the overlay's too
        self.dialects[shown] += 1
        if self.spoken is None:
            self.spoken = shown
        elif shown != self.spoken and not self.mixed:
            self.mixed = True
            wire = event.get("type")
            named = isinstance(wire, str) and by_name(wire, direction) is not None
            return shown, [
                Violation(
                    "/type" if named else "",
                    "session.dialect_mix",
                    f"A {DIALECT_NAMES.get(shown, shown)} event in a "
                    f"{DIALECT_NAMES.get(self.spoken, self.spoken)} capture; "
                    "reported once per capture",
                )
            ]
        return shown, []

    def check(self, direction: str | None, event: dict[str, Any]) -> list[Violation]:
        """The session findings this event raises (its own shape is validation's job). Afterwards
        `dialect` is the dialect to validate the event in: the one it showed, or the session's."""
        found: list[Violation] = []
        if direction in ("client", "server"):
            self.dialect, found = self._dialect_of(direction, event)
        wire = event.get("type")
        info = None
        if isinstance(wire, str) and direction in ("client", "server"):
            info = catalogue.lookup(self.dialect, direction, wire)
        if info is not None and info.opens == "session":
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
                        f"{direction.capitalize()} event_id {quoted(event_id)} was used before",
                    )
                )
            seen.add(event_id)
        if direction is not None and info is not None and info.transition is not None:
            found += self._transition(info, direction)
        if direction == "server" and info is not None:
            found += self._server(info, event)
        return found

    def _transition(self, info: EventInfo, direction: str) -> list[Violation]:
        """A state change from a state it may not follow (`x-transition`). Only a change that may
        happen moves the machine, so that one wrong event is one finding."""
        assert info.transition is not None
        machine, sources, state = info.transition
        current = self.states.get(machine)
        if current in sources:
            self.states[machine] = state
            return []
        key = (info.dialect, direction, machine)
        if current is None:
            before = " or ".join(_ENTERED_BY.get((*key, s), s) for s in sources if s is not None)
            why = f"without {before} before it"
        else:
            last = _ENTERED_BY.get((*key, current), current)
            final = current not in _LEFT.get(key, frozenset())
            why = f"after {last}" + (f", which ended the {machine}" if final else "")
        return [Violation("/type", "session.transition", f"{info.type} {why}")]

    def _server(self, info: EventInfo, event: dict[str, Any]) -> list[Violation]:
        found: list[Violation] = []
        if info.client_event is not None:
            source = _str(at_pointer(event, info.client_event))
            if source is not None and source not in self.event_ids["client"]:
                found.append(
                    Violation(
                        info.client_event,
                        "session.unknown_error_source",
                        f"The {info.type} names client event {quoted(source)}, "
                        "which was not sent earlier",
                    )
                )
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

        if info.opens == "response" and response_id is not None:
            self.responses.add(response_id)
        elif info.scope is not None:
            if response_id is not None and response_id in self.done:
                found.append(
                    Violation(
                        "/response_id" if "response_id" in event else "/response/id",
                        "session.after_done",
                        f"Response {quoted(response_id)} already ended with "
                        + catalogue.closer(info.dialect, "response"),
                    )
                )
            if self.started:
                found += self._announced(info, event, response_id, item_id, part)
            if info.opens == "item" and item_id is not None:
                self.items.add(item_id)
            elif info.opens == "part":
                self.parts.add(part)
            elif info.closes == "response" and response_id is not None:
                self.done.add(response_id)
                self.responses.discard(response_id)
        found += self._streams(info, event, item_id, part)
        return found

    def _announced(
        self,
        info: EventInfo,
        event: dict[str, Any],
        response_id: str | None,
        item_id: str | None,
        part: tuple[Any, Any],
    ) -> list[Violation]:
        need = info.scope
        known = response_id is None or response_id in self.responses or response_id in self.done
        if not known:
            where = "/response_id" if "response_id" in event else "/response/id"
            return [
                Violation(
                    where,
                    "session.unannounced",
                    f"Response {quoted(str(response_id))} was never announced by "
                    + catalogue.opener(info.dialect, "response"),
                )
            ]
        if need in ("item", "part") and item_id is not None and item_id not in self.items:
            return [
                Violation(
                    "/item_id" if "item_id" in event else "/item/id",
                    "session.unannounced",
                    f"Item {quoted(item_id)} was never announced by "
                    + catalogue.opener(info.dialect, "item"),
                )
            ]
        if need == "part" and item_id is not None and part not in self.parts:
            return [
                Violation(
                    "/content_index",
                    "session.unannounced",
                    f"Content part {part[1]!r} of item {quoted(item_id)} was never announced "
                    "by " + catalogue.opener(info.dialect, "part"),
                )
            ]
        return []

    def _streams(
        self, info: EventInfo, event: dict[str, Any], item_id: str | None, part: tuple[Any, Any]
    ) -> list[Violation]:
        key: Hashable = part if "content_index" in event else item_id
        wire = info.type
        if info.stream is not None:
            delta = event.get("delta")
            if isinstance(delta, str) and item_id is not None:
                stream = self.deltas.get((wire, key))
                if stream is None:
                    stream = self.deltas[wire, key] = _Stream()
                    if len(self.deltas) > MAX_STREAMS:
                        self.deltas.popitem(last=False)
                        self.limits["streams"] += 1
                stream.add(delta)
            return []
        done_of = DONE_OF.get(info.dialect, {})
        if wire not in done_of:
            return []
        delta_type, field = done_of[wire]
        stream = self.deltas.pop((delta_type, key), None)
        final = event.get(field)
        if stream is None or not isinstance(final, str):
            return []
        where = stream.diverge(final)
        if where is None:
            return []
        return [
            Violation(
                f"/{field}",
                "session.delta_mismatch",
                f"The {stream.count} {delta_type} deltas ({stream.length} characters) do not add "
                f"up to the {field} of {wire} ({len(final)} characters): {where}",
            )
        ]
