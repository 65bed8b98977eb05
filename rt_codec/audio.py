"""Audio formats as the schemas describe them: how many bytes a second of audio takes.

    from rt_codec import audio

    audio.bytes_per_second({"type": "audio/pcm", "rate": 24000})   # 48000: 16-bit mono at 24 kHz
    audio.bytes_per_second({"type": "audio/pcmu"})                 # 8000: G.711 at 8 kHz
    audio.bytes_per_second("g711_alaw")                            # 8000: a beta format name
    audio.bytes_per_second("opus")                                 # None: not a format we know

And audio on the wire: base64 to PCM and back, a long recording as appends under the protocol's
limit, the audio of a delta event, and durations:

    pcm = bytes(96000)                                   # two seconds of 16-bit silence at 24 kHz
    for event in audio.append_events(pcm, seconds=0.5):  # four input_audio_buffer.append events
        ...
    audio.duration(pcm)                                  # 2.0
    audio.duration(8000, {"type": "audio/pcmu"})         # 1.0

The facts are schema annotations: `x-audio-encoding` on each format model (bytes per sample, and
the rate when the object does not say one), `x-ga-values` on the beta format names (the format
object each name stands for), `x-audio` on the events that carry audio, and the `maxLength` of an
append's audio (15 MiB decoded), all read through `rt_codec.catalogue`."""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Iterator
from typing import Any, Final

from rt_codec import catalogue
from rt_codec._base64 import b64_ok, b64_problems
from rt_codec._generated.types import InputAudioBufferAppendEvent
from rt_codec.codec import generated_module

__all__ = [
    "DEFAULT_BYTES_PER_SECOND",
    "MAX_APPEND_BYTES",
    "append_events",
    "base64_to_pcm",
    "bytes_per_second",
    "delta_pcm",
    "duration",
    "pcm_to_base64",
]

# What a session speaks until it says otherwise: 16-bit PCM at 24 kHz.
DEFAULT_BYTES_PER_SECOND: Final = 48000

# The format a session speaks until it says otherwise, by its `type`.
_DEFAULT_KIND: Final = next(
    kind
    for kind, (width, rate, _variable) in catalogue.ENCODINGS.items()
    if width * rate == DEFAULT_BYTES_PER_SECOND
)

# Every beta format name -> the format object it stands for.
_NAMED: Final = {name: fmt for values in catalogue.VALUES.values() for name, fmt in values.items()}

# The catalogue's entry for the event the helpers below build (its limit is the schema's maxLength).
_APPEND: Final = next(
    info
    for info in catalogue.events("realtime", "client").values()
    if info.cls == InputAudioBufferAppendEvent.__name__
)
assert _APPEND.audio_limit is not None
MAX_APPEND_BYTES: Final[int] = _APPEND.audio_limit
"""The most audio one `input_audio_buffer.append` may carry, in bytes once decoded (15 MiB): the
schema's `maxLength` of its base64 `audio`."""

# Type name (and alias) -> the field carrying its base64 audio, for every event that has one.
_AUDIO_FIELDS: Final = {
    name: info.audio
    for table in catalogue.EVENTS.values()
    for info in table.values()
    if info.audio is not None
    for name in (info.type, *info.aliases)
}
# Generated event class -> the field carrying its base64 audio (looked up along a subclass's MRO),
# by the class's module and name: the classes of the dialects not loaded yet are not loaded for it.
_AUDIO_CLASSES: Final[dict[tuple[str, str], str]] = {
    (generated_module(info.cls), info.cls): info.audio
    for table in catalogue.EVENTS.values()
    for info in table.values()
    if info.audio is not None
}


def bytes_per_second(fmt: object, rate: object = None) -> int | None:
    """Bytes per second of mono audio in `fmt`, a format object or a beta format name (None: the
    default, 16-bit PCM at 24 kHz), at `rate` when given apart from the format (Voice Live's
    `input_audio_sampling_rate`); None for a format the schemas do not describe, so that no
    duration is guessed."""
    encoding = _encoding(fmt, rate)
    return None if encoding is None else encoding[0] * encoding[1]


