"""`rt-codec validate PATH...`: check captured Realtime traffic event by event and as a session.

Reads JSONL (bare events or `{"direction", "event"|"data", "ts"}` envelopes) and browser HAR
exports, detected from their first bytes; `-` is standard input, a directory stands for the
captures in it. Exit status: 0 clean, 1 findings, 2 usage error or unreadable file.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

import orjson

from rt_codec import capture
from rt_codec._base64 import decoded_size
from rt_codec._generated import decode as _decode
from rt_codec._violation import Violation
from rt_codec.dialects import CANONICAL_GA, by_name, sniff
from rt_codec.session import SessionChecker
from rt_codec.validation import validate

PCM16_BYTES_PER_SECOND: Final = 24000 * 2
SHOWN_PER_RULE: Final = 20
PROGRESS_EVERY: Final = 50_000
CAPTURE_SUFFIXES: Final = (".jsonl", ".json", ".har", ".ndjson")
AUTO: Final = "auto"  # realtime or beta, told per event by rt_codec.dialects.sniff
DIALECT_NAMES: Final = {"realtime": "realtime (GA)", "beta": "beta (realtime=v1)"}
_TRANSLATION_TYPES: Final = frozenset(_decode.TRANSLATION_CLIENT) | frozenset(
    _decode.TRANSLATION_SERVER
)
# Events carrying audio: type -> field, for the seconds sent and received (beta names via CANONICAL_GA).
AUDIO_FIELDS: Final = {
    "input_audio_buffer.append": "audio",
    "response.output_audio.delta": "delta",
    "session.input_audio_buffer.append": "audio",
    "session.output_audio.delta": "delta",
}


@dataclass
class Report:
    """What one run found, kept bounded: counts, and the first findings of each rule."""

    events: int = 0
    valid: int = 0
    invalid: int = 0
    types: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    audio_bytes: Counter[str] = field(default_factory=Counter)
    rule_counts: Counter[str] = field(default_factory=Counter)
    shown: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: Counter[str] = field(default_factory=Counter)
    formats: list[str] = field(default_factory=list)
    # events that showed their dialect (rt_codec.dialects.sniff), per dialect
    dialects: Counter[str] = field(default_factory=Counter)


class Directions:
    """Which way a bare event went, from its type."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        spoken = ("realtime", "beta") if dialect == AUTO else (dialect,)
        # the dispatch tables: every type, and the other names (aliases) each dialect accepts
        self.client = {t for name in spoken for t in _decode.TABLES[name, "client"]}
        self.server = {t for name in spoken for t in _decode.TABLES[name, "server"]}
        self.known = frozenset(self.client | self.server)

    def unknown(self, wire: str) -> str:
        """Why a type has no direction, with a hint when another dialect knows it."""
        spoken = "realtime or beta" if self.dialect == AUTO else self.dialect
        message = f"No {spoken} event has type {wire[:64]!r}"
        if self.dialect != "translation" and wire in _TRANSLATION_TYPES:
            message += " (a translation event: use --dialect translation)"
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


def expand(paths: Sequence[str]) -> list[str]:
    """Paths as given, a directory standing for the captures directly inside it."""
    out: list[str] = []
    for path in paths:
        folder = Path(path)
        if path != "-" and folder.is_dir():
            found = sorted(
                p for p in folder.iterdir() if p.suffix in CAPTURE_SUFFIXES and p.is_file()
            )
            if not found:
                raise OSError(
                    f"{path}: a directory with no capture files ({', '.join(CAPTURE_SUFFIXES)})"
                )
            out.extend(str(p) for p in found)
        else:
            out.append(path)
    return out


def check_frames(
    frames: Iterator[capture.Frame], directions: Directions, name: str, report: Report, sink: Any
) -> None:
    """Validate each frame and the session they make; add to the report, pass findings to `sink`."""
    session = SessionChecker()
    progress = sys.stderr.isatty()
    auto = directions.dialect == AUTO
    spoken: str | None = None  # the capture's dialect: the first one an event showed
    mixed = False
    for frame in frames:
        if frame.note:
            report.notes[frame.note] += 1
        if frame.event is None and not frame.problems:
            continue  # a binary frame: counted in the notes
        report.events += 1
        found = list(frame.problems)
        event = frame.event
        wire = event.get("type") if event is not None else None
        shown_type = wire if isinstance(wire, str) else "?"
        if event is not None:
            direction = frame.direction or directions(wire)[0]
            if direction is None:
                found.append(
                    Violation(
                        "/type",
                        "event.unknown_type",
                        directions.unknown(shown_type),
                    )
                    if isinstance(wire, str)
                    else Violation("/type", "schema.required", "Missing a string `type`")
                )
            else:
                dialect = directions.dialect
                if auto:
                    shown_dialect = sniff(event, direction)
                    if shown_dialect is not None:
                        report.dialects[shown_dialect] += 1
                        if spoken is None:
                            spoken = shown_dialect
                        elif shown_dialect != spoken and not mixed:
                            mixed = True
                            found.append(
                                Violation(
                                    "/type" if by_name(shown_type, direction) else "",
                                    "session.dialect_mix",
                                    f"A {DIALECT_NAMES[shown_dialect]} event in a "
                                    f"{DIALECT_NAMES[spoken]} capture; reported once per capture",
                                )
                            )
                    dialect = shown_dialect or spoken or "realtime"
                if isinstance(wire, str) and wire not in directions.known:
                    found.append(Violation("/type", "event.unknown_type", directions.unknown(wire)))
                else:
                    found += validate(event, dialect, direction)
                found += session.check(direction, event)
                report.types[direction][shown_type] += 1
                audio_field = AUDIO_FIELDS.get(CANONICAL_GA.get(shown_type, shown_type))
                audio = event.get(audio_field) if audio_field else None
                if isinstance(audio, str):
                    report.audio_bytes[direction] += decoded_size(audio)
        if found:
            report.invalid += 1
            for violation in found:
                report.rule_counts[violation.rule] += 1
                kept = report.shown[violation.rule]
                if len(kept) < SHOWN_PER_RULE:
                    kept.append(
                        f"{name} {frame.where} {shown_type} {violation.path or '/'}: {violation.message}"
                    )
                sink(name, frame, shown_type, violation)
        else:
            report.valid += 1
        if progress and report.events % PROGRESS_EVERY == 0:
            print(f"\r{name}: {report.events} events", end="", file=sys.stderr, flush=True)
    if progress and report.events >= PROGRESS_EVERY:
        print(file=sys.stderr)


