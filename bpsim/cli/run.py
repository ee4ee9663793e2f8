"""``bpsim run``: one scenario, one seed; writes the time series and a figure."""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Callable
from pathlib import Path

from bpsim.cli.common import positive_int, scenario_from_args, writable_dir
from bpsim.core.names import file_stem
from bpsim.core.outcomes import OUTCOMES


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``run`` verb."""
    p = sub.add_parser(
        "run",
        help="run one scenario once and write its time series and a figure",
        description="Run one scenario with one seed; write the weekly outcomes "
        "(CSV and Parquet) and a figure of the main outcomes, and print a summary.",
    )
    p.add_argument("scenario", help="scenario file (TOML), e.g. scenarios/baseline.toml")
    p.add_argument("--seed", type=_nonneg_int, default=0, help="random seed (default 0)")
    p.add_argument("--steps", type=positive_int, default=None, help="weeks (default: scenario's)")
    p.add_argument(
        "--set", dest="assignments", action="append", default=[], metavar="NAME=VALUE",
        help="override a parameter, e.g. --set rule_burden=0.8 (repeatable)",
    )  # fmt: skip
    p.add_argument("--out", default="results/run", help="output folder (default results/run)")
    p.set_defaults(handler=handle)


def _nonneg_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is negative; allowed: 0 or more")
    return value


def handle(args: argparse.Namespace) -> int:
    """Run and write the outputs."""
    scenario = scenario_from_args(args.scenario, args.assignments)
    out = writable_dir(args.out)
    # The model and figures are imported once the input is known to be good, so that a
    # refused input is answered at once.
    from bpsim.core.api import run
    from bpsim.machinery.figures import plot_run

    result = run(scenario, seed=args.seed, steps=args.steps)
    stem = f"{file_stem(scenario.name)}-seed{args.seed}"
    ts = result.timeseries
    fig = plot_run(ts, title=f"{scenario.name} (seed {args.seed})", changes=scenario.change_weeks())
    fig_path = out / f"{stem}.png"
    _write_all(
        {
            out / f"{stem}.csv": ts.to_csv,
            out / f"{stem}.parquet": ts.to_parquet,
            fig_path: lambda p: fig.savefig(p, dpi=110, format="png"),
        }
    )
    print(_summary(result, out, fig_path))
    return 0


def _write_all(writers: dict[Path, Callable[[Path], object]]) -> None:
    """Write every file through a temporary name, then rename them all into place.

    On a full disk (or any write error) no half-written or empty output is left:
    the temporary files are removed and the error goes to the CLI's boundary.
    """
    temps = {path: path.with_name(f".{path.name}.{os.getpid()}.tmp") for path in writers}
    try:
        for path, write in writers.items():
            write(temps[path])
        for path, tmp in temps.items():
            os.replace(tmp, path)
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)


def _summary(result, out: Path, fig: Path) -> str:
    final = result.final
    lines = [
        f"bpsim run: scenario '{result.scenario.name}', seed {result.seed}, "
        f"{result.steps} weeks, {result.scenario['n_households']} households",
    ]
    changed = result.scenario.changed()
    if changed:
        lines.append(
            "  changed from defaults: " + ", ".join(f"{k}={v}" for k, v in changed.items())
        )
    from bpsim.comparison.changes import change_list

    for week, what in change_list(result.scenario):
        reached = "" if week <= result.steps else " (after the last week run)"
        lines.append(f"  from week {week}: {what}{reached}")
    lines.append("  final outcomes:")
    for name, meaning in OUTCOMES.items():
        value = final[name]
        shown = "n/a" if math.isnan(value) else f"{value:.3f}"
        lines.append(f"    {name:<26} {shown:>8}   {meaning}")
    lines.append(f"  wrote {out}/ (CSV, Parquet) and figure {fig}")
    return "\n".join(lines)
