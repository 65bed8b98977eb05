"""Checking: frames -> findings (each event validated, the session checked across events) -> a
bounded report."""

from __future__ import annotations

import functools
import io
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

from rt_codec import catalogue
from rt_codec._base64 import decoded_size
from rt_codec._catalogue import EventInfo
from rt_codec._runtime import at_pointer, json_pointer, quoted
from rt_codec._violation import Violation
from rt_codec.audio import DEFAULT_BYTES_PER_SECOND, bytes_per_second
from rt_codec.capture._read import DEFAULT_MAX_BYTES, Frame, read
from rt_codec.capture._rules import matches, patterns
from rt_codec.dialects import SPOKEN
from rt_codec.session import DIALECT_NAMES, MAX_STREAMS, SessionChecker
from rt_codec.validation import inspect, is_note, passes, shown, type_finding

AUTO: Final = "auto"  # realtime or beta, told per event by rt_codec.dialects.sniff
DIALECTS: Final = (AUTO, *catalogue.DIALECTS)
SHOWN_PER_RULE: Final = 20
PROGRESS_EVERY: Final = 50_000
MAX_VIOLATIONS: Final = 10_000
MAX_TYPES: Final = 200
SHOWN_CHARS: Final = 64
RULES: Final = frozenset({"capture.no_events", "event.unknown_type"})  # the checker's own
MAX_POINTER: Final = 1024  # a finding's pointer longer than this has its long keys cut
_ALL_TYPES: Final = frozenset(
    t for d in catalogue.DIALECTS for r in catalogue.DIRECTIONS for t in catalogue.names(d, r)
)


def _overlays_of(dialect: str) -> list[str]:
    return [o for o, base in catalogue.OVERLAYS.items() if base == dialect]


@functools.cache
def _session_names(spoken: str | None, direction: str) -> frozenset[str]:
    """The types a session may send that speaks `spoken` (None: not told yet): its own, and those
    of the overlays on it or the base under it."""
    if spoken is None:
        return frozenset().union(*(catalogue.names(d, direction) for d in SPOKEN))
    related = {spoken, catalogue.OVERLAYS.get(spoken, spoken), *_overlays_of(spoken)}
    return frozenset().union(*(catalogue.names(d, direction) for d in related))


_OVERLAY_TYPES: Final = frozenset().union(
    *(catalogue.names(o, d) for o in catalogue.OVERLAYS for d in catalogue.DIRECTIONS)
) - frozenset().union(
    *(
        catalogue.names(b, d)
        for b in catalogue.DIALECTS
        if b not in catalogue.OVERLAYS
        for d in catalogue.DIRECTIONS
    )
)

# In auto mode, the types only the `x-auto` dialects (Live) have among those auto mode speaks: one
# in a session that has not shown such a dialect is checked in none (its name alone tells nothing
# when translation has it too), and the finding says which dialects know it.
_AUTO_ONLY: Final = frozenset().union(
    *(catalogue.names(d, r) for d in catalogue.AUTO for r in catalogue.DIRECTIONS)
) - frozenset().union(
    *(
        catalogue.names(d, r)
        for d in SPOKEN
        if d not in catalogue.AUTO
        for r in catalogue.DIRECTIONS
    )
)

# Every dialect's types, to say which dialect knows a type the one being checked does not.
_TYPES_OF: Final = {
    d: catalogue.names(d, "client") | catalogue.names(d, "server") for d in catalogue.DIALECTS
}
OTHER_TYPES: Final = "(other types)"


