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

from bpsim.core.mechanisms import discretion, freedom, help_seeking, ties, trust
from bpsim.core.mechanisms.freedom import Deeds
from bpsim.core.mechanisms.informal_help import first_claims, told
from bpsim.core.state import APPLYING, OPEN, TIED, WAITING, Team, Week, rounds

#: Support when helping with remaining steps, at full empathy
#: (assumption; it scales with the supporter's empathy: a household keeps going with
#: someone beside it whom it trusts).
STEP_SUPPORT = 0.55
#: Linking tie a personal case adds, and the tie to the best person at full empathy
#: (assumption).
CASE_LINK = 0.3
KNOW_TIE = 0.3
# Random numbers a frontline best person draws per case: trying to decide it outside
# procedure, the rules' permission, the decision; and per case and domain, for problems
# in other domains: telling, acting, the rules' permission, a contact person.
_CASE_LAYERS = 3
_OTHER_LAYERS = 4


def in_procedure_hours(p, burden: float) -> float:
    """Hours for one case decided in procedure (checks and reporting grow with rule burden)."""
    return p.case_hours * (1.0 + p.case_hours_burden * burden)


class AgencyCases:
    """An agency's cases this week (applications in procedure or waiting in its domains).

    Its frontline best persons share the list: each takes cases from what the earlier
    ones left. The two orders they may take cases in are sorted once for all of them
    (when first needed), since the households' state does not change while they choose.

    Attributes:
        rows: Household of each case.
        cols: Domain of each case.
    """

    def __init__(self, res, domains: np.ndarray) -> None:
        sub = res.status[:, domains]
        self._res = res
        self.rows, j = np.nonzero((sub == APPLYING) | (sub == WAITING))
        self.cols = domains[j]
        self._by_choice: np.ndarray | None = None
        self._by_queue: np.ndarray | None = None

    @property
    def by_choice(self) -> np.ndarray:
        """Own choice: households they know first, then those with least capacity to act."""
        if self._by_choice is None:
            res, rows = self._res, self.rows
            key = res.capacity[rows] - (res.bp_tie[rows] >= TIED)
            self._by_choice = np.argsort(key, kind="stable")
        return self._by_choice

    @property
    def by_queue(self) -> np.ndarray:
        """Procedure: oldest first (waiting cases by queue week, the others by onset)."""
        if self._by_queue is None:
            res, rows, cols = self._res, self.rows, self.cols
            waiting = res.status[rows, cols] == WAITING
            since = np.where(waiting, res.queued_at[rows, cols], res.onset[rows, cols])
            self._by_queue = np.argsort(since, kind="stable")
        return self._by_queue


def choose_cases(
    rng: np.random.Generator, p, burden: float, cases: AgencyCases, free: np.ndarray, n: int
) -> tuple[np.ndarray, int]:
    """Pick `n` of the cases still free: queue order, or by own choice where the rules allow it.

    Args:
        rng: The best person's random stream.
        p: Scenario parameters (`freedom_of_movement`).
        burden: The effective rule burden.
        cases: The agency's cases.
        free: Which of them no one has taken this week.
        n: Places: cases the hours allow at most.

    Returns:
        Indices into `cases` of the cases taken (those chosen first, in order of choice,
        then those by queue order), and how many choices the rules refused (each of the
        `n` places is a choice the rules allow or not, `freedom.permits`; with no more
        cases than places there is nothing to choose).
    """
    available = np.flatnonzero(free)
    if available.size <= n:
        return available, 0
    allowed = int(freedom.permits(rng, p, burden, n).sum())
    by_choice = cases.by_choice
    chosen = by_choice[free[by_choice]][:allowed]
    left = free.copy()
    left[chosen] = False
    by_queue = cases.by_queue
    queue = by_queue[left[by_queue]][: n - allowed]
    return np.concatenate([chosen, queue]), n - allowed


