"""Bridge builders: warm referrals, and one plan for households with many problems.

A bridge builder (bruggenbouwer, boundary spanner) links residents to agencies - a
warm referral, a trusted introduction - and agencies to each other: one plan for a
household with many problems ("1 gezin, 1 plan, 1 regisseur"; Cuyvers via SBO: a
Maastricht family had 28 helpers). A bridge builder knows a network of households
across the neighbourhood but not their problems: each week they are in touch with
some of them, chosen at random, and hear of problems as far as the household
tells them (empathy; see `informal_help`). Entrepreneurship turns a problem
heard into a referral arranged: awareness, a linking tie and trust rise, and a
procedure starts with support and personal contact. Referrals in the bridge
builder's own domain are theirs to make; in other domains only where the rules let
them cross the boundary (`freedom.attempt`), else blocked. A household that told
of two or more problems may get one plan: the bridge builder gets its agencies to
agree (entrepreneurship), which is work outside every agency's own procedure and so
needs the rules' room too. A household with one plan goes through one procedure
for all its problems, its applications are decided once rather than by each
agency, and its case management is shared (see `agents.Agency`): duplicated work
removed, not help added.
"""

from __future__ import annotations

import numpy as np

# (As `stream_states`: `streams` names a team's own generators here.)
from bpsim.core import streams as stream_states
from bpsim.core.compiled import kernel, pairwise_sum, team_draws
from bpsim.core.mechanisms import freedom, help_seeking, informal_help, trust
from bpsim.core.mechanisms.freedom import Deeds, attempt
from bpsim.core.mechanisms.help_seeking import told_of_help
from bpsim.core.mechanisms.informal_help import (
    claimed,
    could_tell,
    first_claims,
    households_helped,
    in_touch,
    listed,
    own_table,
    told,
    told_and_taken_up,
)
from bpsim.core.mechanisms.procedures import start_with_support
from bpsim.core.mechanisms.ties import know_best_person, link
from bpsim.core.mechanisms.trust import experienced
from bpsim.core.state import APPLYING, WAITING, Team, Week

#: Hours per contact with a household, per referral and per plan (assumption).
HOURS_PER_CONTACT = 1.0
HOURS_PER_REFERRAL = 1.5
HOURS_PER_PLAN = 4.0
#: Households in a bridge builder's network (assumption: a few hundred acquaintances).
NETWORK_SIZE = 250
#: Awareness gained per referral, as share of what is missing, at full empathy (assumption;
#: people take in what someone they trust tells them).
REFERRAL_AWARENESS = 0.55
#: Support a warm referral gives in the procedure at full empathy
#: (assumption; it scales with the supporter's empathy: a household keeps going with
#: someone beside it whom it trusts).
REFERRAL_SUPPORT = 0.45
#: The linking tie a referral adds, and the tie to the bridge builder at full empathy
#: (assumption).
REFERRAL_LINK = 0.5
KNOW_TIE = 0.3
#: Weekly chance of one plan without a bridge builder, per unit of `agency_coordination`
#: (assumption: at agency_coordination = 1 about a month).
AGENCY_COORDINATION_WEEKLY = 0.25


# Random numbers a bridge builder draws per household and domain: telling (open
# problems), acting, the rules' permission, a contact person, telling (problems in
# procedure); and per household: agencies agreeing a plan, the rules' permission.
_LAYERS = 5
_PLAN_LAYERS = 2


def bridge(ctx: Week, team: Team, *, own_domains: np.ndarray) -> tuple[Deeds, np.ndarray]:
    """One week of the bridge builders' contacts, referrals and plans.

    Args:
        ctx: The week.
        team: The bridge builders, with their hours and networks (household indices).
        own_domains: The domain whose agencies each bridge builder works with.

    Returns:
        What each bridge builder did, and the domains of the referrals made (one per
        referral; agencies learn from warm referrals, see `learning`).
    """
    res, p = ctx.res, ctx.p
    reach, bounds = team.reach_table()
    helped, actions, blocked, domains, hours = bridge_kernel(
        *team.kernel_args(), np.ascontiguousarray(own_domains, dtype=np.int64), reach,
        bounds, res.status, res.bp_tie, res.awareness, res.linking, res.trust,
        res.step, res.personal, res.support, res.coordinated, freedom.bar(p, ctx.burden),
        p.trust_learning_rate, help_seeking.contact_person(p), constants(),
    )  # fmt: skip
    if hours >= 0.0:
        ctx.ledger.add("hours", hours)
    return Deeds(helped, actions, blocked), domains


