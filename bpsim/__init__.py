"""bpsim: an agent-based policy simulator of best persons in Dutch problem neighbourhoods."""

from bpsim.api import RunResult, resolve_scenario, run
from bpsim.model import NeighbourhoodModel
from bpsim.outcomes import OUTCOMES
from bpsim.scenario import LEVERS, PARAMETERS, Scenario, ScenarioError, load_scenario

__version__ = "0.1.0"

__all__ = [
    "LEVERS",
    "Comparison",
    "OUTCOMES",
    "PARAMETERS",
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


def __getattr__(name: str):
    # bpsim.compare and bpsim.Comparison load scipy and the process-pool machinery:
    # import them only when asked for, so `import bpsim` (and every worker) stays light.
    if name in ("compare", "Comparison"):
        from bpsim import comparison

        return getattr(comparison, name)
    raise AttributeError(f"module 'bpsim' has no attribute {name!r}")
