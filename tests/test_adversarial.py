"""Adversarial tests of the capture reader, the JSON reader, the session checker, the command and the
writer: each states one promise of README.md ("`rt-codec validate`" and "Validation") and feeds it
input a hostile or careless user could give.

Each test failed on the code as it was when an adversarial pass found the defect (the comments
say what it did then), or guards behaviour the other tests do not cover.
"""

from __future__ import annotations

import io
import json
import tracemalloc
from typing import Any

import orjson

import rt_codec
from rt_codec import capture
from rt_codec.capture import CaptureWriter
from rt_codec.cli import main
from rt_codec.session import SessionChecker

CLEAR = b'{"type":"input_audio_buffer.clear"}'


class OneByte(io.RawIOBase):
    """An unbuffered binary stream that gives one byte per read, as a pipe opened with
    buffering=0 whose producer writes slowly does."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        piece = self.data[self.pos : self.pos + min(1, len(buffer))]
        buffer[: len(piece)] = piece
        self.pos += len(piece)
        return len(piece)


def checked(data: Any, **options: Any) -> dict[str, Any]:
    return capture.check(data, name="f", **options).to_dict()


def found(data: Any, **options: Any) -> list[tuple[Any, str]]:
    """(line or pointer, rule) of every finding."""
    return [
        (v.get("line", v.get("index")), v["rule"]) for v in checked(data, **options)["violations"]
    ]


def text_report(data: bytes) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["validate", "-"], out, err, stdin=io.BytesIO(data))
    return code, out.getvalue()


def har_text(messages: list[str], entry_extra: str = "") -> bytes:
    """A pretty-printed HAR with one WebSocket entry holding these message texts verbatim."""
    return (
        '{\n "log": {\n  "version": "1.2",\n  "entries": [\n   {"_resourceType": "websocket"'
        + entry_extra
        + ', "_webSocketMessages": [\n'
        + ",\n".join(messages)
        + "\n]}\n  ]\n }\n}\n"
    ).encode()


def message(event: bytes = CLEAR) -> str:
    return json.dumps({"type": "send", "time": 1.0, "opcode": 1, "data": event.decode()})


# --- 1. verdicts never guessed from a partial view; detection is right ----------------------------


def test_a_pretty_printed_event_with_a_log_object_is_not_a_har() -> None:
    """Promise 1: 'a file is a HAR only when it has log.entries' - pretty or on one line."""
    # A server event: its objects are open, so `log` is no finding of its own.
    one_line = b'{"type": "input_audio_buffer.cleared", "event_id": "e", "log": {"x": 1}}\n'
    pretty = b'{\n "type": "input_audio_buffer.cleared",\n "event_id": "e",\n "log": {"x": 1}\n}\n'
    assert found(one_line) == []
    assert checked(pretty)["files"][0]["format"] != "har"
    # before this fix: [("/log/entries", "capture.har"), ("", "capture.no_events")]
    assert found(pretty) == []


def test_an_unbuffered_stream_reads_as_the_whole_bytes() -> None:
    """Promise 1: the same report whatever pieces a (raw, unbuffered) pipe delivers."""
    data = b"[\n" + CLEAR + b"\n]\n\n\ngarbage\n"
    whole = checked(data)
    assert found(data) == [("", "capture.trailing")]
    assert (
        checked(OneByte(data)) == whole
    )  # before this fix: no finding: the garbage was never read


def test_content_after_a_document_is_found_past_any_whitespace() -> None:
    """Promise 2: nothing after a JSON document is dropped silently, however far it is."""
    data = b"[\n" + CLEAR + b"\n]\n" + b" " * (3 << 20) + b"garbage\n" + CLEAR + b"\n"
    assert ("", "capture.trailing") in found(data)  # before this fix: [] and exit status 0


def test_a_pretty_event_followed_by_text_is_checked_as_the_event_it_is() -> None:
    """Promise 1: trailing text is capture.trailing; it does not make the event before it
    unreadable (and so unchecked), depending on whether it came in the same read."""
    data = b'{\n "type": "conversation.item.delete",\n "item_id": 5\n}\nxyz\n'
    # before this fix: [("", "json"), ("", "capture.trailing")]: "unexpected content after document",
    # and the event's own schema.type finding is never made
    assert found(data) == [("", "schema.type"), ("", "capture.trailing")]


def test_an_extra_brace_in_one_har_message_costs_only_that_message() -> None:
    """Promise 1: 'a bad message costs only that message'."""
    bad = '{"type": "send", "opcode": 1, "data": "x"}}'
    data = har_text([message(), bad, message(), message()])
    report = checked(data)
    # before this fix: 2 events: the two good messages after the bad one are lost in an entry-level finding
    assert report["events"] == 4
    assert ("/log/entries/0/_webSocketMessages/3", "json") not in found(data)


def test_har_keys_written_with_escapes_are_read_as_json_means_them() -> None:
    """Promise 1: HAR detection is right: `"_webSocket\\u004dessages"` is the same key."""
    data = har_text([message(), message()]).replace(
        b'"_webSocketMessages"', b'"_webSocket\\u004dessages"'
    )
    assert orjson.loads(data)["log"]["entries"][0]["_webSocketMessages"]
    assert checked(data)["events"] == 2  # before this fix: 0 events and capture.no_events


# --- 2. nothing the user gave is dropped silently -------------------------------------------------


def test_text_before_a_json_document_is_not_ignored() -> None:
    """Promise 2: no silent exit 0 on garbage (a first line `garbage [`)."""
    data = b"garbage here [\n" + CLEAR + b"\n]\n"
    assert found(data) != []  # before this fix: [] (clean, exit 0)


def test_empty_elements_and_trailing_commas_in_an_array_are_findings() -> None:
    """Promise 2: an array that is not JSON (`,,` and a trailing comma) is not clean."""
    data = b"[\n" + CLEAR + b",,,\n" + CLEAR + b",\n]\n"
    assert found(data) != []  # before this fix: [] (clean, exit 0)


def test_invalid_json_around_har_entries_is_a_finding() -> None:
    """Promise 2: a HAR whose own JSON is broken (outside the entries) is not clean."""
    data = har_text([message()]).replace(b'"version": "1.2"', b'"version": 1.2.3 bad')
    assert found(data) != []  # before this fix: [] (clean, exit 0)


def test_control_bytes_json_does_not_allow_around_a_line_are_a_finding() -> None:
    """Promise 2: a vertical tab / form feed is not JSON whitespace; the line is not valid."""
    data = b"\x0b" + CLEAR + b"\x0c\n"
    assert found(data) == [(1, "json")]  # before this fix: [] (valid)


def test_the_rest_of_jsonl_after_a_first_array_line_is_reported_not_read() -> None:
    """Promise 2: a JSONL of arrays is read as one array; what follows is named, not dropped."""
    data = b"[" + CLEAR + b"]\n[" + CLEAR + b"]\n"
    assert found(data) == [("", "capture.trailing")]


# --- 3. bounded time and memory, limits reported ---------------------------------------------------


def test_deep_nesting_in_a_document_takes_bounded_memory() -> None:
    """Promise 3: bounded memory: 8 KB of brackets must not take tens of MiB (quadratic;
    a few hundred KB of `[` is killed by the OOM killer)."""
    depth = 4000
    data = b"[\n" + b"[" * depth + b"]" * depth + b"\n]\n"
    tracemalloc.start()
    try:
        capture.check(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20  # before this fix: about 60 MiB (10,000 levels: 500 MiB)


def test_session_memory_does_not_grow_with_the_size_of_ids() -> None:
    """Promise 3: the session's memory is bounded, not 'the last 100,000 ids' of any size."""
    checker = SessionChecker()
    tracemalloc.start()
    try:
        for n in range(200):
            checker.check(
                "client",
                {"type": "input_audio_buffer.clear", "event_id": f"{n:08d}" + "x" * 100_000},
            )
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert (
        kept < 4 * 2**20
    )  # before this fix: about 20 MiB: every id is kept whole (100,000 x 64 MiB at most)


