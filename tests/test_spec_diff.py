"""tools/spec_diff.py: our schemas against an OpenAPI document or the openai package.

A tiny synthetic spec and schema tree that agree exactly, then one change at a time; the same world
as a whole OpenAI document (other endpoints and webhooks around it) and as pydantic JSON Schemas;
and the real reference with the committed allow-list, when ../shared is beside the repository, and
the installed openai package, when there is one.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, no_reference, reference_spec_path

sys.path.insert(0, str(ROOT / "tools"))

import spec_diff

TOOL = ROOT / "tools" / "spec_diff.py"
ALLOW = ROOT / "tools" / "spec_diff_allow.txt"
SDK_ALLOW = ROOT / "tools" / "spec_diff_sdk_allow.txt"
SDK_VERSION = "3.57.0"  # the `spec` extra's pin, which SDK_ALLOW is written against
Json = Any


# --- a tiny world in which the spec and our schemas agree -------------------------------------


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def spec_event(wire: str, **props: Json) -> dict[str, Json]:
    return {
        "type": "object",
        "description": f"The {wire} event.",
        "properties": {
            "event_id": {"type": "string"},
            "type": {"type": "string", "enum": [wire], "x-stainless-const": True},
            **props,
        },
        "required": ["event_id", "type", *props],
    }


def base_spec() -> dict[str, Json]:
    """OpenAPI-isms on purpose: single-value enums, nullable, one-member allOf, open enums as
    anyOf [string, string enum], a discriminator, descriptions and defaults."""
    turn_detection = {
        "anyOf": [
            {
                "oneOf": [
                    {
                        "type": "object",
                        "properties": {
                            "type": {"type": "string", "const": "server_vad"},
                            "threshold": {"type": "number", "default": 0.5},
                        },
                        "required": ["type"],
                    },
                    {
                        "type": "object",
                        "properties": {
                            "type": {"type": "string", "const": "semantic_vad"},
                            "eagerness": {"type": "string", "enum": ["low", "high"]},
                        },
                        "required": ["type"],
                    },
                ],
                "discriminator": {"propertyName": "type"},
            },
            {"type": "null"},
        ]
    }
    schemas: dict[str, Json] = {
        "RealtimeServerEvent": {
            "discriminator": {"propertyName": "type"},
            "anyOf": [ref("RealtimeServerEventResponseDone"), ref("RealtimeServerEventAudioDelta")],
        },
        "RealtimeServerEventResponseDone": spec_event("response.done", response=ref("Response")),
        "RealtimeServerEventAudioDelta": spec_event(
            "response.output_audio.delta", delta={"type": "string"}
        ),
        "RealtimeClientEventSessionUpdate": spec_event(
            "session.update",
            session={
                "type": "object",
                "properties": {
                    "voice": {
                        "anyOf": [{"type": "string"}, {"type": "string", "enum": ["alloy", "ash"]}]
                    },
                    "turn_detection": {"allOf": [ref("TurnDetection")]},
                    "tracing": {
                        "nullable": True,
                        "oneOf": [
                            {"type": "string", "enum": ["auto"], "x-stainless-const": True},
                            {"type": "object", "properties": {"group_id": {"type": "string"}}},
                        ],
                    },
                },
            },
        ),
        "RealtimeBetaServerEventResponseAudioDelta": spec_event(
            "response.output_audio.delta", delta={"type": "string"}
        ),
        "TurnDetection": turn_detection,
        "Response": {
            "type": "object",
            "example": {"id": "resp_1"},
            "properties": {
                "id": {"type": "string", "title": "Id"},
                "status": {"type": "string", "enum": ["completed", "failed"]},
                "usage": {
                    "type": "object",
                    "nullable": True,
                    "properties": {
                        "total_tokens": {"type": "integer"},
                        "input_tokens": {"type": "integer"},
                    },
                },
            },
        },
        "SecretRequest": {
            "type": "object",
            "properties": {"expires_after": {"type": "integer"}},
        },
        "WebhookRealtimeCallIncoming": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["realtime.call.incoming"]},
                "data": {"type": "object", "properties": {"call_id": {"type": "string"}}},
            },
        },
    }
    return {
        "openapi": "3.1.0",
        "components": {"schemas": schemas},
        "paths": {
            "/realtime/client_secrets": {
                "post": {
                    "requestBody": {
                        "content": {"application/json": {"schema": ref("SecretRequest")}}
                    },
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
    }


def our_event(wire: str, **props: Json) -> dict[str, Json]:
    return {
        "title": wire,
        "type": "object",
        "properties": {
            "event_id": {"type": "string"},
            "type": {"type": "string", "const": wire},
            **props,
        },
        "required": ["event_id", "type", *props],
    }


def union(*files: str) -> dict[str, Json]:
    return {"oneOf": [{"$ref": f"../{f}"} for f in files]}


def base_schemas() -> dict[str, Json]:
    nullable_ref = {"anyOf": [{"$ref": "usage.json"}, {"type": "null"}]}
    beta_delta = our_event("response.audio.delta", delta={"type": "string"})
    beta_delta["x-aliases"] = {"realtime": "response.output_audio.delta"}
    return {
        "unions/realtime-server.json": union(
            "realtime/server/response.done.json", "realtime/server/response.output_audio.delta.json"
        ),
        "unions/realtime-client.json": union("realtime/client/session.update.json"),
        "unions/beta-server.json": union("beta/server/response.audio.delta.json"),
        "realtime/server/response.done.json": our_event(
            "response.done", response={"$ref": "../../models/response.json"}
        ),
        "realtime/server/response.output_audio.delta.json": our_event(
            "response.output_audio.delta", delta={"type": "string", "contentEncoding": "base64"}
        ),
        "beta/server/response.audio.delta.json": beta_delta,
        "realtime/client/session.update.json": our_event(
            "session.update", session={"$ref": "../../models/session.json"}
        ),
        "models/session.json": {
            "type": "object",
            "properties": {
                "voice": {
                    "anyOf": [{"type": "string"}, {"type": "string", "enum": ["ash", "alloy"]}]
                },
                "turn_detection": {
                    "anyOf": [{"$ref": "turn_detection.json"}, {"type": "null"}],
                    "x-tristate": "turns VAD off",
                },
                "tracing": {
                    "anyOf": [
                        {"type": "string", "const": "auto"},
                        {"type": "object", "properties": {"group_id": {"type": "string"}}},
                        {"type": "null"},
                    ]
                },
            },
        },
        "models/turn_detection.json": {
            "oneOf": [{"$ref": "vad_server.json"}, {"$ref": "vad_semantic.json"}]
        },
        "models/vad_server.json": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "const": "server_vad"},
                "threshold": {"type": "number"},
            },
            "required": ["type"],
        },
        "models/vad_semantic.json": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "const": "semantic_vad"},
                "eagerness": {"type": "string", "enum": ["low", "high"]},
            },
            "required": ["type"],
        },
        "models/response.json": {
            "type": "object",
            "description": "Described differently on purpose.",
            "properties": {
                "id": {"type": "string"},
                "status": {"type": "string", "enum": ["failed", "completed"]},
                "usage": nullable_ref,
            },
        },
        "models/usage.json": {
            "type": "object",
            "properties": {
                "total_tokens": {"type": "integer"},
                "input_tokens": {"type": "integer"},
            },
        },
        "rest/client_secret_request.json": {
            "x-endpoint": "POST /realtime/client_secrets",
            "x-body": "request",
            "type": "object",
            "properties": {"expires_after": {"type": "integer"}},
        },
        "rest/call_incoming.json": {
            "x-endpoint": "webhook realtime.call.incoming",
            "x-body": "webhook",
            "type": "object",
            "properties": {
                "type": {"type": "string", "const": "realtime.call.incoming"},
                "data": {"type": "object", "properties": {"call_id": {"type": "string"}}},
            },
        },
    }


def keys(spec: Json, schemas: dict[str, Json]) -> set[str]:
    return {f.key for f in spec_diff.diff(spec, schemas)}


def changed(mutate: Callable[[dict[str, Json], dict[str, Json]], None]) -> set[str]:
    """The finding keys after one change to the agreeing pair."""
    spec, schemas = base_spec(), base_schemas()
    mutate(spec, schemas)
    return keys(spec, schemas)


def components(spec: Json) -> dict[str, Json]:
    schemas: dict[str, Json] = spec["components"]["schemas"]
    return schemas


def write_world(tmp_path: Path, spec: Json, schemas: dict[str, Json]) -> tuple[Path, Path]:
    spec_path = tmp_path / "openapi.json"
    spec_path.write_text(json.dumps(spec))
    root = tmp_path / "schemas"
    for name, doc in schemas.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc))
    return spec_path, root


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = spec_diff.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# --- the synthetic pair -----------------------------------------------------------------------


def test_agreeing_pair_has_no_findings() -> None:
    """Nullable vs anyOf null, allOf of one, open enums, const vs one-value enum, discriminated
    unions in another order, descriptions, titles, examples and defaults: all equal."""
    assert keys(base_spec(), base_schemas()) == set()


def add_legacy(spec: Json) -> None:
    """A new server event, in the spec's union."""
    components(spec)["RealtimeServerEventLegacy"] = spec_event("legacy.thing")
    components(spec)["RealtimeServerEvent"]["anyOf"].append(ref("RealtimeServerEventLegacy"))


