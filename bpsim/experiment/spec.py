"""Experiment files: which scenarios a sweep varies, how, and how often, read from TOML.

An experiment file names one or more base scenarios, the factors to vary (value lists
for a full grid; ``{low, high}`` ranges for Latin hypercube, Sobol or Morris designs),
replications, weeks, a base seed and the outcomes to keep. Factor names must be
scenario parameters and every value goes through `Scenario.with_overrides`, so a bad
value gets the same message as in a scenario file; every other key is checked here
with a message naming the key, the value and what is allowed.

Example (``experiments/rule_burden_x_freedom.toml``)::

    name = "rule_burden_x_freedom"
    scenario = "../scenarios/baseline.toml"
    replications = 30
    base_seed = 2024

    [factors]
    rule_burden = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    freedom_of_movement = [0.1, 0.3, 0.5, 0.7, 0.9]

    [headline]
    outcome = "take_up"
    factor = "freedom_of_movement"
    by = "rule_burden"
"""

from __future__ import annotations

import difflib
import hashlib
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bpsim.core.names import DESCRIPTION_LIMIT, name_problem, shown
from bpsim.core.outcomes import ALL_OUTCOMES, OUTCOMES, direction
from bpsim.core.scenario import (
    LEVERS,
    MAX_FILE_BYTES,
    SPECS,
    Scenario,
    ScenarioError,
    flat_changes,
    from_flat,
    is_change_key,
    load_scenario,
)
from bpsim.machinery.errors import UsageError

#: Design kinds an experiment may use.
DESIGN_KINDS = ("grid", "lhs", "sobol", "morris")
#: Most runs one experiment may plan; beyond this the plan itself would not fit in memory.
MAX_RUNS = 2_000_000

_TOP_KEYS = (
    "name",
    "description",
    "scenario",
    "scenarios",
    "replications",
    "steps",
    "base_seed",
    "outcomes",
    "overrides",
    "design",
    "factors",
    "headline",
)
_DESIGN_KEYS = {
    "grid": ("kind",),
    "lhs": ("kind", "samples", "seed"),
    "sobol": ("kind", "samples", "second_order", "seed"),
    "morris": ("kind", "samples", "levels", "seed"),
}
_HEADLINE_KEYS = ("outcome", "factor", "by", "at", "expect", "confidence")


class ExperimentError(UsageError):
    """An experiment file or value that cannot be used; the message says why."""


@dataclass(frozen=True)
class Factor:
    """One factor of a design: a scenario parameter and the values it takes.

    Attributes:
        name: Scenario parameter name.
        values: The levels of a grid factor (None for a range).
        low: Lower end of a range factor (None for a grid factor).
        high: Upper end of a range factor.
        integer: Whether the parameter takes whole numbers (samples are rounded).
    """

    name: str
    values: tuple[float | int, ...] | None = None
    low: float | int | None = None
    high: float | int | None = None
    integer: bool = False

    def describe(self) -> str:
        """The factor in one line, e.g. ``rule_burden in [0.2, 0.8]``."""
        if self.values is not None:
            return f"{self.name} = {list(self.values)}"
        return f"{self.name} from {self.low} to {self.high}"


@dataclass(frozen=True)
class Headline:
    """The headline comparison of a grid sweep: open against restricted, across a factor.

    Attributes:
        outcome: Outcome compared.
        factor: The contrast factor: its highest level ("open") minus its lowest
            ("restricted"), paired by replication.
        by: The factor across which the difference is shown (heatmap rows).
        at: Level of `by` at which the headline must hold (``--check-headline``).
        expect: +1 if the highest level of `factor` should give a higher outcome,
            -1 if lower.
        confidence: Confidence level of the interval.
    """

    outcome: str
    factor: str
    by: str
    at: float | int
    expect: int
    confidence: float = 0.95

    def statement(self) -> str:
        """The finding in words."""
        word = "higher" if self.expect > 0 else "lower"
        return (
            f"{self.outcome} is {word} at the highest {self.factor} than at the lowest, "
            f"at {self.by} = {self.at} ({self.confidence:.0%} interval excluding zero)"
        )


