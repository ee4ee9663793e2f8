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

from bpsim.core import streams
from bpsim.core.compiled import cells_where, kernel
from bpsim.core.mechanisms import trust
from bpsim.core.mechanisms.trust import toward
from bpsim.core.state import APPLYING, OPEN, WAITING, Week

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
    res, p = ctx.res, ctx.p
    rows, cols, beside, margin = _applying(
        res.status, res.support, res.personal, res.capacity, personal_support,
        step_difficulty(p, ctx.burden),
    )  # fmt: skip
    # The pass chance stays numpy's arithmetic (its exp), as the draws are compared with it.
    chance = 1.0 / (1.0 + np.exp(-PASS_SLOPE * margin))
    failed, quits = _attempt(
        res.status, res.step, res.support, res.queued_at, res.coordinated, res.capacity, rows,
        cols, beside, chance, procedure_steps, procedure_steps_one_plan, ctx.week,
        streams.state(rng),
    )  # fmt: skip
    # Failed steps are a bad experience; giving up is worse.
    rate = p.trust_learning_rate
    trust.experience(res, failed, trust.EXPERIENCE_STEP_FAILED, rate, trust.STEP_WEIGHT)
    trust.experience(res, quits, trust.EXPERIENCE_ABANDONED, rate)
    return quits


@kernel
def _applying(status, support, personal, capacity, personal_support, difficulty):
    """The problems in a procedure, in household and domain order; their support decays.

    Returns:
        Their households, domains, the support beside each at this step and each's
        margin (capacity plus support minus the step's difficulty).
    """
    d = status.shape[1]
    flat = status.ravel()
    cells = cells_where(flat, flat.dtype.type(APPLYING))
    applying = cells.size
    rows = np.empty(applying, dtype=np.intp)
    cols = np.empty(applying, dtype=np.intp)
    beside = np.empty(applying)
    margin = np.empty(applying)
    for m in range(applying):
        i, j = cells[m] // d, cells[m] % d
        rows[m], cols[m] = i, j
        beside[m] = support[i, j] + personal_support * personal[i, j]
        margin[m] = capacity[i] + beside[m] - difficulty
        support[i, j] *= SUPPORT_RETENTION
    return rows, cols, beside, margin


@kernel
def _attempt(
    status, step, support, queued_at, coordinated, capacity, rows, cols, beside, chance,
    procedure_steps, procedure_steps_one_plan, week, st,
):  # fmt: skip
    """The steps tried (`attempt_steps`) but for trust, in one pass per kind of draw.

    Replaces the masked numpy passes; the draws are numpy's (read from the stream's
    state `st`, `streams.state`), in its order: one per problem in a procedure (passed),
    then one per failed step (giving up).

    Returns:
        Household indices of the failed steps, and of the applications given up.
    """
    m = rows.size
    d = status.shape[1]
    passed = np.empty(m, dtype=np.bool_)
    for k in range(m):
        passed[k] = streams.uniform(st) < chance[k]
        if passed[k]:
            step[rows[k], cols[k]] += 1
    # Households that passed a step (each once, in order): shared progress, then done.
    last = -1
    for k in range(m):
        i = rows[k]
        if not passed[k] or i == last:
            continue
        last = i
        if coordinated[i]:
            # One plan: a step passed for one problem counts for all of them.
            furthest = 0
            for j in range(d):
                if status[i, j] == APPLYING and step[i, j] > furthest:
                    furthest = step[i, j]
            for j in range(d):
                if status[i, j] == APPLYING:
                    step[i, j] = furthest
        for j in range(d):
            need = procedure_steps_one_plan if coordinated[i] else procedure_steps[j]
            if status[i, j] == APPLYING and step[i, j] >= need:
                status[i, j] = WAITING
                queued_at[i, j] = week
    # Failed steps: perhaps giving up, more likely with little capacity and support.
    failed = rows[~passed]
    quits = np.empty(failed.size, dtype=np.intp)
    n_quit = 0
    for k in range(m):
        if passed[k]:
            continue
        i, j = rows[k], cols[k]
        give_up = (
            ABANDON_BASE + ABANDON_LOW_CAPACITY * (1.0 - capacity[i]) - ABANDON_SUPPORT * beside[k]
        )
        if streams.uniform(st) < give_up:
            status[i, j] = OPEN
            step[i, j] = 0
            support[i, j] = 0.0
            quits[n_quit] = i
            n_quit += 1
    return failed, quits[:n_quit].copy()


@kernel
def start(status, step, personal, linking, trust, rows, cols, draws, rate, contact_person):
    """Procedures start for problems (rows, cols); a share gets a personal contact person.

    A problem with a contact person (a number of `draws` below the share with one, one
    number per problem, drawn by the caller from its own stream) adds a linking tie and
    moves trust (learning rate `rate`) towards a personal contact; the contact person's
    support counts at every step (see `attempt_steps`). The tie and trust move from the
    values before this batch (a household listed twice gets them once, as numpy's
    ``x[rows] += ...``). `contact_person` is `help_seeking.contact_person`.

    Returns:
        Which problems got a contact person.
    """
    personal_component, personal_link, contact_experience = contact_person
    m = rows.size
    contact = np.empty(m, dtype=np.bool_)
    for i in range(m):
        status[rows[i], cols[i]] = APPLYING
        step[rows[i], cols[i]] = 0
        contact[i] = draws[i] < personal_component
        personal[rows[i], cols[i]] = contact[i]
    prow = rows[contact]
    linked = linking[prow] + personal_link
    for i in range(prow.size):
        linking[prow[i]] = linked[i]
    moved = toward(trust[prow], contact_experience, rate)
    for i in range(prow.size):
        trust[prow[i]] = moved[i]
    return contact


@kernel
def start_with_support(
    status, step, personal, linking, trust, support, rows, entries, cols, draws, layer, given,
    rate, contact_person,
):  # fmt: skip
    """A best person starts procedures with households and stays beside them (support).

    `rows` are the households a team was with (one per entry), `entries` those whose
    problem in `cols` starts a procedure, `draws` the team's numbers per entry, layer and
    domain (layer `layer` says whether a contact person), `given` the support each entry's
    best person gives; the rest as `start`.
    """
    contact = np.empty(entries.size)
    for j in range(entries.size):
        contact[j] = draws[entries[j], layer, cols[j]]
    start(
        status, step, personal, linking, trust, rows[entries], cols, contact, rate, contact_person
    )
    stay_beside(support, rows[entries], cols, given[entries])


@kernel
def stay_beside(support, rows, cols, given):
    """Best persons stay beside households in their procedures (rows, cols), one by one.

    Each adds the support it gives (`given`, one per problem) to what the problem has:
    a problem two best persons stand beside gets both.
    """
    for j in range(rows.size):
        support[rows[j], cols[j]] += given[j]
