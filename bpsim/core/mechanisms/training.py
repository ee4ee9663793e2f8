"""Training ordinary workers in empathy: it helps, but only up to a ceiling.

The book's recommendation 1 says best persons "can hardly be trained". Training
effort `training` costs each agency `training * effort_hours` staff hours a week
and moves a worker's empathy towards their empathy at hiring plus
`training_ceiling`.
"""

from __future__ import annotations

import numpy as np

#: Share of the remaining gap closed per week at full training (assumption).
TRAINING_RATE = 0.02


def train(empathy, hired_empathy, p):
    """One week of training: empathy moves towards its ceiling (never down from above it).

    Works on one worker's numbers and on arrays of them (all workers at once).
    """
    ceiling = np.minimum(1.0, hired_empathy + p.training_ceiling)
    return np.where(
        empathy >= ceiling, empathy, empathy + p.training * TRAINING_RATE * (ceiling - empathy)
    )


def hours(p) -> float:
    """Staff hours per agency per week that training costs."""
    return p.training * p.effort_hours
