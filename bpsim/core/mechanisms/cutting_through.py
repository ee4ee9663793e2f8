"""Frontline best persons: stretching discretion and cutting through procedure.

A frontline worker who is a best person (frontliniewerker) stretches discretion for
residents, makes personal contact, cuts through procedure and crosses domain
boundaries (Van den Brink et al. 2012; Lipsky 1980; Tummers et al. 2015). They work
inside an agency, so they see its cases (applications in procedure or waiting in
its domains). Each week they take as many cases as their hours allow. The
procedure says: oldest first; a best person would rather choose - the households
they know and those with least capacity to act first - and may do so for a case
where the rules allow it (`freedom.allowed`): help for some is then help not given,
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

from itertools import accumulate

import numpy as np

from bpsim.core.compiled import kernel, pairwise_sum, team_draws, week_order
from bpsim.core.mechanisms import discretion, freedom, help_seeking, informal_help
from bpsim.core.mechanisms.freedom import Deeds, attempt
from bpsim.core.mechanisms.informal_help import (
    claimed,
    could_tell,
    first_claims,
    households_helped,
    listed,
    told_and_taken_up,
)
from bpsim.core.mechanisms.procedures import start_with_support, stay_beside
from bpsim.core.mechanisms.ties import know_best_person, link
from bpsim.core.mechanisms.trust import experienced
from bpsim.core.state import APPLYING, TIED, WAITING, Team, Week

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


def choosing_bar(p, burden: float) -> float:
    """The draw a choice out of queue order must reach for the rules to allow it (`freedom`)."""
    return freedom.bar(p, burden)


@kernel
def case_lists(
    status: np.ndarray, dom_start: np.ndarray, dom_flat: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The agencies' cases this week: household and domain of each, one list per agency.

    A case is an application in procedure or waiting. Agency a's domains are
    ``dom_flat[dom_start[a]:dom_start[a + 1]]`` (each once); its list is entries
    ``case_start[a]`` to ``case_start[a + 1]`` of the rows and cols returned, household by
    household and, within a household, in the order of its domains (numpy's row-major
    order). The agency's frontline best persons share the list: each takes cases from
    what the earlier ones left (`work_cases_kernel`).

    Returns:
        The households, the domains and where each agency's list starts (and the last
        one ends).
    """
    n, d = status.shape
    n_lists = dom_start.size - 1
    # One pass over the table, row by row as it lies in memory: each domain's cases.
    in_domain = np.empty((d, n), dtype=np.int64)
    count = np.zeros(d, dtype=np.int64)
    for r in range(n):
        for c in range(d):
            if status[r, c] == APPLYING or status[r, c] == WAITING:
                in_domain[c, count[c]] = r
                count[c] += 1
    case_start = np.zeros(n_lists + 1, dtype=np.int64)
    for a in range(n_lists):
        size = 0
        for c in dom_flat[dom_start[a] : dom_start[a + 1]]:
            size += count[c]
        case_start[a + 1] = case_start[a] + size
    rows = np.empty(case_start[n_lists], dtype=np.int64)
    cols = np.empty(case_start[n_lists], dtype=np.int64)
    for a in range(n_lists):
        doms = dom_flat[dom_start[a] : dom_start[a + 1]]
        j = case_start[a]
        if doms.size == 1:
            c = doms[0]
            rows[j : j + count[c]] = in_domain[c, : count[c]]
            cols[j : j + count[c]] = c
            continue
        # Several domains: merged by household (each domain's cases are in household
        # order); a household's domains in the agency's order.
        at = np.zeros(doms.size, dtype=np.int64)
        while j < case_start[a + 1]:
            best = -1
            for q in range(doms.size):
                c = doms[q]
                if at[q] < count[c] and (
                    best < 0 or in_domain[c, at[q]] < in_domain[doms[best], at[best]]
                ):
                    best = q
            c = doms[best]
            rows[j], cols[j] = in_domain[c, at[best]], c
            at[best] += 1
            j += 1
    return rows, cols, case_start


