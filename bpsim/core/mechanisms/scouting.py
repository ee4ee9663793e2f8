"""Scouting: finding latent best persons among residents and workers, and giving them room.

The book's recommendation 1: best persons can hardly be trained, but they can be
found. Scouting effort `scouting` costs each agency `scouting * effort_hours` staff
hours a week - the same as training at the same effort - and screens people: each
screening hour meets `PEOPLE_PER_HOUR` residents or workers, and a latent best
person met is recognised. Found residents become everyday doers, bridge builders or
social entrepreneurs; found workers become frontline best persons.
"""

from __future__ import annotations

import numpy as np

#: People met per scouting hour (assumption: a conversation of about two hours each).
PEOPLE_PER_HOUR = 0.5
#: Type of a found resident: everyday doer, bridge builder, social entrepreneur (assumption).
RESIDENT_TYPE_SHARES = (0.5, 0.3, 0.2)


def hours(p) -> float:
    """Staff hours per agency per week that scouting costs."""
    return p.scouting * p.effort_hours


def found(rng: np.random.Generator, p, n_agencies: int, latent: int, population: int) -> int:
    """How many latent best persons scouting finds this week.

    Args:
        rng: Random stream.
        p: Scenario parameters.
        n_agencies: Agencies that scout.
        latent: Latent best persons not yet found.
        population: People among whom they hide.

    Returns:
        Number found (at most `latent`).
    """
    if latent <= 0 or population <= 0 or p.scouting <= 0:
        return 0
    met = hours(p) * n_agencies * PEOPLE_PER_HOUR
    chance = min(1.0, met / population)
    return int(rng.binomial(latent, chance))
