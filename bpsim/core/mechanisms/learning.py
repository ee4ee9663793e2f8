"""Professional learning: ordinary workers take on best persons' ways by working beside them.

The book's recommendation 2: ordinary professionals can learn from best persons'
qualities. A worker's practice (0-1) grows with `professional_learning` times
exposure - frontline best persons in the same agency, and warm referrals from bridge
builders into it - and is lost when the worker leaves. Practice makes a worker cope
towards clients (see `discretion`) and work faster (fewer hours per case).
"""

from __future__ import annotations

from bpsim.core.compiled import kernel

#: Weekly learning at full lever and full exposure (assumption: half-way in about a year).
LEARNING_RATE = 0.015
#: Case hours saved at full practice (assumption).
PRACTICE_TIME_SAVING = 0.3


#: Warm referrals in a week that count as much exposure as one frontline best person beside
#: the worker, and the exposure per best person per worker (assumption).
REFERRALS_PER_COLLEAGUE = 10.0
EXPOSURE_PER_COLLEAGUE = 4.0


def exposure(frontline_best_persons: int, referrals: int, staff: int) -> float:
    """A worker's contact with best persons' work this week (0-1).

    Frontline best persons working in the same agency, and warm referrals from bridge
    builders into it, per ordinary worker there.
    """
    return exposure_of(
        frontline_best_persons, referrals, staff, REFERRALS_PER_COLLEAGUE, EXPOSURE_PER_COLLEAGUE
    )


@kernel
def exposure_of(frontline_best_persons, referrals, staff, per_colleague, exposure_per_colleague):
    """`exposure` in a kernel (the two assumptions read by the caller)."""
    colleagues = frontline_best_persons + referrals / per_colleague
    return min(1.0, colleagues / staff * exposure_per_colleague)


def learn(practice: float, exposure: float, p) -> float:
    """One week of professional learning.

    Args:
        practice: Current practice (0-1).
        exposure: Contact with best persons' work this week (0-1).
        p: Scenario parameters (`professional_learning`).

    Returns:
        Practice next week.
    """
    return learned(practice, exposure, p.professional_learning, LEARNING_RATE)


@kernel
def learned(practice, exposure, professional_learning, learning_rate):
    """`learn` in a kernel (`learning_rate` is `LEARNING_RATE`, read by the caller)."""
    return practice + professional_learning * learning_rate * exposure * (1.0 - practice)
