"""Ties form and fade; collective efficacy follows from cohesion and stress.

Bonding ties link similar neighbours, bridging ties link different groups in the
neighbourhood, linking ties cross formal power gradients, resident to agency
(Szreter & Woolcock 2004). Everyday contact forms bonding and bridging ties at a
rate that rises with the neighbourhood's collective efficacy; linking ties only
form through contact with agencies and best persons. All ties fade at `tie_decay`.
Collective efficacy - cohesion plus willingness to act - mediates the effect of
disadvantage (Sampson et al. 1997): here each household's cohesion (saturating in
its bonding and bridging ties) weighted by its room to act (one minus stress).
"""

from __future__ import annotations

import numpy as np

from bpsim.core.compiled import kernel
from bpsim.core.state import Residents, Week

#: Bonding and bridging ties formed per household per week through everyday contact
#: at zero collective efficacy (assumption: about 2 bonding and 0.5 bridging ties at rest).
BONDING_FORMATION = 0.02
BRIDGING_FORMATION = 0.005
#: Ties at which cohesion is 1 - 1/e (assumption).
COHESION_SCALE = 3.0


def cohesion(res: Residents) -> np.ndarray:
    """Cohesion per household (0-1), saturating in bonding plus bridging ties."""
    return 1.0 - np.exp(-(res.bonding + res.bridging) / COHESION_SCALE)


def collective_efficacy(res: Residents, cohesion_now: np.ndarray | None = None) -> float:
    """Neighbourhood collective efficacy (0-1): cohesion weighted by room to act.

    Args:
        res: Residents.
        cohesion_now: `cohesion` of `res` as it stands, if already worked out (the
            model keeps it from the end of each week, when ties have formed and faded).
    """
    if cohesion_now is None:
        cohesion_now = cohesion(res)
    weighted = cohesion_now * (1.0 - 0.5 * res.stress)
    # numpy's mean without its Python layers: the same pairwise sum over the count.
    return float(np.add.reduce(weighted) / weighted.size)


def form_and_fade(ctx: Week, *, efficacy: float) -> None:
    """Everyday contact forms bonding and bridging ties; all ties fade.

    Args:
        ctx: The week.
        efficacy: Collective efficacy of the neighbourhood last week.
    """
    res, p = ctx.res, ctx.p
    boost = 0.5 + efficacy
    _form_and_fade(
        res.bonding, res.bridging, res.linking, res.bp_tie, 1.0 - p.tie_decay,
        BONDING_FORMATION * boost, BRIDGING_FORMATION * boost,
    )  # fmt: skip


@kernel
def _form_and_fade(bonding, bridging, linking, bp_tie, keep, bonding_formed, bridging_formed):
    """`form_and_fade` for every household in one pass (replaces six numpy passes)."""
    for i in range(bonding.size):
        bonding[i] = bonding[i] * keep + bonding_formed
        bridging[i] = bridging[i] * keep + bridging_formed
        linking[i] *= keep
        bp_tie[i] *= keep


@kernel
def connect(bonding, bridging, res_group, rows, group, amount):
    """People of `group` connect households `rows`: bonding within a group, bridging across.

    `group` and `amount` are one per row (the person who came, the tie they add); a
    household listed twice (two best persons of a team came) gets both ties.
    """
    for e in range(rows.size):
        r = rows[e]
        if res_group[r] == group[e]:
            bonding[r] += amount[e]
        else:
            bridging[r] += amount[e]


@kernel
def know_best_person(bp_tie, rows, amount):
    """Households `rows` get to know a best person, `amount` each (tied to one from `TIED` on).

    A household listed twice gets both.
    """
    for e in range(rows.size):
        bp_tie[rows[e]] += amount[e]


@kernel
def link(linking, rows, amount):
    """Households `rows` get to know someone inside an agency (a linking tie of `amount`).

    A household listed twice (two best persons of a team) gets both.
    """
    for r in rows:
        linking[r] += amount
