"""Mistakes mypy must catch (tests/test_typing.py expects these errors)."""

from __future__ import annotations

import rt_codec

rt_codec.InputAudioBufferAppendEvent(audio=b"raw pcm")


def wrong(event: rt_codec.ResponseDoneEvent) -> str:
    return event.delta
