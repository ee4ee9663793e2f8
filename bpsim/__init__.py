"""bpsim: an agent-based policy simulator of best persons in Dutch problem neighbourhoods.

The public API is imported on first use (PEP 562): ``import bpsim`` and every
``import bpsim.<module>`` stay light, so ``bpsim --help``, a refused input and a
worker process do not pay for Mesa, pandas and scipy before they need them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Each public name and the module that defines it.
_PUBLIC = {
    "RunResult": "bpsim.core.api",
    "resolve_scenario": "bpsim.core.api",
    "run": "bpsim.core.api",
    "NeighbourhoodModel": "bpsim.core.model",
    "OUTCOMES": "bpsim.core.outcomes",
    "LEVERS": "bpsim.core.scenario",
    "PARAMETERS": "bpsim.core.scenario",
    "Scenario": "bpsim.core.scenario",
    "ScenarioError": "bpsim.core.scenario",
    "load_scenario": "bpsim.core.scenario",
    "compare": "bpsim.comparison.paired",
    "Comparison": "bpsim.comparison.paired",
}

__all__ = [
    "LEVERS",
    "OUTCOMES",
    "PARAMETERS",
    "Comparison",
    "NeighbourhoodModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "__version__",
    "compare",
    "load_scenario",
    "resolve_scenario",
    "run",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from bpsim.comparison.paired import Comparison, compare
    from bpsim.core.api import RunResult, resolve_scenario, run
    from bpsim.core.model import NeighbourhoodModel
    from bpsim.core.outcomes import OUTCOMES
    from bpsim.core.scenario import LEVERS, PARAMETERS, Scenario, ScenarioError, load_scenario


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'bpsim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
