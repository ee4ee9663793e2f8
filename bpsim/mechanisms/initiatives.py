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
entrepreneur's hours plus volunteers' (in proportion to collective efficacy). It
does not grant entitlements. Neighbours within reach who have a problem come, as
far as they know of it (awareness) and places last; the initiative takes light
problems in its domain on informally where informal help fits (see
`informal_help`), and helps the others apply (support in the procedure). Serving a
problem outside the funded domain is outside the subsidy's box: allowed only where
the rules permit (`freedom.permits`), else blocked. Participants meet each other:
bonding and bridging ties. Every participant is accounted for to the funder.
"""

from __future__ import annotations

import numpy as np

from bpsim.mechanisms import freedom, informal_help, ties
from bpsim.mechanisms.freedom import Deeds
from bpsim.state import APPLYING, OPEN, Residents, Week

#: Hours to write a subsidy application at no rule burden, and extra at full burden (assumption).
APPLICATION_HOURS = 24.0
APPLICATION_BURDEN = 3.0
#: Chance that an application is granted: a base plus a part rising with entrepreneurship.
SUBSIDY_BASE = 0.3
SUBSIDY_ENTREPRENEURSHIP = 0.6
#: Hours per participant per week (assumption).
HOURS_PER_PARTICIPANT = 1.5
#: Volunteers' hours per week at full collective efficacy, per initiative (assumption).
VOLUNTEER_HOURS = 12.0
#: Support given to a participant in a procedure (assumption).
APPLY_SUPPORT = 0.4
#: Tie strength that taking part adds (assumption).
PARTICIPATION_TIE = 0.2
KNOW_TIE = 0.2


def application_hours(p, burden: float) -> float:
    """Hours one subsidy application takes at the effective rule burden."""
    return APPLICATION_HOURS * (1.0 + APPLICATION_BURDEN * burden)


def subsidy_granted(rng: np.random.Generator, entrepreneurship: float) -> bool:
    """Whether a finished subsidy application is granted."""
    return bool(rng.random() < SUBSIDY_BASE + SUBSIDY_ENTREPRENEURSHIP * entrepreneurship)


def choose_domain(res: Residents, reach: np.ndarray) -> int:
    """The domain in which most neighbours within reach have unmet needs (what one sees)."""
    return int(res.unmet_mask()[reach].sum(axis=0).argmax())


def run_initiative(
    ctx: Week,
    rng: np.random.Generator,
    *,
    slot: int,
    reach: np.ndarray,
    domain: int,
    hours: float,
    entrepreneurship: float,
    group: int,
    efficacy: float,
) -> Deeds:
    """One week of a funded initiative.

    Args:
        ctx: The week.
        rng: Random stream.
        slot: The entrepreneur's number (owner of the initiative's informal cases).
        reach: Households within reach.
        domain: The funded domain.
        hours: The entrepreneur's hours left this week (after running informal cases).
        entrepreneurship: The entrepreneur's entrepreneurship.
        group: The entrepreneur's background group.
        efficacy: The neighbourhood's collective efficacy (volunteers).

    Returns:
        What the initiative did.
    """
    res, p = ctx.res, ctx.p
    volunteers = VOLUNTEER_HOURS * efficacy
    places = int((hours + volunteers) // HOURS_PER_PARTICIPANT)
    if places <= 0:
        return Deeds()
    st = res.status[reach]
    problems = (st == OPEN) | (st == APPLYING)
    comes = problems.any(axis=1) & (rng.random(reach.size) < res.awareness[reach])
    who = np.nonzero(comes)[0]
    if who.size == 0:
        return Deeds()
    who = rng.choice(who, size=min(places, who.size), replace=False)
    rows = reach[who]
    used = rows.size * HOURS_PER_PARTICIPANT
    own = min(hours, used)
    ctx.ledger.add("hours", own)
    ctx.ledger.add("volunteer_hours", used - own)
    ties.connect(res, rows, group, PARTICIPATION_TIE)
    ties.know_best_person(res, rows, KNOW_TIE)
    want = problems[who]
    outside = want.copy()
    outside[:, domain] = False
    # Serving other domains: the entrepreneur tries where they see a route.
    outside &= rng.random(outside.shape) < entrepreneurship
    allowed = freedom.permits(rng, p, outside.shape)
    acting = want.copy()
    acting[:, np.arange(acting.shape[1]) != domain] = False
    acting |= outside & allowed
    touched, _ = informal_help.act_on(ctx, rng, rows, acting, slot, APPLY_SUPPORT)
    blocked = int((outside & ~allowed).sum())
    return Deeds(helped=int(touched.size), actions=int(rows.size), blocked=blocked)