def _encoding(fmt: object, rate: object = None) -> tuple[int, int] | None:
    """(bytes per sample, samples per second) of `fmt` as `bytes_per_second` reads it; None for a
    format the schemas do not describe."""
    if fmt is None:
        fmt = {"type": _DEFAULT_KIND}
    if isinstance(fmt, str):
        named = _NAMED.get(fmt)
        if named is None:
            return None
        fmt = named
    if not isinstance(fmt, dict):
        return None
    if "type" in fmt:
        kind = fmt["type"]
    else:  # without `type`, the format its union takes untagged
        from rt_codec._generated import decode
        from rt_codec._runtime import untagged_case

        kind = untagged_case(fmt, decode._U_AudioFormat)
    encoding = catalogue.ENCODINGS.get(kind) if isinstance(kind, str) else None
    if encoding is None:
        return None
    sample_bytes, default, variable = encoding
    if not variable:  # G.711 is 8 kHz whatever else a session says
        return sample_bytes, default
    given = fmt.get("rate", default) if rate is None else rate
    if type(given) is float and given.is_integer():  # JSON's 16000.0 is the integer 16000
        given = int(given)
    if type(given) is not int or given <= 0:
        return None
    return sample_bytes, given


def _as_format(fmt: object) -> object:
    """`fmt` as `bytes_per_second` reads it: a generated format object (`PcmuAudioFormat()`) as
    its wire form, and a format `type` given alone (`"audio/pcmu"`) as its object."""
    if isinstance(fmt, str):
        return {"type": fmt} if fmt in catalogue.ENCODINGS else fmt
    wire = getattr(fmt, "_wire", None)
    if wire is None or isinstance(fmt, type):
        return fmt
    from rt_codec._runtime import EncodeError

    try:
        return wire()
    except EncodeError:  # not a format the schemas describe
        return fmt


def _octets(pcm: object) -> memoryview:
    """`pcm` (bytes, bytearray or a memoryview of any format or stride) as a contiguous memoryview
    of its bytes; TypeError for anything else."""
    if not isinstance(pcm, (bytes, bytearray, memoryview)):
        raise TypeError(f"audio must be bytes, not {type(pcm).__name__}")
    view = memoryview(pcm)
    if not view.c_contiguous:  # a strided slice: its bytes, copied in order
        view = memoryview(view.tobytes())
    return view.cast("B")


def pcm_to_base64(pcm: bytes) -> str:
    """The base64 text of audio bytes, as an append or a delta carries it.

    >>> pcm_to_base64(bytes(3))
    'AAAA'
    """
    return base64.b64encode(_octets(pcm)).decode("ascii")


def base64_to_pcm(data: str) -> bytes:
    """The audio bytes of base64 text (standard alphabet, padded), strictly: text that is not
    base64 raises a ValueError naming the offset and what is wrong there, never decodes in part.

    >>> base64_to_pcm("AAAA")
    b'\\x00\\x00\\x00'
    """
    if not isinstance(data, str):
        raise TypeError(f"base64 audio must be a str, not {type(data).__name__}")
    if not b64_ok(data):
        problems = b64_problems(data) if data.isascii() or len(data) < (1 << 20) else []
        reason = "; ".join(message for _, message in problems) or _non_ascii(data)
        raise ValueError(f"Not base64 audio: {reason}")
    try:
        return base64.b64decode(data, validate=True)
    except binascii.Error as exc:  # b64_ok checked it all; kept for safety
        raise ValueError(f"Not base64 audio: {exc}") from None


def _non_ascii(data: str) -> str:
    for offset, char in enumerate(data):
        if not char.isascii():
            return f"Character U+{ord(char):04X} at offset {offset} is not in the base64 alphabet"
    return "not base64"