def test_new_upstream_event() -> None:
    assert changed(lambda spec, schemas: add_legacy(spec)) == {
        "realtime/server event.upstream-only legacy.thing"
    }


def test_events_outside_the_union_are_events_too() -> None:
    """A component named like an event but left out of the union (the spec's GA
    transcription_session.* events) is paired with ours by type and compared; one named so
    without a constant type is a model, not an event."""

    def mutate(spec: Json, schemas: Json) -> None:
        components(spec)["RealtimeServerEventTranscriptionSessionUpdated"] = spec_event(
            "transcription_session.updated", session={"type": "object"}
        )
        components(spec)["RealtimeServerEventRateLimit"] = {"type": "object"}

    assert changed(mutate) == {"realtime/server event.upstream-only transcription_session.updated"}

    def ours_too(spec: Json, schemas: Json) -> None:
        mutate(spec, schemas)
        schemas["unions/realtime-server.json"]["oneOf"].append(
            {"$ref": "../realtime/server/transcription_session.updated.json"}
        )
        schemas["realtime/server/transcription_session.updated.json"] = our_event(
            "transcription_session.updated", session={"type": "object"}, extra={"type": "string"}
        )

    assert changed(ours_too) == {
        "realtime/server/transcription_session.updated.json#/properties/extra field.ours-only extra"
    }


def test_event_the_spec_lacks() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        schemas["unions/realtime-server.json"]["oneOf"].append(
            {"$ref": "../realtime/server/response.cancelled.json"}
        )
        schemas["realtime/server/response.cancelled.json"] = our_event("response.cancelled")

    assert changed(mutate) == {"realtime/server event.ours-only response.cancelled"}


def test_events_without_a_union_component_come_by_prefix() -> None:
    """No RealtimeClientEvent union in the spec: every RealtimeClientEvent* component counts."""

    def mutate(spec: Json, schemas: Json) -> None:
        components(spec)["RealtimeClientEventResponseCancel"] = spec_event("response.cancel")

    assert changed(mutate) == {"realtime/client event.upstream-only response.cancel"}


def test_beta_events_pair_through_their_alias() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        del schemas["beta/server/response.audio.delta.json"]["x-aliases"]

    assert changed(mutate) == {
        "beta/server event.upstream-only response.output_audio.delta",
        "beta/server event.ours-only response.audio.delta",
    }


