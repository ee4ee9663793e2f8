"""Designs: grid size and order, LHS/Sobol/Morris shapes and bounds, rounding, seeds, run ids."""

from pathlib import Path

import numpy as np
import pytest

from bpsim.core.seeds import replication_seed
from bpsim.experiment.design import RAW_PREFIX, make_plan, run_id, shard_of
from bpsim.experiment.spec import load_experiment

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "baseline.toml"


def experiment(tmp_path, factors, design="", replications=3, base_seed=11, extra=""):
    text = f"""
scenario = "{BASELINE}"
replications = {replications}
base_seed = {base_seed}
steps = 10
{extra}
[overrides]
n_households = 100
workers_per_1000 = 40
{design}
[factors]
{factors}
"""
    path = tmp_path / f"e{abs(hash(text))}.toml"
    path.write_text(text)
    return load_experiment(path)


GRID = "rule_burden = [0.0, 0.5, 1.0]\nfreedom_of_movement = [0.1, 0.9]\nn_agencies = [4, 5]"


def test_grid_is_the_full_product_in_order(tmp_path):
    plan = make_plan(experiment(tmp_path, GRID))
    assert len(plan.points) == 3 * 2 * 2
    assert plan.points[0] == {"rule_burden": 0.0, "freedom_of_movement": 0.1, "n_agencies": 4}
    assert plan.points[1] == {"rule_burden": 0.0, "freedom_of_movement": 0.1, "n_agencies": 5}
    assert {tuple(p.values()) for p in plan.points} == {
        (r, f, a) for r in (0.0, 0.5, 1.0) for f in (0.1, 0.9) for a in (4, 5)
    }
    assert all(type(p["n_agencies"]) is int for p in plan.points)
    assert len(plan.design) == 12 * 3
    # Replication-major: all points of replication 0 come first.
    assert list(plan.design["replication"][:12]) == [0] * 12


RANGES = """rule_burden = { low = 0.2, high = 0.6 }
freedom_of_movement = { low = 0.0, high = 1.0 }
n_agencies = { low = 4, high = 8 }"""


def test_latin_hypercube_shape_bounds_and_strata(tmp_path):
    n = 40
    exp = experiment(tmp_path, RANGES, f'[design]\nkind = "lhs"\nsamples = {n}')
    plan = make_plan(exp)
    assert plan.raw.shape == (n, 3)
    rb = np.array([p["rule_burden"] for p in plan.points])
    assert rb.min() >= 0.2 and rb.max() <= 0.6
    # One sample in each of the n equal strata of every (continuous) factor.
    for col, (lo, hi) in ((0, (0.2, 0.6)), (1, (0.0, 1.0))):
        strata = np.floor((plan.raw[:, col] - lo) / (hi - lo) * n).astype(int)
        assert sorted(strata) == list(range(n))


def test_integer_factors_are_rounded_and_cover_their_range(tmp_path):
    exp = experiment(tmp_path, RANGES, '[design]\nkind = "lhs"\nsamples = 500')
    plan = make_plan(exp)
    agencies = [p["n_agencies"] for p in plan.points]
    assert all(type(a) is int for a in agencies)
    counts = np.bincount(agencies)[4:]
    assert len(counts) == 5
    # Sampled over [3.5, 8.5] and rounded: the ends are as likely as the middle.
    assert counts.min() >= 0.8 * 100 and counts.max() <= 1.2 * 100
    # The design table keeps the unrounded sample for SALib.
    raw = plan.design[RAW_PREFIX + "n_agencies"]
    assert raw.min() >= 3.5 and raw.max() <= 8.5


@pytest.mark.parametrize(("second", "per"), [(False, 3 + 2), (True, 2 * 3 + 2)])
def test_sobol_shape_and_bounds(tmp_path, second, per):
    design = f'[design]\nkind = "sobol"\nsamples = 16\nsecond_order = {str(second).lower()}'
    exp = experiment(tmp_path, RANGES, design)
    plan = make_plan(exp)
    assert len(plan.points) == 16 * per == exp.points_count()
    fm = np.array([p["freedom_of_movement"] for p in plan.points])
    assert fm.min() >= 0.0 and fm.max() <= 1.0
    assert len(plan.design) == exp.runs_count()


