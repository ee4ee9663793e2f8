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

from bpsim.core import streams
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
    # Onset, severity and entitlement are numbers of the stream for every cell, used or
    # not, so that the stream stays aligned between scenarios (common random numbers):
    # three layers of one block, as one ``rng.random((3, n, d))`` draws them; the kernel
    # reads only the numbers it uses (`streams`).
    return _arise(
        res.status, res.severity, res.onset, res.entitled, res.tied_at_onset, res.step,
        res.support, res.personal, res.counted, res.settled, res.wrongful, res.helper,
        res.bp_tie, streams.state(rng), p.need_onset_rate, p.problem_spillover,
        p.entitled_share, ctx.week, TIED,
    )  # fmt: skip


@kernel
def _arise(
    status, severity, onset, entitled, tied_at_onset, step, support, personal, counted,
    settled, wrongful, helper, bp_tie, st, onset_rate, spillover, entitled_share, week,
    tied_from,
):  # fmt: skip
    """`arise` for every household in one pass (replaces a dozen masked numpy passes).

    `st` is the stream's state (`streams.state`); the pass reads the block of
    ``random((3, n, d))``: for cell (i, j) of n households and d domains, number
    ``i * d + j`` of layer 0 (onset, read for cells without a problem), of layer 1
    (severity) and of layer 2 (entitlement), both read for a new problem only, and leaves
    the stream after the block. A severity is `SEVERITY_LOW` plus the rest of the way to
    1 times its number, which is how numpy's ``uniform(SEVERITY_LOW, 1.0)`` computes it.
    `tied_from` is `state.TIED`, passed in: numba's cache of this module would keep
    another module's constant as it was when compiled.
    """
    n, d = status.shape
    size = n * d
    sev = streams.cursor(st, size)
    ent = streams.cursor(st, 2 * size)
    at_sev = at_ent = 0  # the next number of each sparse layer
    # Layer 0 is read in full, one number after another: its state in two local words
    # (`streams.advance`), not stepped through the state array at each number.
    s_lo, s_hi, inc_lo, inc_hi = st[0, 0], st[0, 1], st[1, 0], st[1, 1]
    new = 0
    for i in range(n):
        active = 0
        for j in range(d):
            active += status[i, j] != NONE
        hazard = onset_rate * (1.0 + spillover * float(active))
        tied = bp_tie[i] >= tied_from
        for j in range(d):
            # Layer 0 is read in full (a step per number costs less than jumps between
            # the many used); the other two jump to the few new problems.
            s_lo, s_hi = streams.advance(s_lo, s_hi, inc_lo, inc_hi)
            u = streams.double(s_lo, s_hi)
            if status[i, j] != NONE or not u < hazard:
                continue
            q = i * d + j
            new += 1
            status[i, j] = OPEN
            severity[i, j] = SEVERITY_LOW + (1.0 - SEVERITY_LOW) * streams.at(sev, at_sev, q)
            at_sev = q + 1
            entitled[i, j] = streams.at(ent, at_ent, q) < entitled_share
            at_ent = q + 1
            onset[i, j] = week
            tied_at_onset[i, j] = tied
            step[i, j] = 0
            support[i, j] = 0.0
            personal[i, j] = False
            counted[i, j] = False
            settled[i, j] = False
            wrongful[i, j] = False
            helper[i, j] = NO_HELPER
    streams.finish(st, ent, at_ent, size)
    return new


def resolve(
    ctx: Week, *, rng: np.random.Generator, cohesion_now: np.ndarray | None = None
) -> np.ndarray:
    """Helped problems resolve; unhelped ones sometimes resolve on their own or worsen.

    Args:
        ctx: The week.
        rng: Random stream.
        cohesion_now: Each household's cohesion (`ties.cohesion`) as its ties stand now,
            if already worked out: ties change only after this in the week, so the
            model's value from the end of last week is the same numbers.

    Returns:
        Each household's stress load after this (`update_stress` takes it).
    """
    res, p, ledger = ctx.res, ctx.p, ctx.ledger
    # Spontaneous resolution (the household's own network) is faster with more ties.
    if cohesion_now is None:
        cohesion_now = cohesion(res)
    self_rate = p.self_resolution_rate * (1.0 + TIES_RESOLUTION_BOOST * cohesion_now)
    solved, informal, first, load = _resolve(
        res.status, res.severity, res.wrongful, res.helper, res.settled, res.coordinated,
        self_rate, streams.state(rng), p.help_resolution_rate, p.informal_resolution_rate,
    )  # fmt: skip
    ledger.add("solved", solved)
    ledger.add("solved_by_best_persons", informal)
    # Resolved within the take-up window (by any route), if not already settled as late.
    ledger.add("resolved", first)
    ledger.add("resolution_total", first)
    return load


