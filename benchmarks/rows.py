"""The rows: which contenders take part in each kind of row, and running one row (in a child).

Kinds of row:

- decode: JSON bytes -> object, per event; floor `orjson.loads`. On the whole mixed stream and on
  one-type streams (audio deltas, transcript deltas, `session.created`, `response.done`).
- decode also times rt_codec's strict decoding, which decodes every nested object at once (a
  lenient decode leaves an event's nested objects and arrays to be decoded when first read).
- encode: decoded object -> JSON; floor `orjson.dumps(dict)`. rt_codec twice: events as a lenient
  decode leaves them (nested values never read are written as they came) and events whose nested
  objects are all built (as a strict decode, or code making its own events, has them).
- build: `input_audio_buffer.append` from raw PCM; floor
  `orjson.dumps({"type": ..., "audio": b64encode(pcm).decode()})`.
- validate: JSON bytes -> findings (a list, [] when valid); floor `orjson.loads`.
- decode and validate on the `live` stream (the Live API's server events): only the contenders of
  `LIVE` take part, since the others do not know the Live API.
- validate-15mib: one 15 MiB `input_audio_buffer.append` through `rt_codec.validate_client_event`
  (ms per call, peak memory of a call).
- read: the capture reader (parsing plus the duplicate-key and big-integer screen) against
  `orjson.loads`, beside the length test the reader used before.
- memory: bytes retained per decoded event (tracemalloc, all results kept, after gc); the orjson
  dict is 1.00x.
"""

from __future__ import annotations

import base64
import functools
import gc
import importlib
import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from benchmarks import harness, stream
from benchmarks.contenders import Build, Decoder, Encoder, Validate


@dataclass(frozen=True)
class Contender:
    """A row's contender: its label, the package it needs (None: always there) and its factory,
    `module:function` in benchmarks.contenders, imported when the row runs."""

    label: str
    package: str | None
    factory: str

    def make(self) -> Callable[..., Any]:
        module, _, function = self.factory.partition(":")
        made: Callable[..., Any] = getattr(
            importlib.import_module(f"benchmarks.contenders.{module}"), function
        )
        return made


DECODERS = {
    "msgspec": Contender("msgspec Struct tagged union", "msgspec", "msgspec:decoder"),
    "pydantic-disc": Contender(
        "pydantic discriminated (SDK models)", "openai", "openai_sdk:disc_decoder"
    ),
    "pydantic-union": Contender(
        "pydantic SDK union as shipped", "openai", "openai_sdk:union_decoder"
    ),
    "openai-recv": Contender("openai SDK recv() parse_event", "openai", "openai_sdk:recv_decoder"),
    "rt_codec": Contender("rt_codec.decode_server_event", None, "rt_codec:decoder"),
    "rt_codec-strict": Contender(
        "rt_codec decode_server_event(strict=True)", None, "rt_codec:strict_decoder"
    ),
}
ENCODERS = {
    "msgspec": Contender("msgspec.json.encode(struct)", "msgspec", "msgspec:encoder"),
    "pydantic": Contender("pydantic model_dump_json", "openai", "openai_sdk:encoder"),
    "rt_codec": Contender("rt_codec.encode_event, as decoded", None, "rt_codec:encoder"),
    "rt_codec-built": Contender(
        "rt_codec.encode_event, objects built", None, "rt_codec:built_encoder"
    ),
}
BUILDERS = {
    "msgspec": Contender("msgspec Struct(audio=b64 str)", "msgspec", "msgspec:builder"),
    "msgspec-bytes": Contender(
        "msgspec Struct(audio=pcm bytes)", "msgspec", "msgspec:bytes_builder"
    ),
    "pydantic": Contender("pydantic SDK model + dump", "openai", "openai_sdk:builder"),
    "openai-send": Contender("openai SDK append() send path", "openai", "openai_sdk:send_builder"),
    "rt_codec": Contender("rt_codec InputAudioBufferAppendEvent", None, "rt_codec:builder"),
}
VALIDATORS = {
    "rt_codec": Contender("rt_codec.validate_server_event", None, "rt_codec:validator"),
    "jsonschema-union": Contender(
        "jsonschema, the whole union", "jsonschema", "jsonschema:union_validator"
    ),
    "jsonschema": Contender("jsonschema per type", "jsonschema", "jsonschema:validator"),
    "jsonschema_rs": Contender(
        "jsonschema_rs per type, is_valid first", "jsonschema_rs", "jsonschema_rs:validator"
    ),
    "fastjsonschema": Contender(
        "fastjsonschema per type", "fastjsonschema", "fastjsonschema:validator"
    ),
}
# The contenders that know the Live API, for the `live` stream (the others are absent from it).
LIVE = {
    "decode": {
        "rt_codec": Contender("rt_codec.live.decode_server_event", None, "rt_codec:live_decoder")
    },
    "validate": {
        "rt_codec": Contender(
            "rt_codec.live.validate_server_event", None, "rt_codec:live_validator"
        )
    },
}
LIVE_STREAM = "live"
BIG = {"rt_codec": Contender("rt_codec.validate_client_event", None, "rt_codec:big_validator")}
READERS = {
    "rt_codec": Contender("rt_codec: orjson.loads + screen", None, "rt_codec:reader"),
    "length-test": Contender(
        "before: length test, stdlib re-read", None, "rt_codec:length_test_reader"
    ),
}
TABLES = {
    "read": READERS,
    "decode": DECODERS,
    "encode": ENCODERS,
    "build": BUILDERS,
    "memory": DECODERS,
    "validate": VALIDATORS,
    "validate-15mib": BIG,
}
TYPED = ("audio", "transcript", "session", "done")
# The whole-union row costs milliseconds per event: it times the first events of a stream only, for
# fewer rounds, so it stays within ~10 s. Its check still covers every event of the stream.
UNION_EVENTS = 150
UNION_ROUNDS = 7
BIG_ROUNDS = 7  # calls of each (contender, floor) in the 15 MiB row


