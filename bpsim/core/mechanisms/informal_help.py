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
resident act for a household (`freedom.permits`); a refusal is a blocked action.
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

from bpsim.core.compiled import kernel
from bpsim.core.mechanisms import freedom, help_seeking, ties
from bpsim.core.mechanisms.freedom import Deeds
from bpsim.core.mechanisms.procedures import record_help
from bpsim.core.scenario import DOMAINS
from bpsim.core.state import APPLYING, INFORMAL, OPEN, Residents, Team, Week, rounds

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
# Random numbers a best person draws per household and domain when acting on what they
# hear: telling, acting, the rules' permission, informal fit, a contact person.
_LAYERS = 5


def hearing_draws(team: Team, counts) -> np.ndarray:
    """Each person's random numbers for the households they were with (`counts[i]` each).

    Shape (households, layers, domains); `visit`, `act_on` and initiatives use the layers.
    """
    return team.draw(counts, (_LAYERS, len(DOMAINS)))


def told(res: Residents, rows: np.ndarray, problems: np.ndarray, empathy, draws) -> np.ndarray:
    """Which of the households' problems (a (rows, domains) mask) they tell a best person.

    Args:
        res: Residents.
        rows: Households.
        problems: Boolean (rows, domains): the problems they could tell of.
        empathy: The listener's empathy, one value or one per row.
        draws: Uniform random numbers of the shape of `problems`.
    """
    trust_in_person = np.minimum(1.0, 0.5 + res.bp_tie[rows])
    chance = NOTICE * np.asarray(empathy) * trust_in_person
    return problems & (draws < chance[:, None])


def gain_awareness(res: Residents, rows: np.ndarray, share: np.ndarray) -> None:
    """Households `rows` gain awareness of help: `share` (one per row) of what is missing.

    A household two best persons reached gains twice, the second on what the first left.
    """
    for idx in rounds(rows):
        r = rows[idx]
        res.awareness[r] += share[idx] * (1.0 - res.awareness[r])


def help_informally(ctx: Week, rows: np.ndarray, cols: np.ndarray, slots) -> None:
    """Best persons `slots` (one per problem, or one for all) take on problems (rows, cols)."""
    res = ctx.res
    res.status[rows, cols] = INFORMAL
    res.helper[rows, cols] = slots
    record_help(res, rows, cols, ctx.week, ctx.ledger)


def take_along(ctx: Week, rows, cols, support, draws: np.ndarray) -> None:
    """Start procedures for problems (rows, cols) with someone beside the household.

    Args:
        ctx: The week.
        rows: Households.
        cols: Domains.
        support: Support given, one value or one per problem.
        draws: One uniform random number per problem (a contact person, see
            `help_seeking.start`).
    """
    help_seeking.start(ctx.res, ctx.p, rows, cols, draws)
    ctx.res.support[rows, cols] += support


