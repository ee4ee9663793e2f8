"""Sweeps and batch experiments: experiment files, designs, a runner and a resumable store.

The layers, each importing only those before it:

- `spec`: an experiment file (TOML) read and validated into an `Experiment`;
- `design`: design points (grid, Latin hypercube, Sobol, Morris), seeds and run ids,
  collected in a `Plan`;
- `store`: the results folder, Parquet parts plus a manifest, safe to kill at any moment;
- `runner`: runs a plan on an engine of `bpsim.machinery.execution` into a store;
- `analyse` and `sensitivity`: tables and figures from a store, without re-running.
"""

from bpsim.experiment.design import Plan, make_plan, run_id
from bpsim.experiment.spec import Experiment, ExperimentError, load_experiment
from bpsim.machinery.store import Store, StoreError

__all__ = [
    "Experiment",
    "ExperimentError",
    "Plan",
    "Store",
    "StoreError",
    "load_experiment",
    "make_plan",
    "run_id",
]
