"""The cost guard: say what a batch of runs will cost before it starts, and ask if it is big.

Sweeps, validation and robust comparisons can ask for thousands or millions of
runs. Before the first run each prints its run count and an estimate of the wall
time, and one estimated above `CONFIRM_SECONDS` starts only when the user says so:
``--yes`` on the command line, or "y" at the prompt when a person is at a
terminal. Without a terminal (a batch job, CI) and without ``--yes`` it is refused
with one line, so a typo that asks for two million runs never quietly occupies a
cluster for a month.

The estimate scales one run's time by households x weeks: ``SETUP_SECONDS +
SECONDS_PER_HOUSEHOLD_WEEK * households * steps`` per run, measured on a 2-core
development machine (300 households x 40 weeks: 0.10 s; 2,000 x 260: 0.83 s;
4,000 x 260: 1.27 s, one process, with other work on the machine), then divided by
the workers. Callers that have measured their own runs (a resumed sweep) pass the
measured mean instead.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from bpsim.errors import UsageError

#: Fixed seconds of one run (building the neighbourhood, the networks).
SETUP_SECONDS = 0.1
#: Seconds per household and simulated week, on top of the setup.
SECONDS_PER_HOUSEHOLD_WEEK = 1.3e-6
#: Estimated wall time above which a batch needs ``--yes`` (or a "y" at the prompt).
CONFIRM_SECONDS = 30 * 60


def run_seconds(households: int, steps: int) -> float:
    """Estimated seconds of one run of `households` households for `steps` weeks."""
    return SETUP_SECONDS + SECONDS_PER_HOUSEHOLD_WEEK * households * steps


def duration(seconds: float) -> str:
    """Seconds in words a planner reads at a glance: ``40 s``, ``12 min``, ``3.5 h``, ``9 days``."""
    if seconds < 90:
        return f"{max(1, math.ceil(seconds))} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    days = seconds / 86400
    return f"{days:.1f} days" if days < 10 else f"{days:,.0f} days"


@dataclass(frozen=True)
class Estimate:
    """What a batch of runs costs.

    Attributes:
        runs: Runs to do.
        per_run: Seconds per run (estimated or measured).
        workers: Runs at once.
        measured: Whether `per_run` was measured on these runs (else estimated).
    """

    runs: int
    per_run: float
    workers: int = 1
    measured: bool = False

    @property
    def seconds(self) -> float:
        """Estimated wall time: runs in waves of `workers`."""
        return math.ceil(self.runs / max(1, self.workers)) * self.per_run

    def line(self, what: str) -> str:
        """One line: the count, the time per run and the estimated wall time."""
        how = "measured" if self.measured else "estimated"
        on = f"{self.workers} workers" if self.workers > 1 else "1 worker"
        return (
            f"{what}: {self.runs:,} runs x {self.per_run:.2f} s ({how}) on {on}: "
            f"about {duration(self.seconds)}"
        )


def estimate(runs: int, households: int, steps: int, workers: int = 1) -> Estimate:
    """The `Estimate` of `runs` runs of one size, from the benchmark figures above."""
    return Estimate(runs, run_seconds(households, steps), workers)


def confirm(
    what: str,
    cost: Estimate,
    yes: bool,
    *,
    threshold: float = CONFIRM_SECONDS,
    out: TextIO | None = None,
    stdin: TextIO | None = None,
    ask: Callable[[str], str] | None = None,
) -> None:
    """Print the cost of a batch; above `threshold` seconds go on only if the user agrees.

    Args:
        what: What the runs are for, e.g. ``"sweep 'levers_sobol'"``.
        cost: The batch's estimate.
        yes: ``--yes`` was given: go on without asking.
        threshold: Estimated wall seconds above which agreement is needed.
        out: Where to print (default stdout).
        stdin: Where an answer would come from (default stdin); asked only if it is
            a terminal.
        ask: The prompt function (default `input`).

    Raises:
        UsageError: If the batch is over the threshold and the user did not agree
            (no ``--yes`` and no terminal, or an answer other than yes).
    """
    out = sys.stdout if out is None else out
    stdin = sys.stdin if stdin is None else stdin
    print(cost.line(what), file=out, flush=True)
    if cost.seconds <= threshold or yes:
        return
    limit = duration(threshold)
    if not (stdin is not None and stdin.isatty()):
        raise UsageError(
            f"{what}: {cost.runs:,} runs would take about {duration(cost.seconds)}, more "
            f"than {limit}; pass --yes to start it (or use fewer runs or more workers)"
        )
    try:
        answer = (ask or input)(f"That is more than {limit}. Start it? [y/N] ")
    except EOFError:  # Ctrl-D at the prompt: no
        answer = ""
    if answer.strip().lower() not in ("y", "yes", "j", "ja"):
        raise UsageError(f"{what}: not started (answer was not yes)")
