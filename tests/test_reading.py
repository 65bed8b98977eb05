"""Reading raw JSON (duplicate keys, big integers, errors worded once) and the bounds of validation."""

from __future__ import annotations

import json
import time
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rt_codec
from rt_codec import _reading, rest
from rt_codec.validation import validate_client_event, validate_server_event

DELETE = b'{"type":"conversation.item.delete","item_id":"a"'
DELETED = b'{"type":"conversation.item.deleted","event_id":"e","item_id":"a"'


def rules(found: list[Any]) -> list[tuple[str, str]]:
    return [(v.path, v.rule) for v in found]


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        # the same length as orjson's own rendering: the old length test let this through
        (b',"item_id":"b","x":1E10,"y":1E11}', [("/item_id", "json.duplicate_key")]),
        (b',"n":99999999999999999999}', [("/n", "json.number")]),
        (b',"n":-9223372036854775809}', [("/n", "json.number")]),
        (b',"n":[1,{"m":18446744073709551616}]}', [("/n/1/m", "json.number")]),
        (b', "n": 18446744073709551615}', []),  # fits in 64 bits (unsigned)
        (b',"x":{"k\\u003a":1,"j":2}}', []),  # a colon spelled as an escape, no duplicate
        (
            b',"x":{"k\\u003a":1,"k:":2}}',
            [("/x/k:", "json.duplicate_key")],
        ),  # one key, two spellings
        (b',"x":{"k\\u003a":1,"k\\u003a":2}}', [("/x/k:", "json.duplicate_key")]),
        (b',"note":"12345678901234567890123"}', []),  # digits inside a string
    ],
)
def test_duplicate_keys_and_big_integers_are_found_on_every_event(
    tail: bytes, expected: list[tuple[str, str]]
) -> None:
    # A server event: objects stay open there, so the fields added are no findings of their own.
    assert rules(validate_server_event(DELETED + tail)) == expected


@given(
    st.dictionaries(
        st.sampled_from(["a", "b", "c:", "d"]),
        st.one_of(
            st.integers(-(2**70), 2**70),
            st.text(max_size=5),
            st.floats(allow_nan=False, allow_infinity=False),
        ),
        max_size=4,
    ),
    st.sampled_from(["a", "b", "c:", None]),
    st.sampled_from([{}, {"indent": 1}, {"separators": (", ", ": ")}]),
)
@settings(max_examples=200)
def test_the_screen_agrees_with_an_exact_reading(
    fields: dict[str, Any], repeat: str | None, spacing: dict[str, Any]
) -> None:
    """Whatever the spacing, the cheap screen finds exactly what the slow exact reading finds."""
    text = json.dumps(fields, **spacing)
    if repeat is not None:
        text = text[:-1] + ("," if fields else "") + json.dumps(repeat) + ": 0}"
    raw = text.encode()
    _, found = _reading.parse(raw)
    assert found == _reading.exact_reading(raw)
    big = any(isinstance(v, int) and not -(2**63) <= v < 2**64 for v in fields.values())
    assert any(v.rule == "json.number" for v in found) == big
    assert any(v.rule == "json.duplicate_key" for v in found) == (repeat in fields)


@pytest.mark.parametrize(
    ("raw", "rule", "words"),
    [
        (DELETE + b',"n":1' + b"0" * 400 + b"}", "json.number", "beyond the range"),
        (DELETE + b',"n":1e400}', "json.number", "beyond the range"),
        (b'{"type":"x","a":"\xff"}', "json", "Not valid UTF-8 at byte 17"),
        ('{"type":"x","a":"\ud800"}', "json", "lone surrogate at character 17"),
        (b'{"type":"x"', "json", "unexpected end of data at character 11"),
        (b"[" * 1100 + b"]" * 1100, "json", "deeper than 1024"),
    ],
)
def test_reading_errors_are_worded_once(raw: Any, rule: str, words: str) -> None:
    [finding] = validate_client_event(raw)
    assert finding.rule == rule
    assert words in finding.message


def test_nesting_orjson_cannot_write_is_still_read_and_checked() -> None:
    deep = DELETED + b',"x":' + b"[" * 300 + b"]" * 300 + b',"item_id":"b"}'
    assert rules(validate_server_event(deep)) == [("/item_id", "json.duplicate_key")]
    body = b'{"target_uri":"tel:1","x":' + b"[" * 300 + b"]" * 300 + b"}"
    found = rest.validate_body("POST /realtime/calls/{call_id}/refer", "request", body)
    assert rules(found) == [("/x", "schema.additionalProperties")]


def test_findings_per_event_are_capped_and_cheap() -> None:
    tools = [{"type": f"nope{n}"} for n in range(100_000)]
    raw = orjson.dumps({"type": "session.update", "session": {"type": "realtime", "tools": tools}})
    start = time.perf_counter()
    found = validate_client_event(raw)
    took = time.perf_counter() - start
    assert len(found) == _reading.MAX_FINDINGS + 1
    assert found[-1].rule == "findings.limit"
    assert took < 5  # about 0.05 s here; before the cap it took 52 s


def test_duplicate_keys_past_the_cap_are_counted() -> None:
    pairs = b",".join(b'"k%d":1,"k%d":2' % (n, n) for n in range(150))
    found = validate_server_event(
        b'{"type":"error","error":{"type":"x","message":"m"},' + pairs + b"}"
    )
    assert len(found) == _reading.MAX_FINDINGS + 1
    assert found[-1].message.startswith("... and 50 more findings")


@pytest.mark.parametrize(
    "event",
    [
        rt_codec.ConversationItemCreateEvent(item="hello"),  # type: ignore[arg-type]
        rt_codec.SessionUpdateEvent(session=None),  # type: ignore[arg-type]
        rt_codec.UnknownEvent("x", [1]),  # type: ignore[arg-type]
        object(),
        5,
        None,
    ],
)
def test_validating_a_mis_built_event_never_raises(event: object) -> None:
    [finding] = validate_client_event(event)
    assert finding.rule in ("encode", "json")


def test_a_mis_built_event_is_reported_where_it_is_wrong() -> None:
    [finding] = validate_client_event(rt_codec.ConversationItemCreateEvent(item="hello"))  # type: ignore[arg-type]
    assert (finding.path, finding.rule) == ("/item", "encode")


def test_an_oversized_append_is_reported_in_words_that_add_up() -> None:
    over = validate_client_event(
        orjson.dumps({"type": "input_audio_buffer.append", "audio": "A" * 20971521})
    )
    message = next(v.message for v in over if v.rule == "audio.max_bytes")
    assert "20971521 characters" in message
    assert "15728640 bytes is more" not in message


def test_a_closed_object_with_a_million_extra_keys_is_capped() -> None:
    voice = {"id": "voice_1", **{f"x{n}": 1 for n in range(1_000_000)}}
    raw = orjson.dumps(
        {
            "type": "session.update",
            "session": {"type": "realtime", "audio": {"output": {"voice": voice}}},
        }
    )
    found = validate_client_event(raw)
    assert len(found) == _reading.MAX_FINDINGS + 1
    assert found[0].rule == "schema.additionalProperties"
    assert found[-1].rule == "findings.limit"


def test_a_byte_order_mark_is_named_not_called_bad_utf8() -> None:
    from rt_codec.validation import validate

    event = b'{"type":"input_audio_buffer.clear"}'
    for data in (b"\xef\xbb\xbf" + event, "\ufeff" + event.decode()):
        found = validate(data, "realtime", "client")
        assert [(v.rule, v.message) for v in found] == [
            ("json", "Starts with a byte order mark (U+FEFF), which JSON does not allow")
        ]
