"""pydantic over the openai SDK's realtime models, and the SDK's own receive and send paths."""

from __future__ import annotations

import base64
import functools
import json
import operator
import typing
from collections.abc import Callable
from typing import Annotated, Any, Union

from openai._utils import maybe_transform
from openai.resources.realtime.realtime import RealtimeConnection
from openai.types.realtime.realtime_client_event import RealtimeClientEvent
from openai.types.realtime.realtime_client_event_param import RealtimeClientEventParam
from openai.types.realtime.realtime_server_event import RealtimeServerEvent
from openai.types.realtime.response_create_event_with_references_param import (
    ResponseCreateEventWithReferencesParam,
)
from pydantic import BaseModel, Field, TypeAdapter

from benchmarks.contenders import Build, Decoder, Encoder


def _members(union_alias: Any) -> tuple[type[BaseModel], ...]:
    """The model classes of an SDK union alias (`Annotated[Union[...], PropertyInfo]`)."""
    if typing.get_origin(union_alias) is typing.Annotated:
        union_alias = typing.get_args(union_alias)[0]
    members: tuple[type[BaseModel], ...] = typing.get_args(union_alias)
    return members


def _wire_type(model: type[BaseModel]) -> str:
    wire: str = typing.get_args(model.model_fields["type"].annotation)[0]
    return wire


def _discriminated(members: tuple[type[BaseModel], ...]) -> TypeAdapter[Any]:
    union = functools.reduce(operator.or_, members)
    form: Any = Annotated[union, Field(discriminator="type")]
    return TypeAdapter(form)


@functools.cache
def server_types() -> dict[str, type[BaseModel]]:
    return {_wire_type(m): m for m in _members(RealtimeServerEvent)}


@functools.cache
def client_types() -> dict[str, type[BaseModel]]:
    return {_wire_type(m): m for m in _members(RealtimeClientEvent)}


def _known(client: bool) -> frozenset[str]:
    return frozenset(client_types() if client else server_types())


@functools.cache
def _adapter(client: bool) -> TypeAdapter[Any]:
    return _discriminated(_members(RealtimeClientEvent if client else RealtimeServerEvent))


def disc_decoder(client: bool) -> Decoder:
    """A discriminated TypeAdapter over the SDK's event models."""
    return _adapter(client).validate_json, _known(client)


def union_decoder(client: bool) -> Decoder:
    """A TypeAdapter of the SDK's server union as it ships (not discriminated)."""
    if client:
        raise ValueError("the shipped-union row is for server events")
    return TypeAdapter(RealtimeServerEvent).validate_json, _known(False)


def recv_decoder(client: bool) -> Decoder:
    """`RealtimeConnection.parse_event`: json.loads + construct_type_unchecked, no validation."""
    if client:
        raise ValueError("the receive path is for server events")
    parse = RealtimeConnection.parse_event

    def recv(data: bytes) -> Any:
        return parse(None, data)  # type: ignore[arg-type]  # parse_event does not use `self`

    return recv, _known(False)


def dump(model: BaseModel) -> str:
    return model.model_dump_json(by_alias=True, exclude_unset=True)


def encoder(client: bool) -> Encoder:
    """pydantic's `model_dump_json(by_alias=True, exclude_unset=True)`: str, as the SDK sends."""
    return disc_decoder(client)[0], dump


def builder() -> Build:
    model, b64 = client_types()["input_audio_buffer.append"], base64.b64encode
    kind = "input_audio_buffer.append"
    return lambda pcm: dump(model(type=kind, audio=b64(pcm).decode()))


def send_builder() -> Build:
    """What `connection.input_audio_buffer.append(audio=...)` does before the websocket write."""
    target: Any = Union[RealtimeClientEventParam, ResponseCreateEventWithReferencesParam]  # noqa: UP007
    b64 = base64.b64encode

    def send(event: dict[str, Any]) -> str:
        return json.dumps(maybe_transform(event, target))

    build: Callable[[bytes], str] = lambda pcm: send(  # noqa: E731
        {"type": "input_audio_buffer.append", "audio": b64(pcm).decode()}
    )
    return build
