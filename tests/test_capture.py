"""Capture readers, the capture API and the writer: a capture is read as a whole, bounded, and
what it holds is reported, never guessed from a partial view."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rt_codec
from rt_codec import capture
from tests.conftest import ROOT

SAMPLES = ROOT / "samples"
SESSION = (SAMPLES / "voice-session.jsonl").read_bytes()
HAR = (SAMPLES / "voice-session.har").read_bytes()
BOM = b"\xef\xbb\xbf"


class Trickle(io.RawIOBase):
    """A stream that gives its bytes in pieces of the sizes asked, as a pipe whose producer writes
    in pieces does."""

    def __init__(self, data: bytes, sizes: list[int] | None = None) -> None:
        self.data = data
        self.pos = 0
        self.sizes = sizes or [1]
        self.calls = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = self.sizes[self.calls % len(self.sizes)]
        self.calls += 1
        piece = self.data[self.pos : self.pos + min(size, len(buffer))]
        buffer[: len(piece)] = piece
        self.pos += len(piece)
        return len(piece)


def piped(data: bytes, sizes: list[int] | None = None) -> io.BufferedReader:
    return io.BufferedReader(Trickle(data, sizes))


def checked(data: Any, **options: Any) -> dict[str, Any]:
    return capture.check(data, name="f", **options).to_dict()


def found(data: Any, **options: Any) -> list[tuple[Any, str]]:
    """(line or pointer, rule) of every finding."""
    return [
        (v.get("line", v.get("index")), v["rule"]) for v in checked(data, **options)["violations"]
    ]


def with_long_first_line(size: int) -> bytes:
    """The sample session whose first event (session.created) carries `size` characters of
    instructions."""
    lines = SESSION.split(b"\n")
    first = orjson.loads(lines[0])
    first["event"]["session"]["instructions"] = "x" * size
    return b"\n".join([orjson.dumps(first), *lines[1:]])


def _har(entries: list[Any]) -> bytes:
    return json.dumps(
        {"log": {"version": "1.2", "pages": [{"x": "[{"}], "entries": entries}}, indent=1
    ).encode()


# --- telling the format ------------------------------------------------------------------------


def test_a_100_kb_first_line_piped_byte_by_byte_with_bom_and_crlf_reads_as_the_clean_file() -> None:
    clean = with_long_first_line(100_000)
    want = checked(clean)
    assert [(f["file"], f["format"], f["events"]) for f in want["files"]] == [
        ("f", "envelopes", 43)
    ]
    assert (want["events"], want["rules"]) == (43, {})
    dirty = BOM + clean.replace(b"\n", b"\r\n")
    assert checked(piped(dirty)) == want
    assert checked(piped(dirty, [4096, 1, 7000])) == want


@pytest.mark.parametrize("size", [5_000, 70_000])
def test_a_long_first_line_is_never_read_as_bare_events(size: int) -> None:
    data = with_long_first_line(size)
    assert checked(piped(data, [4096]))["rules"] == {}


@pytest.mark.parametrize("sample", [SESSION, HAR])
def test_a_byte_order_mark_is_skipped(sample: bytes) -> None:
    report = checked(BOM + sample)
    assert (report["events"], report["rules"]) == (43, {})


def test_a_log_key_does_not_make_a_har() -> None:
    # an event that happens to have a `log` field, and one whose text mentions "log":
    data = (
        b'{"type": "input_audio_buffer.cleared", "event_id": "e", "log": {"x": 1}}\n'
        b'{"type": "conversation.item.deleted", "event_id": "e2", "item_id": "a", "note": "\\"log\\": 1"}\n'
        b'{"type": "response.hologram"}\n'
    )
    report = checked(data)
    assert report["files"][0]["format"] == "events"
    assert report["events"] == 3
    assert found(data) == [(3, "event.unknown_type")]


def test_a_har_needs_log_entries() -> None:
    # without an entries array it is an object like any other: one event (here without a type)
    for data in (b'{\n "log": {\n  "version": "1.2"\n }\n}\n', b'{"log": {"entries": {}}}'):
        report = checked(data)
        assert report["files"][0]["format"] != "har"
        assert found(data) == [("", "schema.required")]


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", BOM])
def test_nothing_to_read_is_a_finding(data: bytes) -> None:
    assert found(data) == [("", "capture.no_events")]


def test_a_json_array_of_events_is_read_as_events() -> None:
    events = [orjson.loads(x)["event"] for x in SESSION.splitlines()]
    for data in (orjson.dumps(events), json.dumps(events, indent=2).encode()):
        report = checked(data)
        assert (report["events"], report["rules"]) == (43, {})
    events[3] = {"type": "response.hologram"}
    assert found(json.dumps(events, indent=2).encode()) == [("/3", "event.unknown_type")]


def test_a_json_array_of_envelopes_is_read_as_envelopes() -> None:
    envelopes = [orjson.loads(x) for x in SESSION.splitlines()]
    report = checked(json.dumps(envelopes, indent=1).encode())
    assert (report["events"], report["rules"]) == (43, {})


def test_one_pretty_printed_event() -> None:
    data = json.dumps({"type": "conversation.item.delete", "item_id": 5}, indent=2).encode()
    assert found(data) == [("", "schema.type")]


def test_har_detection_does_not_depend_on_chunks() -> None:
    assert checked(piped(HAR, [1, 3, 4096])) == checked(HAR)


# --- HAR structure --------------------------------------------------------------------------------

_OK = json.dumps({"type": "response.create"})


def test_har_structure_problems_are_findings_at_their_pointer() -> None:
    data = _har(
        [
            {"_webSocketMessages": {"a": 1}},
            {"_webSocketMessages": "x"},
            {"_resourceType": "websocket", "request": {"url": "wss://api.openai.com/v1/realtime"}},
            {"request": {"url": "https://example.com/"}},  # not a WebSocket: nothing to say
            {
                "_webSocketMessages": [
                    5,
                    {"type": "send", "opcode": 1},
                    {"type": "send", "opcode": 1, "data": None},
                    {"type": "send", "opcode": 1, "data": {}},
                    {"type": "send", "opcode": 2, "data": "AAAA"},
                    {"type": "send", "opcode": 1, "data": _OK},
                ]
            },
        ]
    )
    messages = "/log/entries/4/_webSocketMessages"
    assert found(data) == [
        ("/log/entries/0/_webSocketMessages", "capture.har"),
        ("/log/entries/1/_webSocketMessages", "capture.har"),
        ("/log/entries/2", "capture.har"),
        (f"{messages}/0", "capture.har"),
        (f"{messages}/1", "capture.har"),
        (f"{messages}/2", "capture.har"),
        (f"{messages}/3", "capture.har"),
    ]
    report = checked(data)
    assert report["notes"] == {"binary frame skipped": 1}
    assert report["valid"] == 1


def test_one_bad_byte_costs_one_message() -> None:
    data = _har(
        [
            {
                "_webSocketMessages": [
                    {"type": "send", "opcode": 1, "data": _OK},
                    {"type": "send", "opcode": 1, "data": "XX"},
                    {"type": "send", "opcode": 1, "data": _OK},
                ]
            }
        ]
    ).replace(b'"XX"', b'"X\xffX"')
    report = checked(data)
    assert found(data) == [("/log/entries/0/_webSocketMessages/1", "json")]
    assert (report["events"], report["valid"]) == (3, 2)
    assert "UTF-8" in report["violations"][0]["message"]


def test_a_har_cut_short_or_followed_by_more_is_reported() -> None:
    data = _har([{"_webSocketMessages": [{"type": "send", "opcode": 1, "data": _OK}]}])
    assert found(data[:-6]) == [("", "capture.truncated")]
    assert found(data + b'\n{"log": 1}') == [("", "capture.trailing")]
    assert found(data[: data.index(b"_webSocketMessages") + 40]) == [
        ("/log/entries/0/_webSocketMessages/0", "json"),
        ("", "capture.truncated"),
    ]


@given(st.integers(1, 64), st.integers(1, 4096))
@settings(max_examples=30)
def test_the_har_sample_reads_the_same_at_any_chunk_size(small: int, large: int) -> None:
    assert checked(piped(HAR, [small, large])) == checked(HAR)


# --- bounds ---------------------------------------------------------------------------------------


class Zeros(io.RawIOBase):
    """/dev/zero: NUL bytes, forever."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        buffer[:] = bytes(len(buffer))
        return len(buffer)


