"""The README's capture code blocks run as written (the blocks that use `rt_codec.capture`)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

BLOCKS = [
    block
    for block in re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
    if ("rt_codec.capture" in block or "from rt_codec import capture" in block)
    # The voice clients talk to a server: tests/test_readme.py runs them against a local one.
    and "wss://" not in block
    and "import openai" not in block
    # The Dask recipe starts a local cluster: tests/test_readme.py runs it.
    and "dask" not in block
]


def test_the_readme_has_capture_blocks() -> None:
    assert len(BLOCKS) == 2


@pytest.mark.parametrize("block", BLOCKS)
def test_a_capture_block_runs(
    block: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(here)
    if "CaptureWriter" in block:
        from rt_codec import capture

        report = capture.check(tmp_path / "session.jsonl")
        assert (report.events, dict(report.rules)) == (2, {})
    else:
        assert "defects.jsonl line" in capsys.readouterr().out
