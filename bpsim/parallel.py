"""Kept for older imports: the execution layer is `bpsim.execution`.

compare, validation, robust comparison and sweeps all run on `bpsim.execution`'s
engines; these names stay importable from here.
"""

from bpsim.execution import (  # noqa: F401 - re-exported
    WORKERS_PER_CORE,
    ProgressCallback,
    RunPool,
    check_local_workers,
    cpu_count,
    map_runs,
    progress_bar,
    start_method,
)

__all__ = [
    "WORKERS_PER_CORE",
    "ProgressCallback",
    "RunPool",
    "check_local_workers",
    "cpu_count",
    "map_runs",
    "progress_bar",
    "start_method",
]
