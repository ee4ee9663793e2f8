"""The ``--uncertainty`` options of ``bpsim compare``: checked, costed and printed here.

Kept apart from `bpsim.cli.compare` so that verb needs only three small hooks:
`add_arguments`, `prepare` (check the request, say its cost, keep to the budget) and
`finish` (print the share-of-worlds table).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bpsim.machinery import i18n
from bpsim.machinery.errors import UsageError

#: Estimated wall time above which a robust comparison asks for --yes, unless --budget says.
DEFAULT_BUDGET = "60m"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the robust-comparison options."""
    p.add_argument(
        "--uncertainty",
        default=None,
        metavar="N",
        help="also compare in N plausible worlds (a Latin hypercube over the assumptions' "
        "plausible ranges, see docs/ODD.md), --replications per world (default then 3); "
        "adds 'How robust is this advice?' to the report",
    )
    p.add_argument(
        "--vary",
        action="append",
        default=[],
        metavar="NAME[=LOW:HIGH]",
        help="with --uncertainty: vary only these assumptions (repeatable), optionally "
        "over another range",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="with --uncertainty: continue the worlds stored in OUT/robust",
    )
    p.add_argument(
        "--dask",
        default=None,
        metavar="local|ADDRESS",
        help="with --uncertainty: run the worlds on Dask (a local cluster or a scheduler)",
    )
    p.add_argument(
        "--budget",
        default=None,
        metavar="TIME",
        help=f"refuse a request estimated to take longer (e.g. 600, 90s, 10m, 1h; "
        f"default {DEFAULT_BUDGET} with --uncertainty)",
    )
    p.add_argument("--yes", action="store_true", help="go on even above the budget")


def _whole(text: str, flag: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError(
            f"{flag} '{text}': not a whole number; allowed: {minimum} or more"
        ) from None
    if value < minimum:
        raise UsageError(f"{flag} '{text}': not allowed; allowed: a whole number >= {minimum}")
    return value


def prepare(
    args: argparse.Namespace,
    scenarios: list,
    replications: int,
    seed: int,
    workers: int | None,
    overrides: dict[str, Any],
    out: Path,
    lang: str,
) -> dict[str, Any] | None:
    """Check a robust request, print what it costs, refuse it above the budget.

    Args:
        args: The parsed arguments.
        scenarios: The compared scenarios (validated, steps applied).
        replications: Replications per world (and at the defaults).
        seed: Base seed.
        workers: Local workers (None = all cores).
        overrides: ``--set`` values (held fixed, never sampled).
        out: The output folder; the worlds are stored in ``out/robust``.
        lang: Language of the messages.

    Returns:
        The ``robust_options`` for `bpsim.compare`, or None without ``--uncertainty``.

    Raises:
        UsageError: For bad input, or an estimate above the budget without ``--yes``.
    """
    given = [f for f, v in (("--vary", args.vary), ("--resume", args.resume),
                            ("--dask", args.dask)) if v]  # fmt: skip
    if args.uncertainty is None:
        if given:
            raise UsageError(f"{', '.join(given)} need --uncertainty N")
        if args.budget is not None:
            from bpsim.machinery.cost import parse_budget

            parse_budget(args.budget)  # checked, though only robust requests are costed here
        return None
    from bpsim.machinery.cost import duration, measure_run_seconds, parse_budget

    # The numbers first: the robust comparison's machinery (pandas, the sweep) comes after.
    worlds = _whole(args.uncertainty, "--uncertainty", 2)
    budget = parse_budget(args.budget or DEFAULT_BUDGET)
    from bpsim.comparison.robust import (
        check_budget,
        estimate_cost,
        experiment,
        parse_range_items,
        resolve_ranges,
    )
    from bpsim.experiment.design import make_plan
    from bpsim.machinery.execution import cpu_count
    from bpsim.machinery.store import OK, Store

    ranges, held = resolve_ranges(
        parse_range_items(args.vary) if args.vary else None, scenarios, tuple(overrides)
    )
    store = out / "robust"
    plan = make_plan(
        experiment(scenarios, ranges, worlds=worlds, replications=replications, seed=seed,
                   held=held)
    )  # fmt: skip
    todo = len(plan.run_ids)
    if Store.exists(store):
        if not args.resume:
            raise UsageError(
                f"'{store}' already holds a robust comparison; pass --resume to continue it, "
                "or choose another --out"
            )
        stored = Store.open(store)
        if stored.provenance.get("plan_sha256") != plan.sha256:
            raise UsageError(
                f"--resume: '{store}' holds other worlds (other scenarios, ranges, --uncertainty, "
                "--replications or --seed); give the same request, or choose another --out"
            )
        done = {rid for rid, st in stored.status().items() if st == OK}
        todo = sum(1 for rid in plan.run_ids if rid not in done)
    extra = replications * len(scenarios)
    slots = workers or cpu_count()
    per_run = measure_run_seconds(scenarios[0], int(scenarios[0]["steps"]))
    cost = estimate_cost(todo + extra, per_run, slots)
    print(
        i18n.text(
            "term_robust_cost", lang, runs=todo + extra, worlds=worlds, scenarios=len(scenarios),
            r=replications, extra=i18n.text("term_robust_extra", lang, n=extra),
            per=i18n.number(per_run, 2, lang),
            slots=slots, time=duration(cost.seconds, lang),
        ),
        flush=True,
    )  # fmt: skip
    check_budget(cost, budget, args.yes)
    bar = _WorldsProgress(lang)
    return {
        "store": store, "ranges": dict(ranges), "resume": args.resume, "dask": args.dask,
        "on_start": bar.start, "on_result": bar.advance, "on_done": bar.stop,
    }  # fmt: skip


class _WorldsProgress:
    """A progress bar for the worlds, started once the engine is up.

    Its drawing thread must come after the worker processes (see
    `bpsim.machinery.execution.start_method`), so it starts in the sweep's ``on_start``.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.progress = None
        self.task = None

    def start(self, todo: int) -> None:
        from rich.console import Console

        from bpsim.machinery.execution import progress_bar

        self.progress = progress_bar(console=Console(stderr=True))
        self.progress.start()
        self.task = self.progress.add_task(i18n.text("robust_progress", self.lang), total=todo)

    def advance(self, row: dict) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def finish(result, out: Path, lang: str) -> None:
    """Print the share-of-worlds table of a finished robust comparison."""
    if result.robust is None:
        return  # before the import: the robust report's machinery takes most of a second
    from bpsim.comparison.robust_report import print_table

    print_table(result.robust, lang)
    print(i18n.text("term_robust_store", lang, path=out / "robust"))


def stored(folder: Path):
    """The robust comparison stored with an earlier comparison in `folder`, or None."""
    from bpsim.comparison.robust import analyse, is_robust_store

    return analyse(folder / "robust") if is_robust_store(folder / "robust") else None
