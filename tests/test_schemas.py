"""The schemas themselves: well-formed, complete, and in agreement with the official examples."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

import rt_codec
from rt_codec import catalogue
from rt_codec._schemas import DIALECTS, DIRECTIONS
from rt_codec.selfcheck import _refs, schema_problems
from tests.conftest import DATA, SAMPLES

SCHEMAS = rt_codec.load_schemas()
REGISTRY = rt_codec.load_registry()


def aliases(dialect: str, direction: str) -> dict[str, str]:
    """Other name -> canonical type (`x-aliases`), as the generated decoders have them."""
    return catalogue.ALIASES[dialect, direction]


def validator_for(dialect: str, direction: str, wire: str) -> Draft202012Validator:
    wire = aliases(dialect, direction).get(wire, wire)
    rel = rt_codec.event_schema_paths(dialect, direction)[wire]
    return Draft202012Validator({"$ref": rt_codec.uri_of(rel)}, registry=REGISTRY)


@pytest.mark.parametrize("rel", sorted(SCHEMAS))
def test_schema_is_valid_2020_12(rel: str) -> None:
    schema = SCHEMAS[rel]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == rt_codec.uri_of(rel)


@pytest.mark.parametrize("rel", sorted(SCHEMAS))
def test_every_ref_resolves(rel: str) -> None:
    resolver = REGISTRY.resolver(base_uri=rt_codec.uri_of(rel))
    for pointer, ref in _refs(SCHEMAS[rel]):
        try:
            resolver.lookup(ref)
        except Unresolvable as exc:  # pragma: no cover - the assertion below reports it
            pytest.fail(f"{rel}#{pointer}: {ref} does not resolve: {exc}")


def test_selfcheck_finds_no_problem() -> None:
    assert schema_problems() == []


def test_titles_are_unique_class_names() -> None:
    # (an event file may leave its title out; the generator then names it after its type)
    titles = Counter(s["title"] for s in SCHEMAS.values() if "title" in s)
    clashes = {t: n for t, n in titles.items() if n > 1}
    assert clashes == {}
    for rel, schema in SCHEMAS.items():
        assert "title" in schema or rel.split("/")[0] in DIALECTS, rel
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", schema.get("title", "Untitled")), rel


def test_no_openapi_only_keywords() -> None:
    """`nullable`, `discriminator` and `example` mean nothing to JSON Schema; null is spelled out."""

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            props = node.get("properties", {})
            for key, value in node.items():
                if key == "properties":
                    for name, sub in value.items():
                        walk(sub, f"{where}/properties/{name}")
                    continue
                assert key not in {"nullable", "discriminator", "example", "x-stainless-const"}, (
                    f"{where}/{key}"
                )
                walk(value, f"{where}/{key}")
            del props
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    for rel, schema in SCHEMAS.items():
        walk(schema, rel)


PAIRS = [(dialect, direction) for dialect in DIALECTS for direction in DIRECTIONS]


@pytest.mark.parametrize(("dialect", "direction"), PAIRS)
def test_the_catalogue_lists_each_union_document(dialect: str, direction: str) -> None:
    """The generated catalogue (which validation and the tests read) has exactly the members of the
    union document on disk, each under the type its file says."""
    union = SCHEMAS[f"unions/{dialect}-{direction}.json"]
    members = {posixpath.normpath(posixpath.join("unions", m["$ref"])) for m in union["oneOf"]}
    listed = rt_codec.event_schema_paths(dialect, direction)
    assert set(listed.values()) == members
    for wire, rel in listed.items():
        assert SCHEMAS[rel]["properties"]["type"]["const"] == wire


@pytest.mark.parametrize(("dialect", "direction"), PAIRS)
def test_event_files_are_named_after_their_type(dialect: str, direction: str) -> None:
    for wire, rel in rt_codec.event_schema_paths(dialect, direction).items():
        assert Path(rel).name == f"{wire}.json"
        schema = SCHEMAS[rel]
        assert "type" in schema["required"]
        # every file under the direction's folder is listed in the union
    folder = f"{dialect}/{direction}/"
    on_disk = {rel for rel in SCHEMAS if rel.startswith(folder)}
    listed = {rel for rel in rt_codec.event_schema_paths(dialect, direction).values()}
    assert on_disk - listed == set()


def test_union_types_match_the_reference_list() -> None:
    """One schema per event type of the reference unions, and no other, but for the events whose
    file says the reference leaves them out (`x-not-upstream`) and the beta events the reference
    spells with their GA names (ours have the GA name as an alias)."""
    reference = orjson.loads((DATA / "reference_event_types.json").read_bytes())
    for key in reference:  # the OpenAI dialects (Voice Live is compared with its own sources)
        dialect, direction = key.split("/")
        paths = rt_codec.event_schema_paths(dialect, direction)
        ours = set(paths)
        theirs = set(reference[key])
        additions = {w for w, rel in paths.items() if dialect in not_upstream(rel)}
        renamed = {
            wire
            for wire, info in catalogue.events(dialect, direction).items()
            if info.aliases and not set(info.aliases) & ours and wire not in theirs
        }
        assert ours - theirs == additions | renamed, key
        assert theirs - ours - set(aliases(dialect, direction)) == set(), key


def not_upstream(rel: str) -> dict[str, str]:
    value = SCHEMAS[rel].get("x-not-upstream", {})
    assert isinstance(value, dict)
    return value


# --- departures from the spec: what real servers send must validate -----------------------------

SESSION = orjson.loads((SAMPLES / "realtime/server/session.created/spec.json").read_bytes())[
    "session"
]


@pytest.mark.parametrize(
    ("dialect", "direction", "event"),
    [
        pytest.param(
            "realtime",
            "server",
            {
                "type": "response.done",
                "event_id": "e1",
                "response": {"id": "r", "status_details": None, "usage": None, "metadata": None},
            },
            id="response-null-status-details-usage",
        ),
        pytest.param(
            "realtime",
            "server",
            {
                "type": "session.updated",
                "event_id": "e1",
                "session": {**SESSION, "tracing": None, "include": None},
            },
            id="session-null-tracing-include",
        ),
        pytest.param(
            "realtime",
            "server",
            {
                "type": "conversation.item.input_audio_transcription.failed",
                "event_id": "e1",
                "item_id": "i",
                "content_index": 0,
                "error": {
                    "type": "transcription_error",
                    "code": "c",
                    "message": "m",
                    "param": None,
                },
            },
            id="transcription-error-null-param",
        ),
        pytest.param(
            "realtime",
            "server",
            {
                "type": "conversation.item.added",
                "event_id": "e1",
                "item": {
                    "type": "message",
                    "role": "user",
                    "content": [{"type": "input_audio", "transcript": None}],
                },
            },
            id="input-audio-null-transcript",
        ),
        pytest.param(
            "realtime",
            "client",
            {"type": "response.create", "response": {"conversation": "none"}},
            id="conversation-none",
        ),
        pytest.param(
            "realtime",
            "client",
            {"type": "response.create", "response": {"conversation": "auto"}},
            id="conversation-auto",
        ),
        pytest.param(
            "realtime",
            "client",
            {
                "type": "session.update",
                "session": {
                    "type": "realtime",
                    "tracing": None,
                    "audio": {"input": {"turn_detection": None, "noise_reduction": None}},
                },
            },
            id="null-disables-vad-and-tracing",
        ),
        pytest.param(
            "realtime",
            "server",
            {
                "type": "response.content_part.added",
                "event_id": "e1",
                "response_id": "r",
                "item_id": "i",
                "output_index": 0,
                "content_index": 0,
                "part": {"type": "text", "text": ""},
            },
            id="content-part-text",
        ),
        pytest.param(
            "realtime",
            "server",
            {"type": "response.cancelled", "event_id": "e1", "response": {"id": "r"}},
            id="response-cancelled",
        ),
    ],
)
def test_real_traffic_validates(dialect: str, direction: str, event: dict[str, Any]) -> None:
    errors = [
        e.message for e in validator_for(dialect, direction, event["type"]).iter_errors(event)
    ]
    assert errors == []


# --- invalid events fail for the expected reason -------------------------------------------------

B64_15MIB = "A" * 20971520


@pytest.mark.parametrize(
    ("dialect", "direction", "event", "keyword", "path"),
    [
        pytest.param(
            "realtime",
            "client",
            {"type": "conversation.item.truncate", "item_id": "i", "content_index": 0},
            "required",
            "",
            id="truncate-missing-audio-end",
        ),
        pytest.param(
            "realtime",
            "client",
            {"type": "input_audio_buffer.append", "audio": 12},
            "type",
            "/audio",
            id="append-audio-not-string",
        ),
        pytest.param(
            "realtime",
            "client",
            {"type": "input_audio_buffer.append", "audio": B64_15MIB + "AAAA"},
            "maxLength",
            "/audio",
            id="append-over-15mib",
        ),
        pytest.param(
            "realtime",
            "client",
            {
                "type": "session.update",
                "session": {"type": "realtime", "output_modalities": ["video"]},
            },
            "enum",
            "/session/output_modalities/0",
            id="session-bad-modality",
        ),
        pytest.param(
            "realtime",
            "client",
            {
                "type": "session.update",
                "session": {
                    "type": "realtime",
                    "audio": {"input": {"format": {"type": "audio/pcm", "rate": 16000}}},
                },
            },
            "enum",
            "/session/audio/input/format/rate",
            id="pcm-rate-not-24000",
        ),
        pytest.param(
            "realtime",
            "client",
            {"type": "session.update", "session": {"type": "realtime", "tools": [{"type": "mcp"}]}},
            "required",
            "/session/tools/0",
            id="mcp-tool-without-label",
        ),
        pytest.param(
            "realtime",
            "client",
            {"type": "conversation.item.create", "item": {"type": "message", "role": "user"}},
            "required",
            "/item",
            id="message-without-content",
        ),
        pytest.param(
            "realtime",
            "client",
            {"type": "response.cancel", "event_id": "x" * 513},
            "maxLength",
            "/event_id",
            id="client-event-id-too-long",
        ),
        pytest.param(
            "realtime",
            "server",
            {"type": "response.output_audio.delta", "event_id": "e", "response_id": "r"},
            "required",
            "",
            id="audio-delta-missing-fields",
        ),
        pytest.param(
            "realtime",
            "server",
            {"type": "response.done", "event_id": "e", "response": {"status": "exploded"}},
            "enum",
            "/response/status",
            id="response-bad-status",
        ),
        pytest.param(
            "realtime",
            "server",
            {"type": "error", "event_id": "e", "error": {"type": "invalid_request_error"}},
            "required",
            "/error",
            id="error-without-message",
        ),
        pytest.param(
            "realtime",
            "server",
            {"type": "rate_limits.updated", "event_id": "e", "rate_limits": [{"limit": "many"}]},
            "type",
            "/rate_limits/0/limit",
            id="rate-limit-not-integer",
        ),
        pytest.param(
            "translation",
            "client",
            {"type": "session.update", "session": {"audio": {"output": {"language": 7}}}},
            "type",
            "/session/audio/output/language",
            id="translation-language-not-string",
        ),
        pytest.param(
            "translation",
            "server",
            {"type": "session.created", "event_id": "e", "session": {"id": "s"}},
            "required",
            "/session",
            id="translation-session-incomplete",
        ),
    ],
)
def test_invalid_event_fails(
    dialect: str, direction: str, event: dict[str, Any], keyword: str, path: str
) -> None:
    errors = list(validator_for(dialect, direction, event["type"]).iter_errors(event))
    assert errors, "expected a failure"
    # A union reports "not valid under any"; look inside it for the reason.
    leaves = []
    stack = list(errors)
    while stack:
        error = stack.pop()
        if error.context:
            stack.extend(error.context)
        else:
            leaves.append(error)
    found = {(e.validator, "".join(f"/{p}" for p in e.absolute_path)) for e in leaves}
    assert (keyword, path) in found, found


def test_exactly_15_mib_passes() -> None:
    event = {"type": "input_audio_buffer.append", "audio": B64_15MIB}
    assert list(validator_for("realtime", "client", event["type"]).iter_errors(event)) == []
