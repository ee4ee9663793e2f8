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

from bpsim.core.compiled import kernel
from bpsim.core.mechanisms.ties import cohesion
from bpsim.core.state import (
    HELPED,
    INFORMAL,
    N_QUINTILES,
    NO_HELPER,
    NONE,
    OPEN,
    TIED,
    WAITING,
    Week,
)

#: Lowest severity of a new problem (severities are uniform from here to 1; assumption).
SEVERITY_LOW = 0.2
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
    # Onset, severity and entitlement are drawn for every cell, used or not, so that the
    # stream stays aligned between scenarios (common random numbers): three layers in
    # one call, in the order they were always drawn.
    draws = rng.random((3, *res.status.shape))
    return _arise(
        res.status, res.severity, res.onset, res.entitled, res.tied_at_onset, res.step,
        res.support, res.personal, res.counted, res.settled, res.wrongful, res.helper,
        res.bp_tie, draws, p.need_onset_rate, p.problem_spillover, p.entitled_share, ctx.week,
        TIED,
    )  # fmt: skip


@kernel
def _arise(
    status, severity, onset, entitled, tied_at_onset, step, support, personal, counted,
    settled, wrongful, helper, bp_tie, draws, onset_rate, spillover, entitled_share, week,
    tied_from,
):  # fmt: skip
    """`arise` for every household in one pass (replaces a dozen masked numpy passes).

    `draws` holds the uniform numbers of onset, severity and entitlement, one layer
    each; a severity is `SEVERITY_LOW` plus the rest of the way to 1 times its number,
    which is how numpy's ``uniform(SEVERITY_LOW, 1.0)`` computes it. `tied_from` is
    `state.TIED`, passed in: numba's cache of this module would keep another module's
    constant as it was when compiled.
    """
    n, d = status.shape
    new = 0
    for i in range(n):
        active = 0
        for j in range(d):
            active += status[i, j] != NONE
        hazard = onset_rate * (1.0 + spillover * float(active))
        tied = bp_tie[i] >= tied_from
        for j in range(d):
            if status[i, j] != NONE or not draws[0, i, j] < hazard:
                continue
            new += 1
            status[i, j] = OPEN
            severity[i, j] = SEVERITY_LOW + (1.0 - SEVERITY_LOW) * draws[1, i, j]
            onset[i, j] = week
            entitled[i, j] = draws[2, i, j] < entitled_share
            tied_at_onset[i, j] = tied
            step[i, j] = 0
            support[i, j] = 0.0
            personal[i, j] = False
            counted[i, j] = False
            settled[i, j] = False
            wrongful[i, j] = False
            helper[i, j] = NO_HELPER
    return new


def resolve(ctx: Week, *, rng: np.random.Generator) -> None:
    """Helped problems resolve; unhelped ones sometimes resolve on their own or worsen."""
    res, p, ledger = ctx.res, ctx.p, ctx.ledger
    # Two layers: whether a problem ends, and whether informal help gives out on it.
    draws = rng.random((2, *res.status.shape))
    # Spontaneous resolution (the household's own network) is faster with more ties.
    self_rate = p.self_resolution_rate * (1.0 + TIES_RESOLUTION_BOOST * cohesion(res))
    solved, informal, first = _resolve(
        res.status, res.severity, res.wrongful, res.helper, res.settled, res.coordinated,
        self_rate, draws, p.help_resolution_rate, p.informal_resolution_rate,
    )  # fmt: skip
    ledger.add("solved", solved)
    ledger.add("solved_by_best_persons", informal)
    # Resolved within the take-up window (by any route), if not already settled as late.
    ledger.add("resolved", first)
    ledger.add("resolution_total", first)


