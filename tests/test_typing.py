"""The public API type-checks as users write it, under mypy --strict, run in process (one run for
everything, as msgspec checks its typing): tests/typing/usage.py and every Python block of the README
give no error; tests/typing/reveal.py reveals exactly the types its `# R:` comments say and gives
exactly the errors its `# E:` comments name; tests/typing/misuse.py gives the errors it is for."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT

api = pytest.importorskip("mypy.api")

TYPING = ROOT / "tests" / "typing"
_LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<kind>error|note): (?P<text>.*)$", re.M)
_EXPECT = re.compile(r"#\s*(?P<kind>[RE]):\s*(?P<text>.+?)\s*$")
_BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


@cache
def findings(tmp: str) -> dict[str, list[tuple[int, str, str]]]:
    """mypy --strict over the typing files and the README's blocks: file name -> (line, kind,
    text) of what it said."""
    folder = Path(tmp)
    readme = []
    for i, block in enumerate(_BLOCKS):
        path = folder / f"readme_block{i:02d}.py"
        # dask.distributed's Client and LocalCluster have no annotations: calling them is the one
        # thing that block may do untyped (everything else in it is still checked strictly).
        loose = "# mypy: allow-untyped-calls\n" if "dask.distributed" in block else ""
        path.write_text(loose + block)
        readme.append(str(path))
    files = [str(TYPING / n) for n in ("usage.py", "reveal.py", "misuse.py")]
    stdout, stderr, _status = api.run(
        ["--strict", "--no-incremental", "--show-traceback", "--no-error-summary", *files, *readme]
    )
    assert not stderr, stderr
    out: dict[str, list[tuple[int, str, str]]] = {}
    for m in _LINE.finditer(stdout):
        out.setdefault(Path(m["file"]).name, []).append((int(m["line"]), m["kind"], m["text"]))
    return out


@pytest.fixture(scope="module")
def said(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[int, str, str]]]:
    return findings(str(tmp_path_factory.mktemp("typing")))


def test_usage_and_every_readme_block_type_check(
    said: dict[str, list[tuple[int, str, str]]],
) -> None:
    assert len(_BLOCKS) >= 8
    errors = {
        name: [f"{line}: {text}" for line, kind, text in lines if kind == "error"]
        for name, lines in said.items()
        if name == "usage.py" or name.startswith("readme_block")
    }
    assert {name: e for name, e in errors.items() if e} == {}
    # ... and as written: no casts, getattr or ignores to get there.
    for block in _BLOCKS:
        assert not re.search(r"\bcast\(|\bgetattr\(|type: ?ignore", block), block[:200]


def test_revealed_types_and_expected_errors(said: dict[str, list[tuple[int, str, str]]]) -> None:
    expected: dict[tuple[int, str], str] = {}
    for number, line in enumerate((TYPING / "reveal.py").read_text().splitlines(), 1):
        m = _EXPECT.search(line)
        if m:
            alone = line.lstrip().startswith("#")  # then it is about the next line
            expected[number + alone, m["kind"]] = m["text"]
    assert sum(kind == "R" for _, kind in expected) >= 10
    got: dict[tuple[int, str], list[str]] = {}
    for line, kind, text in said.get("reveal.py", []):
        if kind == "note" and text.startswith("Revealed type is "):
            got.setdefault((line, "R"), []).append(
                text.removeprefix("Revealed type is ").strip('"')
            )
        elif kind == "error":
            got.setdefault((line, "E"), []).append(text)
    for (line, kind), text in sorted(expected.items()):
        shown = got.pop((line, kind), [])
        if kind == "R":
            assert shown == [text], f"reveal.py:{line}: expected {text}, mypy says {shown}"
        else:
            assert any(text in s for s in shown), f"reveal.py:{line}: no error {text!r} in {shown}"
    assert got == {}, f"unexpected: {got}"


def test_misuse_is_caught(said: dict[str, list[tuple[int, str, str]]]) -> None:
    errors = [text for _line, kind, text in said.get("misuse.py", []) if kind == "error"]
    assert any(
        'Argument "audio" to "InputAudioBufferAppendEvent" has incompatible type "bytes"' in e
        for e in errors
    )
    assert any('"ResponseDoneEvent" has no attribute "delta"' in e for e in errors)
