"""Bridge builders: warm referrals, and one plan for households with many problems.

A bridge builder (bruggenbouwer, boundary spanner) links residents to agencies - a
warm referral, a trusted introduction - and agencies to each other: one plan for a
household with many problems ("1 gezin, 1 plan, 1 regisseur"; Cuyvers via SBO: a
Maastricht family had 28 helpers). A bridge builder knows a network of households
across the neighbourhood but not their problems: each week they are in touch with
some of them, chosen at random, and hear of problems as far as the household
tells them (empathy; see `informal_help.told`). Entrepreneurship turns a problem
heard into a referral arranged: awareness, a linking tie and trust rise, and a
procedure starts with support and personal contact. Referrals in the bridge
builder's own domain are theirs to make; in other domains only where the rules let
them cross the boundary (`freedom.permits`), else blocked. A household that told
of two or more problems may get one plan: the bridge builder gets its agencies to
agree (entrepreneurship), which is work outside every agency's own procedure and so
needs the rules' room too. A household with one plan goes through one procedure
for all its problems, its applications are decided once rather than by each
agency, and its case management is shared (see `agents.Agency`): duplicated work
removed, not help added.
"""

from __future__ import annotations

import numpy as np

from bpsim.mechanisms import freedom, help_seeking, ties, trust
from bpsim.mechanisms.freedom import Deeds
from bpsim.mechanisms.informal_help import told
from bpsim.state import APPLYING, OPEN, WAITING, Residents, Week

#: Hours per contact with a household, per referral and per plan (assumption).
HOURS_PER_CONTACT = 1.0
HOURS_PER_REFERRAL = 1.5
HOURS_PER_PLAN = 4.0
#: Households in a bridge builder's network (assumption: a few hundred acquaintances).
NETWORK_SIZE = 250
#: Awareness gained per referral, as share of what is missing (assumption).
REFERRAL_AWARENESS = 0.5
#: Support a warm referral gives in the procedure, and the linking tie it adds (assumption).
REFERRAL_SUPPORT = 0.4
REFERRAL_LINK = 0.5
KNOW_TIE = 0.3
#: Weekly chance of one plan without a bridge builder, per unit of `agency_coordination`
#: (assumption: at agency_coordination = 1 about a month).
AGENCY_COORDINATION_WEEKLY = 0.25


def bridge(
    ctx: Week,
    rng: np.random.Generator,
    *,
    reach: np.ndarray,
    hours: float,
    own_domain: int,
    empathy: float,
    entrepreneurship: float,
) -> tuple[Deeds, np.ndarray]:
    """One week of a bridge builder's contacts, referrals and plans.

    Args:
        ctx: The week.
        rng: Random stream.
        reach: The bridge builder's network (household indices).
        hours: Hours available this week.
        own_domain: The domain whose agencies the bridge builder works with.
        empathy: The bridge builder's empathy.
        entrepreneurship: The bridge builder's entrepreneurship.

    Returns:
        What the bridge builder did, and the domains of the referrals made (one per
        referral; agencies learn from warm referrals, see `learning`).
    """
    res, p = ctx.res, ctx.p
    contacts = int(hours // (HOURS_PER_CONTACT + HOURS_PER_REFERRAL))
    if contacts <= 0 or reach.size == 0:
        return Deeds(), np.zeros(0, dtype=np.intp)
    rows = rng.choice(reach, size=min(contacts, reach.size), replace=False)
    ties.know_best_person(res, rows, KNOW_TIE)
    st = res.status[rows]
    heard = told(res, rows, st == OPEN, empathy, rng)
    want = heard & (rng.random(heard.shape) < entrepreneurship)
    outside = want.copy()
    outside[:, own_domain] = False
    blocked_mask = outside & ~freedom.permits(rng, p, outside.shape)
    refer = want & ~blocked_mask
    rr, rc = np.nonzero(refer)
    referred = np.unique(rows[rr])
    res.awareness[referred] += REFERRAL_AWARENESS * (1.0 - res.awareness[referred])
    ties.link(res, referred, REFERRAL_LINK)
    trust.experience(res, referred, trust.EXPERIENCE_WARM_REFERRAL, p.trust_learning_rate)
    rr = rows[rr]
    help_seeking.start(res, p, rng, rr, rc)
    res.support[rr, rc] += REFERRAL_SUPPORT
    res.personal[rr, rc] = True
    # One plan for households that told of several problems (now in procedure or open).
    spent = rows.size * HOURS_PER_CONTACT + rr.size * HOURS_PER_REFERRAL
    left = max(0.0, hours - spent)
    heard_all = told(res, rows, (st == APPLYING) | (st == WAITING), empathy, rng) | heard
    multi = rows[(heard_all.sum(axis=1) >= 2) & ~res.coordinated[rows]]
    multi = multi[: int(left // HOURS_PER_PLAN)]
    blocked = int(blocked_mask.sum())
    plans = 0
    if multi.size:
        agree = rng.random(multi.size) < entrepreneurship
        allowed = freedom.permits(rng, p, multi.size)
        blocked += int((agree & ~allowed).sum())
        planned = multi[agree & allowed]
        res.coordinated[planned] = True
        ties.link(res, planned, REFERRAL_LINK)
        plans = int(planned.size)
        spent += multi.size * HOURS_PER_PLAN
    ctx.ledger.add("hours", min(hours, spent))
    deeds = Deeds(helped=int(referred.size + plans), actions=int(rr.size + plans), blocked=blocked)
    return deeds, rc


def agencies_coordinate(res: Residents, p, rng: np.random.Generator) -> int:
    """Agencies on their own sometimes agree one plan for a household with several procedures.

    Each week a household with two or more problems in procedures or waiting gets
    one plan with chance `agency_coordination` * `AGENCY_COORDINATION_WEEKLY`.

    Returns:
        Households that got one plan.
    """
    st = res.status
    involved = ((st == APPLYING) | (st == WAITING)).sum(axis=1) >= 2
    rows = np.nonzero(involved & ~res.coordinated)[0]
    if rows.size == 0 or p.agency_coordination <= 0:
        return 0
    rows = rows[rng.random(rows.size) < p.agency_coordination * AGENCY_COORDINATION_WEEKLY]
    res.coordinated[rows] = True
    return int(rows.size)
