"""Several scenarios, each run with several seeds in lockstep, for the Compare tab.

A `Workbench` holds one model per scenario and seed. Every scenario gets the same
seeds, the seeds `bpsim compare --seed S --replications N` uses
(`bpsim.core.seeds.replication_seeds`), so replication *i* of every scenario starts from
the same neighbourhood (common random numbers) and the dashboard's bands can be
checked against the command line's. The bands themselves are computed by
`bpsim.comparison.paired.trajectory_summary`, the function behind the compare report's
trajectory figure, so "mean and middle 95% of runs" means the same in both.

The Compare tab steps a workbench from a background thread while the page reads
it; `lock` keeps a reader from seeing a week half simulated. Models are built on
the first step, not when the workbench is made, so choosing scenarios costs
nothing until the visitor runs them. Nothing here reads or writes files.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bpsim.comparison.paired import trajectory_summary
from bpsim.core.model import NeighbourhoodModel
from bpsim.core.outcomes import ALL_OUTCOMES
from bpsim.core.scenario import Scenario
from bpsim.core.seeds import replication_seeds
from bpsim.dashboard.simulation import apply_from_now, next_week, with_change

#: Scenarios one workbench compares at most, and runs per scenario at most (every
#: run is a whole model in this session's memory; for more runs use `bpsim compare`).
MAX_SCENARIOS = 4
MAX_RUNS = 20


@dataclass(frozen=True)
class Entry:
    """One scenario on the workbench.

    Attributes:
        label: Its name in legends and tables (unique on the workbench).
        scenario: The validated parameters.
    """

    label: str
    scenario: Scenario


class Workbench:
    """Runs of 2-4 scenarios x `runs` seeds that step week by week together.

    Args:
        entries: The scenarios, the reference first (it takes the first colour).
        runs: Runs (seeds) per scenario.
        seed: The base seed; run *i* uses ``replication_seed(seed, i)``.

    Attributes:
        lock: Held while models step, are rebuilt, or are read.
    """

    def __init__(self, entries: Sequence[Entry], runs: int = 5, seed: int = 0) -> None:
        self.lock = threading.RLock()
        self._configure(entries, runs, seed)

    def _configure(self, entries: Sequence[Entry], runs: int, seed: int) -> None:
        labels = [e.label for e in entries]
        if len(set(labels)) != len(labels):
            raise ValueError(f"scenario labels must be unique, got {labels}")
        if not 1 <= len(entries) <= MAX_SCENARIOS:
            raise ValueError(f"a workbench holds 1 to {MAX_SCENARIOS} scenarios")
        if not 1 <= runs <= MAX_RUNS:
            raise ValueError(f"runs: value {runs} is not allowed; allowed: 1 to {MAX_RUNS}")
        self.entries = tuple(entries)
        self.runs = runs
        self.seed = seed
        self.seeds = tuple(replication_seeds(seed, runs))
        self._models: list[list[NeighbourhoodModel]] | None = None

    def reset(
        self,
        entries: Sequence[Entry] | None = None,
        runs: int | None = None,
        seed: int | None = None,
    ) -> None:
        """Back to week 0, optionally with other scenarios, run count or base seed."""
        with self.lock:
            self._configure(
                self.entries if entries is None else entries,
                self.runs if runs is None else runs,
                self.seed if seed is None else seed,
            )

    @property
    def labels(self) -> list[str]:
        """The scenarios' labels, the reference first."""
        return [e.label for e in self.entries]

    @property
    def horizon(self) -> int:
        """Weeks of the shortest scenario: all step together, so all stop there."""
        return min(int(e.scenario["steps"]) for e in self.entries)

    @property
    def week(self) -> int:
        """Weeks simulated so far (the same for every run)."""
        with self.lock:
            return 0 if self._models is None else int(self._models[0][0].steps)

    @property
    def finished(self) -> bool:
        """Whether the runs have reached the horizon."""
        return self.week >= self.horizon

    def _build(self) -> list[list[NeighbourhoodModel]]:
        if self._models is None:
            self._models = [
                [NeighbourhoodModel(e.scenario, rng=s) for s in self.seeds] for e in self.entries
            ]
        return self._models

    def apply_levers(self, index: int, levers: dict[str, float]) -> int:
        """Scenario `index` takes these lever values from the next week on, in every run.

        Its entry gets the timeline entry (so its change markers and downloads show
        it); the other scenarios' runs are untouched.

        Returns:
            The week of the change (the next one simulated).

        Raises:
            ScenarioError: If a value is not allowed or the runs have ended.
        """
        with self.lock:
            models = self._build()
            week = next_week(models[index][0])
            entry = self.entries[index]
            scenario = with_change(entry.scenario, week, levers)
            for model in models[index]:
                apply_from_now(model, scenario)
            entries = list(self.entries)
            entries[index] = Entry(entry.label, scenario)
            self.entries = tuple(entries)
            return week

    def step(self, weeks: int = 1) -> None:
        """Simulate `weeks` more weeks in every run, never past the horizon."""
        with self.lock:
            models = self._build()
            for _ in range(max(0, min(weeks, self.horizon - self.week))):
                for row in models:
                    for model in row:
                        model.step()

    def timeseries(self, outcomes: Sequence[str] = ALL_OUTCOMES) -> pd.DataFrame:
        """Every run's weekly values, in the long form of `Comparison.timeseries`.

        Returns:
            Columns ``scenario``, ``replication``, ``seed``, ``step`` and one per
            outcome; week 0 (the initial state) included. Before the first step,
            week 0 of every run (the models are built for it).
        """
        with self.lock:
            models = self._build()
            parts = []
            for entry, row in zip(self.entries, models, strict=True):
                for i, (seed, model) in enumerate(zip(self.seeds, row, strict=True)):
                    columns = model.datacollector.model_vars
                    frame = pd.DataFrame(
                        {n: np.asarray(columns[n], dtype=float) for n in outcomes if n in columns}
                    )
                    frame.insert(0, "step", np.arange(len(frame)))
                    frame.insert(0, "seed", seed)
                    frame.insert(0, "replication", i)
                    frame.insert(0, "scenario", entry.label)
                    parts.append(frame)
        return pd.concat(parts, ignore_index=True)

    def bands(self, outcomes: Sequence[str] = ALL_OUTCOMES) -> pd.DataFrame:
        """Mean and middle-95% band over the runs, per scenario, week and outcome.

        Returns:
            The table of `bpsim.comparison.paired.trajectory_summary`: ``scenario``,
            ``step``, ``outcome``, ``mean``, ``low``, ``high``, ``n``.
        """
        return trajectory_summary(self.timeseries(outcomes))
