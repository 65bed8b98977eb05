"""One module per contender. Each gives factories for the kinds of row it takes part in; the
optional packages are imported by the module itself, which is imported only when its row runs and
the package is installed (benchmarks.rows checks that first)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# bytes -> a decoded object
Decode = Callable[[bytes], Any]
# A decode function and the wire types it knows (None: every type).
Decoder = tuple[Decode, frozenset[str] | None]
# How to get the contender's objects from bytes, and how it encodes one.
Encoder = tuple[Decode, Callable[[Any], bytes | str]]
# Raw PCM -> an `input_audio_buffer.append` message.
Build = Callable[[bytes], bytes | str]
# A server event's bytes -> its findings ([] when valid).
Validate = Callable[[bytes], list[Any]]
