"""How needs arise, interact, grow and resolve; stress lowers capacity to act.

Sources: multi-problem households (Cuyvers via SBO) - a problem in one domain
raises the risk in others; WRR 2017 ("doenvermogen") - stress from unresolved
problems lowers people's capacity to act; Christensen et al. 2020 - those who
most need help have the fewest cognitive resources.

Problems end in three ways: formal help (an agency's grant) resolves them at
`help_resolution_rate` a week; informal help from a best person or an initiative
resolves a light problem at `informal_resolution_rate` a week (or gives out, when
the problem proves too much for it); and any problem without help may resolve on
its own, faster with more ties. Outcomes are booked as events: every problem
resolved with help (`solved`, and of those the informal ones,
`solved_by_best_persons`); whether a problem was resolved, by any route, within
`take_up_window` weeks (`needs_resolved`); formal take-up of entitled problems
(see `time_out` and `discretion.decide`). An entitled problem whose need ends
before the take-up window without a grant is not counted in take-up: the need
went before non-take-up could be established.
"""

from __future__ import annotations

import numpy as np

from bpsim.core.mechanisms.ties import cohesion
from bpsim.core.state import HELPED, INFORMAL, NO_HELPER, NONE, OPEN, TIED, Week

#: Weekly growth of an unhelped problem's severity (assumption).
SEVERITY_GROWTH = 0.005
#: How much ties (cohesion) multiply spontaneous resolution: neighbours help (assumption).
TIES_RESOLUTION_BOOST = 1.0
#: A problem receiving help weighs this much in stress compared with an unhelped one (assumption).
HELPED_STRESS_WEIGHT = 0.5
#: Chance per week that informal help gives out on a problem, per unit of severity
#: (assumption: informal help fits light problems; heavier ones outgrow it).
INFORMAL_GIVE_OUT = 0.04


def arise(ctx: Week, *, rng: np.random.Generator) -> int:
    """New problems arise; each unresolved problem raises the risk in the other domains.

    Returns:
        The number of new problems.
    """
    res, p = ctx.res, ctx.p
    status = res.status
    active = status != NONE
    n_active = active.sum(axis=1, dtype=np.float64)
    hazard = p.need_onset_rate * (1.0 + p.problem_spillover * n_active)
    new = (~active) & (rng.random(status.shape) < hazard[:, None])
    # Severity and entitlement are drawn for every cell, used or not, so that the
    # stream stays aligned between scenarios (common random numbers).
    severity = rng.uniform(0.2, 1.0, status.shape)
    entitled = rng.random(status.shape) < p.entitled_share
    k = int(new.sum())
    if k:
        status[new] = OPEN
        res.severity[new] = severity[new]
        res.onset[new] = ctx.week
        res.entitled[new] = entitled[new]
        res.tied_at_onset[new] = np.broadcast_to((res.bp_tie >= TIED)[:, None], new.shape)[new]
        res.step[new] = 0
        res.support[new] = 0.0
        res.personal[new] = False
        res.counted[new] = False
        res.settled[new] = False
        res.wrongful[new] = False
        res.helper[new] = NO_HELPER
    return k


def resolve(ctx: Week, *, rng: np.random.Generator) -> None:
    """Helped problems resolve; unhelped ones sometimes resolve on their own or worsen."""
    res, p, ledger = ctx.res, ctx.p, ctx.ledger
    status = res.status
    draw = rng.random(status.shape)
    done_helped = (status == HELPED) & (draw < p.help_resolution_rate)
    informal = status == INFORMAL
    done_informal = informal & (draw < p.informal_resolution_rate)
    # Informal help gives out on heavier problems: back to open, without a helper.
    gave_out = informal & ~done_informal
    gave_out &= rng.random(status.shape) < INFORMAL_GIVE_OUT * res.severity
    # Spontaneous resolution (the household's own network) - faster with more ties.
    self_rate = p.self_resolution_rate * (1.0 + TIES_RESOLUTION_BOOST * cohesion(res))
    unmet = res.unmet_mask()
    done_self = unmet & (draw < self_rate[:, None])
    ended = done_helped | done_informal | done_self
    ledger.add("solved", int(done_helped.sum()) + int(done_informal.sum()))
    ledger.add("solved_by_best_persons", int(done_informal.sum()))
    # Resolved within the take-up window (by any route), if not already settled as late.
    first = ended & ~res.settled
    n_first = int(first.sum())
    ledger.add("resolved", n_first)
    ledger.add("resolution_total", n_first)
    status[ended] = NONE
    res.severity[ended] = 0.0
    res.wrongful[ended] = False
    res.helper[ended | gave_out] = NO_HELPER
    status[gave_out] = OPEN
    # Problems still without help worsen slowly.
    np.minimum(res.severity + SEVERITY_GROWTH * (unmet & ~ended), 1.0, out=res.severity)
    # A household without problems no longer needs a coordinated plan.
    res.coordinated &= (status != NONE).any(axis=1)


def update_stress(ctx: Week) -> None:
    """Stress follows unresolved problems; stress lowers capacity to act (WRR 2017)."""
    res, p = ctx.res, ctx.p
    load = (res.severity * res.unmet_mask()).sum(axis=1)
    helped = (res.status == HELPED) | (res.status == INFORMAL)
    load += HELPED_STRESS_WEIGHT * (res.severity * helped).sum(axis=1)
    np.subtract(1.0, np.exp(-load), out=res.stress)
    np.multiply(res.capacity0, 1.0 - p.stress_capacity_effect * res.stress, out=res.capacity)


def time_out(ctx: Week) -> None:
    """Problems that reach the take-up window are settled.

    An entitled problem without a formal grant by then counts as not taken up (informal
    help is not take-up of an entitlement); any problem still unresolved counts as
    not resolved within the window.
    """
    res, ledger = ctx.res, ctx.ledger
    age = ctx.week - res.onset
    due = (res.status != NONE) & (age >= ctx.p.take_up_window)
    late = due & ~res.settled
    if late.any():
        ledger.add("resolution_total", int(late.sum()))
        res.settled[late] = True
    missed = due & res.entitled & ~res.counted & (res.status != HELPED)
    if missed.any():
        rows, cols = np.nonzero(missed)
        ledger.record_take_up(res.quintile[rows], res.tied_at_onset[rows, cols], helped=False)
        res.counted[missed] = True
