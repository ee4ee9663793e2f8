"""The execution layer: where many independent runs execute, for every face.

Compare, validation, robust comparison and sweeps all run their runs here, on one of
three engines behind one `Engine`:

- **in-process** (one worker): each call runs at once in this process; Ctrl-C
  reaches the run directly and nothing is pickled;
- **local processes**: a `concurrent.futures.ProcessPoolExecutor` on this machine;
- **Dask**: a LocalCluster this process starts, or a running scheduler at an address,
  through `distributed.Client.get_executor`.

A run's numbers depend only on its arguments (parameters and seed), never on the
engine, the worker or which runs shared a call.

One rule starts local worker processes (`start_method`): forked when that is safe
(this process runs no other thread), so a worker inherits the imported model and
starts at once; else from a fork server that imported bpsim once; spawned only where
neither exists. Workers ignore Ctrl-C: the parent stops them at once
(`Engine.stop_now`), instead of every worker printing its own traceback or finishing
runs whose results would be thrown away. Dask starts its own workers (its nannies
spawn them), so the rule covers the processes bpsim starts itself.

`Flight` keeps a bounded number of calls submitted to an engine (so memory does not
grow with the number of runs) and, on engines where a call has a fixed cost of its
own (Dask), sends several runs per call (`Batcher`). `RunPool` and `map_runs` are
the keyed form that compare and validation use; sweeps (`bpsim.experiment.runner`)
stream their calls into a results store.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import logging
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, MutableMapping
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    wait,
)
from dataclasses import dataclass
from typing import Any

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from bpsim.machinery.errors import UsageError

#: Called with (runs done, runs in all) as runs finish.
ProgressCallback = Callable[[int, int], None]

#: Most replications a precision target may grow to, unless told otherwise (compare).
DEFAULT_MAX_REPLICATIONS = 100
#: Default runs per results part of a sweep, and seconds between writes at the latest.
FLUSH_EVERY = 50
FLUSH_SECONDS = 30.0
#: Local worker processes allowed per core: beyond a few per core they only add memory
#: and start-up time (each is a Python process with the model imported), and a typo
#: such as --workers 100000 would fork until the machine stops.
WORKERS_PER_CORE = 8
#: Calls kept in flight per worker slot: enough to keep workers busy between
#: completions, few enough that memory does not grow with the number of runs.
IN_FLIGHT_PER_SLOT = 2
#: Seconds of runs per call on a Dask cluster. Each call costs the scheduler and
#: client some milliseconds of their own (about 30 ms per call measured with both on
#: a 2-core machine with its workers), which is a sixth of a 0.2 s run; several short
#: runs per call make that cost small, while a call stays short enough for a smooth
#: progress bar and little lost work if a worker dies.
DASK_BATCH_SECONDS = 1.0
#: Most runs in one call, whatever their length.
MAX_BATCH = 64
#: Modules every local worker process imports before its first run (fork server).
PRELOAD = ("bpsim.core.api", "bpsim.machinery.execution")

#: Dask settings for a LocalCluster bpsim starts. Dask's defaults serve its dashboard
#: and long interactive sessions: every worker samples its running stack each 10 ms
#: for the profile page, and the scheduler, nannies and workers poll the event loop,
#: memory and the system many times a second. With no dashboard these only take CPU
#: from the runs: idle, a 2-worker cluster used 13% of a core with the defaults and
#: 1.4% with these (measured on a 2-core machine); under load the profiler also holds
#: the GIL inside the run's thread. The memory limit still holds (checked each second
#: instead of each 100 ms).
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.tick.interval": "1s",
}


# --- small shared pieces -------------------------------------------------------------------
def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check_local_workers(workers: int) -> int:
    """`workers` if this machine can run that many local processes sensibly.

    Raises:
        UsageError: If it is below 1 or above `WORKERS_PER_CORE` per core.
    """
    most = WORKERS_PER_CORE * cpu_count()
    if not 1 <= workers <= most:
        raise UsageError(
            f"--workers {workers}: allowed: 1 to {most} local processes on this machine "
            f"({cpu_count()} cores); for more, run on a Dask cluster"
        )
    return workers


def one_line(err: BaseException, limit: int = 300) -> str:
    """An exception as one line: its type and the first line of its message."""
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    line = f"{type(err).__name__}: {text}" if text else type(err).__name__
    return line if len(line) <= limit else line[: limit - 3] + "..."


def progress_bar(show: bool = True, console=None, extra_columns=()) -> Progress:
    """The progress bar of every bpsim verb: description, bar, count, elapsed time, ETA.

    Start it only once the engine is up (after `open_engine`, or at a `RunPool`'s
    first progress report): its drawing thread would otherwise rule out the fast
    "fork" start of the workers (see `start_method`).

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


