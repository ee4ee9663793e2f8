"""How needs arise, interact, grow and resolve; stress lowers capacity to act.

Sources: multi-problem households (Cuyvers via SBO) - a problem in one domain
raises the risk in others; WRR 2017 ("doenvermogen") - stress from unresolved
problems lowers people's capacity to act; Christensen et al. 2020 - those who
most need help have the fewest cognitive resources.
"""

from __future__ import annotations

import numpy as np

from bpsim.mechanisms.ties import cohesion
from bpsim.state import HELPED, NONE, OPEN, Ledger, Residents

#: Weekly growth of an unhelped problem's severity (assumption).
SEVERITY_GROWTH = 0.005
#: How much ties (cohesion) multiply spontaneous resolution: neighbours help (assumption).
TIES_RESOLUTION_BOOST = 1.0
#: A problem receiving help weighs this much in stress compared with an unhelped one (assumption).
HELPED_STRESS_WEIGHT = 0.5


def arise(res: Residents, p, rng: np.random.Generator, week: int) -> int:
    """New problems arise; each unresolved problem raises the risk in the other domains.

    Returns:
        The number of new problems.
    """
    status = res.status
    active = status != NONE
    n_active = active.sum(axis=1, dtype=np.float64)
    hazard = p.need_onset_rate * (1.0 + p.problem_spillover * n_active)
    new = (~active) & (rng.random(status.shape) < hazard[:, None])
    k = int(new.sum())
    if k:
        status[new] = OPEN
        res.severity[new] = rng.uniform(0.2, 1.0, k)
        res.onset[new] = week
        res.entitled[new] = rng.random(k) < p.entitled_share
        res.step[new] = 0
        res.support[new] = 0.0
        res.personal[new] = False
        res.counted[new] = False
    return k


def resolve(res: Residents, p, rng: np.random.Generator, ledger: Ledger) -> None:
    """Helped problems resolve; unhelped ones sometimes resolve on their own or worsen.

    An entitled problem that ends without help, before its take-up was
    recorded, counts as not taken up.
    """
    status = res.status
    draw = rng.random(status.shape)
    helped = status == HELPED
    done_helped = helped & (draw < p.help_resolution_rate)
    # Spontaneous resolution (the household's own network) - faster with more ties.
    self_rate = p.self_resolution_rate * (1.0 + TIES_RESOLUTION_BOOST * cohesion(res))
    unmet = res.unmet_mask()
    done_self = unmet & (draw < self_rate[:, None])
    lost = done_self & res.entitled & ~res.counted
    if lost.any():
        ledger.record_take_up(res.quintile[np.nonzero(lost)[0]], helped=False)
    ledger.add_solved(int(done_helped.sum()))
    ended = done_helped | done_self
    status[ended] = NONE
    res.severity[ended] = 0.0
    # Problems still without help worsen slowly.
    np.minimum(res.severity + SEVERITY_GROWTH * (unmet & ~ended), 1.0, out=res.severity)
    # A household without problems no longer needs a coordinated plan.
    res.coordinated &= (status != NONE).any(axis=1)


def update_stress(res: Residents, p) -> None:
    """Stress follows unresolved problems; stress lowers capacity to act (WRR 2017)."""
    load = (res.severity * res.unmet_mask()).sum(axis=1)
    load += HELPED_STRESS_WEIGHT * (res.severity * (res.status == HELPED)).sum(axis=1)
    np.subtract(1.0, np.exp(-load), out=res.stress)
    np.multiply(res.capacity0, 1.0 - p.stress_capacity_effect * res.stress, out=res.capacity)


def time_out(res: Residents, p, week: int, ledger: Ledger) -> None:
    """Entitled problems still without help after the take-up window count as not taken up."""
    late = res.unmet_mask() & res.entitled & ~res.counted & (week - res.onset >= p.take_up_window)
    if late.any():
        rows = np.nonzero(late)[0]
        ledger.record_take_up(res.quintile[rows], helped=False)
        res.counted[late] = True
