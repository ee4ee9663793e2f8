"""A run shown by the Explore tab (Compare runs many: see `bpsim.dashboard.workbench`).

A `Simulation` owns one `NeighbourhoodModel` and a lock. The lock matters because
Play steps the model in a background thread while the page may draw it or the
visitor may press Reset; drawing half-updated arrays would show a week that never
existed. Each browser session creates its own simulations (see the pages), so
visitors never share a model.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np

from bpsim.core.model import NeighbourhoodModel
from bpsim.core.scenario import Scenario


def with_change(scenario: Scenario, week: int, levers: dict[str, float]) -> Scenario:
    """The scenario with `levers` taking these values from `week` on: a timeline entry.

    An entry the timeline already has for that week takes the new values too (one
    entry per week); later entries stay, so the scenario's own later changes still
    happen.

    Raises:
        ScenarioError: If a value or the week is not allowed.
    """
    tables = scenario.timeline_tables()
    for table in tables:
        if table["week"] == week:
            table.update(levers)
            break
    else:
        tables = sorted([*tables, {"week": week, **levers}], key=lambda t: t["week"])
    return scenario.with_timeline(tables)


def next_week(model: NeighbourhoodModel) -> int:
    """The week the model simulates next (timeline weeks count from 1, the first simulated)."""
    return int(model.steps) + 1


def apply_from_now(model: NeighbourhoodModel, scenario: Scenario) -> None:
    """Give a running model `scenario`, whose timeline gained an entry at its next week.

    The entry's levers take effect at once through the model's own `apply_levers`
    (the next step applies them again from the timeline, to the same values, as it
    would in a run of `scenario` from week 0). The model's scenario is replaced too,
    so what reads it (the plots' change markers, the downloads) sees the timeline.
    """
    model.params = scenario
    model.changes = {c.week: c.levers for c in scenario.timeline}
    week = next_week(model)
    if week in model.changes:
        model.apply_levers(model.changes[week])


class Simulation:
    """One run of one scenario and seed, stepped week by week.

    Args:
        scenario: The validated parameters.
        seed: Seed of the run.

    Attributes:
        scenario: The scenario of the current model.
        seed: Its seed.
        model: The current model.
        lock: Held while the model steps, is rebuilt, or is read for drawing.
    """

    def __init__(self, scenario: Scenario, seed: int = 0) -> None:
        self.lock = threading.RLock()
        self.scenario = scenario
        self.seed = seed
        self.model = NeighbourhoodModel(scenario, rng=seed)

    @property
    def week(self) -> int:
        """Weeks simulated so far."""
        return int(self.model.steps)

    @property
    def horizon(self) -> int:
        """Weeks in a full run of the scenario (its ``steps`` parameter)."""
        return int(self.scenario["steps"])

    @property
    def finished(self) -> bool:
        """Whether the run has reached the scenario's horizon."""
        return self.week >= self.horizon

    def reset(self, scenario: Scenario | None = None, seed: int | None = None) -> None:
        """Start again at week 0, optionally with another scenario or seed."""
        model = NeighbourhoodModel(
            scenario if scenario is not None else self.scenario,
            rng=self.seed if seed is None else seed,
        )
        # Built outside the lock (it takes tens of milliseconds); swapped in under it.
        with self.lock:
            self.model = model
            if scenario is not None:
                self.scenario = scenario
            if seed is not None:
                self.seed = seed

    def apply_from_now(self, levers: dict[str, float]) -> int:
        """The levers take these values from the next week on; the run continues.

        Returns:
            The week of the change (the timeline entry's week: the next one simulated).

        Raises:
            ScenarioError: If a value is not allowed or the run has ended.
        """
        with self.lock:
            week = next_week(self.model)
            scenario = with_change(self.scenario, week, levers)
            apply_from_now(self.model, scenario)
            self.scenario = scenario
            return week

    def step(self, weeks: int = 1) -> None:
        """Simulate `weeks` more weeks, never past the horizon."""
        with self.lock:
            for _ in range(min(weeks, self.horizon - self.week)):
                self.model.step()

    def history(self, names: Iterable[str]) -> dict[str, np.ndarray]:
        """Weekly values of outcomes (week 0 = the initial state), by name."""
        with self.lock:
            columns = self.model.datacollector.model_vars
            return {name: np.asarray(columns[name], dtype=float) for name in names}
