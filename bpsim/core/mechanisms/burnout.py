"""Burnout and turnover of ordinary frontline workers.

Red tape raises burnout (George et al. 2021, meta-analysis: small-to-medium
negative effects; Fuenzalida et al. 2024: more red tape, more burnout); workload
beyond capacity does too (Lipsky 1980: scarcity). Discretion used for clients makes
work meaningful (Tummers & Bekkers 2014) and speeds recovery. Burnout, stress and
lack of support predict turnover (Mor Barak et al. 2001).
"""

from __future__ import annotations

from bpsim.core.compiled import kernel

#: Workload pressure above which it no longer adds burnout (queue at twice capacity).
MAX_PRESSURE = 2.0


def update(burnout: float, pressure: float, p, meaning: float, burden: float) -> float:
    """One week of a worker's burnout: builds with workload and red tape, recovers with meaning.

    Args:
        burnout: Current burnout (0-1).
        pressure: Cases waiting per case the agency can decide this week.
        p: Scenario parameters (`burnout_rate`).
        meaning: Discretion the worker uses for clients (0-1).
        burden: The effective rule burden (red tape).

    Returns:
        Burnout next week (0-1).
    """
    return next_burnout(burnout, pressure, p.burnout_rate, meaning, burden, MAX_PRESSURE)


def leave_chance(burnout: float, p) -> float:
    """Chance per week that a worker quits (Mor Barak et al. 2001)."""
    return quit_chance(burnout, p.turnover_rate, p.turnover_burnout)


@kernel
def next_burnout(burnout, pressure, burnout_rate, meaning, burden, max_pressure):
    """`update` in a kernel (`max_pressure` is `MAX_PRESSURE`, read by the caller)."""
    load = min(pressure, max_pressure) + burden
    build = burnout_rate * load * (1.0 - burnout)
    recover = burnout_rate * (1.0 + meaning) * burnout
    return min(1.0, max(0.0, burnout + build - recover))


@kernel
def quit_chance(burnout, turnover_rate, turnover_burnout):
    """`leave_chance` in a kernel (`turnover_rate`, `turnover_burnout` from the parameters)."""
    return turnover_rate + turnover_burnout * burnout * burnout
