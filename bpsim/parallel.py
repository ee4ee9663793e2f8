"""Run many independent model runs over local processes, with a progress bar and clean Ctrl-C.

A small layer over `concurrent.futures.ProcessPoolExecutor`: results come back
keyed, in any order; with one worker everything runs in this process (no pickling,
easy to debug). Ctrl-C cancels what has not started and shuts the pool down.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _ignore_sigint() -> None:
    # Workers leave Ctrl-C to the parent, which cancels and shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def progress_bar(show: bool = True, console=None, extra_columns=()) -> Progress:
    """The progress bar of every bpsim verb: description, bar, count, elapsed time, ETA.

    Args:
        show: Draw it (False gives a silent bar, e.g. for --no-progress).
        console: A rich Console to draw on (default: standard output).
        extra_columns: Columns shown after the count (e.g. failed runs).
    """
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        *extra_columns,
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        disable=not show,
        transient=False,
    )


def map_runs(
    fn: Callable[..., Any],
    jobs: Iterable[tuple[Hashable, tuple]],
    workers: int = 1,
    description: str = "runs",
    show_progress: bool = True,
) -> dict[Hashable, Any]:
    """Call ``fn(*args)`` for every ``(key, args)`` job; return results by key.

    Args:
        fn: A module-level function (picklable) that runs one job.
        jobs: Keys and argument tuples.
        workers: Processes to use; 1 runs in this process.
        description: Label of the progress bar.
        show_progress: Whether to draw a progress bar.

    Returns:
        Results by key.

    Raises:
        KeyboardInterrupt: After Ctrl-C, once pending jobs are cancelled.
    """
    jobs = list(jobs)
    results: dict[Hashable, Any] = {}
    with progress_bar(show_progress) as bar:
        task = bar.add_task(description, total=len(jobs))
        if workers <= 1 or len(jobs) <= 1:
            for key, args in jobs:
                results[key] = fn(*args)
                bar.advance(task)
            return results
        ctx = multiprocessing.get_context("forkserver")
        pool = ProcessPoolExecutor(
            max_workers=min(workers, len(jobs)), mp_context=ctx, initializer=_ignore_sigint
        )
        pending: dict[Future, Hashable] = {}
        try:
            pending = {pool.submit(fn, *args): key for key, args in jobs}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    results[pending.pop(future)] = future.result()
                    bar.advance(task)
        except BaseException:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    return results