def test_new_field_reported_once_at_the_shared_model() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        # Two events now reach the same models/response.json.
        components(spec)["RealtimeServerEvent"]["anyOf"].append(ref("RealtimeServerEventCreated"))
        components(spec)["RealtimeServerEventCreated"] = spec_event(
            "response.created", response=ref("Response")
        )
        schemas["unions/realtime-server.json"]["oneOf"].append(
            {"$ref": "../realtime/server/response.created.json"}
        )
        schemas["realtime/server/response.created.json"] = our_event(
            "response.created", response={"$ref": "../../models/response.json"}
        )
        usage = components(spec)["Response"]["properties"]["usage"]
        usage["properties"]["foo"] = {"type": "string"}

    findings = changed(mutate)
    assert findings == {"models/usage.json#/properties/foo field.upstream-only foo"}


def test_removed_field() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        del components(spec)["Response"]["properties"]["usage"]["properties"]["input_tokens"]

    assert changed(mutate) == {
        "models/usage.json#/properties/input_tokens field.ours-only input_tokens"
    }


def test_added_and_removed_enum_values() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        components(spec)["Response"]["properties"]["status"]["enum"] = ["completed", "expired"]

    assert changed(mutate) == {
        'models/response.json#/properties/status enum.upstream-only "expired"',
        'models/response.json#/properties/status enum.ours-only "failed"',
    }


def test_open_enum_value_added_upstream() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        voice = components(spec)["RealtimeClientEventSessionUpdate"]["properties"]["session"]
        voice["properties"]["voice"]["anyOf"][1]["enum"].append("cedar")

    assert changed(mutate) == {'models/session.json#/properties/voice enum.upstream-only "cedar"'}


def test_enum_closed_upstream() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        voice = components(spec)["RealtimeClientEventSessionUpdate"]["properties"]["session"]
        voice["properties"]["voice"] = {"type": "string", "enum": ["alloy", "ash"]}

    assert changed(mutate) == {"models/session.json#/properties/voice enum.open-ours-only"}


def test_changed_type() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        usage = components(spec)["Response"]["properties"]["usage"]
        usage["properties"]["total_tokens"] = {"type": "number"}

    assert changed(mutate) == {
        "models/usage.json#/properties/total_tokens type.ours-only integer",
        "models/usage.json#/properties/total_tokens type.upstream-only number",
    }


def test_null_is_a_difference_of_the_field() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        del components(spec)["Response"]["properties"]["usage"]["nullable"]

    assert changed(mutate) == {"models/response.json#/properties/usage type.ours-only null"}


def test_required_changes() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        components(spec)["Response"]["required"] = ["id"]
        schemas["models/usage.json"]["required"] = ["total_tokens"]

    assert changed(mutate) == {
        "models/response.json#/properties/id required.upstream-only id",
        "models/usage.json#/properties/total_tokens required.ours-only total_tokens",
    }


def test_const_change() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        tracing = components(spec)["RealtimeClientEventSessionUpdate"]["properties"]["session"]
        tracing["properties"]["tracing"]["oneOf"][0]["enum"] = ["manual"]

    assert changed(mutate) == {
        'models/session.json#/properties/tracing const "auto" upstream "manual"'
    }


def test_union_members_by_discriminator() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        variants = components(spec)["TurnDetection"]["anyOf"][0]["oneOf"]
        variants.pop()  # semantic_vad
        variants.append(
            {"type": "object", "properties": {"type": {"type": "string", "const": "far_vad"}}}
        )
        variants[0]["properties"]["idle_ms"] = {"type": "integer"}

    assert changed(mutate) == {
        "models/turn_detection.json# member.upstream-only type=far_vad",
        "models/turn_detection.json# member.ours-only type=semantic_vad",
        "models/vad_server.json#/properties/idle_ms field.upstream-only idle_ms",
    }


def test_required_beside_a_ref() -> None:
    """A union member may require, beside its `$ref`, what the model leaves optional."""

    def mutate(spec: Json, schemas: Json) -> None:
        del schemas["models/vad_server.json"]["required"]
        schemas["models/turn_detection.json"]["oneOf"][0]["required"] = ["type"]

    assert changed(mutate) == set()

    def without(spec: Json, schemas: Json) -> None:
        del schemas["models/vad_server.json"]["required"]

    assert changed(without) == {
        "models/vad_server.json#/properties/type required.upstream-only type"
    }


def test_one_object_for_several_variants() -> None:
    """The spec's habit of one object with `type: enum [...]` for all variants: each of ours is
    paired with it; a field is missing only when no variant of ours has it."""

    def mutate(spec: Json, schemas: Json) -> None:
        components(spec)["TurnDetection"]["anyOf"][0] = {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["server_vad", "semantic_vad", "far_vad"]},
                "threshold": {"type": "number"},
                "eagerness": {"type": "string", "enum": ["low", "high"]},
                "silence_ms": {"type": "integer"},
            },
            "required": ["type"],
        }

    assert changed(mutate) == {
        "models/turn_detection.json# member.upstream-only type=far_vad",
        "models/turn_detection.json#/properties/silence_ms field.upstream-only silence_ms",
    }


def test_rest_bodies() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        body = components(spec)["SecretRequest"]
        body["properties"]["session"] = {"type": "object"}
        webhook = components(spec)["WebhookRealtimeCallIncoming"]
        webhook["properties"]["data"]["properties"]["call_id"] = {"type": "integer"}
        spec["paths"]["/realtime/calls/{call_id}/refer"] = {
            "post": {
                "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}
            }
        }

    assert changed(mutate) == {
        "rest/client_secret_request.json#/properties/session field.upstream-only session",
        "rest/call_incoming.json#/properties/data/properties/call_id type.ours-only string",
        "rest/call_incoming.json#/properties/data/properties/call_id type.upstream-only integer",
        "rest body.upstream-only POST /realtime/calls/{call_id}/refer request",
    }


