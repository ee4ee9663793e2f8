"""Seeds for replications: derived from (base seed, replication), never from a worker or clock.

Replication *i* uses the same seed in every scenario and design point (common random
numbers), so paired differences between scenarios cancel most of the noise that
comes from the draw of the neighbourhood and its events.
"""

from __future__ import annotations

import numpy as np


def replication_seed(base_seed: int, replication: int) -> int:
    """The seed of replication `replication` under `base_seed` (a 63-bit whole number).

    Args:
        base_seed: The experiment's base seed (>= 0).
        replication: Replication index (>= 0).

    Returns:
        A seed that depends only on the two arguments.
    """
    if base_seed < 0 or replication < 0:
        raise ValueError("base_seed and replication must be >= 0")
    state = np.random.SeedSequence([base_seed, replication]).generate_state(2, dtype=np.uint32)
    return int((int(state[0]) << 31) ^ int(state[1]))


def replication_seeds(base_seed: int, replications: int) -> list[int]:
    """Seeds of replications 0 .. `replications` - 1."""
    return [replication_seed(base_seed, i) for i in range(replications)]
