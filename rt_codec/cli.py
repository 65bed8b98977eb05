"""`rt-codec validate PATH...`: check captured Realtime traffic event by event and as a session.
`rt-codec serve CAPTURE`: replay a capture as a local Realtime server (see `rt_codec.replay`).

Reads JSONL (bare events or `{"direction", "event"|"data", "ts"}` envelopes), browser HAR exports
and JSON arrays of events, told from the first complete line; `-` is standard input, a directory
stands for the captures in it. Exit status: 0 clean, 1 findings, 2 usage error, or an input that
is missing, unreadable or empty (the others are still checked).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Final

import orjson

import rt_codec
from rt_codec import _samples, capture

CAPTURE_SUFFIXES: Final = (".jsonl", ".json", ".har", ".ndjson")
EXAMPLES: Final = """examples:
  rt-codec validate --sample voice-session       a sample shipped with rt_codec: exit 0
  rt-codec validate session.jsonl capture.har    several inputs, with a summary per file
  rt-codec validate captures/ --json             every capture in a folder, machine-readable
  rt-codec validate captures/ --jobs 4           the same report, on four processes
  some-client --record | rt-codec validate -     standard input
  rt-codec validate capture.jsonl --ignore event.unknown_type
                                                 accept event types rt_codec does not know yet
  rt-codec validate capture.jsonl --select session,json
                                                 only the session checks and JSON errors count
"""


def expand(paths: Sequence[str], errors: list[str]) -> list[str]:
    """Paths as given, a directory standing for the capture files directly inside it. What cannot
    be used is added to `errors` (and left out), never skipped silently."""
    out: list[str] = []
    for path in paths:
        folder = Path(path)
        if path == "-" or not folder.is_dir():
            out.append(path)
            continue
        try:
            entries = sorted(folder.iterdir())
        except OSError as exc:
            errors.append(f"cannot read {capture.display_name(path)}: {exc.strerror or exc}")
            continue
        found = [p for p in entries if p.suffix in CAPTURE_SUFFIXES]
        if not found:
            errors.append(
                f"{capture.display_name(path)}: a directory with no capture files "
                f"({', '.join(CAPTURE_SUFFIXES)})"
            )
        for entry in found:
            try:
                regular = entry.is_file()  # follows links: a dangling link or a loop is not
            except OSError:
                regular = False
            if regular:
                out.append(str(entry))
            elif entry.is_dir():
                errors.append(
                    f"{capture.display_name(entry)}: a directory (folders are read one level "
                    "deep); give it directly to read it"
                )
            else:
                errors.append(
                    f"{capture.display_name(entry)}: not a regular file (a dangling link, a link "
                    "loop, a pipe or a device); give it directly to read it"
                )
    return out


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rt-codec", description="Tools for OpenAI Realtime API traffic."
    )
    parser.add_argument("--version", action="version", version=f"rt-codec {rt_codec.__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "validate",
        help="check captured traffic (JSONL, HAR or a JSON array), event by event and as a session",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="capture files or directories; - for stdin"
    )
    check.add_argument(
        "--sample",
        action="append",
        default=[],
        metavar="NAME",
        help="a sample capture shipped with rt_codec, by name (voice-session, defects, ...); "
        "repeatable",
    )
    check.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULE",
        help="count only findings of these rules (ids or prefixes at a dot: session, "
        "schema.required); repeatable, comma-separated",
    )
    check.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULE",
        help="set aside findings of these rules (counted per rule in the report, never failing "
        "it); repeatable, comma-separated",
    )
    check.add_argument(
        "--dialect",
        choices=capture.DIALECTS,
        default=capture.AUTO,
        help="auto (the default) tells realtime (GA), beta and Azure Voice Live (over beta) "
        "event by event and reports a mix",
    )
    check.add_argument("--json", action="store_true", help="a machine-readable report on stdout")
    check.add_argument(
        "--jobs",
        type=_positive,
        default=1,
        metavar="N",
        help="check the files on N processes (one file is one unit of work); the report is the "
        "same as with one",
    )
    check.add_argument(
        "--max-bytes",
        type=_positive,
        default=capture.DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"the largest line, HAR entry or message read (default {capture.DEFAULT_MAX_BYTES})",
    )
    check.add_argument(
        "--fail-on-deprecated",
        action="store_true",
        help="exit 1 also when deprecated fields or values are used (by default they are notes)",
    )
    check.add_argument(
        "--max-findings",
        type=_positive,
        default=capture.MAX_VIOLATIONS,
        metavar="N",
        help=f"findings listed in --json (all are counted; default {capture.MAX_VIOLATIONS})",
    )
    serve = commands.add_parser(
        "serve",
        help="replay a capture as a local Realtime WebSocket server, or record one (--upstream)",
        description=SERVE_DOC,
        epilog=SERVE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("capture", nargs="?", metavar="CAPTURE", help="the capture to replay")
    serve.add_argument(
        "--sample", metavar="NAME", help="replay a sample shipped with rt_codec, by name"
    )
    serve.add_argument("--host", default="127.0.0.1", help="the address (default 127.0.0.1)")
    serve.add_argument(
        "--port",
        type=_port,
        default=0,
        help="the port (default 0: a free one, in the URL printed)",
    )
    serve.add_argument("--fast", action="store_true", help="send at once, not at the recorded pace")
    serve.add_argument(
        "--skip-ahead",
        action="store_true",
        help="let a client event jump to the next event of its type in the capture",
    )
    serve.add_argument(
        "--idle-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="close a connection whose client sends nothing this long (default 30)",
    )
    serve.add_argument(
        "--record",
        metavar="OUT",
        help="write each connection's traffic to OUT (connection N > 0 to OUT's name.N.jsonl)",
    )
    serve.add_argument(
        "--upstream",
        metavar="URL",
        help="proxy to this endpoint (wss://api.openai.com) and record to --record, no replay",
    )
    return parser


SERVE_DOC: Final = """Replay a captured session as a local Realtime API server.

