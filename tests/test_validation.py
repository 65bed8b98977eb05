"""Validation: every rule passes and fails where it should, with the path and rule id expected."""

from __future__ import annotations

import base64
from typing import Any

import orjson
import pytest

import rt_codec
from rt_codec import Violation, translation
from rt_codec.validation import validate
from tests.conftest import ROOT, SAMPLES

# Official examples whose base64 is a placeholder ("Base64EncodedAudioDelta", "8//2...").
MIB15 = 15 * 1024 * 1024


def found(violations: list[Violation]) -> set[tuple[str, str]]:
    return {(v.path, v.rule) for v in violations}


def client(event: dict[str, Any]) -> set[tuple[str, str]]:
    return found(rt_codec.validate_client_event(event))


def server(event: dict[str, Any]) -> set[tuple[str, str]]:
    return found(rt_codec.validate_server_event(event))


def test_sample_session_is_valid() -> None:
    for line in (ROOT / "samples" / "voice-session.jsonl").read_bytes().splitlines():
        envelope = orjson.loads(line)
        assert validate(orjson.dumps(envelope["event"]), "realtime", envelope["direction"]) == []


# --- base64 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("audio", "rules"),
    [
        ("", set()),
        ("AAAA", set()),
        ("AAA=", set()),
        ("AA==", set()),
        ("A===", {"base64.padding"}),
        ("====", {"base64.padding"}),
        ("AAA", {"base64.length"}),
        ("AAAAA", {"base64.length"}),
        ("AA=A", {"base64.padding"}),
        ("AAA=AAAA", {"base64.padding"}),
        ("AA-_", {"base64.alphabet"}),
        ("AA A", {"base64.alphabet"}),
        ("AAé=", {"base64.alphabet"}),
        ("AA\nA", {"base64.alphabet"}),
        ("A!=", {"base64.length", "base64.alphabet"}),
        (base64.b64encode(bytes(range(256))).decode(), set()),
    ],
)
def test_base64_rules(audio: str, rules: set[str]) -> None:
    assert client({"type": "input_audio_buffer.append", "audio": audio}) == {
        ("/audio", rule) for rule in rules
    }


def test_base64_is_checked_in_server_events_and_nested_parts() -> None:
    delta = {
        "type": "response.output_audio.delta",
        "event_id": "e",
        "response_id": "r",
        "item_id": "i",
        "output_index": 0,
        "content_index": 0,
        "delta": "AAA",
    }
    assert server(delta) == {("/delta", "base64.length")}
    item = {
        "type": "conversation.item.added",
        "event_id": "e",
        "item": {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_audio", "audio": "A=AA"}],
        },
    }
    assert server(item) == {("/item/content/0/audio", "base64.padding")}


def test_base64_message_does_not_copy_the_payload() -> None:
    audio = "A" * 1_000_001 + "!" * 3
    [violation, *_] = rt_codec.validate_client_event(
        {"type": "input_audio_buffer.append", "audio": audio}
    )
    assert len(violation.message) < 120


# --- audio size and rate ---------------------------------------------------------------------------


