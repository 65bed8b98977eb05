"""Generate rt_codec/_generated/ from schemas/.

    python tools/generate.py            write the generated modules
    python tools/generate.py --check    exit 1 if the committed modules differ from what the schemas give
    python tools/generate.py --schemas DIR --out DIR   work on another copy (the tests use this)

Unsupported schema constructs are refused with the file and JSON Pointer (exit 2), and so are two
schemas whose generated helpers would have one name (rtgen.naming).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rtgen.emit_catalogue import emit_catalogue
from rtgen.emit_convert import emit_conversions
from rtgen.emit_decode import emit_decoders
from rtgen.emit_strategies import emit_strategies
from rtgen.emit_types import emit_types
from rtgen.emit_valid import emit_valid
from rtgen.load import load
from rtgen.model import SchemaError
from rtgen.naming import NameClash

ROOT = Path(__file__).resolve().parent.parent


def render(schemas: Path) -> dict[str, str]:
    """File name -> source text of every generated module."""
    model = load(schemas)
    plain = {
        f"schemas/{rel}": json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        for rel, doc in sorted(model.materialized.items())
    }
    return {
        **plain,
        **emit_types(model),
        **emit_decoders(model),
        "strategies.py": emit_strategies(model),
        "valid.py": emit_valid(model),
        "catalogue.py": emit_catalogue(model),
        "conversions.py": emit_conversions(model),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--schemas", type=Path, default=ROOT / "schemas")
    parser.add_argument("--out", type=Path, default=ROOT / "rt_codec" / "_generated")
    args = parser.parse_args(argv)
    try:
        files = render(args.schemas)
    except (SchemaError, NameClash) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stale = []
    for name, text in files.items():
        path = args.out / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(name)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    made = (
        [*args.out.glob("*.py"), *args.out.glob("schemas/**/*.json")] if args.out.is_dir() else []
    )
    extra = sorted(p.relative_to(args.out).as_posix() for p in made)
    extra = [name for name in extra if name not in files]
    if args.check:
        if stale or extra:
            for name in stale:
                print(f"stale: {args.out / name}", file=sys.stderr)
            for name in extra:
                print(f"not generated: {args.out / name}", file=sys.stderr)
            print("run `python tools/generate.py` and commit the result", file=sys.stderr)
            return 1
        print(f"up to date: {len(files)} files in {args.out}")
        return 0
    for name in extra:
        (args.out / name).unlink()
    print(f"wrote {len(stale)} of {len(files)} files in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
