"""One-at-a-time robustness: does each pattern still hold at a parameter's low and high values?"""

from __future__ import annotations

from dataclasses import dataclass

from bpsim.core.scenario import UNCERTAIN, Scenario
from bpsim.validation.checks import CHECKS, Check
from bpsim.validation.evaluate import CheckResult
from bpsim.validation.runner import run_checks

#: Values each lever is tried at: a policy choice, not an uncertainty, so levers have no
#: range in `bpsim.core.scenario.UNCERTAIN`; these are the choices a policy could plausibly make.
LEVER_RANGES: dict[str, tuple[float, float]] = {
    "rule_burden": (0.4, 0.9),
    "freedom_of_movement": (0.2, 0.8),
    "personal_component": (0.1, 0.6),
    "scouting": (0.0, 0.5),
    "training": (0.0, 0.5),
    "professional_learning": (0.2, 0.9),
    "rule_reflex": (0.2, 0.8),
}
#: The assumptions whose plausible range the robustness table tries (the main ones, so
#: the table stays affordable); their low and high values come from `UNCERTAIN`.
ASSUMPTIONS_TRIED: tuple[str, ...] = (
    "need_onset_rate",
    "entitled_share",
    "seek_rate",
    "step_difficulty",
    "eligibility_error",
    "stress_capacity_effect",
    "staff_hours",
    "best_person_hours",
    "blocked_drain",
    "discretion_error",
    "audit_rate",
)
#: Plausible low and high values per lever and main parameter.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    **LEVER_RANGES,
    **{
        name: (UNCERTAIN[name].low, UNCERTAIN[name].high)
        for name in ASSUMPTIONS_TRIED
        if name in UNCERTAIN
    },
}

HOLDS = "holds"  #: every criterion's interval clears its bound
WEAK = "weak"  #: every estimate points the required way, but some interval does not clear
FAILS = "fails"  #: some estimate points the wrong way
NOT_APPLICABLE = "n/a"  #: the check sets this parameter itself


def verdict(result: CheckResult) -> str:
    """HOLDS, WEAK or FAILS for one check's result."""
    if result.passed:
        return HOLDS
    for r in result.results:
        c = r.criterion
        if c.kind == "level":
            if not c.low <= r.estimate <= c.high:
                return FAILS
        elif (r.estimate - c.threshold) * c.direction <= 0:
            return FAILS
    return WEAK


@dataclass(frozen=True)
class RobustnessRow:
    """Verdicts of every check with one parameter set to one value."""

    parameter: str
    value: float
    side: str
    verdicts: dict[str, str]


def robustness(
    base: Scenario,
    checks: tuple[Check, ...] = CHECKS,
    parameters: dict[str, tuple[float, float]] | None = None,
    replications: int = 6,
    steps: int | None = None,
    seed: int = 0,
    workers: int = 1,
    show_progress: bool = False,
) -> list[RobustnessRow]:
    """Re-run the checks with each parameter at its low and at its high plausible value."""
    rows = []
    for name, (low, high) in (parameters or PLAUSIBLE).items():
        for side, value in (("low", low), ("high", high)):
            varied = base.with_overrides({name: value})
            applicable = tuple(c for c in checks if name not in c.levers)
            done = run_checks(
                varied, applicable, replications, steps, seed, workers, show_progress,
                description=f"robustness {name}={value:g}",
            )  # fmt: skip
            verdicts = {c.id: NOT_APPLICABLE for c in checks}
            verdicts.update({r.check.id: verdict(r) for r in done.results})
            rows.append(RobustnessRow(name, value, side, verdicts))
    return rows
