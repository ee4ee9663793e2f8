"""Agency decisions with discretion: who is granted, who wrongly refused, who wrongly granted.

Street-level bureaucracy (Lipsky 1980): workers decide with the discretion the rules
allow; coping "towards clients" (bending rules for them) is the most common mode
(Tummers et al. 2015). Two kinds of decision:

- *In procedure* (ordinary workers; a frontline best person whom the rules do not
  let cut through). Strict eligibility checks under rule burden refuse some
  entitled households (false refusals), more often those with little capacity to
  act, whose paperwork is least complete (compliance costs, Christensen et al.
  2020); a worker's coping towards clients and a personal contact, which shows the
  household's real circumstances, prevent part of them. A non-entitled application
  is refused, except where a worker bends a rule (`RULE_BENDING` times coping).
- *Outside procedure* (a frontline best person allowed to cut through). The
  decision follows judgement of need, not the eligibility check: no false refusals
  from paperwork, but judgement is only as good as the decider's empathy - seeing the
  household's real circumstances - so an entitled case is refused with chance
  `JUDGEMENT_MISS` times (1 - empathy); and a share `discretion_error` of non-entitled
  cases is granted anyway - workers judge clients' worthiness and bend rules for
  those they judge worthy (Maynard-Moody & Musheno 2003).

A grant to a non-entitled problem is *wrongful*: it takes help hours like any other,
and if an audit finds it, it is stopped and becomes an incident (see
`rule_reflex`). Every grant of an entitled problem is formal take-up.
"""

from __future__ import annotations

import numpy as np

from bpsim.core.compiled import kernel, pairwise_sum, week_order
from bpsim.core.mechanisms import trust
from bpsim.core.mechanisms.trust import toward
from bpsim.core.state import HELPED, N_QUINTILES, OPEN, WAITING, Ledger, Week

#: Weight of incomplete paperwork in false refusals: the error is multiplied by
#: (1 - PAPERWORK_WEIGHT) + 2 * PAPERWORK_WEIGHT * (1 - capacity), i.e. 0.5-1.5 (assumption).
PAPERWORK_WEIGHT = 0.5
#: Share of the paperwork gap a personal contact closes (assumption).
PERSONAL_ERROR_CUT = 1.0
#: Chance that a worker fully coping towards clients grants a non-entitled application
#: in procedure (assumption).
RULE_BENDING = 0.05
#: Chance that judgement outside procedure refuses an entitled problem, at no empathy
#: (assumption: at a best person's empathy of 0.9, one in twenty).
JUDGEMENT_MISS = 0.5


def allowed_discretion(p, burden: float) -> float:
    """Discretion the rules leave ordinary workers: rules crowd it out."""
    return p.worker_discretion * (1.0 - 0.5 * burden)


@kernel
def coping_towards_clients(empathy, practice, discretion):
    """How far a worker uses discretion for the client (0-1).

    Empathy and best persons' ways learnt by working beside them (practice) make a
    worker use what discretion there is for the household. One worker's numbers; a
    kernel, so that the workforce's week (`bpsim.core.workforce`) calls it per worker.
    """
    return min(1.0, max(0.0, discretion * (0.5 + empathy + practice)))


def decide(
    ctx: Week,
    rng: np.random.Generator | None,
    rows: np.ndarray,
    cols: np.ndarray,
    coping,
    *,
    outside: np.ndarray | bool = False,
    empathy=0.0,
    draws: np.ndarray | None = None,
) -> np.ndarray:
    """Decide applications (rows, cols).

    Args:
        ctx: The week.
        rng: Random stream.
        rows: Households of the applications decided.
        cols: Their domains.
        coping: Coping towards clients of the deciding worker, per application (in procedure).
        outside: Which decisions are taken outside procedure, by judgement.
        empathy: The decider's empathy (for decisions outside procedure), one value or
            one per application.
        draws: One uniform random number per application, when drawn by the caller (a
            best person's own stream); else they are drawn from `rng`.

    Returns:
        Which applications were granted.
    """
    if rows.size == 0:
        return np.zeros(0, dtype=bool)
    res, p = ctx.res, ctx.p
    m = rows.size
    draw = rng.random(m) if draws is None else draws  # type: ignore[union-attr]
    tally = np.zeros(TALLY_SIZE)
    granted = decide_kernel(
        res.status, res.entitled, res.personal, res.capacity, res.wrongful, res.counted,
        res.quintile, res.tied_at_onset, res.onset, res.step, res.support, res.trust,
        rows, cols, _per_application(coping, m), _per_application(outside, m, bool),
        _per_application(empathy, m), np.ascontiguousarray(draw, dtype=float),
        p.eligibility_error * ctx.burden, p.discretion_error, p.trust_learning_rate,
        ctx.week, tally, constants(),
    )  # fmt: skip
    book(ctx.ledger, tally)
    return granted


