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

from bpsim.core import streams
from bpsim.core.compiled import cells_where, kernel
from bpsim.core.mechanisms import trust
from bpsim.core.mechanisms.procedures import start
from bpsim.core.state import OPEN, Week

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


def contact_person(p) -> tuple[float, float, float]:
    """What a personal contact person at the start of a procedure takes, for a kernel.

    The share of applications with one (`personal_component`), the linking tie it adds
    (`PERSONAL_LINK`) and the experience it gives (`trust.EXPERIENCE_PERSONAL_CONTACT`),
    read at each call (see `discretion.constants`).
    """
    return (float(p.personal_component), PERSONAL_LINK, trust.EXPERIENCE_PERSONAL_CONTACT)


def seek(ctx: Week, *, rng: np.random.Generator) -> np.ndarray:
    """Open problems enter a procedure with a chance set by awareness, trust, severity, capacity.

    Args:
        ctx: The week.
        rng: Random stream.

    Returns:
        Household indices of the applications started (a household once per problem).
    """
    res, p = ctx.res, ctx.p
    return _seek(
        res.status, res.step, res.personal, res.linking, res.trust, res.awareness,
        res.severity, res.capacity, streams.state(rng), p.seek_rate, p.trust_learning_rate,
        contact_person(p),
    )  # fmt: skip


@kernel
def _seek(
    status, step, personal, linking, trust_, awareness, severity, capacity, st, seek_rate,
    rate, contact,
):  # fmt: skip
    """`seek` for every household (replaces masked numpy passes).

    First one number per open problem, in household and domain order (whether it
    applies), then one per application started (whether it gets a contact person,
    `procedures.start`): the draws of the numpy version, in its order, read from the
    stream's state `st` (`streams.state`). The last two arguments are the trust learning
    rate and `contact_person`.

    Returns:
        The households of the applications started.
    """
    d = status.shape[1]
    flat = status.ravel()
    cells = cells_where(flat, flat.dtype.type(OPEN))
    rows = np.empty(cells.size, dtype=np.intp)
    cols = np.empty(cells.size, dtype=np.intp)
    started = 0
    for k in cells:
        i, j = k // d, k % d
        chance = (
            seek_rate
            * awareness[i]
            * (0.2 + 0.8 * trust_[i])
            * (0.5 + 0.5 * severity[i, j])
            * (0.4 + 0.6 * capacity[i])
        )
        if streams.uniform(st) < chance:
            rows[started] = i
            cols[started] = j
            started += 1
    rows, cols = rows[:started].copy(), cols[:started].copy()
    draws = streams.uniforms(st, started)
    start(status, step, personal, linking, trust_, rows, cols, draws, rate, contact)
    return rows


def learn_from_ties(ctx: Week) -> None:
    """Awareness grows through ties and fades without them."""
    res = ctx.res
    _learn_from_ties(res.awareness, res.bonding, res.bridging, res.linking)


@kernel
def _learn_from_ties(awareness, bonding, bridging, linking):
    """`learn_from_ties` for every household in one pass (replaces six numpy passes)."""
    for i in range(awareness.size):
        ties = bonding[i] + bridging[i] + 2.0 * linking[i]
        a = awareness[i] + AWARENESS_FROM_TIES * ties * (1.0 - awareness[i])
        a -= AWARENESS_DECAY * a
        awareness[i] = min(max(a, 0.0), 1.0)


@kernel
def told_of_help(awareness, rows, gain):
    """Households `rows` are told what help exists: each learns a share of what it did not know.

    The share is `gain`, one per row. One after the other (compiled, for the teams): a
    household told twice learns twice, the second on the first.
    """
    for e in range(rows.size):
        r = rows[e]
        awareness[r] += gain[e] * (1.0 - awareness[r])