def test_an_endless_stream_of_nul_bytes_ends_with_a_finding() -> None:
    report = checked(io.BufferedReader(Zeros()), max_bytes=1 << 16)
    assert [v["rule"] for v in report["violations"]] == ["capture.format"]
    assert report["files"][0]["format"] == "binary"


def test_a_line_over_the_limit_is_skipped_and_reported() -> None:
    data = (
        b'{"type": "response.create"}\n'
        + b'{"type": "x", "a": "'
        + b"a" * 3000
        + b'"}\n{"type": "response.cancel"}\n'
    )
    report = checked(data, max_bytes=1000)
    assert found(data, max_bytes=1000) == [(2, "capture.max_bytes")]
    assert report["events"] == 3
    assert report["limits"] == {"max_bytes": 1}
    assert "3023 bytes" in report["violations"][0]["message"]


def test_a_har_message_over_the_limit_is_skipped_and_reported() -> None:
    big = json.dumps({"type": "input_audio_buffer.append", "audio": "AAAA" * 500})
    data = _har(
        [{"_webSocketMessages": [{"type": "send", "data": big}, {"type": "send", "data": _OK}]}]
    )
    assert found(data, max_bytes=1000) == [
        ("/log/entries/0/_webSocketMessages/0", "capture.max_bytes")
    ]


