"""What a comparison is asked for, and its checks, without the comparison's machinery.

The default pair of scenario files, the precision target, and the checks that scenarios
can be compared or a folder redrawn live here, apart from `bpsim.comparison.paired`
(which imports pandas, scipy and the model to run them), so that ``bpsim compare``
refuses a bad request as quickly as ``bpsim --help`` answers. `bpsim.comparison.compare`
and `load_comparison` make the same checks with the same functions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bpsim.core.outcomes import OUTCOMES
from bpsim.core.scenario import Scenario, ScenarioError
from bpsim.machinery.errors import UsageError
from bpsim.machinery.provenance import PACKAGE_DIR

#: Scenario files compared when none are given: the reference first.
DEFAULT_SCENARIOS: tuple[str, ...] = ("scenarios/restricted.toml", "scenarios/open.toml")


@dataclass(frozen=True)
class Precision:
    """How narrow the intervals of the paired differences must be.

    Attributes:
        standardised: Largest half-width in standard deviations of the outcome
            between runs (the `spread` of `PairedDifference`), for every contract
            outcome without an absolute target; None for no such target.
        absolute: Largest half-width in the outcome's own units, per outcome
            (e.g. ``{"take_up": 0.01}`` for +/- one percentage point).
    """

    standardised: float | None = None
    absolute: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checks = [("precision", self.standardised)] if self.standardised is not None else []
        checks += [(f"precision for '{k}'", v) for k, v in self.absolute.items()]
        for what, target in checks:
            if isinstance(target, bool) or not isinstance(target, int | float):
                raise UsageError(f"{what}: value {target!r} is not a number; allowed: > 0")
            if not (math.isfinite(target) and target > 0):
                raise UsageError(f"{what}: value {target} is not allowed; allowed: a number > 0")
        for name in self.absolute:
            if name not in OUTCOMES:
                raise UsageError(
                    f"precision: unknown outcome '{name}'; allowed: {', '.join(OUTCOMES)}"
                )
        if self.standardised is None and not self.absolute:
            raise UsageError("precision: no target given; allowed: a number > 0 or NAME=X")

    def target(self, outcome: str, spread: float) -> float | None:
        """Wanted half-width of `outcome` in its own units, or None if not chosen."""
        if outcome in self.absolute:
            return float(self.absolute[outcome])
        if self.standardised is None:
            return None
        return self.standardised * spread


def default_scenario_files() -> list[Path]:
    """The default pair, from ``scenarios/`` in the working folder or the checkout.

    Raises:
        UsageError: If neither folder has them.
    """
    # Relative paths when found in the working folder: they read better in reports.
    for root in (Path(), PACKAGE_DIR.parent):
        paths = [root / p for p in DEFAULT_SCENARIOS]
        if all(p.is_file() for p in paths):
            return paths
    raise UsageError(
        f"no scenarios given and {' and '.join(DEFAULT_SCENARIOS)} were not found here; "
        "give the scenario files to compare"
    )


def check_stored(folder: Path) -> None:
    """Check that `folder` holds the files of a comparison written earlier (its ``--out``).

    Raises:
        UsageError: If one is missing.
    """
    for name in (
        "provenance.json", "replications.parquet", "timeseries.parquet",
        "trajectories.parquet", "differences.csv",
    ):  # fmt: skip
        if not (folder / name).is_file():
            raise UsageError(
                f"'{folder}' has no {name}; it must be an --out folder of bpsim compare"
            )


def unique_names(scenarios: list[Scenario]) -> list[Scenario]:
    """The scenarios, a repeated name numbered (``baseline``, ``baseline-2``).

    Two files with the same `name` would merge in the tables.
    """
    seen: dict[str, int] = {}
    out = []
    for sc in scenarios:
        count = seen.get(sc.name, 0) + 1
        seen[sc.name] = count
        if count > 1:
            dutch = f"{sc.name_nl}-{count}" if sc.name_nl else ""
            sc = sc.with_overrides({}, name=f"{sc.name}-{count}").model_copy(
                update={"name_nl": dutch}
            )
        out.append(sc)
    return out


def common_steps(scenarios: list[Scenario], steps: int | None) -> int:
    """The weeks every run lasts: `steps` if given, else the scenarios' own, which must agree.

    Raises:
        ScenarioError: For `steps` that is not a whole number from 1 to 5200.
        UsageError: If the scenarios run for different numbers of weeks.
    """
    if steps is not None:
        if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= 5200:
            raise ScenarioError(
                f"steps: value {steps!r} is not allowed; allowed: a whole number from 1 to 5200"
            )
        return steps
    weeks = {sc.name: int(sc["steps"]) for sc in scenarios}
    if len(set(weeks.values())) > 1:
        listed = ", ".join(f"{k}: {v}" for k, v in weeks.items())
        raise UsageError(
            f"scenarios run for different numbers of weeks ({listed}); "
            "give the same 'steps' to compare them at the same week"
        )
    return next(iter(weeks.values()))
