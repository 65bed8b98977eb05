"""Before anything is timed: every generated event decodes with `rt_codec.decode_server_event(x,
strict=True)` (or the client equivalent), and with each installed contender where it knows the
type, and each contender's encoding gives back the same JSON value, but for the fields a contender
drops because the schemas do not declare them (msgspec's Structs keep only declared fields),
which are listed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

import rt_codec
from benchmarks import rows, stream

# The decoders checked on the client stream too (the others have no client side).
CLIENT_DECODERS = ("msgspec", "pydantic-disc")
# Decoders whose objects the check encodes again, and how.
ENCODES = {"msgspec": "msgspec", "pydantic-disc": "pydantic", "rt_codec": "rt_codec"}


@dataclass
class Checked:
    skipped: dict[str, list[str]] = field(default_factory=dict)  # contender -> types it lacks
    dropped: dict[str, list[str]] = field(default_factory=dict)  # contender -> "type /path"


def dropped_fields(original: Any, encoded: Any, path: str = "") -> list[str] | None:
    """The places of `original` that `encoded` lacks, if that is the only difference; else None."""
    if isinstance(original, dict) and isinstance(encoded, dict):
        if not set(encoded) <= set(original):
            return None
        out = [f"{path}/{k}" for k in original if k not in encoded]
        for k in encoded:
            inner = dropped_fields(original[k], encoded[k], f"{path}/{k}")
            if inner is None:
                return None
            out += inner
        return out
    if isinstance(original, list) and isinstance(encoded, list):
        if len(original) != len(encoded):
            return None
        out = []
        for o, e in zip(original, encoded, strict=True):
            inner = dropped_fields(o, e, f"{path}/*")
            if inner is None:
                return None
            out += inner
        return out
    return [] if original == encoded else None


def _same(encoded: bytes | str, original: bytes | str, what: str) -> list[str]:
    """[] when `encoded` is the JSON value of `original`; the dropped places when that is all."""
    want, got = orjson.loads(original), orjson.loads(encoded)
    if want == got:
        return []
    dropped = dropped_fields(want, got)
    if not dropped or what.startswith("rt_codec"):
        raise AssertionError(
            f"{what}: encoding differs\n  got  {encoded[:300]!r}\n  want {original[:300]!r}"
        )
    return dropped


def check(turns: int) -> Checked:
    """Validate the streams with every installed contender; what each skips or drops."""
    server = stream.stream("mixed", turns, 0)
    client = stream.stream("client", turns, 0)
    out = Checked()
    for events, decode in (
        (server, rt_codec.decode_server_event),
        (client, rt_codec.decode_client_event),
    ):
        for b in events:
            ev = decode(b, strict=True)
            if isinstance(ev, rt_codec.UnknownEvent):
                raise AssertionError(f"rt_codec does not know {ev.type}")
            _same(rt_codec.encode_event(ev), b, f"rt_codec {ev.type}")
    for name, entry in rows.DECODERS.items():
        if name == "rt_codec" or not rows.installed(entry.package):
            continue
        for events, is_client in ((server, False), (client, True)):
            if is_client and name not in CLIENT_DECODERS:
                continue
            dec, known = rows.decoder(name, is_client)
            enc = rows.encoder(ENCODES[name], is_client)[1] if name in ENCODES else None
            for b in events:
                t = orjson.loads(b)["type"]
                if known is not None and t not in known:
                    if t not in out.skipped.setdefault(name, []):
                        out.skipped[name].append(t)
                    continue
                obj = dec(b)
                got = getattr(obj, "type", None) or obj.__struct_config__.tag
                if got != t:
                    raise AssertionError(f"{name} decoded {t} as {type(obj).__name__}")
                if enc is not None:
                    for place in _same(enc(obj), b, f"{name} {t}"):
                        if f"{t} {place}" not in out.dropped.setdefault(name, []):
                            out.dropped[name].append(f"{t} {place}")
    pcm = stream.client_pcm(1)[0]
    want = rows.builder("floor")(pcm)
    for name, entry in rows.BUILDERS.items():
        if rows.installed(entry.package) and _same(rows.builder(name)(pcm), want, f"build {name}"):
            raise AssertionError(f"build {name}: fields missing")
    return out