def test_unknown_types_are_folded_past_the_table_limit() -> None:
    lines = [orjson.dumps({"type": f"made.up.{n}"}) for n in range(capture.MAX_TYPES + 50)]
    report = capture.check(b"\n".join(lines))
    # they have no direction, so they are not in the per-direction tables at all
    assert sum(report.rules.values()) == capture.MAX_TYPES + 50
    envelopes = [
        orjson.dumps({"direction": "server", "event": {"type": f"made.up.{n}"}})
        for n in range(capture.MAX_TYPES + 50)
    ]
    report = capture.check(b"\n".join(envelopes))
    assert len(report.types["server"]) == capture.MAX_TYPES + 1
    assert report.types["server"]["(other types)"] == 50
    assert report.limits["types"] == 50


def test_printed_types_and_names_are_escaped_and_short() -> None:
    evil = "\x1b[2J\x1b[Hno findings\n" + "x" * 1_000_000
    data = orjson.dumps({"direction": "server", "event": {"type": evil}})
    report = capture.check(data)
    out = io.StringIO()
    capture.write_text(report, out)
    text = out.getvalue()
    assert "\x1b" not in text and "\\x1b" in text
    assert len(text) < 5000
    assert "\nno findings" not in text


def test_findings_past_the_list_limit_are_counted() -> None:
    lines = [b'{"type": "response.hologram"}'] * 30
    report = capture.check(b"\n".join(lines), report=capture.Report(max_violations=10))
    assert len(report.violations) == 10
    assert report.omitted == 20
    assert report.rules["event.unknown_type"] == 30
    assert report.to_dict()["violations_omitted"] == 20


# --- the same finding wherever an event is ------------------------------------------------------


def test_a_type_that_is_not_a_string_reads_the_same_bare_or_enveloped() -> None:
    bare = checked(b'{"type": 5}\n{"type": "response.create"}\n')["violations"][0]
    wrapped = checked(b'{"direction": "client", "event": {"type": 5}}\n')["violations"][0]
    assert (
        (bare["path"], bare["rule"])
        == (wrapped["path"], wrapped["rule"])
        == (
            "/type",
            "schema.type",
        )
    )


