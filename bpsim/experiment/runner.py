"""Run a plan on an engine of the execution layer into a results store.

The engines (this process, local processes, a Dask LocalCluster or scheduler) and
how calls are kept in flight and batched are `bpsim.machinery.execution`'s, shared with
compare and validation; this module adds what only a sweep needs. A run's numbers
depend only on its task (parameters and seed), never on the engine or worker.

Results stream to the store: every `flush_every` runs or `flush_seconds` seconds
the finished runs are written as one part, so memory holds at most a part's worth of
results plus the runs in flight (a few per worker). A run that raises is stored as
failed with its error, and the sweep goes on.
"""

from __future__ import annotations

import contextlib
import math
import os
import socket
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import BrokenExecutor, Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bpsim.experiment.design import Plan, RunTask
from bpsim.machinery.errors import UsageError

# The engines live in the execution layer; these names stay importable from here.
from bpsim.machinery.execution import (  # noqa: F401 - re-exported
    DASK_BATCH_SECONDS,
    FLUSH_EVERY,
    FLUSH_SECONDS,
    IN_FLIGHT_PER_SLOT,
    LOCAL_CLUSTER_CONFIG,
    MAX_BATCH,
    Batcher,
    Engine,
    Flight,
    InProcessExecutor,
    interrupts_deferred,
    one_line,
    open_engine,
)
from bpsim.machinery.provenance import code_sha256, core, git_state, sha256_or_none
from bpsim.machinery.store import FAILED, OK, Store, StoreError, StoreWriteError, writer_lock


def execute_run(task: RunTask) -> dict[str, Any]:
    """Run one task and return its result row (runs on a worker).

    The parameters are validated here, not when planning, so an inconsistent
    combination of factor values (say procedure_steps_min above
    procedure_steps_max) fails as that one run, with the validation message as its
    error, while the rest of the sweep goes on.

    Returns:
        ``run_id``, ``status`` (ok or failed), ``error`` and ``traceback`` (None if
        ok), ``seconds``, ``worker`` and the final value of each kept outcome (NaN
        if failed).
    """
    from bpsim.core.api import run
    from bpsim.core.scenario import from_flat

    t0 = time.perf_counter()
    row: dict[str, Any] = {
        "run_id": task.run_id,
        "status": OK,
        "error": None,
        "traceback": None,
        "worker": f"{socket.gethostname()}:{os.getpid()}",
    }
    try:
        # Timeline and events travel as flat keys (`bpsim.core.scenario.flat_changes`).
        scenario = from_flat(task.params, name=task.scenario)
        final = run(scenario, seed=task.seed).final
        row.update({name: final[name] for name in task.outcomes})
    except Exception as err:  # a failed run is data, not the end of the sweep
        row.update(status=FAILED, error=one_line(err), traceback=traceback.format_exc())
        row.update({name: math.nan for name in task.outcomes})
    row["seconds"] = time.perf_counter() - t0
    return row


def execute_runs(tasks: list[RunTask]) -> list[dict[str, Any]]:
    """Run several tasks one after another on a worker (one executor call)."""
    return [execute_run(task) for task in tasks]


@dataclass
class SweepReport:
    """What a sweep session did.

    Attributes:
        out: The store folder.
        engine: Engine description.
        planned: Runs in the plan (or in this shard).
        skipped: Runs already stored before this session.
        done: Runs that finished in this session.
        failed: Runs that failed in this session.
        seconds: Wall time of the session's runs.
        failures: (run id, error) of the first failures.
        aborted: Why the session stopped early, if it did.
    """

    out: Path
    engine: str
    planned: int
    skipped: int = 0
    done: int = 0
    failed: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    aborted: str | None = None

    @property
    def missing(self) -> int:
        """Runs of the plan still without a result."""
        return self.planned - self.skipped - self.done - self.failed


class SweepAborted(RuntimeError):
    """The engine broke (e.g. a worker process died); finished runs are saved."""