def work_cases(ctx: Week, team: Team, *, agencies: list[np.ndarray]) -> Deeds:
    """One week of the frontline best persons' cases.

    Each sees the cases of their own agency as they stand when the frontline best
    persons start the week's work; they take cases one after the other (in the week's
    order) from what the earlier ones left, so no case is taken twice (agencies may
    share a domain).

    Args:
        ctx: The week.
        team: The frontline best persons, with their hours for households this week.
        agencies: The domains of each one's agency (the same array object for
            colleagues in the same agency).

    Returns:
        What each did.
    """
    res, p = ctx.res, ctx.p
    k = len(team)
    slow = in_procedure_hours(p, ctx.burden)
    lists: dict[int, AgencyCases] = {}
    taken = np.zeros(res.status.shape, dtype=bool)
    taken_rows, taken_cols, counts, outside_l, applying_l, draws_l = [], [], [], [], [], []
    blocked = np.zeros(k, dtype=np.int64)
    spent = 0.0
    for i in range(k):
        rng, hours, domains = team.streams[i], float(team.hours[i]), agencies[i]
        if id(domains) not in lists:
            lists[id(domains)] = AgencyCases(res, domains)
        cases = lists[id(domains)]
        if hours < p.case_hours or cases.rows.size == 0:
            counts.append(0)
            continue
        free = ~taken[cases.rows, cases.cols]
        if not free.any():
            counts.append(0)
            continue
        # Take as many cases as the plain cost allows; those decided in procedure cost
        # more, and the hours decide how far down the list they get (below).
        most = int(hours // p.case_hours)
        pick, refused = choose_cases(rng, p, ctx.burden, cases, free, most)
        rows, cols = cases.rows, cases.cols
        draws = rng.random((pick.size, _CASE_LAYERS))
        try_outside = draws[:, 0] < team.entrepreneurship[i]
        allowed = freedom.allows(p, ctx.burden, draws[:, 1])
        outside = try_outside & allowed
        applying = res.status[rows[pick], cols[pick]] == APPLYING
        cost = np.where(outside | applying, p.case_hours, slow)
        take = np.cumsum(cost) <= hours
        # Each place they would have filled by choice but had to fill by queue order is
        # a blocked action (the choice is made for the week's list, before hours run out).
        blocked[i] = int((try_outside & ~allowed)[take].sum()) + refused
        spent += float(cost[take].sum())
        taken[rows[pick[take]], cols[pick[take]]] = True
        taken_rows.append(rows[pick[take]])
        taken_cols.append(cols[pick[take]])
        outside_l.append(outside[take])
        applying_l.append(applying[take])
        draws_l.append(draws[take, 2])
        counts.append(int(take.sum()))
    none = np.zeros(0, dtype=np.intp)
    if not taken_rows or sum(counts) == 0:
        return Deeds.of_team(k, helped=(none, none), actions=none, blocked=blocked)
    ctx.ledger.add("hours", spent)
    rows, cols = np.concatenate(taken_rows), np.concatenate(taken_cols)
    outside, applying = np.concatenate(outside_l), np.concatenate(applying_l)
    owner = team.member_of_each(counts)
    empathy = team.empathy[owner]
    # Cases still in procedure and not cut through: help with the steps.
    stay = applying & ~outside
    res.support[rows[stay], cols[stay]] += STEP_SUPPORT * empathy[stay]
    # A household with two cases meets the best person once; one that two of them
    # helped meets both (see `state.rounds`).
    once = first_claims(rows, owner)
    met = rows[once & stay]
    for idx in rounds(met):
        trust.experience(res, met[idx], trust.EXPERIENCE_PERSONAL_CONTACT, p.trust_learning_rate)
    decide = ~stay
    dr, dc = rows[decide], cols[decide]
    res.personal[dr, dc] = True
    coping = discretion.coping_towards_clients(
        empathy[decide], 0.0, discretion.allowed_discretion(p, ctx.burden)
    )
    granted = discretion.decide(
        ctx, None, dr, dc, coping, outside=outside[decide], empathy=empathy[decide],
        draws=np.concatenate(draws_l)[decide],
    )  # fmt: skip
    ties.link(res, rows[once], CASE_LINK)
    ties.know_best_person(res, rows[once], KNOW_TIE * empathy[once])
    # Crossing domain boundaries: problems the household tells of in other domains.
    d = res.status.shape[1]
    draws = team.draw(counts, (_OTHER_LAYERS, d))
    other = res.status[rows] == OPEN
    own = np.zeros((k, d), dtype=bool)
    for i, domains in enumerate(agencies):
        own[i, domains] = True
    other &= ~own[owner]
    heard = told(res, rows, other, empathy, draws[:, 0])
    want = heard & (draws[:, 1] < team.entrepreneurship[owner][:, None])
    allowed = freedom.allows(p, ctx.burden, draws[:, 2])
    blocked += np.bincount(owner, weights=(want & ~allowed).sum(axis=1), minlength=k).astype(
        np.int64
    )
    o, ocol = np.nonzero(want & allowed)
    first = first_claims(rows[o], ocol)
    o, ocol = o[first], ocol[first]
    help_seeking.start(res, p, rows[o], ocol, draws[o, 3, ocol])
    res.support[rows[o], ocol] += STEP_SUPPORT * empathy[o]
    case = np.nonzero(decide)[0][granted]
    helped_idx = np.concatenate([case, np.nonzero(stay)[0], o])
    actions = np.concatenate([owner, owner[o]])
    return Deeds.of_team(
        k, helped=(owner[helped_idx], rows[helped_idx]), actions=actions, blocked=blocked
    )
