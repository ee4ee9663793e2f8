"""``bpsim bench``: speed and memory of the model, and how cost grows with households.

Each size runs in a fresh process (so peak memory is that run's own) on one core: a first
run, which also loads the compiled kernels, then steady runs, as each run after the first
in a sweep's worker, each timed next to Mesa's example in the same process (`PAIRS`).
Targets: the default scenario (2,000 households, 260 weeks) in at most 2 s as a first run;
resident-steps per second of the steady runs at least 10 times the agent-steps per second
of Mesa's own Boltzmann wealth example at 2,000 households and 20 times at 20,000 (the
median of the pairs); and cost growing about linearly with households. For a whole city's
problem districts, ``--households 100000`` runs 2,000 and 100,000 households and says
whether cost per household stays about the same and one run stays under 500 MB.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import resource
import statistics
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor

from bpsim.machinery.errors import UsageError

#: Seconds the default scenario may take.
TARGET_SECONDS = 2.0
#: Largest cost per household-step at 20,000 households relative to 2,000 that still
#: counts as "about linear".
LINEARITY_TOLERANCE = 1.5
#: Resident-steps per second a run of this many households (260 weeks) should reach, as a
#: multiple of Mesa's Boltzmann example's agent-steps per second in the same process.
RATIO_TARGETS = {2000: 10.0, 20000: 20.0}
#: Peak resident memory one run may use at 100,000 households, in MB (10^6 bytes).
MEMORY_TARGET_MB = 500.0
#: The size every other size is compared with for linearity (the default scenario).
REFERENCE_HOUSEHOLDS = 2000
#: Steady runs per process, each timed next to Mesa's example (`_measure_pair`).
PAIRS = 3


def _measure_pair(households: int, steps: int, seed: int) -> dict:
    """One process's measurements, bpsim and Mesa's Boltzmann example side by side.

    A build, a first run (which also loads the compiled kernels), then `PAIRS` steady runs,
    each followed at once by a timing of Mesa's example: the machine's speed drifts from
    minute to minute (by a quarter from one day to the next), and two timings made back
    to back share it, so each pair gives one ratio. Then a traced run for the model's own
    memory.
    """
    from bpsim.core.api import run
    from bpsim.core.model import NeighbourhoodModel
    from bpsim.core.scenario import default_scenario

    sc = default_scenario().with_overrides({"n_households": households})
    work = households * steps
    # Peak so far: Python, numpy, Mesa (with pandas and scipy) and bpsim, before any model.
    base_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    model = NeighbourhoodModel(sc, rng=seed)
    build = time.perf_counter() - t0
    # Agents point back at their model (a cycle), so free it now: peak memory is one run's.
    del model
    gc.collect()
    # The first run in a process also loads the compiled kernels from numba's cache (a
    # one-off cost per process, as a single CLI run pays it); a sweep's worker pays it once
    # and then runs at the steady speed, which is what the speed targets judge.
    t0 = time.perf_counter()
    run(sc, seed=seed, steps=steps)
    first = time.perf_counter() - t0
    seconds, mesa = [], []
    for pair in range(PAIRS):
        seconds.append(_steady(sc, steps, seed))
        if pair == 0:
            # The peak of bpsim's runs, read before Mesa's example adds its own models (its
            # 2,000 agents raise the process's peak by about 100 MB).
            peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        mesa.append(_boltzmann(2000, 100, seed))
    # What the model itself allocates (numpy arrays and Python objects), traced
    # separately because tracing slows the run; 52 weeks reach the steady size.
    tracemalloc.start()
    run(sc, seed=seed, steps=min(steps, 52))
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    fastest = min(seconds)
    return {
        "households": households,
        "steps": steps,
        "seconds": fastest,
        "first_run_seconds": first,
        "build_seconds": build,
        "resident_steps_per_second": work / fastest,
        "microseconds_per_household_week": fastest / work * 1e6,
        "peak_rss_mib": peak_kib / 1024,
        "peak_rss_mb": peak_kib * 1024 / 1e6,
        "imports_rss_mb": base_kib * 1024 / 1e6,
        "model_mib": traced_peak / 2**20,
        "mesa_agent_steps_per_second": mesa,
        "pair_ratios": [work / t / m for t, m in zip(seconds, mesa, strict=True)],
    }


def _steady(scenario, steps: int, seed: int) -> float:
    """Seconds of one run after the first in this process (kernels loaded), as a sweep's."""
    from bpsim.core.api import run

    gc.collect()
    t0 = time.perf_counter()
    run(scenario, seed=seed, steps=steps)
    return time.perf_counter() - t0