# --- starting local worker processes: the one rule ------------------------------------------
def start_method(preload: Iterable[str] = ()) -> str:
    """How to start local workers: "fork" when safe, else "forkserver" (or "spawn").

    A forked worker inherits the imported model, so it starts at once; a fresh
    interpreter must import bpsim first (seconds on these machines). But forking a
    process that runs other threads (a test runner's, a progress bar's or a
    dashboard's) can deadlock the child on a lock some thread held. Then a fork server
    is the next best: one clean process, started once per session with `PRELOAD` and
    `preload` imported, from which workers are forked.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and fork_is_safe():
        return "fork"
    if "forkserver" in methods:
        # Only takes effect if the fork server is not running yet; harmless if it is.
        # "__main__" first, so a script's own module-level functions can be sent.
        modules = dict.fromkeys(["__main__", *PRELOAD, *preload])
        multiprocessing.get_context("forkserver").set_forkserver_preload(list(modules))
        return "forkserver"
    return "spawn"  # pragma: no cover - platforms without fork (Windows)


def fork_is_safe() -> bool:
    """Whether this process may fork: the system has fork and no other thread runs.

    A thread holding a lock at the moment of the fork (a progress bar's, a test
    runner's, a dashboard's) would leave the child waiting on it for ever.
    """
    return hasattr(os, "fork") and threading.active_count() == 1


class Forked:
    """``fn(*args)`` computed in a forked child while this process goes on, where safe.

    For work of a second or so that needs nothing of what this process does next
    (`bpsim compare` draws its slowest figure so while it draws the others): the child
    inherits everything imported and built, so it starts at once, and sends its result
    back pickled through a pipe. Where forking is not safe (`fork_is_safe`) or not
    possible (no room for another process) the work is done in this process instead,
    when `result` asks for it: what the caller does meanwhile (writing its data, say)
    comes first, as it does beside a child, and is not lost if the work fails. If the
    child fails in any way, `result` does the work again here, so an error is raised as
    it would be without a child. The child ignores Ctrl-C and
    SIGTERM (stopping is the parent's to decide) and never returns into the caller's
    code. Use it as a context manager: leaving the block without `result` (an error in
    the caller's own work) stops and reaps the child.

    Args:
        fn: The work; its result must be picklable.
        *args: Its arguments.
        **kwargs: Its keyword arguments.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any):
        self.work = functools.partial(fn, *args, **kwargs)
        self._pid: int | None = None
        self._read = -1
        self._value: Any = None
        self._done = False
        if fork_is_safe():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        # Held back over the fork, so that the child can ignore them before one arrives.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            pid = os.fork()
        except OSError:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # pragma: no cover - the child (its result is what the tests check)
            # The child's collections leave what it inherited alone: a full one walks
            # every object of the parent (pandas', matplotlib's, the runs'), writing to
            # their pages, so copying them; 0.12 s in the compare report's child.
            gc.freeze()
            code = 1
            try:
                for stop in STOP_SIGNALS:
                    signal.signal(stop, signal.SIG_IGN)
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                os.close(read)
                try:
                    payload = pickle.dumps((True, self.work()), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:  # noqa: BLE001 - any failure: the parent does it again
                    payload = pickle.dumps((False, None))
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(payload)
                code = 0
            except BaseException:  # noqa: BLE001, S110 - the parent gone: no one to tell
                pass
            finally:
                # Never back into the caller's code, nor its clean-up (atexit, buffers).
                os._exit(code)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> Any:
        """The work's result (waits for the child, or does the work here if there is none)."""
        if not self._done and self._pid is None:
            self._done = True
            self._value = self.work()
        elif not self._done:
            pid, read = self._pid, self._read
            self._pid, self._done = None, True
            try:
                with os.fdopen(read, "rb") as pipe:
                    data = pipe.read()
            except BaseException:
                _stop_child(pid)
                raise
            _reap(pid)
            try:
                ok, value = pickle.loads(data)
            except Exception:  # noqa: BLE001 - a child that died before writing all of it
                ok, value = False, None
            self._value = value if ok else self.work()
        return self._value

    def cancel(self) -> None:
        """Stop the child without taking its result (it is reaped); nothing if there is none."""
        if not self._done:
            pid, self._pid, self._done = self._pid, None, True
            if pid is not None:
                os.close(self._read)
                _stop_child(pid)

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()


def _stop_child(pid: int | None) -> None:
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _reap(pid)


def _reap(pid: int | None) -> None:
    # A process that ignores SIGCHLD has its children reaped for it.
    if pid is not None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _worker_start() -> None:
    """A local worker's start: Ctrl-C left to the parent, what it inherited frozen."""
    # Workers leave Ctrl-C to the parent, which stops them at once (Engine.stop_now);
    # otherwise every worker would print its own KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What the worker inherited (the parent's imports: after `bpsim compare`'s, pandas,
    # scipy and matplotlib) lives as long as it does. Frozen, it is left out of the full
    # collections that a run's garbage sets off: 0.13 s of 11 default runs after
    # compare's imports, 0.03 s frozen. Freezing moves a list, touching no object.
    gc.freeze()


#: The signals that stop a run: Ctrl-C, and a batch scheduler ending a job.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C (and SIGTERM) back while a step that must not be cut in two runs.

    Two such steps: starting worker processes, and storing finished runs. A worker
    forked inside the block inherits a handler that does nothing, until its
    initializer ignores Ctrl-C for good, so it never prints a traceback of its own
    (on a slow, loaded machine starting workers can take longer than a user waits
    before pressing Ctrl-C). A part of results written inside the block is also
    marked as written before the interrupt lands, so the runs in it are neither
    written twice nor run again. A signal that arrives meanwhile is not lost (as it
    would be if ignored): it is raised in this process as the block ends, to the
    handler that was there before. Only the main thread may change signal handlers;
    elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {
        sig: signal.signal(sig, lambda signum, frame: caught.append(signum)) for sig in STOP_SIGNALS
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    for sig in dict.fromkeys(caught):
        signal.raise_signal(sig)  # now to the usual handler


def ready(_: int = 0, freeze: bool = False) -> int:
    """Import the model in a worker process; return its process id.

    A no-op in a forked worker (it has the model already); the real import in a Dask
    worker, which starts with a bare interpreter.

    Args:
        _: Unused (a pool's map passes a number).
        freeze: Then keep everything the worker holds now out of its collections, as
            local workers do (`_worker_start`): for the workers of a cluster started
            here, not for those of a cluster bpsim only connects to.
    """
    import bpsim.core.api  # noqa: F401

    if freeze:
        gc.freeze()
    return os.getpid()


# --- engines ---------------------------------------------------------------------------------
class InProcessExecutor(Executor):
    """An executor that runs each call at once, in this process (one worker).

    Ctrl-C reaches the run directly, and results need no pickling.
    """

    def submit(self, fn, /, *args, **kwargs) -> Future:
        """Run ``fn(*args, **kwargs)`` now; return a finished future."""
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except Exception as err:
            fut.set_exception(err)
        return fut


@dataclass
class Engine:
    """An executor and how many runs it can take at once.

    Attributes:
        executor: The executor.
        name: What it is, for summaries and provenance.
        slots: Runs it executes at once (workers x threads).
        batch_seconds: If set, send several runs per executor call, about this many
            seconds of them (see `Batcher`); if None, one run per call.
    """

    executor: Executor
    name: str
    slots: int
    batch_seconds: float | None = None

    @property
    def in_process(self) -> bool:
        """Whether calls run at once in this process."""
        return isinstance(self.executor, InProcessExecutor)

    @property
    def in_flight(self) -> int:
        """Calls to keep submitted at once: enough to keep every slot busy between results.

        In-process calls run at submission, so one at a time there: a result is
        recorded before the next run starts.
        """
        if self.in_process:
            return 1
        return max(1, self.slots * IN_FLIGHT_PER_SLOT)

    def stop_now(self) -> None:
        """End local worker processes at once, without waiting for their runs.

        Called on Ctrl-C or an error: the runs in progress would be thrown away, and
        waiting for them would keep the user waiting seconds. The executor has no
        public way to end its workers before Python 3.14, hence its private process
        table. Other engines end in `open_engine` (Dask cancels a closed client's calls).
        """
        pool = self.executor
        if not isinstance(pool, ProcessPoolExecutor):
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)


@contextlib.contextmanager
def open_engine(
    workers: int = 1,
    dask: str | None = None,
    connect_timeout: float = 20.0,
    preload: Iterable[str] = (),
) -> Iterator[Engine]:
    """Start an engine; end it on leaving the block (at once on an error or Ctrl-C).

    Workers are up when the block starts (imports done), so a progress bar's clock
    and ETA started then measure runs, not start-up.

    Args:
        workers: Worker processes (local processes, or LocalCluster workers); 1 without
            `dask` runs in this process.
        dask: None for local execution, ``"local"`` to start a Dask LocalCluster, or
            the address of a running Dask scheduler, e.g. ``tcp://10.0.0.5:8786``.
        connect_timeout: Seconds to wait for a scheduler and its first worker.
        preload: Modules a fork server imports for its workers (the module of the
            function the runs call), besides `PRELOAD`.

    Raises:
        UsageError: If `workers` is not allowed, Dask is not installed, the scheduler
            cannot be reached, no worker joins, or the workers run other bpsim code.
    """
    if workers < 1:
        raise UsageError(f"--workers {workers}: allowed: 1 or more")
    if dask in (None, "local"):  # processes on this machine
        check_local_workers(workers)
    if dask is not None:
        with _dask_engine(dask, workers, connect_timeout) as engine:
            yield engine
        return
    if workers == 1:
        yield Engine(InProcessExecutor(), "in-process", 1)
        return
    with _process_engine(workers, preload) as engine:
        yield engine


@contextlib.contextmanager
def _process_engine(workers: int, preload: Iterable[str]) -> Iterator[Engine]:
    method = start_method(preload)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_worker_start,
    )
    engine = Engine(pool, f"{workers} local processes", workers)
    try:
        # Start every worker now (a fork server starts one per call while none is
        # idle), with Ctrl-C held back only while they start, not while they import.
        with interrupts_deferred():
            started = [pool.submit(ready) for _ in range(workers)]
        for fut in started:
            fut.result()
    except BaseException:
        engine.stop_now()
        raise
    try:
        yield engine
    except BaseException:
        engine.stop_now()
        raise
    pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _dask_engine(target: str, workers: int, timeout: float) -> Iterator[Engine]:
    try:
        import dask.config
        import distributed  # noqa: F401 - only to check it is installed
    except ImportError:
        raise UsageError(
            "--dask needs Dask distributed; install the extra: pip install 'bpsim[dask]'"
        ) from None
    # A running scheduler keeps its own settings; these apply to a cluster we start,
    # and are read while it starts (workers receive them from their nanny).
    settings = LOCAL_CLUSTER_CONFIG if target == "local" else {}
    with dask.config.set(settings), _dask_client(target, workers, timeout) as engine:
        yield engine


@contextlib.contextmanager
def _dask_client(target: str, workers: int, timeout: float) -> Iterator[Engine]:
    from distributed import Client, LocalCluster

    cluster = None
    if target == "local":
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # the model is single-threaded Python: one run per process
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # Workers log connection noise at ERROR while the cluster shuts down; a run's
            # own errors are stored with the run, and a lost worker fails its futures.
            silence_logs=logging.CRITICAL,
        )
        client = Client(cluster)
        name = f"Dask LocalCluster, {workers} worker{'s' if workers != 1 else ''}"
    else:
        try:
            client = Client(target, timeout=timeout)
        except (OSError, TimeoutError, ValueError, TypeError) as err:
            raise UsageError(
                f"--dask '{target}': cannot connect to a Dask scheduler ({one_line(err)})"
            ) from None
        name = f"Dask scheduler {target}"
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            raise UsageError(
                f"--dask '{target}': no Dask worker joined within {timeout:.0f} s"
            ) from None
        _check_workers(client, target)
        # Import the model in every worker now, while the cluster starts, not in the
        # first run each worker gets: the progress bar's clock and ETA then measure runs.
        client.run(ready, freeze=cluster is not None)
        slots = max(1, sum(client.nthreads().values()))
        if cluster is None:
            name += f" ({slots} worker threads)"
        # pure=False: every submission is a run of its own, never a cached result.
        yield Engine(client.get_executor(pure=False), name, slots, DASK_BATCH_SECONDS)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _check_workers(client, target: str) -> None:
    """Refuse workers that would compute different numbers (other bpsim code)."""
    from bpsim.machinery.provenance import code_sha256

    mine = code_sha256()
    try:
        theirs = client.run(code_sha256)
    except Exception as err:  # a worker that cannot even import bpsim
        raise UsageError(
            f"--dask '{target}': the workers cannot run bpsim ({one_line(err)})"
        ) from None
    for address, digest in theirs.items():
        if digest != mine:
            raise UsageError(
                f"--dask '{target}': worker {address} runs different bpsim code than this "
                "process; its runs would not match; update the workers' bpsim"
            )