def test_rest_bodies_are_skipped_without_a_rest_folder() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        for name in [n for n in schemas if n.startswith("rest/")]:
            del schemas[name]

    assert changed(mutate) == set()


# --- the command line -------------------------------------------------------------------------


def drifted_world(tmp_path: Path) -> tuple[Path, Path]:
    spec, schemas = base_spec(), base_schemas()
    components(spec)["Response"]["properties"]["status"]["enum"].append("expired")
    add_legacy(spec)
    return write_world(tmp_path, spec, schemas)


def test_exit_0_when_in_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec_path, root = write_world(tmp_path, base_spec(), base_schemas())
    status, out, _ = run_main(capsys, str(spec_path), "--schemas", str(root))
    assert status == 0, out
    assert out.splitlines()[0] == (
        f"upstream: {spec_path}: OpenAPI 3.1.0, API ?; compared: the Realtime events, "
        "1 of 1 paths, 1 of 1 webhooks"
    )
    assert "0 differences: 0 allowed, 0 unexplained; 0 stale allow-list entries" in out


def test_exit_1_and_text_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec_path, root = drifted_world(tmp_path)
    status, out, _ = run_main(capsys, str(spec_path), "--schemas", str(root))
    assert status == 1
    assert (
        '  + realtime/server response.done /response/status: enum value "expired" added upstream'
        in out.splitlines()
    )
    assert "      key: realtime/server event.upstream-only legacy.thing" in out.splitlines()
    assert out.rstrip().endswith(
        "2 differences: 0 allowed, 2 unexplained; 0 stale allow-list entries"
    )


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec_path, root = drifted_world(tmp_path)
    status, out, _ = run_main(capsys, str(spec_path), "--schemas", str(root), "--json")
    assert status == 1
    report = json.loads(out)
    assert report["summary"] == {"findings": 2, "allowed": 0, "unexplained": 2, "stale": 0}
    assert report["source"].startswith(f"{spec_path}: OpenAPI 3.1.0")
    enum = next(f for f in report["findings"] if f["code"] == "enum.upstream-only")
    assert enum == {
        "key": 'models/response.json#/properties/status enum.upstream-only "expired"',
        "code": "enum.upstream-only",
        "location": "models/response.json#/properties/status",
        "detail": '"expired"',
        "subject": "realtime/server response.done",
        "path": "/response/status",
        "message": 'enum value "expired" added upstream',
        "upstream": "#/components/schemas/Response/properties/status",
        "allowed": False,
    }


def test_allow_list_explains_and_goes_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_path, root = drifted_world(tmp_path)
    allow = tmp_path / "allow.txt"
    allow.write_text(
        "# A status we do not send yet.\n"
        'models/response.json#/properties/status enum.upstream-only "expired"\n'
        "\n"
        "realtime/server event.upstream-only legacy.*  # a glob, with its reason after it\n"
    )
    status, out, _ = run_main(capsys, str(spec_path), "--schemas", str(root), "--allow", str(allow))
    assert status == 0, out
    assert "2 differences: 2 allowed, 0 unexplained; 0 stale allow-list entries" in out

    allow.write_text(
        allow.read_text() + "# Gone since.\nmodels/usage.json#/properties/foo field.ours-only foo\n"
    )
    status, out, _ = run_main(
        capsys, str(spec_path), "--schemas", str(root), "--allow", str(allow), "--json"
    )
    assert status == 1
    report = json.loads(out)
    assert report["stale"] == ["models/usage.json#/properties/foo field.ours-only foo"]
    assert all(f["allowed"] for f in report["findings"])


def test_rest_entries_wait_while_there_is_no_rest_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schemas = {k: v for k, v in base_schemas().items() if not k.startswith("rest/")}
    spec_path, root = write_world(tmp_path, base_spec(), schemas)
    allow = tmp_path / "allow.txt"
    allow.write_text("# Kept for when the REST bodies come back.\nrest/x.json#/properties/a *\n")
    args = (str(spec_path), "--schemas", str(root), "--allow", str(allow))
    status, out, _ = run_main(capsys, *args)
    assert status == 0, out
    assert "no schemas/rest: 1 allow-list entries for REST bodies set aside" in out
    (root / "rest").mkdir()
    (root / "rest" / "x.json").write_text(json.dumps(base_schemas()["rest/call_incoming.json"]))
    status, out, _ = run_main(capsys, *args, "--json")
    assert status == 1
    assert json.loads(out)["stale"] == ["rest/x.json#/properties/a *"]


def test_exit_2_on_unreadable_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec_path, root = write_world(tmp_path, base_spec(), base_schemas())
    missing = tmp_path / "missing.json"
    assert run_main(capsys, str(missing), "--schemas", str(root))[0] == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    status, _, err = run_main(capsys, str(broken), "--schemas", str(root))
    assert status == 2
    assert "cannot read OpenAPI document" in err
    args = (str(spec_path), "--schemas", str(root), "--allow", str(missing))
    assert run_main(capsys, *args)[0] == 2
    assert run_main(capsys, str(spec_path), "--schemas", str(tmp_path / "nowhere"))[0] == 2
    (root / "models" / "response.json").write_text('{"$ref": "nothing.json"}')
    status, _, err = run_main(capsys, str(spec_path), "--schemas", str(root))
    assert status == 2
    assert "names no schema file" in err


@pytest.mark.parametrize(
    "argv", [["--no-such-option"], [], ["openapi.json", "--sdk"]], ids=["option", "none", "both"]
)
def test_usage_error_is_exit_2_from_the_command_line(argv: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, str(TOOL), *argv], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "usage: spec_diff.py" in result.stderr


# --- a whole OpenAI document -------------------------------------------------------------------