def printable(text: str, limit: int = SHOWN_CHARS) -> str:
    """Text safe to print: control and other unprintable characters escaped, cut at `limit`."""
    if len(text) > limit:
        return printable(text[:limit], limit) + f"... ({len(text)} characters)"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class Directions:
    """Which way a bare event went, from its type."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        spoken = SPOKEN if dialect == AUTO else (dialect,)
        # the dispatch tables: every type, and the other names (aliases) each dialect accepts
        self.client = {t for name in spoken for t in catalogue.names(name, "client")}
        self.server = {t for name in spoken for t in catalogue.names(name, "server")}
        self.known = frozenset(self.client | self.server)

    def unknown(self, wire: str, checked: str | None = None) -> str:
        """Why a type has no direction (or, given `checked`, no event in that dialect), with a
        hint when another dialect knows it."""
        if checked is not None:
            spoken_in: tuple[str, ...] = (checked,)
        else:
            spoken_in = SPOKEN if self.dialect == AUTO else (self.dialect,)
        said = (
            f"{', '.join(spoken_in[:-1])} or {spoken_in[-1]}"
            if len(spoken_in) > 1
            else spoken_in[0]
        )
        message = f"No {said} event has type {quoted(wire)}"
        known = [d for d, types in _TYPES_OF.items() if d not in spoken_in and wire in types]
        if known:
            choices = " or ".join(f"--dialect {d}" for d in known[:2])
            message += f" (a {' or '.join(known[:2])} event: use {choices})"
        return message

    def __call__(self, wire: object) -> tuple[str | None, str | None]:
        if not isinstance(wire, str):
            return None, "direction unknown: the event has no string type"
        in_client, in_server = wire in self.client, wire in self.server
        if in_client and not in_server:
            return "client", None
        if in_server and not in_client:
            return "server", None
        if in_client and in_server:
            return "server", "type is both a client and a server event; checked as server"
        return None, "direction unknown: the type is neither a client nor a server event"


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding in a capture: the file, the line (JSONL) or JSON Pointer (documents), the event
    type as shown, and the violation (`path` inside the event, `rule`, `message`)."""

    file: str
    line: int | None
    index: str | None
    type: str
    path: str
    rule: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The finding as the --json report lists it (`line` for JSONL, else `index`)."""
        out: dict[str, Any] = {"file": self.file}
        if self.line is not None:
            out["line"] = self.line
        else:
            out["index"] = self.index
        out.update(type=self.type, path=self.path, rule=self.rule, message=self.message)
        return out

    def __str__(self) -> str:
        """One line, safe to print: control characters escaped, long pointers cut."""
        where = f"line {self.line}" if self.line is not None else printable(self.index or "/", 200)
        path = printable(self.path or "/", 200)
        return (
            f"{self.file} {where} {self.type} {path}: {printable(self.message, 1024)} [{self.rule}]"
        )


@dataclass
class Report:
    """What checking one or more captures found, kept bounded: counts of everything, the first
    MAX_VIOLATIONS findings in `violations`, SHOWN_PER_RULE examples of each rule, and at most
    MAX_TYPES event types per direction (the rest folded into "(other types)")."""

    events: int = 0
    valid: int = 0
    invalid: int = 0
    unchecked: int = 0  # server events of a type the schemas do not know (drift): not checked
    violations: list[Finding] = field(default_factory=list)
    omitted: int = 0  # findings past MAX_VIOLATIONS, counted in `rules` but not listed
    types: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    audio_bytes: Counter[str] = field(default_factory=Counter)
    # Seconds of audio, each event's at the rate its session's format says; and the bytes of
    # audio whose format the schemas do not describe (no duration is guessed for them).
    audio_time: dict[str, float] = field(default_factory=lambda: {"client": 0.0, "server": 0.0})
    audio_unknown_rate: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    shown: dict[str, list[Finding]] = field(default_factory=lambda: defaultdict(list))
    notes: Counter[str] = field(default_factory=Counter)
    files: list[tuple[str, str]] = field(default_factory=list)  # (name, format)
    dialects: Counter[str] = field(default_factory=Counter)
    limits: Counter[str] = field(default_factory=Counter)
    # Notes, which do not make a capture fail: deprecated fields and values in use ("session.update
    # /session/model: 'gpt-realtime' is deprecated: ..."), and fields the schemas do not name in
    # server events ("response.done /response/output/*/new_field"), with counts.
    deprecated: Counter[str] = field(default_factory=Counter)
    drift: Counter[str] = field(default_factory=Counter)
    max_violations: int = MAX_VIOLATIONS
    # Which rules count: `select` (none: all) less `ignore`, each an id or a prefix at a dot
    # (`session` for every session.* rule); the findings of other rules are set aside, counted per
    # rule in `set_aside` and not listed. Checked against the rules rt_codec reports: ValueError.
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    set_aside: Counter[str] = field(default_factory=Counter)
    # Per input, in the order read: its name, format, events, findings and dialects.
    inputs: list[FileSummary] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.select or self.ignore:
            self.select = patterns(self.select, "select")
            self.ignore = patterns(self.ignore, "ignore")

    def wants(self, rule: str) -> bool:
        """Whether findings of `rule` count, as `select` and `ignore` say."""
        if self.select and not any(matches(p, rule) for p in self.select):
            return False
        return not any(matches(p, rule) for p in self.ignore)

    def add(self, finding: Finding) -> None:
        """Count a finding and keep it (bounded), or set it aside when its rule is not wanted."""
        if (self.select or self.ignore) and not self.wants(finding.rule):
            self.set_aside[finding.rule] += 1
            return
        self.rules[finding.rule] += 1
        examples = self.shown[finding.rule]
        if len(examples) < SHOWN_PER_RULE:
            examples.append(finding)
        if len(self.violations) < self.max_violations:
            self.violations.append(finding)
        else:
            self.omitted += 1

    def note(self, kind: str, key: str) -> None:
        """Count a note (`deprecated` or `drift`); past MAX_TYPES kinds of each, only counted."""
        notes: Counter[str] = getattr(self, kind)
        if key in notes or len(notes) < MAX_TYPES:
            notes[key] += 1
        else:
            notes[OTHER_NOTES] += 1
            self.limits[kind] += 1

    def count_type(self, direction: str, wire: str) -> None:
        """Count one event of a type; past MAX_TYPES types per direction, as "(other types)"."""
        types = self.types[direction]
        if wire in types or len(types) < MAX_TYPES:
            types[wire] += 1
        else:
            types[OTHER_TYPES] += 1
            self.limits["types"] += 1

    def merge(self, other: Report) -> None:
        """Add `other` (a report of the captures that come after this one's) as if its captures had
        been checked into this report in order: counts add up, listed findings and examples stop
        at this report's bounds, and event types and notes past MAX_TYPES fold as they would
        have. `rt-codec validate` checks each input into a report of its own and merges them in
        input order, so that checking in parallel (`--jobs`) gives the same report. Raises
        TypeError for what is not a Report, ValueError for this report itself or a report whose
        `select`/`ignore` differ from this one's (its counts would mean other rules)."""
        if not isinstance(other, Report):
            raise TypeError(f"Can only merge a Report, not {type(other).__name__}")
        if other is self:
            raise ValueError("A report cannot be merged into itself")
        if (set(other.select), set(other.ignore)) != (set(self.select), set(self.ignore)):
            raise ValueError(
                f"Cannot merge a report of select={list(other.select)} ignore="
                f"{list(other.ignore)} into one of select={list(self.select)} "
                f"ignore={list(self.ignore)}: check every capture with the same rules"
            )
        self.events += other.events
        self.valid += other.valid
        self.invalid += other.invalid
        self.unchecked += other.unchecked
        room = max(0, self.max_violations - len(self.violations))
        self.violations += other.violations[:room]
        self.omitted += other.omitted + max(0, len(other.violations) - room)
        for direction, types in other.types.items():
            mine = self.types[direction]
            for wire, count in types.items():
                if wire != OTHER_TYPES and (wire in mine or len(mine) < MAX_TYPES):
                    mine[wire] += count
                else:
                    mine[OTHER_TYPES] += count
                    if wire != OTHER_TYPES:
                        self.limits["types"] += count
        self.audio_bytes.update(other.audio_bytes)
        for direction, seconds in other.audio_time.items():
            self.audio_time[direction] = self.audio_time.get(direction, 0.0) + seconds
        self.audio_unknown_rate.update(other.audio_unknown_rate)
        self.rules.update(other.rules)
        for rule, examples in other.shown.items():
            shown = self.shown[rule]
            shown += examples[: max(0, SHOWN_PER_RULE - len(shown))]
        self.notes.update(other.notes)
        for kind in ("deprecated", "drift"):
            mine_notes: Counter[str] = getattr(self, kind)
            for key, count in getattr(other, kind).items():
                if key != OTHER_NOTES and (key in mine_notes or len(mine_notes) < MAX_TYPES):
                    mine_notes[key] += count
                else:
                    mine_notes[OTHER_NOTES] += count
                    if key != OTHER_NOTES:
                        self.limits[kind] += count
        self.files += other.files
        self.dialects.update(other.dialects)
        self.limits.update(other.limits)
        self.set_aside.update(other.set_aside)
        self.inputs += other.inputs

    @property
    def audio_seconds(self) -> dict[str, float]:
        """Seconds of audio per direction, at the format and rate the session said (16-bit PCM at
        24 kHz until it says otherwise); audio in a format we cannot time is not counted here but
        in `audio_unknown_rate` (bytes)."""
        return {d: round(self.audio_time[d], 3) for d in ("client", "server")}

    def to_dict(self) -> dict[str, Any]:
        """The report as `rt-codec validate --json` prints it."""
        return {
            "violations": [v.to_dict() for v in self.violations],
            "violations_omitted": self.omitted,
            "events": self.events,
            "valid": self.valid,
            "invalid": self.invalid,
            "unchecked": self.unchecked,
            "rules": dict(sorted(self.rules.items())),
            "audio_seconds": self.audio_seconds,
            "audio_bytes_unknown_rate": {
                d: self.audio_unknown_rate[d] for d in ("client", "server")
            },
            "notes": dict(sorted(self.notes.items())),
            "deprecated": dict(sorted(self.deprecated.items())),
            "drift": dict(sorted(self.drift.items())),
            "dialects": dict(sorted(self.dialects.items())),
            "files": [summary.to_dict() for summary in self.inputs]
            or [{"file": name, "format": kind} for name, kind in self.files],
            "set_aside": dict(sorted(self.set_aside.items())),
            "limits": dict(sorted(self.limits.items())),
        }


@dataclass(frozen=True, slots=True)
class FileSummary:
    """What one input of a report held: its name and format (JSONL, envelopes, HAR, ...), its
    events, the findings counted and set aside, the dialects its events showed, and whether it was
    blank (no bytes, or only whitespace)."""

    file: str
    format: str
    events: int
    findings: int
    set_aside: int
    dialects: tuple[str, ...]
    blank: bool

    def to_dict(self) -> dict[str, Any]:
        """The input's entry in `files` of the --json report."""
        return {
            "file": self.file,
            "format": self.format,
            "events": self.events,
            "findings": self.findings,
            "set_aside": self.set_aside,
            "dialects": list(self.dialects),
            "blank": self.blank,
        }


Source = str | os.PathLike[str] | bytes | IO[bytes]
"""What `check` reads: a path, the capture's bytes, or a binary stream."""


def check(
    source: Source,
    *,
    dialect: str = AUTO,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
    report: Report | None = None,
    on_finding: Callable[[Finding], None] | None = None,
    progress: Callable[[int], None] | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> Report:
    """Check a capture: a path, the capture's bytes, or a binary stream (read to its end, not
    closed). Every event is validated in its dialect and the session is checked across events.

    `dialect` is "auto" (GA and beta told apart per event), "realtime", "beta" or "translation";
    `max_bytes` bounds each line, HAR entry and message. Pass `report` to add to one report from
    several captures; `on_finding` sees each finding as it is found, `progress` the count of
    events every PROGRESS_EVERY events. `select` and `ignore` choose the rules that count (rule ids
    or prefixes at a dot, e.g. `ignore=["event.unknown_type"]`; see `Report`), for a new report
    only: a report passed in keeps its own. Raises OSError when a path cannot be opened or read,
    ValueError for an unknown dialect or a rule pattern that names no rule (or a selection given
    with a report); bad content is always a finding."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; expected one of {', '.join(DIALECTS)}")
    select, ignore = tuple(select), tuple(ignore)
    if report is None:
        report = Report(select=select, ignore=ignore)
    elif select or ignore:
        raise ValueError("select and ignore are for a new report; give them to Report(...) instead")
    if isinstance(source, (str, os.PathLike)):
        label = name if name is not None else display_name(os.fspath(source))
        with open(source, "rb") as handle:
            _check_stream(handle, dialect, max_bytes, label, report, on_finding, progress)
        return report
    if isinstance(source, (bytes, bytearray, memoryview)):
        stream: IO[bytes] = io.BytesIO(bytes(source))
        label = name or "<bytes>"
    else:
        stream, label = source, name or "<stream>"
    _check_stream(stream, dialect, max_bytes, label, report, on_finding, progress)
    return report


def display_name(path: str | Path) -> str:
    """A file name that prints and encodes as UTF-8 whatever bytes it was made of."""
    text = os.fspath(path)
    return printable(
        text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"), 4096
    )


def _check_stream(
    handle: IO[bytes],
    dialect: str,
    max_bytes: int,
    name: str,
    report: Report,
    on_finding: Callable[[Finding], None] | None,
    progress: Callable[[int], None] | None,
) -> None:
    directions = Directions(dialect)
    reading = read(handle, directions, max_bytes=max_bytes)
    events_before = report.events
    findings_before = sum(report.rules.values())
    aside_before = sum(report.set_aside.values())
    session = SessionChecker(dialect)
    check_frames(reading, directions, name, report, session, on_finding, progress, _Formats())
    report.files.append((name, reading.kind))
    report.limits.update(reading.limits)  # Counter.update adds
    report.limits.update(session.limits)
    report.dialects.update(session.dialects)
    if report.events == events_before:
        message = (
            "The capture is empty"
            if reading.bytes_read == 0
            else f"No events in {reading.bytes_read} bytes (read as {reading.kind})"
        )
        _record(
            report, name, _NO_FRAME, "?", Violation("", "capture.no_events", message), on_finding
        )
    report.inputs.append(
        FileSummary(
            name,
            reading.kind,
            report.events - events_before,
            sum(report.rules.values()) - findings_before,
            sum(report.set_aside.values()) - aside_before,
            tuple(d for d, _ in session.dialects.most_common()),
            not reading.content,
        )
    )


_NO_FRAME: Final = Frame(None, "", None, None, [])


def _record(
    report: Report,
    name: str,
    frame: Frame,
    shown_type: str,
    violation: Violation,
    on_finding: Callable[[Finding], None] | None,
) -> None:
    finding = Finding(
        name,
        frame.line,
        frame.index if frame.line is None else None,
        shown_type,
        _pattern_free(violation.path),
        violation.rule,
        printable(violation.message, 1024),
    )
    report.add(finding)
    if on_finding is not None and report.wants(finding.rule):
        on_finding(finding)


def check_frames(
    frames: Iterable[Frame],
    directions: Directions,
    name: str,
    report: Report,
    session: SessionChecker,
    on_finding: Callable[[Finding], None] | None = None,
    progress: Callable[[int], None] | None = None,
    formats: _Formats | None = None,
) -> None:
    """Validate each frame and the session they make; add to the report."""
    if formats is None:
        formats = _Formats()
    for frame in frames:
        if frame.note:
            report.notes[frame.note] += 1
        if not frame.counts and not frame.problems:
            continue  # a binary frame: counted in the notes
        if frame.event is None and not frame.problems:
            continue
        report.events += frame.counts
        found = list(frame.problems)
        unchecked = False
        event = frame.event
        wire = event.get("type") if event is not None else None
        if isinstance(wire, str):
            shown_type = wire if wire in directions.known else printable(wire)
        else:
            shown_type = "?"
        if event is not None:
            direction = frame.direction or directions(wire)[0]
            if not isinstance(wire, str):
                problem = type_finding(event)
                if problem is not None:
                    found.append(problem)
            elif direction is None:
                found.append(Violation("/type", "event.unknown_type", directions.unknown(wire)))
            else:
                across = session.check(direction, event)  # and tells the event's dialect
                mix = [v for v in across if v.rule == "session.dialect_mix"]
                found += mix
                # a type only an overlay on another dialect has (Voice Live's in a GA session)
                foreign = (
                    session.auto
                    and wire in _OVERLAY_TYPES
                    and wire not in _session_names(session.spoken, direction)
                )
                if (
                    (wire not in _ALL_TYPES or foreign)
                    and frame.direction == "server"
                    and len(wire) <= _EVENT_NAME_MAX
                    and _EVENT_NAME.fullmatch(wire)
                ):
                    # A server event of a type no dialect's schemas know (or, in auto mode, only an
                    # overlay on another dialect): the API adds events as it goes, so a note
                    # (drift) and not a finding; nothing in it can be checked.
                    report.note("drift", f"{shown_type} (an event type the schemas do not know)")
                    unchecked = True
                elif wire not in directions.known:
                    found.append(Violation("/type", "event.unknown_type", directions.unknown(wire)))
                elif session.auto and wire in _AUTO_ONLY and session.dialect not in catalogue.AUTO:
                    found.append(
                        Violation(
                            "/type",
                            "event.unknown_type",
                            directions.unknown(wire, session.dialect),
                        )
                    )
                else:
                    checked, drifted, values = inspect(event, session.dialect, direction)
                    if session.auto and not all(is_note(n) for n in checked):
                        # Valid only in an overlay on the session's dialect (Voice Live over
                        # beta): the session speaks the overlay, and always did.
                        for overlay in _overlays_of(session.dialect):
                            if passes(event, overlay, direction) and session.adopt(overlay):
                                checked, drifted, values = inspect(event, overlay, direction)
                                break
                    for note in checked:
                        if not is_note(note):
                            found.append(note)
                            continue
                        key = f"{shown_type} {_pattern(note.path)}: {note.message}"
                        report.note("deprecated", key)
                    # Counted once per event: how many events carry it.
                    seen = {f"{shown_type} {_place(place)}" for place in drifted}
                    seen |= {f"{shown_type} {_place(p)} = {shown(v)}" for p, v in values}
                    for key in sorted(seen):
                        report.note("drift", key)
                found += [v for v in across if v.rule != "session.dialect_mix"] if mix else across
                report.count_type(direction, shown_type)
                info = catalogue.lookup(session.dialect, direction, wire)
                if info is not None and direction == "server":
                    formats.update(info, event)
                audio = event.get(info.audio) if info is not None and info.audio else None
                if isinstance(audio, str):
                    size = decoded_size(audio)
                    report.audio_bytes[direction] += size
                    rate = formats.rates["input" if direction == "client" else "output"]
                    fixed = info.audio_as if info is not None else None
                    if fixed is not None and (fixed[1] is None or fixed[1] in event):
                        rate = bytes_per_second(fixed[0])  # always this format (`x-audio-as`)
                    if rate is None:
                        report.audio_unknown_rate[direction] += size
                    else:
                        report.audio_time[direction] += size / rate
        if found:
            for violation in found:
                _record(report, name, frame, shown_type, violation, on_finding)
        if found and (
            not (report.select or report.ignore) or any(report.wants(v.rule) for v in found)
        ):
            report.invalid += frame.counts
        elif unchecked:
            report.unchecked += frame.counts
        else:
            report.valid += frame.counts
        if progress is not None and frame.counts and report.events % PROGRESS_EVERY == 0:
            progress(report.events)


class _Formats:
    """The session's audio formats as bytes per second, input (what the client sends) and output
    (what the server sends), from the server events that report them (`x-audio-format` and
    `x-audio-rate` in the schemas: session.created and session.updated); None for a format we
    cannot time."""

    def __init__(self) -> None:
        self.rates: dict[str, int | None] = {}
        self.said: dict[str, tuple[object, object]] = {}
        self.reset()

    def reset(self) -> None:
        self.rates = {"input": DEFAULT_BYTES_PER_SECOND, "output": DEFAULT_BYTES_PER_SECOND}
        self.said = {"input": (None, None), "output": (None, None)}  # (format, sample rate)

    def update(self, info: EventInfo, event: dict[str, Any]) -> None:
        if info.opens == "session":
            self.reset()
        changed: set[str] = set()
        seen: set[tuple[int, str]] = set()  # the first place that says it wins (GA's new name)
        for index, places in ((0, info.formats), (1, info.rates)):
            for role, pointer in places:
                value = at_pointer(event, pointer)
                if value is None or (index, role) in seen:
                    continue
                seen.add((index, role))
                said = list(self.said[role])
                said[index] = value
                if index == 0 and said[0] != self.said[role][0]:
                    said[1] = None  # a new format: a rate said for the old one no longer holds
                self.said[role] = (said[0], said[1])
                changed.add(role)
        for role in changed:
            self.rates[role] = bytes_per_second(*self.said[role])


# What a new server event type looks like (`response.output_video.delta`): lower-case words and
# dots, not too long. Anything else is no drift but a finding (`event.unknown_type`).
_EVENT_NAME: Final = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+){0,7}")
_EVENT_NAME_MAX: Final = 128


def _pattern(pointer: str) -> str:
    """A JSON Pointer with its array indexes as `*`, so that the same field counts once, and each
    long key cut (note keys stay small whatever the input)."""
    return "/".join("*" if part.isdigit() else _cut(part) for part in pointer.split("/"))


def _pattern_free(pointer: str) -> str:
    """A finding's JSON Pointer with each long key cut, as messages are: a report stays small
    whatever keys the input has."""
    if len(pointer) <= MAX_POINTER:
        return pointer
    return "/".join(_cut(part) for part in pointer.split("/"))


def _place(place: tuple[str | int, ...]) -> str:
    """A place in an event as a pattern: `/response/output/*/new_field`, long keys cut."""
    return "".join(
        "/*" if isinstance(key, int) else "/" + _cut(json_pointer([key])[1:]) for key in place
    )


def _cut(key: str) -> str:
    return key if len(key) <= SHOWN_CHARS else f"{key[:SHOWN_CHARS]}...({len(key)} characters)"


def write_text(report: Report, out: IO[str]) -> None:
    """The report as `rt-codec validate` prints it."""
    out.write(", ".join(f"{name} ({kind})" for name, kind in report.files) + "\n")
    if report.dialects:
        shown = "; ".join(
            f"{DIALECT_NAMES.get(d, d)}, shown by {n} events"
            for d, n in report.dialects.most_common()
        )
        out.write(f"dialect: {shown}" + (" - mixed\n" if len(report.dialects) > 1 else "\n"))
    unchecked = f", {report.unchecked} of unknown types (drift)" if report.unchecked else ""
    out.write(
        f"{report.events} events: {report.valid} valid, {report.invalid} with findings{unchecked}\n"
    )
    if len(report.inputs) > 1:
        out.write("\nper file:\n")
        for summary in report.inputs:
            shown_dialects = ", ".join(DIALECT_NAMES.get(d, d) for d in summary.dialects) or "-"
            aside = f", {summary.set_aside} set aside" if summary.set_aside else ""
            blank = " (empty)" if summary.blank else ""
            out.write(
                f"  {summary.file}{blank}: {summary.events} events, {summary.findings} findings"
                f"{aside}; {summary.format}; dialect {shown_dialects}\n"
            )
    for direction in ("client", "server"):
        types = report.types.get(direction)
        if not types:
            continue
        seconds = report.audio_time[direction]
        verb = "sent" if direction == "client" else "received"
        unknown = report.audio_unknown_rate[direction]
        untimed = f", and {unknown} bytes in a format of unknown rate" if unknown else ""
        out.write(
            f"\n{direction}: {sum(types.values())} events, {seconds:.2f} s of audio {verb} "
            f"(at the session's audio format){untimed}\n"
        )
        for wire, count in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])):
            out.write(f"  {count:8d}  {wire}\n")
    if report.rules:
        out.write(f"\nfindings: {sum(report.rules.values())}\n")
        for rule, count in sorted(report.rules.items()):
            out.write(f"  {rule} ({count})\n")
            examples = report.shown[rule]
            for finding in examples:
                out.write(f"    {str(finding).rsplit(' [', 1)[0]}\n")
            if count > len(examples):
                out.write(f"    ... and {count - len(examples)} more\n")
    else:
        out.write("\nno findings\n")
    if report.set_aside:
        total = sum(report.set_aside.values())
        chosen = [f"--select {','.join(report.select)}"] if report.select else []
        chosen += [f"--ignore {','.join(report.ignore)}"] if report.ignore else []
        out.write(f"\nset aside ({' '.join(chosen)}; not counted as findings): {total}\n")
        for rule, count in sorted(report.set_aside.items()):
            out.write(f"  {rule} ({count})\n")
    if report.notes:
        out.write("\nnotes:\n")
        for note, count in sorted(report.notes.items()):
            out.write(f"  {count} x {note}\n")
    if report.deprecated:
        out.write("\ndeprecated (notes: they do not fail the check):\n")
        for note, count in sorted(report.deprecated.items()):
            out.write(f"  {count} x {printable(note, 1024)}\n")
    if report.drift:
        out.write(
            "\ndrift: what server events carry that the schemas do not know (notes: the API adds"
            " event types, fields and values; decoding keeps them):\n"
        )
        for note, count in sorted(report.drift.items(), key=lambda kv: (-kv[1], kv[0])):
            out.write(f"  {count:8d}  {printable(note, 1024)}\n")
    if report.limits:
        out.write("\nlimits reached:\n")
        for limit, count in sorted(report.limits.items()):
            out.write(f"  {count} x {LIMIT_NOTES.get(limit, limit)}\n")


OTHER_NOTES: Final = "(other notes)"
LIMIT_NOTES: Final = {
    "deprecated": f"a deprecation note past the first {MAX_TYPES} kinds, counted as {OTHER_NOTES}",
    "drift": f"a drift note past the first {MAX_TYPES} kinds, counted as {OTHER_NOTES}",
    "max_bytes": "a line, entry or message over the size limit, skipped",
    "streams": f"an unfinished delta stream forgotten (more than {MAX_STREAMS} open)",
    "types": f"an event of a type past the first {MAX_TYPES} per direction, counted as {OTHER_TYPES}",
}
