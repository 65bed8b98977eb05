"""Capture readers and the writer."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rt_codec
from rt_codec import capture
from rt_codec.cli import Directions
from tests.conftest import ROOT

SAMPLES = ROOT / "samples"


def frames(data: bytes) -> tuple[str, list[capture.Frame]]:
    kind, found = capture.read(io.BytesIO(data), Directions("realtime"))
    return kind, list(found)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'{"direction": "client", "event": {"type": "x"}}\n', "envelopes"),
        (b'{"ts": 1, "direction": "server", "data": "{}"}\n', "envelopes"),
        (b'{"type": "session.update", "session": {}}\n', "events"),
        (b'{\n  "log": {\n    "version": "1.2",\n', "har"),
        (b'{"log": {"entries": []}}', "har"),
        (b"not json at all\n", "events"),
    ],
)
def test_detect(head: bytes, kind: str) -> None:
    assert capture.detect(head) == kind


def _har(entries: list[Any]) -> bytes:
    return json.dumps(
        {"log": {"version": "1.2", "pages": [{"x": "[{"}], "entries": entries}}, indent=1
    ).encode()


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["a", "log", "entries", "_webSocketMessages", 'q"uote', "b\\s"]),
            st.recursive(
                st.one_of(st.text(alphabet='ab{}[]":,\\é', max_size=8), st.integers(), st.none()),
                lambda inner: st.one_of(
                    st.lists(inner, max_size=3),
                    st.dictionaries(st.text(max_size=3), inner, max_size=3),
                ),
                max_leaves=8,
            ),
            max_size=4,
        ),
        max_size=5,
    ),
    st.integers(1, 40),
)
def test_har_entries_match_a_full_parse_at_any_chunk_size(entries: list[Any], chunk: int) -> None:
    data = _har(entries)
    original = capture._CHUNK
    capture._CHUNK = chunk
    try:
        found = [orjson.loads(raw) for raw in capture.har_entries(io.BytesIO(data))]
    finally:
        capture._CHUNK = original
    assert found == entries


def test_har_frames() -> None:
    kind, found = frames((SAMPLES / "voice-session.har").read_bytes())
    assert kind == "har"
    events = [f for f in found if f.event is not None]
    assert len(events) == 43
    assert events[0].direction == "server" and events[0].event is not None
    assert events[0].event["type"] == "session.created"
    assert events[1].direction == "client"
    assert [f.note for f in found if f.event is None] == ["binary frame skipped"]


def test_every_line_is_a_frame() -> None:
    data = b'{"direction":"client","event":{"type":"response.create"}}\n\nnope\n[1]\n{"direction":"up","event":{}}\n'
    kind, found = frames(data)
    assert kind == "envelopes"
    assert [(f.line, [p.rule for p in f.problems]) for f in found] == [
        (1, []),
        (3, ["json"]),
        (4, ["json"]),
        (5, ["capture.envelope"]),
    ]


def test_duplicate_keys_inside_envelopes_point_into_the_event() -> None:
    data = b'{"direction":"client","event":{"type":"response.cancel","response_id":"a","response_id":"b"}}\n'
    [frame] = frames(data)[1]
    assert [(p.path, p.rule) for p in frame.problems] == [("/response_id", "json.duplicate_key")]


def test_capture_writer_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    append = rt_codec.InputAudioBufferAppendEvent(audio="AAAA")
    with capture.CaptureWriter(path) as writer:
        writer.write("client", append, ts=1.0)
        writer.write("server", b'{"type":"input_audio_buffer.cleared","event_id":"e1"}', ts=2.0)
        writer.write("server", '{"type":"broken"', ts=3.0)
        writer.write("client", {"type": "response.create"}, ts=4.0)
        with pytest.raises(ValueError, match="direction"):
            writer.write("sideways", {})
    lines = [orjson.loads(x) for x in path.read_bytes().splitlines()]
    assert lines[0] == {
        "ts": 1.0,
        "direction": "client",
        "event": {"type": "input_audio_buffer.append", "audio": "AAAA"},
    }
    assert lines[1]["event"] == {"type": "input_audio_buffer.cleared", "event_id": "e1"}
    assert lines[2] == {"ts": 3.0, "direction": "server", "data": '{"type":"broken"'}
    kind, found = frames(path.read_bytes())
    assert kind == "envelopes"
    assert [f.direction for f in found] == ["client", "server", "server", "client"]
    assert [p.rule for p in found[2].problems] == ["json"]


@given(
    st.lists(
        st.one_of(
            st.binary(max_size=40),
            st.builds(
                lambda d, e: orjson.dumps({"direction": d, "event": e}),
                st.sampled_from(["client", "server", "up"]),
                st.dictionaries(
                    st.sampled_from(
                        [
                            "type",
                            "event_id",
                            "item_id",
                            "content_index",
                            "delta",
                            "audio",
                            "response",
                        ]
                    ),
                    st.one_of(
                        st.sampled_from(
                            [
                                "response.output_text.delta",
                                "input_audio_buffer.append",
                                "error",
                                "AAAA",
                            ]
                        ),
                        st.integers(-(2**63), 2**63 - 1),
                        st.none(),
                        st.lists(st.integers(0, 9), max_size=2),
                    ),
                ),
            ),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_capture_is_read_to_the_end(lines: list[bytes]) -> None:
    """Whatever the lines hold, every non-blank line becomes one checked event and nothing raises."""
    from rt_codec.cli import Report, check_frames

    data = b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines) + b"\n"
    directions = Directions("realtime")
    report = Report()
    _, found = capture.read(io.BytesIO(data), directions)
    check_frames(found, directions, "fuzz", report, lambda *_: None)
    blank = sum(1 for line in data.split(b"\n")[:-1] if not line.strip())
    assert report.events == len(data.split(b"\n")) - 1 - blank
    assert report.valid + report.invalid == report.events


_message_values = st.one_of(
    st.sampled_from(["send", "receive", 1, 2, None, '{"type":"error"}', "{bad", "[]"]),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["a"]), st.integers(0, 3), max_size=1),
)


@given(
    st.lists(
        st.one_of(
            st.dictionaries(st.sampled_from(["type", "opcode", "data", "time"]), _message_values),
            st.integers(0, 3),
        ),
        max_size=6,
    )
)
def test_any_har_messages_are_read_without_crashing(messages: list[Any]) -> None:
    from rt_codec.cli import Report, check_frames

    data = _har([{"request": {}}, {"_webSocketMessages": messages}, {"_webSocketMessages": 5}])
    directions = Directions("realtime")
    report = Report()
    kind, found = capture.read(io.BytesIO(data), directions)
    assert kind == "har"
    check_frames(found, directions, "fuzz", report, lambda *_: None)
    assert report.valid + report.invalid == report.events <= len(messages)
