"""How a household with a problem seeks help, or does not.

Each week a household with an open problem starts an agency's procedure with a
chance that rises with its awareness of what help exists, its trust in agencies,
the problem's severity and its capacity to act (Moynihan, Herd & Harvey 2015:
learning and psychological costs; Christensen et al. 2020). A share
`personal_component` of applications is handled with personal contact: the
worker helps with the forms, and the household gets to know someone inside
(the book's recommendation 4; Finkelstein & Notowidigdo 2019: 11% enrolment
with information, 18% with information plus personal assistance).
Awareness grows through ties: neighbours and contacts tell each other what exists.
"""

from __future__ import annotations

import numpy as np

from bpsim.core.mechanisms import trust
from bpsim.core.state import APPLYING, OPEN, Residents, Week

#: Support a personal contact person gives at every step of the procedure, at worker
#: empathy 0.5 (assumption; it scales with 0.5 + the workers' mean empathy).
PERSONAL_SUPPORT = 0.25
#: Linking tie gained by a personal contact with an agency worker (assumption).
PERSONAL_LINK = 0.2
#: Awareness learnt per week per tie (bonding and bridging count once, linking twice; assumption).
AWARENESS_FROM_TIES = 0.004
#: Awareness forgotten per week (assumption).
AWARENESS_DECAY = 0.003


def personal_support(worker_empathy: float) -> float:
    """Support a personal contact person gives at each step: more from empathic workers."""
    return PERSONAL_SUPPORT * (0.5 + worker_empathy)


def seek(ctx: Week, *, rng: np.random.Generator) -> np.ndarray:
    """Open problems enter a procedure with a chance set by awareness, trust, severity, capacity.

    Args:
        ctx: The week.
        rng: Random stream.

    Returns:
        Flat indices (into the problem arrays) of the applications started.
    """
    res, p = ctx.res, ctx.p
    open_ = res.status == OPEN
    rows, cols = np.nonzero(open_)
    if rows.size == 0:
        return rows
    chance = (
        p.seek_rate
        * res.awareness[rows]
        * (0.2 + 0.8 * res.trust[rows])
        * (0.5 + 0.5 * res.severity[rows, cols])
        * (0.4 + 0.6 * res.capacity[rows])
    )
    go = rng.random(rows.size) < chance
    rows, cols = rows[go], cols[go]
    start(res, p, rows, cols, rng.random(rows.size))
    return rows


def start(res: Residents, p, rows, cols, draws: np.ndarray) -> None:
    """Start procedures for problems (rows, cols); a share gets a personal contact person.

    The contact person's support counts at every step (see `procedures.attempt_steps`).

    Args:
        res: Residents.
        p: Scenario parameters.
        rows: Households.
        cols: Their problems' domains.
        draws: One uniform random number per problem (whether it gets a contact person);
            drawn by the caller, so a best person's draws come from their own stream.
    """
    if rows.size == 0:
        return
    res.status[rows, cols] = APPLYING
    res.step[rows, cols] = 0
    personal = draws < p.personal_component
    res.personal[rows, cols] = personal
    prow = rows[personal]
    if prow.size:
        res.linking[prow] += PERSONAL_LINK
        trust.experience(res, prow, trust.EXPERIENCE_PERSONAL_CONTACT, p.trust_learning_rate)


def learn_from_ties(ctx: Week) -> None:
    """Awareness grows through ties and fades without them."""
    res = ctx.res
    ties = res.bonding + res.bridging + 2.0 * res.linking
    res.awareness += AWARENESS_FROM_TIES * ties * (1.0 - res.awareness)
    res.awareness -= AWARENESS_DECAY * res.awareness
    np.clip(res.awareness, 0.0, 1.0, out=res.awareness)
