"""Live events the openai SDK's own models accept decode typed and validate clean in the live
dialect: for every member of the SDK's Live event unions (primary and sideband), an instance with
every field, built from the model's JSON Schema and accepted by `model_validate`."""

from __future__ import annotations

import re
import typing
from typing import Any

import pytest

from rt_codec import UnknownEvent, live

types_live = pytest.importorskip("openai.types.live")
pydantic = pytest.importorskip("pydantic")

from openai.types.live.client_event import ClientEvent  # noqa: E402
from openai.types.live.connect_client_event import ConnectClientEvent  # noqa: E402
from openai.types.live.connect_server_event import ConnectServerEvent  # noqa: E402
from openai.types.live.server_event import ServerEvent  # noqa: E402

# Values a field of that name must hold to be valid for the server (base64 audio).
BASE64 = {"audio", "delta"}


def _members(union: Any) -> list[type[Any]]:
    (inner, *_) = typing.get_args(union)
    return list(typing.get_args(inner))


def _instance(schema: dict[str, Any], defs: dict[str, Any], name: str = "") -> Any:
    """A value of `schema` with every property, taking the first alternative of each union."""
    if "$ref" in schema:
        return _instance(defs[schema["$ref"].rsplit("/", 1)[1]], defs, name)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return _instance(options[0], defs, name)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties")
        if props is None:
            return {}
        return {k: _instance(v, defs, k) for k, v in props.items()}
    if kind == "array":
        return [_instance(schema["items"], defs, name)]
    if kind == "string":
        return "AAAA" if name in BASE64 else "text"
    if kind == "integer":
        return 16000 if name == "rate" else 1
    if kind == "number":
        return 0.5
    if kind == "boolean":
        return True
    return {}


CASES = [
    (direction, model)
    for direction, union in (
        ("server", ServerEvent),
        ("server", ConnectServerEvent),
        ("client", ClientEvent),
        ("client", ConnectClientEvent),
    )
    for model in _members(union)
]


@pytest.mark.parametrize(
    ("direction", "model"),
    CASES,
    ids=[f"{d}-{m.__module__.rsplit('.', 1)[1]}.{m.__name__}" for d, m in CASES],
)
def test_sdk_instances_decode_typed_and_validate_clean(direction: str, model: Any) -> None:
    schema = model.model_json_schema()
    payload = _instance(schema, schema.get("$defs", {}))
    accepted = model.model_validate(payload).model_dump(mode="json", exclude_none=True)
    decode = live.decode_server_event if direction == "server" else live.decode_client_event
    validate = live.validate_server_event if direction == "server" else live.validate_client_event
    event = decode(accepted)
    assert not isinstance(event, UnknownEvent), event.error
    assert validate(accepted) == []
    assert live.event_to_dict(event) == accepted


def test_the_live_rest_calls_and_webhooks_have_bodies() -> None:
    """Each JSON body of the SDK's Live REST methods (their `post /live/...` titles in its
    api.md) and each Live webhook the SDK types is one rt_codec.rest knows."""
    from pathlib import Path

    import openai
    from openai.types import webhooks

    from rt_codec import rest

    api = (Path(openai.__file__).parent / "resources/live/api.md").read_text()
    posts = {f"POST {path}" for path in re.findall(r'title="post ([^"]+)"', api)}
    known = {endpoint for endpoint, _ in rest.ENDPOINTS}
    # hangup has no body at all
    assert posts - {"POST /live/sessions/{session_id}/hangup"} <= known
    hooks = {
        f"webhook {typing.get_args(m.model_fields['type'].annotation)[0]}"
        for name in dir(webhooks)
        if name.startswith("Live") and name.endswith("WebhookEvent")
        for m in [getattr(webhooks, name)]
    }
    assert hooks and hooks <= known


@pytest.mark.parametrize(
    ("endpoint", "model_path"),
    [
        ("webhook live.call.incoming", "webhooks.LiveCallIncomingWebhookEvent"),
        ("webhook live.transport.incoming", "webhooks.LiveTransportIncomingWebhookEvent"),
        ("webhook live.transport.connected", "webhooks.LiveTransportConnectedWebhookEvent"),
        ("POST /live/sessions", "live.LiveCreateResponse"),
        ("POST /live/sessions/{session_id}/fork", "live.SessionForkResponse"),
    ],
)
def test_sdk_rest_instances_decode_and_validate_clean(endpoint: str, model_path: str) -> None:
    import importlib

    from rt_codec import rest

    module, name = model_path.split(".")
    model = getattr(importlib.import_module(f"openai.types.{module}"), name)
    schema = model.model_json_schema()
    payload = model.model_validate(_instance(schema, schema.get("$defs", {}))).model_dump(
        mode="json", exclude_none=True
    )
    body = "webhook" if endpoint.startswith("webhook") else "response"
    assert rest.validate_body(endpoint, body, payload) == []
    assert rest.body_to_dict(rest.decode_body(endpoint, body, payload)) == payload
