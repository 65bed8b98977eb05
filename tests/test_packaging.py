"""The package as a user installs it: the wheel carries the schemas and samples and runs from
outside the checkout; the metadata, licence and changelog are there; the strategies extra says how
to get hypothesis."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import tomllib

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_metadata() -> None:
    project = PYPROJECT["project"]
    classifiers = set(project["classifiers"])
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert {"Typing :: Typed", "License :: OSI Approved :: MIT License"} <= classifiers
    assert "Development Status :: 3 - Alpha" in classifiers
    assert project["keywords"] and "urls" not in project
    extras = project["optional-dependencies"]
    assert extras["strategies"] == ["hypothesis>=6.100,<7"]
    assert any(req.startswith("pdoc") for req in extras["docs"])
    assert "rt_codec[strategies]" in extras["test"]
    assert not any(req.startswith("hypothesis") for req in extras["test"])
    assert "Copyright (c) 2026 the rt_codec authors" in (ROOT / "LICENSE").read_text()
    assert "## Unreleased" in (ROOT / "CHANGELOG.md").read_text()


def test_strategies_without_hypothesis_says_what_to_install(tmp_path: Path) -> None:
    # a `hypothesis` that cannot be imported stands in for one not installed
    (tmp_path / "hypothesis.py").write_text(
        "raise ImportError('no hypothesis here', name='hypothesis')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import rt_codec.strategies"],
        env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert (
        "ImportError: rt_codec.strategies needs hypothesis: pip install 'rt_codec[strategies]'"
        in result.stderr
    )


@pytest.mark.skipif(
    importlib.util.find_spec("hatchling") is None,
    reason="hatchling is not installed (the test extra has it); building would fetch it",
)
def test_the_wheel_runs_its_samples_and_selfcheck_outside_the_checkout(tmp_path: Path) -> None:
    started = time.monotonic()
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("rt_codec-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for sample in (ROOT / "samples").iterdir():
        assert f"rt_codec/samples/{sample.name}" in names
    assert "rt_codec/schemas/unions/realtime-server.json" in names
    assert any(name.endswith("licenses/LICENSE") for name in names)
    target = tmp_path / "site"
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    where = run("-c", "import rt_codec; print(rt_codec.__file__)")
    assert where.stdout.startswith(str(target)), where.stdout + where.stderr
    clean = run("-m", "rt_codec.cli", "validate", "--sample", "voice-session")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "no findings" in clean.stdout
    assert run("-m", "rt_codec.cli", "validate", "--sample", "defects").returncode == 1
    selfcheck = run("-m", "rt_codec.selfcheck")
    assert selfcheck.returncode == 0, selfcheck.stdout + selfcheck.stderr
    assert time.monotonic() - started < 120