def append_events(
    pcm: bytes,
    *,
    fmt: object = None,
    seconds: float | None = None,
    max_bytes: int | None = None,
) -> Iterator[InputAudioBufferAppendEvent]:
    """`input_audio_buffer.append` events carrying `pcm`, in order, each at most `max_bytes` of
    audio (default and most: `MAX_APPEND_BYTES`, the protocol's 15 MiB) and, with `seconds`, at
    most that long at the rate of `fmt` (a format object, dict or name: `"pcm16"`, `"audio/pcmu"`;
    None: 16-bit PCM at 24 kHz).
    Every chunk is a whole number of samples of `fmt`; empty audio gives no events. Raises
    ValueError, before anything is yielded, for a limit over the protocol's or under one sample, a
    `pcm` that is not whole samples, or a format the schemas do not describe.

    >>> [len(base64_to_pcm(e.audio)) for e in append_events(bytes(10), max_bytes=4)]
    [4, 4, 2]
    """
    data = _octets(pcm)
    encoding = _encoding(_as_format(fmt))
    if encoding is None:
        raise ValueError(
            f"Audio format {fmt!r} is not one the schemas describe: its sample size is unknown"
        )
    width, rate = encoding
    if len(data) % width:
        raise ValueError(
            f"Audio of {len(data)} bytes is not whole samples of {width} bytes "
            f"({len(data) % width} byte(s) left over)"
        )
    size = MAX_APPEND_BYTES
    limit = f"{size} bytes"
    if max_bytes is not None:
        if type(max_bytes) is not int:
            raise TypeError(f"max_bytes must be an int, not {type(max_bytes).__name__}")
        if max_bytes > MAX_APPEND_BYTES:
            raise ValueError(
                f"max_bytes={max_bytes} is over the {MAX_APPEND_BYTES} bytes "
                f"({MAX_APPEND_BYTES / 2**20:g} MiB) one append may carry"
            )
        size, limit = max_bytes, f"{max_bytes} bytes"
    if seconds is not None:
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, (int, float))
            or not math.isfinite(seconds)
            or seconds <= 0
        ):
            raise ValueError(f"seconds must be a positive finite number, not {seconds!r}")
        samples = seconds * rate  # inf for a huge float: then the byte limit is the bound
        if samples * width < size:
            size, limit = round(samples) * width, f"{seconds} s"
    size -= size % width
    if size < width:
        raise ValueError(f"A chunk of at most {limit} holds no whole sample of {width} bytes")
    return _chunks(data, size)


def _chunks(data: memoryview, size: int) -> Iterator[InputAudioBufferAppendEvent]:
    for start in range(0, len(data), size):
        chunk = base64.b64encode(data[start : start + size]).decode("ascii")
        yield InputAudioBufferAppendEvent(audio=chunk)


def delta_pcm(event: Any) -> bytes:
    """The audio bytes an event carries: an output audio delta (GA `response.output_audio.delta`,
    beta `response.audio.delta`, the translation and Voice Live ones) or any other event the
    catalogue marks as carrying audio (`x-audio`: appends too), as an event object or a dict.
    Raises TypeError for an event that carries no audio, ValueError when its audio is not base64.

    >>> delta_pcm({"type": "response.output_audio.delta", "delta": "AAAA"})
    b'\\x00\\x00\\x00'
    """
    if isinstance(event, dict):
        kind = event.get("type")
        field = _AUDIO_FIELDS.get(kind) if isinstance(kind, str) else None
        data = event.get(field) if field is not None else None
        name = repr(kind)
    else:
        cls = type(event)
        field = next(
            (
                _AUDIO_CLASSES[c.__module__, c.__name__]
                for c in cls.__mro__
                if (c.__module__, c.__name__) in _AUDIO_CLASSES
            ),
            None,
        )
        data = getattr(event, field, None) if field is not None else None
        name = cls.__name__
    if field is None:
        raise TypeError(f"{name} is not an event that carries audio")
    if not isinstance(data, str):
        raise ValueError(f"{name} has no base64 audio in {field!r}: {type(data).__name__}")
    return base64_to_pcm(data)


def duration(data: bytes | int, fmt: object = None, rate: object = None) -> float | None:
    """Seconds of `data` (audio bytes, or a count of them) in `fmt` (a format object, dict or name;
    None: 16-bit PCM at 24 kHz) at `rate` when given apart from it, through `bytes_per_second`: PCM at
    its rate, G.711 at 8 kHz; None for a format the schemas do not describe.

    >>> duration(48000), duration(8000, "g711_ulaw"), duration(100, "opus")
    (1.0, 1.0, None)
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        count = memoryview(data).nbytes
    elif type(data) is int:
        if data < 0:
            raise ValueError(f"A byte count cannot be negative: {data}")
        count = data
    else:
        raise TypeError(f"duration takes bytes or a byte count, not {type(data).__name__}")
    per_second = bytes_per_second(_as_format(fmt), rate)
    if per_second is None:
        return None
    try:
        return count / per_second
    except OverflowError:  # more seconds than a float holds
        raise ValueError(
            f"A byte count of {len(str(count))} digits is beyond any duration"
        ) from None
