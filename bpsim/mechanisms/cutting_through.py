"""Frontline best persons: stretching discretion and cutting through procedure.

A frontline worker who is a best person (frontliniewerker) stretches discretion for
residents, makes personal contact, cuts through procedure and crosses domain
boundaries (Van den Brink et al. 2012; Lipsky 1980; Tummers et al. 2015). They work
inside an agency, so they see its cases (applications in procedure or waiting in
its domains). Each week they take as many cases as their hours allow. The
procedure says: oldest first; a best person would rather choose - the households
they know and those with least capacity to act first - and may do so for a case
where the rules allow it (`freedom.permits`): help for some is then help not given,
this week, to strangers waiting longer. For each case, entrepreneurship decides
whether they try to decide it outside procedure; where the rules allow it they
decide it themselves, by judgement, at once (see `discretion`, with its errors);
where not, the attempt is blocked and they decide in procedure with personal
contact (a waiting case) or help the household through its remaining steps (a case
still in procedure). A case decided in procedure costs the procedure's hours
(checks and reporting grow with the rule burden); one decided outside it, the
plain case hours. Talking to the household, they hear of its problems in other
domains (empathy); they take them up (entrepreneurship) where the rules allow
crossing the domain boundary, starting a procedure with support.
"""

from __future__ import annotations

import numpy as np

from bpsim.mechanisms import discretion, freedom, help_seeking, ties, trust
from bpsim.mechanisms.freedom import Deeds
from bpsim.mechanisms.informal_help import told
from bpsim.state import APPLYING, OPEN, TIED, WAITING, Week

#: Support when helping with remaining steps (assumption).
STEP_SUPPORT = 0.5
#: Linking tie a personal case adds, and the tie to the best person (assumption).
CASE_LINK = 0.3
KNOW_TIE = 0.3


def in_procedure_hours(p, burden: float) -> float:
    """Hours for one case decided in procedure (checks and reporting grow with rule burden)."""
    return p.case_hours * (1.0 + p.case_hours_burden * burden)


def choose_cases(res, rng, p, rows, cols, n: int) -> np.ndarray:
    """Pick `n` of the cases: queue order, or by own choice where the rules allow it.

    Returns:
        Indices into (rows, cols) of the cases taken, and how many were chosen freely
        (the rules allow a free choice case by case, `freedom.permits`' chance).
    """
    if rows.size <= n:
        return np.arange(rows.size), 0
    free = int(rng.binomial(n, p.freedom_of_movement))
    # Own choice: households they know first, then those with least capacity to act.
    key = res.capacity[rows] - (res.bp_tie[rows] >= TIED)
    chosen = np.argsort(key, kind="stable")[:free]
    # Procedure: oldest first (waiting cases by queue week, the others by onset).
    waiting = res.status[rows, cols] == WAITING
    since = np.where(waiting, res.queued_at[rows, cols], res.onset[rows, cols]).astype(float)
    since[chosen] = np.inf
    queue = np.argsort(since, kind="stable")[: n - free]
    return np.concatenate([chosen, queue]), free


def work_cases(
    ctx: Week,
    rng: np.random.Generator,
    *,
    domains: np.ndarray,
    hours: float,
    empathy: float,
    entrepreneurship: float,
) -> Deeds:
    """One week of a frontline best person's cases.

    Args:
        ctx: The week.
        rng: Random stream.
        domains: Domains of the best person's agency.
        hours: Hours available for households this week.
        empathy: The best person's empathy.
        entrepreneurship: The best person's entrepreneurship.

    Returns:
        What the best person did.
    """
    res, p = ctx.res, ctx.p
    slow = in_procedure_hours(p, ctx.burden)
    sub = res.status[:, domains]
    rows, j = np.nonzero((sub == APPLYING) | (sub == WAITING))
    if rows.size == 0 or hours < p.case_hours:
        return Deeds()
    cols = domains[j]
    # Plan for the slower, in-procedure cost; cases cut through leave hours for more.
    most = int(hours // p.case_hours)
    pick, _ = choose_cases(res, rng, p, rows, cols, most)
    rows, cols = rows[pick], cols[pick]
    try_outside = rng.random(rows.size) < entrepreneurship
    allowed = freedom.permits(rng, p, rows.size)
    outside = try_outside & allowed
    blocked_cases = try_outside & ~allowed
    applying = res.status[rows, cols] == APPLYING
    cost = np.where(outside, p.case_hours, np.where(applying, p.case_hours, slow))
    take = np.cumsum(cost) <= hours
    rows, cols, outside, applying = rows[take], cols[take], outside[take], applying[take]
    blocked = int(blocked_cases[take].sum())
    ctx.ledger.add("hours", float(cost[take].sum()))
    # Cases still in procedure and not cut through: help with the steps.
    stay = applying & ~outside
    res.support[rows[stay], cols[stay]] += STEP_SUPPORT
    trust.experience(res, rows[stay], trust.EXPERIENCE_PERSONAL_CONTACT, p.trust_learning_rate)
    decide = ~stay
    dr, dc = rows[decide], cols[decide]
    res.personal[dr, dc] = True
    coping = discretion.coping_towards_clients(
        empathy, 0.0, discretion.allowed_discretion(p, ctx.burden)
    )
    granted = discretion.decide(ctx, rng, dr, dc, np.full(dr.size, coping), outside=outside[decide])
    ties.link(res, rows, CASE_LINK)
    ties.know_best_person(res, rows, KNOW_TIE)
    # Crossing domain boundaries: problems the household tells of in other domains.
    heard = told(res, rows, res.status[rows] == OPEN, empathy, rng)
    want = heard & (rng.random(heard.shape) < entrepreneurship)
    allowed = freedom.permits(rng, p, want.shape)
    blocked += int((want & ~allowed).sum())
    orow, ocol = np.nonzero(want & allowed)
    orow = rows[orow]
    help_seeking.start(res, p, rng, orow, ocol)
    res.support[orow, ocol] += STEP_SUPPORT
    helped = int(granted.sum() + stay.sum() + np.unique(orow).size)
    return Deeds(helped=helped, actions=int(rows.size + orow.size), blocked=blocked)