@pytest.mark.parametrize(
    "dumps", [orjson.dumps, json.dumps, lambda v: json.dumps(v, indent=None, ensure_ascii=True)]
)
def test_duplicate_keys_and_big_integers_are_found_however_the_line_is_spaced(dumps: Any) -> None:
    # A server event: its objects are open, so the fields added are no findings of their own.
    text = dumps({"direction": "server", "event": {"type": "conversation.item.deleted"}})
    if isinstance(text, str):
        text = text.encode()
    line = text.replace(
        b'"conversation.item.deleted"',
        b'"conversation.item.deleted", "event_id": "e", "item_id": "a", "item_id": "b", "x": 1E10,'
        b' "n": 99999999999999999999',
    )
    assert found(line) == [(1, "json.duplicate_key"), (1, "json.number")]


def test_the_capture_api_is_what_the_command_prints(tmp_path: Path) -> None:
    from rt_codec import cli

    out = io.StringIO()
    code = cli.main(["validate", "--json", str(SAMPLES / "defects.jsonl")], out, io.StringIO())
    assert code == 1
    report = capture.check(SAMPLES / "defects.jsonl")
    assert json.loads(out.getvalue()) == report.to_dict()
    assert next(str(v) for v in report.violations).startswith(str(SAMPLES / "defects.jsonl"))


# --- recording ------------------------------------------------------------------------------------


def test_capture_writer_records_verbatim(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    sent = [
        b'{"type":"conversation.item.delete","item_id":"a","item_id":"b"}',
        b'{"type":"conversation.item.delete","item_id":"a","n":99999999999999999999}',
        b'{"type": "response.create", "x": NaN}',
        b'{\n  "type": "response.create"\n}',
        b'{"type":"broken"',
        '{"type":"conversation.item.delete","item_id":"caf\u00e9 \\u00e9"}'.encode(),
    ]
    with capture.CaptureWriter(path, mode="w") as writer:
        for n, text in enumerate(sent):
            writer.write("client", text, ts=float(n))
        writer.write("server", rt_codec.InputAudioBufferClearedEvent(event_id="e1"), ts=9.0)
        writer.write("client", {"type": "response.create"}, ts=10.0)
        with pytest.raises(ValueError, match="direction"):
            writer.write("sideways", {})
        with pytest.raises(ValueError, match="UTF-8"):
            writer.write("client", b'{"type":"\xff"}')
    lines = path.read_bytes().splitlines()
    recorded = []
    for line in lines:
        envelope = json.loads(line)  # the stdlib keeps NaN; data strings give back the text
        if "data" in envelope:
            recorded.append(envelope["data"].encode())
        else:
            start = line.index(b'"event":') + len(b'"event":')
            recorded.append(line[start:-1])
    assert recorded[: len(sent)] == sent
    assert [f[1] for f in found(path)] == [
        "json.duplicate_key",
        "json.number",
        "schema.additionalProperties",  # `n`: a client event's objects are closed
        "json",
        "json",
    ]
    with capture.CaptureWriter(path, mode="w") as writer:
        writer.write("client", b'{"type":"response.create"}', ts=1.0)
    with capture.CaptureWriter(path) as writer:  # appends by default
        writer.write("client", b'{"type":"response.cancel"}', ts=2.0)
    assert len(path.read_bytes().splitlines()) == 2
    with pytest.raises(ValueError, match="mode"):
        capture.CaptureWriter(path, mode="x")  # type: ignore[arg-type]


def test_capture_writer_takes_deep_events(tmp_path: Path) -> None:
    deep = b'{"type":"conversation.item.deleted","event_id":"e","item_id":"a","x":'
    deep += b"[" * 300 + b"]" * 300 + b"}"
    path = tmp_path / "deep.jsonl"
    with capture.CaptureWriter(path) as writer:
        writer.write("server", deep)
    assert capture.check(path).rules == {}


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
    lines = [line.lstrip(b" \t{[") or b"x" for line in lines]  # one JSONL capture, not a document
    data = b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines) + b"\n"
    if b"\0" in data:
        return  # a NUL byte ends the reading (not a text capture): tested on its own
    report = capture.check(data, dialect="realtime")
    # A byte order mark that opens the capture is skipped, as the reader promises.
    text = data.removeprefix(b"\xef\xbb\xbf")
    # blank as JSON says: only spaces, tabs and CRs (a vertical tab is no JSON whitespace)
    blank = sum(1 for line in text.split(b"\n")[:-1] if not line.strip(b" \t\r"))
    assert report.events == len(text.split(b"\n")) - 1 - blank
    assert report.valid + report.invalid + report.unchecked == report.events


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
    data = _har([{"request": {}}, {"_webSocketMessages": messages}, {"_webSocketMessages": 5}])
    report = capture.check(data, dialect="realtime")
    assert report.files == [("<bytes>", "har")]
    assert report.valid + report.invalid == report.events <= len(messages)
    # every message is accounted for: an event, a finding at its pointer, or a note
    pointers = {f.index for f in report.violations}
    assert "/log/entries/2/_webSocketMessages" in pointers
    for index, message in enumerate(messages):
        if not isinstance(message, dict):
            assert f"/log/entries/1/_webSocketMessages/{index}" in pointers


