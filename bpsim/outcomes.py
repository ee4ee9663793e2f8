"""The contract outcomes: what every run reports each week, by these names.

The first sixteen names are the project's contract (scenario files, experiments,
reports and tests outside the package depend on them); the costs of discretion and
of rules follow. Rate outcomes (take-up, time to help, hours per solved problem,
...) are computed over the last `WINDOW` (52) weeks of events, so they are
undefined (NaN) until something happens.
"""

from __future__ import annotations

import math
from collections.abc import Sequence, Sized
from typing import Protocol

import numpy as np

from bpsim.mechanisms.ties import cohesion, collective_efficacy
from bpsim.state import APPLYING, HELPED, N_QUINTILES, WAITING, WINDOW, Ledger, Residents

#: The contract outcomes, with their meaning.
OUTCOMES: dict[str, str] = {
    "take_up": "share of entitled needs granted formal help by an agency (formal take-up)",
    "take_up_low_capacity": "formal take-up, lowest capacity quintile",
    "unmet_need": "unresolved problems without help per household",
    "time_to_help": "mean weeks from need to help, for needs helped",
    "trust": "mean trust in agencies (0-1)",
    "trust_gap": "trust of the highest capacity quintile minus the lowest",
    "collective_efficacy": "neighbourhood collective efficacy (0-1)",
    "bonding_ties": "bonding ties per household",
    "bridging_ties": "bridging ties per household",
    "linking_ties": "linking ties per household",
    "worker_burnout": "mean burnout of ordinary frontline workers (0-1)",
    "worker_turnover": "share of ordinary workers who left, cumulative",
    "best_person_retention": "share of best persons still active",
    "agencies_per_household": "mean number of agencies involved per multi-problem household "
    "in contact with agencies",
    "hours_per_solved_problem": "staff and best-person hours (every kind, once) per problem "
    "solved with help",
    "wellbeing": "mean resident wellbeing / liveability index (0-1)",
    "needs_resolved": "share of needs resolved, by any route, within the take-up window",
    "solved_by_best_persons": "share of problems solved with help that best persons solved "
    "themselves (informally)",
    "wrongful_grants": "share of formal grants that went to problems not entitled",
    "treatment_gap": "formal take-up of households tied to a best person when the need arose "
    "minus that of equally capable households without such a tie",
    "incidents": "wrongful grants found by audits, per year per 1,000 households",
    "effective_rule_burden": "rule burden in force, raised by incidents (rule reflex)",
}

#: Outcomes reported besides the contract (take-up by capacity quintile, and model state).
EXTRA_OUTCOMES: dict[str, str] = {
    **{f"take_up_q{q + 1}": f"take-up in capacity quintile {q + 1} (1 = lowest)" for q in range(5)},
    "worker_practice": "mean practice ordinary workers took on from best persons (0-1)",
    "worker_empathy": "mean empathy of ordinary workers (0-1)",
    "worker_effectiveness": "entitled applications rightly granted per 10 decision hours "
    "of ordinary workers",
    "best_persons_active": "best persons active",
    "best_persons_found": "latent best persons found by scouting, cumulative",
    "queue": "applications waiting for a decision",
    "volunteer_hours": "volunteers' hours in initiatives per week per 1,000 households",
}

#: Which direction is better, per contract outcome (+1 higher is better, -1 lower is better).
BETTER: dict[str, int] = {
    "take_up": 1,
    "take_up_low_capacity": 1,
    "unmet_need": -1,
    "time_to_help": -1,
    "trust": 1,
    "trust_gap": -1,
    "collective_efficacy": 1,
    "bonding_ties": 1,
    "bridging_ties": 1,
    "linking_ties": 1,
    "worker_burnout": -1,
    "worker_turnover": -1,
    "best_person_retention": 1,
    "agencies_per_household": -1,
    "hours_per_solved_problem": -1,
    "wellbeing": 1,
    "needs_resolved": 1,
    # Lower is better: the more the neighbourhood's solved problems rest on a few
    # individuals, the more it loses when they leave (Ghorbani et al. 2020: leaders are
    # the bottleneck; Van Hulst & Matelski 2021: best persons are hard to replace).
    "solved_by_best_persons": -1,
    "wrongful_grants": -1,
    "treatment_gap": -1,
    "incidents": -1,
    "effective_rule_burden": -1,
}