def whole_document() -> dict[str, Json]:
    """The agreeing spec inside a document of the whole API: other endpoints, components and
    webhooks, and a `webhooks` section naming the realtime one."""
    spec = base_spec()
    components(spec).update(
        {
            "CreateChatCompletionRequest": {
                "type": "object",
                "properties": {"model": {"type": "string"}},
            },
            "CreateChatCompletionResponse": {
                "type": "object",
                "properties": {"id": {"type": "string"}},
            },
            "ResponseStreamEvent": {"anyOf": [ref("ResponseCompletedEvent")]},
            "ResponseCompletedEvent": spec_event("response.completed"),
            "WebhookBatchCompleted": {
                "type": "object",
                "properties": {"type": {"type": "string", "enum": ["batch.completed"]}},
            },
            "WebhookLiveCallIncoming": {
                "type": "object",
                "properties": {"type": {"type": "string", "enum": ["live.call.incoming"]}},
            },
        }
    )
    spec["paths"]["/chat/completions"] = {
        "post": {
            "requestBody": {
                "content": {"application/json": {"schema": ref("CreateChatCompletionRequest")}}
            },
            "responses": {
                "200": {
                    "content": {"application/json": {"schema": ref("CreateChatCompletionResponse")}}
                }
            },
        }
    }
    spec["webhooks"] = {
        name: {
            "post": {
                "requestBody": {"content": {"application/json": {"schema": ref(component)}}},
                "responses": {"200": {"description": "OK"}},
            }
        }
        for name, component in [
            ("batch_completed", "WebhookBatchCompleted"),
            ("live_call_incoming", "WebhookLiveCallIncoming"),
            ("realtime_call_incoming", "WebhookRealtimeCallIncoming"),
        ]
    }
    return spec


def test_a_whole_document_is_read_for_its_realtime_part() -> None:
    """Endpoints, webhooks and components outside Realtime give no findings."""
    assert keys(whole_document(), base_schemas()) == set()


def test_realtime_webhooks_come_from_the_webhooks_section_too() -> None:
    spec = whole_document()
    spec["webhooks"]["realtime_call_ended"] = {
        "post": {
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "type": {"type": "string", "const": "realtime.call.ended"}
                            },
                        }
                    }
                }
            }
        }
    }
    assert keys(spec, base_schemas()) == {"rest body.upstream-only webhook realtime.call.ended"}


def test_the_header_says_what_was_compared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = whole_document()
    spec["info"] = {"title": "OpenAI API", "version": "2.3.0"}
    spec_path, root = write_world(tmp_path, spec, base_schemas())
    status, out, _ = run_main(capsys, str(spec_path), "--schemas", str(root))
    assert status == 0, out
    assert out.splitlines()[0] == (
        f"upstream: {spec_path}: OpenAPI 3.1.0, API 2.3.0; compared: the Realtime events, "
        "1 of 2 paths, 1 of 3 webhooks"
    )


def test_yaml_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    yaml = pytest.importorskip("yaml")
    _, root = write_world(tmp_path, whole_document(), base_schemas())
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(whole_document()))
    status, out, _ = run_main(capsys, str(path), "--schemas", str(root))
    assert status == 0, out


def test_yaml_without_pyyaml_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml raises ImportError
    _, root = write_world(tmp_path, base_spec(), base_schemas())
    path = tmp_path / "openapi.yml"
    path.write_text("openapi: 3.1.0\n")
    status, _, err = run_main(capsys, str(path), "--schemas", str(root))
    assert status == 2
    assert "is YAML and PyYAML is not installed" in err
    assert "convert the document to JSON" in err


# --- merged objects ------------------------------------------------------------------------------


def merged_world() -> tuple[dict[str, Json], dict[str, Json]]:
    """Items as one object for all variants upstream (a type enum, a role enum only messages have,
    one content part object for every role), as a union of exact variants here."""
    part = {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["input_text", "input_audio"]},
            "text": {"type": "string"},
            "audio": {"type": "string"},
        },
        "required": ["type"],
    }
    item = {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["message", "function_call"]},
            "role": {"type": "string", "enum": ["user", "system"]},
            "content": {"type": "array", "items": ref("Part")},
            "name": {"type": "string"},
        },
        "required": ["type"],
    }
    spec = {
        "openapi": "3.1.0",
        "components": {
            "schemas": {
                "RealtimeClientEvent": {"anyOf": [ref("RealtimeClientEventItemCreate")]},
                "RealtimeClientEventItemCreate": spec_event(
                    "conversation.item.create", item=ref("Item")
                ),
                "Item": item,
                "Part": part,
            }
        },
    }

    def message(role: str, content: str) -> dict[str, Json]:
        return {
            "type": "object",
            "properties": {
                "type": {"type": "string", "const": "message"},
                "role": {"type": "string", "const": role},
                "content": {"type": "array", "items": {"$ref": content}},
            },
            "required": ["type", "role", "content"],
        }

    schemas = {
        "unions/realtime-client.json": union("realtime/client/conversation.item.create.json"),
        "realtime/client/conversation.item.create.json": our_event(
            "conversation.item.create", item={"$ref": "../../models/item.json"}
        ),
        "models/item.json": {
            "oneOf": [
                {"$ref": "item_user.json"},
                {"$ref": "item_system.json"},
                {"$ref": "item_call.json"},
            ]
        },
        "models/item_user.json": message("user", "part_user.json"),
        "models/item_system.json": message("system", "part_text.json"),
        "models/item_call.json": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "const": "function_call"},
                "name": {"type": "string"},
            },
            "required": ["type", "name"],
        },
        "models/part_user.json": {
            "oneOf": [{"$ref": "part_text.json"}, {"$ref": "part_audio.json"}]
        },
        "models/part_text.json": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "const": "input_text"},
                "text": {"type": "string"},
            },
            "required": ["type"],
        },
        "models/part_audio.json": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "const": "input_audio"},
                "audio": {"type": "string"},
            },
            "required": ["type"],
        },
    }
    return spec, schemas


