"""Sweep throughput: one process against 2 local processes and a 2-worker Dask LocalCluster.

Runs the same sweep (the real runner and store, writing Parquet parts) on each engine
and reports runs per second two ways:

- end to end: the whole `sweep()` call, engine start-up and shut-down included (each
  measurement in a fresh process, so no engine is warm from an earlier one);
- steady: from the moment the engine is up (workers started, bpsim imported) to the
  last run.

The sweep is a slice of a real experiment: by default the headline sweep
(experiments/rule_burden_x_freedom.toml: 30 design points of the default neighbourhood,
2,000 households x 260 weeks) with 4 replications instead of 30, 120 runs. Start-up is
a fixed cost, so the speed-up end to end grows with the sweep; the report gives the
single-process length from which each engine meets its target.

Targets: 2 local processes at least 1.8x one process, a 2-worker Dask LocalCluster
at least 1.6x, both measured end to end, and the LocalCluster no more than 15% slower
than the 2 local processes (at least 0.85x their runs per second). It also checks that
every engine stored identical results, and prints the throughput per core (steady runs
per second over the workers).

Usage::

    uv run python benchmarks/bench_sweep.py --repeat 2 --check
    uv run python benchmarks/bench_sweep.py --experiment experiments/ci.toml --replications 10
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from bpsim.experiment.design import make_plan
from bpsim.experiment.runner import sweep
from bpsim.experiment.spec import parse_experiment
from bpsim.machinery.store import VOLATILE_COLUMNS, Store

REPO = Path(__file__).resolve().parents[1]
HEADLINE = REPO / "experiments" / "rule_burden_x_freedom.toml"
TARGETS = {"2 processes": 1.8, "Dask LocalCluster (2)": 1.6}
#: Engines that must keep up with another: at least this share of its runs per second.
RELATIVE = {"Dask LocalCluster (2)": ("2 processes", 0.85)}


def experiment_data(path: Path, replications: int) -> dict:
    """The experiment file's content with fewer replications."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["replications"] = replications
    return data


def break_even(target: float, steady: float, startup: float) -> float:
    """Single-process seconds of runs from which an engine is `target` times faster end to end.

    With start-up c and steady speed-up s, a sweep that takes W seconds in one process
    takes c + W/s, so W/(c + W/s) >= target once W >= target * c / (1 - target/s).
    """
    if steady <= target:
        return math.inf
    return target * startup / (1 - target / steady)


def _measure(data: dict, exp_path: str, out: str, name: str, engine: dict) -> dict:
    """One engine's sweep, timed inside a fresh process (bpsim already imported there)."""
    plan = make_plan(parse_experiment(data, path=Path(exp_path)))
    started = {}

    def on_start(report, todo):
        started["t"] = time.perf_counter()

    t0 = time.perf_counter()
    report = sweep(plan, out, flush_every=10, on_start=on_start, **engine)
    t1 = time.perf_counter()
    n = report.done + report.failed
    return {
        "engine": name,
        "runs": n,
        "failed": report.failed,
        "seconds_end_to_end": t1 - t0,
        "seconds_steady": report.seconds,
        "startup_seconds": started["t"] - t0,
        "runs_per_second": n / (t1 - t0),
        "runs_per_second_steady": n / report.seconds,
        "out": out,
        "workers": engine.get("workers", 1),
    }


def measure(data: dict, exp_path: Path, out: Path, name: str, **engine) -> dict:
    # A fresh process per measurement, as from the command line: no engine (forkserver,
    # Dask workers) is left warm by an earlier measurement.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=ctx) as pool:
        return pool.submit(_measure, data, str(exp_path), str(out), name, engine).result()


