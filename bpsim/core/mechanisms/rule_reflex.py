"""Audits, incidents and the rule reflex (risico-regelreflex): errors make rules heavier.

Rules exist for reasons, among them the lawfulness of spending (rechtmatigheid)
that a municipality accounts for to its council. Each week a running grant's file
is checked with chance `audit_rate`; a grant found to have gone to a problem that
was not entitled is an incident: the grant is stopped and recovered (a bad
experience for the household, cf. the inquiry *Ongekend onrecht*, 2020), and the
incident makes the rules heavier. The Dutch *risico-regelreflex* (Trappenburg
2010; BZK programme "Risico's en verantwoordelijkheden", 2011; Van Tol 2014) is the
tendency to answer incidents with more rules: each incident raises the effective
rule burden by `rule_reflex` * `REFLEX_STEP` per 1,000 households, and the extra
burden eases back slowly (half-life `REFLEX_HALF_LIFE` weeks). Nothing here looks at
freedom of movement: incidents follow from the grants that were made.
"""

from __future__ import annotations

import math

import numpy as np

from bpsim.core import streams
from bpsim.core.compiled import cells_where, kernel
from bpsim.core.mechanisms import trust
from bpsim.core.state import HELPED, OPEN, Week

#: Extra rule burden per incident per 1,000 households at full rule reflex (assumption:
#: a handful of incidents a year in a neighbourhood tightens the rules noticeably).
REFLEX_STEP = 0.02
#: Weeks in which half of the extra rule burden eases back (assumption: about a year).
REFLEX_HALF_LIFE = 52.0
_EASE = 1.0 - math.exp(-math.log(2.0) / REFLEX_HALF_LIFE)


class Rules:
    """The rules in force: the scenario's rule burden plus what incidents added.

    Attributes:
        base: The scenario's `rule_burden`.
        extra: Burden added by incidents, easing back week by week.
    """

    def __init__(self, base: float) -> None:
        self._base = base
        self._extra = 0.0
        self._burden = min(1.0, base)

    @property
    def burden(self) -> float:
        """The effective rule burden (0-1): ``min(1, base + extra)``.

        Kept as a number that changes with `base` and `extra` (a few times a week), as
        the mechanisms read it dozens of times a week.
        """
        return self._burden

    @property
    def base(self) -> float:
        """The scenario's `rule_burden`."""
        return self._base

    @base.setter
    def base(self, value: float) -> None:
        self._base = value
        self._burden = min(1.0, self._base + self._extra)

    @property
    def extra(self) -> float:
        """Burden added by incidents, easing back week by week."""
        return self._extra

    @extra.setter
    def extra(self, value: float) -> None:
        self._extra = value
        self._burden = min(1.0, self._base + self._extra)

    def ease(self) -> None:
        """One week: the extra burden eases back."""
        self.extra *= 1.0 - _EASE

    def react(self, incidents: int, reflex: float, households: int) -> None:
        """Incidents make the rules heavier, as far as the reflex goes."""
        if incidents and reflex > 0:
            self.extra += reflex * REFLEX_STEP * incidents * 1000.0 / households
            self.extra = min(self.extra, 1.0 - self.base)


def audit(ctx: Week, *, rng: np.random.Generator) -> int:
    """Check running grants; wrongful grants found are stopped and become incidents.

    Returns:
        Incidents this week.
    """
    res = ctx.res
    state = streams.state(rng)
    found = _audit(res.status, res.wrongful, res.step, res.support, state, ctx.p.audit_rate)
    trust.experience(res, found, trust.EXPERIENCE_RECOVERED, ctx.p.trust_learning_rate)
    incidents = int(found.size)
    if incidents:
        ctx.ledger.add("incidents", incidents)
    return incidents


@kernel
def _audit(status, wrongful, step, support, st, audit_rate):
    """The files checked (`audit`) but for trust, in one pass (replaces masked passes).

    One number per running wrongful grant, in household and domain order, as numpy drew,
    read from the stream's state `st` (`streams.state`).

    Returns:
        The households whose wrongful grant was found (once per grant).
    """
    d = status.shape[1]
    flat = status.ravel()
    grants = cells_where(flat, flat.dtype.type(HELPED))
    found = np.empty(grants.size, dtype=np.intp)
    k = 0
    for cell in grants:
        i, j = cell // d, cell % d
        if not wrongful[i, j] or not streams.uniform(st) < audit_rate:
            continue
        wrongful[i, j] = False
        # The grant is stopped and recovered; the problem is back without help.
        status[i, j] = OPEN
        step[i, j] = 0
        support[i, j] = 0.0
        found[k] = i
        k += 1
    return found[:k].copy()
