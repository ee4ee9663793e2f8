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
the workers. Callers that have measured their own runs pass the measured time
instead: a resumed sweep its stored runs' mean, a robust comparison a short probe
run (`measure_run_seconds`).

Besides the confirmation rule, a request may carry a budget (``--budget`` of
``bpsim compare --uncertainty``): `parse_budget` reads it, `check_budget` refuses an
estimate above it unless told to go on.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from bpsim.machinery.errors import UsageError
from bpsim.machinery.i18n import number

if TYPE_CHECKING:
    from bpsim.core.scenario import Scenario

#: Fixed seconds of one run (building the neighbourhood, the networks).
SETUP_SECONDS = 0.1
#: Seconds per household and simulated week, on top of the setup.
SECONDS_PER_HOUSEHOLD_WEEK = 1.3e-6
#: Estimated wall time above which a batch needs ``--yes`` (or a "y" at the prompt).
CONFIRM_SECONDS = 30 * 60


def run_seconds(households: int, steps: int) -> float:
    """Estimated seconds of one run of `households` households for `steps` weeks."""
    return SETUP_SECONDS + SECONDS_PER_HOUSEHOLD_WEEK * households * steps


def duration(seconds: float, lang: str = "en") -> str:
    """Seconds in words a planner reads at a glance: ``40 s``, ``12 min``, ``3.5 h``, ``9 days``.

    In Dutch (``lang="nl"``) with a decimal comma and ``dagen``.
    """
    if seconds < 90:
        return f"{max(1, math.ceil(seconds))} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{number(seconds / 3600, 1, lang)} h"
    days = seconds / 86400
    word = "dagen" if lang == "nl" else "days"
    return f"{number(days, 1 if days < 10 else 0, lang)} {word}"


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


def measure_run_seconds(scenario: Scenario, steps: int, probe_steps: int = 10) -> float:
    """Seconds one full run of `scenario` takes here, measured on a short probe.

    Times building the model (0 steps) and `probe_steps` weeks, and extrapolates the
    weekly cost to `steps` weeks, so the estimate costs a fraction of one run.
    """
    from bpsim.core.api import run

    probe = max(1, min(steps, probe_steps))
    t0 = time.perf_counter()
    run(scenario, seed=0, steps=0)
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    run(scenario, seed=0, steps=probe)
    stepped = time.perf_counter() - t1
    per_week = max(stepped - build, 0.0) / probe
    return build + per_week * steps


def parse_budget(text: str | None, flag: str = "--budget") -> float | None:
    """Parse a budget: seconds, or a number with ``s``, ``m`` or ``h`` (e.g. 10m).

    Raises:
        UsageError: If it is not of that form or not above zero.
    """
    if text is None:
        return None
    scale = {"s": 1.0, "m": 60.0, "h": 3600.0}
    body, unit = (text[:-1], text[-1]) if text and text[-1] in scale else (text, "s")
    try:
        value = float(body) * scale[unit]
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise UsageError(
            f"{flag} '{text}': not allowed; allowed: a time above zero, e.g. 600, 90s, 10m, 1h"
        )
    return value


def check_budget(
    cost: Estimate,
    budget_seconds: float | None,
    go_on: bool,
    *,
    fewer: str = "use fewer runs or more workers",
    flag: str = "--budget",
) -> None:
    """Refuse a batch whose estimate exceeds the budget, unless told to go on.

    Args:
        cost: The batch's estimate.
        budget_seconds: The budget (None: no budget).
        go_on: ``--yes`` was given.
        fewer: How to ask for less, for the message.
        flag: The option that set the budget, for the message.

    Raises:
        UsageError: If the estimate is above the budget and `go_on` is False.
    """
    if budget_seconds is None or go_on or cost.seconds <= budget_seconds:
        return
    on = f"{cost.workers} workers" if cost.workers > 1 else "1 worker"
    raise UsageError(
        f"{flag} {budget_seconds:.0f} s: this request needs about {cost.seconds:.0f} s "
        f"({duration(cost.seconds)}: {cost.runs:,} runs of about {cost.per_run:.2f} s on {on}); "
        f"allowed: a request within the budget; raise {flag}, {fewer}, or pass --yes to go on"
    )


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