def constants() -> tuple[float, ...]:
    """The assumptions `bridge_kernel` uses, read at each call (see `discretion.constants`)."""
    return (
        HOURS_PER_CONTACT,
        HOURS_PER_REFERRAL,
        HOURS_PER_PLAN,
        REFERRAL_AWARENESS,
        REFERRAL_SUPPORT,
        REFERRAL_LINK,
        KNOW_TIE,
        informal_help.NOTICE,
        trust.EXPERIENCE_WARM_REFERRAL,
    )


@kernel
def bridge_kernel(
    streams, at, hours, empathy, entrepreneurship, own_domains, reach, bounds,
    status, bp_tie, awareness, linking, trust, step, personal, support, coordinated, bar,
    rate, contact_person, constants,
):  # fmt: skip
    """`bridge` for the whole team: contacts, referrals and plans.

    Replaces, per bridge builder, the choice of contacts and the draws, and the team's
    numpy passes after them (what is told, referrals, awareness, ties, trust, procedures
    started, plans within the hours left). Each draws from their own stream
    (``streams[at[i]]``) what the Python did, in the same order: the contacts
    (`informal_help.in_touch`), five numbers per contact and domain, then two per contact.

    The team comes first (streams, hours, empathy, entrepreneurship, own domains, their
    networks as one flat array), then the residents' arrays, then the bar the rules set,
    the trust learning rate and `help_seeking.contact_person`; `constants` are
    `constants()`. Returns helped, actions and blocked per bridge builder, the domain of
    each referral, and the hours spent (-1 when no one was in touch with anyone).
    """
    (
        per_contact, per_referral, per_plan, referral_awareness, referral_support,
        referral_link, know_tie, notice, warm_referral,
    ) = constants  # fmt: skip
    k = at.size
    d = status.shape[1]
    # Hours for each contact and for a referral it may lead to.
    per_household = per_contact + per_referral
    counts, rows, owner = in_touch(streams, at, hours, reach, bounds, per_household)
    m = rows.size
    helped = np.zeros(k, dtype=np.int64)
    actions = np.zeros(k, dtype=np.int64)
    blocked = np.zeros(k, dtype=np.int64)
    if m == 0:
        return helped, actions, blocked, np.zeros(0, dtype=np.int64), -1.0
    draws = team_draws(streams, at, counts, 5, d)
    plan_draws = team_draws(streams, at, counts, 2, 1).reshape((m, 2))
    emp = empathy[owner]
    ent = entrepreneurship[owner]
    know_best_person(bp_tie, rows, know_tie * emp)
    # What they are told: open problems (layer 0), problems in procedure (layer 4).
    heard, refer = told_and_taken_up(
        could_tell(status, rows, False), rows, owner, draws, notice, emp, ent,
        own_table(own_domains, d), bar, bp_tie, blocked,
    )  # fmt: skip
    heard_all = np.zeros(m, dtype=np.int64)
    for e in range(m):
        r = rows[e]
        for c in range(d):
            in_procedure = status[r, c] == APPLYING or status[r, c] == WAITING
            heard_all[e] += heard[e, c] or (
                in_procedure and told(draws[e, 4, c], notice, emp[e], bp_tie[r])
            )
    rr, rc = claimed(rows, *listed(refer))
    # Each household a bridge builder referred (once, however many problems): awareness, a
    # linking tie and trust; a household two of them referred gets it from both.
    once = rr[first_claims(rows[rr], owner[rr])]
    told_of_help(awareness, rows[once], referral_awareness * emp[once])
    link(linking, rows[once], referral_link)
    experienced(trust, rows[once], warm_referral, rate)
    start_with_support(
        status, step, personal, linking, trust, support, rows, rr, rc, draws, 3,
        referral_support * emp, rate, contact_person,
    )  # fmt: skip
    # A warm referral is personal contact, with or without a contact person.
    for j in range(rr.size):
        personal[rows[rr[j]], rc[j]] = True
    # One plan for households that told of several problems (now in procedure or open),
    # as far as each bridge builder's hours left reach; a household two would plan, the
    # first does.
    referrals = np.zeros(k, dtype=np.int64)
    for e in rr:
        referrals[owner[e]] += 1
    spent = np.empty(k)
    for i in range(k):
        spent[i] = counts[i] * per_contact + per_referral * referrals[i]
    candidate = np.flatnonzero((heard_all >= 2) & ~coordinated[rows])
    candidate = candidate[first_claims(rows[candidate], np.zeros(candidate.size, np.int64))]
    multi = np.empty(candidate.size, dtype=np.int64)
    n_multi = 0
    rank = 0
    for j in range(candidate.size):
        i = owner[candidate[j]]
        rank = rank + 1 if j > 0 and owner[candidate[j - 1]] == i else 0
        if rank < max(0.0, hours[i] - spent[i]) // per_plan:
            multi[n_multi] = candidate[j]
            n_multi += 1
    multi = multi[:n_multi]
    planned = np.empty(n_multi, dtype=np.int64)
    n_planned = 0
    for e in multi:
        plan, refused = attempt(plan_draws[e, 0], ent[e], False, plan_draws[e, 1], bar)
        blocked[owner[e]] += refused
        if plan:
            planned[n_planned] = e
            n_planned += 1
    planned = planned[:n_planned]
    for e in planned:
        coordinated[rows[e]] = True
    link(linking, rows[planned], referral_link)
    plans = np.zeros(k, dtype=np.int64)
    for e in multi:
        plans[owner[e]] += 1
    booked = np.empty(k)
    for i in range(k):
        spent[i] += per_plan * plans[i]
        booked[i] = min(hours[i], spent[i])
    # Helped: households referred, plus plans made (a household both counts twice).
    helped = households_helped(owner[once], rows[once], k)
    for e in planned:
        helped[owner[e]] += 1
    for e in rr:
        actions[owner[e]] += 1
    for e in planned:
        actions[owner[e]] += 1
    return helped, actions, blocked, rc, pairwise_sum(booked)


