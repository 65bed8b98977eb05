"""Compare the voicelive schemas with an installed azure-ai-voicelive SDK: event types, and the
fields of each event, in both directions.

    python3 -m venv /tmp/vl && /tmp/vl/bin/pip install azure-ai-voicelive -e .
    /tmp/vl/bin/python tools/voicelive_sdk_diff.py

The SDK publishes no JSON Schema, so this reads its model classes: each event class's `type`
default and the wire names of its fields. It prints what one side has and the other does not and
exits 1 when there is any; a maintainer then changes the schemas (schemas/voicelive/) or says in a
`$comment` why not. Events Voice Live takes from beta unchanged are compared too (the SDK lists the
OpenAI events it speaks); fields nested in models are not (run tools/voicelive_capture.py and
`rt-codec validate` on its output for those). Differences kept on purpose are listed, each with
why, in tools/voicelive_sdk_allow.txt. The first line says which SDK was read.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import sys
import typing
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rt_codec import catalogue
from rt_codec._schemas import load_schemas

DIALECT = "voicelive"
ALLOW = Path(__file__).resolve().parent / "voicelive_sdk_allow.txt"


def sdk_events() -> dict[tuple[str, str], set[str]]:
    """(direction, wire type) -> the wire names of the fields of the SDK's class for it."""
    from azure.ai.voicelive.models import _models  # type: ignore[import-not-found]

    out: dict[tuple[str, str], set[str]] = {}
    for name, cls in inspect.getmembers(_models, inspect.isclass):
        if name.startswith("ServerEvent"):
            direction = "server"
        elif name.startswith("ClientEvent"):
            direction = "client"
        else:
            continue
        wire = _type_default(cls)
        if wire is None:
            continue  # a base class or a nested details model
        fields = {
            getattr(field, "_rest_name_input", None) or attr
            for attr, field in vars(cls).items()
            if not attr.startswith("_") and hasattr(field, "_rest_name_input")
        }
        for base in cls.__mro__[1:]:
            fields |= {
                getattr(field, "_rest_name_input", None) or attr
                for attr, field in vars(base).items()
                if not attr.startswith("_") and hasattr(field, "_rest_name_input")
            }
        out[direction, wire] = fields
    return out


def _type_default(cls: Any) -> str | None:
    """The wire type a class is for: its `type` annotation, a Literal of one enum member."""
    args = typing.get_args(vars(cls).get("__annotations__", {}).get("type"))
    value = getattr(args[0], "value", args[0]) if len(args) == 1 else None
    return value if isinstance(value, str) else None


def main() -> int:
    version = importlib.metadata.version("azure-ai-voicelive")
    print(f"upstream: azure-ai-voicelive {version}; ours: the {DIALECT} dialect")
    theirs = sdk_events()
    schemas = load_schemas()
    differences = []
    for direction in catalogue.DIRECTIONS:
        ours = catalogue.events(DIALECT, direction)
        names = catalogue.names(DIALECT, direction)
        for (d, wire), fields in sorted(theirs.items()):
            if d != direction:
                continue
            if wire not in names:
                differences.append(f"{direction} {wire}: an SDK event the schemas do not have")
                continue
            info = catalogue.lookup(DIALECT, direction, wire)
            assert info is not None
            mine = set(schemas[info.schema].get("properties", {}))
            for field in sorted(fields - mine):
                differences.append(f"{direction} {wire}: field {field!r} only in the SDK")
            for field in sorted(mine - fields - {"event_id"}):
                differences.append(f"{direction} {wire}: field {field!r} only in the schemas")
        for wire, info in sorted(ours.items()):
            own = info.schema.startswith(f"{DIALECT}/") and "/base/" not in info.schema
            if own and (direction, wire) not in theirs:
                differences.append(f"{direction} {wire}: a Voice Live event the SDK does not have")
    allowed = {
        line.strip()
        for line in ALLOW.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    unexplained = [line for line in differences if line not in allowed]
    stale = sorted(allowed - set(differences))
    for line in unexplained:
        print(line)
    for line in stale:
        print(f"stale allow-list entry: {line}")
    print(
        f"\n{len(differences)} differences: {len(differences) - len(unexplained)} allowed, "
        f"{len(unexplained)} unexplained; {len(stale)} stale allow-list entries"
    )
    return 1 if unexplained or stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