def first_claims(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Which of the problems (rows, cols), in order, are the first claim on that problem.

    Two best persons of a team may act on the same problem in the same week; the one
    earlier in the week's order takes it (the later one finds it taken).
    """
    return first_listings(rows, cols)


@kernel
def first_listings(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Which of the pairs (a, b), in order, are listed for the first time (`first_claims`)."""
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
def households_helped(owner: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """Households each of `k` people helped (`Deeds.of_team`: a household helped twice once)."""
    helped = np.zeros(k, dtype=np.int64)
    first = first_listings(owner, rows)
    for i in range(owner.size):
        if first[i]:
            helped[owner[i]] += 1
    return helped


@kernel
def start_procedures(
    status, step, personal, linking, trust, rows, cols, draws, personal_component, rate,
    personal_link, contact_experience,
):  # fmt: skip
    """`help_seeking.start` in a kernel: procedures start, a share with a contact person.

    The linking tie and the trust a contact person brings move from the values before this
    batch (a household listed twice gets them once, as numpy's ``x[rows] += ...``).
    `personal_link` and `contact_experience` are `help_seeking.PERSONAL_LINK` and
    `trust.EXPERIENCE_PERSONAL_CONTACT`, read by the caller.
    """
    m = rows.size
    if m == 0:
        return
    contact = np.empty(m, dtype=np.bool_)
    for i in range(m):
        status[rows[i], cols[i]] = APPLYING
        step[rows[i], cols[i]] = 0
        contact[i] = draws[i] < personal_component
        personal[rows[i], cols[i]] = contact[i]
    prow = rows[contact]
    linked = linking[prow] + personal_link
    for i in range(prow.size):
        linking[prow[i]] = linked[i]
    moved = trust[prow] + rate * (contact_experience - trust[prow])
    for i in range(prow.size):
        trust[prow[i]] = moved[i]


def act_on(
    ctx: Week,
    rows: np.ndarray,
    owner: np.ndarray,
    acting: np.ndarray,
    slots: np.ndarray,
    support: np.ndarray,
    draws: np.ndarray,
) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """Act on problems told and taken up: informal help where it fits, else company to the agency.

    Args:
        ctx: The week.
        rows: Households (one row per household a person was with; a household may
            appear once for each person).
        owner: The team member (index) of each row.
        acting: Boolean (rows, domains): the problems acted on.
        slots: The team members' numbers (owners of informal cases).
        support: Support given beside a procedure, per row.
        draws: `hearing_draws` for the rows; layers 3 and 4 are used here (informal
            fit, a contact person).

    Returns:
        (owner, household) of each help given, and the owner of each problem taken into
        an agency's procedure (actions inside the system world, which must be reported;
        informal help is not).
    """
    res = ctx.res
    st = res.status[rows]
    r, c = np.nonzero(acting & (st == OPEN))
    first = first_claims(rows[r], c)
    r, c = r[first], c[first]
    light = res.severity[rows[r], c] <= INFORMAL_MAX_SEVERITY
    informal = light & (draws[r, 3, c] < INFORMAL_FIT[c])
    ir, ic = r[informal], c[informal]
    help_informally(ctx, rows[ir], ic, slots[owner[ir]])
    ar, ac = r[~informal], c[~informal]
    take_along(ctx, rows[ar], ac, support[ar], draws[ar, 4, ac])
    br, bc = np.nonzero(acting & (st == APPLYING))
    # Two of them beside one household in procedure: both support it.
    np.add.at(res.support, (rows[br], bc), support[br])
    touched = np.concatenate([ir, ar, br])
    return (owner[touched], rows[touched]), np.concatenate([owner[ar], owner[br]])


def visit(ctx: Week, team: Team) -> Deeds:
    """One week of the everyday doers' visits.

    Args:
        ctx: The week.
        team: The doers, with the hours each has left for visits (after running their
            informal cases) and their street block as reach.

    Returns:
        What each doer did.
    """
    res = ctx.res
    chosen, counts = [], []
    for rng, reach, hours in zip(team.streams, team.reach, team.hours, strict=True):
        n = min(int(hours // HOURS_PER_VISIT), reach.size)
        counts.append(n)
        chosen.append(rng.choice(reach, size=n, replace=False) if n > 0 else reach[:0])
    rows = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.intp)
    if rows.size == 0:
        return Deeds.of_team(
            len(team), helped=(rows, rows), actions=rows, blocked=np.zeros(len(team))
        )
    draws = hearing_draws(team, counts)
    owner = team.member_of_each(counts)
    empathy = team.empathy[owner]
    entrepreneurship = team.entrepreneurship[owner]
    ctx.ledger.add("hours", rows.size * HOURS_PER_VISIT)
    gain_awareness(res, rows, AWARENESS_PER_VISIT * empathy * entrepreneurship)
    st = res.status[rows]
    heard = told(res, rows, (st == OPEN) | (st == APPLYING), empathy, draws[:, 0])
    ties.connect(res, rows, team.group[owner], VISIT_TIE * empathy)
    ties.know_best_person(res, rows, KNOW_TIE * empathy)
    want = heard & (draws[:, 1] < entrepreneurship[:, None])
    outside = want.copy()
    outside[:, OWN_DOMAIN] = False
    blocked = outside & ~freedom.allows(ctx.p, ctx.burden, draws[:, 2])
    support = ACCOMPANY_SUPPORT * empathy
    helped, actions = act_on(ctx, rows, owner, want & ~blocked, team.slots, support, draws)
    per_person = np.bincount(owner, weights=blocked.sum(axis=1), minlength=len(team))
    return Deeds.of_team(len(team), helped=helped, actions=actions, blocked=per_person)
