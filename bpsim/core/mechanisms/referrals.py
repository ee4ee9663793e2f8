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

from bpsim.core.mechanisms import freedom, help_seeking, ties, trust
from bpsim.core.mechanisms.freedom import Deeds
from bpsim.core.mechanisms.informal_help import first_claims, gain_awareness, told
from bpsim.core.state import APPLYING, OPEN, WAITING, Team, Week, rounds

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
    k = len(team)
    chosen, counts = [], []
    for rng, reach, hours in zip(team.streams, team.reach, team.hours, strict=True):
        n = min(int(hours // (HOURS_PER_CONTACT + HOURS_PER_REFERRAL)), reach.size)
        counts.append(n)
        chosen.append(rng.choice(reach, size=n, replace=False) if n > 0 else reach[:0])
    rows = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.intp)
    if rows.size == 0:
        none = np.zeros(0, dtype=np.intp)
        return Deeds.of_team(k, helped=(none, none), actions=none, blocked=np.zeros(k)), none
    d = res.status.shape[1]
    draws = team.draw(counts, (_LAYERS, d))
    plan_draws = team.draw(counts, (_PLAN_LAYERS,))
    owner = team.member_of_each(counts)
    empathy = team.empathy[owner]
    entrepreneurship = team.entrepreneurship[owner]
    ties.know_best_person(res, rows, KNOW_TIE * empathy)
    st = res.status[rows]
    heard = told(res, rows, st == OPEN, empathy, draws[:, 0])
    want = heard & (draws[:, 1] < entrepreneurship[:, None])
    outside = want.copy()
    outside[np.arange(rows.size), own_domains[owner]] = False
    blocked_mask = outside & ~freedom.allows(p, ctx.burden, draws[:, 2])
    rr, rc = np.nonzero(want & ~blocked_mask)
    first = first_claims(rows[rr], rc)
    rr, rc = rr[first], rc[first]
    # Each household a bridge builder referred (once, however many problems): awareness, a
    # linking tie and trust; a household two of them referred gets it from both.
    once = rr[first_claims(rows[rr], owner[rr])]
    referred = rows[once]
    gain_awareness(res, referred, REFERRAL_AWARENESS * empathy[once])
    ties.link(res, referred, REFERRAL_LINK)
    for idx in rounds(referred):
        trust.experience(res, referred[idx], trust.EXPERIENCE_WARM_REFERRAL, p.trust_learning_rate)
    help_seeking.start(res, p, rows[rr], rc, draws[rr, 3, rc])
    res.support[rows[rr], rc] += REFERRAL_SUPPORT * empathy[rr]
    res.personal[rows[rr], rc] = True
    # One plan for households that told of several problems (now in procedure or open),
    # as far as each bridge builder's hours left reach.
    spent = np.asarray(counts) * HOURS_PER_CONTACT + HOURS_PER_REFERRAL * np.bincount(
        owner[rr], minlength=k
    )
    left = np.maximum(0.0, team.hours - spent)
    heard_all = told(res, rows, (st == APPLYING) | (st == WAITING), empathy, draws[:, 4]) | heard
    multi = np.nonzero((heard_all.sum(axis=1) >= 2) & ~res.coordinated[rows])[0]
    # A household two of them would plan: the first does.
    multi = multi[first_claims(rows[multi], np.zeros(multi.size, dtype=np.intp))]
    mine = owner[multi]
    rank = np.arange(multi.size) - np.searchsorted(mine, mine)
    multi = multi[rank < (left // HOURS_PER_PLAN)[mine]]
    agree = plan_draws[multi, 0] < entrepreneurship[multi]
    allowed = freedom.allows(p, ctx.burden, plan_draws[multi, 1])
    planned = multi[agree & allowed]
    res.coordinated[rows[planned]] = True
    ties.link(res, rows[planned], REFERRAL_LINK)
    spent += HOURS_PER_PLAN * np.bincount(owner[multi], minlength=k)
    ctx.ledger.add("hours", float(np.minimum(team.hours, spent).sum()))
    blocked = np.bincount(owner, weights=blocked_mask.sum(axis=1), minlength=k) + np.bincount(
        owner[multi], weights=agree & ~allowed, minlength=k
    )
    # Helped: households referred, plus plans made (a household both counts twice).
    actions = np.concatenate([owner[rr], owner[planned]])
    deeds = Deeds.of_team(k, helped=(owner[once], referred), actions=actions, blocked=blocked)
    deeds.helped = deeds.helped + np.bincount(owner[planned], minlength=k)
    return deeds, rc


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
    st = res.status
    involved = ((st == APPLYING) | (st == WAITING)).sum(axis=1) >= 2
    rows = np.nonzero(involved & ~res.coordinated)[0]
    if rows.size == 0 or p.agency_coordination <= 0:
        return 0
    rows = rows[rng.random(rows.size) < p.agency_coordination * AGENCY_COORDINATION_WEEKLY]
    res.coordinated[rows] = True
    return int(rows.size)