def constants() -> tuple[float, ...]:
    """The assumptions `decide_kernel` uses, read at each call.

    A kernel would take a module constant as it was when compiled; read here, a constant
    switched off for a counterfactual (the validation's ablations) acts in the kernel too.
    """
    return (
        PAPERWORK_WEIGHT,
        PERSONAL_ERROR_CUT,
        RULE_BENDING,
        JUDGEMENT_MISS,
        trust.EXPERIENCE_GRANTED,
        trust.EXPERIENCE_GRANTED_PERSONAL,
        trust.EXPERIENCE_REFUSED,
        trust.EXPERIENCE_REFUSED_PERSONAL,
    )


def _per_application(value, m: int, dtype=float) -> np.ndarray:
    """One value per application (a kernel takes arrays of one layout)."""
    if isinstance(value, np.ndarray) and value.dtype == dtype and value.flags.c_contiguous:
        return value
    return np.ascontiguousarray(np.broadcast_to(np.asarray(value, dtype=dtype), (m,)))


#: What `decide_kernel` counts for the ledger, in a flat array: grants, wrongful grants,
#: weeks from need to help summed, then entitled first grants by capacity quintile, then
#: the same for households tied to a best person at the problem's onset.
TALLY_SIZE = 3 + 2 * N_QUINTILES


def book(ledger: Ledger, tally: np.ndarray) -> None:
    """Book what decisions counted (`TALLY_SIZE` numbers) into the week's ledger."""
    grants = tally[0]
    if grants == 0:
        return
    ledger.add("grants", int(grants))
    ledger.add("wrongful_grants", int(tally[1]))
    ledger.add("weeks_to_help", tally[2])
    ledger.add("helped_count", grants)
    # Formal take-up: the first grant of an entitled problem (as `Ledger.add_take_up` books).
    counts, tied = tally[3 : 3 + N_QUINTILES], tally[3 + N_QUINTILES :]
    for name, amount in (("take_up_total", counts), ("take_up_total_tied", tied)):
        ledger.add(name, amount)
    for name, amount in (("take_up_helped", counts), ("take_up_helped_tied", tied)):
        ledger.add(name, amount)


@kernel
def decide_kernel(
    status, entitled, personal, capacity, wrongful, counted, quintile, tied_at_onset, onset,
    step, support, trust, rows, cols, coping, outside, empathy, draws, strictness,
    discretion_error, rate, week, tally, constants,
):  # fmt: skip
    """`decide` on the residents' arrays: grant or refuse, and what follows.

    Replaces numpy calls per batch of decisions (a dozen fancy-indexed passes) with one
    loop; the arithmetic is numpy's, in its order (trust moves from the value before this
    batch, the last listing of a household winning, as numpy's ``t[rows] += ...`` does).

    The residents' arrays come first, then the decisions (rows, cols, and per decision the
    decider's coping, whether outside procedure, the decider's empathy, the draw), then
    ``eligibility_error * burden`` (strictness), `discretion_error`, the trust learning
    rate and the week; `tally` (`TALLY_SIZE` numbers) is added to; `constants` are the
    module's (`constants`). Returns which applications were granted.
    """
    (
        paperwork_weight, personal_error_cut, rule_bending, judgement_miss,
        granted_anonymous, granted_personal, refused_anonymous, refused_personal,
    ) = constants  # fmt: skip
    m = rows.size
    granted = np.empty(m, dtype=np.bool_)
    was_personal = np.empty(m, dtype=np.bool_)
    for i in range(m):
        r, c = rows[i], cols[i]
        was_personal[i] = personal[r, c]
        if outside[i]:
            refuse = judgement_miss * (1.0 - empathy[i])
            bend = discretion_error
        else:
            gap = (
                2.0
                * paperwork_weight
                * (1.0 - capacity[r])
                * (1.0 - personal_error_cut * was_personal[i])
            )
            paperwork = (1.0 - paperwork_weight) + gap
            refuse = strictness * (1.0 - coping[i]) * paperwork
            bend = rule_bending * coping[i]
        granted[i] = draws[i] >= refuse if entitled[r, c] else draws[i] < bend
    first = np.zeros(m, dtype=np.bool_)
    for i in range(m):
        if granted[i]:
            r, c = rows[i], cols[i]
            wrong = not entitled[r, c]
            first[i] = not wrong and not counted[r, c]
            tally[0] += 1
            tally[1] += wrong
            tally[2] += week - onset[r, c]
    for i in range(m):
        r, c = rows[i], cols[i]
        if granted[i]:
            status[r, c] = HELPED
            wrongful[r, c] = not entitled[r, c]
            if first[i]:
                counted[r, c] = True
                q = quintile[r]
                tally[3 + q] += 1
                if tied_at_onset[r, c]:
                    tally[3 + N_QUINTILES + q] += 1
    # Trust: the granted first, then the refused (each batch from the values before it).
    moved = np.empty(m)
    for i in range(m):
        if granted[i]:
            value = granted_personal if was_personal[i] else granted_anonymous
            moved[i] = toward(trust[rows[i]], value, rate)
    for i in range(m):
        if granted[i]:
            trust[rows[i]] = moved[i]
    for i in range(m):
        if not granted[i]:
            r, c = rows[i], cols[i]
            status[r, c] = OPEN
            step[r, c] = 0
            support[r, c] = 0.0
            value = refused_personal if was_personal[i] else refused_anonymous
            moved[i] = toward(trust[r], value, rate)
    for i in range(m):
        if not granted[i]:
            trust[rows[i]] = moved[i]
    return granted