@functools.cache
def installed(package: str | None) -> bool:
    return package is None or importlib.util.find_spec(package) is not None


def contender(row: str) -> Contender:
    kind, name, *rest = row.split(":")
    if rest[:1] == [LIVE_STREAM]:
        if kind not in LIVE or name not in LIVE[kind]:
            raise SystemExit(f"row {row!r}: that contender does not take the Live API stream")
        return LIVE[kind][name]
    if kind not in TABLES or name not in TABLES[kind]:
        raise SystemExit(f"unknown row {row!r} (python -m benchmarks --list names them)")
    return TABLES[kind][name]


def decoder(name: str, client: bool = False, table: dict[str, Contender] = DECODERS) -> Decoder:
    made: Decoder = table[name].make()(client)
    return made


def encoder(name: str, client: bool = False) -> Encoder:
    made: Encoder = ENCODERS[name].make()(client)
    return made


def builder(name: str) -> Build:
    if name == "floor":
        dumps, b64 = orjson.dumps, base64.b64encode
        return lambda pcm: dumps({"type": "input_audio_buffer.append", "audio": b64(pcm).decode()})
    made: Build = BUILDERS[name].make()()
    return made


def validator(
    name: str, types: Sequence[str], table: dict[str, Contender] = VALIDATORS
) -> Validate:
    """Contender `name`'s function from an event's bytes to its findings; the per-type
    contenders are built for `types` here, before anything is timed."""
    made: Validate = table[name].make()(types)
    return made


def known_only(events: list[bytes], known: frozenset[str] | None) -> tuple[list[bytes], list[str]]:
    """The events of a type the contender knows, and the types it does not."""
    if known is None:
        return events, []
    keep, skipped = [], set()
    for b in events:
        t = orjson.loads(b)["type"]
        if t in known:
            keep.append(b)
        else:
            skipped.add(t)
    return keep, sorted(skipped)


def _message(error: object) -> str:
    text = str(getattr(error, "message", error))
    return text if len(text) <= 160 else text[:160] + "..."


def disagreements(name: str, f: Validate, events: list[bytes]) -> list[str]:
    """`f` on every distinct event (all are schema-valid): the types it finds invalid, with its
    first message. rt_codec must find nothing (the audio is real base64): that is asserted."""
    found: dict[str, tuple[int, str]] = {}
    for b in dict.fromkeys(events):
        got = f(b)
        if got:
            t = orjson.loads(b)["type"]
            if name == "rt_codec":
                raise AssertionError(f"rt_codec finds {t} invalid: {got[0]}")
            n, first = found.get(t, (0, _message(got[0])))
            found[t] = (n + 1, first)
    return [f"{t} ({n} event{'s' * (n != 1)}): {m}" for t, (n, m) in found.items()]


@dataclass(frozen=True)
class Settings:
    rounds: int
    turns: int
    min_events: int
    min_ms: float

    @property
    def min_ns(self) -> int:
        return int(self.min_ms * 1e6)


