"""The API reference: pdoc builds it offline from the public modules, and every public name in
them has a docstring worth reading."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import api_docs

PUBLIC = api_docs.PUBLIC


def _public(module: object) -> list[tuple[str, object]]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and (inspect.isclass(value) or inspect.isfunction(value))
            and getattr(value, "__module__", None) == getattr(module, "__name__", None)
        ]
    return [(name, getattr(module, name)) for name in names]


def test_the_readme_builds_the_reference_with_the_tool() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "pip install -e '.[docs]' && python tools/api_docs.py\n" in readme


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_has_a_docstring(name: str) -> None:
    module = importlib.import_module(name)
    assert (module.__doc__ or "").strip(), name
    thin = []
    for attr, value in _public(module):
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue  # constants and type aliases: their docstrings are comments pdoc reads
        doc = (inspect.getdoc(value) or "").strip()
        # a dataclass without a docstring gets its signature as one
        if not doc or doc.startswith(f"{value.__name__}(") or len(doc) < 20:
            thin.append(attr)
        if inspect.isclass(value) and not value.__module__.startswith("rt_codec._generated"):
            for method, member in vars(value).items():
                public = not method.startswith("_") and inspect.isfunction(member)
                if public and not (inspect.getdoc(member) or "").strip():
                    thin.append(f"{attr}.{method}")
    assert thin == [], f"{name}: no docstring or a thin one: {thin}"


def test_pdoc_builds_the_reference_offline(tmp_path: Path) -> None:
    """Every public module, the root one with its thousand generated classes included, in well
    under a minute (pdoc alone spends minutes re-parsing the generated module per class)."""
    pytest.importorskip("pdoc")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "api_docs.py"), "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seconds = float(result.stdout.rsplit("(", 1)[1].split(",")[1].split()[0])
    assert seconds < 60, result.stdout
    for module in PUBLIC:
        page = tmp_path / (module.replace(".", "/") + ".html")
        assert page.is_file(), module
    capture_page = (tmp_path / "rt_codec" / "capture.html").read_text()
    assert "known_rules" in capture_page and "Record one message" in capture_page
    root = (tmp_path / "rt_codec.html").read_text()
    # The generated classes are documented on the root page, with their docstrings.
    assert 'id="SessionCreatedEvent"' in root and "The first event of a session" in root
    assert not (tmp_path / "rt_codec" / "_generated").exists()
