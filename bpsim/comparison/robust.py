"""Robust comparison: how sure is the advice, given the assumptions we do not know?

`bpsim.compare` answers "how sure are we, if every assumption is right?": its
intervals hold seed noise only. This module answers the advisor's next question. It
draws N plausible *worlds*, a Latin hypercube over the plausible ranges of the
assumed parameters (`bpsim.core.scenario.UNCERTAIN`; levers are choices and never
sampled), runs every compared scenario in every world with common random numbers and
a few replications, and reports per outcome:

- the share of worlds in which each scenario does better than the reference, with a
  Wilson interval (`scipy.stats.binomtest`);
- the distribution of the paired difference across worlds (not only its mean);
- the worst case of each choice: its largest regret, the most it falls short of the
  best choice in any world;
- where the verdict is not unanimous, the conditions under which it flips (scenario
  discovery) and which assumptions matter most for the difference (feature scoring).

A robust comparison *is* a sweep: `experiment` expresses it as an `Experiment` (the
compared scenarios as base scenarios, the uncertain parameters as Latin hypercube
factors), so `bpsim.experiment.runner.sweep` runs it on local processes or Dask,
streams it to a store, and resumes it after a stop. `analyse` reads every number
back from that store, so a stopped and resumed comparison gives exactly the numbers
of an uninterrupted one, and the report and dashboard can redraw it without running
anything.

Why these methods:

- **Discovery**: a shallow decision tree (scikit-learn's `DecisionTreeClassifier`,
  depth 2, balanced classes, leaves of at least 5% of the worlds). Its leaves are
  boxes in the parameter space, like PRIM's, read off as "when a > x and b <= y";
  each is scored with PRIM's coverage (share of the flipped worlds inside the box)
  and density (share of the box's worlds that flipped). scikit-learn is widely used
  and well maintained; the PRIM packages on PyPI (`prim`, EMA Workbench's) are either
  unmaintained or bring a large framework for one function.
- **Feature scoring**: impurity importances of extremely randomised trees
  (scikit-learn's `ExtraTreesRegressor`, the method EMA Workbench's feature scoring
  uses) fitted to the paired difference across worlds, which catches thresholds and
  interactions that a correlation misses; the sign of Spearman's rank correlation
  (`scipy.stats.spearmanr`) says which way each assumption pushes.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bpsim.core.outcomes import OUTCOMES, goodness
from bpsim.core.scenario import LEVERS, SPECS, UNCERTAIN, Range, Scenario
from bpsim.machinery.cost import Estimate, measure_run_seconds, parse_budget  # noqa: F401 - re-exported
from bpsim.machinery.cost import check_budget as _check_budget
from bpsim.machinery.errors import UsageError

#: Name of the experiment a robust comparison runs as (marks its store).
EXPERIMENT_NAME = "robust-compare"
#: Replications per world when none are given.
DEFAULT_REPLICATIONS = 3
#: Depth of the discovery tree: two conditions per rule keep rules readable.
TREE_DEPTH = 2
#: Smallest box a rule may describe, as a share of the worlds (and at least 3 worlds).
MIN_BOX_SHARE = 0.05
#: Fewest worlds, and fewest worlds on the minority side, for which discovery runs.
MIN_WORLDS_FOR_DISCOVERY = 10
MIN_MINORITY_FOR_DISCOVERY = 3
#: Rules reported per outcome at most.
MAX_RULES = 2
#: Least density of a reported rule: inside its box the flipped verdict must be the
#: usual one, or "X does better when ..." would overstate it.
MIN_DENSITY = 0.5
#: Trees in the feature-scoring forest.
FOREST_TREES = 100
#: Quantiles of the paired difference across worlds that the tables keep.
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


# --- what to vary ----------------------------------------------------------------------


def resolve_ranges(
    ranges: Mapping[str, Range | tuple[float, float] | None] | Sequence[str] | None,
    scenarios: Sequence[Scenario],
    fixed: Sequence[str] = (),
) -> tuple[dict[str, Range], list[str]]:
    """The ranges to sample, and the uncertain parameters held fixed.

    Args:
        ranges: None for every declared range (`UNCERTAIN`); a list of parameter names
            for only those; or a mapping of name to a `Range`, a ``(low, high)`` pair,
            or None (its declared range).
        scenarios: The compared scenarios. A parameter on which they differ is part
            of the choice being compared and is held at each scenario's value.
        fixed: Parameters the user fixed (``--set``): held fixed as well.

    Returns:
        ``(ranges, held)``: the ranges to sample, by name, and the declared uncertain
        parameters not sampled (because the scenarios differ in them or the user
        fixed them).

    Raises:
        UsageError: For an unknown parameter, a lever, a range outside the allowed
            values or with low >= high, or nothing left to vary.
    """
    if ranges is None:
        wanted: dict[str, Any] = dict.fromkeys(UNCERTAIN)
    elif isinstance(ranges, Mapping):
        wanted = dict(ranges)
    else:
        wanted = dict.fromkeys(ranges)
    differ = {name for name in SPECS if len({sc.params[name] for sc in scenarios}) > 1} | set(fixed)
    out: dict[str, Range] = {}
    held = [name for name in UNCERTAIN if name in differ and name in wanted]
    for name, given in wanted.items():
        if name not in SPECS:
            from bpsim.core.scenario import suggest

            close = suggest(name, UNCERTAIN)
            hint = f" (did you mean '{close}'?)" if close else ""
            raise UsageError(
                f"uncertain parameter '{name}': not a parameter{hint}; allowed: "
                + ", ".join(UNCERTAIN)
            )
        if name in LEVERS:
            raise UsageError(
                f"uncertain parameter '{name}': a lever is a choice, never sampled; compare "
                "scenarios that set it instead; allowed: " + ", ".join(UNCERTAIN)
            )
        spec = SPECS[name]
        if given is None:
            if name not in UNCERTAIN:
                raise UsageError(
                    f"uncertain parameter '{name}': no plausible range is declared for it; "
                    f"give one as {name}=LOW:HIGH (allowed: {spec.allowed})"
                )
            r = UNCERTAIN[name]
        elif isinstance(given, Range):
            r = given
        else:
            try:
                low, high = given
            except (TypeError, ValueError):
                raise UsageError(
                    f"uncertain parameter '{name}': value {given!r} is not a range; "
                    "allowed: (low, high)"
                ) from None
            r = Range(low, high, "given for this comparison")
        _check_range(name, r)
        if name not in differ:
            out[name] = r
    if not out:
        raise UsageError(
            "uncertain parameters: none left to vary (the compared scenarios differ in, or "
            "--set fixes, every one asked for); allowed: parameters from " + ", ".join(UNCERTAIN)
        )
    return out, held


def _check_range(name: str, r: Range) -> None:
    spec = SPECS[name]
    for end in (r.low, r.high):
        if isinstance(end, bool) or not isinstance(end, int | float) or not math.isfinite(end):
            raise UsageError(
                f"uncertain parameter '{name}': range end {end!r} is not a number; "
                f"allowed: {spec.allowed}"
            )
        if spec.integer and float(end) != int(end):
            raise UsageError(
                f"uncertain parameter '{name}': range end {end} is not a whole number; "
                f"allowed: {spec.allowed}"
            )
    if not r.low < r.high:
        raise UsageError(
            f"uncertain parameter '{name}': range {r.low} to {r.high} is empty; "
            "allowed: low below high"
        )
    if not (spec.low <= r.low and r.high <= spec.high):
        raise UsageError(
            f"uncertain parameter '{name}': range {r.low} to {r.high} goes outside the "
            f"allowed values; allowed: {spec.allowed}"
        )


def parse_range_items(items: Sequence[str]) -> dict[str, tuple[float, float] | None]:
    """Parse ``--vary NAME`` or ``--vary NAME=LOW:HIGH`` items.

    Raises:
        UsageError: For an item that is not of that form.
    """
    out: dict[str, tuple[float, float] | None] = {}
    for item in items:
        name, sep, span = item.partition("=")
        name = name.strip()
        if not name:
            raise UsageError(f"--vary '{item}': expected NAME or NAME=LOW:HIGH")
        if not sep:
            out[name] = None
            continue
        low, colon, high = span.partition(":")
        try:
            if not colon:
                raise ValueError
            pair = tuple(
                int(x) if x.strip().lstrip("-").isdigit() else float(x) for x in (low, high)
            )
        except ValueError:
            raise UsageError(
                f"--vary '{item}': expected NAME=LOW:HIGH with numbers, e.g. seek_rate=0.2:0.6"
            ) from None
        out[name] = pair  # type: ignore[assignment]
    return out


# --- the experiment --------------------------------------------------------------------


def experiment(
    scenarios: Sequence[Scenario],
    ranges: Mapping[str, Range],
    *,
    worlds: int,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int = 0,
    held: Sequence[str] = (),
):
    """The robust comparison as a sweep experiment (a Latin hypercube over the ranges).

    Args:
        scenarios: The compared scenarios (the reference first), steps applied.
        ranges: The ranges to sample, by name.
        worlds: Plausible worlds to draw (design points), at least 2.
        replications: Replications per world and scenario, at least 1.
        seed: Seed of the Latin hypercube and base seed of the replications (the
            replication seeds are those of `bpsim.compare` with the same seed).
        held: Uncertain parameters held fixed (kept in the record).

    Returns:
        An `bpsim.experiment.spec.Experiment` of kind ``lhs``.

    Raises:
        UsageError: For a number of worlds or replications that is not allowed.
    """
    from bpsim.experiment.spec import Experiment, Factor

    _whole("worlds (--uncertainty)", worlds, 2)
    _whole("replications per world", replications, 1)
    _whole("seed", seed, 0)
    factors = tuple(
        Factor(name, low=r.low, high=r.high, integer=SPECS[name].integer)
        for name, r in ranges.items()
    )
    record = {
        "name": EXPERIMENT_NAME,
        "scenarios": [sc.name for sc in scenarios],
        "worlds": worlds,
        "replications": replications,
        "seed": seed,
        "ranges": {n: [r.low, r.high, r.reason] for n, r in ranges.items()},
        "held": list(held),
        "scenario_parameters": {sc.name: dict(sc.params) for sc in scenarios},
    }
    # The store keeps this text as its experiment file: the whole request, as TOML.
    text = _toml(record)
    return Experiment(
        path=Path(f"{EXPERIMENT_NAME}.toml"),
        text=text,
        name=EXPERIMENT_NAME,
        description="robust comparison over the plausible ranges of the assumptions",
        scenarios=tuple(scenarios),
        factors=factors,
        kind="lhs",
        replications=replications,
        base_seed=seed,
        outcomes=tuple(OUTCOMES),
        samples=worlds,
        design_seed=seed,
    )


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # Python's int and float reprs are valid TOML numbers
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def _toml(record: Mapping[str, Any]) -> str:
    """The record of a robust comparison as a TOML document (scalars, lists, two table levels)."""
    lines = ["# bpsim compare --uncertainty: a robust comparison, run as a sweep"]
    tables = {k: v for k, v in record.items() if isinstance(v, Mapping)}
    lines += [f"{k} = {_toml_value(v)}" for k, v in record.items() if k not in tables]
    for name, table in tables.items():
        inner = {k: v for k, v in table.items() if isinstance(v, Mapping)}
        lines += ["", f"[{name}]"]
        lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in table.items() if k not in inner]
        for key, sub in inner.items():
            lines += ["", f"[{name}.{json.dumps(key)}]"]
            lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in sub.items()]
    return "\n".join(lines) + "\n"


def _whole(what: str, value: Any, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise UsageError(
            f"{what}: value {value!r} is not allowed; allowed: a whole number >= {minimum}"
        )


# --- cost: the one cost guard, `bpsim.machinery.cost` ------------------------------------------

#: What a robust request costs: a `bpsim.machinery.cost.Estimate` (kept under its older name).
Cost = Estimate
#: How to ask a robust comparison for less, in a refusal above the budget.
FEWER = "lower --uncertainty or --replications"


def estimate_cost(runs: int, seconds_per_run: float, slots: int) -> Estimate:
    """The cost of `runs` runs of `seconds_per_run` each (measured) on `slots` workers."""
    return Estimate(runs, seconds_per_run, max(1, slots), measured=True)


def check_budget(cost: Estimate, budget_seconds: float | None, go_on: bool) -> None:
    """Refuse a robust request above the budget, unless told to go on (`bpsim.machinery.cost`).

    Raises:
        UsageError: If the estimate is above the budget and `go_on` is False.
    """
    _check_budget(cost, budget_seconds, go_on, fewer=FEWER)


# --- running ---------------------------------------------------------------------------


def run_robust(
    scenarios: Sequence[Scenario],
    *,
    worlds: int,
    store: str | Path,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int = 0,
    ranges: Mapping[str, Any] | Sequence[str] | None = None,
    fixed: Sequence[str] = (),
    workers: int = 1,
    dask: str | None = None,
    resume: bool = False,
    budget_seconds: float | None = None,
    go_on: bool = False,
    on_cost: Callable[[Cost], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[dict[str, Any]], None] | None = None,
    on_done: Callable[[], None] | None = None,
) -> RobustComparison:
    """Run (or resume) a robust comparison into a store and analyse it.

    Args:
        scenarios: Two or more validated scenarios, the reference first, with the same
            number of steps.
        worlds: Plausible worlds to draw, at least 2.
        store: The results folder (a sweep store).
        replications: Replications per world and scenario.
        seed: Seed of the worlds and of the replications.
        ranges: What to vary (see `resolve_ranges`).
        fixed: Parameters the user fixed, never sampled.
        workers: Local worker processes (1 = in this process).
        dask: None, ``"local"`` or a Dask scheduler address.
        resume: Continue the comparison stored in `store`.
        budget_seconds: Refuse if the estimate is above this (unless `go_on`).
        go_on: Run even above the budget.
        on_cost: Called with the cost before anything runs.
        on_start: Called with the runs to do, once the engine is up.
        on_result: Called with each finished run's row.
        on_done: Called when the runs end, however they end (e.g. to stop a progress bar).

    Returns:
        The analysed comparison.

    Raises:
        UsageError: For bad input, a budget exceeded, or a store that holds something else.
    """
    from bpsim.experiment.design import make_plan
    from bpsim.experiment.runner import sweep
    from bpsim.machinery.store import OK, Store

    if len(scenarios) < 2:
        raise UsageError(f"scenarios: {len(scenarios)} given; allowed: two or more to compare")
    chosen, held = resolve_ranges(ranges, scenarios, fixed)
    exp = experiment(
        scenarios, chosen, worlds=worlds, replications=replications, seed=seed, held=held
    )
    plan = make_plan(exp)
    todo = len(plan.run_ids)
    if resume and Store.exists(store):
        done = {rid for rid, st in Store.open(store).status().items() if st == OK}
        todo = sum(1 for rid in plan.run_ids if rid not in done)
    slots = workers if dask is None else max(workers, 1)
    per_run = measure_run_seconds(scenarios[0], int(scenarios[0]["steps"])) if todo else 0.0
    cost = estimate_cost(todo, per_run, slots)
    if on_cost is not None:
        on_cost(cost)
    check_budget(cost, budget_seconds, go_on)
    try:
        report = sweep(
            plan,
            store,
            workers=workers,
            dask=dask,
            resume=resume,
            retry_failed=resume,
            on_start=(lambda rep, n: on_start(n)) if on_start else None,
            on_result=on_result,
        )
    finally:
        if on_done is not None:
            on_done()
    if report.aborted and report.aborted != "interrupted":
        raise UsageError(f"robust comparison stopped: {report.aborted}")
    return analyse(store)


# --- analysis --------------------------------------------------------------------------


@dataclass(frozen=True)
class RobustComparison:
    """A robust comparison, as read from its store.

    Attributes:
        store: The results folder.
        names: Scenario names, the reference first.
        ranges: The sampled ranges, by parameter.
        held: Uncertain parameters held fixed (the scenarios differ in them, or fixed).
        worlds: Worlds planned.
        replications: Replications per world and scenario.
        seed: Seed of the worlds and replications.
        confidence: Confidence level of the share intervals.
        world_values: One row per world (``world``, one column per sampled parameter).
        world_means: One row per (scenario, world): ``runs`` (finished replications)
            and the mean of every outcome over them.
        paired: One row per (``scenario_b``, ``outcome``, ``world``): ``diff`` (b - a,
            in the outcome's units) and ``gain`` (the change in goodness: > 0 means b
            does better).
        shares: One row per (``scenario_b``, ``outcome``): ``worlds`` (where both are
            defined), ``b_better``, ``a_better``, ``share_b``, ``share_low``,
            ``share_high`` (Wilson interval of ``share_b``), ``share_a``, the mean and
            quantiles of ``diff`` (``q05`` .. ``q95``), ``min``, ``max``, and ``verdict``
            (``b``, ``a``, ``split`` or ``none``).
        regret: One row per (``scenario``, ``outcome``): ``worst`` (largest regret:
            how far it falls short of the best scenario, in the outcome's units),
            ``mean`` regret, the ``world`` of the worst case and ``best_share`` (share
            of worlds where it is the best).
        flips: One row per rule: ``scenario_b``, ``outcome``, ``winner`` (the scenario
            that does better inside the box), ``conditions`` (a list of ``[name, low,
            high]``, None for an open end), ``box_worlds``, ``coverage``, ``density``.
        importance: One row per (``scenario_b``, ``outcome``, ``parameter``):
            ``importance`` (sums to 1 per outcome) and ``rho`` (Spearman).
        planned_runs: Runs in the plan.
        finished_runs: Runs with a result.
        failed_runs: Runs that failed.
    """

    store: Path
    names: tuple[str, ...]
    ranges: dict[str, Range]
    held: tuple[str, ...]
    worlds: int
    replications: int
    seed: int
    confidence: float
    world_values: pd.DataFrame = field(repr=False)
    world_means: pd.DataFrame = field(repr=False)
    paired: pd.DataFrame = field(repr=False)
    shares: pd.DataFrame = field(repr=False)
    regret: pd.DataFrame = field(repr=False)
    flips: pd.DataFrame = field(repr=False)
    importance: pd.DataFrame = field(repr=False)
    planned_runs: int = 0
    finished_runs: int = 0
    failed_runs: int = 0

    @property
    def complete(self) -> bool:
        """Whether every planned run has a result."""
        return self.finished_runs + self.failed_runs >= self.planned_runs

    @property
    def worlds_used(self) -> int:
        """Worlds in which every scenario has at least one finished run."""
        return int(self.world_values["world"].nunique()) if len(self.world_values) else 0


def share_interval(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson interval of a share of `k` in `n` (scipy's `binomtest`).

    Wilson's interval keeps close to its nominal coverage at every share, also near
    0 and 1 where the plain normal interval fails; Clopper-Pearson's is wider than
    needed (it holds its level at the worst share, not on average).
    """
    from scipy.stats import binomtest

    if n <= 0:
        return math.nan, math.nan
    ci = binomtest(int(k), int(n)).proportion_ci(confidence_level=confidence, method="wilson")
    return float(ci.low), float(ci.high)


def is_robust_store(folder: str | Path) -> bool:
    """Whether `folder` holds a robust comparison's store."""
    from bpsim.machinery.store import Store

    if not Store.exists(folder):
        return False
    try:
        return Store.open(folder).experiment.get("name") == EXPERIMENT_NAME
    except (UsageError, KeyError, TypeError):
        return False


def analyse(folder: str | Path, confidence: float = 0.95) -> RobustComparison:
    """Read a robust comparison from its store and compute every table.

    Runs nothing; a partial store (stopped, not yet resumed) is analysed over the
    worlds it holds.

    Raises:
        UsageError: If `folder` does not hold a robust comparison.
    """
    from bpsim.machinery.store import OK, Store

    folder = Path(folder)
    if not is_robust_store(folder):
        raise UsageError(
            f"'{folder}' does not hold a robust comparison (bpsim compare --uncertainty)"
        )
    store = Store.open(folder)
    try:
        record = tomllib.loads((folder / "experiment.toml").read_text("utf-8"))
        names = tuple(record["scenarios"])
        ranges = {n: Range(v[0], v[1], v[2]) for n, v in record["ranges"].items()}
        table = store.table()
    except (OSError, ValueError, KeyError, IndexError) as err:
        raise UsageError(f"'{folder}' does not hold a readable robust comparison: {err}") from None
    outcomes = [o for o in store.outcomes if o in OUTCOMES]
    factors = list(ranges)
    ok = table[table["status"] == OK]
    world_values = (
        table.drop_duplicates("point").sort_values("point")[["point", *factors]]
        .rename(columns={"point": "world"})
        .reset_index(drop=True)
    )  # fmt: skip
    means = (
        ok.groupby(["scenario", "point"])[outcomes].mean().reset_index()
        .rename(columns={"point": "world"})
    )  # fmt: skip
    counts = ok.groupby(["scenario", "point"]).size().rename("runs").reset_index()
    means = means.merge(counts.rename(columns={"point": "world"}), on=["scenario", "world"])
    # Goodness per run, then its mean per world: the same judgement as compare's verdicts.
    good = ok[["scenario", "point"]].copy()
    for o in outcomes:
        good[o] = goodness(o, ok[o].astype(float))
    good_means = good.groupby(["scenario", "point"])[outcomes].mean()
    # Only worlds where every scenario has a result are compared.
    present = means.groupby("world")["scenario"].nunique()
    usable = sorted(present[present == len(names)].index)
    world_values = world_values[world_values["world"].isin(usable)].reset_index(drop=True)

    paired_rows, share_rows = [], []
    a = names[0]
    for b in names[1:]:
        for o in outcomes:
            ma = means[means["scenario"] == a].set_index("world")[o].reindex(usable)
            mb = means[means["scenario"] == b].set_index("world")[o].reindex(usable)
            ga = good_means.loc[a][o].reindex(usable) if a in good_means.index else ma * np.nan
            gb = good_means.loc[b][o].reindex(usable) if b in good_means.index else mb * np.nan
            diff = (mb - ma).to_numpy(dtype=float)
            gain = (gb - ga).to_numpy(dtype=float)
            for w, d, g in zip(usable, diff, gain, strict=True):
                paired_rows.append(
                    {"scenario_b": b, "outcome": o, "world": w, "diff": d, "gain": g}
                )
            share_rows.append(_share_row(b, o, diff, gain, confidence))
    paired = pd.DataFrame(paired_rows, columns=["scenario_b", "outcome", "world", "diff", "gain"])
    shares = pd.DataFrame(share_rows)
    regret = _regret(good_means, names, outcomes, usable)
    flips, importance = _discover(paired, world_values, factors, shares, names)
    status = table.drop_duplicates("run_id")["status"]
    return RobustComparison(
        store=folder,
        names=names,
        ranges=ranges,
        held=tuple(record.get("held", [])),
        worlds=int(record["worlds"]),
        replications=int(record["replications"]),
        seed=int(record["seed"]),
        confidence=confidence,
        world_values=world_values,
        world_means=means,
        paired=paired,
        shares=shares,
        regret=regret,
        flips=flips,
        importance=importance,
        planned_runs=int(len(status)),
        finished_runs=int((status == OK).sum()),
        failed_runs=int((status == "failed").sum()),
    )


def _share_row(
    b: str, outcome: str, diff: np.ndarray, gain: np.ndarray, confidence: float
) -> dict[str, Any]:
    defined = ~np.isnan(gain)
    n = int(defined.sum())
    kb = int((gain[defined] > 0).sum())
    ka = int((gain[defined] < 0).sum())
    low, high = share_interval(kb, n, confidence)
    d = diff[defined]
    row: dict[str, Any] = {
        "scenario_b": b,
        "outcome": outcome,
        "worlds": n,
        "b_better": kb,
        "a_better": ka,
        "share_b": kb / n if n else math.nan,
        "share_low": low,
        "share_high": high,
        "share_a": ka / n if n else math.nan,
        "mean": float(d.mean()) if n else math.nan,
        "min": float(d.min()) if n else math.nan,
        "max": float(d.max()) if n else math.nan,
    }
    for q in QUANTILES:
        row[f"q{round(q * 100):02d}"] = float(np.quantile(d, q)) if n else math.nan
    if n == 0 or kb == ka == 0:
        row["verdict"] = "none"
    elif ka == 0:
        row["verdict"] = "b"
    elif kb == 0:
        row["verdict"] = "a"
    else:
        row["verdict"] = "split"
    return row


def _regret(
    good_means: pd.DataFrame, names: Sequence[str], outcomes: Sequence[str], usable: list[int]
) -> pd.DataFrame:
    rows = []
    for o in outcomes:
        cube = np.full((len(names), len(usable)), np.nan)
        for s, name in enumerate(names):
            if name in good_means.index:
                cube[s] = good_means.loc[name][o].reindex(usable).to_numpy(dtype=float)
        defined = ~np.isnan(cube).any(axis=0)
        cube = cube[:, defined]
        worlds = np.asarray(usable)[defined]
        best = cube.max(axis=0) if cube.size else np.array([])
        for s, name in enumerate(names):
            if not cube.size:
                rows.append({"scenario": name, "outcome": o, "worst": math.nan,
                             "mean": math.nan, "world": -1, "best_share": math.nan})  # fmt: skip
                continue
            reg = best - cube[s]
            at = int(np.argmax(reg))
            rows.append(
                {
                    "scenario": name,
                    "outcome": o,
                    "worst": float(reg[at]),
                    "mean": float(reg.mean()),
                    "world": int(worlds[at]),
                    "best_share": float((reg == 0).mean()),
                }
            )
    return pd.DataFrame(
        rows, columns=["scenario", "outcome", "worst", "mean", "world", "best_share"]
    )


def _discover(
    paired: pd.DataFrame,
    world_values: pd.DataFrame,
    factors: list[str],
    shares: pd.DataFrame,
    names: Sequence[str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    flip_rows: list[dict[str, Any]] = []
    imp_rows: list[dict[str, Any]] = []
    values = world_values.set_index("world")[factors]
    for r in shares.itertuples():
        part = paired[(paired["scenario_b"] == r.scenario_b) & (paired["outcome"] == r.outcome)]
        part = part.set_index("world")["gain"].dropna()
        if len(part) < 3 or not np.ptp(part.to_numpy()) > 0:
            continue
        x = values.loc[part.index].to_numpy(dtype=float)
        imp_rows += _importance(x, part.to_numpy(), factors, r.scenario_b, r.outcome)
        if r.verdict != "split":
            continue
        y_b = part.to_numpy() > 0
        minority_is_b = y_b.sum() <= (part.to_numpy() < 0).sum()
        y = y_b if minority_is_b else part.to_numpy() < 0
        if len(part) < MIN_WORLDS_FOR_DISCOVERY or y.sum() < MIN_MINORITY_FOR_DISCOVERY:
            continue
        winner = r.scenario_b if minority_is_b else names[0]
        for rule in _tree_rules(x, y, factors):
            flip_rows.append({"scenario_b": r.scenario_b, "outcome": r.outcome,
                              "winner": winner, **rule})  # fmt: skip
    flips = pd.DataFrame(
        flip_rows,
        columns=["scenario_b", "outcome", "winner", "conditions", "box_worlds", "coverage",
                 "density"],
    )  # fmt: skip
    importance = pd.DataFrame(
        imp_rows, columns=["scenario_b", "outcome", "parameter", "importance", "rho"]
    )
    return flips, importance


def _tree_rules(x: np.ndarray, y: np.ndarray, factors: list[str]) -> list[dict[str, Any]]:
    """Boxes where the minority verdict is over-represented, from a shallow tree."""
    from sklearn.tree import DecisionTreeClassifier

    n = len(y)
    leaf = max(3, math.ceil(MIN_BOX_SHARE * n))
    tree = DecisionTreeClassifier(
        max_depth=TREE_DEPTH, min_samples_leaf=leaf, class_weight="balanced", random_state=0
    ).fit(x, y.astype(int))
    t = tree.tree_
    base = y.mean()
    rules = []

    def walk(node: int, bounds: dict[int, list[float | None]]) -> None:
        if t.children_left[node] == -1:  # a leaf
            inside = _in_box(x, bounds)
            hits = int(y[inside].sum())
            box = int(inside.sum())
            if box and hits / box > max(base, MIN_DENSITY):
                conditions = [[factors[j], lo, hi] for j, (lo, hi) in sorted(bounds.items())]
                rules.append({"conditions": conditions, "box_worlds": box,
                              "coverage": hits / y.sum(), "density": hits / box})  # fmt: skip
            return
        j, cut = int(t.feature[node]), float(t.threshold[node])
        lo, hi = bounds.get(j, [None, None])
        walk(t.children_left[node], {**bounds, j: [lo, cut if hi is None else min(hi, cut)]})
        walk(t.children_right[node], {**bounds, j: [cut if lo is None else max(lo, cut), hi]})

    walk(0, {})
    rules.sort(key=lambda r: (-r["density"] * r["coverage"], -r["coverage"]))
    return rules[:MAX_RULES]


def _in_box(x: np.ndarray, bounds: Mapping[int, Sequence[float | None]]) -> np.ndarray:
    inside = np.ones(len(x), dtype=bool)
    for j, (lo, hi) in bounds.items():
        if lo is not None:
            inside &= x[:, j] > lo
        if hi is not None:
            inside &= x[:, j] <= hi
    return inside


def _importance(
    x: np.ndarray, gain: np.ndarray, factors: list[str], b: str, outcome: str
) -> list[dict[str, Any]]:
    from scipy.stats import spearmanr
    from sklearn.ensemble import ExtraTreesRegressor

    forest = ExtraTreesRegressor(
        n_estimators=FOREST_TREES, min_samples_leaf=2, random_state=0, n_jobs=1
    ).fit(x, gain)
    scores = forest.feature_importances_
    rows = []
    for j, name in enumerate(factors):
        column = x[:, j]
        rho = math.nan
        if np.ptp(column) > 0:
            rho = float(spearmanr(column, gain).statistic)
        rows.append({"scenario_b": b, "outcome": outcome, "parameter": name,
                     "importance": float(scores[j]), "rho": rho})  # fmt: skip
    return rows
