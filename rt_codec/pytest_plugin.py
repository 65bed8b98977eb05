"""The `rt_replay` pytest fixture: test a voice client against a recorded session.

    def test_weather(rt_replay):
        server = rt_replay("tests/sessions/weather.jsonl")
        client = openai.OpenAI(api_key="test", websocket_base_url=server.url)
        ...  # run the client; server.received holds what it sent

`rt_replay(capture, **options)` starts an `rt_codec.replay.ReplayServer` (`fast=True` unless told
otherwise; the other options are the server's) in a thread with its own event loop, so that sync
tests, the sync openai SDK and async tests can all use it, and returns it. After the test the
servers stop, and the test fails, listing the findings, when a client frame had any (an invalid
event, a binary frame, an event the capture has no place for, an idle timeout). Opt out with
`rt_replay(capture, allow_violations=True)` or the marker `@pytest.mark.rt_replay(allow_violations=True)`,
and look at `server.violations` yourself.

The plugin is registered through the `pytest11` entry point when rt_codec is installed; otherwise
load it with `-p rt_codec.pytest_plugin` or `pytest_plugins = ["rt_codec.pytest_plugin"]` in a
top-level conftest.py. It imports websockets only when a test uses the fixture.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from rt_codec.replay import ReplayServer

__all__ = ["ReplayFactory", "rt_replay"]

_SERVERS = pytest.StashKey[list[tuple["ReplayServer", bool]]]()
MARKER = "rt_replay"


ReplayFactory = Callable[..., "ReplayServer"]
"""What the fixture gives: `rt_replay(capture, *, allow_violations=False, **server_options)`."""


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(allow_violations=False): options of the rt_replay fixture; "
        "allow_violations=True keeps a test with client findings from failing",
    )


def _allowed(item: pytest.Item) -> bool:
    marker = item.get_closest_marker(MARKER)
    return bool(marker is not None and marker.kwargs.get("allow_violations", False))


@pytest.fixture
def rt_replay(request: pytest.FixtureRequest) -> Iterator[ReplayFactory]:
    """Start replay servers of captures for this test; they stop when it ends, and the test fails
    on the findings about what its clients sent (see the module's docstring)."""
    servers: list[tuple[ReplayServer, bool]] = []
    request.node.stash[_SERVERS] = servers
    marked = _allowed(request.node) if isinstance(request.node, pytest.Item) else False

    def start(
        capture: str | os.PathLike[str] | bytes,
        *,
        allow_violations: bool = False,
        fast: bool = True,
        **options: Any,
    ) -> ReplayServer:
        from rt_codec.replay import ReplayServer

        server = ReplayServer(capture, fast=fast, **options)
        server.__enter__()
        servers.append((server, allow_violations or marked))
        return server

    try:
        yield start
    finally:
        _stop(servers)


def _stop(servers: list[tuple[ReplayServer, bool]]) -> None:
    for server, _allow in servers:
        server.stop()


def _findings(item: pytest.Item) -> list[str]:
    """Stop the item's servers; the findings about its clients' frames, one line each."""
    servers = item.stash.get(_SERVERS, None)
    if not servers:
        return []
    _stop(servers)
    return [
        f"  {violation}"
        for server, allow in servers
        if not allow
        for violation in server.violations
        if violation.direction == "client"
    ]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """After a test that used `rt_replay` passed: stop its servers (so every frame is checked)
    and fail it on the findings about its clients' frames."""
    try:
        result = yield
    except BaseException:
        # The test failed on its own: its client's findings go with the failure, as a section.
        lines = _findings(item)
        if lines:
            item.add_report_section("call", "rt_replay findings", "\n".join(lines))
        raise
    lines = _findings(item)
    if lines:
        pytest.fail(
            "rt_replay: the client sent frames with findings "
            "(allow them with rt_replay(..., allow_violations=True)):\n" + "\n".join(lines),
            pytrace=False,
        )
    return result
