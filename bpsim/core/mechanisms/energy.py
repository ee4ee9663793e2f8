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
    return blocked * STRAIN_PER_BLOCKED + report_hours / REPORT_HOURS_PER_STRAIN


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
    relief = ALLY_RELIEF * min(1.0, allies_per_1000 / ALLIES_FOR_FULL_RELIEF)
    blocked = p.blocked_drain * (1.0 - math.exp(-strain / STRAIN_SCALE))
    blocked *= 1.5 - entrepreneurship
    drain = (BASE_DRAIN + blocked) * resilience * (1.0 - relief)
    gain = p.success_recovery * (1.0 - math.exp(-helped / SUCCESS_SCALE))
    return min(1.0, max(0.0, energy - drain + gain))
