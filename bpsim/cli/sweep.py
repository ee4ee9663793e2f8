"""``bpsim sweep``: run an experiment's design, streaming results to a resumable store."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from bpsim.cli.common import WORKERS_HELP, finite_float, positive_int, workers_from, writable_dir
from bpsim.machinery.cost import CONFIRM_SECONDS, Estimate, confirm, estimate
from bpsim.machinery.errors import UsageError
from bpsim.machinery.execution import FLUSH_EVERY, FLUSH_SECONDS, check_local_workers

# The sweep machinery (pandas, pyarrow, the model) is imported when a sweep is planned,
# so that `bpsim --help` and a refused input stay quick.
if TYPE_CHECKING:  # pragma: no cover
    from bpsim.experiment.design import Plan


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``sweep`` verb."""
    p = sub.add_parser(
        "sweep",
        help="run an experiment (grid, LHS, Sobol or Morris design) into a results folder",
        description="Run every design point of an experiment file in every replication, "
        "in this process, in local processes or on a Dask cluster. Results stream to "
        "Parquet parts in --out; a sweep killed at any moment continues with --resume.",
    )
    p.add_argument("experiment", help="experiment file (TOML), e.g. experiments/ci.toml")
    p.add_argument("--out", default=None, help="results folder (default results/<experiment>)")
    p.add_argument(
        "--workers", default=None, metavar="N",
        help=WORKERS_HELP + "; with --dask local, its workers",
    )  # fmt: skip
    p.add_argument(
        "--dask", default=None, metavar="local|ADDRESS",
        help="run on Dask: 'local' starts a LocalCluster, or a scheduler address, "
        "e.g. tcp://10.0.0.5:8786",
    )  # fmt: skip
    p.add_argument(
        "--dask-timeout", type=finite_float, default=20.0, metavar="SECONDS",
        help="seconds to wait for a Dask scheduler and its first worker (default 20)",
    )  # fmt: skip
    p.add_argument("--resume", action="store_true", help="continue the sweep in --out")
    p.add_argument(
        "--retry-failed", action="store_true", help="with --resume, run failed runs again too"
    )
    p.add_argument(
        "--shard", default=None, metavar="I/N",
        help="run only shard I of N (split by run id), for job arrays; join with bpsim merge",
    )  # fmt: skip
    p.add_argument(
        "--dry-run", action="store_true", help="print the plan and its cost; run nothing"
    )
    p.add_argument(
        "--flush-every", type=positive_int, default=FLUSH_EVERY,
        help=f"runs per results part (default {FLUSH_EVERY})",
    )  # fmt: skip
    p.add_argument(
        "--flush-seconds", type=finite_float, default=FLUSH_SECONDS,
        help=f"write finished runs at least this often (default {FLUSH_SECONDS:.0f} s)",
    )  # fmt: skip
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--allow-code-change", action="store_true",
        help="resume even though the model code changed (mixes two model versions)",
    )  # fmt: skip
    p.add_argument(
        "--yes", action="store_true",
        help="start even if the estimated time is long (over "
        f"{CONFIRM_SECONDS // 60} min) without asking",
    )  # fmt: skip
    p.set_defaults(handler=handle)


def describe_plan(plan: Plan, shard: tuple[int, int] | None) -> list[str]:
    """The plan and its cost, in a few lines (printed before anything runs)."""
    exp = plan.experiment
    n_sc = len(exp.scenarios)
    lines = [
        f"experiment '{exp.name}' ({exp.path}): {exp.kind} design, "
        f"{exp.points_count():,} points x {n_sc} scenario{'s' if n_sc > 1 else ''} x "
        f"{exp.replications} replications = {exp.runs_count():,} runs",
    ]
    unique = len(plan.run_ids)
    if unique != exp.runs_count():
        lines.append(f"  {unique:,} distinct runs (identical points run once)")
    if exp.kind == "sobol":
        per = "2D+2" if exp.second_order else "D+2"
        lines.append(
            f"  Sobol: N = {exp.samples} base samples x ({per}) with D = {len(exp.factors)}"
        )
    elif exp.kind == "morris":
        lines.append(
            f"  Morris: {exp.samples} trajectories x (D+1) with D = {len(exp.factors)}, "
            f"{exp.levels} levels"
        )
    for f in exp.factors:
        lines.append(f"  factor {f.describe()}")
    sc = exp.scenarios[0]
    lines.append(
        f"  each run: {sc['n_households']:,} households, {sc['steps']} weeks; "
        f"base seed {exp.base_seed}; outcomes kept: {len(exp.outcomes)}"
    )
    if shard:
        lines.append(f"  shard {shard[0]}/{shard[1]}: {len(plan.shard(*shard)):,} runs")
    bad = plan.invalid_points()
    if bad:
        name, point, msg = bad[0]
        lines.append(
            f"  note: {len(bad)} design point(s) combine values a scenario rejects; their runs "
            f"will be stored as failed (e.g. point {point} of '{name}': {msg})"
        )
    return lines