# --- keeping calls in flight -----------------------------------------------------------------
class Batcher:
    """How many runs to send per executor call, learnt from the runs' own durations.

    Starts at one run per call; after each result it aims at calls of
    `seconds`, from a running mean of the seconds per run. Which runs share a call
    changes nothing in their results: each run depends only on its own arguments.
    """

    def __init__(self, seconds: float | None, cap: int = MAX_BATCH) -> None:
        self.seconds = seconds
        self.cap = cap
        self.size = 1
        self._mean: float | None = None

    def observe(self, rows: list[dict[str, Any]]) -> None:
        """Learn from the result rows of one finished call (their ``seconds``)."""
        self.observe_seconds(
            [r["seconds"] for r in rows if isinstance(r.get("seconds"), (int, float))]
        )

    def observe_seconds(self, times: list[float]) -> None:
        """Learn from the seconds each run of one finished call took."""
        if self.seconds is None or not times:
            return
        mean = sum(times) / len(times)
        # A running mean, so one slow run (a busy moment) does not swing the batch size.
        self._mean = mean if self._mean is None else 0.7 * self._mean + 0.3 * mean
        self.size = max(1, min(self.cap, int(self.seconds / max(self._mean, 1e-6))))


#: Submits one call for a batch of items (one or more) to an executor.
Submit = Callable[[Executor, list[Any]], Future]