@kernel
def _resolve(
    status, severity, wrongful, helper, settled, coordinated, self_rate, st, help_rate,
    informal_rate,
):  # fmt: skip
    """`resolve` for every household in one pass (replaces masked numpy passes).

    `st` is the stream's state (`streams.state`); the pass reads the block of
    ``random((2, n, d))``: for cell (i, j), number ``i * d + j`` of layer 0 (whether a
    problem ends, read for every problem) and of layer 1 (whether informal help gives
    out, read for informal help that goes on), and leaves the stream after the block.
    Each household's stress load is worked out from its problems as they are left
    (`_cell_load`, summed as `_row_load` sums it), while its row is at hand.

    Returns:
        Problems solved with help, of those informally, problems ended that were not
        yet settled, and the households' stress loads.
    """
    n, d = status.shape
    size = n * d
    gives = streams.cursor(st, size)
    at_give = 0  # layer 1's next number
    s_lo, s_hi, inc_lo, inc_hi = st[0, 0], st[0, 1], st[1, 0], st[1, 1]  # layer 0 (`_arise`)
    load = np.empty(n)
    solved = informal = first = 0
    for i in range(n):
        any_left = False
        unmet_load = helped_load = 0.0  # `_row_load`'s sums (a cell without a problem adds 0)
        for j in range(d):
            # Layer 0 is read in full (a step per number costs less than jumps between
            # the many used); layer 1 jumps to the few problems with informal help.
            s_lo, s_hi = streams.advance(s_lo, s_hi, inc_lo, inc_hi)
            u = streams.double(s_lo, s_hi)
            s = status[i, j]
            if s == NONE:
                continue
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
            elif s == INFORMAL:
                q = i * d + j
                give_out = streams.at(gives, at_give, q) < INFORMAL_GIVE_OUT * severity[i, j]
                at_give = q + 1
                if give_out:
                    # Informal help gives out on heavier problems: back to open, no helper.
                    status[i, j] = OPEN
                    helper[i, j] = NO_HELPER
            # Problems still without help worsen slowly.
            grown = severity[i, j] + (SEVERITY_GROWTH if unmet and not ended else 0.0)
            severity[i, j] = min(grown, 1.0)
            any_left |= status[i, j] != NONE
            u_load, h_load = _cell_load(status[i, j], severity[i, j])
            unmet_load += u_load
            helped_load += h_load
        # A household without problems no longer needs a coordinated plan.
        coordinated[i] &= any_left
        load[i] = unmet_load + HELPED_STRESS_WEIGHT * helped_load
    streams.finish(st, gives, at_give, size)
    return solved, informal, first, load


def update_stress(ctx: Week, *, load: np.ndarray | None = None) -> None:
    """Stress follows unresolved problems; stress lowers capacity to act (WRR 2017).

    Args:
        ctx: The week.
        load: The households' stress loads if already known (`resolve` returns them).
    """
    res, p = ctx.res, ctx.p
    if load is None:
        load = _stress_load(res.status, res.severity)
    np.subtract(1.0, np.exp(-load), out=res.stress)
    np.multiply(res.capacity0, 1.0 - p.stress_capacity_effect * res.stress, out=res.capacity)


@kernel
def _stress_load(status, severity):
    """Each household's load of problems: unmet ones in full, helped ones weighed less."""
    load = np.empty(status.shape[0])
    for i in range(load.size):
        load[i] = _row_load(status, severity, i)
    return load


@kernel
def _row_load(status, severity, i):
    """Household i's stress load; replaces two masked row sums, each in domain order as numpy's."""
    unmet = 0.0
    helped = 0.0
    for j in range(status.shape[1]):
        u, h = _cell_load(status[i, j], severity[i, j])
        unmet += u
        helped += h
    return unmet + HELPED_STRESS_WEIGHT * helped


@kernel
def _cell_load(s, severity):
    """One problem's part of the load: its severity as unmet, or as helped (else 0)."""
    # Without branches (adding 0.0 changes no sum): statuses are mixed row by row.
    return severity * ((s >= OPEN) & (s <= WAITING)), severity * ((s == HELPED) | (s == INFORMAL))


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
    d = status.shape[1]
    # Over the cells as flat arrays of bytes: the first loop, with no branch, is one the
    # compiler does many cells at a time (a test per problem mispredicts for the 83% of
    # cells with none: three times slower); the second finds the few problems due that
    # are entitled and not yet counted.
    kinds, onsets = status.ravel(), onset.ravel()
    done = settled.ravel().view(np.uint8)
    rightful = entitled.ravel().view(np.uint8)
    booked = counted.ravel().view(np.uint8)
    late = 0
    for k in range(kinds.size):
        due = np.uint8((kinds[k] != NONE) & (onsets[k] <= due_onset))
        late += due & (done[k] ^ 1)
        done[k] |= due
    tied = tied_at_onset.ravel()
    for k in range(kinds.size):
        # Settled, entitled and not counted (rare): only then is the due test repeated.
        if (done[k] & rightful[k] & (booked[k] ^ 1)) and (
            kinds[k] != NONE and kinds[k] != HELPED and onsets[k] <= due_onset
        ):
            q = quintile[k // d]
            missed[q] += 1
            missed_tied[q] += tied[k]
            booked[k] = 1
    return late