def handle(args: argparse.Namespace) -> int:
    """Plan, then run (or only describe) the sweep."""
    from bpsim.experiment.design import make_plan
    from bpsim.experiment.runner import parse_shard
    from bpsim.experiment.spec import load_experiment

    exp = load_experiment(args.experiment)
    shard = parse_shard(args.shard)
    if args.retry_failed and not args.resume:
        raise UsageError("--retry-failed works with --resume")
    args.workers = workers_from(args.workers)
    if args.dask in (None, "local"):  # processes on this machine
        check_local_workers(args.workers)
    if args.dask_timeout <= 0:
        raise UsageError(f"--dask-timeout {args.dask_timeout}: allowed: more than 0")
    if args.flush_seconds <= 0:
        raise UsageError(f"--flush-seconds {args.flush_seconds}: allowed: more than 0")
    out_path = Path(args.out) if args.out else Path("results") / exp.name
    # The cost comes from the experiment alone, before the plan is built: planning two
    # million runs takes most of a minute, which a typo should not cost.
    if not args.dry_run:
        runs = exp.runs_count()
        rough = -(-runs // shard[1]) if shard else runs  # a shard's share, before planning
        confirm(f"sweep '{exp.name}'", sweep_cost(exp, rough, out_path, args), args.yes)
    plan = make_plan(exp)
    for line in describe_plan(plan, shard):
        print(line)
    if args.dry_run:
        ids = plan.shard(*shard) if shard else plan.run_ids
        print(sweep_cost(exp, len(ids), out_path, args).line("cost"))
        return 0
    out = writable_dir(out_path)
    return _run(args, plan, out, shard)


def sweep_cost(exp, planned: int, out: Path, args: argparse.Namespace) -> Estimate:
    """What this session of the sweep costs: the runs still to do, times one run's time.

    Args:
        exp: The experiment.
        planned: Runs of the plan (or shard) in all.
        out: The store folder (read when resuming).
        args: The options (``resume``, ``retry_failed``, ``workers``).

    A resumed sweep knows how many runs it holds and their mean time; a new one
    scales the benchmark by the largest neighbourhood among its scenarios.
    """
    from bpsim.machinery.store import OK, Store

    todo, measured = planned, None
    if args.resume and Store.exists(out):
        with contextlib.suppress(UsageError):  # a foreign folder is refused later, clearly
            store = Store.open(out)
            stored = store.status()
            keep = sum(st == OK or not args.retry_failed for st in stored.values())
            todo = max(0, todo - keep)
            seconds = store.results()["seconds"].dropna()
            measured = float(seconds.mean()) if len(seconds) else None
    workers = max(1, args.workers)
    if measured is not None:
        return Estimate(todo, measured, workers, measured=True)
    biggest = max(exp.scenarios, key=lambda sc: sc["n_households"] * sc["steps"])
    return estimate(todo, biggest["n_households"], biggest["steps"], workers)


def _run(args, plan: Plan, out: Path, shard) -> int:
    from rich.console import Console
    from rich.progress import TextColumn

    from bpsim.experiment.runner import sweep
    from bpsim.machinery.execution import progress_bar
    from bpsim.machinery.store import FAILED, OK, Store

    console = Console(stderr=True)
    progress = progress_bar(
        not args.no_progress, console, (TextColumn("{task.fields[failed]} failed"),)
    )
    task_id = None

    def on_start(report, todo: int) -> None:
        nonlocal task_id
        print(
            f"  engine: {report.engine}; {report.skipped:,} runs already stored, "
            f"{todo:,} to run -> {out}",
            flush=True,
        )
        progress.start()  # stopped in the finally below, once started
        task_id = progress.add_task("sweep", total=todo, failed=0)

    failed = 0

    def on_result(row) -> None:
        nonlocal failed
        failed += row["status"] != OK
        progress.update(task_id, advance=1, failed=failed)

    try:
        report = sweep(
            plan,
            out,
            workers=args.workers,
            dask=args.dask,
            dask_timeout=args.dask_timeout,
            resume=args.resume,
            retry_failed=args.retry_failed,
            shard=shard,
            flush_every=args.flush_every,
            flush_seconds=args.flush_seconds,
            allow_code_change=args.allow_code_change,
            on_start=on_start,
            on_result=on_result,
        )
    finally:
        if task_id is not None:
            progress.stop()
    ids = plan.shard(*shard) if shard else plan.run_ids
    status = Store.open(out).status()
    counts = Counter(status.get(rid, "missing") for rid in ids)
    rate = report.done / report.seconds if report.seconds else 0.0
    print(
        f"bpsim sweep: done {report.done:,}, failed {report.failed:,} in {report.seconds:.1f} s "
        f"({rate:.2f} runs/s); store holds {counts[OK]:,} ok, {counts[FAILED]:,} failed, "
        f"{counts['missing']:,} missing of {len(ids):,} -> {out}"
    )
    for rid, error in report.failures[:5]:
        print(f"  failed run {rid}: {error}")
    if report.failed > 5:
        print(f"  ... and {report.failed - 5} more (see the 'error' column in {out}/parts)")
    if report.aborted:
        print(f"bpsim sweep: stopped early: {report.aborted}", file=sys.stderr)
    return 0 if counts[FAILED] == 0 and counts["missing"] == 0 else 1