_pieces = st.sampled_from(
    [
        *SESSION.splitlines()[:6],
        *[orjson.dumps(orjson.loads(x)["event"]) for x in SESSION.splitlines()[:4]],
        b"",
        b"  ",
        b"{",
        b"[",
        b"]",
        b'{"log": {"entries": [',
        b"not json",
        b'{"type": "response.hologram"}',
        b'{"type": "x", "a": 1, "a": 2}',
        b"\xef\xbb\xbf",
        b"\xff",
        b"\x00",
    ]
)


@given(
    st.lists(_pieces, max_size=12),
    st.sampled_from([b"\n", b"\r\n"]),
    st.lists(st.integers(1, 300), min_size=1, max_size=5),
    st.integers(0, 600),
)
@settings(max_examples=150)
def test_a_capture_piped_in_any_pieces_reads_as_the_whole_file(
    lines: list[bytes], end: bytes, sizes: list[int], limit_extra: int
) -> None:
    data = end.join(lines)
    limit = 200 + limit_extra  # some lines are over it
    assert checked(piped(data, sizes), max_bytes=limit) == checked(data, max_bytes=limit)


_tricky = st.text(alphabet='ab{}[]":,\\é\n', max_size=8)


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "_webSocketMessages": st.lists(
                    st.fixed_dictionaries(
                        {
                            "type": st.sampled_from(["send", "receive"]),
                            "opcode": st.just(1),
                            "data": st.builds(
                                lambda note: json.dumps({"type": "response.create", "x": note}),
                                _tricky,
                            ),
                        }
                    ),
                    max_size=4,
                )
            },
            optional={"request": st.dictionaries(_tricky, _tricky, max_size=2), "note": _tricky},
        ),
        max_size=4,
    ),
    st.sampled_from([None, 1, 4]),
    st.lists(st.integers(1, 50), min_size=1, max_size=3),
)
@settings(max_examples=100)
def test_har_messages_match_a_full_parse_in_any_pieces(
    entries: list[dict[str, Any]], indent: int | None, sizes: list[int]
) -> None:
    data = json.dumps(
        {"log": {"version": "1.2", "pages": [{"x": "[{"}], "entries": entries}}, indent=indent
    ).encode()
    reading = capture.read(piped(data, sizes), capture.Directions("realtime"))
    frames = [f for f in reading if f.event is not None]
    expected = [
        (f"/log/entries/{e}/_webSocketMessages/{m}", json.loads(message["data"]))
        for e, entry in enumerate(entries)
        for m, message in enumerate(entry["_webSocketMessages"])
    ]
    assert [(f.index, f.event) for f in frames] == expected
    assert reading.kind == "har"


