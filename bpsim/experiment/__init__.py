"""Sweeps and batch experiments: experiment files, designs and a runner.

The layers, each importing only those before it:

- `spec`: an experiment file (TOML) read and validated into an `Experiment`;
- `design`: design points (grid, Latin hypercube, Sobol, Morris), seeds and run ids,
  collected in a `Plan`;
- `runner`: runs a plan on an engine of `bpsim.machinery.execution` into a results store
  (`bpsim.machinery.store`: Parquet parts plus a manifest, safe to kill at any moment,
  shared with the robust comparison);
- `analyse` and `sensitivity`: tables and figures from a store, without re-running.
"""

from bpsim.experiment.design import Plan, make_plan, run_id
from bpsim.experiment.spec import Experiment, ExperimentError, load_experiment

__all__ = [
    "Experiment",
    "ExperimentError",
    "Plan",
    "load_experiment",
    "make_plan",
    "run_id",
]