@kernel
def decide_queue(
    rng, status, queued_at, coordinated, entitled, personal, capacity, wrongful, counted,
    quintile, tied_at_onset, onset, step, support, trust, domains, owning, case_share,
    hours, practice, empathy, case_cost, personal_extra, practice_saving, help_hours,
    allowed, strictness, discretion_error, rate, week, tally, constants,
):  # fmt: skip
    """One agency's week of decisions (for each in turn, `decide_queues`): case management, queue.

    Replaces the agency's numpy passes: the hours its helped problems' case management
    takes (summed in numpy's order), the waiting applications in its domains oldest first,
    a worker drawn for each from the agencies' stream `rng` (``rng.integers``, as numpy),
    the cost of each, and the decisions as far as the hours reach (`decide_kernel`, drawing
    from the same stream).

    The residents' arrays come first, then the agency's domains, the agencies owning each
    domain, each household's share of case management (`model.case_share`), the hours left
    before case management, the staff's practice and empathy, the cost of a case at this
    week's burden, `PERSONAL_EXTRA_HOURS`, `learning.PRACTICE_TIME_SAVING`, the hours of
    case management per problem, the discretion the rules leave, then what `decide_kernel`
    takes. Returns the case management hours, the applications waiting, those decided,
    the hours they took and the entitled ones granted (decided is -1 when the agency
    decides nothing this week: no hours, no staff or no queue).
    """
    n, nd = status.shape[0], domains.size
    # Domain by domain (a plain loop over households runs fastest); the shares land where
    # numpy's order of households then domains puts them, zero where nothing is helped.
    # The waiting applications are noted in the same pass, by place in that order.
    managed = np.zeros(n * nd)
    place = np.empty(n * nd, dtype=np.int64)
    waiting = 0
    for j in range(nd):
        c = domains[j]
        for r in range(n):
            if status[r, c] == HELPED:
                managed[r * nd + j] = case_share[r] / owning[c]
            elif status[r, c] == WAITING:
                place[waiting] = r * nd + j
                waiting += 1
    ongoing = pairwise_sum(managed) * help_hours
    hours = hours - ongoing
    if waiting == 0 or hours <= 0 or practice.size == 0:
        return ongoing, waiting, -1, 0.0, 0
    # Households then domains (the places of several domains sorted into that order),
    # then oldest first: the sort is stable, so equally old ones keep that order.
    place = place[:waiting] if nd == 1 else np.sort(place[:waiting])
    rows = np.empty(waiting, dtype=np.int64)
    cols = np.empty(waiting, dtype=np.int64)
    since = np.empty(waiting, dtype=np.int64)
    for w in range(waiting):
        r, c = place[w] // nd, domains[place[w] % nd]
        rows[w], cols[w], since[w] = r, c, queued_at[r, c]
    order = week_order(since)
    rows, cols = rows[order], cols[order]
    who = rng.integers(0, practice.size, waiting)
    cost = np.empty(waiting)
    cum = 0.0
    taken = 0
    for i in range(waiting):
        r, c = rows[i], cols[i]
        # One plan: one decision for all agencies involved, instead of one each.
        agencies = 1.0 if coordinated[r] else owning[c]
        cost[i] = (
            case_cost
            * agencies
            * (1.0 + personal_extra * personal[r, c])
            * (1.0 - practice_saving * practice[who[i]])
        )
        cum += cost[i]
        taken += cum <= hours
    coping = np.empty(taken)
    for i in range(taken):
        value = allowed * (0.5 + empathy[who[i]] + practice[who[i]])
        coping[i] = min(1.0, max(0.0, value))
    rows, cols = rows[:taken], cols[:taken]
    rightful = 0
    if taken:
        granted = decide_kernel(
            status, entitled, personal, capacity, wrongful, counted, quintile, tied_at_onset,
            onset, step, support, trust, rows, cols, coping, np.zeros(taken, dtype=np.bool_),
            np.zeros(taken), rng.random(taken), strictness, discretion_error, rate, week,
            tally, constants,
        )  # fmt: skip
        for i in range(taken):
            rightful += granted[i] and entitled[rows[i], cols[i]]
    return ongoing, waiting, taken, pairwise_sum(cost[:taken]), rightful