def test_a_first_line_cut_after_a_bracket_is_one_bad_line() -> None:
    lines = SESSION.splitlines()
    cut = lines[0][: lines[0].index(b'"session":{') + len(b'"session":{')]
    assert cut.endswith(b"{")
    report = checked(b"\n".join([cut, *lines[1:]]))
    assert report["files"][0]["format"] == "envelopes"  # told by the first good line
    assert found(b"\n".join([cut, *lines[1:]])) == [(1, "json")]
    assert report["events"] == 43


def test_the_largest_append_fits_the_default_line_limit() -> None:
    audio = "A" * (15 * 1024 * 1024 // 3 * 4)  # 15 MiB of audio, the most one append may carry
    line = orjson.dumps(
        {"direction": "client", "event": {"type": "input_audio_buffer.append", "audio": audio}}
    )
    report = checked(line + b"\n" + line.replace(b'"client"', b'"client" ') + b"\n")
    assert (report["events"], report["rules"]) == (2, {})
    assert report["audio_seconds"]["client"] == round(2 * 15 * 1024 * 1024 / 48000, 3)


def test_audio_is_counted_by_the_generated_table_in_every_dialect() -> None:
    from rt_codec import catalogue

    info = catalogue.lookup("beta", "server", "response.audio.delta")
    assert info is not None and info.audio == "delta"
    second = "A" * 64000  # 48,000 bytes: one second of PCM16 at 24 kHz
    lines = [
        {
            "direction": "server",
            "event": {
                "type": "response.audio.delta",
                "event_id": "e",
                "response_id": "r",
                "item_id": "i",
                "output_index": 0,
                "content_index": 0,
                "delta": second,
            },
        },
    ]
    report = checked(b"\n".join(orjson.dumps(x) for x in lines))
    assert report["audio_seconds"]["server"] == 1.0
    translation = orjson.dumps(
        {
            "direction": "client",
            "event": {"type": "session.input_audio_buffer.append", "audio": second},
        }
    )
    assert checked(translation, dialect="translation")["audio_seconds"]["client"] == 1.0


def test_a_live_capture_is_told_in_auto_mode_and_timed_at_its_format() -> None:
    """Live's own names tell the dialect; audio counts at the session's one `audio.format` (16 kHz
    PCM here: 32,000 bytes a second both ways)."""
    second = base64.b64encode(bytes(32_000)).decode()
    events = [
        ("client", {"type": "session.start", "session": {"model": "gpt-live-1"}}),
        (
            "server",
            {
                "type": "session.started",
                "event_id": "s1",
                "session": {
                    "id": "ls_1",
                    "expires_at": 1,
                    "model": "gpt-live-1",
                    "status": "active",
                    "audio": {"format": {"type": "audio/pcm", "rate": 16000}},
                },
            },
        ),
        ("client", {"type": "session.input_audio.append", "audio": second}),
        ("server", {"type": "session.output_audio.delta", "delta": second}),
        ("server", {"type": "session.output_audio.delta", "delta": second}),
    ]
    data = b"\n".join(orjson.dumps({"direction": d, "event": e}) for d, e in events)
    result = capture.check(data)
    # the audio deltas share their name with translation: they show nothing, and count as Live's
    assert (result.invalid, dict(result.dialects)) == (0, {"live": 3})
    assert result.to_dict()["audio_seconds"] == {"client": 1.0, "server": 2.0}


def test_a_name_live_shares_with_translation_tells_nothing_alone() -> None:
    data = orjson.dumps(
        {"direction": "server", "event": {"type": "session.output_audio.delta", "delta": "AAAA"}}
    )
    (finding,) = capture.check(data).violations
    assert finding.rule == "event.unknown_type"
    assert "use --dialect translation or --dialect live" in finding.message