def merged(mutate: Callable[[dict[str, Json]], None]) -> set[str]:
    spec, schemas = merged_world()
    mutate(components(spec))
    return keys(spec, schemas)


def test_merged_objects_agree_with_their_variants() -> None:
    """No `type=function_call,role=user`, no `required` for what only messages require, and the
    system messages' content is not short of audio, which the user messages' content has."""
    assert merged(lambda schemas: None) == set()


def test_merged_objects_new_variants() -> None:
    def new_type(schemas: Json) -> None:
        schemas["Item"]["properties"]["type"]["enum"].append("item_reference")

    def new_role(schemas: Json) -> None:
        schemas["Item"]["properties"]["role"]["enum"].append("assistant")

    assert merged(new_type) == {"models/item.json# member.upstream-only type=item_reference"}
    assert merged(new_role) == {
        "models/item.json# member.upstream-only type=message,role=assistant"
    }


def test_merged_object_reported_once_when_no_union_has_it() -> None:
    """The part object serves user and system messages: a variant or field is upstream-only only
    when neither content union has it, and then once."""

    def mutate(schemas: Json) -> None:
        schemas["Part"]["properties"]["type"]["enum"].append("output_text")
        schemas["Part"]["properties"]["transcript"] = {"type": "string"}

    found = merged(mutate)
    assert len(found) == 2, found
    assert {key.split(" ", 1)[1] for key in found} == {
        "member.upstream-only type=output_text",
        "field.upstream-only transcript",
    }


# --- the openai package ------------------------------------------------------------------------


def pydantic_model(title: str, required: list[str], **props: Json) -> dict[str, Json]:
    """A model as pydantic writes it: titles, `additionalProperties: true`, sorted nothing."""
    return {
        "additionalProperties": True,
        "properties": {name: {"title": name.title(), **schema} for name, schema in props.items()},
        "required": required,
        "title": title,
        "type": "object",
    }


def optional(schema: Json) -> dict[str, Json]:
    """`Optional[X] = None`."""
    return {"anyOf": [schema, {"type": "null"}], "default": None}


def literal(*values: str) -> dict[str, Json]:
    return (
        {"const": values[0], "type": "string"}
        if len(values) == 1
        else {
            "enum": list(values),
            "type": "string",
        }
    )


def pydantic_event(title: str, wire: str, **props: Json) -> dict[str, Json]:
    return pydantic_model(
        title,
        ["event_id", "type", *props],
        event_id={"type": "string"},
        type=literal(wire),
        **props,
    )


def pydantic_union(*models: tuple[str, Json], defs: dict[str, Json] | None = None) -> Json:
    """A `TypeAdapter(Union[...]).json_schema()`: `$defs` and an anyOf of references."""
    return {
        "$defs": {**dict(models), **(defs or {})},
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name, _ in models],
    }


def pydantic_world() -> dict[str, Json]:
    """The agreeing world as the SDK's pydantic models would give it."""
    vad = {
        "ServerVad": pydantic_model(
            "ServerVad",
            ["type"],
            type=literal("server_vad"),
            threshold=optional({"type": "number"}),
        ),
        "SemanticVad": pydantic_model(
            "SemanticVad",
            ["type"],
            type=literal("semantic_vad"),
            eagerness=optional(literal("low", "high")),
        ),
        "TracingConfig": pydantic_model("TracingConfig", [], group_id=optional({"type": "string"})),
        "Session": pydantic_model(
            "Session",
            [],
            voice={
                "anyOf": [{"type": "string"}, literal("ash", "alloy"), {"type": "null"}],
                "default": None,
            },
            turn_detection=optional(
                {
                    "discriminator": {
                        "mapping": {
                            "semantic_vad": "#/$defs/SemanticVad",
                            "server_vad": "#/$defs/ServerVad",
                        },
                        "propertyName": "type",
                    },
                    "oneOf": [{"$ref": "#/$defs/ServerVad"}, {"$ref": "#/$defs/SemanticVad"}],
                }
            ),
            tracing={
                "anyOf": [literal("auto"), {"$ref": "#/$defs/TracingConfig"}, {"type": "null"}],
                "default": None,
            },
        ),
    }
    response = {
        "Usage": pydantic_model(
            "Usage",
            [],
            total_tokens=optional({"type": "integer"}),
            input_tokens=optional({"type": "integer"}),
        ),
        "Response": pydantic_model(
            "Response",
            [],
            id=optional({"type": "string"}),
            status=optional(literal("completed", "failed")),
            usage=optional({"$ref": "#/$defs/Usage"}),
        ),
    }
    delta = {"type": "string"}
    webhook = pydantic_model(
        "RealtimeCallIncomingWebhookEvent",
        [],
        type=optional(literal("realtime.call.incoming")),
        data=optional({"$ref": "#/$defs/Data"}),
    )
    webhook["$defs"] = {"Data": pydantic_model("Data", [], call_id=optional({"type": "string"}))}
    return {
        "RealtimeServerEvent": pydantic_union(
            (
                "ResponseDoneEvent",
                pydantic_event(
                    "ResponseDoneEvent", "response.done", response={"$ref": "#/$defs/Response"}
                ),
            ),
            (
                "ResponseAudioDeltaEvent",
                pydantic_event(
                    "ResponseAudioDeltaEvent", "response.output_audio.delta", delta=delta
                ),
            ),
            defs=response,
        ),
        "RealtimeClientEvent": pydantic_union(
            (
                "SessionUpdateEvent",
                pydantic_event(
                    "SessionUpdateEvent", "session.update", session={"$ref": "#/$defs/Session"}
                ),
            ),
            defs=vad,
        ),
        "RealtimeBetaServerEvent": pydantic_union(
            (
                "ResponseAudioDeltaEvent",
                pydantic_event("ResponseAudioDeltaEvent", "response.audio.delta", delta=delta),
            )
        ),
        "WebhookRealtimeCallIncomingWebhookEvent": webhook,
    }


