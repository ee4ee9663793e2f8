"""Compare scenarios: paired replications with common random numbers.

A single run answers nothing; the answer to "what happens if we restrict best
persons' freedom of movement?" is a difference with its uncertainty. `compare`
runs every scenario with the same replication seeds (replication *i* uses
`replication_seed(seed, i)` in every scenario), so each pair of runs shares the
draw of the neighbourhood and most of its events, and the paired differences of the
contract outcomes (at the final week) carry far less noise than two independent
samples would. Each later scenario is compared with the first (the reference).

Runs are spread over local processes (`concurrent.futures.ProcessPoolExecutor`);
``workers=1`` runs in this process. Results never depend on the number of workers:
they are keyed by (scenario, replication), not by arrival order.

With a precision target, replications are added in batches until every chosen
interval is narrow enough, or a cap is reached.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bpsim.comparison.request import (
    DEFAULT_SCENARIOS,  # noqa: F401 - re-exported
    Precision,
    check_stored,
    common_steps,
    default_scenario_files,
    unique_names,
)
from bpsim.core.api import resolve_scenario, run
from bpsim.core.outcomes import ALL_OUTCOMES, BETTER, OUTCOMES, TOWARDS_ZERO, goodness
from bpsim.core.scenario import Scenario
from bpsim.core.seeds import replication_seed
from bpsim.machinery.errors import UsageError
from bpsim.machinery.execution import DEFAULT_MAX_REPLICATIONS, RunPool, cpu_count
from bpsim.machinery.provenance import core, scenario_file_hashes, short_text
from bpsim.machinery.stats import paired_difference, replications_needed, scipy_stats

#: Share of runs inside the trajectory bands (2.5% to 97.5% of replications).
BAND = 0.95

#: Called when runs start and after every finished run, with (runs done, runs planned
#: so far); the total grows when a precision target adds replications.
Progress = Callable[[int, int], None]


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a comparison; pending runs were cancelled.

    A KeyboardInterrupt, so callers that only know Ctrl-C still stop.

    Attributes:
        done: Runs that had finished.
        total: Runs that were planned.
    """

    def __init__(self, done: int, total: int):
        super().__init__(f"{done} of {total} runs finished")
        self.done = done
        self.total = total


@dataclass(frozen=True)
class PrecisionStatus:
    """Whether a precision target was met.

    Attributes:
        precision: The target.
        met: Every chosen interval that can be computed is narrow enough.
        unmet: Outcomes (``"b: outcome"``) whose interval is still too wide.
        replications: Replications run in the end.
        rounds: Batches run (1 = the first batch was enough).
        capped: Stopped at the cap before meeting the target.
    """

    precision: Precision
    met: bool
    unmet: tuple[str, ...]
    replications: int
    rounds: int
    capped: bool