class Flight:
    """The calls in flight on an engine: at most `Engine.in_flight`, each of one or more items.

    The caller says how a batch is submitted (`Submit`) and what finished calls mean;
    this keeps the window full, batches as the engine asks, and on stopping keeps
    the calls that finished and cancels the rest.

    Args:
        engine: The engine.
        items: What to run, in order (consumed lazily, so a huge sweep is never
            held in memory at once).
        submit: Submits one call for a list of items.
    """

    def __init__(self, engine: Engine, items: Iterable[Any], submit: Submit) -> None:
        self.engine = engine
        self.batcher = Batcher(engine.batch_seconds)
        self._source = iter(items)
        self._submit = submit
        self.calls: dict[Future, list[Any]] = {}

    def __bool__(self) -> bool:
        return bool(self.calls)

    def refill(self) -> None:
        """Submit calls until the window is full or the items run out."""
        while len(self.calls) < self.engine.in_flight:
            batch = list(itertools.islice(self._source, self.batcher.size))
            if not batch:
                return
            self.calls[self._submit(self.engine.executor, batch)] = batch

    def finished(self, timeout: float | None = None) -> list[tuple[list[Any], Future]]:
        """Wait up to `timeout` seconds for calls to finish; hand them over.

        Returns:
            ``(items, future)`` of each finished call (none if the wait timed out).
        """
        done, _ = wait(list(self.calls), timeout=timeout, return_when=FIRST_COMPLETED)
        return [(self.calls.pop(fut), fut) for fut in done]

    def settle(self) -> list[tuple[list[Any], Future]]:
        """On stopping: hand over the calls that finished well, cancel the rest."""
        kept = []
        for fut, batch in self.calls.items():
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                kept.append((batch, fut))
            else:
                fut.cancel()
        self.calls = {}
        return kept


