"""Designs, seeds and run ids: everything a sweep will run, decided before anything runs.

A design is a table of points, one value per factor: the full grid of the factors'
value lists, or a Latin hypercube, Sobol (Saltelli) or Morris sample of their ranges
drawn with SALib. Each point runs on every base scenario in every replication;
replication *i* runs with ``replication_seed(base_seed, i)`` at every point, so
points are compared under common random numbers.

A run's id is a hash of its full parameter values, its replication and its seed, so
it is the same whichever worker, engine, shard or session runs it: the store keys
results by it, `--resume` skips ids already stored, and `--shard` splits by it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bpsim.core.seeds import replication_seed
from bpsim.experiment.spec import Experiment, Factor

#: Prefix of the design table's columns holding a sampled design's unrounded values.
RAW_PREFIX = "x:"


@dataclass(frozen=True)
class RunTask:
    """Everything a worker needs for one run (small and picklable).

    Attributes:
        run_id: The run's id.
        scenario: Name of its base scenario.
        params: Full parameter values (validated on the worker, so an inconsistent
            combination fails as that run, not as the sweep).
        seed: Its seed.
        replication: Its replication index.
        outcomes: Outcomes to keep.
    """

    run_id: str
    scenario: str
    params: Mapping[str, float | int]
    seed: int
    replication: int
    outcomes: tuple[str, ...]


def _flat(scenario) -> dict[str, Any]:
    """A base scenario's parameters plus its changes in time as flat keys.

    A scenario without a timeline or events gives its parameters only, so its run ids
    are what they always were.
    """
    from bpsim.core.scenario import flat_changes

    return {**scenario.params, **flat_changes(scenario)}


def canonical(params: Mapping[str, Any]) -> str:
    """Parameter values as canonical JSON (sorted keys, Python numbers)."""
    return json.dumps(
        {k: (int(v) if isinstance(v, int | np.integer) else float(v)) for k, v in params.items()},
        sort_keys=True,
        separators=(",", ":"),
    )


def run_id(params: Mapping[str, Any], replication: int, seed: int) -> str:
    """The stable id of a run: a hash of its parameters, replication and seed (16 hex digits)."""
    key = hashlib.sha256(canonical(params).encode()).hexdigest()
    return _combine(key, replication, seed)


def _combine(params_key: str, replication: int, seed: int) -> str:
    return hashlib.sha256(f"{params_key}:{replication}:{seed}".encode()).hexdigest()[:16]


def shard_of(rid: str, shards: int) -> int:
    """The shard (1 .. `shards`) a run id belongs to; run ids are uniform hashes."""
    return int(rid, 16) % shards + 1


def problem(factors: Iterable[Factor]) -> dict[str, Any]:
    """The SALib problem of range factors.

    Whole-number factors are sampled over ``[low - 0.5, high + 0.5]`` and rounded, so
    every whole number in the range is equally likely (rounding ``[low, high]`` would
    give the two ends half the chance of the others).
    """
    factors = list(factors)
    bounds = []
    for f in factors:
        pad = 0.5 if f.integer else 0.0
        bounds.append([float(f.low) - pad, float(f.high) + pad])
    return {"num_vars": len(factors), "names": [f.name for f in factors], "bounds": bounds}


def sample(exp: Experiment) -> tuple[list[dict[str, float | int]], np.ndarray | None]:
    """The design points of an experiment.

    Returns:
        The points (factor values, typed and rounded like the parameters) and, for
        sampled designs, the unrounded sample matrix (points x factors) that SALib's
        analysers expect back.
    """
    if exp.kind == "grid":
        names = exp.factor_names
        levels = [f.values for f in exp.factors]
        return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*levels)], None
    prob = problem(exp.factors)
    # SALib warns about its own defaults (e.g. scrambled Sobol' balance); the design
    # rules the spec enforces make those warnings moot here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if exp.kind == "lhs":
            from SALib.sample import latin

            raw = latin.sample(prob, exp.samples, seed=exp.design_seed)
        elif exp.kind == "sobol":
            from SALib.sample import sobol

            raw = sobol.sample(
                prob,
                exp.samples,
                calc_second_order=exp.second_order,
                scramble=True,
                seed=exp.design_seed,
            )
        else:
            from SALib.sample import morris

            raw = morris.sample(prob, exp.samples, num_levels=exp.levels, seed=exp.design_seed)
    raw = np.asarray(raw, dtype=float)
    points = []
    for row in raw:
        point: dict[str, float | int] = {}
        for f, x in zip(exp.factors, row, strict=True):
            if f.integer:
                point[f.name] = int(min(max(np.rint(x), f.low), f.high))
            else:
                point[f.name] = float(min(max(x, f.low), f.high))
        points.append(point)
    return points, raw


class Plan:
    """Every run of an experiment: the design table, run ids and seeds.

    The design table has one row per (replication, scenario, point), in the order
    runs are submitted: replication-major, so an interrupted sweep holds whole
    replications that can already be compared. Two rows with identical parameters,
    replication and seed share a run id and run once.

    Attributes:
        experiment: The experiment.
        design: The design table: ``run_id``, ``replication``, ``scenario``,
            ``point``, ``seed``, one column per factor and, for sampled designs, the
            unrounded values in ``x:<factor>`` columns.
        points: Factor values per design point.
        seeds: Seed per replication.
    """

    def __init__(self, exp: Experiment):
        self.experiment = exp
        self.points, self.raw = sample(exp)
        self.seeds = [replication_seed(exp.base_seed, i) for i in range(exp.replications)]
        names = exp.factor_names
        # Hash each (scenario, point) once; a run id only adds replication and seed.
        keys = [
            [
                hashlib.sha256(canonical({**_flat(sc), **pt}).encode()).hexdigest()
                for pt in self.points
            ]
            for sc in exp.scenarios
        ]
        rows = []
        self._where: dict[str, tuple[int, int, int]] = {}
        for rep, seed in enumerate(self.seeds):
            for s, sc in enumerate(exp.scenarios):
                for p, pt in enumerate(self.points):
                    rid = _combine(keys[s][p], rep, seed)
                    self._where.setdefault(rid, (s, p, rep))
                    rows.append((rid, rep, sc.name, p, seed, *(pt[n] for n in names)))
        self.design = pd.DataFrame(
            rows, columns=["run_id", "replication", "scenario", "point", "seed", *names]
        )
        if self.raw is not None:
            raw_cols = pd.DataFrame(self.raw, columns=[RAW_PREFIX + n for n in names])
            self.design = self.design.join(raw_cols, on="point")
        self.design["seed"] = self.design["seed"].astype("int64")

    @property
    def run_ids(self) -> list[str]:
        """Unique run ids in submission order."""
        return list(self._where)

    @property
    def sha256(self) -> str:
        """Identity of the plan: its run ids in design order and the outcomes kept.

        Equal hashes mean the same runs at the same design points, so a store can
        only be resumed or merged with the plan that made it.
        """
        h = hashlib.sha256()
        for rid, p in zip(self.design["run_id"], self.design["point"], strict=True):
            h.update(f"{rid}:{p}\n".encode())
        h.update(",".join(self.experiment.outcomes).encode())
        return h.hexdigest()

    def shard(self, index: int, count: int) -> list[str]:
        """Run ids of shard `index` (1-based) of `count`, in submission order."""
        return [rid for rid in self._where if shard_of(rid, count) == index]

    def task(self, rid: str) -> RunTask:
        """The task of one run id."""
        s, p, rep = self._where[rid]
        sc = self.experiment.scenarios[s]
        return RunTask(
            run_id=rid,
            scenario=sc.name,
            params={**_flat(sc), **self.points[p]},
            seed=self.seeds[rep],
            replication=rep,
            outcomes=self.experiment.outcomes,
        )

    def invalid_points(self) -> list[tuple[str, int, str]]:
        """Design points whose combination of values a scenario rejects.

        Each factor value is valid on its own (the experiment file checks that), but
        a combination can still be inconsistent, e.g. procedure_steps_min above
        procedure_steps_max. Such runs are stored as failed with this message.

        Returns:
            (scenario name, point, message) for each inconsistent combination.
        """
        from bpsim.core.scenario import ScenarioError, from_flat

        bad = []
        for sc in self.experiment.scenarios:
            for p, pt in enumerate(self.points):
                try:
                    from_flat({**_flat(sc), **pt})
                except ScenarioError as err:
                    bad.append((sc.name, p, str(err)))
        return bad

    def tasks(self, rids: Iterable[str]) -> Iterator[RunTask]:
        """Tasks of run ids, built lazily so a large sweep holds few at once."""
        for rid in rids:
            yield self.task(rid)


def make_plan(exp: Experiment) -> Plan:
    """The plan of an experiment."""
    return Plan(exp)
