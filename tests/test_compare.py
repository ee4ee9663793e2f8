"""`bpsim.compare`: common random numbers, determinism, tables, precision, errors.

Runs use a small neighbourhood for a few weeks; no test asserts a model outcome
value (the model is being calibrated), only the structure, the pairing and the
statistics, which are also checked on synthetic tables.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import time
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpsim.comparison.paired import (
    Comparison,
    Interrupted,
    Precision,
    _band,
    compare,
    difference_table,
    load_comparison,
    trajectory_summary,
)
from bpsim.core.outcomes import ALL_OUTCOMES, BETTER, OUTCOMES, TOWARDS_ZERO
from bpsim.core.scenario import ScenarioError, default_scenario
from bpsim.core.seeds import replication_seed
from bpsim.machinery.errors import UsageError

SMALL = {"n_households": 200, "workers_per_1000": 40}
STEPS = 30
FILES = ["scenarios/restricted.toml", "scenarios/open.toml"]


def _small(scenarios=FILES, **kwargs) -> Comparison:
    args = {"replications": 3, "workers": 1, "steps": STEPS, "overrides": SMALL} | kwargs
    return compare(scenarios, **args)


@pytest.fixture(scope="module")
def small() -> Comparison:
    return _small(seed=7)


# --- common random numbers and determinism ----------------------------------------------


def test_replication_i_uses_the_same_seed_in_every_scenario(small):
    runs = small.runs
    by = runs.pivot(index="replication", columns="scenario", values="seed")
    assert list(by.columns.sort_values()) == ["open", "restricted"]
    assert (by["open"] == by["restricted"]).all()
    assert list(by["open"]) == [replication_seed(7, i) for i in range(3)]
    assert small.seeds == tuple(replication_seed(7, i) for i in range(3))


def test_identical_scenarios_differ_by_exactly_zero():
    # Under common random numbers a scenario compared with itself gives the same runs.
    c = _small(scenarios=[FILES[0], FILES[0]], replications=2)
    assert c.names == ["restricted", "restricted-2"]
    defined = c.differences[c.differences["verdict"] != "undefined"]
    assert len(defined) > 10
    assert (defined["diff"] == 0).all()
    assert (defined["verdict"] == "unclear").all()


def test_the_same_call_twice_gives_identical_tables(small):
    again = _small(seed=7)
    pd.testing.assert_frame_equal(small.runs, again.runs)
    pd.testing.assert_frame_equal(small.differences, again.differences)
    pd.testing.assert_frame_equal(small.trajectories, again.trajectories)


@pytest.mark.slow
def test_one_worker_and_two_workers_give_identical_results(small):
    two = _small(seed=7, workers=2)
    pd.testing.assert_frame_equal(small.runs, two.runs)
    pd.testing.assert_frame_equal(small.timeseries, two.timeseries)
    pd.testing.assert_frame_equal(small.differences, two.differences)
    assert not multiprocessing.active_children()


def test_another_seed_gives_other_runs(small):
    other = _small(seed=8)
    assert not other.runs["seed"].isin(small.runs["seed"]).any()
    assert not np.allclose(other.runs["trust"], small.runs["trust"])


# --- the tables -------------------------------------------------------------------------


def test_runs_table_is_tidy(small):
    runs = small.runs
    assert list(runs.columns[:3]) == ["scenario", "replication", "seed"]
    assert set(ALL_OUTCOMES) <= set(runs.columns)
    assert len(runs) == 2 * 3
    assert list(runs["scenario"]) == ["restricted"] * 3 + ["open"] * 3
    # The final-week values are the last row of each run's time series.
    ts = small.timeseries
    last = ts[(ts["scenario"] == "open") & (ts["replication"] == 1) & (ts["step"] == STEPS)]
    row = runs[(runs["scenario"] == "open") & (runs["replication"] == 1)]
    assert last["trust"].item() == row["trust"].item()


def test_timeseries_has_every_week_of_every_run(small):
    ts = small.timeseries
    assert len(ts) == 2 * 3 * (STEPS + 1)
    assert list(ts.columns[:4]) == ["scenario", "replication", "seed", "step"]


def test_differences_table_has_every_contract_outcome(small):
    d = small.differences
    assert list(d["outcome"]) == list(OUTCOMES)
    assert (d["scenario_a"] == "restricted").all() and (d["scenario_b"] == "open").all()
    assert set(d["verdict"]) <= {"better", "worse", "unclear", "undefined"}
    ok = d[d["verdict"] != "undefined"]
    assert (ok["ci_low"] <= ok["diff"]).all() and (ok["diff"] <= ok["ci_high"]).all()
    plain = d[~d["outcome"].isin(TOWARDS_ZERO)]
    assert list(plain["better"]) == [BETTER[o] for o in plain["outcome"]]
    gaps = d[d["outcome"].isin(TOWARDS_ZERO)]  # turned towards zero from a's side
    assert (gaps["better"] == np.where(gaps["mean_a"] < 0, 1, -1)).all()
    assert d["target_half_width"].isna().all()
    assert small.precision is None


def test_differences_agree_with_the_runs_table(small):
    runs = small.runs.set_index(["scenario", "replication"])
    row = small.differences.set_index("outcome").loc["trust"]
    d = runs.loc["open", "trust"] - runs.loc["restricted", "trust"]
    assert row["diff"] == pytest.approx(d.mean())
    assert row["mean_a"] == pytest.approx(runs.loc["restricted", "trust"].mean())


def test_trajectory_summary_brackets_the_mean(small):
    tr = small.trajectories
    assert set(tr.columns) == {"scenario", "step", "outcome", "mean", "low", "high", "n"}
    assert len(tr) == 2 * (STEPS + 1) * len(ALL_OUTCOMES)
    ok = tr.dropna()
    assert (ok["low"] <= ok["mean"] + 1e-12).all() and (ok["mean"] <= ok["high"] + 1e-12).all()
    assert ok["n"].between(1, 3).all()


def test_trajectory_summary_on_known_numbers():
    ts = pd.DataFrame(
        {
            "scenario": ["x"] * 6,
            "replication": [0, 0, 1, 1, 2, 2],
            "seed": [1, 1, 2, 2, 3, 3],
            "step": [0, 1] * 3,
            "trust": [0.1, 0.2, 0.3, 0.4, 0.5, np.nan],
        }
    )
    tr = trajectory_summary(ts, band=0.5).set_index("step")
    assert tr.loc[0, "mean"] == pytest.approx(0.3)
    assert tr.loc[0, "low"] == pytest.approx(0.2)  # 25th percentile of 0.1, 0.3, 0.5
    assert tr.loc[0, "high"] == pytest.approx(0.4)
    assert tr.loc[1, "mean"] == pytest.approx(0.3) and tr.loc[1, "n"] == 2


def test_three_scenarios_are_each_compared_with_the_first():
    base = default_scenario()
    scenarios = [
        base.with_overrides({"freedom_of_movement": f}, name=n)
        for n, f in (("low", 0.1), ("mid", 0.5), ("high", 0.9))
    ]
    c = compare(scenarios, replications=2, workers=1, steps=10, overrides=SMALL)
    d = c.differences
    assert list(dict.fromkeys(d["scenario_b"])) == ["mid", "high"]
    assert (d["scenario_a"] == "low").all()
    assert len(d) == 2 * len(OUTCOMES)
    assert "files" not in c.provenance["scenarios"][0]  # given as objects, not files


# --- verdicts on synthetic data ---------------------------------------------------------


def _synthetic_runs(shift: dict[str, float], n: int = 6, noise: float = 0.01) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for i in range(n):
        base = {o: 0.5 + rng.normal(0, 0.1) for o in ALL_OUTCOMES}
        for name in ("a", "b"):
            row = {"scenario": name, "replication": i, "seed": i}
            for o in ALL_OUTCOMES:
                row[o] = base[o] + (shift.get(o, 0.0) if name == "b" else 0.0)
                row[o] += rng.normal(0, noise)
            rows.append(row)
    return pd.DataFrame(rows)


def test_verdict_follows_the_direction_that_is_better():
    runs = _synthetic_runs({"take_up": 0.2, "unmet_need": 0.2, "trust": -0.2})
    d = difference_table(runs, ["a", "b"]).set_index("outcome")
    assert d.loc["take_up", "verdict"] == "better"  # higher take-up is better
    assert d.loc["unmet_need", "verdict"] == "worse"  # more unmet need is worse
    assert d.loc["trust", "verdict"] == "worse"
    assert d.loc["take_up", "diff"] == pytest.approx(0.2, abs=0.02)


@pytest.mark.parametrize(
    ("a", "b", "verdict"),
    [
        (0.10, 0.05, "better"),  # the gap narrows
        (0.10, 0.20, "worse"),  # it widens
        (-0.10, -0.05, "better"),  # a reversed gap narrows: higher, and better
        (-0.10, -0.20, "worse"),  # a reversed gap widens: lower, yet worse
        (0.10, -0.30, "worse"),  # it flips past zero to a wider gap
        (0.10, -0.10, "unclear"),  # as wide, the other way
    ],
)
def test_a_gap_is_better_closer_to_zero_whatever_its_sign(a, b, verdict):
    runs = _synthetic_runs({}, noise=0.0)
    runs["trust_gap"] = np.where(runs["scenario"] == "a", a, b)
    runs["trust_gap"] += np.random.default_rng(1).normal(0, 0.005, len(runs))
    d = difference_table(runs, ["a", "b"]).set_index("outcome")
    assert d.loc["trust_gap", "verdict"] == verdict
    assert d.loc["trust_gap", "diff"] == pytest.approx(b - a, abs=0.01)  # shown as is
    # The forest plot's direction points from a's gap towards zero.
    assert d.loc["trust_gap", "better"] == (1 if a < 0 else -1)


def test_pairs_are_matched_by_replication_not_by_row_order():
    runs = _synthetic_runs({"take_up": 0.1})
    shuffled = runs.sample(frac=1.0, random_state=5)
    pd.testing.assert_frame_equal(
        difference_table(runs, ["a", "b"]), difference_table(shuffled, ["a", "b"])
    )


def test_outcome_undefined_in_most_runs_is_marked_not_dropped():
    runs = _synthetic_runs({})
    runs.loc[runs["replication"] > 0, "time_to_help"] = np.nan
    d = difference_table(runs, ["a", "b"]).set_index("outcome")
    assert d.loc["time_to_help", "verdict"] == "undefined"
    assert d.loc["time_to_help", "n"] == 1
    assert math.isnan(d.loc["time_to_help", "diff"])
    assert len(d) == len(OUTCOMES)


def test_difference_table_rejects_unknown_scenarios():
    with pytest.raises(UsageError, match="appear in the runs"):
        difference_table(_synthetic_runs({}), ["a", "zz"])


# --- precision --------------------------------------------------------------------------


def test_precision_targets():
    p = Precision(standardised=0.5, absolute={"take_up": 0.01})
    assert p.target("take_up", spread=3.0) == 0.01
    assert p.target("trust", spread=0.2) == pytest.approx(0.1)
    only = Precision(absolute={"take_up": 0.01})
    assert only.target("trust", spread=0.2) is None
    runs = _synthetic_runs({})
    d = difference_table(runs, ["a", "b"], precision=only).set_index("outcome")
    assert d.loc["take_up", "target_half_width"] == 0.01
    assert d["target_half_width"].notna().sum() == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"standardised": 0.0}, "allowed: a number > 0"),
        ({"standardised": math.nan}, "allowed: a number > 0"),
        ({"absolute": {"take_up": -1.0}}, "allowed: a number > 0"),
        ({"absolute": {"no_such": 0.1}}, "unknown outcome 'no_such'"),
        ({}, "no target"),
    ],
)
def test_bad_precision_targets(kwargs, message):
    with pytest.raises(UsageError, match=message):
        Precision(**kwargs)


def test_a_loose_target_is_met_by_the_first_batch():
    c = _small(replications=2, precision=1e6, max_replications=6)
    assert c.precision.met and c.precision.rounds == 1 and not c.precision.capped
    assert c.replications == 2


def test_a_target_out_of_reach_stops_at_the_cap():
    c = _small(replications=2, precision={"trust": 1e-9}, max_replications=4)
    status = c.precision
    assert not status.met and status.capped
    assert status.unmet == ("open: trust",)
    assert c.replications == 4 and status.rounds == 2  # 2, then doubled to the cap
    assert len(c.runs) == 2 * 4
    # Replications added later keep their own seeds: the first batch is unchanged.
    first = _small(replications=2)
    pd.testing.assert_frame_equal(
        c.runs[c.runs["replication"] < 2].reset_index(drop=True),
        first.runs.reset_index(drop=True),
    )


# --- provenance and files ---------------------------------------------------------------


def test_provenance_names_versions_files_and_seeds(small):
    prov = small.provenance
    assert prov["bpsim_version"]
    files = prov["scenarios"][0]["files"]
    assert files[0]["path"].endswith("restricted.toml")
    with open(FILES[0], "rb") as fh:
        assert files[0]["sha256"] == hashlib.sha256(fh.read()).hexdigest()
    assert files[1]["path"].endswith("baseline.toml")  # the base chain is hashed too
    assert prov["seeds"] == list(small.seeds)
    assert prov["base_seed"] == 7 and prov["steps"] == STEPS
    assert prov["overrides"] == SMALL
    assert prov["scenarios"][1]["parameters"]["freedom_of_movement"] == 0.9


def test_write_puts_tidy_data_on_disk(small, tmp_path):
    files = {p.name for p in small.write(tmp_path)}
    assert {"replications.parquet", "replications.csv", "differences.csv",
            "timeseries.parquet", "provenance.json"} <= files  # fmt: skip
    back = pd.read_parquet(tmp_path / "replications.parquet")
    pd.testing.assert_frame_equal(back, small.runs)
    csv = pd.read_csv(tmp_path / "replications.csv")
    assert list(csv.columns[:3]) == ["scenario", "replication", "seed"]
    assert list(csv["seed"]) == list(small.runs["seed"])


def test_a_written_comparison_reads_back_as_it_was(tmp_path):
    c = _small(replications=2, precision={"trust": 1e-9}, max_replications=3)
    c.write(tmp_path)
    back = load_comparison(tmp_path)
    pd.testing.assert_frame_equal(back.runs, c.runs)
    pd.testing.assert_frame_equal(back.timeseries, c.timeseries)
    pd.testing.assert_frame_equal(back.trajectories, c.trajectories)
    pd.testing.assert_frame_equal(
        back.differences, c.differences, check_dtype=False, check_exact=False, rtol=1e-12
    )
    assert [s.params for s in back.scenarios] == [s.params for s in c.scenarios]
    assert back.names == c.names and back.seeds == c.seeds
    assert (back.steps, back.confidence, back.replications) == (STEPS, 0.95, 3)
    assert back.precision == c.precision


def test_loading_a_folder_without_a_comparison_is_a_clear_error(tmp_path):
    with pytest.raises(UsageError, match="has no provenance.json"):
        load_comparison(tmp_path)
    c = _small(replications=2)
    c.write(tmp_path)
    (tmp_path / "timeseries.parquet").unlink()
    with pytest.raises(UsageError, match="has no timeseries.parquet"):
        load_comparison(tmp_path)
    c.write(tmp_path)
    (tmp_path / "provenance.json").write_text("{}")
    with pytest.raises(UsageError, match="does not hold a readable comparison"):
        load_comparison(tmp_path)


# --- bad input and Ctrl-C ---------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"replications": 1}, UsageError, "replications: value 1"),
        ({"replications": 2.5}, UsageError, "replications"),
        ({"seed": -1}, UsageError, "seed"),
        ({"workers": 0}, UsageError, "workers"),
        ({"confidence": 1.2}, UsageError, "confidence"),
        ({"steps": 0}, ScenarioError, "steps"),
        ({"overrides": {"rule_burden": 3}}, ScenarioError, "rule_burden"),
        ({"scenarios": [FILES[0]]}, UsageError, "two or more"),
        ({"scenarios": FILES[0]}, UsageError, "not a single one"),
        ({"scenarios": [FILES[0], "nope.toml"]}, ScenarioError, "does not exist"),
        ({"precision": 0.1, "max_replications": 2, "replications": 3}, UsageError,
         "max_replications"),
    ],
)  # fmt: skip
def test_bad_arguments_raise_clear_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        _small(**kwargs)


def test_scenarios_with_different_weeks_must_be_given_steps():
    base = default_scenario().with_overrides(SMALL)
    short = base.with_overrides({"steps": 5}, name="short")
    long = base.with_overrides({"steps": 6}, name="long")
    with pytest.raises(UsageError, match="different numbers of weeks"):
        compare([short, long], replications=2, workers=1)


# With 2 workers a process pool starts (slow tier); in-process cancelling stays in the fast tier.
@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_ctrl_c_cancels_pending_runs(workers):
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done >= 1:
            raise KeyboardInterrupt

    started = time.perf_counter()
    with pytest.raises(Interrupted) as info:
        _small(replications=20, workers=workers, progress=progress)
    assert isinstance(info.value, KeyboardInterrupt)
    assert info.value.total == 40 and 1 <= info.value.done < 40
    # Pending runs were cancelled, not run: 40 runs would take far longer.
    assert time.perf_counter() - started < 20
    deadline = time.time() + 10
    while multiprocessing.active_children() and time.time() < deadline:
        time.sleep(0.1)
    assert not multiprocessing.active_children()


@settings(max_examples=60, deadline=None)
@given(
    runs=st.integers(1, 12),
    weeks=st.integers(1, 9),
    outcomes=st.integers(1, 4),
    missing=st.sampled_from([0.0, 0.1, 0.5, 1.0]),
    seed=st.integers(0, 2**32 - 1),
)
def test_band_is_numpys_nanquantile_to_the_bit(runs, weeks, outcomes, missing, seed):
    rng = np.random.default_rng(seed)
    cube = rng.normal(size=(runs, weeks, outcomes))
    cube[rng.random(cube.shape) < missing] = np.nan
    cube[:, 0, 0] = np.nan  # a week undefined in every run, as rates are early on
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = np.nanquantile(cube, [0.1, 0.9], axis=0)
    low, high = _band(cube, 0.1)
    assert np.array_equal(low, expected[0], equal_nan=True)
    assert np.array_equal(high, expected[1], equal_nan=True)