def test_a_crlf_line_at_the_limit_reads_like_an_lf_line() -> None:
    """Promise 3 with 'CRLF line ends are fine': the limit is the same for both line ends."""
    limit = len(CLEAR)
    assert found(CLEAR + b"\n", max_bytes=limit) == []
    assert (
        found(CLEAR + b"\r\n", max_bytes=limit) == []
    )  # before this fix: [(1, "capture.max_bytes")]


def test_an_oversized_pretty_printed_event_is_counted_in_limits() -> None:
    """Promise 3: limits reported when hit (`limits` counts every capture.max_bytes)."""
    data = b'{\n "type": "conversation.item.delete",\n "item_id": "' + b"a" * 2000 + b'"\n}\n'
    report = checked(data, max_bytes=1000)
    assert report["rules"]["capture.max_bytes"] == 1
    assert report["limits"].get("max_bytes") == 1  # before this fix: {}


def test_many_unknown_types_fold_and_keep_the_report_small() -> None:
    """Promise 3: 300 distinct types of 100,000 characters: the report stays small."""
    lines = b"".join(
        orjson.dumps({"direction": "client", "event": {"type": f"{n:03d}" + "\x1b" * 100_000}})
        + b"\n"
        for n in range(300)
    )
    code, out = text_report(lines)
    assert code == 1
    assert len(out) < 100_000  # 200 types of 64 escaped characters, 20 examples
    assert "\x1b" not in out


# --- 4. duplicate keys and big integers are always found, and only they ----------------------------


