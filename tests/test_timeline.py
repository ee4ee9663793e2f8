"""Timelines, events and proactive outreach: the model's side and bad input."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bpsim.cli import main
from bpsim.core.agents import EverydayDoer
from bpsim.core.mechanisms import discretion, outreach
from bpsim.core.model import NeighbourhoodModel
from bpsim.core.scenario import LEVERS, Scenario, ScenarioError, load_scenario
from bpsim.core.state import APPLYING, INFORMAL, OPEN
from tests.conftest import SMALL


def _scenario(timeline=(), events=(), **extra) -> Scenario:
    return Scenario.from_mapping({**SMALL, **extra}, timeline=timeline, events=events)


def _series(sc: Scenario, steps: int, seed: int = 5) -> pd.DataFrame:
    m = NeighbourhoodModel(sc, rng=seed)
    for _ in range(steps):
        m.step()
    return m.datacollector.get_model_vars_dataframe()


def test_timeline_changes_exactly_the_levers_at_exactly_the_weeks():
    sc = _scenario(
        [
            {"week": 4, "freedom_of_movement": 0.9, "rule_burden": 0.2},
            {"week": 7, "outreach": 0.5},
        ]
    )
    m = NeighbourhoodModel(sc, rng=1)
    start = {k: getattr(m.p, k) for k in LEVERS}
    seen = []
    for _ in range(9):
        m.step()
        assert m.ctx.p is m.p  # every mechanism reads the same values
        seen.append(({k: getattr(m.p, k) for k in LEVERS}, m.rules.base, m.ctx.week))
    for levers, base, week in seen:
        expected = dict(start)
        if week >= 4:
            expected.update(freedom_of_movement=0.9, rule_burden=0.2)
        if week >= 7:
            expected["outreach"] = 0.5
        assert levers == expected, week
        assert base == expected["rule_burden"], week
        assert sc.levers_at(week) == expected
    # Non-lever parameters are untouched.
    assert m.p.seek_rate == sc["seek_rate"]


def test_before_a_change_or_event_the_run_is_bit_identical():
    plain = _series(_scenario(), 12)
    changed = _series(_scenario([{"week": 8, "freedom_of_movement": 0.95}]), 12)
    leaving = _series(_scenario(events=[{"week": 8, "remove_best_persons": "all"}]), 12)
    pd.testing.assert_frame_equal(plain.iloc[:8], changed.iloc[:8])
    pd.testing.assert_frame_equal(plain.iloc[:8], leaving.iloc[:8])
    assert not plain.iloc[8:].equals(leaving.iloc[8:])


def test_a_change_to_the_same_values_and_outreach_at_zero_change_nothing():
    # No extra random draws: a timeline that sets the levers they already have, and
    # outreach explicitly off, give the very same run.
    plain = _series(_scenario(), 10)
    same = _series(
        _scenario([{"week": 3, "rule_burden": 0.6, "outreach": 0.0, "outreach_assistance": 0.0}]),
        10,
    )
    pd.testing.assert_frame_equal(plain, same)


def test_removing_best_persons_drops_their_cases_back_to_open():
    m = NeighbourhoodModel(_scenario(), rng=2)
    for _ in range(15):
        m.step()
    res = m.residents
    doers = [b for b in m.best_persons if isinstance(b, EverydayDoer)]
    first = min(doers, key=lambda b: b.unique_id)
    slot = first.slot
    assert m.remove_best_persons("everyday_doer", 1) == 1
    assert first not in m.best_persons
    assert not ((res.helper == slot) & (res.status == INFORMAL)).any()
    assert sum(isinstance(b, EverydayDoer) for b in m.best_persons) == len(doers) - 1
    m.remove_best_persons("all", None)
    assert len(m.best_persons) == 0
    assert not (res.status == INFORMAL).any()


def test_events_remove_at_the_start_of_their_week():
    sc = _scenario(events=[{"week": 6, "remove_best_persons": "bridge_builder", "number": 1}])
    m = NeighbourhoodModel(sc, rng=3)
    counts = []
    for _ in range(8):
        before = len(m.best_persons)
        m.step()
        counts.append((m.ctx.week, before, len(m.best_persons)))
    for week, before, after in counts:
        # Best persons may also leave by their own energy; the event takes exactly one more.
        if week == 6:
            assert after <= before - 1
        else:
            assert after <= before


def test_outreach_reaches_only_entitled_households_not_applying_and_costs_hours():
    sc = _scenario(outreach=1.0, outreach_assistance=0.5)
    m = NeighbourhoodModel(sc, rng=4)
    original = m.outreach.contact
    checked = {"weeks": 0, "problems": 0}
    booked: list[tuple[float, float]] = []

    def spy(ctx, *, rng, n_agencies):
        status, entitled = ctx.res.status.copy(), ctx.res.entitled.copy()
        support = ctx.res.support.copy()
        original(ctx, rng=rng, n_agencies=n_agencies)
        if m.outreach.last is None:
            return
        rows, cols, helped = m.outreach.last
        assert (status[rows, cols] == OPEN).all()
        assert entitled[rows, cols].all()
        assert not (status[rows, cols] == APPLYING).any()
        # Assistance is support at the steps; information alone leaves support as it was.
        assert (ctx.res.support[rows[helped], cols[helped]] >= outreach.ASSIST_SUPPORT).all()
        same = ~helped
        np.testing.assert_array_equal(
            ctx.res.support[rows[same], cols[same]], support[rows[same], cols[same]]
        )
        checked["weeks"] += 1
        checked["problems"] += rows.size

    m.outreach.contact = spy
    # The agencies' week is one compiled call (`discretion.decide_queues`): what each agency
    # spends on effort (scouting, training, outreach) is its `effort`, booked as hours first,
    # in full where its staff's hours reach.
    kernel = discretion.decide_queues
    signature = inspect.signature(kernel.py_func)
    seen: list[dict] = []

    def kernel_spy(*args):
        given = signature.bind(*args).arguments
        before = float(given["booked"][0])
        out = kernel(*args)
        staff = np.repeat(np.arange(given["staff_counts"].size), given["staff_counts"])
        hours = np.bincount(
            staff,
            given["staff_hours"] * (1.0 - 0.5 * given["burnout"]),
            minlength=given["staff_counts"].size,
        )
        effort = given["effort"]
        seen.append(
            {
                "effort": effort,
                "in_full": bool((hours >= effort).all()),
                "rise": float(given["booked"][0]) - before,
                "agencies": given["staff_counts"].size,
            }
        )
        return out

    discretion.decide_queues = kernel_spy
    try:
        for _ in range(10):
            m.step()
            booked.append((m.outreach.hours_per_agency, seen[-1]))
    finally:
        discretion.decide_queues = kernel
    assert checked["weeks"] >= 5 and checked["problems"] > 0
    assert m.outreach.contacts > 0 and 0 < m.outreach.assisted < m.outreach.contacts
    expected = (
        outreach.INFO_HOURS * m.outreach.contacts + outreach.ASSIST_HOURS * m.outreach.assisted
    )
    assert m.outreach.hours == pytest.approx(expected)
    assert any(per_agency > 0 for per_agency, _ in booked)
    for per_agency, week in booked:
        assert week["effort"] == pytest.approx(per_agency) and week["in_full"]
        assert week["agencies"] == len(m.agencies)
        # Booked in full by each agency, before its case management and decisions.
        assert week["rise"] >= per_agency * len(m.agencies) * (1 - 1e-12)


@pytest.mark.parametrize(
    ("timeline", "fragment"),
    [
        ([{"week": 5, "rule_burdn": 0.2}], "key 'rule_burdn' is not a lever (did you mean"),
        ([{"week": 5, "seek_rate": 0.2}], "key 'seek_rate' is not a lever"),
        ([{"week": 0, "rule_burden": 0.2}], "key 'week': value 0 is not allowed"),
        (
            [{"week": 41, "rule_burden": 0.2}],
            "a week of the run, a whole number from 1 to 40",
        ),
        ([{"week": 5.5, "rule_burden": 0.2}], "key 'week': value 5.5"),
        ([{"week": 9, "rule_burden": 0.2}, {"week": 9, "training": 1}], "does not come after"),
        ([{"week": 9, "rule_burden": 0.2}, {"week": 3, "training": 1}], "increasing order"),
        ([{"week": 5, "rule_burden": 3}], "parameter 'rule_burden': value 3.0 is out of range"),
        ([{"rule_burden": 0.2}], "key 'week' is missing"),
        ([{"week": 5}], "no lever is changed"),
        ("often", "key 'timeline'"),
    ],
)
def test_bad_timelines_are_refused(timeline, fragment):
    with pytest.raises(ScenarioError) as err:
        _scenario(timeline)
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("events", "fragment"),
    [
        ([{"week": 50, "remove_best_persons": "all"}], "allowed: a week of the run"),
        ([{"week": 5, "remove_best_persons": "saints"}], "allowed: all, everyday_doer"),
        ([{"week": 5, "number": 0}], "key 'number': value 0"),
        ([{"week": 5, "when": 1}], "unknown key 'when'"),
    ],
)
def test_bad_events_are_refused(events, fragment):
    with pytest.raises(ScenarioError, match=None) as err:
        _scenario(events=events)
    assert fragment in str(err.value)


def _bad_timeline_file(repo: Path, tmp_path: Path) -> Path:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        f'base = "{repo / "scenarios/baseline.toml"}"\n'
        "[[timeline]]\nweek = 30\nfreedom_of_movement = 0.9\n"
        "[[timeline]]\nweek = 20\nrule_burden = 0.1\n"
    )
    return bad


def test_bad_timeline_in_a_file_exits_2_with_one_line_in_process(repo, tmp_path, capsys):
    bad = _bad_timeline_file(repo, tmp_path)
    assert main(["run", str(bad), "--steps", "40", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "timeline entry 2: key 'week': value 20" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # the real entry point in a new process: its exit code and stderr
def test_bad_timeline_in_a_file_exits_2_with_one_line(repo, tmp_path):
    bad = _bad_timeline_file(repo, tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "bpsim", "run", str(bad), "--steps", "40"],
        cwd=repo, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "timeline entry 2: key 'week': value 20" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "name", ["lift_freedom", "outreach_information", "outreach_assisted", "best_persons_leave"]
)
def test_shipped_examples_load_with_their_changes(repo, name):
    sc = load_scenario(repo / f"scenarios/{name}.toml")
    assert sc.change_weeks()
    assert all(1 <= w <= sc["steps"] for w in sc.change_weeks())


def _experiment(tmp_path, repo, factors: str):
    from bpsim.experiment.spec import load_experiment

    scenario = tmp_path / "later.toml"
    scenario.write_text(
        f'base = "{repo / "scenarios/baseline.toml"}"\nname = "later"\n'
        "[[timeline]]\nweek = 6\nfreedom_of_movement = 0.9\n"
    )
    path = tmp_path / "exp.toml"
    path.write_text(
        f'name = "later"\nscenario = "{scenario}"\n'
        "replications = 1\nsteps = 12\n"
        "[overrides]\nn_households = 120\nworkers_per_1000 = 50\n"
        f"[factors]\n{factors}\n"
    )
    return load_experiment(path)


def test_a_sweep_factor_may_be_a_timeline_week_or_value(tmp_path, repo):
    from bpsim.experiment.design import Plan
    from bpsim.experiment.runner import execute_run

    exp = _experiment(
        tmp_path, repo, "'timeline.1.week' = [4, 9]\n'timeline.1.freedom_of_movement' = [0.7, 1.0]"
    )
    weeks, values = exp.factors
    assert weeks.integer and not values.integer and weeks.values == (4, 9)
    design = Plan(exp)
    tasks = list(design.tasks(design.shard(1, 1)))
    assert len(tasks) == 4 and len({t.run_id for t in tasks}) == 4
    seen = set()
    for task in tasks:
        from bpsim.core.scenario import from_flat

        sc = from_flat(task.params)
        (change,) = sc.timeline
        seen.add((change.week, change.levers["freedom_of_movement"]))
    assert seen == {(4, 0.7), (4, 1.0), (9, 0.7), (9, 1.0)}
    assert execute_run(tasks[0])["status"] == "ok"


@pytest.mark.parametrize(
    ("factors", "fragment"),
    [
        ("'timeline.2.week' = [4, 9]", "names no value of scenario 'later''s timeline"),
        ("'timeline.1.week' = [4, 40]", "a week of the run, a whole number from 1 to 12"),
        ("'timeline.1.freedom_of_movement' = [0.5, 2]", "out of range"),
    ],
)
def test_bad_timeline_factors_are_refused(tmp_path, repo, factors, fragment):
    from bpsim.experiment.spec import ExperimentError

    with pytest.raises(ExperimentError) as err:
        _experiment(tmp_path, repo, factors)
    assert fragment in str(err.value)


def test_flat_changes_round_trip():
    from bpsim.core.scenario import flat_changes, from_flat

    sc = _scenario(
        [{"week": 5, "training": 1.0}],
        [{"week": 9, "remove_best_persons": "bridge_builder", "number": 2}],
    )
    back = from_flat({**sc.params, **flat_changes(sc)})
    assert back.timeline == sc.timeline and back.events == sc.events
    assert flat_changes(_scenario()) == {}


def test_run_summary_names_the_changes_in_time(repo, tmp_path, capsys):
    from bpsim.cli import main

    code = main(
        ["run", str(repo / "scenarios/lift_freedom.toml"), "--steps", "3",
         "--set", "n_households=100", "--set", "workers_per_1000=50", "--out", str(tmp_path)]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "from week 53: freedom_of_movement = 0.9 (after the last week run)" in out