def _boltzmann(agents: int, steps: int, seed: int) -> float:
    """Agent-steps per second of Mesa's own Boltzmann wealth example (the speed reference)."""
    from mesa.examples.basic.boltzmann_wealth_model.model import (
        BoltzmannScenario,
        BoltzmannWealth,
    )

    side = max(10, int(round((agents / 2) ** 0.5)))
    # Timed like bpsim's steady run: after a first model in the same process.
    warm = BoltzmannWealth(BoltzmannScenario(n=agents, width=side, height=side, rng=seed))
    for _ in range(10):
        warm.step()
    model = BoltzmannWealth(BoltzmannScenario(n=agents, width=side, height=side, rng=seed))
    t0 = time.perf_counter()
    for _ in range(steps):
        model.step()
    return agents * steps / (time.perf_counter() - t0)


def measure(sizes: list[int], steps: int, repeat: int, seed: int = 0) -> list[dict]:
    """Best-of-`repeat` timings per size, each in a fresh single-core process.

    Returns:
        One row per size: the process with the fastest steady run gives the times,
        resident-steps per second and memory (of that run and process); over every
        process of the size, `pair_ratios` holds each pair's ratio and
        `mesa_agent_steps_per_second` each Mesa timing, and `ratio_to_mesa` is the
        median of the pairs' ratios (`ratio_low`, `ratio_high`: the lowest and highest).
        The ratio is of pairs, not of the fastest run to a Mesa timing.
    """
    rows = []
    ctx = multiprocessing.get_context("spawn")
    for n in sizes:
        best = None
        ratios: list[float] = []
        mesa: list[float] = []
        for _ in range(repeat):
            with ProcessPoolExecutor(1, mp_context=ctx) as pool:
                row = pool.submit(_measure_pair, n, steps, seed).result()
            ratios += row["pair_ratios"]
            mesa += row["mesa_agent_steps_per_second"]
            if best is None or row["seconds"] < best["seconds"]:
                best = row
        assert best is not None  # repeat >= 1, checked by the verb
        best["pair_ratios"], best["mesa_agent_steps_per_second"] = ratios, mesa
        best["ratio_to_mesa"] = statistics.median(ratios)
        best["ratio_low"], best["ratio_high"] = min(ratios), max(ratios)
        rows.append(best)
    return rows


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``bench`` verb."""
    p = sub.add_parser(
        "bench",
        help="measure run time, resident-steps per second and peak memory",
        description="Time the default scenario and larger neighbourhoods, each in a fresh "
        "process, and check the speed, linearity and memory targets.",
    )
    size = p.add_mutually_exclusive_group()
    size.add_argument(
        "--sizes",
        default="2000,5000,10000,20000",
        help="households per size, comma-separated (default 2000,5000,10000,20000)",
    )
    size.add_argument(
        "--households",
        type=int,
        default=None,
        metavar="N",
        help=f"run {REFERENCE_HOUSEHOLDS:,} and N households only, and say whether cost per "
        f"household stays about the same and one run at N stays under {MEMORY_TARGET_MB:.0f} MB "
        "(e.g. --households 100000 --repeat 1)",
    )
    p.add_argument("--steps", type=int, default=260, help="weeks per run (default 260)")
    p.add_argument("--repeat", type=int, default=3, help="runs per size; best counts (default 3)")
    p.add_argument("--json", dest="json_path", default=None, help="also write results as JSON")
    p.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    p.set_defaults(handler=handle)


def _sizes(args: argparse.Namespace) -> list[int]:
    """The sizes to run, from --households or --sizes, checked."""
    if args.households is not None:
        if args.households < 50:
            raise UsageError(f"--households {args.households}: must be at least 50")
        return sorted({REFERENCE_HOUSEHOLDS, args.households})
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        raise UsageError(
            f"--sizes '{args.sizes}': expected whole numbers, e.g. 2000,20000"
        ) from None
    if not sizes or min(sizes) < 50:
        raise UsageError(f"--sizes '{args.sizes}': each size must be at least 50")
    return sizes


def verdicts(rows: list[dict[str, float]]) -> list[tuple[str, bool]]:
    """The targets these measurements can judge, each as (sentence, met).

    Args:
        rows: One measurement per size, as :func:`measure` returns them.

    Returns:
        The default-scenario time target (when 2,000 households x 260 weeks was run),
        the speed relative to Mesa at each size in `RATIO_TARGETS` that was run for 260
        weeks with Mesa's example beside it, linearity of the largest size against 2,000
        households (or the first size), and the peak memory of one run at the largest size.
    """
    out = []
    default = next(
        (r for r in rows if r["households"] == REFERENCE_HOUSEHOLDS and r["steps"] == 260), None
    )
    if default:
        # Judged on the first run in a process, as a single CLI run pays it.
        seconds = default.get("first_run_seconds", default["seconds"])
        ok = seconds <= TARGET_SECONDS
        out.append(
            (
                f"default scenario <= {TARGET_SECONDS} s: {'met' if ok else 'MISSED'} "
                f"({seconds:.2f} s, first run in a process)",
                ok,
            )
        )
    for r in rows:
        wanted = RATIO_TARGETS.get(int(r["households"]))
        if wanted is None or r["steps"] != 260 or "ratio_to_mesa" not in r:
            continue
        ok = r["ratio_to_mesa"] >= wanted
        out.append(
            (
                f"speed at {r['households']:,} households >= {wanted:.0f}x Mesa's Boltzmann "
                f"example: {'met' if ok else 'MISSED'} ({r['ratio_to_mesa']:.2f}x)",
                ok,
            )
        )
    largest = max(rows, key=lambda r: r["households"])
    reference = next(
        (r for r in rows if r["households"] == REFERENCE_HOUSEHOLDS),
        min(rows, key=lambda r: r["households"]),
    )
    if largest is not reference:
        ratio = (
            largest["microseconds_per_household_week"]
            / reference["microseconds_per_household_week"]
        )
        ok = ratio <= LINEARITY_TOLERANCE
        out.append(
            (
                f"cost linear in households (cost per household-week at "
                f"{largest['households']:,} / at {reference['households']:,} "
                f"<= {LINEARITY_TOLERANCE}): {'met' if ok else 'MISSED'} ({ratio:.2f})",
                ok,
            )
        )
    ok = largest["peak_rss_mb"] < MEMORY_TARGET_MB
    out.append(
        (
            f"peak memory of one run at {largest['households']:,} households < "
            f"{MEMORY_TARGET_MB:.0f} MB: {'met' if ok else 'MISSED'} "
            f"({largest['peak_rss_mb']:.0f} MB peak RSS)",
            ok,
        )
    )
    return out


def handle(args: argparse.Namespace) -> int:
    """Measure, print a table, check the targets."""
    sizes = _sizes(args)
    if args.steps < 1 or args.repeat < 1:
        raise UsageError("--steps and --repeat must be at least 1")
    rows = measure(sizes, args.steps, args.repeat)
    print(
        f"{'households':>10} {'first s':>8} {'seconds':>8} {'res-steps/s':>12} "
        f"{'us/hh-wk':>9} {'peak MB':>8} {'base MB':>8} {'model MiB':>10} {'x Mesa':>7} "
        f"{'(range)':>13}"
    )
    for r in rows:
        spread = f"({r['ratio_low']:.2f}-{r['ratio_high']:.2f})"
        print(
            f"{r['households']:>10} {r['first_run_seconds']:>8.2f} {r['seconds']:>8.2f} "
            f"{r['resident_steps_per_second']:>12,.0f} "
            f"{r['microseconds_per_household_week']:>9.3f} {r['peak_rss_mb']:>8.0f} "
            f"{r['imports_rss_mb']:>8.0f} "
            f"{r['model_mib']:>10.0f} {r['ratio_to_mesa']:>7.2f} "
            f"{spread:>13}"
        )
    print(
        "first s: the first run in a fresh process, which also loads the compiled kernels; "
        "seconds: the fastest of the runs after it, as a sweep's worker runs every run "
        "after its first (res-steps/s and us/hh-wk are of that run); "
        "x Mesa: resident-steps per second over the agent-steps per second of Mesa's own "
        "Boltzmann wealth example (2,000 agents), each steady run timed next to one of "
        "Mesa's in the same process: the median of those pairs (range: lowest-highest); "
        "us/hh-wk: microseconds per household-week; peak MB: peak resident memory of the "
        "run's process, Python and imports included; base MB: of that, the imports before "
        "any model is built; model MiB: what the model allocates (traced)"
    )
    found = verdicts(rows)
    for sentence, _ in found:
        print(f"target: {sentence}")
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2)
    return 1 if args.check and not all(ok for _, ok in found) else 0
