"""Social entrepreneurs' initiatives: extra help in a domain, funded by subsidies with a horizon.

A social entrepreneur (sociale ondernemer) starts initiatives that add capacity - a
debt cafe, a youth programme - and mobilises money and volunteers; they depend on
subsidies and their horizon (Van den Brink et al. 2012; Van Hulst & Matelski 2021:
short subsidies and changing contact persons hurt; policy funds initiatives, not
the people who carry them). Without funding the entrepreneur spends their hours on
a subsidy application (its hours grow with the rule burden); a finished application
is granted with a chance that rises with entrepreneurship, else it is turned down
(a strain event) and they start again. With funding the initiative runs for
`subsidy_horizon` weeks and adds capacity in its funded domain: places, from the
entrepreneur's hours plus volunteers' (see below). It
does not grant entitlements. Neighbours within reach come as far as they know of it
(awareness) and places last, with a problem or without one (an initiative is a place
to meet, too); the initiative learns of participants' problems as far as they tell
(empathy, see `informal_help.told`). A problem told becomes action as far as the
entrepreneur sees a route (entrepreneurship): light ones are taken on informally where
informal help fits (see `informal_help`), the others by helping the household apply
(support in the procedure). Serving a problem outside the funded domain is outside the
subsidy's box: the rules allow it or not (`freedom.permits`). Volunteers come in
proportion to collective efficacy and to the entrepreneur's skill in mobilising them
(entrepreneurship). Participants
meet each other: bonding and bridging ties. Every participant is accounted for to
the funder. The next subsidy is asked for the domain in which the entrepreneur heard
of most problems (`choose_domain`).
"""

from __future__ import annotations

import numpy as np

from bpsim.core.mechanisms import freedom, informal_help, ties
from bpsim.core.mechanisms.freedom import Deeds
from bpsim.core.state import APPLYING, OPEN, Team, Week

#: Hours to write a subsidy application at no rule burden, and extra at full burden (assumption).
APPLICATION_HOURS = 24.0
APPLICATION_BURDEN = 3.0
#: Chance that an application is granted: a base plus a part rising with entrepreneurship.
SUBSIDY_BASE = 0.3
SUBSIDY_ENTREPRENEURSHIP = 0.6
#: Hours per participant per week (assumption).
HOURS_PER_PARTICIPANT = 1.5
#: Volunteers' hours per week at full collective efficacy and entrepreneurship, per
#: initiative (assumption).
VOLUNTEER_HOURS = 12.0
#: Support given to a participant in a procedure, at full empathy
#: (assumption; it scales with the supporter's empathy: a household keeps going with
#: someone beside it whom it trusts).
APPLY_SUPPORT = 0.45
#: Tie strength that taking part adds, and to the entrepreneur at full empathy (assumption).
PARTICIPATION_TIE = 0.2
KNOW_TIE = 0.2


def application_hours(p, burden: float) -> float:
    """Hours one subsidy application takes at the effective rule burden."""
    return APPLICATION_HOURS * (1.0 + APPLICATION_BURDEN * burden)


def subsidy_granted(rng: np.random.Generator, entrepreneurship: float) -> bool:
    """Whether a finished subsidy application is granted."""
    return bool(rng.random() < SUBSIDY_BASE + SUBSIDY_ENTREPRENEURSHIP * entrepreneurship)


def choose_domain(heard: np.ndarray, rng: np.random.Generator) -> int:
    """The domain of most problems heard of (`heard`: counts per domain); at random if none."""
    if heard.sum() <= 0:
        return int(rng.integers(0, heard.size))
    return int(heard.argmax())


def run_initiatives(
    ctx: Week,
    team: Team,
    *,
    domains: np.ndarray,
    efficacy: float,
    heard: np.ndarray,
) -> Deeds:
    """One week of the funded initiatives.

    Args:
        ctx: The week.
        team: The entrepreneurs whose initiative is funded, with the hours each has left
            (after running informal cases) and the households within reach.
        domains: Each initiative's funded domain.
        efficacy: The neighbourhood's collective efficacy (volunteers).
        heard: Problems heard of per person and domain (team size, domains), added to
            (for the next subsidy's domain).

    Returns:
        What each initiative did.
    """
    res, p = ctx.res, ctx.p
    k = len(team)
    chosen, counts = [], []
    own = volunteer = 0.0
    for i, (rng, reach) in enumerate(zip(team.streams, team.reach, strict=True)):
        hours = float(team.hours[i])
        volunteers = VOLUNTEER_HOURS * efficacy * float(team.entrepreneurship[i])
        places = int((hours + volunteers) // HOURS_PER_PARTICIPANT)
        rows = reach[:0]
        if places > 0:
            who = np.nonzero(rng.random(reach.size) < res.awareness[reach])[0]
            if who.size:
                rows = reach[rng.choice(who, size=min(places, who.size), replace=False)]
        used = rows.size * HOURS_PER_PARTICIPANT
        own += min(hours, used)
        volunteer += used - min(hours, used)
        chosen.append(rows)
        counts.append(rows.size)
    rows = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.intp)
    if rows.size == 0:
        return Deeds.of_team(k, helped=(rows, rows), actions=rows, blocked=np.zeros(k))
    ctx.ledger.add("hours", own)
    ctx.ledger.add("volunteer_hours", volunteer)
    draws = informal_help.hearing_draws(team, counts)
    owner = team.member_of_each(counts)
    empathy = team.empathy[owner]
    ties.connect(res, rows, team.group[owner], PARTICIPATION_TIE)
    st = res.status[rows]
    told = informal_help.told(res, rows, (st == OPEN) | (st == APPLYING), empathy, draws[:, 0])
    np.add.at(heard, owner, told)
    ties.know_best_person(res, rows, KNOW_TIE * empathy)
    # A problem told becomes action as far as the entrepreneur sees a route
    # (entrepreneurship), as for everyday doers and bridge builders; outside the funded
    # domain the rules must allow it too.
    want = told & (draws[:, 1] < team.entrepreneurship[owner][:, None])
    outside = want.copy()
    outside[np.arange(rows.size), domains[owner]] = False
    allowed = freedom.allows(p, ctx.burden, draws[:, 2])
    acting = want & (~outside | allowed)
    helped, _ = informal_help.act_on(
        ctx, rows, owner, acting, team.slots, APPLY_SUPPORT * empathy, draws
    )
    blocked = np.bincount(owner, weights=(outside & ~allowed).sum(axis=1), minlength=k)
    # Every participant is accounted for to the funder.
    return Deeds.of_team(k, helped=helped, actions=owner, blocked=blocked)
