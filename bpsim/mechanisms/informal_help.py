"""Everyday doers: noticing hidden needs in their own street and helping informally.

An everyday doer (alledaagse doener) is a resident who fixes problems in their own
street, notices hidden needs early, helps informally and builds ties between
neighbours (Van den Brink et al. 2012; Kovacs 2020). Each week they visit
neighbours in their block who have unmet needs: the visit raises the household's
awareness of help; problems the doer may act on (their own domain, social
isolation, always; other domains with chance `freedom_of_movement`) are solved
informally when light enough, or the doer goes along to the agency (support in the
procedure). Visits connect neighbours: bonding ties within the doer's group,
bridging ties across.
"""

from __future__ import annotations

import numpy as np

from bpsim.mechanisms import help_seeking, ties
from bpsim.mechanisms.procedures import solve_informally
from bpsim.state import APPLYING, OPEN, Ledger, Residents

#: Hours per household visit (assumption).
HOURS_PER_VISIT = 2.0
#: Awareness gained per visit, as share of what is missing (assumption).
NOTICE = 0.3
#: Heaviest problem an everyday doer can solve informally (severity; assumption).
INFORMAL_MAX_SEVERITY = 0.5
#: Chance that informal help solves a light problem, times empathy (assumption).
INFORMAL_SUCCESS = 0.4
#: Support given when going along to the agency (assumption).
ACCOMPANY_SUPPORT = 0.4
#: Tie strength a visit adds (assumption).
VISIT_TIE = 0.3
#: The everyday doer's own domain: social isolation (the last domain).
OWN_DOMAIN = -1


def visit(
    res: Residents,
    p,
    rng: np.random.Generator,
    week: int,
    ledger: Ledger,
    reach: np.ndarray,
    hours: float,
    empathy: float,
    group: int,
) -> int:
    """One week of an everyday doer's visits.

    Args:
        res: Residents.
        p: Scenario parameters.
        rng: Random stream.
        week: Current week.
        ledger: Event ledger.
        reach: Households in the doer's street block.
        hours: Hours available for households this week.
        empathy: The doer's empathy.
        group: The doer's background group.

    Returns:
        Households helped (visited with a need acted on).
    """
    visits = int(hours // HOURS_PER_VISIT)
    status = res.status[reach]
    needy = reach[((status >= OPEN) & (status <= APPLYING)).any(axis=1)]
    if visits <= 0 or needy.size == 0:
        return 0
    rows = rng.choice(needy, size=min(visits, needy.size), replace=False)
    ledger.add_hours(rows.size * HOURS_PER_VISIT)
    res.awareness[rows] += NOTICE * (1.0 - res.awareness[rows])
    ties.connect(res, rows, group, VISIT_TIE)
    d = res.status.shape[1]
    allowed = rng.random((rows.size, d)) < p.freedom_of_movement
    allowed[:, OWN_DOMAIN] = True
    st = res.status[rows]
    open_ = (st == OPEN) & allowed
    light = open_ & (res.severity[rows] <= INFORMAL_MAX_SEVERITY)
    solved = light & (rng.random((rows.size, d)) < INFORMAL_SUCCESS * empathy)
    sr, sc = np.nonzero(solved)
    sr = rows[sr]
    solve_informally(res, sr, sc, week, ledger)
    ar, ac = np.nonzero(open_ & ~solved)
    ar = rows[ar]
    help_seeking.start(res, p, rng, ar, ac)
    res.support[ar, ac] += ACCOMPANY_SUPPORT
    br, bc = np.nonzero((st == APPLYING) & allowed)
    res.support[rows[br], bc] += ACCOMPANY_SUPPORT
    return int(np.unique(np.concatenate([sr, ar, rows[br]])).size)
