"""The records the generated catalogue (rt_codec/_generated/catalogue.py) is made of.

One `EventInfo` per event type, dialect and direction, and one `BodyInfo` per REST body: what the
schemas say about each, read by the session checks, audio accounting, dialect sniffing, validation
dispatch and the tests, so that none of them keeps a list of event types of its own."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sniff:
    """How an event shared by several dialects shows which one it is (`x-sniff` on its files): by
    the fields of its `member` object. A field in `marks` is one only this dialect defines there; a
    field in `required` is one this dialect always has there and the others do not define, so that
    an object without it is not of this dialect."""

    member: str
    marks: tuple[str, ...] = ()
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventInfo:
    """One event type of one dialect and direction, as its schema file says."""

    dialect: str
    direction: str
    type: str  # the canonical wire type
    cls: str  # the generated dataclass
    schema: str  # its file, relative to schemas/
    aliases: tuple[str, ...] = ()  # other names it is received under (`x-aliases`)
    audio: str | None = None  # the field carrying base64 audio (`x-audio`)
    audio_limit: int | None = None  # the most bytes of decoded audio it carries (its maxLength)
    scope: str | None = None  # what must be announced before it: response, item, part (`x-scope`)
    stream: tuple[str, str] | None = None  # a delta's done event and its summing field (`x-stream`)
    opens: str | None = None  # what it starts: session, response, item, part (`x-opens`)
    closes: str | None = None  # what it ends: response (`x-closes`)
    client_event: str | None = (
        None  # pointer to a field naming a client event_id (`x-client-event`)
    )
    sniff: Sniff | None = None  # how it shows its dialect (`x-sniff`)
    # Fields that must say the same when both are given (`x-same-as`): (pointer of their object,
    # the field, the field it repeats, as dotted paths, and the rule id of the finding).
    agree: tuple[tuple[str, str, str, str], ...] = ()
    # Where it gives the session's audio formats (`x-audio-format`): ("input" or "output", pointer).
    formats: tuple[tuple[str, str], ...] = ()
    # Where it gives their sample rates apart from the format (`x-audio-rate`), likewise.
    rates: tuple[tuple[str, str], ...] = ()
    # A state change it reports (`x-transition`): (machine, the states it may follow, None for
    # "none yet", the state it enters), e.g. ("transport", ("ringing",), "answered").
    transition: tuple[str, tuple[str | None, ...], str] | None = None
    # The format its audio is always in, whatever the session says, and the field whose presence
    # makes it so (None: always) (`x-audio-as`), e.g. ({"type": "audio/pcm", "rate": 24000},
    # "start_ms") for Live's sideband copies of output audio.
    audio_as: tuple[dict[str, object], str | None] | None = None


@dataclass(frozen=True)
class BodyInfo:
    """A REST request or response body, or a webhook payload."""

    endpoint: str  # "POST /realtime/client_secrets", "webhook realtime.call.incoming"
    body: str  # request, response or webhook
    name: str  # its class (or type alias)
    schema: str  # its file, relative to schemas/
    closed: bool = False  # the server refuses fields it does not know (`x-closed`)


@dataclass(frozen=True)
class Crossing:
    """A beta event that GA says with another type or another shape of its member object
    (`x-ga-event` on the beta event file)."""

    direction: str
    beta: str  # the beta type
    ga: str  # the GA type
    member: str  # the object whose shape changes: "session", "response"
    beta_model: str  # its class on each side
    ga_model: str
    tag: str | None = None  # the GA member's discriminator, where GA has cases
    case: str | None = None  # its value for this crossing


@dataclass(frozen=True)
class Shape:
    """How one object maps to its counterpart in the other dialect (`x-ga` on beta model
    properties, `x-beta` on GA ones): paths of keys from the source object to the target object,
    each with the name of the value conversion on the way (`x-convert`); the source paths with no
    counterpart and why (`x-no-counterpart`); source fields the event type says instead (`drop`);
    fields the target must have (`needs`)."""

    source: str
    target: str
    rules: tuple[tuple[tuple[str, ...], tuple[str, ...], str | None], ...]
    refuse: tuple[tuple[tuple[str, ...], str | None], ...] = ()
    drop: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