def _submit(executor: Executor, batch: list[RunTask]) -> Future:
    # Looked up at each call, so a test may put a stand-in for `execute_run`.
    if len(batch) == 1:
        return executor.submit(execute_run, batch[0])
    return executor.submit(execute_runs, batch)


def run_tasks(
    tasks: Iterable[RunTask],
    store: Store,
    engine: Engine,
    report: SweepReport,
    *,
    flush_every: int = FLUSH_EVERY,
    flush_seconds: float = FLUSH_SECONDS,
    on_result: Callable[[dict[str, Any]], None] | None = None,
) -> SweepReport:
    """Run tasks through the engine, streaming results to the store.

    At most `Engine.in_flight` calls are submitted at a time (each of one run, or of
    a batch of runs on engines with `Engine.batch_seconds`; see
    `bpsim.machinery.execution.Flight`), so the sweep's memory does not grow with its size.
    Whatever happens (Ctrl-C, a broken engine), the runs that finished are written
    before this returns or raises.

    Raises:
        SweepAborted: If the executor broke; the finished runs are stored.
    """
    flight = Flight(engine, tasks, _submit)
    buffer: list[dict[str, Any]] = []
    last_flush = time.monotonic()
    t0 = time.perf_counter()

    write_failed = False

    def flush() -> None:
        nonlocal buffer, last_flush, write_failed
        if buffer and not write_failed:
            try:
                # A Ctrl-C between writing the part and emptying the buffer would write
                # these runs a second time as the sweep stops.
                with interrupts_deferred():
                    store.write_part(buffer)
                    buffer = []
            except OSError as err:
                # The part was never renamed into place, so the store still holds only
                # whole parts: these runs are simply run again on --resume.
                write_failed = True
                lost, buffer = len(buffer), []
                raise StoreWriteError.of(store.root, err, lost) from None
        last_flush = time.monotonic()

    def rows_of(fut: Future) -> list[dict[str, Any]]:
        result = fut.result()
        return result if isinstance(result, list) else [result]

    def record(task: RunTask, row: dict[str, Any]) -> None:
        buffer.append(row)
        if row["status"] == OK:
            report.done += 1
        else:
            report.failed += 1
            if len(report.failures) < 20:
                report.failures.append((task.run_id, str(row["error"])))
        if on_result is not None:
            on_result(row)

    try:
        flight.refill()
        while flight:
            broken: BaseException | None = None
            for batch, fut in flight.finished(timeout=flush_seconds):
                try:
                    rows = rows_of(fut)
                except BrokenExecutor as err:
                    # Keep the other runs that finished in this round before stopping.
                    broken = err
                    continue
                except Exception as err:
                    # The engine, not the model, failed these runs (e.g. Dask lost the
                    # worker running them): store them as failed; --retry-failed reruns them.
                    rows = [
                        {
                            "run_id": task.run_id,
                            "status": FAILED,
                            "error": f"engine: {one_line(err)}",
                            **{name: math.nan for name in task.outcomes},
                        }
                        for task in batch
                    ]
                else:
                    flight.batcher.observe(rows)
                for task, row in zip(batch, rows, strict=True):
                    record(task, row)
            if broken is not None:
                raise SweepAborted(
                    f"the engine broke ({one_line(broken)}); a worker process may have run "
                    "out of memory; finished runs are saved, continue with --resume"
                )
            if len(buffer) >= flush_every or time.monotonic() - last_flush >= flush_seconds:
                flush()
            flight.refill()
    finally:
        # Runs that finished while the sweep was stopping are kept, not run again.
        for batch, fut in flight.settle():
            for task, row in zip(batch, rows_of(fut), strict=True):
                record(task, row)
        flush()
        report.seconds += time.perf_counter() - t0
    return report