#: Outcomes that are gaps between groups: closer to zero is better, whatever the sign.
#: `BETTER` gives their direction while the gap has its usual sign (high-capacity
#: residents trusting agencies more); a gap that reverses is not an improvement
#: without bound: -0.1 is as unequal as +0.1.
TOWARDS_ZERO: frozenset[str] = frozenset({"trust_gap", "treatment_gap"})


def goodness(outcome: str, values):
    """An outcome's values on a scale where higher is always better.

    Args:
        outcome: Contract outcome name.
        values: A number or an array of values of that outcome.

    Returns:
        The values turned by `BETTER`, or, for a gap (`TOWARDS_ZERO`), minus the
        distance from zero.
    """
    if outcome in TOWARDS_ZERO:
        return -abs(values)
    return BETTER[outcome] * values


ALL_OUTCOMES: tuple[str, ...] = (*OUTCOMES, *EXTRA_OUTCOMES)

#: Weights of the wellbeing index: room from stress, cohesion, trust (assumption).
WELLBEING_WEIGHTS = (0.6, 0.25, 0.15)


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else math.nan


def wellbeing(res: Residents) -> np.ndarray:
    """Wellbeing per household (0-1): little stress, cohesion, and trust."""
    a, b, c = WELLBEING_WEIGHTS
    return a * (1.0 - res.stress) + b * cohesion(res) + c * res.trust


def agencies_per_household(res: Residents, membership: np.ndarray) -> float:
    """Mean agencies involved per household with two or more problems and agency contact.

    An agency is involved in a problem in a procedure, waiting, or helped; a domain
    served by several agencies involves all of them, and an agency serving two of the
    household's domains counts once; agencies that work from one plan count as one.
    Households with no agency contact are not counted (better access must not look
    like more fragmentation).

    Args:
        res: Residents.
        membership: (domains, agencies) 1 where an agency serves a domain.
    """
    active = res.status != 0
    multi = active.sum(axis=1) >= 2
    if not multi.any():
        return math.nan
    st = res.status[multi]
    involved = (st >= APPLYING) & (st <= HELPED)
    count = ((involved.astype(float) @ membership) > 0).sum(axis=1).astype(float)
    coordinated = res.coordinated[multi]
    count[coordinated] = np.minimum(count[coordinated], 1.0)
    count = count[count > 0]
    return float(count.mean()) if count.size else math.nan


def treatment_gap(helped_tied, total_tied, helped_all, total_all) -> float:
    """Take-up of tied minus untied households, within capacity quintiles, weighted by size.

    Comparing within quintiles compares equally needy households (the same capacity
    to act); quintiles without both kinds of household are left out.
    """
    helped_untied = helped_all - helped_tied
    total_untied = total_all - total_tied
    both = (total_tied > 0) & (total_untied > 0)
    if not both.any():
        return math.nan
    gap = helped_tied[both] / total_tied[both] - helped_untied[both] / total_untied[both]
    weight = total_all[both]
    return float((gap * weight).sum() / weight.sum())


class _Staff(Protocol):
    """What the outcomes read of one worker."""

    @property
    def burnout(self) -> float: ...
    @property
    def practice(self) -> float: ...
    @property
    def empathy(self) -> float: ...


class _Hiring(Protocol):
    """What the outcomes read of the workforce: hires and leavers so far."""

    @property
    def hired(self) -> int: ...
    @property
    def left(self) -> int: ...


class _Rules(Protocol):
    """What the outcomes read of the rules in force."""

    @property
    def burden(self) -> float: ...