@kernel
def decide_queues(
    streams, status, queued_at, coordinated, entitled, personal, capacity, wrongful, counted,
    quintile, tied_at_onset, onset, step, support, trust, domains, domain_counts, owning,
    case_share, staff_counts, practice, empathy, burnout, staff_hours, effort, case_hours,
    case_cost, personal_extra, practice_saving, help_hours, allowed, strictness,
    discretion_error, rate, week, booked, tally, constants,
):  # fmt: skip
    """Every agency's week (`agents.Agency.act_together`), in the order given, in one call.

    Each agency in turn, as `agents.Agency.step` did one by one: its staff's hours, less
    the effort and then `decide_queue` on its domains and staff, all drawing from the one
    stream ``streams[0]`` in the same order (the agencies' stream in a typed list: a
    generator handed to a kernel by itself costs some microseconds a call to type). The
    agencies' domains follow one another in `domains`, ``domain_counts[a]`` of agency
    ``a``; so do their staff's practice, empathy and burnout (``staff_counts[a]`` of
    agency ``a``, in the staff's order).

    `booked` holds this week's hours and decision hours in the ledger so far; each
    agency's effort, case management and decision hours are added to them one after the
    other, as the ledger would add them, so the floating sums come out bit for bit (the
    other counts are whole numbers, added to `tally` and `rightful`, whose sum does not
    depend on the order). Returns each agency's pressure and the rightful grants.
    """
    rng = streams[0]
    n_agencies = domain_counts.size
    pressure = np.empty(n_agencies)
    rightful = 0
    d0 = 0
    s0 = 0
    for a in range(n_agencies):
        d1, s1 = d0 + domain_counts[a], s0 + staff_counts[a]
        # In the staff's order, from nothing (as Python's ``sum`` over the workers).
        hours = 0.0
        for k in range(s0, s1):
            hours += staff_hours * (1.0 - 0.5 * burnout[k])
        booked[0] += min(hours, effort)
        hours -= effort
        ongoing, waiting, decided, spent, right = decide_queue(
            rng, status, queued_at, coordinated, entitled, personal, capacity, wrongful,
            counted, quintile, tied_at_onset, onset, step, support, trust, domains[d0:d1],
            owning, case_share, hours, practice[s0:s1], empathy[s0:s1], case_cost,
            personal_extra, practice_saving, help_hours, allowed, strictness,
            discretion_error, rate, week, tally, constants,
        )  # fmt: skip
        booked[0] += ongoing
        hours -= ongoing
        if decided < 0:
            pressure[a] = waiting / max(1.0, max(hours, 0.0) / case_hours)
        else:
            booked[0] += spent
            booked[1] += spent
            rightful += right
            pressure[a] = (waiting - decided) / max(decided, 1)
        d0, s0 = d1, s1
    return pressure, rightful