def _validate_row(
    name: str, events: list[bytes], s: Settings, table: dict[str, Contender] = VALIDATORS
) -> dict[str, Any]:
    types = sorted({orjson.loads(b)["type"] for b in events})
    f = validator(name, types, table)
    result: dict[str, Any] = {"disagree": disagreements(name, f, events)}
    rounds = s.rounds
    if name == "jsonschema-union":
        events, rounds = events[:UNION_EVENTS], min(rounds, UNION_ROUNDS)
        result["note"] = f"first {len(events)} events, {rounds} rounds"
    return result | harness.timed(rounds, s.min_ns, (f, events), (orjson.loads, events))


def _big_row(s: Settings) -> dict[str, Any]:
    """validate_client_event on one 15 MiB append: ms per call, and the peak memory of a call."""
    data = stream.big_append()
    f = validator("rt_codec", [], BIG)
    found = f(data)
    if found:
        raise AssertionError(f"rt_codec finds the 15 MiB append invalid: {found[0]}")
    # One call per pass: the median of the calls of each, interleaved.
    rounds = min(s.rounds, BIG_ROUNDS)
    result = harness.timed(rounds, 0, (f, [data]), (orjson.loads, [data]))
    mem: dict[str, Any] = {"size": len(data)}
    for key, fn in (("contender", f), ("floor", orjson.loads)):
        mem[f"{key}_peak"] = harness.peak_added(fn, data)
        mem[f"{key}_rss"] = harness.rss_peak_added(fn, data)
    return result | mem


def _memory_row(name: str, s: Settings) -> dict[str, Any]:
    """Every stream, one after the other, in this one child."""
    dec, known = decoder(name)
    gc.collect()
    gc.freeze()
    streams: dict[str, Any] = {}
    for which in ("mixed", *TYPED):
        events, skipped = known_only(stream.stream(which, s.turns, s.min_events), known)
        harness.one_pass(dec, events)  # warm up lazy builds
        harness.one_pass(orjson.loads, events)
        floor = harness.retained(orjson.loads, events)
        mine = harness.retained(dec, events)
        streams[which] = {
            "n": len(events),
            "contender_bytes": mine,
            "floor_bytes": floor,
            "ratio": mine / floor,
            "skipped": skipped,
        }
    return {"streams": streams}


def run_row(row: str, s: Settings) -> dict[str, Any]:
    """One row, in this process: its numbers, or "not installed"."""
    kind, name, *rest = row.split(":")
    entry = contender(row)
    if not installed(entry.package):
        return {"row": row, "status": "not installed", "package": entry.package}
    result: dict[str, Any] = {"row": row, "status": "ok"}
    which = rest[0] if rest else ""
    if which == LIVE_STREAM:
        events = stream.stream(which, s.turns, s.min_events)
        if kind == "decode":
            dec, _ = decoder(name, table=LIVE[kind])
            result |= harness.timed(s.rounds, s.min_ns, (dec, events), (orjson.loads, events))
        else:
            result |= _validate_row(name, events, s, LIVE[kind])
    elif kind == "decode":
        dec, known = decoder(name)
        events, result["skipped"] = known_only(stream.stream(which, s.turns, s.min_events), known)
        result |= harness.timed(s.rounds, s.min_ns, (dec, events), (orjson.loads, events))
    elif kind == "encode":
        events = stream.stream(which, s.turns, s.min_events)
        dec, enc = encoder(name, which == "client")
        objs = [dec(b) for b in events]
        dicts = [orjson.loads(b) for b in events]
        del events
        result |= harness.timed(s.rounds, s.min_ns, (enc, objs), (orjson.dumps, dicts))
    elif kind == "build":
        pcm = stream.client_pcm(s.turns)
        result |= harness.timed(s.rounds, s.min_ns, (builder(name), pcm), (builder("floor"), pcm))
    elif kind == "validate":
        result |= _validate_row(name, stream.stream(which, s.turns, s.min_events), s)
    elif kind == "validate-15mib":
        result |= _big_row(s)
    elif kind == "read":
        if which == "15mib":
            events = [stream.big_append()]
        else:
            events = stream.stream(which, s.turns, s.min_events)
        read = contender(row).make()()
        result |= harness.timed(s.rounds, s.min_ns, (read, events), (orjson.loads, events))
    else:
        result |= _memory_row(name, s)
    return result


def label(row: str) -> str:
    return contender(row).label
