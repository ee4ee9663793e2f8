"""Best persons' energy: drained by being blocked, restored by success; exit when spent.

Van Hulst & Matelski 2021: best persons are autonomous but need allies; rules,
boxes and short subsidies wear them out. Fuenzalida et al. 2024: red tape raises
burnout. Energy drains from what actually happens to a best person in a week: the
actions the rules blocked and their subsidy applications turned down (each one
strain unit, `STRAIN_PER_BLOCKED`) and the reporting hours demanded of them (one unit
per `REPORT_HOURS_PER_STRAIN` hours; see `freedom`) - together the week's *strain*
(`strain`) - saturating towards `blocked_drain` (times up to 1.5, less for the
persistent), plus everyday strain `BASE_DRAIN`. Entrepreneurship - persisting -
softens the drain from strain; allies (the other active best persons in the
neighbourhood, per 1,000 households) soften all of it; households helped restore
energy (meaning), saturating at `success_recovery` a week. A best person whose energy falls below
`EXIT_THRESHOLD` stops; any best person may also stop for reasons outside the work,
with chance `best_person_exit_rate` a week.
"""

from __future__ import annotations

import math

import numpy as np

from bpsim.core.compiled import kernel
from bpsim.core.mechanisms.freedom import reports_demanded

#: Strain of one blocked action, and the reporting hours that strain as much (assumption:
#: an hour of forms weighs like an action refused).
STRAIN_PER_BLOCKED = 1.0
REPORT_HOURS_PER_STRAIN = 1.0
#: Energy lost per week by everyday strain (assumption).
BASE_DRAIN = 0.004
#: Strain units in a week at which the drain reaches 1 - 1/e of `blocked_drain` (assumption).
STRAIN_SCALE = 4.0
#: Share of the drain that allies can take away, and the allies per 1,000 households at
#: which that is reached (assumption).
ALLY_RELIEF = 0.3
ALLIES_FOR_FULL_RELIEF = 5.0
#: Households helped in a week at which meaning restores 1 - 1/e of `success_recovery`.
SUCCESS_SCALE = 3.0
#: Energy below which a best person stops (assumption).
EXIT_THRESHOLD = 0.1


def strain(blocked: int, report_hours: float) -> float:
    """A week's strain: actions the rules blocked, plus the reporting hours demanded."""
    return strain_of(blocked, report_hours, STRAIN_PER_BLOCKED, REPORT_HOURS_PER_STRAIN)


@kernel
def strain_of(blocked, report_hours, per_blocked, hours_per_strain) -> float:
    """`strain` in a kernel (the two assumptions read by the caller)."""
    return blocked * per_blocked + report_hours / hours_per_strain


def update(
    energy: float,
    p,
    *,
    strain: float,
    entrepreneurship: float,
    resilience: float,
    allies_per_1000: float,
    helped: int,
) -> float:
    """One week of energy.

    Args:
        energy: Current energy (0-1).
        p: Scenario parameters (`blocked_drain`, `success_recovery`).
        strain: This week's strain (`strain`: blocked actions, applications turned down,
            reporting hours).
        entrepreneurship: The person's entrepreneurship (persistence softens strain).
        resilience: Personal factor on the drain (around 1).
        allies_per_1000: Other active best persons per 1,000 households.
        helped: Households this person helped this week.

    Returns:
        Energy next week (0-1).
    """
    return next_energy(
        energy, strain, entrepreneurship, resilience, allies_per_1000, helped,
        p.blocked_drain, p.success_recovery, constants(),
    )  # fmt: skip


def constants() -> tuple[float, ...]:
    """The assumptions the kernels here use, read at each call (see `discretion.constants`)."""
    return (
        STRAIN_PER_BLOCKED,
        REPORT_HOURS_PER_STRAIN,
        BASE_DRAIN,
        STRAIN_SCALE,
        ALLY_RELIEF,
        ALLIES_FOR_FULL_RELIEF,
        SUCCESS_SCALE,
        EXIT_THRESHOLD,
    )


@kernel
def next_energy(
    energy, strain, entrepreneurship, resilience, allies_per_1000, helped, blocked_drain,
    success_recovery, constants,
):  # fmt: skip
    """`update` in a kernel (`blocked_drain`, `success_recovery` from the parameters)."""
    _, _, base_drain, strain_scale, ally_relief, allies_for_full_relief, success_scale, _ = (
        constants
    )
    relief = ally_relief * min(1.0, allies_per_1000 / allies_for_full_relief)
    blocked = blocked_drain * (1.0 - math.exp(-strain / strain_scale))
    blocked *= 1.5 - entrepreneurship
    drain = (base_drain + blocked) * resilience * (1.0 - relief)
    gain = success_recovery * (1.0 - math.exp(-helped / success_scale))
    return min(1.0, max(0.0, energy - drain + gain))


@kernel
def week_end(
    streams, slots, helped, actions, blocked, energy, entrepreneurship, resilience,
    report_backlog, last_helped, last_actions, last_blocked, active, households,
    freedom_of_movement, burden, report_hours, blocked_drain, success_recovery, exit_rate,
    constants,
):  # fmt: skip
    """The end of the week for a team, in its order (`agents.BestPerson.end_week_together`).

    Replaces, per person, the reports demanded (`freedom.reporting`), the week's strain and
    energy (`strain`, `update`) and the chance of leaving, each drawn from the person's own
    stream (``streams[slots[i]]``) as before. One who stops is no longer an ally of those
    after them: `active` (the active best persons) falls by one.

    The team's slots and deeds come first; then the roster's arrays, by slot: energy,
    entrepreneurship and resilience (read), energy again and the reporting backlog
    (written), and last week's deeds (written: this week's); then the active best persons,
    the households, `freedom_of_movement`, the burden, `freedom.REPORT_HOURS`,
    `blocked_drain`, `success_recovery`, `best_person_exit_rate`, and `constants()`.
    Writing the roster here, not gathering and scattering it around the call, saves
    eight array operations per team and week. Returns the places in the team of those
    who stop, in the team's order (usually none).
    """
    strain_per_blocked, report_hours_per_strain = constants[0], constants[1]
    exit_threshold = constants[7]
    k = slots.size
    stops = np.zeros(k, dtype=np.bool_)
    for i in range(k):
        slot = slots[i]
        rng = streams[slot]
        backlog = reports_demanded(rng, actions[i], freedom_of_movement, burden, report_hours)
        strain = strain_of(blocked[i], backlog, strain_per_blocked, report_hours_per_strain)
        now = next_energy(
            energy[slot], strain, entrepreneurship[slot], resilience[slot],
            (active - 1) * 1000.0 / households, helped[i], blocked_drain, success_recovery,
            constants,
        )  # fmt: skip
        # Burnt out - or gone for reasons outside the work (moving, a new job, age).
        leaves = rng.random() < exit_rate
        stops[i] = leaves or now < exit_threshold
        active -= stops[i]
        report_backlog[slot] = backlog
        energy[slot] = now
        last_helped[slot], last_actions[slot], last_blocked[slot] = (
            helped[i],
            actions[i],
            blocked[i],
        )
    return np.flatnonzero(stops)