def test_valid_nesting_within_1024_levels_is_not_flagged() -> None:
    """Promise 4: valid input is never flagged; `json` is for nesting deeper than 1024."""
    depth = 600
    event = b'{"type":"conversation.item.deleted","event_id":"e","item_id":"a","x":' + b"[" * depth
    event += b"]" * depth + b"}"
    # before this fix: "Nested too deep to check ..."
    assert rt_codec.validate_server_event(event) == []


def test_the_verdict_on_nesting_does_not_depend_on_the_callers_stack() -> None:
    """Promise 4: the same text gets the same findings wherever it is validated from."""
    depth = 470
    event = b'{"type":"conversation.item.delete","item_id":"a","x":' + b"[" * depth
    event += b"]" * depth + b"}"

    def nested(levels: int) -> list[Any]:
        return nested(levels - 1) if levels else rt_codec.validate_client_event(event)

    assert nested(0) == nested(100)  # [] at the top, a `json` finding 100 frames down


def test_duplicate_keys_in_envelope_fields_named_data_are_found() -> None:
    """Promise 4: duplicate keys are always found - also `data` (a frame lost) and
    `data_*` in an envelope."""
    first = json.dumps(CLEAR.decode())
    twice = b'{"direction":"client","data":' + first.encode() + b',"data":' + first.encode()
    assert (
        found(twice + b"}\n") != []
    )  # before this fix: []: the first recorded frame vanishes silently
    other = b'{"direction":"client","data":' + first.encode() + b',"database":1,"database":2}\n'
    assert found(other) != []  # before this fix: []
    big = b'{"direction":"client","data":' + first.encode() + b',"data_n":' + b"9" * 25 + b"}\n"
    assert found(big) != []  # before this fix: []


def test_duplicate_keys_in_a_har_entry_are_found() -> None:
    """Promise 4: duplicate keys are always found - also in a HAR entry (its
    `_webSocketMessages` twice: JSON keeps the last array, the reader reads both)."""
    data = har_text([message()], entry_extra=', "time": 1, "time": 2')
    assert found(data) != []  # before this fix: []
    both = har_text([message()], entry_extra=', "_webSocketMessages": [' + message() + "]")
    report = checked(both)
    assert report["events"] == 1 or report["rules"].get(
        "json.duplicate_key"
    )  # before this fix: 2 events, clean


def test_screen_boundaries_and_escapes() -> None:
    """Promise 4: boundaries and escapes, short and long texts, compact and spaced."""
    pad = '"pad": "' + "p" * 1100 + '", '
    for prefix in ("", pad):
        for number, big in [
            (str(2**63 - 1), False),
            (str(2**63), False),
            (str(2**64 - 1), False),
            (str(2**64), True),
            (str(-(2**63)), False),
            (str(-(2**63) - 1), True),
            ("1e19", False),
            ("-1e19", False),
            ("18446744073709551616.0", False),
            ('"' + "9" * 30 + '"', False),
        ]:
            text = '{"type": "error", ' + prefix + '"n" : ' + number + "}"
            rules = [(v.path, v.rule) for v in rt_codec.validate_server_event(text)]
            assert (("/n", "json.number") in rules) == big, (prefix != "", number)
        for a, b in [
            ('"item_id"', '"\\u0069tem_id"'),
            ('"a:b"', '"a\\u003ab"'),
            ('"a\\"b"', '"a\\u0022b"'),
        ]:
            text = "{" + prefix + '"type" :"x", ' + a + " : 1 ,\n" + b + "\t:2}"
            got = [(v.path, v.rule) for v in rt_codec.validate_server_event(text)]
            assert got[0][1] == "json.duplicate_key", (prefix != "", a, b)
        same = "{" + prefix + '"type":"x","\\u0061":"a:b:c:\\u003a","b":"\\"c\\":1"}'
        assert [v.rule for v in rt_codec.validate_server_event(same)] == ["event.unknown_type"]


# --- 5. where, short messages, escaped text, --json, no tracebacks ---------------------------------


def test_a_key_with_control_characters_is_escaped_in_the_text_report() -> None:
    """Promise 5: control characters are escaped wherever text is printed (a finding's
    path holds the key of a duplicate or unknown field)."""
    key = "\\u001b[2J\\u0007" + "k" * 5000
    data = ('{"type":"input_audio_buffer.clear","' + key + '":1,"' + key + '":2}\n').encode()
    code, out = text_report(data)
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out  # before this fix: both, raw
    assert len(out) < 3000  # before this fix: the 5,000-character path in full


