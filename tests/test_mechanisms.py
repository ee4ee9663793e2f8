"""Unit tests, one or more per mechanism: each rule moves things the way its source says."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from bpsim.mechanisms import (
    burnout,
    cutting_through,
    discretion,
    energy,
    freedom,
    help_seeking,
    informal_help,
    initiatives,
    learning,
    needs,
    procedures,
    referrals,
    scouting,
    ties,
    training,
    trust,
)
from bpsim.model import NeighbourhoodModel
from bpsim.scenario import default_scenario
from bpsim.state import APPLYING, HELPED, NONE, OPEN, WAITING, Ledger


def params(**overrides):
    return SimpleNamespace(**default_scenario().with_overrides(overrides).params)


@pytest.fixture
def model(small):
    small.pop("steps")
    return NeighbourhoodModel(rng=3, **small)


def clear(res):
    res.status[:] = NONE
    res.severity[:] = 0.0
    res.support[:] = 0.0
    res.step[:] = 0
    res.coordinated[:] = False


def rng(seed=0):
    return np.random.default_rng(seed)


# --- needs -------------------------------------------------------------------------------
def test_problems_spill_over_into_other_domains(model):
    res = model.residents
    p = params(need_onset_rate=0.05, problem_spillover=2.0)
    clear(res)
    half = res.n // 2
    res.status[:half, 0] = OPEN  # the first half already has one problem
    res.severity[:half, 0] = 0.5
    before = (res.status[:, 1:] != NONE).copy()
    needs.arise(res, p, rng(0), 0)
    new = (res.status[:, 1:] != NONE) & ~before
    assert new[:half].mean() > 2 * new[half:].mean()


def test_stress_lowers_capacity_to_act(model):
    res = model.residents
    p = params(stress_capacity_effect=0.5)
    clear(res)
    res.status[:10, :3] = OPEN
    res.severity[:10, :3] = 1.0
    needs.update_stress(res, p)
    assert np.all(res.capacity[:10] < res.capacity0[:10])
    assert np.allclose(res.capacity[10:], res.capacity0[10:])
    assert np.all((res.stress >= 0) & (res.stress <= 1))


def test_helped_problems_resolve_faster_than_unhelped(model):
    res = model.residents
    p = params(help_resolution_rate=0.3, self_resolution_rate=0.01)
    clear(res)
    half = res.n // 2
    res.status[:half, 0] = HELPED
    res.status[half:, 0] = OPEN
    res.severity[:, 0] = 0.5
    needs.resolve(res, p, rng(1), Ledger())
    assert (res.status[:half, 0] == NONE).mean() > 5 * (res.status[half:, 0] == NONE).mean()


def test_entitled_problem_without_help_counts_as_not_taken_up(model):
    res = model.residents
    p = params(take_up_window=10)
    clear(res)
    res.status[:5, 0] = OPEN
    res.entitled[:5, 0] = True
    res.counted[:5, 0] = False
    res.onset[:5, 0] = 0
    led = Ledger()
    needs.time_out(res, p, 9, led)
    assert led.take_up_total.sum() == 0
    needs.time_out(res, p, 10, led)
    assert led.take_up_total.sum() == 5 and led.take_up_helped.sum() == 0
    needs.time_out(res, p, 11, led)  # counted once only
    assert led.take_up_total.sum() == 5


# --- help seeking ---------------------------------------------------------------------------
def test_trust_and_awareness_raise_help_seeking(model):
    res = model.residents
    p = params(seek_rate=0.5, personal_component=0.0)
    rates = []
    for level in (0.1, 0.9):
        clear(res)
        res.status[:, 0] = OPEN
        res.severity[:, 0] = 0.5
        res.trust[:] = level
        res.awareness[:] = level
        rows = help_seeking.seek(res, p, rng(2))
        rates.append(rows.size / res.n)
    assert rates[1] > 3 * rates[0]


def test_personal_contact_gives_support_and_a_linking_tie(model):
    res = model.residents
    p = params(personal_component=1.0)
    clear(res)
    links = res.linking.copy()
    rows = np.arange(10)
    cols = np.zeros(10, dtype=int)
    help_seeking.start(res, p, rng(), rows, cols)
    assert np.all(res.status[rows, 0] == APPLYING)
    assert np.all(res.personal[rows, 0])
    assert help_seeking.personal_support(0.9) > help_seeking.personal_support(0.1) > 0
    assert np.all(res.linking[rows] > links[rows])


# --- procedures ----------------------------------------------------------------------------
def test_rule_burden_adds_steps_and_difficulty():
    light, heavy = params(rule_burden=0.1), params(rule_burden=0.9)
    assert procedures.steps_per_agency(heavy) > procedures.steps_per_agency(light)
    assert procedures.step_difficulty(heavy) > procedures.step_difficulty(light)


def test_low_capacity_households_fail_and_give_up_more(model):
    res = model.residents
    p = params(rule_burden=0.8)
    clear(res)
    res.status[:, 0] = APPLYING
    low = np.arange(res.n) < res.n // 2
    res.capacity[:] = np.where(low, 0.1, 0.9)
    needed = np.full(5, 100, dtype=np.int16)
    quit_rows = procedures.attempt_steps(res, p, rng(3), 0, needed, 100)
    assert np.isin(quit_rows, np.nonzero(low)[0]).mean() > 0.8
    assert res.step[~low, 0].mean() > 2 * res.step[low, 0].mean()


def test_support_raises_the_pass_chance(model):
    res = model.residents
    p = params()
    clear(res)
    res.status[:, 0] = APPLYING
    res.capacity[:] = 0.3
    half = res.n // 2
    res.support[:half, 0] = 0.5
    needed = np.full(5, 100, dtype=np.int16)
    procedures.attempt_steps(res, p, rng(4), 0, needed, 100)
    assert res.step[:half, 0].mean() > res.step[half:, 0].mean() + 0.2


def test_finished_procedures_join_the_queue(model):
    res = model.residents
    p = params()
    clear(res)
    res.status[:, 0] = APPLYING
    res.capacity[:] = 1.0
    res.support[:, 0] = 1.0
    needed = np.full(5, 1, dtype=np.int16)
    procedures.attempt_steps(res, p, rng(5), 7, needed, 1)
    waiting = res.status[:, 0] == WAITING
    assert waiting.mean() > 0.9 and np.all(res.queued_at[waiting, 0] == 7)


# --- discretion -----------------------------------------------------------------------------
def _refusal_rate(model, personal, coping):
    res = model.residents
    p = params(rule_burden=1.0, eligibility_error=0.5)
    clear(res)
    rows = np.arange(res.n)
    cols = np.zeros(res.n, dtype=int)
    res.status[rows, cols] = WAITING
    res.entitled[rows, cols] = True
    res.personal[rows, cols] = personal
    granted = discretion.decide(
        res, p, rng(6), 0, Ledger(), rows, cols, np.full(res.n, coping), 1.0
    )
    return 1 - granted.mean()


def test_personal_contact_and_coping_towards_clients_prevent_false_refusals(model):
    base = _refusal_rate(model, False, 0.0)
    assert 0.35 < base < 0.65
    assert _refusal_rate(model, True, 0.0) < 0.7 * base
    assert _refusal_rate(model, False, 0.8) < 0.4 * base


def test_rules_crowd_out_discretion():
    assert discretion.allowed_discretion(params(rule_burden=0.9)) < discretion.allowed_discretion(
        params(rule_burden=0.1)
    )


def test_granted_help_is_booked_as_take_up(model):
    res = model.residents
    p = params(rule_burden=0.0)
    clear(res)
    rows = np.arange(20)
    cols = np.zeros(20, dtype=int)
    res.status[rows, cols] = WAITING
    res.entitled[rows, cols] = True
    res.counted[rows, cols] = False
    res.onset[rows, cols] = 0
    led = Ledger()
    granted = discretion.decide(res, p, rng(), 5, led, rows, cols, np.zeros(20), 1.0)
    assert granted.all() and np.all(res.status[rows, cols] == HELPED)
    assert led.take_up_helped.sum() == 20 and led.weeks_to_help.sum() == 100


# --- trust ----------------------------------------------------------------------------------------
def test_trust_moves_towards_experience(model):
    res = model.residents
    res.trust[:] = 0.5
    rows = np.arange(10)
    trust.experience(res, rows, 1.0, 0.2)
    assert np.allclose(res.trust[:10], 0.6)
    trust.experience(res, rows, 0.0, 0.2)
    assert np.allclose(res.trust[:10], 0.48)


def test_trust_spreads_within_blocks(model):
    res = model.residents
    p = params(trust_spread=0.5)
    res.trust[:] = 0.5
    first = model.block_members[0]
    res.trust[first[0]] = 1.0
    res.bonding[:] = 5.0
    before = res.trust[first].std()
    trust.spread(res, p, model.block_sizes)
    assert res.trust[first].std() < before


# --- ties ----------------------------------------------------------------------------------------
def test_connect_makes_bonding_within_and_bridging_across_groups(model):
    res = model.residents
    rows = np.arange(res.n)
    b0, r0 = res.bonding.copy(), res.bridging.copy()
    ties.connect(res, rows, 0, 1.0)
    same = res.group == 0
    assert np.allclose(res.bonding[same] - b0[same], 1.0)
    assert np.allclose(res.bridging[~same] - r0[~same], 1.0)
    assert np.allclose(res.bonding[~same], b0[~same])


def test_ties_fade_without_contact(model):
    res = model.residents
    p = params(tie_decay=0.5)
    res.linking[:] = 2.0
    ties.form_and_fade(res, p, 0.5)
    assert np.allclose(res.linking, 1.0)


def test_collective_efficacy_rises_with_ties(model):
    res = model.residents
    res.bonding[:] = 0.1
    low = ties.collective_efficacy(res)
    res.bonding[:] = 5.0
    assert ties.collective_efficacy(res) > low


# --- workers -------------------------------------------------------------------------------------
def test_burnout_rises_with_workload_and_red_tape_and_meaning_helps():
    light, heavy = params(rule_burden=0.1), params(rule_burden=0.9)
    assert burnout.update(0.2, 0.5, heavy, 0.2) > burnout.update(0.2, 0.5, light, 0.2)
    assert burnout.update(0.2, 1.5, light, 0.2) > burnout.update(0.2, 0.0, light, 0.2)
    assert burnout.update(0.5, 0.5, light, 0.9) < burnout.update(0.5, 0.5, light, 0.0)
    assert burnout.leave_chance(0.9, light) > burnout.leave_chance(0.1, light)


def test_learning_needs_exposure_and_the_lever():
    p = params(professional_learning=1.0)
    assert learning.learn(0.2, 1.0, p) > 0.2
    assert learning.learn(0.2, 0.0, p) == 0.2
    assert learning.learn(0.2, 1.0, params(professional_learning=0.0)) == 0.2


def test_training_stops_at_its_ceiling():
    p = params(training=1.0, training_ceiling=0.1)
    e = 0.5
    for _ in range(2000):
        e = training.train(e, 0.5, p)
    assert 0.59 < e <= 0.6


def test_scouting_finds_only_with_effort_and_latent_people():
    p = params(scouting=1.0)
    assert scouting.found(rng(), params(scouting=0.0), 5, 20, 2000) == 0
    assert scouting.found(rng(), p, 5, 0, 2000) == 0
    total = sum(scouting.found(rng(i), p, 5, 20, 2000) for i in range(200))
    assert 0.05 * 200 < total < 0.2 * 200


# --- best persons ----------------------------------------------------------------------
def test_freedom_lifts_restriction_and_reporting():
    bound, free = params(freedom_of_movement=0.0), params(freedom_of_movement=1.0)
    assert freedom.restriction(free) == 0.0 < freedom.restriction(bound)
    assert freedom.hours_for_households(10, free) > freedom.hours_for_households(10, bound)


def test_restriction_drains_energy_and_success_restores_it():
    p = params()
    assert energy.update(0.8, p, 0.9, 1.0, 0, 0) < energy.update(0.8, p, 0.1, 1.0, 0, 0)
    assert energy.update(0.8, p, 0.5, 1.0, 0, 10) > energy.update(0.8, p, 0.5, 1.0, 0, 0)
    assert energy.update(0.8, p, 0.9, 1.0, 10, 0) > energy.update(0.8, p, 0.9, 1.0, 0, 0)


def test_everyday_doer_notices_helps_and_connects(model):
    res = model.residents
    p = params(freedom_of_movement=1.0)
    clear(res)
    reach = model.block_members[0]
    res.status[reach, 4] = OPEN
    res.severity[reach, 4] = 0.3
    res.awareness[reach] = 0.1
    ties0 = (res.bonding + res.bridging)[reach].sum()
    led = Ledger()
    helped = informal_help.visit(res, p, rng(), 0, led, reach, 40.0, 0.9, 0)
    assert helped > 0
    assert res.awareness[reach].max() > 0.1
    assert (res.bonding + res.bridging)[reach].sum() > ties0
    assert (res.status[reach, 4] == NONE).any() and (res.status[reach, 4] == APPLYING).any()


def test_frontline_best_person_cuts_through_only_when_free(model):
    res = model.residents
    outcomes = []
    for f in (0.0, 1.0):
        p = params(freedom_of_movement=f)
        clear(res)
        res.status[:50, 0] = APPLYING
        domains = np.array([0])
        cutting_through.work_cases(
            res, p, rng(), 0, Ledger(), domains, 40.0, 0.9, freedom.restriction(p)
        )
        outcomes.append((res.status[:50, 0] == HELPED).sum())
    assert outcomes[0] == 0 < outcomes[1]


def test_initiative_solves_problems_in_its_domain(model):
    res = model.residents
    p = params(freedom_of_movement=0.0)
    clear(res)
    reach = np.arange(100)
    res.status[reach, 1] = OPEN
    res.status[reach, 2] = OPEN
    initiatives.run_initiative(res, p, rng(), 0, Ledger(), reach, 1, 40.0, 0.9, 0, 0.5)
    assert (res.status[reach, 1] == NONE).any()
    assert not (res.status[reach, 2] == NONE).any()  # bound to its domain
    assert initiatives.application_hours(params(rule_burden=0.9)) > initiatives.application_hours(
        params(rule_burden=0.1)
    )


def test_bridge_builder_refers_warmly_and_coordinates(model):
    res = model.residents
    p = params(freedom_of_movement=1.0)
    clear(res)
    reach = np.arange(60)
    res.status[reach, 0] = OPEN
    res.status[reach, 1] = OPEN
    link0 = res.linking[reach].copy()
    rows, _ = referrals.refer(res, p, rng(), reach, 30.0, 0)
    assert rows.size > 0 and np.all(res.linking[rows] > link0[np.searchsorted(reach, rows)])
    assert np.all(res.status[rows, 0] == APPLYING)
    plans = referrals.coordinate(res, p, rng(), reach, 40.0)
    assert plans > 0 and res.coordinated[reach].sum() == plans