def test_morris_trajectories_move_one_factor_a_level_at_a_time(tmp_path):
    design = '[design]\nkind = "morris"\nsamples = 6\nlevels = 4'
    factors = RANGES.replace(
        "n_agencies = { low = 4, high = 8 }", "scouting = { low = 0, high = 1 }"
    )
    plan = make_plan(experiment(tmp_path, factors, design))
    raw = plan.raw
    assert raw.shape == (6 * 4, 3)
    bounds = np.array([[0.2, 0.6], [0.0, 1.0], [0.0, 1.0]])
    unit = (raw - bounds[:, 0]) / (bounds[:, 1] - bounds[:, 0])
    assert np.allclose(unit * 3, np.round(unit * 3))  # on the 4-level grid
    for t in range(6):
        traj = raw[t * 4 : (t + 1) * 4]
        moved = (np.abs(np.diff(traj, axis=0)) > 1e-12).sum(axis=1)
        assert list(moved) == [1, 1, 1]


def test_sampled_designs_are_reproducible_and_seeded(tmp_path):
    design = '[design]\nkind = "lhs"\nsamples = 10'
    a = make_plan(experiment(tmp_path, RANGES, design))
    b = make_plan(experiment(tmp_path, RANGES, design))
    assert np.array_equal(a.raw, b.raw)
    c = make_plan(experiment(tmp_path, RANGES, design + "\nseed = 99"))
    assert not np.array_equal(a.raw, c.raw)


def test_seeds_are_common_random_numbers(tmp_path):
    plan = make_plan(experiment(tmp_path, GRID, replications=4, base_seed=5))
    d = plan.design
    assert plan.seeds == [replication_seed(5, i) for i in range(4)]
    # Replication i has one seed at every design point; replications differ.
    per_rep = d.groupby("replication")["seed"].nunique()
    assert (per_rep == 1).all()
    assert d.groupby("replication")["seed"].first().nunique() == 4
    other = make_plan(experiment(tmp_path, GRID, replications=4, base_seed=6))
    assert set(other.seeds).isdisjoint(plan.seeds)


def test_run_ids_are_stable_and_derived_from_parameters(tmp_path):
    exp = experiment(tmp_path, GRID)
    plan = make_plan(exp)
    again = make_plan(experiment(tmp_path, GRID))
    assert list(plan.design["run_id"]) == list(again.design["run_id"])
    assert plan.sha256 == again.sha256
    assert plan.design["run_id"].is_unique
    task = plan.task(plan.run_ids[7])
    assert run_id(task.params, task.replication, task.seed) == task.run_id
    # The same runs from a file listing the factors in another order keep their ids.
    swapped = "n_agencies = [4, 5]\nfreedom_of_movement = [0.1, 0.9]\nrule_burden = [0.0, 0.5, 1.0]"
    assert set(make_plan(experiment(tmp_path, swapped)).run_ids) == set(plan.run_ids)
    # ...while another seed or another fixed parameter gives other ids.
    assert set(make_plan(experiment(tmp_path, GRID, base_seed=12)).run_ids).isdisjoint(plan.run_ids)
    more = experiment(tmp_path, GRID, extra="").scenarios[0].with_overrides({"scouting": 0.5})
    params = {**more.params, **plan.points[0]}
    assert run_id(params, 0, plan.seeds[0]) not in plan.run_ids


def test_identical_runs_share_an_id(tmp_path):
    twin = tmp_path / "twin.toml"
    twin.write_text(f'base = "{BASELINE}"\nname = "twin"\n')
    text = f"""
scenarios = ["{BASELINE}", "{twin}"]
replications = 2
[factors]
rule_burden = [0.2, 0.8]
"""
    path = tmp_path / "two.toml"
    path.write_text(text)
    plan = make_plan(load_experiment(path))
    assert len(plan.design) == 2 * 2 * 2
    assert len(plan.run_ids) == 4  # the twin scenario has the same parameters


def test_shards_partition_the_runs(tmp_path):
    plan = make_plan(experiment(tmp_path, GRID, replications=10))
    shards = [plan.shard(i, 3) for i in (1, 2, 3)]
    flat = [r for s in shards for r in s]
    assert sorted(flat) == sorted(plan.run_ids)
    assert len(set(flat)) == len(flat)
    assert all(30 <= len(s) <= 50 for s in shards)  # 120 runs, uniform hashes
    assert all(shard_of(r, 3) == 2 for r in shards[1])


def test_inconsistent_combinations_are_found_before_running(tmp_path):
    factors = "procedure_steps_min = [2, 6]\nprocedure_steps_max = [4, 8]"
    plan = make_plan(experiment(tmp_path, factors))
    bad = plan.invalid_points()
    assert len(bad) == 1
    _, point, message = bad[0]
    assert plan.points[point] == {"procedure_steps_min": 6, "procedure_steps_max": 4}
    assert "procedure_steps_max" in message
