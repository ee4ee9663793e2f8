"""Burnout and turnover of ordinary frontline workers.

Red tape raises burnout (George et al. 2021, meta-analysis: small-to-medium
negative effects; Fuenzalida et al. 2024: more red tape, more burnout); workload
beyond capacity does too (Lipsky 1980: scarcity). Discretion used for clients makes
work meaningful (Tummers & Bekkers 2014) and speeds recovery. Burnout, stress and
lack of support predict turnover (Mor Barak et al. 2001).
"""

from __future__ import annotations

import numpy as np

#: Workload pressure above which it no longer adds burnout (queue at twice capacity).
MAX_PRESSURE = 2.0


def update(burnout, pressure, p, meaning, burden: float):
    """One week of burnout: builds with workload and red tape, recovers with meaning.

    Works on one worker's numbers and on arrays of them (all workers at once).

    Args:
        burnout: Current burnout (0-1).
        pressure: Cases waiting per case the agency can decide this week.
        p: Scenario parameters (`burnout_rate`).
        meaning: Discretion the worker uses for clients (0-1).
        burden: The effective rule burden (red tape).

    Returns:
        Burnout next week (0-1).
    """
    load = np.minimum(pressure, MAX_PRESSURE) + burden
    build = p.burnout_rate * load * (1.0 - burnout)
    recover = p.burnout_rate * (1.0 + meaning) * burnout
    return np.clip(burnout + build - recover, 0.0, 1.0)


def leave_chance(burnout, p):
    """Chance per week that a worker quits (Mor Barak et al. 2001)."""
    return p.turnover_rate + p.turnover_burnout * burnout * burnout
