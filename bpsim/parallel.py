"""Run many independent model runs on local processes: the pool of compare and validate.

A small layer over `concurrent.futures.ProcessPoolExecutor`: results come back keyed,
in any order; with one worker everything runs in this process (no pickling, easy to
debug). Workers start fast (forked when that is safe, else from a fork server that
has imported bpsim once), and Ctrl-C ends them at once instead of waiting for the runs
in progress. Sweeps have their own runner (`bpsim.experiment.runner`), which streams
results to disk and also runs on Dask.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, MutableMapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

#: Called with (runs done, runs in all) as runs finish.
ProgressCallback = Callable[[int, int], None]


def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


#: Local worker processes allowed per core: beyond a few per core they only add memory
#: and start-up time (each is a Python process with the model imported), and a typo
#: such as --workers 100000 would fork until the machine stops.
WORKERS_PER_CORE = 8


def check_local_workers(workers: int) -> int:
    """`workers` if this machine can run that many local processes sensibly.

    Raises:
        UsageError: If it is below 1 or above `WORKERS_PER_CORE` per core.
    """
    from bpsim.errors import UsageError

    most = WORKERS_PER_CORE * cpu_count()
    if not 1 <= workers <= most:
        raise UsageError(
            f"--workers {workers}: allowed: 1 to {most} local processes on this machine "
            f"({cpu_count()} cores); for more, run on a Dask cluster"
        )
    return workers


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


def start_method(preload: Iterable[str] = ()) -> str:
    """How to start workers: "fork" when safe, else "forkserver" (or "spawn").

    A forked worker inherits the imported model, so it starts at once; a fresh
    interpreter must import bpsim first (seconds on these machines). But forking a
    process that runs other threads (a test runner's, a progress bar's or a
    dashboard's) can deadlock the child on a lock some thread held. Then a fork server
    is the next best: one clean process, started once per session with `preload`
    imported, from which workers are forked.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    if "forkserver" in methods:
        # Only takes effect if the fork server is not running yet; harmless if it is.
        multiprocessing.get_context("forkserver").set_forkserver_preload(["__main__", *preload])
        return "forkserver"
    return "spawn"  # pragma: no cover - platforms without fork (Windows)


def _ignore_sigint() -> None:
    # Workers leave Ctrl-C to the parent, which cancels cleanly; otherwise every
    # worker would print its own KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore Ctrl-C while worker processes start, so they inherit 'ignore'.

    A spawned worker takes a second or two to import bpsim before its initializer
    runs; a process started with SIGINT ignored keeps ignoring it through that.
    Only the main thread may change signal handlers.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class RunPool:
    """Runs jobs in this process (one worker) or in a pool of worker processes.

    The pool is started at the first `run` with more than one worker and kept for
    later ones (compare adds replications in rounds), and ended on leaving the
    ``with`` block.

    Args:
        fn: A module-level function (picklable) that runs one job.
        workers: Processes to use; 1 runs in this process.
    """

    def __init__(self, fn: Callable[..., Any], workers: int):
        self.fn = fn
        self.workers = check_local_workers(workers)
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> RunPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is None:
            return
        if exc[0] is None:
            self.pool.shutdown(wait=True)
        else:
            self._stop_now()

    def _stop_now(self) -> None:
        """Cancel pending runs and end the workers without waiting for running ones.

        Their results would be thrown away, and waiting for them would keep the user
        waiting seconds after Ctrl-C. The executor has no public way to end its
        workers before Python 3.14, hence its private process table.
        """
        if self.pool is None:
            return
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
        self.pool = None

    def run(
        self,
        jobs: Iterable[tuple[Hashable, tuple]],
        into: MutableMapping[Hashable, Any],
        progress: ProgressCallback | None = None,
        total: int | None = None,
    ) -> None:
        """Call ``fn(*args)`` for every ``(key, args)`` job, storing results in `into`.

        Args:
            jobs: Keys and argument tuples.
            into: Where results go, by key; what it already holds counts as done.
            progress: Called with (done, total) when the runs are under way and
                after each one.
            total: Runs in all, for `progress` (default: those in `into` plus `jobs`).

        Raises:
            KeyboardInterrupt: On Ctrl-C, once the workers are stopped; the results
                that finished stay in `into`.
            RuntimeError: If a worker process died or could not start.
        """
        jobs = list(jobs)
        done = len(into)
        total = done + len(jobs) if total is None else total
        if self.workers <= 1 or len(jobs) <= 1:
            if progress:
                progress(done, total)
            for key, args in jobs:
                into[key] = self.fn(*args)
                if progress:
                    progress(len(into), total)
            return
        if self.pool is None:
            method = start_method([self.fn.__module__])
            self.pool = ProcessPoolExecutor(
                max_workers=min(self.workers, len(jobs)),
                mp_context=multiprocessing.get_context(method),
                initializer=_ignore_sigint,
            )
        pending: dict[Future, Hashable] = {}
        try:
            with _sigint_ignored():
                pending = {self.pool.submit(self.fn, *args): key for key, args in jobs}
            if progress:
                # Tell the caller the runs are under way only now: a display thread
                # started before the workers would rule out the fast "fork" start.
                progress(done, total)
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    into[pending.pop(future)] = future.result()
                    done += 1
                    if progress:
                        progress(done, total)
        except KeyboardInterrupt:
            self._stop_now()
            raise
        except BrokenProcessPool as err:
            self._stop_now()
            raise RuntimeError(
                "a worker process died or could not start; when calling bpsim from a "
                "script, put the call under `if __name__ == '__main__':` (worker processes "
                "import the script), or use one worker"
            ) from err


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
        KeyboardInterrupt: After Ctrl-C, once the workers are stopped.
    """
    jobs = list(jobs)
    results: dict[Hashable, Any] = {}
    with progress_bar(show_progress) as bar, RunPool(fn, workers) as pool:
        task = bar.add_task(description, total=len(jobs))
        pool.run(jobs, results, lambda done, _: bar.update(task, completed=done))
    return results