Prints the URL (the openai SDK's websocket_base_url) on the first line of standard output, then,
when each connection ends, the report `rt-codec validate` prints for what went over it. Each
connection replays the capture from its start. Ctrl-C stops it (exit status 0).

With --upstream URL --record OUT it replays nothing: it forwards each connection to URL and records
both directions verbatim to OUT (the client's Authorization header goes upstream only).
"""
SERVE_EXAMPLES: Final = """examples:
  rt-codec serve --sample voice-session --fast   then OPENAI_BASE_URL=http://127.0.0.1:PORT/v1
  rt-codec serve session.jsonl --port 8765       at the recorded pace, on a fixed port
  rt-codec serve --upstream wss://api.openai.com --record new-session.jsonl
"""


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {value}")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def _usage(err: IO[str], message: str) -> int:
    err.write(f"rt-codec validate: error: {message}\n")
    return 2


def validate_command(args: argparse.Namespace, stdin: IO[bytes], out: IO[str], err: IO[str]) -> int:
    """Run `rt-codec validate` on parsed arguments; returns the exit status."""
    if not args.paths and not args.sample:
        return _usage(err, "give a PATH (- for standard input) or --sample NAME")
    try:
        capture.Report(select=tuple(args.select), ignore=tuple(args.ignore))
    except ValueError as exc:
        return _usage(err, str(exc))
    errors: list[str] = []
    inputs = [
        (path, "<stdin>" if path == "-" else capture.display_name(path))
        for path in expand(args.paths, errors)
    ]
    for name in args.sample:
        try:
            inputs.append((str(_samples.sample(name)), f"sample {name}"))
        except (KeyError, FileNotFoundError) as exc:
            return _usage(err, f"--sample: {exc.args[0]}")
    progress = None
    if err.isatty():

        def progress(count: int) -> None:
            err.write(f"\r{count} events")
            err.flush()

    # Each input in a report of its own, merged in input order: the same report for any --jobs.
    report = capture.check_files(
        [path for path, _ in inputs],
        names=[name for _, name in inputs],
        jobs=args.jobs,
        dialect=args.dialect,
        max_bytes=args.max_bytes,
        select=tuple(args.select),
        ignore=tuple(args.ignore),
        max_violations=args.max_findings,
        stdin=stdin,
        on_error=errors.append,
        progress=progress if args.jobs == 1 else None,
    )
    if progress is not None and report.events >= capture.PROGRESS_EVERY:
        err.write("\n")
    for summary in report.inputs:
        if summary.blank:
            errors.append(f"{summary.file}: empty input (no bytes, or only whitespace)")
    for message in errors:
        err.write(f"rt-codec: {message}\n")
    if not any(not summary.blank for summary in report.inputs):
        err.write("rt-codec: no input could be read; nothing to report\n")
        return 2
    if args.json:
        document = report.to_dict()
        listed = document.pop("violations")
        rows = ",\n".join(orjson.dumps(v).decode() for v in listed)
        out.write(
            '{"violations": [\n' + rows + "\n], " + orjson.dumps(document).decode()[1:] + "\n"
        )
    else:
        capture.write_text(report, out)
    out.flush()
    if errors:
        return 2
    return 1 if report.rules or (args.fail_on_deprecated and report.deprecated) else 0


def serve_command(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    """Run `rt-codec serve` on parsed arguments until Ctrl-C; returns the exit status."""
    import asyncio

    def usage(message: str) -> int:
        err.write(f"rt-codec serve: error: {message}\n")
        return 2

    try:
        import websockets.asyncio.server  # noqa: F401 - what the server runs on
    except ImportError:
        return usage("needs the websockets package: pip install 'rt_codec[serve]'")
    from rt_codec import replay

    def ended(connection: replay.ReplayConnection) -> None:
        out.write(f"connection {connection.number} ended ({connection.ended}):\n")
        capture.write_text(connection.report, out)
        out.flush()

    def recorded(number: int, path: Path) -> None:
        out.write(f"connection {number} ended: recorded to {capture.display_name(path)}\n")
        capture.write_text(capture.check(path), out)
        out.flush()

    server: replay.ReplayServer | replay.RecordingProxy
    if args.upstream is not None:
        if args.record is None:
            return usage("--upstream records: give --record OUT")
        if args.capture is not None or args.sample is not None:
            return usage("--upstream proxies; it replays no CAPTURE")
        try:
            server = replay.RecordingProxy(
                args.upstream,
                args.record,
                host=args.host,
                port=args.port,
                on_connection_end=recorded,
            )
        except ValueError as exc:
            return usage(str(exc))
    else:
        if (args.capture is None) == (args.sample is None):
            return usage("give a CAPTURE or --sample NAME (one of them)")
        path = args.capture
        if args.sample is not None:
            try:
                path = str(_samples.sample(args.sample))
            except (KeyError, FileNotFoundError) as exc:
                return usage(f"--sample: {exc.args[0]}")
        try:
            server = replay.ReplayServer(
                path,
                host=args.host,
                port=args.port,
                fast=args.fast,
                skip_ahead=args.skip_ahead,
                idle_timeout=args.idle_timeout,
                record=args.record,
                on_connection_end=ended,
            )
        except FileNotFoundError:
            return usage(f"{capture.display_name(path)}: no such file or directory")
        except OSError as exc:
            return usage(f"cannot read {capture.display_name(path)}: {exc.strerror or exc}")
        except ValueError as exc:  # replay.CaptureError: what cannot be replayed
            return usage(str(exc))

    async def run() -> None:
        async with server:
            out.write(server.url + "\n")
            out.flush()
            await asyncio.Event().wait()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass
    except (OSError, OverflowError) as exc:  # the port is taken, the address is not ours
        err.write(
            f"rt-codec serve: cannot listen on {args.host}:{args.port}: "
            f"{getattr(exc, 'strerror', None) or exc}\n"
        )
        return 2
    return 0


def main(
    argv: Sequence[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    *,
    stdin: IO[bytes] | None = None,
) -> int:
    """The command line: `argv` without the program name (default: sys.argv[1:]); output goes to
    `stdout` and `stderr`, `-` reads `stdin` (default: the process's own). Returns the exit
    status."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = _parser()
    try:
        old = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err  # argparse prints usage and help there
        try:
            args = parser.parse_args(argv)
        finally:
            sys.stdout, sys.stderr = old
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help
        return int(exc.code or 0)
    if args.command == "serve":
        return serve_command(args, out, err)
    try:
        return validate_command(args, stdin if stdin is not None else sys.stdin.buffer, out, err)
    except BrokenPipeError:
        # The reader went away (`| head`): say nothing more, and let Python's last flush of
        # stdout go nowhere instead of printing a second error.
        if out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
