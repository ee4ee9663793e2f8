"""Agency decisions with discretion: who is granted help, who is wrongly refused.

Street-level bureaucracy (Lipsky 1980): workers decide with the discretion the rules
allow; coping "towards clients" (bending rules for them) is the most common mode
(Tummers et al. 2015). Strict eligibility checks under rule burden refuse some
entitled households (false refusals); a worker's coping towards clients and a
personal contact, which reveals the household's real circumstances, prevent part
of them. Strict checks catch households with little capacity to act most often:
their paperwork is least complete (compliance costs, Christensen et al. 2020). A
personal contact, which shows the household's real circumstances, closes that gap.
Non-entitled applications are refused, except where a worker bends a rule.
"""

from __future__ import annotations

import numpy as np

from bpsim.mechanisms import trust
from bpsim.mechanisms.procedures import record_help
from bpsim.state import HELPED, OPEN, Ledger, Residents

#: Weight of incomplete paperwork in false refusals: the error is multiplied by
#: (1 - PAPERWORK_WEIGHT) + 2 * PAPERWORK_WEIGHT * (1 - capacity), i.e. 0.5-1.5 (assumption).
PAPERWORK_WEIGHT = 0.5
#: Share of the paperwork gap a personal contact closes (assumption).
PERSONAL_ERROR_CUT = 1.0
#: Chance that a worker fully coping towards clients grants a non-entitled application (assumption).
RULE_BENDING = 0.05


def allowed_discretion(p) -> float:
    """Discretion the rules leave ordinary workers: rules crowd it out."""
    return p.worker_discretion * (1.0 - 0.5 * p.rule_burden)


def coping_towards_clients(empathy, practice, discretion: float):
    """How far a worker uses discretion for the client (0-1).

    Empathy and best persons' ways learnt by working beside them (practice) make a
    worker use what discretion there is for the household. Works on scalars (one
    worker, cheaply: it runs for every worker every week) and on arrays.
    """
    value = discretion * (0.5 + empathy + practice)
    if isinstance(value, float):
        return min(1.0, max(0.0, value))
    return np.clip(value, 0.0, 1.0)


def decide(
    res: Residents,
    p,
    rng: np.random.Generator,
    week: int,
    ledger: Ledger,
    rows: np.ndarray,
    cols: np.ndarray,
    coping,
    strictness: float,
) -> np.ndarray:
    """Decide applications (rows, cols).

    Args:
        res: Residents.
        p: Scenario parameters.
        rng: Random stream.
        week: Current week.
        ledger: Event ledger.
        rows: Households of the applications decided.
        cols: Their domains.
        coping: Coping towards clients of the deciding worker, per application.
        strictness: Share of the eligibility error that applies (1 for ordinary
            workers; less for a frontline best person free to look past the rules).

    Returns:
        Which applications were granted.
    """
    if rows.size == 0:
        return np.zeros(0, dtype=bool)
    entitled = res.entitled[rows, cols]
    personal = res.personal[rows, cols]
    gap = (
        2.0 * PAPERWORK_WEIGHT * (1.0 - res.capacity[rows]) * (1.0 - PERSONAL_ERROR_CUT * personal)
    )
    paperwork = (1.0 - PAPERWORK_WEIGHT) + gap
    error = p.eligibility_error * p.rule_burden * strictness * (1.0 - coping) * paperwork
    draw = rng.random(rows.size)
    granted = np.where(entitled, draw >= error, draw < RULE_BENDING * coping)
    gr, gc = rows[granted], cols[granted]
    res.status[gr, gc] = HELPED
    record_help(res, gr, gc, week, ledger)
    trust.experience(
        res,
        gr,
        np.where(personal[granted], trust.EXPERIENCE_GRANTED_PERSONAL, trust.EXPERIENCE_GRANTED),
        p.trust_learning_rate,
    )
    rr, rc = rows[~granted], cols[~granted]
    res.status[rr, rc] = OPEN
    res.step[rr, rc] = 0
    res.support[rr, rc] = 0.0
    trust.experience(
        res,
        rr,
        np.where(personal[~granted], trust.EXPERIENCE_REFUSED_PERSONAL, trust.EXPERIENCE_REFUSED),
        p.trust_learning_rate,
    )
    return granted
