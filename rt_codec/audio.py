"""Audio formats as the schemas describe them: how many bytes a second of audio takes.

    from rt_codec import audio

    audio.bytes_per_second({"type": "audio/pcm", "rate": 24000})   # 48000: 16-bit mono at 24 kHz
    audio.bytes_per_second({"type": "audio/pcmu"})                 # 8000: G.711 at 8 kHz
    audio.bytes_per_second("g711_alaw")                            # 8000: a beta format name
    audio.bytes_per_second("opus")                                 # None: not a format we know

The facts are schema annotations: `x-audio-encoding` on each format model (bytes per sample, and
the rate when the object does not say one), and `x-ga-values` on the beta format names (the format
object each name stands for)."""

from __future__ import annotations

from typing import Final

from rt_codec import catalogue

__all__ = ["DEFAULT_BYTES_PER_SECOND", "bytes_per_second"]

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


def bytes_per_second(fmt: object, rate: object = None) -> int | None:
    """Bytes per second of mono audio in `fmt`, a format object or a beta format name (None: the
    default, 16-bit PCM at 24 kHz), at `rate` when given apart from the format (Voice Live's
    `input_audio_sampling_rate`); None for a format the schemas do not describe, so that no
    duration is guessed."""
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
        return sample_bytes * default
    given = fmt.get("rate", default) if rate is None else rate
    if type(given) is float and given.is_integer():  # JSON's 16000.0 is the integer 16000
        given = int(given)
    if type(given) is not int or given <= 0:
        return None
    return sample_bytes * given
