"""Procedures: each step is passed or failed; failures may end in giving up.

Administrative burden (Moynihan, Herd & Harvey 2015) is learning, psychological and
compliance cost. Here a procedure has a number of steps that grows with
`rule_burden` (from `procedure_steps_min` to `procedure_steps_max`), and each step
has a difficulty that grows with it too. Each week a household in a procedure tries
its next step and passes with a chance that rises with its capacity to act plus
the support beside it (a best person, a personal contact, a warm referral) and
falls with the step's difficulty (logistic). After a failure it may give up, more
likely with little capacity and little support (Christensen et al. 2020). Where a
domain is served by several agencies (n_agencies > domains), the household must go
through each agency's procedure - unless the agencies work from one plan for it.
"""

from __future__ import annotations

import numpy as np

from bpsim.core.mechanisms import trust
from bpsim.core.state import APPLYING, OPEN, WAITING, Ledger, Residents, Week

#: Slope of the pass chance in (capacity + support - difficulty) (assumption).
PASS_SLOPE = 4.0
#: Chance of giving up after a failed step: base, plus for lack of capacity, minus for support.
ABANDON_BASE = 0.05
ABANDON_LOW_CAPACITY = 0.25
ABANDON_SUPPORT = 0.3
#: Share of support that remains from one week to the next (assumption).
SUPPORT_RETENTION = 0.9


def steps_per_agency(p, burden: float) -> int:
    """Steps of one agency's procedure at the effective rule burden."""
    span = p.procedure_steps_max - p.procedure_steps_min
    return int(round(p.procedure_steps_min + span * burden))


def step_difficulty(p, burden: float) -> float:
    """Difficulty of one step at the effective rule burden."""
    return p.step_difficulty * (0.5 + burden)


def attempt_steps(
    ctx: Week,
    *,
    rng: np.random.Generator,
    procedure_steps: np.ndarray,
    procedure_steps_one_plan: int,
    personal_support: float = 0.0,
) -> np.ndarray:
    """Households in a procedure try their next step.

    Args:
        ctx: The week.
        rng: Random stream.
        procedure_steps: Steps per domain without coordination (all owning agencies).
        procedure_steps_one_plan: Steps when the agencies work from one plan.
        personal_support: Support of a personal contact person at each step
            (`help_seeking.personal_support`), for applications handled personally.

    Returns:
        Household indices of the applications that gave up this week.
    """
    res, p, week = ctx.res, ctx.p, ctx.week
    rows, cols = np.nonzero(res.status == APPLYING)
    if rows.size == 0:
        return rows
    support = res.support[rows, cols]
    res.support[rows, cols] = support * SUPPORT_RETENTION
    beside = support + personal_support * res.personal[rows, cols]
    margin = res.capacity[rows] + beside - step_difficulty(p, ctx.burden)
    passed = rng.random(rows.size) < 1.0 / (1.0 + np.exp(-PASS_SLOPE * margin))
    # Passed steps.
    pr, pc = rows[passed], cols[passed]
    res.step[pr, pc] += 1
    # One plan: a household whose agencies work together goes through one procedure for
    # all its problems, so a step passed for one counts for all of them.
    shared = pr[res.coordinated[pr]]
    if shared.size:
        applying = res.status[shared] == APPLYING
        furthest = np.where(applying, res.step[shared], 0).max(axis=1, keepdims=True)
        res.step[shared] = np.where(applying, furthest, res.step[shared])
    # Check every applying problem of households that passed a step (shared progress).
    hh = np.unique(pr)
    sub = res.status[hh] == APPLYING
    need = np.where(res.coordinated[hh, None], procedure_steps_one_plan, procedure_steps[None, :])
    done = sub & (res.step[hh] >= need)
    dr, dc = np.nonzero(done)
    dr = hh[dr]
    res.status[dr, dc] = WAITING
    res.queued_at[dr, dc] = week
    # Failed steps: a bad experience, and perhaps giving up.
    fr, fc = rows[~passed], cols[~passed]
    trust.experience(
        res, fr, trust.EXPERIENCE_STEP_FAILED, p.trust_learning_rate, trust.STEP_WEIGHT
    )
    fsupport = beside[~passed]
    give_up = (
        ABANDON_BASE + ABANDON_LOW_CAPACITY * (1.0 - res.capacity[fr]) - ABANDON_SUPPORT * fsupport
    )
    quit_ = rng.random(fr.size) < give_up
    qr, qc = fr[quit_], fc[quit_]
    res.status[qr, qc] = OPEN
    res.step[qr, qc] = 0
    res.support[qr, qc] = 0.0
    trust.experience(res, qr, trust.EXPERIENCE_ABANDONED, p.trust_learning_rate)
    return qr


def record_help(res: Residents, rows: np.ndarray, cols: np.ndarray, week: int, ledger: Ledger):
    """Book help (formal or informal) given to problems (rows, cols): the weeks it took."""
    if rows.size:
        ledger.record_help(week - res.onset[rows, cols])