def print_report(report: Report, names: Sequence[str], out: IO[str]) -> None:
    formats = ", ".join(f"{n} ({f})" for n, f in zip(names, report.formats, strict=True))
    out.write(f"{formats}\n")
    if report.dialects:
        out.write(
            "dialect: "
            + "; ".join(
                f"{DIALECT_NAMES.get(d, d)}, shown by {n} events"
                for d, n in report.dialects.most_common()
            )
            + (" - mixed\n" if len(report.dialects) > 1 else "\n")
        )
    out.write(f"{report.events} events: {report.valid} valid, {report.invalid} with findings\n")
    for direction in ("client", "server"):
        types = report.types.get(direction)
        if not types:
            continue
        seconds = report.audio_bytes[direction] / PCM16_BYTES_PER_SECOND
        verb = "sent" if direction == "client" else "received"
        out.write(
            f"\n{direction}: {sum(types.values())} events, {seconds:.2f} s of audio {verb} (as PCM16 24 kHz)\n"
        )
        for wire, count in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])):
            out.write(f"  {count:8d}  {wire}\n")
    if report.rule_counts:
        out.write(f"\nfindings: {sum(report.rule_counts.values())}\n")
        for rule, count in sorted(report.rule_counts.items()):
            out.write(f"  {rule} ({count})\n")
            for line in report.shown[rule]:
                out.write(f"    {line}\n")
            if count > len(report.shown[rule]):
                out.write(f"    ... and {count - len(report.shown[rule])} more\n")
    else:
        out.write("\nno findings\n")
    if report.notes:
        out.write("\nnotes:\n")
        for note, count in sorted(report.notes.items()):
            out.write(f"  {count} x {note}\n")


def _open(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    return open(path, "rb")


def validate_command(args: argparse.Namespace) -> int:
    try:
        paths = expand(args.paths)
    except OSError as exc:
        print(f"rt-codec: {exc}", file=sys.stderr)
        return 2
    report = Report()
    out = sys.stdout
    first = [True]

    def json_sink(name: str, frame: capture.Frame, wire: str, violation: Violation) -> None:
        item: dict[str, Any] = {"file": name}
        if frame.line is not None:
            item["line"] = frame.line
        else:
            item["index"] = frame.index
        item.update(type=wire, path=violation.path, rule=violation.rule, message=violation.message)
        out.write(("" if first[0] else ",\n") + orjson.dumps(item).decode())
        first[0] = False

    def no_sink(*_: object) -> None:
        return None

    if args.json:
        out.write('{"violations": [\n')
    status = 0
    names = []
    for path in paths:
        name = "<stdin>" if path == "-" else path
        try:
            handle = _open(path)
        except OSError as exc:
            print(f"rt-codec: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
            status = 2
            continue
        try:
            directions = Directions(args.dialect)
            kind, frames = capture.read(handle, directions)
            report.formats.append(kind)
            names.append(name)
            check_frames(frames, directions, name, report, json_sink if args.json else no_sink)
        except OSError as exc:
            print(f"rt-codec: cannot read {path}: {exc}", file=sys.stderr)
            status = 2
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()
    if args.json:
        summary = {
            "events": report.events,
            "valid": report.valid,
            "invalid": report.invalid,
            "rules": dict(sorted(report.rule_counts.items())),
            "audio_seconds": {
                d: round(report.audio_bytes[d] / PCM16_BYTES_PER_SECOND, 3)
                for d in ("client", "server")
            },
            "notes": dict(report.notes),
            "dialects": dict(report.dialects),
        }
        out.write("\n], " + orjson.dumps(summary).decode()[1:] + "\n")
    else:
        print_report(report, names, out)
    if status:
        return status
    return 1 if report.invalid else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="rt-codec", description="Tools for OpenAI Realtime API traffic."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "validate",
        help="check captured traffic (JSONL or HAR), event by event and as a session",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths", nargs="+", metavar="PATH", help="capture files or directories; - for stdin"
    )
    check.add_argument(
        "--dialect",
        choices=(AUTO, "realtime", "beta", "translation"),
        default=AUTO,
        help="auto (the default) tells realtime (GA) from beta event by event and reports a mix",
    )
    check.add_argument("--json", action="store_true", help="a machine-readable report on stdout")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help
        return int(exc.code or 0)
    try:
        return validate_command(args)
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
