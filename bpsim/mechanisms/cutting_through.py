"""Frontline best persons: stretching discretion and cutting through procedure.

A frontline worker who is a best person (frontliniewerker) stretches discretion for
residents, makes personal contact, cuts through procedure and crosses domain
boundaries (Van den Brink et al. 2012; Lipsky 1980; Tummers et al. 2015). Each week
they take the cases in their agency's domains where procedure weighs most - the
lowest capacity to act first. A case still in its steps is cut through (the
remaining steps skipped) with chance `freedom_of_movement`, else the best person
helps with them; the best person then decides it themselves, personally, looking
past rules as far as freedom allows. Problems the household has in other domains
are taken along (a procedure started with support) with chance `freedom_of_movement`.
"""

from __future__ import annotations

import numpy as np

from bpsim.mechanisms import discretion, help_seeking, ties, trust
from bpsim.state import APPLYING, OPEN, WAITING, Ledger, Residents

#: Support when helping with remaining steps (assumption).
STEP_SUPPORT = 0.5
#: Linking tie a personal case adds (assumption).
CASE_LINK = 0.3


def case_hours(p, restriction: float) -> float:
    """Hours per case for a frontline best person: checks and reporting only as far as bound."""
    return p.case_hours * (1.0 + p.case_hours_burden * restriction)


def work_cases(
    res: Residents,
    p,
    rng: np.random.Generator,
    week: int,
    ledger: Ledger,
    domains: np.ndarray,
    hours: float,
    empathy: float,
    restriction: float,
) -> int:
    """One week of a frontline best person's cases.

    Args:
        res: Residents.
        p: Scenario parameters.
        rng: Random stream.
        week: Current week.
        ledger: Event ledger.
        domains: Domains of the best person's agency.
        hours: Hours available for households this week.
        empathy: The best person's empathy.
        restriction: How much rules hold them back (0-1).

    Returns:
        Households helped.
    """
    per_case = case_hours(p, restriction)
    n_cases = int(hours // per_case)
    if n_cases <= 0:
        return 0
    sub = res.status[:, domains]
    rows, j = np.nonzero((sub == APPLYING) | (sub == WAITING))
    if rows.size == 0:
        return 0
    if rows.size > n_cases:
        pick = np.argpartition(res.capacity[rows], n_cases - 1)[:n_cases]
        rows, j = rows[pick], j[pick]
    cols = domains[j]
    ledger.add_hours(rows.size * per_case)
    applying = res.status[rows, cols] == APPLYING
    cut = applying & (rng.random(rows.size) < p.freedom_of_movement)
    # Help with the steps where not cut through; those cases stay in the procedure.
    stay = applying & ~cut
    res.support[rows[stay], cols[stay]] += STEP_SUPPORT
    decide = ~stay
    dr, dc = rows[decide], cols[decide]
    res.personal[dr, dc] = True
    coping = discretion.coping_towards_clients(empathy, 0.0, 1.0 - restriction)
    granted = discretion.decide(
        res, p, rng, week, ledger, dr, dc, np.full(dr.size, coping), strictness=restriction
    )
    ties.link(res, rows, CASE_LINK)
    trust.experience(res, rows[stay], trust.EXPERIENCE_PERSONAL_CONTACT, p.trust_learning_rate)
    # Crossing domain boundaries: take the household's other open problems along.
    others = res.status[rows] == OPEN
    others &= rng.random(others.shape) < p.freedom_of_movement
    orow, ocol = np.nonzero(others)
    orow = rows[orow]
    help_seeking.start(res, p, rng, orow, ocol)
    res.support[orow, ocol] += STEP_SUPPORT
    return int(granted.sum() + stay.sum() + np.unique(orow).size)
