"""Robust comparison speed: ``bpsim compare --uncertainty W --replications R`` of the defaults.

Runs the default pair (restricted vs open) in W plausible worlds with R replications per
world on local processes, times the worlds (the sweep session's own clock, engine start
included) and the comparison at the defaults, and extrapolates linearly to 100 worlds.
The load average is printed next to the figure: on a shared 2-core machine a busy
neighbour can slow every run several-fold, and the extrapolation is only as good as the
load it was measured under. The issue's target: 100 worlds x 3 replications within 10
minutes on a 2-core machine (a benchmark, not a timed test).

Usage::

    uv run python benchmarks/bench_robust.py --worlds 10 --replications 3
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=10)
    parser.add_argument("--replications", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--target-worlds", type=int, default=100)
    args = parser.parse_args()

    from bpsim.comparison import compare
    from bpsim.machinery.store import Store

    load_before = os.getloadavg()
    out = Path(tempfile.mkdtemp(prefix="bench-robust-")) / "robust"
    t0 = time.perf_counter()
    result = compare(
        None,
        replications=args.replications,
        workers=args.workers,
        uncertainty=args.worlds,
        robust_options={"store": out},
    )
    wall = time.perf_counter() - t0
    session = Store.open(out).provenance["sessions"][-1]
    world_runs = session["done"] + session["failed"]
    per_run_wall = session["seconds"] / max(world_runs, 1)
    target_runs = args.target_worlds * 2 * args.replications
    report = {
        "worlds": args.worlds,
        "replications": args.replications,
        "workers": args.workers,
        "wall_seconds_total": round(wall, 1),
        "wall_seconds_defaults": round(result.seconds, 1),
        "wall_seconds_worlds": session["seconds"],
        "world_runs": world_runs,
        "wall_seconds_per_world_run": round(per_run_wall, 3),
        "extrapolated_seconds_for_target": round(target_runs * per_run_wall + result.seconds, 0),
        "target_worlds": args.target_worlds,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
