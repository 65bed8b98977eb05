"""Build the API reference: HTML from the public modules' docstrings, with pdoc, offline.

    python tools/api_docs.py                 write docs/api/ (open docs/api/index.html)
    python tools/api_docs.py --out DIR       somewhere else

Needs the `docs` extra (pdoc). On Python before 3.13, `inspect` finds a class's source by parsing
its whole module again for every class; the generated types module holds some thousand classes in
17,000 lines, which makes that minutes of parsing. Here each generated module is parsed once and
its classes' first lines are looked up in that one parse.
"""

from __future__ import annotations

import argparse
import ast
import functools
import inspect
import linecache
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# The modules a user imports; the reference has a page for each (private modules and the generated
# code are reached through them: the root module re-exports the generated classes).
PUBLIC = [
    "rt_codec",
    "rt_codec.audio",
    "rt_codec.beta",
    "rt_codec.builders",
    "rt_codec.capture",
    "rt_codec.catalogue",
    "rt_codec.cli",
    "rt_codec.convert",
    "rt_codec.dialects",
    "rt_codec.integrations.openai",
    "rt_codec.pytest_plugin",
    "rt_codec.replay",
    "rt_codec.rest",
    "rt_codec.session",
    "rt_codec.strategies",
    "rt_codec.translation",
    "rt_codec.live",
    "rt_codec.validation",
    "rt_codec.voicelive",
    "rt_codec.voicelive_v1",
]


@functools.cache
def _class_lines(filename: str) -> dict[str, int]:
    """Qualified class name -> its first line (decorators included), from one parse of the file."""
    tree = ast.parse(Path(filename).read_text(encoding="utf-8"))
    out: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                name = f"{prefix}{child.name}"
                first = min([d.lineno for d in child.decorator_list] + [child.lineno])
                out.setdefault(name, first - 1)
                visit(child, f"{name}.")
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, f"{prefix}{child.name}.<locals>.")

    visit(tree, "")
    return out


def _fast_class_source() -> None:
    """Make `inspect.findsource` look classes up in one parse per file (what Python 3.13 does
    with `__firstlineno__`), leaving everything else to the original."""
    original = inspect.findsource

    def findsource(object: Any) -> tuple[list[str], int]:
        if inspect.isclass(object):
            module = sys.modules.get(object.__module__)
            filename = getattr(module, "__file__", None)
            if filename and filename.endswith(".py"):
                line = _class_lines(filename).get(object.__qualname__)
                if line is not None:
                    lines = linecache.getlines(filename)
                    if lines:
                        return lines, line
        return original(object)

    inspect.findsource = findsource


def build(out: Path, modules: list[str] = PUBLIC) -> float:
    """Write the reference for `modules` into `out`; the seconds it took."""
    import pdoc

    started = time.monotonic()
    if sys.version_info < (3, 13):
        _fast_class_source()
    pdoc.render.configure(search=False, show_source=False)
    pdoc.pdoc(*modules, output_directory=out)
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "api")
    args = parser.parse_args(argv)
    try:
        import pdoc  # noqa: F401
    except ImportError:
        print("error: pdoc is not installed: pip install -e '.[docs]'", file=sys.stderr)
        return 2
    seconds = build(args.out)
    print(f"wrote {args.out / 'index.html'} ({len(PUBLIC)} modules, {seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
