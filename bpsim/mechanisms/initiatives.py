"""Social entrepreneurs' initiatives: extra help in a domain, funded by subsidies with a horizon.

A social entrepreneur (sociale ondernemer) starts initiatives that add capacity - a
debt cafe, a youth programme - and mobilises money and volunteers; they depend on
subsidies and their horizon (Van den Brink et al. 2012; Van Hulst & Matelski 2021:
short subsidies and changing contact persons hurt). Without funding the
entrepreneur spends their hours applying (an application's hours grow with
`rule_burden`); with funding the initiative runs for `subsidy_horizon` weeks,
serving neighbours with unmet needs in its domain (other domains with chance
`freedom_of_movement`), with volunteers in proportion to collective efficacy.
Participants meet each other: bridging and bonding ties.
"""

from __future__ import annotations

import numpy as np

from bpsim.mechanisms import ties
from bpsim.mechanisms.procedures import solve_informally
from bpsim.state import APPLYING, OPEN, Ledger, Residents

#: Hours to write a subsidy application at no rule burden, and extra at full burden (assumption).
APPLICATION_HOURS = 24.0
APPLICATION_BURDEN = 3.0
#: Hours per participant per week (assumption).
HOURS_PER_PARTICIPANT = 1.5
#: Volunteers' hours per week at full collective efficacy, per initiative (assumption).
VOLUNTEER_HOURS = 12.0
#: Chance that taking part solves a problem, times entrepreneurship (assumption).
INITIATIVE_SUCCESS = 0.25
#: Tie strength that taking part adds (assumption).
PARTICIPATION_TIE = 0.2


def application_hours(p) -> float:
    """Hours one subsidy application takes."""
    return APPLICATION_HOURS * (1.0 + APPLICATION_BURDEN * p.rule_burden)


def choose_domain(res: Residents, reach: np.ndarray) -> int:
    """The domain with most unmet needs among the households within reach."""
    return int(res.unmet_mask()[reach].sum(axis=0).argmax())


def run_initiative(
    res: Residents,
    p,
    rng: np.random.Generator,
    week: int,
    ledger: Ledger,
    reach: np.ndarray,
    domain: int,
    hours: float,
    entrepreneurship: float,
    group: int,
    efficacy: float,
) -> int:
    """One week of a funded initiative.

    Returns:
        Households helped.
    """
    total_hours = hours + VOLUNTEER_HOURS * efficacy
    places = int(total_hours // HOURS_PER_PARTICIPANT)
    st = res.status[reach]
    d = st.shape[1]
    unmet = (st >= OPEN) & (st <= APPLYING)
    allowed = rng.random(unmet.shape) < p.freedom_of_movement
    allowed[:, domain] = True
    eligible = unmet & allowed
    who = np.nonzero(eligible.any(axis=1))[0]
    if places <= 0 or who.size == 0:
        return 0
    who = rng.choice(who, size=min(places, who.size), replace=False)
    rows = reach[who]
    ledger.add_hours(rows.size * HOURS_PER_PARTICIPANT)
    ties.connect(res, rows, group, PARTICIPATION_TIE)
    solved = eligible[who] & (rng.random((rows.size, d)) < INITIATIVE_SUCCESS * entrepreneurship)
    sr, sc = np.nonzero(solved)
    sr = rows[sr]
    solve_informally(res, sr, sc, week, ledger)
    return int(np.unique(sr).size)