def agencies_coordinate(ctx: Week, *, rng: np.random.Generator) -> int:
    """Agencies on their own sometimes agree one plan for a household with several procedures.

    Each week a household with two or more problems in procedures or waiting gets
    one plan with chance `agency_coordination` * `AGENCY_COORDINATION_WEEKLY`.

    Args:
        ctx: The week.
        rng: The agencies' random stream.

    Returns:
        Households that got one plan.
    """
    res, p = ctx.res, ctx.p
    if p.agency_coordination <= 0:
        return 0
    chance = p.agency_coordination * AGENCY_COORDINATION_WEEKLY
    return _agencies_coordinate(res.status, res.coordinated, stream_states.state(rng), chance)


@kernel
def _agencies_coordinate(status, coordinated, st, chance):
    """`agencies_coordinate` in one pass (replaces a masked row count and its numpy draws).

    One number per household with two or more problems in procedures or waiting and no
    plan yet, in household order (read from the stream's state `st`, `streams.state`),
    as numpy drew them.

    Returns:
        Households that got one plan.
    """
    n, d = status.shape
    planned = 0
    for i in range(n):
        if coordinated[i]:
            continue
        involved = 0
        for j in range(d):
            involved += (status[i, j] == APPLYING) | (status[i, j] == WAITING)
        if involved >= 2 and stream_states.uniform(st) < chance:
            coordinated[i] = True
            planned += 1
    return planned