def sdk_keys(mutate: Callable[[dict[str, Json], dict[str, Json]], None] | None = None) -> set[str]:
    """The finding keys of the pydantic world, after one change to it or to our schemas."""
    models, schemas = pydantic_world(), base_schemas()
    if mutate is not None:
        mutate(models, schemas)
    document = spec_diff.sdk_document(models)
    return {f.key for f in spec_diff.diff(document, schemas, endpoints=False, upstream="sdk")}


def add_live(models: dict[str, Json], schemas: dict[str, Json], *, in_sdk: bool = True) -> None:
    """A Live dialect on both sides (one server event, one webhook), its unions saying that the
    OpenAPI document lacks it, as schemas/unions/live-*.json do."""
    schemas["unions/live-server.json"] = {
        **union("live/server/session.started.json"),
        "x-not-upstream": {"openapi": "not in the Realtime API's document"},
    }
    schemas["live/server/session.started.json"] = our_event(
        "session.started", model={"type": "string"}
    )
    schemas["rest/live_hook.json"] = {
        "x-endpoint": "webhook live.call.incoming",
        "x-body": "webhook",
        **our_event("live.call.incoming", data={"type": "object"}),
    }
    if in_sdk:
        started = pydantic_event("SessionStartedEvent", "session.started", model={"type": "string"})
        models["RealtimeLiveServerEvent"] = pydantic_union(("SessionStartedEvent", started))
        models["WebhookLiveCallIncomingWebhookEvent"] = pydantic_event(
            "LiveCallIncomingWebhookEvent", "live.call.incoming", data={"type": "object"}
        )


def test_normalise_pydantic_rebases_and_drops_optional_null() -> None:
    schema = {
        "$defs": {"A": pydantic_model("A", ["type"], type=literal("a"))},
        "oneOf": [{"$ref": "#/$defs/A"}],
        "discriminator": {"propertyName": "type", "mapping": {"a": "#/$defs/A"}},
        "properties": {
            "kept": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "dropped": optional({"$ref": "#/$defs/A"}),
            "free": {"title": "Free"},
            "enum": {"enum": ["#/$defs/A"], "type": "string"},
        },
        "required": ["kept"],
    }
    out = spec_diff.normalise_pydantic(schema, "#/components/schemas/U")
    assert out["oneOf"] == [{"$ref": "#/components/schemas/U/$defs/A"}]
    assert out["discriminator"]["mapping"] == {"a": "#/components/schemas/U/$defs/A"}
    assert out["properties"]["kept"] == schema["properties"]["kept"]  # required: null is said
    assert out["properties"]["dropped"] == {
        "$ref": "#/components/schemas/U/$defs/A",
        "x-null-unsaid": True,
    }
    assert out["properties"]["free"] == {"title": "Free", "x-type-unsaid": True}
    assert out["properties"]["enum"]["enum"] == ["#/$defs/A"]  # values are data, not references


def test_sdk_world_agrees() -> None:
    """`$defs`, `Optional[X] = None` against our nullable and non-null fields alike, Literals,
    open enums, a discriminator mapping, beta names, a webhook; REST endpoints are not compared."""
    assert sdk_keys() == set()


def test_sdk_differences() -> None:
    def mutate(models: Json, schemas: Json) -> None:
        defs = models["RealtimeServerEvent"]["$defs"]
        defs["Usage"]["properties"]["cached_tokens"] = optional({"type": "integer"})
        # A required Optional[str] says null is sent.
        defs["ResponseAudioDeltaEvent"]["properties"]["delta"] = {
            "anyOf": [{"type": "string"}, {"type": "null"}]
        }
        webhook = models["WebhookRealtimeCallIncomingWebhookEvent"]["$defs"]["Data"]
        webhook["properties"]["sip_media_security"] = optional(
            {"anyOf": [literal("rtp", "srtp"), {"type": "string"}]}
        )

    assert sdk_keys(mutate) == {
        "models/usage.json#/properties/cached_tokens field.upstream-only cached_tokens",
        "realtime/server/response.output_audio.delta.json#/properties/delta type.upstream-only null",
        "rest/call_incoming.json#/properties/data/properties/sip_media_security"
        " field.upstream-only sip_media_security",
    }


def test_sdk_object_is_anything() -> None:
    """Python's `object` (`{}`) says nothing of what we allow; in a document, `{}` does."""

    def mutate(models: Json, schemas: Json) -> None:
        defs = models["RealtimeServerEvent"]["$defs"]
        defs["Response"]["properties"]["metadata"] = optional({})
        schemas["models/response.json"]["properties"]["metadata"] = {"type": "object"}

    assert sdk_keys(mutate) == set()
    spec, schemas = base_spec(), base_schemas()
    components(spec)["Response"]["properties"]["metadata"] = {}
    schemas["models/response.json"]["properties"]["metadata"] = {"type": "object"}
    assert keys(spec, schemas) == {
        "models/response.json#/properties/metadata type.ours-only object",
        "models/response.json#/properties/metadata type.upstream-only any",
    }


def test_live_is_compared_with_the_sdk_and_not_with_the_document() -> None:
    """`x-not-upstream: {"openapi": ...}` on a union leaves the dialect out of the document
    comparison only: with the SDK its events and webhooks are compared like the others."""
    assert sdk_keys(add_live) == set()

    def drifted(models: dict[str, Json], schemas: dict[str, Json]) -> None:
        add_live(models, schemas)
        event = models["RealtimeLiveServerEvent"]["$defs"]["SessionStartedEvent"]
        event["properties"]["status"] = optional(literal("active"))
        models["WebhookLiveCallIncomingWebhookEvent"]["properties"]["id"] = {"type": "string"}
        models["WebhookLiveCallIncomingWebhookEvent"]["required"].append("id")

    assert sdk_keys(drifted) == {
        "live/server/session.started.json#/properties/status field.upstream-only status",
        "rest/live_hook.json#/properties/id field.upstream-only id",
    }
    # an SDK without the Live API: its events are ours only
    absent = sdk_keys(lambda models, schemas: add_live(models, schemas, in_sdk=False))
    assert absent == {
        "live/server event.ours-only session.started",
        "rest body.ours-only webhook live.call.incoming",
    }
    # the OpenAPI document: neither the Live events nor its webhooks are compared
    schemas = base_schemas()
    add_live({}, schemas, in_sdk=False)
    assert keys(base_spec(), schemas) == set()