def test_exactly_15_mib_passes_and_one_byte_more_fails() -> None:
    exact = "A" * (MIB15 // 3 * 4)
    assert client({"type": "input_audio_buffer.append", "audio": exact}) == set()
    over = base64.b64encode(bytes(MIB15 + 1)).decode()
    violations = rt_codec.validate_client_event(
        {"type": "input_audio_buffer.append", "audio": over}
    )
    assert found(violations) == {("/audio", "audio.max_bytes")}
    assert "15728641 bytes" in violations[0].message
    assert len(violations[0].message) < 120


def test_15_mib_as_bytes_passes() -> None:
    raw = orjson.dumps({"type": "input_audio_buffer.append", "audio": "A" * (MIB15 // 3 * 4)})
    assert rt_codec.validate_client_event(raw) == []


def pcm(rate: int | None) -> dict[str, Any]:
    return {"type": "audio/pcm"} if rate is None else {"type": "audio/pcm", "rate": rate}


@pytest.mark.parametrize(
    ("event", "path"),
    [
        (
            {
                "type": "session.update",
                "session": {"type": "realtime", "audio": {"input": {"format": "X"}}},
            },
            "/session/audio/input/format/rate",
        ),
        (
            {
                "type": "session.update",
                "session": {"type": "realtime", "audio": {"output": {"format": "X"}}},
            },
            "/session/audio/output/format/rate",
        ),
        (
            {"type": "session.update", "session": {"type": "realtime", "input_audio_format": "X"}},
            "/session/input_audio_format/rate",
        ),
        (
            {"type": "session.update", "session": {"type": "realtime", "output_audio_format": "X"}},
            "/session/output_audio_format/rate",
        ),
        (
            {
                "type": "session.update",
                "session": {"type": "transcription", "audio": {"input": {"format": "X"}}},
            },
            "/session/audio/input/format/rate",
        ),
        (
            {"type": "response.create", "response": {"audio": {"output": {"format": "X"}}}},
            "/response/audio/output/format/rate",
        ),
        (
            {"type": "response.create", "response": {"input_audio_format": "X"}},
            "/response/input_audio_format/rate",
        ),
    ],
)
def test_pcm_rate(event: dict[str, Any], path: str) -> None:
    def with_format(fmt: dict[str, Any]) -> dict[str, Any]:
        return orjson.loads(orjson.dumps(event).replace(b'"X"', orjson.dumps(fmt)))

    assert client(with_format(pcm(24000))) == set()
    assert client(with_format(pcm(None))) == set()
    assert client(with_format({"type": "audio/pcmu"})) == set()
    assert client(with_format(pcm(16000))) == {(path, "audio.pcm_rate")}
    assert client(with_format(pcm(48000))) == {(path, "audio.pcm_rate")}


# --- cross-field rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "tool", "ok"),
    [
        (
            "session",
            {"type": "mcp", "server_label": "a", "server_url": "https://mcp.example/x"},
            True,
        ),
        ("session", {"type": "mcp", "server_label": "a", "connector_id": "connector_gmail"}, True),
        ("session", {"type": "mcp", "server_label": "a", "tunnel_id": "tunnel_" + "a" * 32}, True),
        ("session", {"type": "mcp", "server_label": "a"}, False),
        ("response", {"type": "mcp", "server_label": "a"}, False),
        ("session", {"type": "function", "name": "f"}, True),
    ],
)
def test_mcp_server(where: str, tool: dict[str, Any], ok: bool) -> None:
    if where == "session":
        event: dict[str, Any] = {
            "type": "session.update",
            "session": {"type": "realtime", "tools": [{"type": "function", "name": "g"}, tool]},
        }
    else:
        event = {"type": "response.create", "response": {"tools": [{"type": "function"}, tool]}}
    assert client(event) == (set() if ok else {(f"/{where}/tools/1", "tool.mcp_server")})


def test_mcp_server_in_server_session() -> None:
    raw = orjson.loads((SAMPLES / "realtime/server/session.created/spec.json").read_bytes())
    raw["session"]["tools"] = [{"type": "mcp", "server_label": "files"}]
    assert server(raw) == {("/session/tools/0", "tool.mcp_server")}


@pytest.mark.parametrize(
    ("older", "newer", "ok"),
    [
        (pcm(24000), pcm(24000), True),
        ({"type": "audio/pcmu"}, {"type": "audio/pcma"}, False),
        (pcm(24000), {"type": "audio/pcmu"}, False),
        (pcm(24000), None, True),
        (None, {"type": "audio/pcmu"}, True),
    ],
)
def test_format_conflict(older: Any, newer: Any, ok: bool) -> None:
    response: dict[str, Any] = {}
    if older is not None:
        response["input_audio_format"] = older
    if newer is not None:
        response["audio"] = {"input": {"format": newer}}
    expected = set() if ok else {("/response/input_audio_format", "response.format_conflict")}
    assert client({"type": "response.create", "response": response}) == expected


# --- schema findings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "path", "rule", "message"),
    [
        (
            {"type": "conversation.item.truncate", "item_id": "i", "content_index": 0},
            "",
            "schema.required",
            "Missing required field `audio_end_ms`",
        ),
        (
            {"type": "conversation.item.delete", "item_id": 5},
            "/item_id",
            "schema.type",
            "Expected string, got integer",
        ),
        (
            {"type": "response.cancel", "event_id": "x" * 513},
            "/event_id",
            "schema.maxLength",
            "String of 513 characters is longer than 512",
        ),
        (
            {
                "type": "session.update",
                "session": {"type": "realtime", "output_modalities": ["video"]},
            },
            "/session/output_modalities/0",
            "schema.enum",
            "'video' is not one of 'text', 'audio'",
        ),
        (
            {"type": "session.update", "session": {"type": "realtime", "tracing": "manual"}},
            "/session/tracing",
            "schema.const",
            "'manual' is not 'auto'",
        ),
        (
            {
                "type": "session.update",
                "session": {"type": "realtime", "audio": {"output": {"speed": 2}}},
            },
            "/session/audio/output/speed",
            "schema.maximum",
            "2 is more than the maximum 1.5",
        ),
        (
            {
                "type": "session.update",
                "session": {
                    "type": "realtime",
                    "audio": {"output": {"voice": {"id": "v", "x": 1}}},
                },
            },
            "/session/audio/output/voice/x",
            "schema.additionalProperties",
            "Field `x` is not allowed here",
        ),
        (
            {"type": "conversation.item.create", "item": {"type": "video"}},
            "/item/type",
            "schema.oneOf",
            "Unknown `type` 'video'; expected one of 'message', 'function_call', "
            "'function_call_output', 'mcp_approval_request', 'mcp_approval_response', "
            "'mcp_list_tools', 'mcp_call'",
        ),
        (
            {"type": "conversation.item.create", "item": {"type": "message", "role": "narrator"}},
            "/item/role",
            "schema.oneOf",
            "Unknown `role` 'narrator'; expected one of 'system', 'user', 'assistant'",
        ),
        (
            {
                "type": "conversation.item.create",
                "item": {
                    "type": "message",
                    "role": "user",
                    "content": [{"type": "input_text", "text": 5}],
                },
            },
            "/item/content/0/text",
            "schema.type",
            "Expected string, got integer",
        ),
        (
            {"type": "session.update", "session": {"type": "realtime", "tool_choice": 5}},
            "/session/tool_choice",
            "schema.type",
            "Expected string or object, got integer",
        ),
        (
            {
                "type": "conversation.item.create",
                "item": {"type": "message", "role": "user", "content": [{"detail": "low"}]},
            },
            "/item/content/0",
            "schema.required",
            "Missing required field `type`",
        ),
        (
            {"type": "input_audio_buffer.commit", "event_id": None},
            "/event_id",
            "schema.type",
            "Expected string, got null",
        ),
    ],
)
def test_schema_findings(event: dict[str, Any], path: str, rule: str, message: str) -> None:
    assert rt_codec.validate_client_event(event) == [Violation(path, rule, message)]


def test_server_schema_findings() -> None:
    raw = orjson.loads((SAMPLES / "realtime/server/response.done/spec.json").read_bytes())
    raw["response"]["status"] = "exploded"
    raw["response"]["usage"]["total_tokens"] = "many"
    assert server(raw) == {
        ("/response/status", "schema.enum"),
        ("/response/usage/total_tokens", "schema.type"),
    }


# --- reading -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "path", "rule"),
    [
        (b"{nope", "", "json"),
        (b"", "", "json"),
        (b"[1, 2]", "", "json"),
        (b'"text"', "", "json"),
        (b"\xff\xfe{}", "", "json"),
        (b'{"type": "input_audio_buffer.clear", "x": NaN}', "", "json"),
        (b'{"type": "input_audio_buffer.clear", "x": Infinity}', "", "json"),
        (b"[" * 100_000 + b"]" * 100_000, "", "json"),
        (b'{"event_id": "e"}', "", "schema.required"),
        (b'{"type": 7}', "/type", "schema.type"),
        (b'{"type": "response.hologram"}', "/type", "event.unknown_type"),
        (
            b'{"type": "response.cancel", "response_id": "a", "response_id": "b"}',
            "/response_id",
            "json.duplicate_key",
        ),
        (
            b'{"type": "conversation.item.truncate", "item_id": "i", "content_index": 99999999999999999999999, "audio_end_ms": 0}',
            "/content_index",
            "json.number",
        ),
    ],
)
def test_reading(data: bytes, path: str, rule: str) -> None:
    violations = rt_codec.validate_client_event(data)
    assert found(violations) == {(path, rule)}
    assert all(len(v.message) < 200 for v in violations)


def test_nested_duplicate_keys_are_found_where_they_are() -> None:
    data = b'{"type": "response.create", "response": {"metadata": {"k": "1", "k": "2"}}}'
    assert found(rt_codec.validate_client_event(data)) == {
        ("/response/metadata/k", "json.duplicate_key")
    }


def test_a_20_mb_string_gives_a_short_finding() -> None:
    data = orjson.dumps(
        {"type": "conversation.item.delete", "item_id": 7, "event_id": "e" * 20_000_000}
    )
    violations = rt_codec.validate_client_event(data)
    assert found(violations) == {("/event_id", "schema.maxLength"), ("/item_id", "schema.type")}
    assert all(len(v.message) < 200 for v in violations)


@pytest.mark.parametrize("kind", ["bytes", "bytearray", "memoryview", "str", "dict", "object"])
def test_input_kinds(kind: str) -> None:
    event = {"type": "conversation.item.delete", "item_id": "i"}
    raw = orjson.dumps(event)
    data: Any = {
        "bytes": raw,
        "bytearray": bytearray(raw),
        "memoryview": memoryview(raw),
        "str": raw.decode(),
        "dict": event,
        "object": rt_codec.decode_client_event(raw),
    }[kind]
    assert rt_codec.validate_client_event(data) == []
    bad = {**event, "item_id": 1}
    data = rt_codec.decode_client_event(bad) if kind == "object" else bad
    assert client(data) == {("/item_id", "schema.type")}


def test_unknown_event_objects_are_validated_by_their_raw_dict() -> None:
    unknown = rt_codec.decode_server_event({"type": "response.hologram", "event_id": "e"})
    assert found(rt_codec.validate_server_event(unknown)) == {("/type", "event.unknown_type")}


def test_not_an_event() -> None:
    assert found(rt_codec.validate_client_event(12)) == {("", "json")}


def test_translation_dialect() -> None:
    append = {"type": "session.input_audio_buffer.append", "audio": "AAA"}
    assert found(translation.validate_client_event(append)) == {("/audio", "base64.length")}
    assert found(rt_codec.validate_client_event(append)) == {("/type", "event.unknown_type")}
    error = orjson.loads((SAMPLES / "translation/server/error/spec.json").read_bytes())
    assert translation.validate_server_event(error) == []


def test_violation_reads_well() -> None:
    assert (
        str(Violation("/audio", "base64.length", "Too short"))
        == "/audio: Too short [base64.length]"
    )
    assert str(Violation("", "json", "Not JSON")) == "/: Not JSON [json]"
