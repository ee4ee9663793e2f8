"""Everyday doers: noticing hidden needs in their own street and helping informally.

An everyday doer (alledaagse doener) is a resident who fixes problems in their own
street, notices hidden needs early, helps informally and builds ties between
neighbours (Van den Brink et al. 2012; Kovacs 2020). A doer does not know who has
which problem: each week they drop in on neighbours in their street block, chosen
at random, and learn of a problem only if the household tells them - more likely
the more empathic the doer (`NOTICE` times empathy; a household that already knows
them tells more). Whether a problem told becomes action depends on
entrepreneurship (turning it into action). Problems in the doer's own domain
(social isolation) they may always take up; others only where the rules let a
resident act for a household (`freedom.attempt`); a refusal is a blocked action.
A light problem in a domain informal help fits is helped informally: it takes the
doer's hours every week until it is resolved or gives out (see `needs.resolve`),
and it is not take-up of an entitlement. Heavier problems, and those informal help
does not fit, get company to the agency: the doer starts the procedure with the
household and stays beside it (support). Visits connect neighbours: bonding ties
within the doer's group, bridging ties across; the household gets to know the doer
(a tie as strong as the doer is empathic: the tie to a best person is trust in them).
"""

from __future__ import annotations

import numpy as np

from bpsim.core.compiled import choice, kernel, team_draws
from bpsim.core.mechanisms import freedom, help_seeking
from bpsim.core.mechanisms.freedom import Deeds, attempt
from bpsim.core.mechanisms.procedures import start_with_support, stay_beside
from bpsim.core.mechanisms.ties import connect, know_best_person
from bpsim.core.state import APPLYING, INFORMAL, OPEN, Team, Week

#: Hours per drop-in visit (assumption).
HOURS_PER_VISIT = 1.5
#: Hours per week an informal case takes while it runs (assumption).
HOURS_PER_CASE_WEEK = 1.0
#: Awareness of help gained per visit, as share of what is missing, at full empathy and
#: entrepreneurship (assumption; people take in what someone they trust tells them, and
#: the doer must know the routes to tell of them).
AWARENESS_PER_VISIT = 0.33
#: Chance that a household that already knows a best person tells a fully empathic one
#: about one of its problems (assumption); a stranger tells half as often (see `told`).
NOTICE = 0.5
#: Heaviest problem informal help can take on (severity; assumption).
INFORMAL_MAX_SEVERITY = 0.5
#: How well informal help fits each domain (income & debt, housing, health, youth &
#: parenting, social isolation): the chance a light problem is taken on informally
#: rather than taken to an agency (assumption: informal help fits isolation best, and
#: budgeting and parenting support, less so housing and health, which need agencies).
INFORMAL_FIT = np.array([0.4, 0.2, 0.2, 0.4, 1.0])
#: Support given when going along to the agency, at full empathy
#: (assumption; it scales with the supporter's empathy: a household keeps going with
#: someone beside it whom it trusts).
ACCOMPANY_SUPPORT = 0.45
#: Tie strength a visit adds between neighbours at full empathy (engagement: at ease with
#: people of every background), and to the doer at full empathy (assumption: the tie to
#: a best person is trust in them, which follows empathy).
VISIT_TIE = 0.33
KNOW_TIE = 0.3
#: The everyday doer's own domain: social isolation (the last domain).
OWN_DOMAIN = 4


@kernel
def told(draw: float, notice: float, empathy: float, tie: float) -> bool:
    """Whether a household tells a best person of one of its problems (one draw).

    With chance `NOTICE` x the listener's empathy x min(1, 0.5 + the household's tie to
    best persons): a household that knows a best person tells more, a stranger half as
    often. `notice` is `NOTICE`, read by the caller.
    """
    return draw < notice * empathy * min(1.0, 0.5 + tie)