def test_a_bare_not_upstream_note_leaves_the_dialect_out_of_both() -> None:
    def bare(models: dict[str, Json], schemas: dict[str, Json]) -> None:
        add_live(models, schemas, in_sdk=False)
        schemas["unions/live-server.json"]["x-not-upstream"] = "not anywhere"

    assert sdk_keys(bare) == {"rest body.ours-only webhook live.call.incoming"}
    with pytest.raises(ValueError, match="upstream"):
        spec_diff.diff(base_spec(), base_schemas(), upstream="yaml")


def test_the_sdk_live_unions_are_joined_each_type_once() -> None:
    """The Live API's primary and sideband unions are compared as one, as our union holds both."""
    live = pytest.importorskip("openai.types.live")
    import typing

    def types_of(union: Json) -> list[str]:
        inner = typing.get_args(union)[0]
        return [
            typing.get_args(m.model_fields["type"].annotation)[0] for m in typing.get_args(inner)
        ]

    for first, second in (
        (live.ClientEvent, live.ConnectClientEvent),
        (live.ServerEvent, live.ConnectServerEvent),
    ):
        joined = types_of(spec_diff.joined([first, second]))
        assert len(joined) == len(set(joined))
        assert set(joined) == set(types_of(first)) | set(types_of(second))
        assert set(types_of(second)) - set(types_of(first))  # the sideband adds its own


def test_sdk_without_openai_is_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openai", None)
    status, _, err = run_main(capsys, "--sdk")
    assert status == 2
    assert "--sdk needs the openai package" in err
    assert "pip install -e '.[spec]'" in err


def test_sdk_from_the_command_line() -> None:
    """The installed package against our schemas and SDK_ALLOW: it runs, names the version, and
    (at the pinned version) no allow-list entry is stale. Unexplained findings are upstream
    additions the schemas do not have yet, so the exit status is not asserted."""
    openai = pytest.importorskip("openai")
    result = subprocess.run(
        [sys.executable, str(TOOL), "--sdk", "--json"], capture_output=True, text=True, check=False
    )
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["source"].startswith(f"openai {openai.__version__} (pydantic ")
    for place in (
        "realtime/client",
        "realtime/server",
        "translation/server",
        "webhook realtime.",
        "live/client",
        "live/server",
        "webhook live.call.incoming",
        "webhook live.transport.incoming",
        "webhook live.transport.connected",
    ):
        assert place in report["source"]
    assert any(f["allowed"] for f in report["findings"])
    if openai.__version__ == SDK_VERSION:
        assert report["stale"] == []


# --- the reference -----------------------------------------------------------------------------


def test_reference_drift_is_all_explained(reference_spec: dict[str, Json]) -> None:
    """Our schemas against the OpenAI reference with the committed allow-list: every difference
    is explained, and no allow-list entry is stale."""
    schemas = spec_diff.load_schemas(ROOT / "schemas")
    findings = spec_diff.diff(reference_spec, schemas)
    report = spec_diff.judge(
        findings, spec_diff.read_allow(ALLOW), rest=spec_diff.has_rest(schemas)
    )
    unexplained = {f.key: f.line() for f in report.unexplained}
    assert not report.stale, f"stale allow-list entries: {report.stale}"
    assert unexplained == {}, "differences the allow-list does not explain:\n" + "\n".join(
        f"{k}\n    {v}" for k, v in unexplained.items()
    )


def test_reference_from_the_command_line() -> None:
    path = reference_spec_path()
    if path is None:
        no_reference()
    result = subprocess.run(
        [sys.executable, str(TOOL), str(path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    unexplained = {f["key"] for f in report["findings"] if not f["allowed"]}
    assert unexplained == set()
    assert result.returncode == 0, result.stderr


def test_reference_with_an_event_dropped(reference_spec: dict[str, Json]) -> None:
    spec = copy.deepcopy(reference_spec)
    members = spec["components"]["schemas"]["RealtimeServerEvent"]["anyOf"]
    members[:] = [m for m in members if not m["$ref"].endswith("ResponseDone")]
    # Out of the union it would still be an event: the component goes too.
    del spec["components"]["schemas"]["RealtimeServerEventResponseDone"]
    before = {
        f.key for f in spec_diff.diff(reference_spec, spec_diff.load_schemas(ROOT / "schemas"))
    }
    after = {f.key for f in spec_diff.diff(spec, spec_diff.load_schemas(ROOT / "schemas"))}
    assert after - before == {"realtime/server event.ours-only response.done"}


@pytest.mark.parametrize("allow", [ALLOW, SDK_ALLOW], ids=["openapi", "sdk"])
def test_allow_list_entries_have_reasons(allow: Path) -> None:
    """Each key in the committed allow-lists has a comment in the lines just before it (its block)
    or after it on the same line, and no key is given twice."""
    lines = allow.read_text(encoding="utf-8").splitlines()
    seen: set[str] = set()
    commented = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            commented = False
            continue
        if stripped.startswith("#"):
            commented = True
            continue
        key = re.split(r"\s#", stripped, maxsplit=1)[0].strip()
        assert commented or " #" in stripped, f"line {number}: {key!r} has no reason"
        assert key not in seen, f"line {number}: {key!r} given twice"
        seen.add(key)