def results(out: str) -> pd.DataFrame:
    frame = Store.open(out).results().drop(columns=list(VOLATILE_COLUMNS))
    return frame.sort_values("run_id").reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--experiment", type=Path, default=HEADLINE,
        help="experiment file to slice (default: the headline sweep)",
    )  # fmt: skip
    parser.add_argument(
        "--replications", type=int, default=4, help="replications per design point (default 4)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1,
        help="rounds over the engines; the best round of each counts (default 1). Other "
        "work on the machine only ever slows a round, so the best is closest to the truth",
    )  # fmt: skip
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--json", dest="json_path", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as tmp:
        root = Path(tmp)
        data = experiment_data(args.experiment, args.replications)
        engines = [("1 process", {"workers": 1}), ("2 processes", {"workers": 2})]
        if not args.no_dask:
            engines.append(("Dask LocalCluster (2)", {"workers": 2, "dask": "local"}))
        best: dict[str, dict] = {}
        for round_ in range(args.repeat):
            for name, engine in engines:
                out = root / f"round{round_}" / name.replace(" ", "_")
                row = measure(data, args.experiment, out, name, **engine)
                if name not in best or row["runs_per_second"] > best[name]["runs_per_second"]:
                    best[name] = row
        rows = [best[name] for name, _ in engines]
        reference = results(rows[0]["out"])
        identical = all(results(r["out"]).equals(reference) for r in rows[1:])
    base = rows[0]
    per_run = base["seconds_steady"] / base["runs"]
    print(
        f"sweep benchmark: {args.experiment.name} with {args.replications} replications, "
        f"{base['runs']} runs of {per_run:.2f} s each in one process; best of {args.repeat}; "
        f"{os.cpu_count()} CPUs; load average now {os.getloadavg()[0]:.2f}"
    )
    print(f"{'engine':<24}{'end-to-end s':>13}{'runs/s':>8}{'speed-up':>9}"
          f"{'start s':>9}{'steady runs/s':>15}{'speed-up':>9}")  # fmt: skip
    ok = identical
    for r in rows:
        r["speedup"] = r["runs_per_second"] / base["runs_per_second"]
        r["speedup_steady"] = r["runs_per_second_steady"] / base["runs_per_second_steady"]
        target = TARGETS.get(r["engine"])
        verdict = ""
        if target is not None:
            met = r["speedup"] >= target
            ok &= met
            verdict = f"  target >= {target}x: {'met' if met else 'MISSED'}"
        print(
            f"{r['engine']:<24}{r['seconds_end_to_end']:>13.1f}{r['runs_per_second']:>8.2f}"
            f"{r['speedup']:>8.2f}x{r['startup_seconds']:>9.1f}"
            f"{r['runs_per_second_steady']:>15.2f}{r['speedup_steady']:>8.2f}x{verdict}"
        )
    by_name = {r["engine"]: r for r in rows}
    for name, (other, share) in RELATIVE.items():
        if name in by_name and other in by_name:
            ratio = by_name[name]["runs_per_second"] / by_name[other]["runs_per_second"]
            steady = (
                by_name[name]["runs_per_second_steady"] / by_name[other]["runs_per_second_steady"]
            )
            met = ratio >= share
            ok &= met
            by_name[name][f"ratio_to_{other}"] = ratio
            print(
                f"{name} / {other}: {ratio:.2f} end to end, {steady:.2f} steady; "
                f"target >= {share}: {'met' if met else 'MISSED'}"
            )
    for r in rows:
        r["runs_per_second_per_core"] = r["runs_per_second_steady"] / r["workers"]
    print(
        "throughput per core (steady): "
        + ", ".join(f"{r['engine']} {r['runs_per_second_per_core']:.2f} runs/s" for r in rows)
    )
    print(f"identical results on every engine: {'yes' if identical else 'NO'}")
    for r in rows:
        target = TARGETS.get(r["engine"])
        if target is None:
            continue
        r["break_even_seconds"] = break_even(target, r["speedup_steady"], r["startup_seconds"])
        if math.isinf(r["break_even_seconds"]):
            print(f"{r['engine']}: steady speed-up below {target}x; no sweep size meets it")
        else:
            print(
                f"{r['engine']}: meets {target}x end to end for sweeps of at least "
                f"{r['break_even_seconds']:.0f} s in one process "
                f"(~{math.ceil(r['break_even_seconds'] / per_run)} runs of this size)"
            )
    if args.json_path:
        Path(args.json_path).write_text(
            json.dumps({"rows": rows, "identical": identical}, indent=2)
        )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