@kernel
def told_and_taken_up(
    tellable, rows, owner, draws, notice, empathy, entrepreneurship, own, bar, bp_tie, blocked
):
    """The problems a team is told of and takes up, on the numbers each person drew.

    The one rule of all four best-person types: a household tells of a problem it could
    tell of (`tellable`, one row per household a person was with) on its first number
    (`told`); a problem told is taken up on the next two (`freedom.attempt`: whether
    they try, and, outside the person's own domains `own`, whether the rules allow it).
    `rows` and `owner` are each row's household and person, `draws` their numbers (row,
    layer, domain), `empathy` and `entrepreneurship` one per row; the actions the rules
    refused are added to each person's `blocked`.

    Returns:
        Which problems (row, domain) were told, and which of them were taken up.
    """
    m, d = tellable.shape
    heard = np.zeros((m, d), dtype=np.bool_)
    taken = np.zeros((m, d), dtype=np.bool_)
    for e in range(m):
        r, i = rows[e], owner[e]
        for c in range(d):
            if tellable[e, c] and told(draws[e, 0, c], notice, empathy[e], bp_tie[r]):
                heard[e, c] = True
                taken[e, c], refused = attempt(
                    draws[e, 1, c], entrepreneurship[e], own[i, c], draws[e, 2, c], bar
                )
                blocked[i] += refused
    return heard, taken


@kernel
def could_tell(status, rows, applying):
    """The problems of households `rows` (one row each) they could tell a best person of.

    Open problems, and with `applying` those in a procedure too (a best person beside a
    household helps it through its steps).
    """
    m, d = rows.size, status.shape[1]
    out = np.empty((m, d), dtype=np.bool_)
    for e in range(m):
        for c in range(d):
            s = status[rows[e], c]
            out[e, c] = s == OPEN or (applying and s == APPLYING)
    return out


@kernel
def own_table(domains, d):
    """Each person's own domain (one each, `domains`) as a (person, domain) table."""
    own = np.zeros((domains.size, d), dtype=np.bool_)
    for i in range(domains.size):
        own[i, domains[i]] = True
    return own


@kernel
def listed(table):
    """The rows and domains of a (row, domain) table's true cells, row by row."""
    m, d = table.shape
    rows = np.empty(m * d, dtype=np.int64)
    cols = np.empty(m * d, dtype=np.int64)
    n = 0
    for e in range(m):
        for c in range(d):
            if table[e, c]:
                rows[n], cols[n] = e, c
                n += 1
    return rows[:n], cols[:n]


