"""The public API type-checks as users write it: mypy --strict over tests/typing/usage.py."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_usage_type_checks() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "tests/typing/usage.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_misuse_is_caught() -> None:
    bad = ROOT / "tests" / "typing" / "misuse.py"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert (
        'Argument "audio" to "InputAudioBufferAppendEvent" has incompatible type "bytes"'
        in result.stdout
    )
    assert '"ResponseDoneEvent" has no attribute "delta"' in result.stdout
