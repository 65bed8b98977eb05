"""Checking many captures: each in a report of its own, on as many processes as asked, merged in
input order, so that the report is the same however many processes did the work.

Captures are independent (one file is one session, never split), so a file is the unit of work.
The same two steps scale past one machine on any engine that maps a function over a list and
returns the results in order (Dask's bag or futures; see the README):

    reports = [capture.check_file(path) for path in paths]   # anywhere, in any order
    report = capture.merged(reports)                          # in input order
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import IO, Any

from rt_codec.capture._check import MAX_VIOLATIONS, Report, check, display_name
from rt_codec.capture._read import DEFAULT_MAX_BYTES

STDIN = "-"
"""The name that stands for standard input in `check_files` (read in the calling process)."""


def check_file(
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
    dialect: str = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    max_violations: int = MAX_VIOLATIONS,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """One capture file checked into a report of its own (what `merged` puts together); `name` is
    how findings name the file (default: the path); `progress` as for `check`. Raises OSError
    when the file cannot be read, ValueError as `check` does."""
    report = Report(max_violations=max_violations, select=tuple(select), ignore=tuple(ignore))
    return check(
        path, dialect=dialect, max_bytes=max_bytes, name=name, report=report, progress=progress
    )


def merged(reports: Iterable[Report], *, max_violations: int = MAX_VIOLATIONS) -> Report:
    """One report of `reports` (each a capture's, in input order), as if the captures had been
    checked into one report in that order (see `Report.merge`). The selection of rules is the
    first report's; a report made with another raises ValueError."""
    out: Report | None = None
    for report in reports:
        if out is None:
            out = Report(max_violations=max_violations, select=report.select, ignore=report.ignore)
        out.merge(report)
    return out if out is not None else Report(max_violations=max_violations)


def _job(path: str, name: str, settings: dict[str, Any]) -> Report | str:
    """A worker's task: the file's report, or why it could not be read."""
    try:
        return check_file(path, name=name, **settings)
    except OSError as exc:
        return unreadable(name, exc)


def unreadable(name: str, error: OSError) -> str:
    """Why a capture could not be read, in one line naming it."""
    if isinstance(error, FileNotFoundError):
        return f"{name}: no such file or directory"
    return f"cannot read {name}: {error.strerror or error}"


def check_files(
    paths: Sequence[str],
    *,
    jobs: int = 1,
    dialect: str = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    max_violations: int = MAX_VIOLATIONS,
    names: Sequence[str] | None = None,
    stdin: IO[bytes] | None = None,
    on_error: Callable[[str], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Check each capture into a report of its own, on `jobs` processes (1: in this one), and merge
    the reports in the order of `paths`: the report is the same whatever `jobs` is. `names` are how
    findings name the files (default: the paths); `-` reads `stdin` in this process. A file that
    cannot be read goes to `on_error` with the reason (without it, the OSError is raised); the
    others are still checked. `progress` sees the count of events so far now and then, when
    `jobs` is 1."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError(f"paths must be a list of paths, not one {type(paths).__name__}")
    if type(jobs) is not int:
        raise TypeError(f"jobs must be an int, not {type(jobs).__name__}")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    select, ignore = tuple(select), tuple(ignore)
    Report(select=select, ignore=ignore)  # a bad pattern fails here, before any work
    labels = list(names) if names is not None else [display_name(p) for p in paths]
    if len(labels) != len(paths):
        raise ValueError("names must name every path")
    settings: dict[str, Any] = {
        "dialect": dialect,
        "max_bytes": max_bytes,
        "select": select,
        "ignore": ignore,
        "max_violations": max_violations,
    }

    def failed(message: str, error: OSError) -> None:
        if on_error is None:
            raise error
        on_error(message)

    done = [0]  # events in the files checked so far, for `progress`

    def local(path: str, name: str) -> Report | None:
        counting = None
        if progress is not None:

            def counting(count: int) -> None:
                progress(done[0] + count)

        try:
            if path != STDIN:
                report = check_file(path, name=name, progress=counting, **settings)
            elif stdin is None:
                raise ValueError("`-` stands for standard input: give `stdin`")
            else:
                report = check(
                    stdin,
                    dialect=dialect,
                    max_bytes=max_bytes,
                    name=name,
                    report=Report(max_violations=max_violations, select=select, ignore=ignore),
                    progress=counting,
                )
        except OSError as exc:
            failed(unreadable(name, exc), exc)
            return None
        done[0] += report.events
        return report

    def in_order() -> Iterable[Report]:
        remote = [p for p in paths if p != STDIN]
        if jobs == 1 or len(remote) < 2:
            for path, name in zip(paths, labels, strict=True):
                report = local(path, name)
                if report is not None:
                    yield report
            return
        workers = min(jobs, len(remote))
        inputs = iter(zip(paths, labels, strict=True))
        # (path, name, its future; None for stdin, read here): a few files ahead of the one being
        # merged, not all, so that finished reports wait in memory only behind a slow file.
        ahead: deque[tuple[str, str, Future[Report | str] | None]] = deque()
        with ProcessPoolExecutor(max_workers=workers) as pool:

            def submit() -> None:
                for path, name in inputs:
                    job = None if path == STDIN else pool.submit(_job, path, name, settings)
                    ahead.append((path, name, job))
                    return

            for _ in range(2 * workers):
                submit()
            while ahead:
                path, name, future = ahead.popleft()
                submit()
                if future is None:
                    report = local(path, name)
                    if report is not None:
                        yield report
                    continue
                try:
                    result = future.result()
                except BrokenProcessPool:  # killed (out of memory, a signal): say which file
                    result = f"{name}: the process checking it ended without a report"
                if isinstance(result, str):
                    failed(result, OSError(result))
                else:
                    yield result

    return merged(in_order(), max_violations=max_violations)