@kernel
def first_claims(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Which of the problems (a: households, b: domains), in order, are the first claim on one.

    Two best persons of a team may act on the same problem in the same week; the one
    earlier in the week's order takes it (the later one finds it taken). Any pairs will
    do: (household, person) pairs give each person's first listing of a household.
    """
    m = a.size
    keep = np.zeros(m, dtype=np.bool_)
    if m == 0:
        return keep
    span = np.int64(b.max()) + 1
    keys = a.astype(np.int64) * span + b
    order = np.argsort(keys, kind="mergesort")
    keep[order[0]] = True
    for j in range(1, m):
        if keys[order[j]] != keys[order[j - 1]]:
            keep[order[j]] = True
    return keep


@kernel
def claimed(rows: np.ndarray, entries: np.ndarray, cols: np.ndarray):
    """The entries (and their domains `cols`) that are the first claim on their problem.

    `rows` are the households of all entries (`first_claims` on the problems listed).
    """
    first = first_claims(rows[entries], cols)
    return entries[first], cols[first]


@kernel
def households_helped(owner: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """Households each of `k` people helped (`Deeds.of_team`: a household helped twice once)."""
    helped = np.zeros(k, dtype=np.int64)
    first = first_claims(owner, rows)
    for i in range(owner.size):
        if first[i]:
            helped[owner[i]] += 1
    return helped


@kernel
def in_touch(streams, at, hours, reach, bounds, per_household):
    """The households each person of a team is in touch with this week, chosen at random.

    Each person takes as many households of their reach (one flat array, person i's from
    ``bounds[at[i], 0]`` to ``bounds[at[i], 1]``, `state.Team.reach_table`) as their hours allow at
    `per_household` hours each, chosen from their own stream (numpy's `choice`,
    `compiled.choice`).

    Returns:
        How many households each person is with, and per household listed (in the team's
        order) the household and the person.
    """
    k = at.size
    counts = np.zeros(k, dtype=np.int64)
    for i in range(k):
        size = bounds[at[i], 1] - bounds[at[i], 0]
        counts[i] = min(int(hours[i] // per_household), size)
    m = counts.sum()
    rows = np.empty(m, dtype=np.int64)
    owner = np.empty(m, dtype=np.int64)
    e = 0
    for i in range(k):
        if counts[i] > 0:
            pool = reach[bounds[at[i], 0] : bounds[at[i], 1]]
            rows[e : e + counts[i]] = choice(streams[at[i]], pool, counts[i])
        owner[e : e + counts[i]] = i
        e += counts[i]
    return counts, rows, owner


def act_on_constants() -> tuple:
    """The assumptions `act_on` uses, read at each call (see `discretion.constants`)."""
    return (INFORMAL_MAX_SEVERITY, np.ascontiguousarray(INFORMAL_FIT, dtype=float))


@kernel
def act_on(
    status, severity, helper, onset, step, personal, linking, trust, support,
    rows, owner, acting, slots, given, draws, rate, contact_person, week, tally, constants,
):  # fmt: skip
    """Act on problems told and taken up: informal help where it fits, else company to the agency.

    The residents' arrays come first. `rows` are households (one row per household a
    person was with; a household may appear once for each person), `owner` the team member
    (index) of each, `acting` (rows, domains) the problems acted on, `slots` the members'
    numbers (owners of informal cases), `given` the support given beside a procedure per
    row, `draws` the five numbers per row and domain each person drew (telling, acting,
    the rules' permission, informal fit, a contact person; the last two are used here),
    the trust learning rate and `help_seeking.contact_person`. Informal help booked is
    added to `tally` (weeks from need to help, problems helped); `constants` are
    `act_on_constants()`.

    Returns:
        Owner and household of each help given, and the owner of each problem taken into
        an agency's procedure (actions inside the system world, which must be reported;
        informal help is not).
    """
    max_severity, fit = constants
    m, d = acting.shape
    # The problems as they stand before anyone acts on them.
    was = np.empty((m, d), dtype=status.dtype)
    for e in range(m):
        was[e] = status[rows[e]]
    o_entry, o_col = claimed(rows, *listed(acting & (was == OPEN)))
    informal = np.empty(o_entry.size, dtype=np.bool_)
    for j in range(o_entry.size):
        e, c = o_entry[j], o_col[j]
        informal[j] = severity[rows[e], c] <= max_severity and draws[e, 3, c] < fit[c]
    ir, ic = o_entry[informal], o_col[informal]
    for j in range(ir.size):
        r, c = rows[ir[j]], ic[j]
        status[r, c] = INFORMAL
        helper[r, c] = slots[owner[ir[j]]]
        tally[0] += week - onset[r, c]
        tally[1] += 1
    ar, ac = o_entry[~informal], o_col[~informal]
    start_with_support(
        status, step, personal, linking, trust, support, rows, ar, ac, draws, 4, given, rate,
        contact_person,
    )  # fmt: skip
    # Two of them beside one household in procedure: both support it.
    br, bc = listed(acting & (was == APPLYING))
    stay_beside(support, rows[br], bc, given[br])
    touched = np.concatenate((ir, ar, br))
    return owner[touched], rows[touched], np.concatenate((owner[ar], owner[br]))


def visit(ctx: Week, team: Team) -> Deeds:
    """One week of the everyday doers' visits.

    Args:
        ctx: The week.
        team: The doers, with the hours each has left for visits (after running their
            informal cases) and their street block as reach.

    Returns:
        What each doer did.
    """
    res, p = ctx.res, ctx.p
    reach, bounds = team.reach_table()
    tally = np.zeros(2)
    helped, actions, blocked, visits = visit_kernel(
        *team.kernel_args(), team.group, team.slots, reach, bounds,
        res.status, res.severity, res.helper, res.onset, res.step, res.personal, res.linking,
        res.trust, res.support, res.awareness, res.bp_tie, res.group, res.bonding,
        res.bridging, freedom.bar(p, ctx.burden), p.trust_learning_rate,
        help_seeking.contact_person(p), ctx.week, tally, visit_constants(), act_on_constants(),
    )  # fmt: skip
    if visits:
        ctx.ledger.add("hours", visits * HOURS_PER_VISIT)
        book_help(ctx.ledger, tally)
    return Deeds(helped, actions, blocked)


def book_help(ledger, tally: np.ndarray) -> None:
    """Book help given (`tally`: weeks from need to help summed, problems helped)."""
    if tally[1]:
        ledger.add("weeks_to_help", tally[0])
        ledger.add("helped_count", tally[1])


def visit_constants() -> tuple[float, ...]:
    """The assumptions `visit_kernel` uses, read at each call (see `discretion.constants`)."""
    return (
        HOURS_PER_VISIT,
        AWARENESS_PER_VISIT,
        NOTICE,
        VISIT_TIE,
        KNOW_TIE,
        ACCOMPANY_SUPPORT,
        float(OWN_DOMAIN),
    )


@kernel
def visit_kernel(
    streams, at, hours, empathy, entrepreneurship, group, slots, reach, bounds,
    status, severity, helper, onset, step, personal, linking, trust, support, awareness,
    bp_tie, res_group, bonding, bridging, bar, rate, contact_person, week, tally,
    constants, act_constants,
):  # fmt: skip
    """`visit` for the whole team: households chosen, told, connected and acted on.

    Replaces, per doer, the choice of households and the draws, and the team's numpy
    passes after them (awareness, what is told, ties, `act_on`). Each doer draws from their
    own stream (``streams[at[i]]``) what the Python did, in the same order: the households
    (`in_touch`), then five numbers per household and domain.

    The team comes first (streams, hours, empathy, entrepreneurship, group, numbers, and
    their streets, `state.Team.reach_table`), then the residents' arrays, then the bar the rules
    set, the trust learning rate, `help_seeking.contact_person` and the week; `tally`
    collects the informal help booked; `constants` are `visit_constants()` and
    `act_on_constants()`. Returns helped, actions and blocked per doer, and the visits.
    """
    per_visit, awareness_gain, notice, visit_tie, know_tie, accompany, own = constants
    own_domain = int(own)
    k = at.size
    d = status.shape[1]
    counts, rows, owner = in_touch(streams, at, hours, reach, bounds, per_visit)
    m = rows.size
    draws = team_draws(streams, at, counts, 5, d)
    helped = np.zeros(k, dtype=np.int64)
    actions = np.zeros(k, dtype=np.int64)
    blocked = np.zeros(k, dtype=np.int64)
    if m == 0:
        return helped, actions, blocked, m
    emp = empathy[owner]
    ent = entrepreneurship[owner]
    # Awareness: a household two doers visited gains twice, the second on the first.
    help_seeking.told_of_help(awareness, rows, awareness_gain * emp * ent)
    # Told (before the visit ties them to the doer) and turned into action; outside
    # their own domain only if the rules allow.
    _, acting = told_and_taken_up(
        could_tell(status, rows, True), rows, owner, draws, notice, emp, ent,
        own_table(np.full(k, own_domain), d), bar, bp_tie, blocked,
    )  # fmt: skip
    connect(bonding, bridging, res_group, rows, group[owner], visit_tie * emp)
    know_best_person(bp_tie, rows, know_tie * emp)
    given = accompany * emp
    who, where, acted = act_on(
        status, severity, helper, onset, step, personal, linking, trust, support, rows,
        owner, acting, slots, given, draws, rate, contact_person, week, tally, act_constants,
    )  # fmt: skip
    helped = households_helped(who, where, k)
    for i in acted:
        actions[i] += 1
    return helped, actions, blocked, m