@kernel
def _resolve(
    status, severity, wrongful, helper, settled, coordinated, self_rate, draws, help_rate,
    informal_rate,
):  # fmt: skip
    """`resolve` for every household in one pass (replaces masked numpy passes).

    Returns:
        Problems solved with help, of those informally, and problems ended that were not
        yet settled.
    """
    n, d = status.shape
    solved = informal = first = 0
    for i in range(n):
        any_left = False
        for j in range(d):
            s = status[i, j]
            u = draws[0, i, j]
            unmet = s >= OPEN and s <= WAITING
            if s == HELPED:
                ended = u < help_rate
                solved += ended
            elif s == INFORMAL:
                ended = u < informal_rate
                solved += ended
                informal += ended
            else:
                ended = unmet and u < self_rate[i]
            if ended:
                first += not settled[i, j]
                status[i, j] = NONE
                severity[i, j] = 0.0
                wrongful[i, j] = False
                helper[i, j] = NO_HELPER
            elif s == INFORMAL and draws[1, i, j] < INFORMAL_GIVE_OUT * severity[i, j]:
                # Informal help gives out on heavier problems: back to open, no helper.
                status[i, j] = OPEN
                helper[i, j] = NO_HELPER
            # Problems still without help worsen slowly.
            grown = severity[i, j] + (SEVERITY_GROWTH if unmet and not ended else 0.0)
            severity[i, j] = min(grown, 1.0)
            any_left |= status[i, j] != NONE
        # A household without problems no longer needs a coordinated plan.
        coordinated[i] &= any_left
    return solved, informal, first


def update_stress(ctx: Week) -> None:
    """Stress follows unresolved problems; stress lowers capacity to act (WRR 2017)."""
    res, p = ctx.res, ctx.p
    load = _stress_load(res.status, res.severity)
    np.subtract(1.0, np.exp(-load), out=res.stress)
    np.multiply(res.capacity0, 1.0 - p.stress_capacity_effect * res.stress, out=res.capacity)


@kernel
def _stress_load(status, severity):
    """Each household's load of problems: unmet ones in full, helped ones weighed less.

    Replaces two masked row sums; each sum runs in domain order, as numpy's does.
    """
    n, d = status.shape
    load = np.empty(n)
    for i in range(n):
        unmet = 0.0
        helped = 0.0
        for j in range(d):
            # Without branches (adding 0.0 changes no sum): statuses are mixed row by row.
            s = status[i, j]
            unmet += severity[i, j] * ((s >= OPEN) & (s <= WAITING))
            helped += severity[i, j] * ((s == HELPED) | (s == INFORMAL))
        load[i] = unmet + HELPED_STRESS_WEIGHT * helped
    return load


def time_out(ctx: Week) -> None:
    """Problems that reach the take-up window are settled.

    An entitled problem without a formal grant by then counts as not taken up (informal
    help is not take-up of an entitlement); any problem still unresolved counts as
    not resolved within the window.
    """
    res, ledger = ctx.res, ctx.ledger
    missed = np.zeros(N_QUINTILES, dtype=np.int64)
    missed_tied = np.zeros(N_QUINTILES, dtype=np.int64)
    late = _time_out(
        res.status, res.onset, res.settled, res.entitled, res.counted, res.quintile,
        res.tied_at_onset, ctx.week - ctx.p.take_up_window, missed, missed_tied,
    )  # fmt: skip
    if late:
        ledger.add("resolution_total", late)
    if missed.any():
        ledger.add_take_up(missed, missed_tied, helped=False)


@kernel
def _time_out(
    status, onset, settled, entitled, counted, quintile, tied_at_onset, due_onset, missed,
    missed_tied,
):  # fmt: skip
    """`time_out` for every household in one pass (replaces masked numpy passes).

    Counts the entitled problems not taken up into `missed` (and `missed_tied`) by
    capacity quintile.

    Returns:
        Problems settled as not resolved within the window.
    """
    n, d = status.shape
    late = 0
    for i in range(n):
        for j in range(d):
            # One test without branches for the many problems not yet due.
            if not (status[i, j] != NONE) & (onset[i, j] <= due_onset):
                continue
            if not settled[i, j]:
                late += 1
                settled[i, j] = True
            if entitled[i, j] and not counted[i, j] and status[i, j] != HELPED:
                missed[quintile[i]] += 1
                missed_tied[quintile[i]] += tied_at_onset[i, j]
                counted[i, j] = True
    return late
