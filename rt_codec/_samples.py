"""The sample captures: `samples/` at the top of the repository, `rt_codec/samples/` in the wheel.

Both places are looked up, as for the schemas, so a checkout and an installed package behave alike.
"""

from __future__ import annotations

from pathlib import Path

SUFFIX = ".jsonl"  # a sample named without a suffix is its JSONL file


def sample_dir() -> Path:
    """The directory holding the samples: inside the installed package, else the checkout's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "samples", here.parent / "samples"):
        if candidate.is_dir() and any(candidate.glob(f"*{SUFFIX}")):
            return candidate
    raise FileNotFoundError(f"rt_codec samples not found next to {here}")


def sample_names() -> list[str]:
    """The names `sample` takes, sorted: a JSONL sample by its stem (`voice-session`), any other
    by its file name (`voice-session.har`)."""
    return sorted(
        p.stem if p.suffix == SUFFIX else p.name for p in sample_dir().iterdir() if p.is_file()
    )


def sample(name: str) -> Path:
    """The path of the sample called `name` (see `sample_names`; a JSONL sample's file name is
    taken too); KeyError naming the available ones when there is none."""
    names = sample_names()
    if name.endswith(SUFFIX) and name.removesuffix(SUFFIX) in names:
        name = name.removesuffix(SUFFIX)  # its file name: the same sample
    if name in names:
        folder = sample_dir()
        path = folder / (name + SUFFIX)
        return path if path.is_file() else folder / name
    raise KeyError(f"no sample {name!r}; available: {', '.join(sample_names())}")
