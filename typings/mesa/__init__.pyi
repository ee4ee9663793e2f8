"""What bpsim's model core relies on of Mesa 3.5's `Model`, for mypy only.

Mesa ships no type information. Were its `Model` `Any`, so would be every class built on
it, and mypy would accept `NeighbourhoodModel` wherever a Protocol is expected without
comparing anything. As a class, it lets mypy compare what the model declares with what its
parts name of it (`bpsim.core.agents.Neighbourhood`, `bpsim.core.outcomes.Measured`).
Every other name of Mesa's stays `Any`.
"""

import random as _random
from typing import Any

import numpy as np

class Model:
    steps: int
    random: _random.Random
    rng: np.random.Generator
    agents_by_type: Any
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...

def __getattr__(name: str) -> Any: ...
