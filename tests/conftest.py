"""Shared fixtures: sample events on disk, the reference spec when it is beside the repository."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "samples"
DATA = ROOT / "tests" / "data"

settings.register_profile(
    "ci", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def reference_spec_path() -> Path | None:
    """The official OpenAPI document, from RT_CODEC_REFERENCE or ../shared/reference beside the repo."""
    env = os.environ.get("RT_CODEC_REFERENCE")
    candidates = [Path(env)] if env else []
    candidates.append(ROOT.parent / "shared" / "reference" / "openai-realtime-openapi.json")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def no_reference() -> None:
    """Skip a test that needs the reference document; fail it where CI said the document is there
    (`RT_CODEC_REFERENCE_REQUIRED`), so that the reference tests cannot skip unseen."""
    if os.environ.get("RT_CODEC_REFERENCE_REQUIRED"):
        pytest.fail(f"reference spec not found at {os.environ.get('RT_CODEC_REFERENCE')}")
    pytest.skip("reference spec not found (set RT_CODEC_REFERENCE)")


@pytest.fixture(scope="session")
def reference_spec() -> dict[str, Any]:
    path = reference_spec_path()
    if path is None:
        no_reference()
    spec: dict[str, Any] = orjson.loads(path.read_bytes())
    return spec


def pytest_configure(config: pytest.Config) -> None:
    """The rt_replay fixture: registered by rt_codec's pytest11 entry point once the package is
    installed; from the checkout here otherwise (unless disabled with -p no:rt_codec)."""
    import rt_codec.pytest_plugin as plugin

    manager = config.pluginmanager
    if not manager.is_registered(plugin) and not manager.is_blocked("rt_codec"):
        manager.register(plugin, "rt_codec.pytest_plugin")


DIALECT_DIRS = ("realtime", "translation", "beta")


def sample_files() -> list[Path]:
    """Official example events, as tests/samples/<dialect>/<direction>/<type>/*.json."""
    return sorted(p for d in DIALECT_DIRS for p in (SAMPLES / d).rglob("*.json"))


def rest_sample_files() -> list[Path]:
    """Official example REST bodies, as tests/samples/rest/<schema file stem>/*.json."""
    return sorted((SAMPLES / "rest").rglob("*.json"))


def bounded(body: Callable[[], Any], timeout: float) -> Any:
    """Run `body` (a sync client) in a thread and give its result; TimeoutError after `timeout`
    seconds, so that no test waits on it for ever (the server's exit then closes its socket, which
    ends the thread)."""
    out: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            out.append(body())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"the client took over {timeout} s")
    if errors:
        raise errors[0]
    return out[0]