def test_a_long_unknown_key_is_not_copied_into_the_message() -> None:
    """Promise 5 / Validation: 'no message copies a long value' (a field name is one)."""
    voice = {"id": "v", "Z" * 100_000: 1}
    event = {
        "type": "session.update",
        "session": {"type": "realtime", "audio": {"output": {"voice": voice}}},
    }
    found_ = rt_codec.validate_client_event(event)
    assert [v.rule for v in found_] == ["schema.additionalProperties"]
    assert len(found_[0].message) < 200  # before this fix: 100,029 characters


def test_an_unknown_types_message_gives_its_own_length() -> None:
    """Promise 5: a cut value is given 'with its length' - the value's, not its repr's."""
    data = orjson.dumps({"type": "\x1b" * 1000}) + b"\n"
    message = checked(data)["violations"][0]["message"]
    assert "(1000 characters)" in message  # before this fix: "(4002 characters)"


def test_json_output_equals_the_api_for_hostile_captures() -> None:
    """Promise 5: --json is valid JSON equal to capture.check(...).to_dict(), for odd inputs."""
    for data in [
        b"\x00",
        b"\xef\xbb\xbf\xef\xbb\xbf" + CLEAR,
        b"[" * 3000,
        b'{"direction":"\xff","event":{}}\n',
        har_text([message(), '{"type":"send","opcode":1,"data":"' + "\\u001b" * 100 + '"}']),
        b'{"type":"a","\\u2028\\u202e":1,"\\u2028\\u202e":2}\n',
    ]:
        out = io.StringIO()
        code = main(["validate", "--json", "-"], out, io.StringIO(), stdin=io.BytesIO(data))
        document = json.loads(out.getvalue())
        expected = capture.check(data, name="<stdin>").to_dict()
        assert document == expected
        assert code == (1 if expected["rules"] else 0)


# --- 6. CaptureWriter ------------------------------------------------------------------------------


def recorded(text: Any, direction: str = "client") -> dict[str, Any]:
    buffer = io.BytesIO()
    CaptureWriter(buffer).write(direction, text, ts=1.0)
    return checked(buffer.getvalue())


def test_capture_writer_keeps_an_event_at_1024_levels_readable() -> None:
    """Promise 6: what is read back shows the defects of the text given, not new ones:
    text orjson reads (1024 levels) must not become an unreadable envelope (1025)."""
    depth = 1023
    text = '{"type":"conversation.item.delete","item_id":"a","x":' + "[" * depth
    text += "]" * depth + "}"
    orjson.loads(text)  # valid: exactly 1024 levels
    found_ = recorded(text)["violations"]
    assert all(
        v["message"] != "Nested deeper than 1024 levels" for v in found_
    )  # before this fix: that
    assert all(
        v["type"] == "conversation.item.delete" for v in found_
    )  # before this fix: "?": envelope lost


def test_capture_writer_read_back_shows_exactly_the_defects_given() -> None:
    """Promise 6: duplicate keys (also by escape), big ints, NaN, non-JSON, BOM, trailing NUL."""
    cases = [
        (
            '{"type":"conversation.item.delete","item_id":"a","\\u0069tem_id":"b"}',
            "json.duplicate_key",
        ),
        (
            '{"type":"conversation.item.deleted","event_id":"e","item_id":"a","n":-99999999999999999999}',
            "json.number",
        ),
        ('{"type":"conversation.item.deleted","event_id":"e","item_id":"a","n":NaN}', "json"),
        (
            '{"type":"conversation.item.deleted","event_id":"e","item_id":"a","n":1e999}',
            "json.number",
        ),
        ("\ufeff" + CLEAR.decode(), "json"),
        (CLEAR.decode() + "\x00", "json"),
        ("", "json"),
    ]
    for text, rule in cases:
        # A server event where a field is added: client events' objects are closed.
        direction = "server" if "item.deleted" in text else "client"
        assert [v["rule"] for v in recorded(text, direction)["violations"]] == [rule], text
    assert recorded(CLEAR.decode() + " \n")["violations"] == []  # valid JSON stays valid


def test_usage_mistakes_get_clear_errors(tmp_path: Any) -> None:
    """Promise 5: a mistake in using the API is a clear, typed error, not an obscure one."""
    import pytest

    with pytest.raises(TypeError, match="binary stream"):
        capture.check(io.StringIO("{}"))
    with pytest.raises(TypeError, match="binary stream"):
        capture.check(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_bytes"):
        capture.check(b"{}", max_bytes=0)
    for bad in ("abc", True, float("nan")):
        with pytest.raises(ValueError, match="ts must be"):
            CaptureWriter(io.BytesIO()).write("client", CLEAR, ts=bad)  # type: ignore[arg-type]
    (tmp_path / "inner.jsonl").mkdir()
    (tmp_path / "a.jsonl").write_bytes(CLEAR + b"\n")
    err = io.StringIO()
    assert main(["validate", str(tmp_path)], io.StringIO(), err) == 2
    assert "inner.jsonl: a directory" in err.getvalue()