def parse_shard(text: str | None) -> tuple[int, int] | None:
    """Parse ``--shard I/N`` (1 <= I <= N).

    Raises:
        UsageError: If it is not of that form.
    """
    if text is None:
        return None
    i, sep, n = text.partition("/")
    try:
        index, count = int(i), int(n)
    except ValueError:
        index = count = 0
    if not sep or count < 1 or not 1 <= index <= count:
        raise UsageError(
            f"--shard '{text}': expected I/N with 1 <= I <= N, e.g. --shard 3/8 "
            "(for a job array numbered from 0, use $((SLURM_ARRAY_TASK_ID + 1))/N)"
        )
    return index, count


def _show_shard(shard: tuple[int, int] | None) -> str:
    return f"--shard {shard[0]}/{shard[1]}" if shard else "no --shard"


def open_store(
    plan: Plan,
    out: str | Path,
    *,
    resume: bool = False,
    shard: tuple[int, int] | None = None,
    allow_code_change: bool = False,
) -> Store | None:
    """Open the store in `out` to resume it, after checking it holds this sweep.

    Returns:
        The store, or None if `out` holds no store yet (a new sweep).

    Raises:
        StoreError: If `out` already holds a sweep and `resume` is not set, or holds
            a different sweep, shard or model code than this one.
    """
    out = Path(out)
    if not Store.exists(out):
        return None
    store = Store.open(out)
    if not resume:
        n = len(store.status())
        raise StoreError(
            f"--out '{out}' already holds a sweep ({n} runs stored); pass --resume to "
            "continue it, or choose another folder"
        )
    prov = store.provenance
    if prov.get("plan_sha256") != plan.sha256:
        raise StoreError(
            f"--resume: '{out}' holds a different sweep (experiment "
            f"'{prov['experiment']['name']}' with other runs); the experiment file or its "
            "scenarios changed since; choose another --out"
        )
    stored_shard = tuple(prov["shard"]) if prov.get("shard") else None
    if stored_shard != shard:
        raise StoreError(
            f"--resume: '{out}' was started with {_show_shard(stored_shard)}, "
            f"not {_show_shard(shard)}"
        )
    codes = store.code_hashes()
    if codes != {code_sha256()} and not allow_code_change:
        versions = f" ({len(codes)} versions)" if len(codes) > 1 else ""
        raise StoreError(
            f"--resume: '{out}' was made by different model code{versions}; resuming would "
            "mix model versions; "
            "start a new --out, or pass --allow-code-change to mix knowingly (each run "
            "records the code that made it)"
        )
    store.clean_partial()
    return store


def sweep_provenance(plan: Plan, shard: tuple[int, int] | None = None) -> dict[str, Any]:
    """The provenance record of a new sweep: the shared core plus the plan.

    Args:
        plan: The sweep's `Plan`.
        shard: ``(I, N)`` if this store holds one shard.
    """
    exp = plan.experiment
    return {
        **core("sweep", plan.seeds),
        "experiment": exp.summary(),
        "experiment_sha256": exp.sha256,
        "scenario_files": {f: sha256_or_none(Path(f)) for f in exp.scenario_files},
        "plan_sha256": plan.sha256,
        "base_seed": exp.base_seed,
        "shard": list(shard) if shard else None,
        "sessions": [],
    }


def create_store(plan: Plan, out: str | Path, shard: tuple[int, int] | None = None) -> Store:
    """Create the store of a new sweep, with its design and provenance."""
    return Store.create(out, plan.design, sweep_provenance(plan, shard), plan.experiment.text)


