"""Agency decisions with discretion: who is granted, who wrongly refused, who wrongly granted.

Street-level bureaucracy (Lipsky 1980): workers decide with the discretion the rules
allow; coping "towards clients" (bending rules for them) is the most common mode
(Tummers et al. 2015). Two kinds of decision:

- *In procedure* (ordinary workers; a frontline best person whom the rules do not
  let cut through). Strict eligibility checks under rule burden refuse some
  entitled households (false refusals), more often those with little capacity to
  act, whose paperwork is least complete (compliance costs, Christensen et al.
  2020); a worker's coping towards clients and a personal contact, which shows the
  household's real circumstances, prevent part of them. A non-entitled application
  is refused, except where a worker bends a rule (`RULE_BENDING` times coping).
- *Outside procedure* (a frontline best person allowed to cut through). The
  decision follows judgement of need, not the eligibility check: no false refusals
  from paperwork, but judgement is only as good as the decider's empathy - seeing the
  household's real circumstances - so an entitled case is refused with chance
  `JUDGEMENT_MISS` times (1 - empathy); and a share `discretion_error` of non-entitled
  cases is granted anyway - workers judge clients' worthiness and bend rules for
  those they judge worthy (Maynard-Moody & Musheno 2003).

A grant to a non-entitled problem is *wrongful*: it takes help hours like any other,
and if an audit finds it, it is stopped and becomes an incident (see
`rule_reflex`). Every grant of an entitled problem is formal take-up.
"""

from __future__ import annotations

import numpy as np

from bpsim.core.mechanisms import trust
from bpsim.core.mechanisms.procedures import record_help
from bpsim.core.state import HELPED, OPEN, Week

#: Weight of incomplete paperwork in false refusals: the error is multiplied by
#: (1 - PAPERWORK_WEIGHT) + 2 * PAPERWORK_WEIGHT * (1 - capacity), i.e. 0.5-1.5 (assumption).
PAPERWORK_WEIGHT = 0.5
#: Share of the paperwork gap a personal contact closes (assumption).
PERSONAL_ERROR_CUT = 1.0
#: Chance that a worker fully coping towards clients grants a non-entitled application
#: in procedure (assumption).
RULE_BENDING = 0.05
#: Chance that judgement outside procedure refuses an entitled problem, at no empathy
#: (assumption: at a best person's empathy of 0.9, one in twenty).
JUDGEMENT_MISS = 0.5


def allowed_discretion(p, burden: float) -> float:
    """Discretion the rules leave ordinary workers: rules crowd it out."""
    return p.worker_discretion * (1.0 - 0.5 * burden)


def coping_towards_clients(empathy, practice, discretion: float):
    """How far a worker uses discretion for the client (0-1).

    Empathy and best persons' ways learnt by working beside them (practice) make a
    worker use what discretion there is for the household. Works on scalars (one
    worker, cheaply: it runs for every worker every week) and on arrays.
    """
    value = discretion * (0.5 + empathy + practice)
    if isinstance(value, float):
        return min(1.0, max(0.0, value))
    return np.clip(value, 0.0, 1.0)


def decide(
    ctx: Week,
    rng: np.random.Generator | None,
    rows: np.ndarray,
    cols: np.ndarray,
    coping,
    *,
    outside: np.ndarray | bool = False,
    empathy=0.0,
    draws: np.ndarray | None = None,
) -> np.ndarray:
    """Decide applications (rows, cols).

    Args:
        ctx: The week.
        rng: Random stream.
        rows: Households of the applications decided.
        cols: Their domains.
        coping: Coping towards clients of the deciding worker, per application (in procedure).
        outside: Which decisions are taken outside procedure, by judgement.
        empathy: The decider's empathy (for decisions outside procedure), one value or
            one per application.
        draws: One uniform random number per application, when drawn by the caller (a
            best person's own stream); else they are drawn from `rng`.

    Returns:
        Which applications were granted.
    """
    if rows.size == 0:
        return np.zeros(0, dtype=bool)
    res, p, ledger = ctx.res, ctx.p, ctx.ledger
    entitled = res.entitled[rows, cols]
    personal = res.personal[rows, cols]
    gap = (
        2.0 * PAPERWORK_WEIGHT * (1.0 - res.capacity[rows]) * (1.0 - PERSONAL_ERROR_CUT * personal)
    )
    paperwork = (1.0 - PAPERWORK_WEIGHT) + gap
    refuse = p.eligibility_error * ctx.burden * (1.0 - coping) * paperwork
    bend = RULE_BENDING * coping
    refuse = np.where(outside, JUDGEMENT_MISS * (1.0 - empathy), refuse)
    bend = np.where(outside, p.discretion_error, bend)
    draw = rng.random(rows.size) if draws is None else draws
    granted = np.where(entitled, draw >= refuse, draw < bend)
    gr, gc = rows[granted], cols[granted]
    res.status[gr, gc] = HELPED
    wrong = ~entitled[granted]
    res.wrongful[gr, gc] = wrong
    ledger.add("grants", int(gr.size))
    ledger.add("wrongful_grants", int(wrong.sum()))
    record_help(res, gr, gc, ctx.week, ledger)
    # Formal take-up: the first grant of an entitled problem.
    first = ~wrong & ~res.counted[gr, gc]
    fr, fc = gr[first], gc[first]
    ledger.record_take_up(res.quintile[fr], res.tied_at_onset[fr, fc], helped=True)
    res.counted[fr, fc] = True
    trust.experience(
        res,
        gr,
        np.where(personal[granted], trust.EXPERIENCE_GRANTED_PERSONAL, trust.EXPERIENCE_GRANTED),
        p.trust_learning_rate,
    )
    rr, rc = rows[~granted], cols[~granted]
    res.status[rr, rc] = OPEN
    res.step[rr, rc] = 0
    res.support[rr, rc] = 0.0
    trust.experience(
        res,
        rr,
        np.where(personal[~granted], trust.EXPERIENCE_REFUSED_PERSONAL, trust.EXPERIENCE_REFUSED),
        p.trust_learning_rate,
    )
    return granted
