"""tools/spec_diff.py: our schemas against an OpenAPI document.

A tiny synthetic spec and schema tree that agree exactly, then one change at a time; and the real
reference with the committed allow-list, when ../shared is beside the repository.
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

from tests.conftest import ROOT, reference_spec_path

sys.path.insert(0, str(ROOT / "tools"))

import spec_diff

TOOL = ROOT / "tools" / "spec_diff.py"
ALLOW = ROOT / "tools" / "spec_diff_allow.txt"

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
        # Not in the union above, so not an event of ours to compare.
        "RealtimeServerEventLegacy": spec_event("legacy.thing"),
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


def test_new_upstream_event() -> None:
    def mutate(spec: Json, schemas: Json) -> None:
        components(spec)["RealtimeServerEvent"]["anyOf"].append(ref("RealtimeServerEventLegacy"))

    assert changed(mutate) == {"realtime/server event.upstream-only legacy.thing"}


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
    components(spec)["RealtimeServerEvent"]["anyOf"].append(ref("RealtimeServerEventLegacy"))
    return write_world(tmp_path, spec, schemas)


def test_exit_0_when_in_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec_path, root = write_world(tmp_path, base_spec(), base_schemas())
    status, out, _ = run_main(capsys, str(spec_path), "--schemas", str(root))
    assert status == 0, out
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


def test_usage_error_is_exit_2_from_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, str(TOOL), "--no-such-option"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "usage: spec_diff.py" in result.stderr


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
        pytest.skip("reference spec not found (set RT_CODEC_REFERENCE)")
    result = subprocess.run(
        [sys.executable, str(TOOL), str(path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr
    assert [f["key"] for f in report["findings"] if not f["allowed"]] == []


def test_reference_with_an_event_dropped(reference_spec: dict[str, Json]) -> None:
    spec = copy.deepcopy(reference_spec)
    members = spec["components"]["schemas"]["RealtimeServerEvent"]["anyOf"]
    members[:] = [m for m in members if not m["$ref"].endswith("ResponseDone")]
    before = {
        f.key for f in spec_diff.diff(reference_spec, spec_diff.load_schemas(ROOT / "schemas"))
    }
    after = {f.key for f in spec_diff.diff(spec, spec_diff.load_schemas(ROOT / "schemas"))}
    assert after - before == {"realtime/server event.ours-only response.done"}


def test_allow_list_entries_have_reasons() -> None:
    """Each key in the committed allow-list has a comment in the lines just before it (its block)
    or after it on the same line, and no key is given twice."""
    lines = ALLOW.read_text(encoding="utf-8").splitlines()
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
