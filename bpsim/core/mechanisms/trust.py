"""Trust in agencies: moved by experience against expectation, and spread through ties.

Sources: Kumlin & Rothstein 2005 - contact with means-tested programmes erodes
trust; Tummers et al. 2016 - citizens are less satisfied under red tape (4.87 vs
6.08 of 10); procedural justice - a refusal with personal contact hurts less.
Trust moves a step `trust_learning_rate` from what the household expected (its
trust) towards what it experienced; experiences are valued on a 0-1 scale below.
"""

from __future__ import annotations

import numpy as np

from bpsim.core.compiled import kernel
from bpsim.core.state import Residents, Week

# How a household values each kind of contact (0 = very bad, 1 = very good). Assumptions,
# ordered after the procedural-justice literature: being helped beats being refused, a
# personal contact beats an anonymous one, giving up on a procedure is worst.
EXPERIENCE_GRANTED = 0.85
EXPERIENCE_GRANTED_PERSONAL = 0.95
EXPERIENCE_REFUSED = 0.15
EXPERIENCE_REFUSED_PERSONAL = 0.4
EXPERIENCE_STEP_FAILED = 0.3
EXPERIENCE_ABANDONED = 0.0
EXPERIENCE_PERSONAL_CONTACT = 0.8
EXPERIENCE_WARM_REFERRAL = 0.8
#: A grant stopped and recovered after an audit (Ongekend onrecht, 2020: recovery over
#: errors gravely damages trust).
EXPERIENCE_RECOVERED = 0.0
#: Weight of a failed step relative to a decision (a small, repeated experience).
STEP_WEIGHT = 0.3
#: Level that trust in people one knows inside agencies pulls towards, per linking tie (assumption).
LINKING_TRUST_LEVEL = 0.75
LINKING_TRUST_RATE = 0.003


@kernel
def toward(current, value, rate):
    """Trust moved a step `rate` from what was expected (`current`) towards `value`.

    The one rule every experience follows, for one household or an array of them
    (compiled, so the kernels call it too).
    """
    return current + rate * (value - current)


@kernel
def experienced(trust, rows, value, rate):
    """Households `rows` experience `value`, one after the other (compiled, for the teams).

    Each moves a step `rate` towards it (`toward`). Unlike `experience`, a household
    listed twice (two best persons of a team met it) moves twice, the second on the first.
    """
    for r in rows:
        trust[r] = toward(trust[r], value, rate)


def experience(res: Residents, rows: np.ndarray, value, rate: float, weight: float = 1.0) -> None:
    """Move the trust of households `rows` towards experience `value`.

    Args:
        res: Residents.
        rows: Household indices (a household listed twice counts once).
        value: Experience, scalar or one per row (0-1).
        rate: The scenario's `trust_learning_rate`.
        weight: Relative weight of this kind of contact.
    """
    if rows.size == 0:
        return
    t = res.trust
    t[rows] = toward(t[rows], value, rate * weight)


def spread(ctx: Week, *, circle: np.ndarray, circle_sizes: np.ndarray) -> None:
    """Trust drifts towards that of the household's circle through ties; linking ties pull it up.

    Households with more bonding and bridging ties hear more of their neighbours'
    experiences (word of mouth). People talk mostly with people like themselves
    (homophily, McPherson et al. 2001), so a household's circle is the households of
    its street block in its own capacity quintile (`circle`, one number per household).
    A linking tie is a person one knows inside an agency.

    Args:
        ctx: The week.
        circle: Each household's circle (street block and capacity quintile).
        circle_sizes: Households per circle.
    """
    res, p = ctx.res, ctx.p
    _spread(res.trust, res.bonding, res.bridging, res.linking, circle, circle_sizes, p.trust_spread)


@kernel
def _spread(trust, bonding, bridging, linking, circle, circle_sizes, rate):
    """`spread` for every household in two passes (replaces a dozen numpy passes).

    The circles' trust is summed household by household, as numpy's ``bincount`` does.
    """
    circle_mean = np.zeros(circle_sizes.size)
    for i in range(trust.size):
        circle_mean[circle[i]] += trust[i]
    for c in range(circle_sizes.size):
        circle_mean[c] /= max(circle_sizes[c], 1.0)
    for i in range(trust.size):
        social = min((bonding[i] + bridging[i]) / 5.0, 1.0)
        t = trust[i] + rate * social * (circle_mean[circle[i]] - trust[i])
        known = min(linking[i], 3.0)
        t += LINKING_TRUST_RATE * known * (LINKING_TRUST_LEVEL - t)
        trust[i] = min(max(t, 0.0), 1.0)
