"""Audio durations at the session's own format: bytes per second from the schemas' format facts, and
captures whose sessions change format."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import orjson
import pytest

import rt_codec
from rt_codec import audio, beta, capture, catalogue
from rt_codec.capture._check import write_text

AT = {"response_id": "r", "item_id": "i", "output_index": 0, "content_index": 0}


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ({"type": "audio/pcm", "rate": 24000}, 48000),
        ({"type": "audio/pcm"}, 48000),
        ({"rate": 24000}, 48000),  # without `type`: the format its union takes, pcm
        ({"type": "audio/pcmu"}, 8000),
        ({"type": "audio/pcma"}, 8000),
        ({"type": "audio/pcm", "rate": 16000}, 32000),  # a rate the schema refuses is still timed
        ("pcm16", 48000),
        ("g711_ulaw", 8000),
        ("g711_alaw", 8000),
        ("opus", None),
        ({"type": "audio/opus"}, None),
        ({"type": "audio/pcm", "rate": "fast"}, None),
        ({"type": "audio/pcm", "rate": True}, None),
        ({"type": "audio/pcm", "rate": 0}, None),
        (None, 48000),  # the session default
        (5, None),
    ],
)
def test_bytes_per_second(fmt: Any, expected: int | None) -> None:
    assert audio.bytes_per_second(fmt) == expected


def test_a_rate_given_apart_from_the_format() -> None:
    assert audio.bytes_per_second("pcm16", 16000) == 32000
    assert audio.bytes_per_second({"type": "audio/pcm", "rate": 24000}, 8000) == 16000
    assert audio.bytes_per_second("g711_ulaw", 8000) == 8000
    assert audio.bytes_per_second(None, 16000) == 32000
    assert audio.bytes_per_second("pcm16", "fast") is None


def seconds(bytes_per_second: int, count: float = 1.0) -> str:
    return base64.b64encode(bytes(int(bytes_per_second * count))).decode()


def run(lines: list[tuple[str, dict[str, Any]]], dialect: str) -> dict[str, Any]:
    data = b"\n".join(orjson.dumps({"direction": d, "event": e}) for d, e in lines)
    return capture.check(data, name="f", dialect=dialect).to_dict()


def test_a_ga_session_at_8_khz_is_timed_at_8_khz() -> None:
    g711 = {"type": "audio/pcmu"}
    session = {
        "type": "realtime",
        "id": "s",
        "object": "realtime.session",
        "audio": {"input": {"format": g711}, "output": {"format": {"type": "audio/pcma"}}},
    }
    report = run(
        [
            ("server", {"type": "session.created", "event_id": "e0", "session": session}),
            ("client", {"type": "input_audio_buffer.append", "audio": seconds(8000, 2)}),
            (
                "server",
                {
                    "type": "response.output_audio.delta",
                    "event_id": "e1",
                    **AT,
                    "delta": seconds(8000, 3),
                },
            ),
        ],
        "realtime",
    )
    assert report["audio_seconds"] == {"client": 2.0, "server": 3.0}
    assert report["audio_bytes_unknown_rate"] == {"client": 0, "server": 0}


def test_a_beta_session_that_changes_format_is_timed_at_each() -> None:
    updated = {
        "id": "s",
        "object": "realtime.session",
        "input_audio_format": "g711_ulaw",
        "output_audio_format": "g711_alaw",
    }
    report = run(
        [
            ("server", {"type": "session.created", "event_id": "e0", "session": {"id": "s"}}),
            ("client", {"type": "input_audio_buffer.append", "audio": seconds(48000)}),
            ("server", {"type": "session.updated", "event_id": "e1", "session": updated}),
            ("client", {"type": "input_audio_buffer.append", "audio": seconds(8000)}),
            (
                "server",
                {
                    "type": "response.audio.delta",
                    "event_id": "e2",
                    **AT,
                    "delta": seconds(8000, 0.5),
                },
            ),
            # a new session starts at the default again
            ("server", {"type": "session.created", "event_id": "e3", "session": {"id": "t"}}),
            (
                "server",
                {
                    "type": "response.audio.delta",
                    "event_id": "e4",
                    **AT,
                    "delta": seconds(48000, 0.25),
                },
            ),
        ],
        "beta",
    )
    assert report["audio_seconds"] == {"client": 2.0, "server": 0.75}


def test_audio_in_a_format_we_cannot_time_is_not_guessed() -> None:
    session = {"id": "s", "object": "realtime.session", "output_audio_format": "opus_48k"}
    lines = [
        ("server", {"type": "session.created", "event_id": "e0", "session": session}),
        (
            "server",
            {"type": "response.audio.delta", "event_id": "e1", **AT, "delta": seconds(48000)},
        ),
    ]
    report = run(lines, "beta")
    assert report["audio_seconds"]["server"] == 0.0
    assert report["audio_bytes_unknown_rate"]["server"] == 48000
    out = io.StringIO()
    write_text(
        capture.check(
            b"\n".join(orjson.dumps({"direction": d, "event": e}) for d, e in lines),
            name="f",
            dialect="beta",
        ),
        out,
    )
    assert "0.00 s of audio received" in out.getvalue()
    assert "and 48000 bytes in a format of unknown rate" in out.getvalue()


# --- the audio helpers: base64, appends, deltas, durations ---------------------------------------

APPEND = catalogue.lookup("realtime", "client", "input_audio_buffer.append")
WIDTH = {kind: width for kind, (width, _rate, _variable) in catalogue.ENCODINGS.items()}


def test_the_append_limit_is_the_schemas() -> None:
    schema = orjson.loads((rt_codec.schema_dir() / APPEND.schema).read_bytes())  # type: ignore[union-attr]
    most_text = schema["properties"]["audio"]["maxLength"]
    assert most_text // 4 * 3 == audio.MAX_APPEND_BYTES
    assert len(audio.pcm_to_base64(bytes(audio.MAX_APPEND_BYTES))) == most_text


@pytest.mark.parametrize("pcm", [b"", b"\x00", bytes(range(256)) * 3, b"\xff\xfe\x01"])
def test_base64_round_trips(pcm: bytes) -> None:
    text = audio.pcm_to_base64(pcm)
    assert text == base64.b64encode(pcm).decode()
    assert audio.base64_to_pcm(text) == pcm


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("AAA", "3 characters long"),
        ("AA=A", "offset 2"),
        ("AAA*", "'*' at offset 3"),
        ("AAAA\n", "offset 4"),
        ("AAAé", "offset 3"),
        ("A===", "3 padding"),
    ],
)
def test_bad_base64_is_refused_saying_where(text: str, where: str) -> None:
    with pytest.raises(ValueError, match=re.escape(where)):
        audio.base64_to_pcm(text)


def test_base64_wants_text_and_bytes() -> None:
    with pytest.raises(TypeError):
        audio.base64_to_pcm(b"AAAA")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        audio.pcm_to_base64("AAAA")  # type: ignore[arg-type]


def chunks(pcm: bytes, **options: Any) -> list[bytes]:
    events = list(audio.append_events(pcm, **options))
    for event in events:
        assert isinstance(event, rt_codec.InputAudioBufferAppendEvent)
    return [audio.base64_to_pcm(e.audio) for e in events]


def test_appends_at_the_limit() -> None:
    limit = audio.MAX_APPEND_BYTES
    pcm = bytes(range(256)) * (limit // 256) + b"\x01\x02"  # the limit and one sample more
    assert len(pcm) == limit + 2
    parts = chunks(pcm)
    assert [len(p) for p in parts] == [limit, 2]
    assert b"".join(parts) == pcm
    assert [len(p) for p in chunks(pcm[:limit])] == [limit]
    first = next(audio.append_events(pcm))
    assert rt_codec.validate_client_event(rt_codec.event_to_dict(first)) == []


@pytest.mark.parametrize("max_bytes", [2, 3, 7, 10])
def test_chunks_are_whole_pcm16_samples(max_bytes: int) -> None:
    pcm = bytes(range(22))
    parts = chunks(pcm, max_bytes=max_bytes)
    assert b"".join(parts) == pcm
    assert all(len(p) % 2 == 0 and len(p) <= max_bytes for p in parts)
    assert all(len(p) == max_bytes - max_bytes % 2 for p in parts[:-1])


def test_g711_chunks_by_one_byte_samples() -> None:
    pcm = bytes(range(9))
    assert [len(p) for p in chunks(pcm, fmt="g711_ulaw", max_bytes=4)] == [4, 4, 1]
    assert WIDTH["audio/pcmu"] == 1  # what made the odd sizes whole samples


@pytest.mark.parametrize(
    ("fmt", "per_second"),
    [
        (None, 48000),
        ("pcm16", 48000),
        ({"type": "audio/pcm", "rate": 24000}, 48000),
        ("audio/pcmu", 8000),
        (rt_codec.PcmaAudioFormat(), 8000),
    ],
)
def test_chunks_by_duration(fmt: Any, per_second: int) -> None:
    pcm = bytes(per_second * 2 + per_second // 4)  # 2.25 s
    parts = chunks(pcm, fmt=fmt, seconds=0.5)
    assert [len(p) for p in parts] == [per_second // 2] * 4 + [per_second // 4]
    assert sum(audio.duration(p, fmt) or 0 for p in parts) == pytest.approx(2.25)
    # both bounds: the smaller wins
    assert len(chunks(pcm, fmt=fmt, seconds=0.5, max_bytes=1000)[0]) == 1000


def test_empty_audio_gives_no_appends() -> None:
    assert list(audio.append_events(b"")) == []


@pytest.mark.parametrize(
    ("pcm", "options", "reason"),
    [
        (bytes(3), {}, "not whole samples of 2 bytes"),
        (bytes(4), {"max_bytes": audio.MAX_APPEND_BYTES + 1}, "over the"),
        (bytes(4), {"max_bytes": 1}, "no whole sample"),
        (bytes(4), {"max_bytes": 0}, "no whole sample"),
        (bytes(4), {"seconds": 0}, "positive finite"),
        (bytes(4), {"seconds": float("nan")}, "positive finite"),
        (bytes(4), {"seconds": 1e-9}, "no whole sample"),
        (bytes(4), {"seconds": True}, "positive finite"),
        (bytes(4), {"seconds": 1.0, "max_bytes": 1}, "at most 1 bytes holds"),
        (bytes(4), {"fmt": "opus"}, "not one the schemas describe"),
        (bytes(4), {"fmt": {"type": "audio/pcm", "rate": 0}}, "not one the schemas describe"),
    ],
)
def test_appends_refuse_bad_input_before_yielding(
    pcm: bytes, options: dict[str, Any], reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        audio.append_events(pcm, **options)  # raised at the call, not at the first next()


def test_a_duration_beyond_any_chunk_is_bounded_by_bytes() -> None:
    # seconds * rate overflows to infinity: the byte limit bounds the chunk, no OverflowError
    assert chunks(bytes(4), seconds=1e305) == [bytes(4)]
    assert chunks(bytes(8), seconds=1e305, max_bytes=4) == [bytes(4), bytes(4)]


def test_strided_and_typed_memoryviews_are_their_bytes() -> None:
    pcm = bytes(range(16))
    strided = memoryview(pcm)[::2]  # not contiguous
    assert audio.base64_to_pcm(audio.pcm_to_base64(strided)) == pcm[::2]
    assert chunks(strided, max_bytes=4) == [pcm[0:8:2], pcm[8:16:2]]
    assert audio.base64_to_pcm(rt_codec.input_audio_append(strided).audio) == pcm[::2]
    shorts = memoryview(pcm).cast("h")
    assert audio.pcm_to_base64(shorts) == audio.pcm_to_base64(pcm)
    assert chunks(shorts, max_bytes=16) == [pcm]


def test_max_bytes_at_the_limit_is_accepted() -> None:
    assert chunks(bytes(4), max_bytes=audio.MAX_APPEND_BYTES) == [bytes(4)]


DELTAS = [
    (rt_codec.decode_server_event, "response.output_audio.delta"),
    (rt_codec.decode_server_event, "response.audio.delta"),  # a GA session's old name for it
    (beta.decode_server_event, "response.audio.delta"),
]


@pytest.mark.parametrize(("decode", "kind"), DELTAS)
def test_delta_pcm_of_decoded_deltas(decode: Any, kind: str) -> None:
    pcm = bytes(range(10))
    message = {"type": kind, "event_id": "e", **AT, "delta": base64.b64encode(pcm).decode()}
    event = decode(message)
    assert not isinstance(event, rt_codec.UnknownEvent)
    assert audio.delta_pcm(event) == pcm
    assert audio.delta_pcm(message) == pcm


def test_delta_pcm_of_every_event_the_catalogue_marks() -> None:
    marked = {
        (info.type, info.audio)
        for table in catalogue.EVENTS.values()
        for info in table.values()
        if info.audio is not None
    }
    assert len(marked) >= 4
    for kind, field in marked:
        assert audio.delta_pcm({"type": kind, field: "AAE="}) == b"\x00\x01"


def test_delta_pcm_refuses_what_carries_no_audio() -> None:
    with pytest.raises(TypeError, match="ResponseDoneEvent"):
        audio.delta_pcm(rt_codec.ResponseDoneEvent(response=rt_codec.Response()))
    with pytest.raises(TypeError, match=re.escape("'response.done'")):
        audio.delta_pcm({"type": "response.done"})
    with pytest.raises(ValueError, match="offset 0"):
        audio.delta_pcm({"type": "response.output_audio.delta", "delta": "*AAA"})
    with pytest.raises(ValueError, match="no base64 audio"):
        audio.delta_pcm({"type": "response.output_audio.delta"})


def test_delta_pcm_of_a_subclass_and_not_of_a_namesake() -> None:
    class Delta(rt_codec.ResponseOutputAudioDeltaEvent):
        pass

    assert audio.delta_pcm(Delta(event_id="e", **AT, delta="AAE=")) == b"\x00\x01"

    class InputAudioBufferAppendEvent:  # another library's class of the same name
        pass

    with pytest.raises(TypeError, match="carries audio"):
        audio.delta_pcm(InputAudioBufferAppendEvent())


@pytest.mark.parametrize(
    ("fmt", "rate"),
    [
        (None, None),
        ("pcm16", None),
        ("audio/pcm", 16000),
        ("g711_alaw", None),
        ("audio/pcmu", None),
    ],
)
def test_duration_per_format(fmt: Any, rate: int | None) -> None:
    per_second = audio.bytes_per_second(audio._as_format(fmt), rate)
    assert per_second is not None
    assert audio.duration(per_second * 3, fmt, rate) == 3.0
    assert audio.duration(bytes(per_second // 2), fmt, rate) == 0.5
    assert audio.duration(0, fmt, rate) == 0.0


def test_g711_is_timed_at_8_khz_and_pcm16_at_its_rate() -> None:
    assert audio.duration(16000, "g711_ulaw") == 2.0
    assert audio.duration(16000, {"type": "audio/pcma"}, 24000) == 2.0  # G.711 keeps 8 kHz
    assert audio.duration(16000, "pcm16") == pytest.approx(16000 / 48000)
    assert audio.duration(32000, "pcm16", 16000) == 1.0


def test_duration_of_unknown_formats_and_bad_counts() -> None:
    assert audio.duration(100, "opus") is None
    assert audio.duration(100, {"type": "audio/opus"}) is None
    with pytest.raises(ValueError, match="negative"):
        audio.duration(-1)
    with pytest.raises(TypeError):
        audio.duration("100")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        audio.duration(True)


def test_a_byte_count_beyond_any_duration_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="401 digits is beyond any duration"):
        audio.duration(10**400)
