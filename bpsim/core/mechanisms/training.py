"""Training ordinary workers in empathy: it helps, but only up to a ceiling.

The book's recommendation 1 says best persons "can hardly be trained". Training
effort `training` costs each agency `training * effort_hours` staff hours a week
and moves a worker's empathy towards their empathy at hiring plus
`training_ceiling`.
"""

from __future__ import annotations

from bpsim.core.compiled import kernel

#: Share of the remaining gap closed per week at full training (assumption).
TRAINING_RATE = 0.02


def train(empathy: float, hired_empathy: float, p) -> float:
    """A worker's week of training: empathy moves towards its ceiling (never down from above)."""
    return trained(empathy, hired_empathy, p.training, p.training_ceiling, TRAINING_RATE)


@kernel
def trained(empathy, hired_empathy, training, training_ceiling, training_rate):
    """`train` in a kernel (`training_rate` is `TRAINING_RATE`, read by the caller)."""
    ceiling = min(1.0, hired_empathy + training_ceiling)
    if empathy >= ceiling:
        return empathy
    return empathy + training * training_rate * (ceiling - empathy)


def hours(p) -> float:
    """Staff hours per agency per week that training costs."""
    return p.training * p.effort_hours