class Measured(Protocol):
    """What `measure` reads of a model, and nothing else.

    `bpsim.model.NeighbourhoodModel` is one. Naming only what is read keeps this module
    free of any import of the model (which imports this module to measure itself).
    """

    @property
    def residents(self) -> Residents:
        """Households' state as arrays."""
        ...

    @property
    def ledger(self) -> Ledger:
        """The event counters of the last `WINDOW` weeks."""
        ...

    @property
    def quintile_sizes(self) -> np.ndarray:
        """Households per capacity quintile (five numbers)."""
        ...

    @property
    def workers(self) -> Sequence[_Staff]:
        """Every worker now employed."""
        ...

    @property
    def steps(self) -> int:
        """Weeks simulated so far."""
        ...

    @property
    def workforce(self) -> _Hiring:
        """Hires and leavers so far."""
        ...

    @property
    def best_persons(self) -> Sized:
        """The best persons active now."""
        ...

    @property
    def best_persons_ever(self) -> int:
        """How many best persons were ever active."""
        ...

    @property
    def best_persons_found(self) -> int:
        """How many latent best persons scouting found."""
        ...

    @property
    def membership(self) -> np.ndarray:
        """Which agencies handle which domain (domains x agencies, 0 or 1)."""
        ...

    @property
    def rules(self) -> _Rules:
        """The rules in force (their effective burden)."""
        ...


def measure(model: Measured) -> dict[str, float]:
    """All outcomes of the model's current week."""
    res = model.residents
    led = model.ledger
    helped_q = led.total("take_up_helped")
    total_q = led.total("take_up_total")
    trust_q = np.bincount(res.quintile, weights=res.trust, minlength=N_QUINTILES)
    trust_q /= model.quintile_sizes
    workers = model.workers
    burnout = [w.burnout for w in workers]
    weeks = min(WINDOW, model.steps) or 1
    per_1000 = 1000.0 / res.n
    wf = model.workforce
    grants = led.total("grants")
    out = {
        "take_up": _ratio(helped_q.sum(), total_q.sum()),
        "take_up_low_capacity": _ratio(helped_q[0], total_q[0]),
        "unmet_need": float(res.unmet_mask().sum() / res.n),
        "time_to_help": _ratio(led.total("weeks_to_help"), led.total("helped_count")),
        "trust": float(res.trust.mean()),
        "trust_gap": float(trust_q[4] - trust_q[0]),
        "collective_efficacy": collective_efficacy(res),
        "bonding_ties": float(res.bonding.mean()),
        "bridging_ties": float(res.bridging.mean()),
        "linking_ties": float(res.linking.mean()),
        "worker_burnout": float(np.mean(burnout)) if burnout else math.nan,
        "worker_turnover": _ratio(wf.left, wf.hired),
        "best_person_retention": _ratio(len(model.best_persons), model.best_persons_ever),
        "agencies_per_household": agencies_per_household(res, model.membership),
        "hours_per_solved_problem": _ratio(led.total("hours"), led.total("solved")),
        "wellbeing": float(wellbeing(res).mean()),
        "needs_resolved": _ratio(led.total("resolved"), led.total("resolution_total")),
        "solved_by_best_persons": _ratio(led.total("solved_by_best_persons"), led.total("solved")),
        "wrongful_grants": _ratio(led.total("wrongful_grants"), grants),
        "treatment_gap": treatment_gap(
            led.total("take_up_helped_tied"), led.total("take_up_total_tied"), helped_q, total_q
        ),
        "incidents": float(led.total("incidents")) * 52.0 / weeks * per_1000,
        "effective_rule_burden": model.rules.burden,
    }
    for q in range(N_QUINTILES):
        out[f"take_up_q{q + 1}"] = _ratio(helped_q[q], total_q[q])
    out["worker_practice"] = float(np.mean([w.practice for w in workers])) if workers else math.nan
    out["worker_empathy"] = float(np.mean([w.empathy for w in workers])) if workers else math.nan
    out["worker_effectiveness"] = 10.0 * _ratio(
        led.total("rightful_grants"), led.total("decision_hours")
    )
    out["best_persons_active"] = float(len(model.best_persons))
    out["best_persons_found"] = float(model.best_persons_found)
    out["queue"] = float((res.status == WAITING).sum())
    out["volunteer_hours"] = float(led.total("volunteer_hours")) / weeks * per_1000
    return out