@dataclass(frozen=True)
class Experiment:
    """A validated experiment file.

    Attributes:
        path: The file.
        text: Its content (kept as provenance).
        name: Experiment name.
        description: One line on what it asks.
        scenarios: Base scenarios, with the experiment's overrides and steps applied.
        factors: Factors of the design, in file order.
        kind: Design kind: grid, lhs, sobol or morris.
        samples: Samples (lhs), base samples N (sobol) or trajectories (morris).
        levels: Grid levels of a Morris design.
        second_order: Whether a Sobol design also estimates second-order indices.
        design_seed: Seed of the sampled design (lhs, sobol, morris).
        replications: Replications per design point and scenario.
        base_seed: Base seed; replication i runs with ``replication_seed(base_seed, i)``.
        outcomes: Outcomes kept (their final values).
        headline: The headline comparison, if any.
    """

    path: Path
    text: str
    name: str
    description: str
    scenarios: tuple[Scenario, ...]
    factors: tuple[Factor, ...]
    kind: str
    replications: int
    base_seed: int
    outcomes: tuple[str, ...]
    samples: int | None = None
    levels: int = 4
    second_order: bool = False
    design_seed: int = 0
    headline: Headline | None = None
    scenario_files: tuple[str, ...] = field(default=())

    @property
    def sha256(self) -> str:
        """Hash of the file's content."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def factor_names(self) -> tuple[str, ...]:
        """Names of the factors, in order."""
        return tuple(f.name for f in self.factors)

    def points_count(self) -> int:
        """Design points (before scenarios and replications)."""
        d = len(self.factors)
        if self.kind == "grid":
            return math.prod(len(f.values or ()) for f in self.factors)
        if self.kind == "lhs":
            return int(self.samples or 0)
        if self.kind == "sobol":
            return int(self.samples or 0) * ((2 * d + 2) if self.second_order else (d + 2))
        return int(self.samples or 0) * (d + 1)  # morris: trajectories of d + 1 points

    def runs_count(self) -> int:
        """Runs the experiment costs: points x scenarios x replications."""
        return self.points_count() * len(self.scenarios) * self.replications

    def summary(self) -> dict[str, Any]:
        """The validated experiment as plain data (stored with the results)."""
        return {
            "name": self.name,
            "description": self.description,
            "path": str(self.path),
            "sha256": self.sha256,
            "scenarios": [s.name for s in self.scenarios],
            "scenario_files": list(self.scenario_files),
            "kind": self.kind,
            "factors": {
                f.name: (list(f.values) if f.values is not None else {"low": f.low, "high": f.high})
                for f in self.factors
            },
            "integer_factors": [f.name for f in self.factors if f.integer],
            "samples": self.samples,
            "levels": self.levels,
            "second_order": self.second_order,
            "design_seed": self.design_seed,
            "replications": self.replications,
            "base_seed": self.base_seed,
            "outcomes": list(self.outcomes),
            "headline": None
            if self.headline is None
            else {
                "outcome": self.headline.outcome,
                "factor": self.headline.factor,
                "by": self.headline.by,
                "at": self.headline.at,
                "expect": self.headline.expect,
                "confidence": self.headline.confidence,
            },
            "points": self.points_count(),
            "runs": self.runs_count(),
        }


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _did_you_mean(key: str, allowed) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Reader:
    """Validation helpers that prefix every message with the file name."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, message: str) -> ExperimentError:
        return ExperimentError(f"experiment file '{self.path}': {message}")

    def check_keys(self, table: Mapping[str, Any], allowed, where: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(
                    f"unknown key '{where}{key}'{_did_you_mean(key, allowed)}; "
                    f"allowed: {', '.join(allowed)}"
                )

    def whole(self, key: str, value: Any, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(
                f"key '{key}': value {_show(value)} is not allowed; "
                f"allowed: a whole number from {low} to {high}"
            )
        return value

    def text(self, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.fail(f"key '{key}': value {_show(value)} is not allowed; allowed: text")
        return value

    def table(self, key: str, value: Any) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(
                f"key '{key}': value {_show(value)} is not allowed; allowed: a [{key}] section"
            )
        return value


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file.

    Args:
        path: A TOML experiment file.

    Returns:
        The validated experiment.

    Raises:
        ExperimentError: If the file, a key or a value cannot be used; the message
            names the file, the key, the value and what is allowed.
    """
    path = Path(path)
    if not path.is_file():
        raise ExperimentError(f"experiment file '{path}' does not exist")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ExperimentError(
                f"experiment file '{path}' is {size / 2**20:.1f} MiB; allowed: at most "
                f"{MAX_FILE_BYTES // 2**20} MiB"
            )
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ExperimentError(f"experiment file '{path}' is not valid TOML: {err}") from None
    except RecursionError:
        raise ExperimentError(
            f"experiment file '{path}': values are nested too deeply; allowed: the sections "
            "and lists of docs/sweeps.md"
        ) from None
    except OSError as err:
        raise ExperimentError(f"experiment file '{path}' cannot be read: {err.strerror}") from None
    return parse_experiment(data, path=path, text=text)


def parse_experiment(data: Mapping[str, Any], *, path: Path, text: str = "") -> Experiment:
    """Validate the content of an experiment file (see `load_experiment`)."""
    r = _Reader(path)
    r.check_keys(data, _TOP_KEYS, "")
    name = r.text("name", data.get("name", path.stem))
    problem = name_problem(name)
    if problem:  # the name becomes the default results folder: never a path
        raise r.fail(f"key 'name': value {shown(name)} {problem}")
    description = r.text("description", data.get("description", ""))
    if len(description) > DESCRIPTION_LIMIT:
        raise r.fail(
            f"key 'description': {len(description):,} characters; "
            f"allowed: at most {DESCRIPTION_LIMIT:,}"
        )
    replications = r.whole("replications", data.get("replications", 1), 1, 100_000)
    base_seed = r.whole("base_seed", data.get("base_seed", 0), 0, 2**63 - 1)

    overrides = dict(r.table("overrides", data.get("overrides", {})))
    if "steps" in data:
        if "steps" in overrides:
            raise r.fail("key 'steps' is given twice (top level and [overrides])")
        overrides["steps"] = data["steps"]
    files = _scenario_files(r, data)
    scenarios = tuple(_load_base(r, f, overrides) for f in files)
    names = [s.name for s in scenarios]
    for n in names:
        if names.count(n) > 1:
            raise r.fail(
                f"key 'scenarios': two base scenarios are both named '{n}'; "
                "allowed: scenarios with different names"
            )

    outcomes = _outcomes(r, data.get("outcomes", "contract"))
    design = dict(r.table("design", data.get("design", {})))
    kind = design.get("kind", "grid")
    if kind not in DESIGN_KINDS:
        raise r.fail(
            f"key 'design.kind': value {_show(kind)} is not allowed"
            f"{_did_you_mean(str(kind), DESIGN_KINDS)}; allowed: {', '.join(DESIGN_KINDS)}"
        )
    r.check_keys(design, _DESIGN_KEYS[kind], "design.")
    factors = _factors(r, data.get("factors"), kind, scenarios, overrides)

    samples = None
    levels = 4
    second_order = False
    design_seed = base_seed
    if kind != "grid":
        if "samples" not in design:
            what = {"lhs": "points", "sobol": "base samples N", "morris": "trajectories"}[kind]
            raise r.fail(f"key 'design.samples' is missing; a {kind} design needs its {what}")
        samples = r.whole("design.samples", design["samples"], 2, 1_000_000)
        design_seed = r.whole("design.seed", design.get("seed", base_seed), 0, 2**32 - 1)
    if kind == "sobol":
        if samples & (samples - 1):
            raise r.fail(
                f"key 'design.samples': value {samples} is not allowed; allowed: a power of two "
                "(Sobol sequences keep their balance only for N = 2^k), e.g. 64, 128, 256"
            )
        second_order = design.get("second_order", False)
        if not isinstance(second_order, bool):
            raise r.fail(
                f"key 'design.second_order': value {_show(second_order)} is not allowed; "
                "allowed: true or false"
            )
    if kind == "morris":
        levels = r.whole("design.levels", design.get("levels", 4), 2, 100)
        if levels % 2:
            raise r.fail(
                f"key 'design.levels': value {levels} is not allowed; allowed: an even "
                "whole number from 2 to 100 (Morris steps span half the levels)"
            )
    if kind in ("sobol", "morris") and len(factors) < 2:
        raise r.fail(f"key 'factors': a {kind} design needs at least 2 factors")

    exp = Experiment(
        path=path,
        text=text,
        name=name,
        description=description,
        scenarios=scenarios,
        factors=factors,
        kind=kind,
        replications=replications,
        base_seed=base_seed,
        outcomes=outcomes,
        samples=samples,
        levels=levels,
        second_order=second_order,
        design_seed=design_seed,
        scenario_files=tuple(str(f) for f in files),
    )
    headline = _headline(r, data.get("headline"), exp)
    if headline is not None:
        exp = replace(exp, headline=headline)
    if exp.runs_count() > MAX_RUNS:
        raise r.fail(
            f"the design costs {exp.runs_count():,} runs; allowed: at most {MAX_RUNS:,} "
            "(fewer levels, samples or replications)"
        )
    return exp


def _repo_root(start: Path) -> Path | None:
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / "pyproject.toml").is_file() or (folder / ".git").exists():
            return folder
    return None


def _scenario_files(r: _Reader, data: Mapping[str, Any]) -> list[Path]:
    if "scenario" in data and "scenarios" in data:
        raise r.fail("give either 'scenario' (one file) or 'scenarios' (a list), not both")
    if "scenarios" in data:
        raw = data["scenarios"]
        if not isinstance(raw, list) or not raw or not all(isinstance(x, str) for x in raw):
            raise r.fail(
                f"key 'scenarios': value {_show(raw)} is not allowed; "
                "allowed: a non-empty list of scenario file names"
            )
        key = "scenarios"
    elif "scenario" in data:
        raw = [r.text("scenario", data["scenario"])]
        key = "scenario"
    else:
        raise r.fail(
            "key 'scenario' is missing; allowed: a scenario file, relative to this file or "
            'to the repository, e.g. scenario = "../scenarios/baseline.toml"'
        )
    found = []
    for name in raw:
        # Relative to the experiment file first (so experiments travel with their
        # scenarios), then to the repository root, then to the working folder.
        candidates = [r.path.parent / name]
        root = _repo_root(r.path.parent)
        if root is not None:
            candidates.append(root / name)
        candidates.append(Path(name))
        hit = next((c for c in candidates if c.is_file()), None)
        if hit is None:
            tried = ", ".join(f"'{c}'" for c in dict.fromkeys(candidates))
            raise r.fail(f"key '{key}': scenario file '{name}' does not exist (tried {tried})")
        found.append(hit)
    return found


def _load_base(r: _Reader, file: Path, overrides: Mapping[str, Any]) -> Scenario:
    try:
        base = load_scenario(file)
    except ScenarioError as err:
        raise r.fail(str(err)) from None
    try:
        return base.with_overrides(overrides) if overrides else base
    except ScenarioError as err:
        raise r.fail(f"[overrides]: {err}") from None


def _outcomes(r: _Reader, raw: Any) -> tuple[str, ...]:
    if raw == "contract":
        return tuple(OUTCOMES)
    if raw == "all":
        return ALL_OUTCOMES
    if not isinstance(raw, list) or not raw:
        raise r.fail(
            f"key 'outcomes': value {_show(raw)} is not allowed; allowed: \"contract\", "
            '"all", or a list of outcome names, e.g. ["take_up", "trust"]'
        )
    for name in raw:
        if name not in ALL_OUTCOMES:
            raise r.fail(
                f"key 'outcomes': unknown outcome {_show(name)}"
                f"{_did_you_mean(str(name), ALL_OUTCOMES)}; allowed: {', '.join(OUTCOMES)} "
                "(and the extra outcomes in bpsim.core.outcomes)"
            )
        if raw.count(name) > 1:
            raise r.fail(f"key 'outcomes': outcome '{name}' is listed twice")
    return tuple(raw)


def _check_value(r: _Reader, name: str, value: Any, scenarios: tuple[Scenario, ...]) -> float | int:
    """Validate one factor value against every base scenario; return it typed."""
    if is_change_key(name):  # a timeline entry's week or lever value, or an event's
        for sc in scenarios:
            flat = {**sc.params, **flat_changes(sc), name: value}
            try:
                checked = flat_changes(from_flat(flat, name=sc.name))
            except ScenarioError as err:
                raise r.fail(f"factors.{name}: {err}") from None
        return checked[name]
    for sc in scenarios:
        try:
            checked = sc.with_overrides({name: value})
        except ScenarioError as err:
            raise r.fail(f"factors.{name}: {err}") from None
    return checked[name]


def _factors(
    r: _Reader,
    raw: Any,
    kind: str,
    scenarios: tuple[Scenario, ...],
    overrides: Mapping[str, Any],
) -> tuple[Factor, ...]:
    if raw is None:
        raise r.fail(
            "section [factors] is missing; allowed: scenario parameters with a list of values "
            "(grid) or a {low, high} range (lhs, sobol, morris), e.g. rule_burden = [0.2, 0.8]"
        )
    table = r.table("factors", raw)
    if not table:
        raise r.fail("section [factors] is empty; allowed: at least one scenario parameter")
    factors = []
    for name, spec in table.items():
        if is_change_key(name):
            missing = [sc.name for sc in scenarios if name not in flat_changes(sc)]
            if missing:
                raise r.fail(
                    f"factors: '{name}' names no value of scenario '{missing[0]}''s timeline "
                    "or events; allowed: timeline.N.week, timeline.N.<lever> or events.N.week "
                    "for an entry N (from 1) the scenario file has"
                )
            integer = not any(name.endswith(f".{lever}") for lever in LEVERS)
            factors.append(_factor(r, name, spec, kind, scenarios, integer))
            continue
        if name not in SPECS:
            raise r.fail(
                f"factors: '{name}' is not a scenario parameter{_did_you_mean(name, SPECS)}; "
                f"allowed: scenario parameters, e.g. the levers {', '.join(LEVERS)}"
            )
        if name in overrides:
            raise r.fail(
                f"factors: '{name}' is also fixed in [overrides] (or 'steps'); "
                "allowed: a parameter either varies or is fixed"
            )
        factors.append(_factor(r, name, spec, kind, scenarios, SPECS[name].integer))
    return tuple(factors)


def _factor(
    r: _Reader, name: str, spec: Any, kind: str, scenarios: tuple[Scenario, ...], integer: bool
) -> Factor:
    """One factor: a grid's list of values or a range, each value validated."""
    low_high = (SPECS[name].low, SPECS[name].high) if name in SPECS else ("LOW", "HIGH")
    if kind == "grid":
        if not isinstance(spec, list) or not spec:
            raise r.fail(
                f"factors.{name}: value {_show(spec)} is not allowed; a grid factor takes "
                f"a non-empty list of values, e.g. {name} = [{low_high[0]}, "
                f"{low_high[1]}] ({{low, high}} ranges are for lhs, sobol and morris)"
            )
        values = tuple(_check_value(r, name, v, scenarios) for v in spec)
        for v in values:
            if values.count(v) > 1:
                raise r.fail(f"factors.{name}: value {v} is listed twice")
        return Factor(name, values=values, integer=integer)
    if not isinstance(spec, Mapping) or set(spec) != {"low", "high"}:
        raise r.fail(
            f"factors.{name}: value {_show(spec)} is not allowed; a {kind} factor "
            f"takes a range, e.g. {name} = {{ low = {low_high[0]}, "
            f"high = {low_high[1]} }}"
        )
    low = _check_value(r, name, spec["low"], scenarios)
    high = _check_value(r, name, spec["high"], scenarios)
    if not low < high:
        raise r.fail(f"factors.{name}: low {low} is not below high {high}; allowed: low < high")
    return Factor(name, low=low, high=high, integer=integer)


def _headline(r: _Reader, raw: Any, exp: Experiment) -> Headline | None:
    if raw is None:
        return None
    table = r.table("headline", raw)
    r.check_keys(table, _HEADLINE_KEYS, "headline.")
    if exp.kind != "grid":
        raise r.fail("section [headline] needs a grid design (paired levels of its factors)")
    outcome = table.get("outcome", "take_up")
    if outcome not in exp.outcomes:
        raise r.fail(
            f"key 'headline.outcome': value {_show(outcome)} is not allowed; allowed: a kept "
            f"outcome ({', '.join(exp.outcomes)})"
        )
    grid = {f.name: f for f in exp.factors}
    names: dict[str, str] = {}
    for key, default in (("factor", "freedom_of_movement"), ("by", "rule_burden")):
        value = table.get(key, default)
        if value not in grid or len(grid[value].values or ()) < 2:
            raise r.fail(
                f"key 'headline.{key}': value {_show(value)} is not allowed; allowed: a factor "
                f"with at least two levels ({', '.join(grid)})"
            )
        names[key] = value
    if names["factor"] == names["by"]:
        raise r.fail("keys 'headline.factor' and 'headline.by' name the same factor")
    by_levels = grid[names["by"]].values or ()
    at = table.get("at", max(by_levels))
    if isinstance(at, bool) or at not in by_levels:
        raise r.fail(
            f"key 'headline.at': value {_show(at)} is not allowed; allowed: a level of "
            f"{names['by']} ({', '.join(str(v) for v in by_levels)})"
        )
    default_expect = "higher" if direction(outcome) > 0 else "lower"
    expect = table.get("expect", default_expect)
    if expect not in ("higher", "lower"):
        raise r.fail(
            f"key 'headline.expect': value {_show(expect)} is not allowed; "
            'allowed: "higher" or "lower"'
        )
    confidence = table.get("confidence", 0.95)
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0.5 <= confidence < 1.0
    ):
        raise r.fail(
            f"key 'headline.confidence': value {_show(confidence)} is not allowed; "
            "allowed: a number from 0.5 to below 1, e.g. 0.95"
        )
    return Headline(
        outcome=outcome,
        factor=names["factor"],
        by=names["by"],
        at=next(v for v in by_levels if v == at),  # typed like the factor's levels
        expect=1 if expect == "higher" else -1,
        confidence=float(confidence),
    )
