"""Running the validation experiments: every arm, replicated with common random numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from bpsim.core.api import run
from bpsim.core.outcomes import ALL_OUTCOMES
from bpsim.core.scenario import Scenario, population
from bpsim.core.seeds import replication_seeds
from bpsim.machinery.execution import map_runs
from bpsim.validation.checks import ARMS, CHECKS, EARLY_WEEK, Check, arms_needed
from bpsim.validation.evaluate import CheckResult, early, evaluate


def run_arm(scenario: Scenario, seed: int, steps: int) -> dict[str, float]:
    """One run: final outcomes plus each outcome at week EARLY_WEEK."""
    ts = run(scenario, seed=seed, steps=steps).timeseries
    row = {k: float(v) for k, v in ts.iloc[-1].items()}
    at = ts.iloc[min(EARLY_WEEK, len(ts) - 1)]
    row.update({early(k): float(at[k]) for k in ALL_OUTCOMES})
    return row


def best_person_share(scenario: Scenario) -> float:
    """Best persons' share of the population (households, workers and best persons)."""
    counts = population(scenario.params)
    bp = sum(v for k, v in counts.items() if k != "workers")
    return bp / (scenario["n_households"] + counts["workers"] + bp)


@dataclass
class Validation:
    """Results of a validation run.

    Attributes:
        base: The baseline scenario the arms change.
        replications: Replications per arm.
        steps: Weeks per run.
        seed: Base seed.
        seeds: Seeds of replications 0..n-1 (the same in every arm).
        runs: Per arm, one row per replication.
        results: Per check, its result.
    """

    base: Scenario
    replications: int
    steps: int
    seed: int
    seeds: list[int]
    runs: dict[str, pd.DataFrame]
    results: list[CheckResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every check passed, or failed as a known failure."""
        return not self.unexpected

    @property
    def unexpected(self) -> list[CheckResult]:
        """Checks that failed without being known failures."""
        return [r for r in self.results if not r.passed and not r.check.known_failure]


def arm_scenario(base: Scenario, arm: str, pin: dict | None = None) -> Scenario:
    """The baseline with an arm's changes, then `pin` (values no arm may change)."""
    return base.with_overrides({**ARMS[arm], **(pin or {})}, name=arm)


def run_checks(
    base: Scenario,
    checks: tuple[Check, ...] = CHECKS,
    replications: int = 20,
    steps: int | None = None,
    seed: int = 0,
    workers: int = 1,
    show_progress: bool = False,
    description: str = "validation runs",
    pin: dict | None = None,
) -> Validation:
    """Run the arms the checks need and evaluate every check.

    Args:
        base: Baseline scenario (arms are changes on it).
        checks: Checks to run.
        replications: Replications per arm (>= 2).
        steps: Weeks per run (default: the scenario's).
        seed: Base seed; replication i uses the same seed in every arm.
        workers: Local processes.
        show_progress: Draw a progress bar.
        description: Label of the progress bar.
        pin: Parameter values applied after each arm's changes. Pinning the lever a
            check varies disconnects it from the model - used to show a check fails
            when its mechanism is switched off.

    Returns:
        The runs and each check's result.
    """
    if replications < 2:
        raise ValueError("validation needs at least 2 replications")
    steps = int(base["steps"]) if steps is None else steps
    seeds = replication_seeds(seed, replications)
    arms = arms_needed(checks)
    scenarios = {arm: arm_scenario(base, arm, pin) for arm in arms}
    jobs = [((arm, i), (scenarios[arm], s, steps)) for arm in arms for i, s in enumerate(seeds)]
    rows = map_runs(run_arm, jobs, workers, description, show_progress)
    runs = {arm: pd.DataFrame([rows[(arm, i)] for i in range(replications)]) for arm in arms}
    share = best_person_share(base)
    out = Validation(base, replications, steps, seed, seeds, runs)
    out.results = [evaluate(c, runs, share) for c in checks]
    return out
