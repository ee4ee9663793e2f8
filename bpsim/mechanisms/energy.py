"""Best persons' energy: drained by restriction and strain, restored by success; exit when spent.

Van Hulst & Matelski 2021: best persons are autonomous but need allies; rules,
boxes and short subsidies wear them out. Fuenzalida et al. 2024: red tape raises
burnout. Each week energy falls by `restriction_drain` times how much rules hold the
person back (see `freedom.restriction`) plus everyday strain, softened by allies
(other active best persons), and rises with households helped (meaning), saturating.
A best person whose energy falls below `EXIT_THRESHOLD` stops; any best person may
also stop for reasons outside the work, with chance `best_person_exit_rate` a week.
"""

from __future__ import annotations

import math

#: Energy lost per week by everyday strain (assumption).
BASE_DRAIN = 0.004
#: Share of the drain that allies can take away, and the allies at which that is reached.
ALLY_RELIEF = 0.3
ALLIES_FOR_FULL_RELIEF = 10
#: Households helped in a week at which meaning restores 1 - 1/e of `success_recovery`.
SUCCESS_SCALE = 3.0
#: Energy below which a best person stops (assumption).
EXIT_THRESHOLD = 0.1


def update(energy: float, p, restriction: float, resilience: float, allies: int, helped: int):
    """One week of energy.

    Args:
        energy: Current energy (0-1).
        p: Scenario parameters.
        restriction: How much rules hold the person back (0-1).
        resilience: Personal factor on the drain (around 1).
        allies: Other active best persons.
        helped: Households this person helped this week.

    Returns:
        Energy next week (0-1).
    """
    relief = ALLY_RELIEF * min(1.0, allies / ALLIES_FOR_FULL_RELIEF)
    drain = (p.restriction_drain * restriction + BASE_DRAIN) * resilience * (1.0 - relief)
    gain = p.success_recovery * (1.0 - math.exp(-helped / SUCCESS_SCALE))
    return min(1.0, max(0.0, energy - drain + gain))
