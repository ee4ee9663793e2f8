"""Bridge builders: warm referrals, and one plan for households with many problems.

A bridge builder (bruggenbouwer, boundary spanner) links residents to agencies - a
warm referral, a trusted introduction - and agencies to each other: one plan for a
household with many problems ("1 gezin, 1 plan, 1 regisseur"; Cuyvers via SBO: a
Maastricht family had 28 helpers). Each week they refer households they know with
open problems (their own domain always, others with chance `freedom_of_movement`):
awareness, a linking tie and trust rise, and a procedure starts with support and
personal contact. They also get the agencies around a multi-problem household to
work from one plan - agencies agree with chance rising with `freedom_of_movement` -
after which the household goes through one procedure instead of each agency's.
"""

from __future__ import annotations

import numpy as np

from bpsim.mechanisms import help_seeking, ties, trust
from bpsim.state import APPLYING, OPEN, WAITING, Residents

#: Hours per warm referral and per coordinated plan (assumption).
HOURS_PER_REFERRAL = 1.5
HOURS_PER_PLAN = 4.0
#: Share of hours spent on referrals (the rest on plans; assumption).
REFERRAL_SHARE = 0.6
#: Awareness gained per referral, as share of what is missing (assumption).
REFERRAL_AWARENESS = 0.5
#: Support a warm referral gives in the procedure, and the linking tie it adds (assumption).
REFERRAL_SUPPORT = 0.4
REFERRAL_LINK = 0.5
#: Chance that agencies agree to one plan when the bridge builder is fully bound (assumption).
PLAN_AGREEMENT_BOUND = 0.2
#: Weekly chance of one plan without a bridge builder, per unit of `agency_coordination`
#: (assumption: at agency_coordination = 1 about a month).
AGENCY_COORDINATION_WEEKLY = 0.25


def refer(
    res: Residents,
    p,
    rng: np.random.Generator,
    reach: np.ndarray,
    hours: float,
    own_domain: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Warm referrals for households within reach that have open problems.

    Returns:
        Households referred, and the domains of the procedures started.
    """
    n = int(hours * REFERRAL_SHARE // HOURS_PER_REFERRAL)
    st = res.status[reach]
    has_open = np.nonzero((st == OPEN).any(axis=1))[0]
    if n <= 0 or has_open.size == 0:
        return has_open[:0], has_open[:0]
    who = rng.choice(has_open, size=min(n, has_open.size), replace=False)
    rows = reach[who]
    res.awareness[rows] += REFERRAL_AWARENESS * (1.0 - res.awareness[rows])
    ties.link(res, rows, REFERRAL_LINK)
    trust.experience(res, rows, trust.EXPERIENCE_WARM_REFERRAL, p.trust_learning_rate)
    allowed = rng.random(st[who].shape) < p.freedom_of_movement
    allowed[:, own_domain] = True
    rr, rc = np.nonzero((st[who] == OPEN) & allowed)
    rr = rows[rr]
    help_seeking.start(res, p, rng, rr, rc)
    res.support[rr, rc] += REFERRAL_SUPPORT
    res.personal[rr, rc] = True
    return rows, rc


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


def coordinate(res: Residents, p, rng: np.random.Generator, reach: np.ndarray, hours: float) -> int:
    """Get agencies to work from one plan for multi-problem households within reach.

    Returns:
        Households that got one plan.
    """
    n = int(hours * (1.0 - REFERRAL_SHARE) // HOURS_PER_PLAN)
    if n <= 0:
        return 0
    multi = reach[(res.unmet_mask()[reach].sum(axis=1) >= 2) & ~res.coordinated[reach]]
    if multi.size == 0:
        return 0
    rows = rng.choice(multi, size=min(n, multi.size), replace=False)
    agree = PLAN_AGREEMENT_BOUND + (1.0 - PLAN_AGREEMENT_BOUND) * p.freedom_of_movement
    rows = rows[rng.random(rows.size) < agree]
    res.coordinated[rows] = True
    ties.link(res, rows, REFERRAL_LINK)
    return int(rows.size)
