"""Compiled counting passes over the households, for the outcomes' measurement.

`bpsim.core.outcomes` holds one record per outcome and the measurement; these loops are its
arithmetic where masked numpy passes over all households cost most. They live apart so that
the records load without numba: every face (the CLI's input checks among them) reads the
records, and only a measurement needs the compiled code.
"""

from __future__ import annotations

import numpy as np

from bpsim.core.compiled import kernel
from bpsim.core.state import APPLYING, HELPED


@kernel
def agencies_involved(status, coordinated, membership):
    """Agencies involved, summed over the households `agencies_per_household` counts.

    Replaces masked numpy passes and a matrix product; the counts are whole numbers,
    so their sum is exact in any order.

    Returns:
        The agencies involved, summed, and the households counted.
    """
    n, d = status.shape
    # Each agency's domains as bits, so an agency is involved if its bits meet the household's.
    serves = np.zeros(membership.shape[1], dtype=np.int64)
    for j in range(d):
        for g in range(membership.shape[1]):
            if membership[j, g] > 0:
                serves[g] |= 1 << j
    involved = 0.0
    households = 0
    for i in range(n):
        problems = 0
        contact = 0
        for j in range(d):
            s = status[i, j]
            problems += s != 0
            contact |= ((s >= APPLYING) & (s <= HELPED)) << j
        if problems < 2 or contact == 0:
            continue
        count = 0
        for g in range(serves.size):
            count += (serves[g] & contact) != 0
        if coordinated[i]:
            count = min(count, 1)
        if count > 0:
            involved += count
            households += 1
    return involved, households


@kernel
def problems_with_status(status, lowest, highest):
    """Problems whose status lies from `lowest` to `highest` (one pass, no mask)."""
    flat = status.ravel()
    low, high = flat.dtype.type(lowest), flat.dtype.type(highest)
    count = 0
    for k in range(flat.size):
        # Both tests without a branch, in the statuses' own type: the loop vectorises.
        count += (flat[k] >= low) & (flat[k] <= high)
    return count
