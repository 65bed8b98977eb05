"""Protocol rules that cross fields, which JSON Schema does not state. Each takes the event as a
dict, whatever its shape (the schema findings report shapes), and returns its findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from rt_codec._violation import Violation

MCP_SERVER_FIELDS = ("server_url", "connector_id", "tunnel_id")

# Where tool lists sit, by event type.
TOOL_LISTS = {
    "session.update": ("session", "tools"),
    "session.created": ("session", "tools"),
    "session.updated": ("session", "tools"),
    "response.create": ("response", "tools"),
}


def _at(event: dict[str, Any], *keys: str) -> Any:
    node: Any = event
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def mcp_server(wire: str, event: dict[str, Any]) -> Iterator[Violation]:
    """An MCP tool must say where its server is: a URL, a connector or a tunnel."""
    where = TOOL_LISTS.get(wire)
    tools = _at(event, *where) if where else None
    if not isinstance(tools, list):
        return
    for index, tool in enumerate(tools):
        if not isinstance(tool, dict) or tool.get("type") != "mcp":
            continue
        if not any(name in tool for name in MCP_SERVER_FIELDS):
            yield Violation(
                f"/{where[0]}/{where[1]}/{index}",  # type: ignore[index]
                "tool.mcp_server",
                f"MCP tool {tool.get('server_label')!r} names no server: "
                "give server_url, connector_id or tunnel_id",
            )


def format_conflict(wire: str, event: dict[str, Any]) -> Iterator[Violation]:
    """response.create may give the input format twice (the older name and audio.input.format):
    then both must agree."""
    if wire != "response.create":
        return
    older = _at(event, "response", "input_audio_format")
    newer = _at(event, "response", "audio", "input", "format")
    if older is not None and newer is not None and older != newer:
        yield Violation(
            "/response/input_audio_format",
            "response.format_conflict",
            "input_audio_format differs from audio.input.format",
        )


RULES: tuple[Callable[[str, dict[str, Any]], Iterator[Violation]], ...] = (
    mcp_server,
    format_conflict,
)


def check(wire: str, event: dict[str, Any]) -> list[Violation]:
    return [violation for rule in RULES for violation in rule(wire, event)]