@dataclass(frozen=True)
class Comparison:
    """The result of `compare`.

    Attributes:
        scenarios: The scenarios, the reference first (names are unique).
        replications: Replications per scenario.
        seed: Base seed.
        seeds: Seed of each replication, the same in every scenario.
        steps: Weeks simulated per run.
        confidence: Confidence level of the intervals.
        runs: One row per run: ``scenario``, ``replication``, ``seed``, then every
            outcome at the final week.
        timeseries: One row per run and week: ``scenario``, ``replication``,
            ``seed``, ``step``, then every outcome.
        trajectories: Per scenario, week and outcome: ``mean`` over replications
            and the band holding the middle 95% of runs (``low``, ``high``), with
            ``n`` the runs where the outcome is defined.
        differences: One row per compared scenario and contract outcome: the
            reference ``scenario_a``, ``scenario_b``, ``outcome``, then the fields
            of `PairedDifference` (``diff`` = b - a), ``better`` (+1 higher is
            better, -1 lower), ``verdict`` (``better``/``worse``/``unclear`` for b,
            ``undefined`` when too few runs define the outcome) and
            ``target_half_width`` (NaN without a precision target).
        precision: Whether the precision target was met (None without one).
        provenance: Versions, commit, file hashes, seeds and settings.
        seconds: Wall time of the runs.
    """

    scenarios: tuple[Scenario, ...]
    replications: int
    seed: int
    seeds: tuple[int, ...]
    steps: int
    confidence: float
    runs: pd.DataFrame = field(repr=False)
    timeseries: pd.DataFrame = field(repr=False)
    trajectories: pd.DataFrame = field(repr=False)
    differences: pd.DataFrame = field(repr=False)
    precision: PrecisionStatus | None
    provenance: dict[str, Any] = field(repr=False)
    seconds: float
    #: The robust comparison over the plausible worlds (`bpsim.comparison.robust`), if one
    #: was asked for.
    robust: Any = field(default=None, repr=False)

    @property
    def reference(self) -> Scenario:
        """The scenario every other one is compared with."""
        return self.scenarios[0]

    @property
    def names(self) -> list[str]:
        """Scenario names, the reference first."""
        return [s.name for s in self.scenarios]

    def write(self, out: str | Path) -> list[Path]:
        """Write the data: runs (Parquet, CSV), differences (CSV), time series, provenance.

        Args:
            out: A folder (created if missing).

        Returns:
            The files written.
        """
        import json

        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "replications.parquet": lambda p: self.runs.to_parquet(p, index=False),
            "replications.csv": lambda p: self.runs.to_csv(p, index=False),
            "differences.csv": lambda p: self.differences.to_csv(p, index=False),
            "timeseries.parquet": lambda p: self.timeseries.to_parquet(p, index=False),
            "trajectories.parquet": lambda p: self.trajectories.to_parquet(p, index=False),
            "provenance.json": lambda p: p.write_text(
                json.dumps(self.provenance, indent=2, default=str), encoding="utf-8"
            ),
        }
        written = []
        for name, writer in files.items():
            writer(out / name)
            written.append(out / name)
        return written


def load_comparison(folder: str | Path) -> Comparison:
    """Read a comparison back from the files `Comparison.write` made.

    Figures and reports can so be redrawn (in another language, say) without
    running the model again.

    Args:
        folder: A folder written by `Comparison.write`.

    Returns:
        The comparison, as it was.

    Raises:
        UsageError: If a file is missing or does not hold what a comparison wrote.
    """
    import json

    folder = Path(folder)
    check_stored(folder)
    try:
        prov = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
        runs = pd.read_parquet(folder / "replications.parquet")
        timeseries = pd.read_parquet(folder / "timeseries.parquet")
        trajectories = pd.read_parquet(folder / "trajectories.parquet")
        differences = pd.read_csv(folder / "differences.csv")
        scenarios = tuple(
            Scenario.from_mapping(
                e["parameters"],
                name=e["name"],
                name_nl=e.get("name_nl", ""),  # not stored before 2026-12-01
                description=e["description"],
                description_nl=e.get("description_nl", ""),  # not stored before 2026-11-29
                timeline=e.get("timeline", ()),
                events=e.get("events", ()),
            )
            for e in prov["scenarios"]
        )
        stored = prov.get("precision")
        status = None
        if stored:
            target = Precision(standardised=stored["standardised"], absolute=stored["absolute"])
            status = PrecisionStatus(
                precision=target,
                met=stored["met"],
                unmet=tuple(stored["unmet"]),
                replications=prov["replications"],
                rounds=stored["rounds"],
                capped=stored["capped"],
            )
        return Comparison(
            scenarios=scenarios,
            replications=int(prov["replications"]),
            seed=int(prov["base_seed"]),
            seeds=tuple(int(s) for s in prov.get("seeds", prov.get("replication_seeds", []))),
            steps=int(prov["steps"]),
            confidence=float(prov["confidence"]),
            runs=runs,
            timeseries=timeseries,
            trajectories=trajectories,
            differences=differences,
            precision=status,
            provenance=prov,
            seconds=float(prov["seconds"]),
        )
    except (KeyError, ValueError, TypeError, OSError) as err:
        # ScenarioError is a ValueError: the stored parameters no longer validate.
        raise UsageError(f"'{folder}' does not hold a readable comparison: {err}") from None


