"""``bpsim bench``: speed and memory of the model, and how cost grows with households.

Each size runs in a fresh process (so peak memory is that run's own) on one core.
Targets (issue 2): the default scenario (2,000 households, 260 weeks) in at most 2 s,
and cost growing about linearly with households up to 20,000.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor

from bpsim.errors import UsageError

#: Seconds the default scenario may take (issue 2).
TARGET_SECONDS = 2.0
#: Largest cost per household-step at 20,000 households relative to 2,000 that still
#: counts as "about linear".
LINEARITY_TOLERANCE = 1.5


def _measure(households: int, steps: int, seed: int) -> dict[str, float]:
    from bpsim.api import run
    from bpsim.model import NeighbourhoodModel
    from bpsim.scenario import default_scenario

    sc = default_scenario().with_overrides({"n_households": households})
    t0 = time.perf_counter()
    NeighbourhoodModel(sc, rng=seed)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    run(sc, seed=seed, steps=steps)
    total = time.perf_counter() - t0
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # What the model itself allocates (numpy arrays and Python objects), traced
    # separately because tracing slows the run; 52 weeks reach the steady size.
    tracemalloc.start()
    run(sc, seed=seed, steps=min(steps, 52))
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "households": households,
        "steps": steps,
        "seconds": total,
        "build_seconds": build,
        "resident_steps_per_second": households * steps / total,
        "peak_rss_mib": peak_kib / 1024,
        "model_mib": traced_peak / 2**20,
    }


def measure(sizes: list[int], steps: int, repeat: int, seed: int = 0) -> list[dict[str, float]]:
    """Best-of-`repeat` timings per size, each in a fresh single-core process."""
    rows = []
    ctx = multiprocessing.get_context("spawn")
    for n in sizes:
        best = None
        for _ in range(repeat):
            with ProcessPoolExecutor(1, mp_context=ctx) as pool:
                row = pool.submit(_measure, n, steps, seed).result()
            if best is None or row["seconds"] < best["seconds"]:
                best = row
        rows.append(best)
    return rows


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``bench`` verb."""
    p = sub.add_parser(
        "bench",
        help="measure run time, resident-steps per second and peak memory",
        description="Time the default scenario and larger neighbourhoods, each in a fresh "
        "process, and check the speed targets.",
    )
    p.add_argument(
        "--sizes",
        default="2000,5000,10000,20000",
        help="households per size, comma-separated (default 2000,5000,10000,20000)",
    )
    p.add_argument("--steps", type=int, default=260, help="weeks per run (default 260)")
    p.add_argument("--repeat", type=int, default=3, help="runs per size; best counts (default 3)")
    p.add_argument("--json", dest="json_path", default=None, help="also write results as JSON")
    p.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Measure, print a table, check the targets."""
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        raise UsageError(
            f"--sizes '{args.sizes}': expected whole numbers, e.g. 2000,20000"
        ) from None
    if not sizes or min(sizes) < 50:
        raise UsageError(f"--sizes '{args.sizes}': each size must be at least 50")
    if args.steps < 1 or args.repeat < 1:
        raise UsageError("--steps and --repeat must be at least 1")
    rows = measure(sizes, args.steps, args.repeat)
    print(
        f"{'households':>10} {'seconds':>8} {'build s':>8} {'res-steps/s':>12} "
        f"{'peak MiB':>9} {'model MiB':>10}"
    )
    for r in rows:
        print(
            f"{r['households']:>10} {r['seconds']:>8.2f} {r['build_seconds']:>8.2f} "
            f"{r['resident_steps_per_second']:>12,.0f} {r['peak_rss_mib']:>9.0f} "
            f"{r['model_mib']:>10.0f}"
        )
    verdicts = []
    default = next((r for r in rows if r["households"] == 2000 and r["steps"] == 260), None)
    if default:
        ok = default["seconds"] <= TARGET_SECONDS
        verdicts.append(ok)
        print(
            f"target: default scenario <= {TARGET_SECONDS} s: "
            f"{'met' if ok else 'MISSED'} ({default['seconds']:.2f} s)"
        )
    if len(rows) > 1:
        per = [r["seconds"] / r["households"] for r in rows]
        ratio = per[-1] / per[0]
        ok = ratio <= LINEARITY_TOLERANCE
        verdicts.append(ok)
        print(
            f"target: about linear (cost per household at {rows[-1]['households']} / at "
            f"{rows[0]['households']} <= {LINEARITY_TOLERANCE}): "
            f"{'met' if ok else 'MISSED'} ({ratio:.2f})"
        )
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2)
    return 1 if args.check and not all(verdicts) else 0
