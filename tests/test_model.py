"""The model as a whole: contract, determinism, bookkeeping, Mesa idiom."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import bpsim
from bpsim.core.agents import (
    Agency,
    BridgeBuilder,
    EverydayDoer,
    FrontlineBestPerson,
    Household,
    Neighbourhood,
    SocialEntrepreneur,
    Staffing,
    Worker,
)
from bpsim.core.model import BLOCK_SIDE, NeighbourhoodModel, informal_caseload
from bpsim.core.outcomes import OUTCOMES, Measured
from bpsim.core.scenario import ScenarioError, population
from bpsim.core.state import INFORMAL, NO_HELPER

CONTRACT_OUTCOMES = [
    "take_up", "take_up_low_capacity", "unmet_need", "time_to_help", "trust", "trust_gap",
    "collective_efficacy", "bonding_ties", "bridging_ties", "linking_ties", "worker_burnout",
    "worker_turnover", "best_person_retention", "agencies_per_household",
    "hours_per_solved_problem", "wellbeing",
    # The costs of discretion and of rules.
    "needs_resolved", "solved_by_best_persons", "wrongful_grants", "treatment_gap", "incidents",
    "effective_rule_burden",
]  # fmt: skip


def _members(protocol: type) -> set[str]:
    return {name for name in vars(protocol) if not name.startswith("_")}


def test_the_model_has_everything_its_parts_name_of_it(small):
    # The agents, the workforce and the outcomes name what they read of the model as
    # Protocols; mypy checks the types (bpsim.core.api), this that a model in its week has
    # each of them (the case shares are set by the step, before the agencies read them).
    model = NeighbourhoodModel(rng=1, **small)
    model.step()
    assert {"residents", "cell_of", "best_person_exits"} <= _members(Neighbourhood)
    for protocol, offered in [
        (Neighbourhood, model),
        (Measured, model),
        (Staffing, model.workforce),
    ]:
        missing = {name for name in _members(protocol) if not hasattr(offered, name)}
        assert not missing, f"{protocol.__name__}: the model lacks {sorted(missing)}"


def test_contract_outcomes_are_collected_every_step(small):
    result = bpsim.run(overrides=small, seed=1)
    assert list(OUTCOMES) == CONTRACT_OUTCOMES
    ts = result.timeseries
    assert list(ts.columns[: len(CONTRACT_OUTCOMES)]) == CONTRACT_OUTCOMES
    assert len(ts) == small["steps"] + 1 and ts.index.name == "step"
    # Every outcome is defined once a year of events has passed.
    assert not ts.iloc[-1][CONTRACT_OUTCOMES].isna().any()


def test_outcome_collector_keeps_what_mesas_collect_keeps(small):
    """The collector's own path stores exactly what Mesa's deep-copying collect would."""
    from mesa import DataCollector

    ours = NeighbourhoodModel(rng=3, **{**small, "steps": 8})
    mesas = NeighbourhoodModel(rng=3, **{**small, "steps": 8})
    # Mesa's own collect on the same reporters (the path the collector skips).
    mesas.datacollector.collect = DataCollector.collect.__get__(mesas.datacollector)
    for _ in range(8):
        ours.step()
        mesas.step()
    pd.testing.assert_frame_equal(
        pd.DataFrame(ours.datacollector.model_vars),
        pd.DataFrame(mesas.datacollector.model_vars),
        check_exact=True,
    )
    assert len(ours.datacollector.model_vars["unmet_need"]) == 9


def test_outcome_collector_collects_added_reporters_mesas_way(small):
    """A reporter added to the outcomes (as a notebook user might) is collected too."""
    model = NeighbourhoodModel(rng=3, **small)
    model.datacollector._new_model_reporter("agencies", lambda m: len(m.agencies))
    model.step()
    model.step()
    assert model.datacollector.model_vars["agencies"] == [len(model.agencies)] * 2
    assert len(model.datacollector.model_vars["unmet_need"]) == 3


def test_same_seed_same_result_different_seed_different(small):
    a = bpsim.run(overrides=small, seed=7).timeseries
    b = bpsim.run(overrides=small, seed=7).timeseries
    c = bpsim.run(overrides=small, seed=8).timeseries
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def _digest(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(float_format="%.17g").encode()).hexdigest()


@pytest.mark.parametrize("agencies", [4, 12])
def test_agencies_in_one_call_act_as_one_by_one(small, monkeypatch, agencies):
    # The agencies' week is one compiled loop; each agency's own step, in creation order,
    # must give the same numbers (same stream, same order, the ledger's sums bit for bit),
    # with queues (few workers under heavy rules), posts left empty (turnover), an agency
    # with several domains (4 agencies) and domains with several owners (12).
    small.update(n_agencies=agencies, rule_burden=1.0, workers_per_1000=20.0, turnover_rate=0.05)
    one_call = Agency.act_together
    pressures: dict[str, list] = {"together": [], "alone": []}

    def together(model, agencies):
        one_call(model, agencies)
        pressures["together"].append([a.pressure for a in agencies])

    def one_by_one(model, agencies):
        for agency in agencies:
            agency.step()
        pressures["alone"].append([a.pressure for a in agencies])

    monkeypatch.setattr(Agency, "act_together", staticmethod(together))
    monkeypatch.setattr(Agency, "step", lambda self: one_call(self.model, [self]))
    first = bpsim.run(overrides=small, seed=3).timeseries
    monkeypatch.setattr(Agency, "act_together", staticmethod(one_by_one))
    second = bpsim.run(overrides=small, seed=3).timeseries
    assert _digest(second) == _digest(first)
    assert pressures["alone"] == pressures["together"]
    assert max(max(week) for week in pressures["together"]) > 1


@pytest.mark.slow  # a second Python process imports bpsim afresh
def test_same_seed_same_result_in_another_process(small):
    here = _digest(bpsim.run(overrides=small, seed=11).timeseries)
    code = (
        "import bpsim, hashlib, sys; "
        f"f = bpsim.run(overrides={small!r}, seed=11).timeseries; "
        "sys.stdout.write(hashlib.sha256(f.to_csv(float_format='%.17g').encode()).hexdigest())"
    )
    there = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert here == there


def test_mesa_idiom(small):
    small.pop("steps")
    m = NeighbourhoodModel(rng=2, **small)
    assert len(m.agents_by_type[Household]) == small["n_households"]
    assert len(m.agents_by_type[Agency]) == 5
    counts = population(m.params.params)
    assert len(m.agents_by_type[Worker]) == counts["workers"] == 10
    kinds = {
        EverydayDoer: "everyday_doer",
        FrontlineBestPerson: "frontline_best_person",
        SocialEntrepreneur: "social_entrepreneur",
        BridgeBuilder: "bridge_builder",
    }
    for cls, key in kinds.items():
        assert len(m.agents_by_type[cls]) == counts[key] > 0
    # One household per lot; each sits in the grid cell of its street block.
    households = m.agents_by_type[Household]
    assert len({h.lot for h in households}) == small["n_households"]
    for h in households:
        x, y = h.lot
        assert h.cell.coordinate == (x // BLOCK_SIDE, y // BLOCK_SIDE)
    assert m.grid.dimensions[0] == -(-m.lots_per_side // BLOCK_SIDE)
    assert all(a.cell is m.cell_at(*a.lot) for a in m.agents_by_type[Agency])
    assert all(b.cell is m.cell_at(*b.lot) for b in m.best_persons)
    h = m.agents_by_type[Household].to_list()[0]
    assert 0 <= h.trust <= 1 and set(h.problems) == set(bpsim.core.scenario.DOMAINS)
    m.step()
    assert m.steps == 1
    assert len(m.datacollector.model_vars["take_up"]) == 2


def test_keyword_parameters_are_validated_like_files():
    with pytest.raises(ScenarioError, match="rule_burden"):
        NeighbourhoodModel(rng=1, rule_burden=3)
    m = NeighbourhoodModel(rng=1, n_households=100, rule_burden=0.2)
    assert m.params["rule_burden"] == 0.2


def test_rebuilt_as_mesa_solaraviz_does_on_reset():
    m = NeighbourhoodModel(rng=4, n_households=100, rule_burden=0.3)
    again = type(m)(scenario=m.scenario, n_households=100, rule_burden=0.3)
    assert again.params["rule_burden"] == 0.3
    assert again.residents.trust.tolist() == m.residents.trust.tolist()


def test_bookkeeping_adds_up(small):
    small.pop("steps")
    m = NeighbourhoodModel(
        rng=5, rule_burden=1.0, freedom_of_movement=0.0, turnover_rate=0.01, **small
    )
    n_bp = len(m.best_persons)
    for _ in range(80):
        m.step()
        # Workers: hired = employed + left (+ found by scouting, none here).
        wf = m.workforce
        assert wf.hired == len(wf) + wf.left + wf.promoted
        assert len(wf) + len(wf.vacancies) == population(m.params.params)["workers"]
        assert len(m.best_persons) <= m.best_persons_ever == n_bp
        assert len(m.agents_by_type[Household]) == small["n_households"]
    assert m.workforce.left > 0


def test_scouting_recruits_latent_best_persons(small):
    small.pop("steps")
    found = []
    for scouting in (0.0, 1.0):
        m = NeighbourhoodModel(rng=4, scouting=scouting, latent_share=0.1, effort_hours=20, **small)
        ever = m.best_persons_ever
        for _ in range(60):
            m.step()
        found.append(m.best_persons_found)
        assert m.best_persons_ever == ever + m.best_persons_found
    assert found[0] == 0 < found[1]


def test_run_rejects_bad_seed_and_steps():
    with pytest.raises(ScenarioError, match="seed"):
        bpsim.run(seed=-1, steps=1)
    with pytest.raises(ScenarioError, match="steps"):
        bpsim.run(seed=0, steps=-3)


def test_run_accepts_path_mapping_and_scenario(repo):
    r1 = bpsim.run(repo / "scenarios/open.toml", seed=0, steps=2, overrides={"n_households": 100})
    r2 = bpsim.run({"freedom_of_movement": 0.9, "n_households": 100}, seed=0, steps=2)
    assert r1.scenario["freedom_of_movement"] == r2.scenario["freedom_of_movement"] == 0.9
    np.testing.assert_allclose(r1.timeseries.to_numpy(), r2.timeseries.to_numpy())


def test_mesas_own_scenario_is_mesas_and_gives_the_seed():
    from mesa.experimental.scenarios import Scenario as MesaScenario

    small = {"n_households": 200, "steps": 10}
    ours = NeighbourhoodModel(rng=5, **small)
    theirs = NeighbourhoodModel(scenario=MesaScenario(rng=5), **small)
    for _ in range(10):
        ours.step()
        theirs.step()
    assert theirs.outcomes == ours.outcomes
    assert isinstance(theirs.scenario, MesaScenario)
    # Mesa's SolaraViz rebuilds a model from its keyword parameters.
    again = type(theirs)(scenario=MesaScenario(rng=5), **small)
    assert again.params.params == theirs.params.params
    with pytest.raises(TypeError, match="first argument"):
        NeighbourhoodModel(scenario=theirs.params)


def test_the_informal_caseload_counts_each_slots_cases_as_bincount_would():
    gen = np.random.default_rng(4)
    status = gen.integers(0, 6, size=(300, 5)).astype(np.int8)
    helper = np.where(status == INFORMAL, gen.integers(0, 7, size=status.shape), NO_HELPER)
    helper = helper.astype(np.int32)
    want = np.bincount(helper[status == INFORMAL], minlength=9)
    assert np.array_equal(informal_caseload(status, helper, 9), want)
    # An informal case without a helper is a broken invariant, refused (as bincount does).
    helper[status == INFORMAL] = NO_HELPER
    with pytest.raises(ValueError, match="without a best person"):
        informal_caseload(status, helper, 9)