def compare(
    scenarios: Sequence[Scenario | str | Path | Mapping[str, Any]] | None = None,
    replications: int = 30,
    seed: int = 0,
    workers: int | None = None,
    *,
    steps: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    confidence: float = 0.95,
    precision: Precision | float | Mapping[str, float] | None = None,
    max_replications: int = DEFAULT_MAX_REPLICATIONS,
    progress: Progress | None = None,
    uncertainty: int | None = None,
    robust_options: Mapping[str, Any] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Comparison:
    """Run scenarios with common random numbers and compare each with the first.

    Args:
        scenarios: Two or more scenarios (objects, files or mappings); the first is
            the reference. None compares ``scenarios/restricted.toml`` (reference)
            with ``scenarios/open.toml``.
        replications: Replications per scenario (>= 2); with a precision target,
            the first batch.
        seed: Base seed (>= 0); replication i uses ``replication_seed(seed, i)``.
        workers: Local processes (default: all cores); 1 runs in this process.
            When other threads run, workers start as fresh interpreters that
            import the calling script, so in a script call `compare` under
            ``if __name__ == "__main__":``.
        steps: Weeks per run (default: the scenarios' ``steps``, which must agree).
        overrides: Parameter values applied to every scenario, validated.
        confidence: Confidence level of the intervals.
        precision: Keep adding replications until every chosen interval is this
            narrow: a number (half-width in standard deviations of the outcome
            between runs, for all contract outcomes), a mapping of outcome to
            half-width in its own units, or a `Precision`.
        max_replications: Cap on replications when a precision target is given.
        progress: Called after each run with (runs done, runs planned).
        uncertainty: Also run a robust comparison in this many plausible worlds (see
            `bpsim.comparison.robust.run_robust`), `replications` per world; the result is in
            `Comparison.robust`.
        robust_options: Keyword arguments for `bpsim.comparison.robust.run_robust` (``store``,
            ``ranges``, ``resume``, ``dask``, ``budget_seconds``, ...); without a
            ``store`` the worlds go to a temporary folder.
        meanwhile: Called once in this process while the worker processes run the
            first replications, for the caller's work that does not need the results
            (`bpsim compare` imports its report's figures); this process's own such
            work (scipy, the provenance) is done then too.

    Returns:
        The comparison.

    Raises:
        ScenarioError: For a scenario, override or steps value that is not allowed.
        UsageError: For other arguments that are not allowed.
        Interrupted: On Ctrl-C; pending runs are cancelled first.
    """
    if isinstance(scenarios, str | Path | Scenario | Mapping):
        raise UsageError("scenarios: give a list of two or more scenarios, not a single one")
    sources = list(default_scenario_files() if scenarios is None else scenarios)
    if len(sources) < 2:
        raise UsageError(f"scenarios: {len(sources)} given; allowed: two or more to compare")
    resolved = unique_names([resolve_scenario(s, overrides) for s in sources])
    _check_whole("replications", replications, 2)
    _check_whole("seed", seed, 0)
    workers = cpu_count() if workers is None else workers
    _check_whole("workers", workers, 1)
    if isinstance(confidence, bool) or not (
        isinstance(confidence, int | float) and 0.0 < confidence < 1.0
    ):
        raise UsageError(f"confidence: value {confidence!r} is not allowed; allowed: 0 to 1")
    steps = common_steps(resolved, steps)
    if uncertainty is not None:
        # Refuse a bad robust request before any run, not after the comparison.
        from bpsim.comparison.robust import resolve_ranges

        _check_whole("uncertainty", uncertainty, 2)
        options = robust_options or {}
        resolve_ranges(
            options.get("ranges"), resolved, options.get("fixed", tuple(overrides or {}))
        )
    target = _as_precision(precision)
    if target is not None:
        _check_whole("max_replications", max_replications, replications)

    started = time.perf_counter()
    early: dict[str, Any] = {}

    def while_running() -> None:
        # This process only waits for its workers: what follows the runs and needs no
        # result is done now, instead of after the last run.
        early["provenance"] = core("compare", ())
        scipy_stats()
        if meanwhile is not None:
            meanwhile()

    series: dict[tuple[int, int], pd.DataFrame] = {}
    n = replications
    rounds = 0
    with RunPool(_run_job, workers) as runner:
        while True:
            rounds += 1
            done_before = len(series) // len(resolved)
            jobs = [
                ((k, i), (sc, replication_seed(seed, i), steps))
                for i in range(done_before, n)
                for k, sc in enumerate(resolved)
            ]
            try:
                runner.run(
                    jobs, series, progress, total=n * len(resolved),
                    meanwhile=while_running if rounds == 1 else None,
                )  # fmt: skip
            except KeyboardInterrupt:
                raise Interrupted(len(series), n * len(resolved)) from None
            runs = _runs_table(resolved, series, seed, n)
            differences = difference_table(runs, [sc.name for sc in resolved], confidence, target)
            status = _assess(target, differences, n, rounds, max_replications)
            if status is None or status.met or n >= max_replications:
                break
            n = _next_replications(differences, n, max_replications, confidence)
    seconds = time.perf_counter() - started

    timeseries = _timeseries_table(resolved, series, seed, n)
    seeds = tuple(replication_seed(seed, i) for i in range(n))
    robust = None
    if uncertainty is not None:
        robust = _robust(resolved, uncertainty, replications, seed, steps, workers, overrides,
                         robust_options)  # fmt: skip
    return Comparison(
        scenarios=tuple(resolved),
        replications=n,
        seed=seed,
        seeds=seeds,
        steps=steps,
        confidence=confidence,
        runs=runs,
        timeseries=timeseries,
        trajectories=trajectory_summary(timeseries),
        differences=differences,
        precision=status,
        provenance=_provenance(
            sources, resolved, seeds, workers, overrides, status, early.get("provenance")
        )
        | {"base_seed": seed, "steps": steps, "confidence": confidence, "seconds": seconds},
        seconds=seconds,
        robust=robust,
    )


def _robust(resolved, worlds, replications, seed, steps, workers, overrides, options):
    """The robust comparison of `compare(..., uncertainty=N)` (see `bpsim.comparison.robust`)."""
    import tempfile

    from bpsim.comparison.robust import run_robust

    options = dict(options or {})
    if options.get("store") is None:
        options["store"] = tempfile.mkdtemp(prefix="bpsim-robust-")
    options.setdefault("fixed", tuple(overrides or {}))
    scenarios = [sc.with_overrides({"steps": steps}) for sc in resolved]
    return run_robust(
        scenarios, worlds=worlds, replications=replications, seed=seed, workers=workers,
        **options,
    )  # fmt: skip


# --- running -------------------------------------------------------------------------


def _run_job(scenario: Scenario, seed: int, steps: int) -> pd.DataFrame:
    """One run's weekly outcomes (module level, so worker processes can call it)."""
    return run(scenario, seed=seed, steps=steps).timeseries


# --- tables --------------------------------------------------------------------------


def _runs_table(
    scenarios: list[Scenario], series: dict[tuple[int, int], pd.DataFrame], seed: int, n: int
) -> pd.DataFrame:
    rows = []
    for k, sc in enumerate(scenarios):
        for i in range(n):
            final = series[(k, i)].iloc[-1].to_dict()
            rows.append({"scenario": sc.name, "replication": i, "seed": replication_seed(seed, i)})
            rows[-1].update(final)
    return pd.DataFrame(rows, columns=["scenario", "replication", "seed", *ALL_OUTCOMES])


def _timeseries_table(
    scenarios: list[Scenario], series: dict[tuple[int, int], pd.DataFrame], seed: int, n: int
) -> pd.DataFrame:
    parts = []
    for k, sc in enumerate(scenarios):
        for i in range(n):
            ts = series[(k, i)].reset_index()
            ts.insert(0, "seed", replication_seed(seed, i))
            ts.insert(0, "replication", i)
            ts.insert(0, "scenario", sc.name)
            parts.append(ts)
    return pd.concat(parts, ignore_index=True)


def trajectory_summary(timeseries: pd.DataFrame, band: float = BAND) -> pd.DataFrame:
    """Mean and middle-`band` range over replications, per scenario, week and outcome.

    Args:
        timeseries: Long table as in `Comparison.timeseries`.
        band: Share of runs inside ``low`` .. ``high``.

    Returns:
        Columns ``scenario``, ``step``, ``outcome``, ``mean``, ``low``, ``high``,
        ``n`` (runs where the outcome is defined that week).
    """
    outcomes = [c for c in timeseries.columns if c in ALL_OUTCOMES]
    tail = (1.0 - band) / 2.0
    parts = []
    for name in pd.unique(timeseries["scenario"]):
        part = timeseries[timeseries["scenario"] == name]
        steps = np.sort(pd.unique(part["step"]))
        cube = (
            part.set_index(["replication", "step"])[outcomes]
            .sort_index()
            .to_numpy(dtype=float)
            .reshape(-1, steps.size, len(outcomes))
        )
        with warnings.catch_warnings():
            # Rate outcomes are undefined (NaN) in early weeks in every run.
            warnings.simplefilter("ignore", RuntimeWarning)
            mean = np.nanmean(cube, axis=0)
        low, high = _band(cube, tail)
        count = (~np.isnan(cube)).sum(axis=0)
        grid_step, grid_outcome = np.meshgrid(steps, np.arange(len(outcomes)), indexing="ij")
        parts.append(
            pd.DataFrame(
                {
                    "scenario": name,
                    "step": grid_step.ravel(),
                    "outcome": np.asarray(outcomes)[grid_outcome.ravel()],
                    "mean": mean.ravel(),
                    "low": low.ravel(),
                    "high": high.ravel(),
                    "n": count.ravel(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _band(cube: np.ndarray, tail: float) -> tuple[np.ndarray, np.ndarray]:
    """The `tail` and 1 - `tail` quantiles over axis 0, ignoring NaN (as `np.nanquantile`).

    `np.nanquantile` works column by column in Python (0.5 s for a comparison's 30 runs x
    261 weeks x 22 outcomes); columns defined in every run, nearly all of them, go through
    `np.quantile` at once, which computes the same numbers, and only the others one by one.
    """
    low = np.full(cube.shape[1:], np.nan)
    high = np.full(cube.shape[1:], np.nan)
    defined = ~np.isnan(cube)
    everywhere = defined.all(axis=0)
    if everywhere.any():
        low[everywhere], high[everywhere] = np.quantile(
            cube[:, everywhere], [tail, 1.0 - tail], axis=0
        )
    for index in zip(*np.nonzero(defined.any(axis=0) & ~everywhere), strict=True):
        column = cube[(slice(None), *index)]
        low[index], high[index] = np.quantile(column[~np.isnan(column)], [tail, 1.0 - tail])
    return low, high


def difference_table(
    runs: pd.DataFrame,
    scenarios: list[str],
    confidence: float = 0.95,
    precision: Precision | None = None,
) -> pd.DataFrame:
    """Paired differences of the contract outcomes, each scenario against the first.

    Works on the stored per-replication table, so it can be recomputed (say at
    another confidence level) without re-running the model.

    Args:
        runs: One row per run, as in `Comparison.runs` (or ``replications.csv``).
        scenarios: Scenario names, the reference first.
        confidence: Confidence level of the intervals.
        precision: Fills ``target_half_width`` when given.

    Returns:
        The table described in `Comparison.differences`.
    """
    missing = [name for name in scenarios if name not in set(runs["scenario"])]
    if missing or len(scenarios) < 2:
        raise UsageError(
            f"scenarios {missing or scenarios}: need two or more that appear in the runs table"
        )
    a = scenarios[0]
    by = {
        name: part.set_index("replication").sort_index() for name, part in runs.groupby("scenario")
    }
    rows = []
    for b in scenarios[1:]:
        # Pair by replication number, never by row order.
        left, right = by[a].align(by[b], join="inner", axis=0)
        for outcome in OUTCOMES:
            row: dict[str, Any] = {"scenario_a": a, "scenario_b": b, "outcome": outcome}
            try:
                paired = paired_difference(left[outcome], right[outcome], confidence)
            except ValueError:
                # Fewer than two replications define this outcome in both scenarios.
                defined = int((left[outcome].notna() & right[outcome].notna()).sum())
                row |= {"n": defined, "confidence": confidence, "verdict": "undefined"}
                row["better"] = BETTER[outcome]
                rows.append(row)
                continue
            row |= paired.as_dict()
            # The verdict judges the paired change in `goodness` (higher is better): the
            # difference turned by BETTER, or for a gap the change in distance from zero
            # (a reversed gap is no gain). The table still shows the plain difference.
            judged = paired_difference(
                goodness(outcome, left[outcome]), goodness(outcome, right[outcome]), confidence
            )
            row["verdict"] = "unclear"
            if judged.excludes_zero:
                row["verdict"] = "better" if judged.diff > 0 else "worse"
            # Which way the plain difference points to better, for the forest plot; for
            # a gap, towards zero from a's side.
            row["better"] = BETTER[outcome]
            if outcome in TOWARDS_ZERO:
                row["better"] = 1 if paired.mean_a < 0 else -1
            wanted = precision.target(outcome, paired.spread) if precision else None
            row["target_half_width"] = math.nan if wanted is None else wanted
            rows.append(row)
    frame = pd.DataFrame(rows)
    columns = [
        "scenario_a", "scenario_b", "outcome", "n", "mean_a", "mean_b", "diff", "ci_low",
        "ci_high", "half_width", "confidence", "effect_size", "effect_size_av", "p_value",
        "sd_a", "sd_b", "sd_diff", "excludes_zero", "better", "verdict", "target_half_width",
    ]  # fmt: skip
    return frame.reindex(columns=columns)


def _assess(
    target: Precision | None, differences: pd.DataFrame, n: int, rounds: int, cap: int
) -> PrecisionStatus | None:
    if target is None:
        return None
    chosen = differences[differences["target_half_width"].notna()]
    # A zero target (no spread at all) is met by a zero-width interval.
    too_wide = chosen[chosen["half_width"] > chosen["target_half_width"]]
    unmet = tuple(f"{r.scenario_b}: {r.outcome}" for r in too_wide.itertuples())
    return PrecisionStatus(
        precision=target,
        met=not unmet,
        unmet=unmet,
        replications=n,
        rounds=rounds,
        capped=bool(unmet) and n >= cap,
    )


def _next_replications(differences: pd.DataFrame, n: int, cap: int, confidence: float) -> int:
    chosen = differences[differences["half_width"] > differences["target_half_width"]]
    needed = n + 1
    for r in chosen.itertuples():
        if r.target_half_width > 0:
            needed = max(needed, replications_needed(r.sd_diff, r.target_half_width, confidence))
        else:
            needed = cap
    # The spread is estimated from few runs early on; growing at most twofold per
    # batch keeps one noisy estimate from spending the whole budget.
    return min(cap, needed, 2 * n)


# --- checks and helpers --------------------------------------------------------------


def _check_whole(name: str, value: Any, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise UsageError(
            f"{name}: value {value!r} is not allowed; allowed: a whole number >= {minimum}"
        )


def _as_precision(precision: Precision | float | Mapping[str, float] | None) -> Precision | None:
    if precision is None or isinstance(precision, Precision):
        return precision
    if isinstance(precision, Mapping):
        return Precision(absolute=dict(precision))
    return Precision(standardised=precision)


def _provenance(
    sources: list[Any],
    scenarios: list[Scenario],
    seeds: tuple[int, ...],
    workers: int,
    overrides: Mapping[str, Any] | None,
    status: PrecisionStatus | None,
    earlier: dict[str, Any] | None = None,
) -> dict[str, Any]:
    described = []
    for source, sc in zip(sources, scenarios, strict=True):
        entry: dict[str, Any] = {
            "name": sc.name,
            "name_nl": sc.name_nl,
            "description": short_text(sc.description),
            "description_nl": short_text(sc.description_nl),
        }
        if isinstance(source, str | Path):
            entry["files"] = scenario_file_hashes(source)
        entry["parameters"] = dict(sc.params)
        # Only when there are any, so provenance of scenarios without changes is as before.
        if sc.timeline:
            entry["timeline"] = sc.timeline_tables()
        if sc.events:
            entry["events"] = sc.events_tables()
        described.append(entry)
    precision = None
    if status is not None:
        precision = {
            "standardised": status.precision.standardised,
            "absolute": dict(status.precision.absolute),
            "met": status.met,
            "unmet": list(status.unmet),
            "rounds": status.rounds,
            "capped": status.capped,
        }
    return {
        **core("compare", seeds, earlier),
        "scenarios": described,
        "overrides": dict(overrides or {}),
        "replications": len(seeds),
        "workers": workers,
        "precision": precision,
    }
