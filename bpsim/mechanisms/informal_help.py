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
within the doer's group, bridging ties across; the household gets to know the doer.
"""

from __future__ import annotations

import numpy as np

from bpsim.mechanisms import freedom, help_seeking, ties
from bpsim.mechanisms.freedom import Deeds
from bpsim.mechanisms.procedures import record_help
from bpsim.state import APPLYING, INFORMAL, OPEN, Residents, Week

#: Hours per drop-in visit (assumption).
HOURS_PER_VISIT = 1.5
#: Hours per week an informal case takes while it runs (assumption).
HOURS_PER_CASE_WEEK = 1.0
#: Awareness of help gained per visit, as share of what is missing (assumption).
AWARENESS_PER_VISIT = 0.3
#: Chance that a household tells a fully empathic visitor about one of its problems
#: (assumption); a household that already knows the best person tells up to twice as much.
NOTICE = 0.5
#: Heaviest problem informal help can take on (severity; assumption).
INFORMAL_MAX_SEVERITY = 0.5
#: How well informal help fits each domain (income & debt, housing, health, youth &
#: parenting, social isolation): the chance a light problem is taken on informally
#: rather than taken to an agency (assumption: informal help fits isolation best, and
#: budgeting and parenting support, less so housing and health, which need agencies).
INFORMAL_FIT = np.array([0.4, 0.2, 0.2, 0.4, 1.0])
#: Support given when going along to the agency (assumption).
ACCOMPANY_SUPPORT = 0.4
#: Tie strength a visit adds between neighbours, and to the doer (assumption).
VISIT_TIE = 0.3
KNOW_TIE = 0.3
#: The everyday doer's own domain: social isolation (the last domain).
OWN_DOMAIN = 4


def told(res: Residents, rows: np.ndarray, problems: np.ndarray, empathy: float, rng) -> np.ndarray:
    """Which of the households' problems (a (rows, domains) mask) they tell a best person."""
    trust_in_person = np.minimum(1.0, 0.5 + res.bp_tie[rows])[:, None]
    return problems & (rng.random(problems.shape) < NOTICE * empathy * trust_in_person)


def help_informally(ctx: Week, rows: np.ndarray, cols: np.ndarray, slot: int) -> None:
    """Best person `slot` takes on problems (rows, cols) informally."""
    res = ctx.res
    res.status[rows, cols] = INFORMAL
    res.helper[rows, cols] = slot
    record_help(res, rows, cols, ctx.week, ctx.ledger)


def take_along(ctx: Week, rng, rows: np.ndarray, cols: np.ndarray, support: float) -> None:
    """Start procedures for problems (rows, cols) with someone beside the household."""
    help_seeking.start(ctx.res, ctx.p, rng, rows, cols)
    ctx.res.support[rows, cols] += support


def act_on(
    ctx: Week,
    rng: np.random.Generator,
    rows: np.ndarray,
    acting: np.ndarray,
    slot: int,
    support: float,
) -> tuple[np.ndarray, int]:
    """Act on problems told and taken up: informal help where it fits, else company to the agency.

    Args:
        ctx: The week.
        rng: Random stream.
        rows: Households.
        acting: Boolean (rows, domains): the problems acted on.
        slot: The best person's number.
        support: Support given beside a procedure.

    Returns:
        Households acted on, and how many problems were taken into agencies' procedures
        (actions inside the system world, which must be reported; informal help is not).
    """
    res = ctx.res
    st = res.status[rows]
    open_ = acting & (st == OPEN)
    light = open_ & (res.severity[rows] <= INFORMAL_MAX_SEVERITY)
    informal = light & (rng.random(open_.shape) < INFORMAL_FIT[None, :])
    ir, ic = np.nonzero(informal)
    help_informally(ctx, rows[ir], ic, slot)
    ar, ac = np.nonzero(open_ & ~informal)
    take_along(ctx, rng, rows[ar], ac, support)
    br, bc = np.nonzero(acting & (st == APPLYING))
    res.support[rows[br], bc] += support
    touched = np.unique(np.concatenate([rows[ir], rows[ar], rows[br]]))
    return touched, int(ar.size + br.size)


def visit(
    ctx: Week,
    rng: np.random.Generator,
    *,
    slot: int,
    reach: np.ndarray,
    hours: float,
    empathy: float,
    entrepreneurship: float,
    group: int,
) -> Deeds:
    """One week of an everyday doer's visits.

    Args:
        ctx: The week.
        rng: Random stream.
        slot: The doer's number (owner of their informal cases).
        reach: Households in the doer's street block.
        hours: Hours left for visits this week (after running informal cases).
        empathy: The doer's empathy.
        entrepreneurship: The doer's entrepreneurship.
        group: The doer's background group.

    Returns:
        What the doer did.
    """
    visits = int(hours // HOURS_PER_VISIT)
    if visits <= 0 or reach.size == 0:
        return Deeds()
    res = ctx.res
    rows = rng.choice(reach, size=min(visits, reach.size), replace=False)
    ctx.ledger.add("hours", rows.size * HOURS_PER_VISIT)
    res.awareness[rows] += AWARENESS_PER_VISIT * (1.0 - res.awareness[rows])
    st = res.status[rows]
    heard = told(res, rows, (st == OPEN) | (st == APPLYING), empathy, rng)
    ties.connect(res, rows, group, VISIT_TIE)
    ties.know_best_person(res, rows, KNOW_TIE)
    want = heard & (rng.random(heard.shape) < entrepreneurship)
    outside = want.copy()
    outside[:, OWN_DOMAIN] = False
    blocked = outside & ~freedom.permits(rng, ctx.p, outside.shape)
    touched, actions = act_on(ctx, rng, rows, want & ~blocked, slot, ACCOMPANY_SUPPORT)
    return Deeds(helped=int(touched.size), actions=actions, blocked=int(blocked.sum()))
