"""bpsim: an agent-based policy simulator of best persons in Dutch problem neighbourhoods."""

from bpsim.api import RunResult, resolve_scenario, run
from bpsim.model import NeighbourhoodModel
from bpsim.outcomes import OUTCOMES
from bpsim.scenario import LEVERS, PARAMETERS, Scenario, ScenarioError, load_scenario

__version__ = "0.1.0"

__all__ = [
    "LEVERS",
    "OUTCOMES",
    "PARAMETERS",
    "NeighbourhoodModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "__version__",
    "load_scenario",
    "resolve_scenario",
    "run",
]