@kernel
def choice_order(capacity: np.ndarray, bp_tie: np.ndarray, rows: np.ndarray):
    """Own choice: the cases of households `rows` in the order a best person would take them.

    Households they know first, then those with least capacity to act, ties in list order
    (the order of a stable sort). The order is made as far as it is read
    (`chosen_at`): the colleagues of an agency take a few cases each from the front of a
    list of hundreds, so sorting all of it every week was most of their kernel's time.

    Returns:
        The order as `chosen_at` reads it: each case's key, a heap of the cases not yet
        placed, the places so far, and how many are in the heap and placed.
    """
    m = rows.size
    keys, heap = np.empty(m), np.empty(m, dtype=np.int64)
    out, state = np.empty(m, dtype=np.int64), np.zeros(2, dtype=np.int64)
    start_choice_order(capacity, bp_tie, rows, keys, heap, state)
    return keys, heap, out, state


@kernel
def start_choice_order(capacity, bp_tie, rows, keys, heap, state) -> None:
    """Fill a `choice_order` in place (keys, heap, state), with nothing placed yet."""
    m = rows.size
    for i in range(m):
        keys[i] = capacity[rows[i]] - (bp_tie[rows[i]] >= TIED)
        heap[i] = i
    for i in range(m // 2 - 1, -1, -1):
        _sift_down(heap, keys, m, i)
    state[0], state[1] = m, 0


@kernel
def _before(keys, a, b) -> bool:
    """Whether case a comes before case b: by key, then by place in the list (stable)."""
    return keys[a] < keys[b] or (keys[a] == keys[b] and a < b)


@kernel
def _sift_down(heap, keys, size, i) -> None:
    """Move heap item i down to its place among the first `size` (least first)."""
    while True:
        child = 2 * i + 1
        if child >= size:
            return
        if child + 1 < size and _before(keys, heap[child + 1], heap[child]):
            child += 1
        if not _before(keys, heap[child], heap[i]):
            return
        heap[i], heap[child] = heap[child], heap[i]
        i = child


@kernel
def chosen_at(keys, heap, out, state, pos) -> int:
    """Place `pos` of a `choice_order` (pos below the list's length), placing up to it first."""
    while state[1] <= pos:
        size = state[0] - 1
        out[state[1]] = heap[0]
        heap[0] = heap[size]
        state[0] = size
        _sift_down(heap, keys, size, 0)
        state[1] += 1
    return out[pos]


@kernel
def queue_order(status, queued_at, onset, rows, cols) -> np.ndarray:
    """The procedure's order of the cases (rows, cols): oldest first.

    Waiting cases by the week they joined the queue, the others by onset (a stable sort).
    """
    since = np.empty(rows.size, dtype=np.int64)
    for i in range(rows.size):
        r, c = rows[i], cols[i]
        since[i] = queued_at[r, c] if status[r, c] == WAITING else onset[r, c]
    return week_order(since)


@kernel
def _past_taken(order, free, at):
    """The first place from `at` on in `order` whose case is free (or the end)."""
    while at < order.size and not free[order[at]]:
        at += 1
    return at


@kernel
def _past_taken_by_choice(by_choice, free, at):
    """`_past_taken` in a `choice_order`."""
    while at < free.size and not free[chosen_at(*by_choice, at)]:
        at += 1
    return at


@kernel
def choose(rng, bar, by_choice, by_queue, free, n, n_free, cursors):
    """Pick `n` of the cases still free: queue order, or by own choice where the rules allow it.

    Args:
        rng: The best person's random stream.
        bar: The draw a choice must reach for the rules to allow it (`freedom.bar`).
        by_choice: The agency's cases in the order of own choice (`choice_order`, read
            with `chosen_at`).
        by_queue: ... in the procedure's order (`queue_order`). Both are sorted once for
            all the agency's frontline best persons, since the households' state does not
            change while they choose.
        free: Which cases no one has taken this week (left as it was).
        n: Places: cases the hours allow at most.
        n_free: How many cases are free.
        cursors: How far down `by_choice` and `by_queue` every case is taken; moved on
            past the cases taken since the last call (a case taken stays taken all week),
            so colleagues after one another do not read the taken ones again.

    Returns:
        Indices of the cases taken (those chosen first, in order of choice, then those by
        queue order), and how many choices the rules refused (each of the `n` places is
        a choice the rules allow or not, `freedom.allowed`; with no more cases than places
        there is nothing to choose).
    """
    if n_free <= n:
        return np.flatnonzero(free), 0
    allowed = 0
    for draw in rng.random(n):
        allowed += freedom.allowed(draw, bar)
    size = free.size
    cursors[0] = _past_taken_by_choice(by_choice, free, cursors[0])
    cursors[1] = _past_taken(by_queue, free, cursors[1])
    pick = np.empty(n, dtype=np.int64)
    j = 0
    for at in range(cursors[0], size):
        if j >= allowed:
            break
        idx = chosen_at(*by_choice, at)
        if free[idx]:
            pick[j] = idx
            free[idx] = False  # for the queue's turn below
            j += 1
    chosen = j
    for at in range(cursors[1], size):
        if j >= n:
            break
        idx = by_queue[at]
        if free[idx]:
            pick[j] = idx
            j += 1
    # Chosen is not yet taken: the hours decide how many of the places are filled.
    for t in range(chosen):
        free[pick[t]] = True
    return pick, n - allowed


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
    # One case list per agency: colleagues share it.
    lists: dict[int, int] = {}
    domains = []
    for doms in agencies:
        if id(doms) not in lists:
            lists[id(doms)] = len(lists)
            domains.append(doms)
    agency_of = np.array([lists[id(doms)] for doms in agencies], dtype=np.int64)
    dom_start = np.fromiter(accumulate((doms.size for doms in domains), initial=0), np.int64)
    dom_flat = np.concatenate(domains).astype(np.int64) if domains else np.zeros(0, np.int64)
    tally = np.zeros(discretion.TALLY_SIZE)
    helped, actions, blocked, spent, taken = work_cases_kernel(
        *team.kernel_args(), agency_of, dom_start, dom_flat,
        res.status, res.capacity, res.bp_tie, res.queued_at, res.onset, res.entitled,
        res.personal, res.support, res.trust, res.wrongful, res.counted, res.quintile,
        res.tied_at_onset, res.step, res.linking,
        p.case_hours, in_procedure_hours(p, ctx.burden), choosing_bar(p, ctx.burden),
        freedom.bar(p, ctx.burden), p.eligibility_error * ctx.burden, p.discretion_error,
        discretion.allowed_discretion(p, ctx.burden), p.trust_learning_rate,
        help_seeking.contact_person(p), ctx.week, tally, constants(), discretion.constants(),
    )  # fmt: skip
    if taken:
        ctx.ledger.add("hours", spent)
        discretion.book(ctx.ledger, tally)
    return Deeds(helped, actions, blocked)


def constants() -> tuple[float, ...]:
    """The assumptions `work_cases_kernel` uses, read at each call (see `discretion.constants`)."""
    return (
        STEP_SUPPORT,
        CASE_LINK,
        KNOW_TIE,
        informal_help.NOTICE,
    )


@kernel
def work_cases_kernel(
    streams, at, hours, empathy, entrepreneurship, agency_of, dom_start, dom_flat,
    status, capacity, bp_tie, queued_at, onset, entitled, personal, support, trust, wrongful,
    counted, quintile, tied_at_onset, step, linking,
    case_hours, slow, choosing, bar, strictness, discretion_error, allowed_discretion, rate,
    contact_person, week, tally, constants, decide_constants,
):  # fmt: skip
    """`work_cases` for the whole team, in one loop over the team.

    Replaces, per person, the case choice, the draws and a dozen numpy passes, and after
    them the team's updates of support, trust, ties and decisions
    (`discretion.decide_kernel`) and the problems taken up in other domains. Each person
    draws from their own stream (``streams[at[i]]``) what the Python did, in the same
    order: the places chosen (`choose`), three numbers per case, then four per case and
    domain.

    The team comes first (streams, hours, empathy, entrepreneurship, each one's agency
    and the agencies' domains as a flat list), then the residents' arrays, then the week's
    numbers: the plain and the in-procedure case hours, the bars the rules set for a
    choice and for other actions outside them, the decisions' strictness and error, the
    discretion left, the trust learning rate, `help_seeking.contact_person`, the week.
    `tally` collects the decisions' counts; `constants` are `constants()` and
    `discretion.constants()`. Returns helped, actions and blocked per person, the hours
    spent and the cases taken.
    """
    step_support, case_link, know_tie, notice = constants
    contact_experience = contact_person[2]  # what meeting a best person is worth to trust
    k = at.size
    n, d = status.shape
    n_lists = dom_start.size - 1
    # The agencies' case lists, and for each which of its cases are still free (and how
    # many): a case one takes is taken for all lists that hold it (agencies sharing a
    # domain share its cases), and a list another list took from is read afresh.
    rows_all, cols_all, case_start = case_lists(status, dom_start, dom_flat)
    total = case_start[n_lists]
    holds = np.zeros((n_lists, d), dtype=np.bool_)
    for a in range(n_lists):
        for c in dom_flat[dom_start[a] : dom_start[a + 1]]:
            holds[a, c] = True
    free = np.ones(total, dtype=np.bool_)
    n_free = case_start[1:] - case_start[:-1]
    stale = np.zeros(n_lists, dtype=np.bool_)
    cursors = np.zeros((n_lists, 2), dtype=np.int64)
    # Each list's own-choice order (`choice_order`, made as far as it is read) and queue order.
    choice_keys = np.empty(total)
    choice_heap = np.empty(total, dtype=np.int64)
    by_choice = np.empty(total, dtype=np.int64)
    choice_state = np.zeros((n_lists, 2), dtype=np.int64)
    by_queue = np.empty(total, dtype=np.int64)
    sorted_list = np.zeros(n_lists, dtype=np.bool_)
    # Cases taken, in order: household, domain, owner, outside procedure, in procedure,
    # the decision's draw.
    e_row = np.empty(total, dtype=np.int64)
    e_col = np.empty(total, dtype=np.int64)
    e_owner = np.empty(total, dtype=np.int64)
    e_outside = np.empty(total, dtype=np.bool_)
    e_applying = np.empty(total, dtype=np.bool_)
    e_draw = np.empty(total)
    counts = np.zeros(k, dtype=np.int64)
    blocked = np.zeros(k, dtype=np.int64)
    taken = np.zeros((n, d), dtype=np.bool_)
    spent = 0.0
    m = 0
    for i in range(k):
        rng = streams[at[i]]
        a = agency_of[i]
        lo, hi = case_start[a], case_start[a + 1]
        if hours[i] < case_hours or hi == lo:
            continue
        if stale[a]:
            left = 0
            for j in range(lo, hi):
                free[j] = not taken[rows_all[j], cols_all[j]]
                left += free[j]
            n_free[a] = left
            stale[a] = False
        if n_free[a] == 0:
            continue
        rows_a, cols_a = rows_all[lo:hi], cols_all[lo:hi]
        if not sorted_list[a]:
            start_choice_order(
                capacity, bp_tie, rows_a, choice_keys[lo:hi], choice_heap[lo:hi],
                choice_state[a],
            )  # fmt: skip
            by_queue[lo:hi] = queue_order(status, queued_at, onset, rows_a, cols_a)
            sorted_list[a] = True
        # Take as many cases as the plain cost allows; those decided in procedure cost
        # more, and the hours decide how far down the list they get.
        most = int(hours[i] // case_hours)
        own_choice = (choice_keys[lo:hi], choice_heap[lo:hi], by_choice[lo:hi], choice_state[a])
        pick, refused = choose(
            rng, choosing, own_choice, by_queue[lo:hi], free[lo:hi], most, n_free[a], cursors[a]
        )
        draws = rng.random((pick.size, 3))
        cost = np.empty(pick.size)
        cum = 0.0
        took = 0
        for j in range(pick.size):
            r, c = rows_a[pick[j]], cols_a[pick[j]]
            outside, refused_outside = attempt(
                draws[j, 0], entrepreneurship[i], False, draws[j, 1], bar
            )
            applying = status[r, c] == APPLYING
            this = case_hours if outside or applying else slow
            cum += this
            if cum <= hours[i]:
                cost[took] = this
                # A place they would have filled by choice but had to fill by queue
                # order is a blocked action.
                blocked[i] += refused_outside
                taken[r, c] = True
                free[lo + pick[j]] = False
                n_free[a] -= 1
                for b in range(n_lists):
                    stale[b] |= b != a and holds[b, c]
                e_row[m], e_col[m], e_owner[m] = r, c, i
                e_outside[m], e_applying[m], e_draw[m] = outside, applying, draws[j, 2]
                m += 1
                took += 1
        blocked[i] += refused
        spent += pairwise_sum(cost[:took])
        counts[i] = took
    helped = np.zeros(k, dtype=np.int64)
    actions = np.zeros(k, dtype=np.int64)
    if m == 0:
        return helped, actions, blocked, spent, m
    rows, cols, owner = e_row[:m], e_col[:m], e_owner[:m]
    emp = empathy[owner]
    # Cases still in procedure and not cut through: help with the steps.
    stay = e_applying[:m] & ~e_outside[:m]
    steps = np.flatnonzero(stay)
    stay_beside(support, rows[steps], cols[steps], step_support * emp[steps])
    # A household with two cases meets the best person once; one that two of them
    # helped meets both, one after the other.
    once = first_claims(rows, owner)
    experienced(trust, rows[once & stay], contact_experience, rate)
    decide = np.flatnonzero(~stay)
    for e in decide:
        personal[rows[e], cols[e]] = True
    coping = np.empty(decide.size)
    for j in range(decide.size):
        # The workers' rule (`discretion`) with no practice term: a best person's coping
        # comes from their empathy alone (ODD 7.5).
        coping[j] = discretion.coping_towards_clients(emp[decide[j]], 0.0, allowed_discretion)
    granted = discretion.decide_kernel(
        status, entitled, personal, capacity, wrongful, counted, quintile, tied_at_onset,
        onset, step, support, trust, rows[decide], cols[decide], coping,
        e_outside[:m][decide], emp[decide], e_draw[:m][decide], strictness, discretion_error,
        rate, week, tally, decide_constants,
    )  # fmt: skip
    link(linking, rows[once], case_link)
    know_best_person(bp_tie, rows[once], know_tie * emp[once])
    # Crossing domain boundaries: problems the household tells of in other domains.
    own = np.zeros((k, d), dtype=np.bool_)
    for i in range(k):
        a = agency_of[i]
        for c in dom_flat[dom_start[a] : dom_start[a + 1]]:
            own[i, c] = True
    other = team_draws(streams, at, counts, 4, d)
    elsewhere = could_tell(status, rows, False) & ~own[owner]
    _, take_up = told_and_taken_up(
        elsewhere, rows, owner, other, notice, emp, entrepreneurship[owner], own, bar, bp_tie,
        blocked,
    )  # fmt: skip
    o_entry, o_col = claimed(rows, *listed(take_up))
    start_with_support(
        status, step, personal, linking, trust, support, rows, o_entry, o_col, other, 3,
        step_support * emp, rate, contact_person,
    )  # fmt: skip
    helped_idx = np.concatenate((decide[granted], steps, o_entry))
    helped = households_helped(owner[helped_idx], rows[helped_idx], k)
    for e in range(m):
        actions[owner[e]] += 1
    for e in o_entry:
        actions[owner[e]] += 1
    return helped, actions, blocked, spent, m