def sweep(
    plan: Plan,
    out: str | Path,
    *,
    workers: int = 1,
    dask: str | None = None,
    dask_timeout: float = 20.0,
    resume: bool = False,
    retry_failed: bool = False,
    shard: tuple[int, int] | None = None,
    flush_every: int = FLUSH_EVERY,
    flush_seconds: float = FLUSH_SECONDS,
    allow_code_change: bool = False,
    on_start: Callable[[SweepReport, int], None] | None = None,
    on_result: Callable[[dict[str, Any]], None] | None = None,
) -> SweepReport:
    """Run a plan (or one shard of it) into a store folder, resuming if asked.

    Args:
        plan: The plan.
        out: Store folder.
        workers: Worker processes (1 = in this process).
        dask: None, ``"local"`` or a scheduler address (see `open_engine`).
        dask_timeout: Seconds to wait for a Dask scheduler and its first worker.
        resume: Continue the sweep stored in `out`, skipping its finished runs.
        retry_failed: With `resume`, run failed runs again too.
        shard: ``(I, N)`` to run only shard I of N.
        flush_every: Runs per results part.
        flush_seconds: Seconds between flushes at the latest.
        allow_code_change: Resume even if the model code changed.
        on_start: Called with the report and the number of runs to do, once the
            engine is up.
        on_result: Called with each finished run's row.

    Returns:
        What the session did.
    """
    if flush_every < 1:
        raise UsageError(f"--flush-every {flush_every}: allowed: 1 or more")
    # One writer per store: a second sweep (or merge) on the same folder is refused
    # before it reads anything, so the two never share session numbers or parts.
    with writer_lock(out):
        return _sweep_locked(
            plan, out, workers=workers, dask=dask, dask_timeout=dask_timeout, resume=resume,
            retry_failed=retry_failed, shard=shard, flush_every=flush_every,
            flush_seconds=flush_seconds, allow_code_change=allow_code_change,
            on_start=on_start, on_result=on_result,
        )  # fmt: skip


def _sweep_locked(
    plan: Plan,
    out: str | Path,
    *,
    workers: int,
    dask: str | None,
    dask_timeout: float,
    resume: bool,
    retry_failed: bool,
    shard: tuple[int, int] | None,
    flush_every: int,
    flush_seconds: float,
    allow_code_change: bool,
    on_start: Callable[[SweepReport, int], None] | None,
    on_result: Callable[[dict[str, Any]], None] | None,
) -> SweepReport:
    # Check an existing store before starting an engine (fail fast), but create a new
    # one only once the engine is up, so a cluster that cannot be reached leaves no
    # empty store behind.
    store = open_store(plan, out, resume=resume, shard=shard, allow_code_change=allow_code_change)
    ids = plan.shard(*shard) if shard else plan.run_ids
    with open_engine(workers, dask, dask_timeout, preload=[__name__]) as engine:
        if store is None:
            store = create_store(plan, out, shard)
        stored = store.status()
        skip = {rid for rid, st in stored.items() if st == OK or not retry_failed}
        todo = [rid for rid in ids if rid not in skip]
        session = store.begin_session()
        git = git_state()
        store.code = code_sha256()  # marks every run this session writes
        record: dict[str, Any] = {
            "session": session,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "engine": engine.name,
            "host": socket.gethostname(),
            "git_commit": git["commit"] if git else None,  # None outside bpsim's checkout
            "code_sha256": store.code,
            "resumed": bool(stored),
            "runs_to_do": len(todo),
        }
        if allow_code_change and store.code_hashes() != {store.code}:
            record["allowed_code_change"] = True
        store.provenance.setdefault("sessions", []).append(record)
        store.save_provenance()
        report = SweepReport(
            out=Path(out), engine=engine.name, planned=len(ids), skipped=len(ids) - len(todo)
        )
        if on_start is not None:
            on_start(report, len(todo))
        try:
            run_tasks(
                plan.tasks(todo),
                store,
                engine,
                report,
                flush_every=flush_every,
                flush_seconds=flush_seconds,
                on_result=on_result,
            )
        except SweepAborted as err:
            report.aborted = str(err)
        except KeyboardInterrupt:
            report.aborted = "interrupted"
            raise
        except StoreWriteError as err:
            report.aborted = str(err)
            raise
        finally:
            record.update(
                finished=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                done=report.done,
                failed=report.failed,
                seconds=round(report.seconds, 3),
                aborted=report.aborted,
            )
            # Best effort: on a full disk these may fail too, and the parts (the
            # record of what finished) are already whole; the first error is the one told.
            with contextlib.suppress(OSError):
                store.save_provenance()
                store.write_manifest()
    try:
        store.write_results_file()
    except OSError as err:
        raise StoreWriteError.of(store.root, err, 0) from None
    return report