# --- keyed runs: compare and validation ------------------------------------------------------
def call_each(fn: Callable[..., Any], arg_tuples: list[tuple]) -> list[tuple[float, Any]]:
    """Call ``fn(*args)`` for each argument tuple on a worker (one executor call).

    Returns:
        ``(seconds, result)`` of each call, in order.
    """
    out = []
    for args in arg_tuples:
        t0 = time.perf_counter()
        result = fn(*args)
        out.append((time.perf_counter() - t0, result))
    return out


#: What a broken local pool means, and what to do about it.
BROKEN_POOL = (
    "a worker process died or could not start; when calling bpsim from a script, put the "
    "call under `if __name__ == '__main__':` (worker processes import the script), or use "
    "one worker"
)


class RunPool:
    """Runs keyed jobs on an engine, started at the first `run` that needs one.

    The engine (local processes, or Dask if `dask` is given) is started at the first
    `run` with more than one job and more than one worker, and kept for later ones
    (compare adds replications in rounds); it ends on leaving the ``with`` block.
    Smaller requests run in this process.

    Args:
        fn: A module-level function (picklable) that runs one job.
        workers: Processes to use; 1 runs in this process.
        dask: None, ``"local"`` or a Dask scheduler address (see `open_engine`).
    """

    def __init__(self, fn: Callable[..., Any], workers: int, dask: str | None = None):
        self.fn = fn
        self.workers = check_local_workers(workers) if dask in (None, "local") else workers
        self.dask = dask
        self.engine: Engine | None = None
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> RunPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.engine = None
        self._stack.__exit__(*exc)

    def _engine_for(self, jobs: int) -> Engine:
        if self.engine is not None:
            return self.engine
        if jobs <= 1 or (self.workers <= 1 and self.dask is None):
            return Engine(InProcessExecutor(), "in-process", 1)
        workers = self.workers if self.dask else min(self.workers, jobs)
        self.engine = self._stack.enter_context(
            open_engine(workers, self.dask, preload=[self.fn.__module__])
        )
        return self.engine

    def _submit(self, executor: Executor, batch: list[tuple[Hashable, tuple]]) -> Future:
        return executor.submit(call_each, self.fn, [args for _, args in batch])

    def run(
        self,
        jobs: Iterable[tuple[Hashable, tuple]],
        into: MutableMapping[Hashable, Any],
        progress: ProgressCallback | None = None,
        total: int | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> None:
        """Call ``fn(*args)`` for every ``(key, args)`` job, storing results in `into`.

        Args:
            jobs: Keys and argument tuples.
            into: Where results go, by key; what it already holds counts as done.
            progress: Called with (done, total) when the runs are under way and
                after each one.
            total: Runs in all, for `progress` (default: those in `into` plus `jobs`).
            meanwhile: Called once in this process while the workers run their first
                calls (on the in-process engine: before the runs), for work that
                would otherwise wait for the runs, such as imports; finished runs
                are handed over after it returns.

        Raises:
            KeyboardInterrupt: On Ctrl-C, once the workers are stopped; the results
                that finished stay in `into`.
            RuntimeError: If a worker process died or could not start.
        """
        jobs = list(jobs)
        done = len(into)
        total = done + len(jobs) if total is None else total
        engine = self._engine_for(len(jobs))
        flight = Flight(engine, jobs, self._submit)

        def keep(batch, fut) -> None:
            nonlocal done
            results = fut.result()
            flight.batcher.observe_seconds([seconds for seconds, _ in results])
            for (key, _), (_, result) in zip(batch, results, strict=True):
                into[key] = result
                done += 1
                if progress:
                    progress(done, total)

        try:
            if engine.in_process:
                if meanwhile is not None:
                    meanwhile()
                if progress:
                    progress(done, total)
            flight.refill()
            if not engine.in_process and progress:
                # Tell the caller the runs are under way only now: a display thread
                # started before the workers would rule out the fast "fork" start.
                progress(done, total)
            if meanwhile is not None and not engine.in_process:
                # The workers are started (and forked) by now, so nothing this imports
                # or starts reaches them.
                meanwhile()
            while flight:
                for batch, fut in flight.finished():
                    keep(batch, fut)
                flight.refill()
        except KeyboardInterrupt:
            for batch, fut in flight.settle():
                keep(batch, fut)
            engine.stop_now()
            raise
        except BrokenExecutor as err:
            engine.stop_now()
            raise RuntimeError(BROKEN_POOL) from err


def map_runs(
    fn: Callable[..., Any],
    jobs: Iterable[tuple[Hashable, tuple]],
    workers: int = 1,
    description: str = "runs",
    show_progress: bool = True,
    dask: str | None = None,
) -> dict[Hashable, Any]:
    """Call ``fn(*args)`` for every ``(key, args)`` job; return results by key.

    Args:
        fn: A module-level function (picklable) that runs one job.
        jobs: Keys and argument tuples.
        workers: Processes to use; 1 runs in this process.
        description: Label of the progress bar.
        show_progress: Whether to draw a progress bar.
        dask: None, ``"local"`` or a Dask scheduler address (see `open_engine`).

    Returns:
        Results by key.

    Raises:
        KeyboardInterrupt: After Ctrl-C, once the workers are stopped.
    """
    jobs = list(jobs)
    results: dict[Hashable, Any] = {}
    bar = progress_bar(show_progress)
    task = bar.add_task(description, total=len(jobs))

    def shown(done: int, _: int) -> None:
        # Started at the first report, once the workers are up (see `progress_bar`).
        if not bar.live.is_started:
            bar.start()
        bar.update(task, completed=done)

    try:
        with RunPool(fn, workers, dask) as pool:
            pool.run(jobs, results, shown)
    finally:
        bar.stop()
    return results
