"""The public API: run one scenario with one seed and get its outcomes as data.

`run` is a plain function that any exploratory-modelling tool (EMA Workbench,
SALib, a notebook) can call; the CLI, dashboard, comparisons and sweeps are built
on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from bpsim.core.model import NeighbourhoodModel
from bpsim.core.outcomes import ALL_OUTCOMES, OUTCOMES
from bpsim.core.scenario import Scenario, ScenarioError, default_scenario, load_scenario

if TYPE_CHECKING:
    from bpsim.core.agents import Neighbourhood
    from bpsim.core.outcomes import Measured

    # The model's parts name only what they read of it, as Protocols (so none imports the
    # model): its agents and workforce (`Neighbourhood`) and its outcomes (`Measured`).
    # mypy checks here that the model offers all of it, with those types. (Here, not in
    # model.py, while pyproject.toml still excuses model.py's own errors.)
    _PARTS_READ: tuple[type[Neighbourhood], type[Measured]] = (
        NeighbourhoodModel,
        NeighbourhoodModel,
    )


@dataclass(frozen=True)
class RunResult:
    """The outcome of one run.

    Attributes:
        scenario: The scenario that was run.
        seed: Its seed.
        steps: Weeks simulated.
        timeseries: One row per week (index ``step``, 0 = the initial state), one
            column per outcome (contract outcomes first, then the extra ones).
        final: Outcomes of the last week.
    """

    scenario: Scenario
    seed: int
    steps: int
    timeseries: pd.DataFrame = field(repr=False)

    @property
    def final(self) -> dict[str, float]:
        """Outcomes of the last week, by name."""
        return {k: float(v) for k, v in self.timeseries.iloc[-1].items()}

    @property
    def contract(self) -> dict[str, float]:
        """Final values of the contract outcomes only."""
        final = self.final
        return {k: final[k] for k in OUTCOMES}


def resolve_scenario(
    scenario: Scenario | str | Path | Mapping[str, Any] | None,
    overrides: Mapping[str, Any] | None = None,
) -> Scenario:
    """Turn a scenario, a file path, a mapping of values or None into a validated `Scenario`."""
    if scenario is None:
        base = default_scenario()
    elif isinstance(scenario, Scenario):
        base = scenario
    elif isinstance(scenario, str | Path):
        base = load_scenario(scenario)
    elif isinstance(scenario, Mapping):
        base = Scenario.from_mapping(scenario)
    else:
        raise ScenarioError(
            f"scenario: value of type {type(scenario).__name__} is not allowed; "
            "allowed: a Scenario, a file path, or a mapping of parameter values"
        )
    return base.with_overrides(overrides) if overrides else base


def run(
    scenario: Scenario | str | Path | Mapping[str, Any] | None = None,
    seed: int = 0,
    steps: int | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> RunResult:
    """Run the model once.

    Args:
        scenario: A `Scenario`, a scenario file, a mapping of parameter values, or
            None for the defaults.
        seed: Seed; the same scenario and seed give identical results.
        steps: Weeks to simulate (default: the scenario's ``steps``).
        overrides: Parameter values that replace the scenario's, validated.

    Returns:
        The run's outcome time series and final outcomes.

    Raises:
        ScenarioError: For an invalid scenario, override, seed or number of steps.
    """
    sc = resolve_scenario(scenario, overrides)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ScenarioError(f"seed: value {seed!r} is not allowed; allowed: a whole number >= 0")
    if steps is None:
        steps = int(sc["steps"])
    elif isinstance(steps, bool) or not isinstance(steps, int) or not 0 <= steps <= 5200:
        raise ScenarioError(
            f"steps: value {steps!r} is not allowed; allowed: a whole number from 0 to 5200"
        )
    model = NeighbourhoodModel(sc, rng=seed)
    for _ in range(steps):
        model.step()
    frame = pd.DataFrame(model.datacollector.model_vars, columns=list(ALL_OUTCOMES))
    frame.index.name = "step"
    return RunResult(scenario=sc, seed=seed, steps=steps, timeseries=frame)
